//! The minijinja environment of batch bases and file name patterns: its bounds, the `so`
//! filter, and how a unit's values are printed (as text, never markup).

use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};

/// Instructions one template may run per unit: far above any real use, low enough that a
/// runaway loop stops in milliseconds.
const FUEL: u64 = 200_000;

/// `12345` → `12.345`, `47.7` → `47,7`, `-1200.5` with 2 decimals → `-1.200,50`: numbers as
/// Vietnamese documents print them. Text is returned as it is.
pub fn format_so(value: Value, decimals: Option<usize>) -> String {
    let text = match value.kind() {
        ValueKind::Number => match (i64::try_from(value.clone()), decimals) {
            (Ok(n), None) => n.to_string(),
            _ => {
                let f = f64::try_from(value.clone()).unwrap_or(f64::NAN);
                match decimals {
                    // Half away from zero, as people round (121,25 → 121,3), not to even.
                    Some(d) => {
                        let scale = 10f64.powi(d.min(15) as i32);
                        format!("{:.d$}", (f * scale).round() / scale)
                    }
                    None => f.to_string(),
                }
            }
        },
        _ => return value.to_string(),
    };
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{fraction}")
    }
}

/// Around each value a template prints, until [`finish_text`] takes them out: noncharacters,
/// which no text of a unit keeps (the formatter drops them from values).
pub(super) const VALUE_START: char = '\u{FDD0}';
pub(super) const VALUE_END: char = '\u{FDD1}';

/// The environment every base and name pattern is compiled in. A value printed from the data
/// is text, never markup: its `*` are escaped (`\*`), so `6*4*3 m` stays as typed; a base
/// that wants a value's markup says so with `| safe`.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.set_fuel(Some(FUEL));
    env.add_filter("so", format_so);
    env.set_formatter(|out, _state, value| {
        let text = value.to_string();
        if value.is_safe() {
            return out.write_str(&text).map_err(minijinja::Error::from);
        }
        let mut marked = String::with_capacity(text.len() + 8);
        marked.push(VALUE_START);
        for c in text.chars().filter(|c| *c != VALUE_START && *c != VALUE_END) {
            if c == '*' {
                marked.push('\\');
            }
            marked.push(c);
        }
        marked.push(VALUE_END);
        out.write_str(&marked).map_err(minijinja::Error::from)
    });
    env
}

/// A rendered string made final: an empty value between markers (`**{{ x }}**` with `x`
/// empty) takes its markers away, as if the span were not there, and the value marks go.
pub fn finish_text(rendered: &str) -> String {
    let empty = format!("{VALUE_START}{VALUE_END}");
    let mut text = rendered.to_string();
    let mut from = 0;
    while let Some(found) = text[from..].find(&empty) {
        let at = from + found;
        let end = at + empty.len();
        let before = text[..at].bytes().rev().take_while(|&b| b == b'*').count();
        let after = text[end..].bytes().take_while(|&b| b == b'*').count();
        let stars = before.min(after);
        if stars > 0 {
            text.replace_range(end..end + stars, "");
            text.replace_range(at - stars..at, "");
            from = at - stars;
            // `khám **{{ x }}** lượt` reads `khám lượt`, with one space.
            let rest = &text[from + empty.len()..];
            if text[..from].ends_with(' ') && rest.starts_with(' ') {
                text.remove(from + empty.len());
            }
        } else {
            from = end;
        }
    }
    text.chars()
        .filter(|c| *c != VALUE_START && *c != VALUE_END)
        .collect()
}

/// A minijinja error in Vietnamese, for the kinds a clerk can meet.
pub fn eval_message(e: &minijinja::Error) -> String {
    let what = match e.kind() {
        ErrorKind::UndefinedError => "dùng một biến hoặc thuộc tính không có trong dữ liệu",
        ErrorKind::SyntaxError => "sai cú pháp mẫu",
        ErrorKind::InvalidOperation => "phép tính không hợp lệ",
        ErrorKind::OutOfFuel => "biểu thức chạy quá lâu (vòng lặp quá lớn?)",
        ErrorKind::UnknownFilter => "bộ lọc không có",
        ErrorKind::UnknownFunction => "hàm không có",
        ErrorKind::UnknownMethod => "phương thức không có",
        ErrorKind::TooManyArguments | ErrorKind::MissingArgument => "sai số tham số",
        _ => return e.to_string(),
    };
    match e.detail() {
        Some(d) => format!("{what} ({d})"),
        None => what.to_string(),
    }
}
