//! Fix-it hints for the YAML traps a clerk hits (contract, "YAML traps").

use crate::diag::Diag;

/// The valid key closest to a mistyped one, if any is close enough to be a likely typo.
pub fn closest<'a>(typed: &str, valid: &[&'a str]) -> Option<&'a str> {
    valid
        .iter()
        .map(|v| (strsim::jaro_winkler(typed, v), *v))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v)| v)
}

/// Whether a typed key looks like a mistyped key (`trich yeu`, `Trich_Yeu`) rather than a
/// sentence: short, ASCII, at most two words.
pub fn is_key_like(typed: &str) -> bool {
    typed.is_ascii() && typed.len() <= 30 && typed.split_whitespace().count() <= 2
}

/// serde's name of an unexpected value, in Vietnamese.
pub fn kind(unexpected: &str) -> String {
    let k = if unexpected.starts_with("map") {
        "một bảng khóa (mapping)"
    } else if unexpected.starts_with("sequence") {
        "một danh sách"
    } else if unexpected.starts_with("string") {
        "một chuỗi"
    } else if unexpected.starts_with("integer") || unexpected.starts_with("floating") {
        "một số"
    } else if unexpected.starts_with("boolean") {
        "giá trị đúng/sai"
    } else if unexpected.starts_with("unit") || unexpected == "null" {
        "giá trị trống"
    } else {
        return unexpected.to_owned();
    };
    k.to_owned()
}

/// Adds, when the error sits on a line that shows one of the known traps, a hint that says
/// how to rewrite that line. Leaves a hint already given in place.
pub fn add_trap_hint(diag: Diag, src: &str) -> Diag {
    if diag.hint.is_some() {
        return diag;
    }
    let line_no = diag.pos.line;
    // Inside a flow list (`[a, *b*, c]`) the culprit is the item at the error's column.
    if let Some(line) = crate::diag::source_line(src, line_no) {
        let col = diag.pos.col.saturating_sub(1);
        let in_flow = line.chars().take(col).any(|c| c == '[' || c == '{');
        let item: String = line
            .chars()
            .skip(col)
            .take_while(|c| !in_flow || !",]}".contains(*c))
            .collect();
        if let Some(hint) = special_start(item.trim()) {
            return diag.with_hint(hint);
        }
    }
    // A syntax error is often reported on the line after the cause: look at both.
    let candidates = [line_no, line_no.saturating_sub(1)];
    for n in candidates {
        let Some(line) = crate::diag::source_line(src, n) else {
            continue;
        };
        if let Some(hint) = trap_hint(line) {
            return diag.with_hint(hint);
        }
    }
    diag
}

fn trap_hint(line: &str) -> Option<String> {
    if line.starts_with('\t') || line.trim_start_matches(' ').starts_with('\t') {
        return Some("YAML không cho thụt lề bằng phím Tab: thay Tab bằng dấu cách".into());
    }
    let trimmed = line.trim_start().trim_start_matches("- ");
    // The value after `key: ` (or the whole list item).
    let value = match trimmed.split_once(": ") {
        Some((key, v)) if !key.contains(' ') || key.starts_with('-') => v.trim(),
        _ => trimmed.trim(),
    };
    if value.starts_with(['"', '\'', '|', '>']) {
        return None;
    }
    if value.ends_with(':') || value.contains(": ") {
        return Some(format!(
            "giá trị có dấu hai chấm (`:`) phải đặt trong ngoặc kép: \"{}\" (hoặc viết dạng khối `|`)",
            value.replace('"', "\\\"")
        ));
    }
    special_start(value)
}

/// A value starting with a character YAML reserves (`*` alias, `&` anchor, `!` tag, ...).
fn special_start(value: &str) -> Option<String> {
    let c = value.chars().next().filter(|c| "*&!%@`[{".contains(*c))?;
    Some(format!(
        "giá trị bắt đầu bằng `{c}` phải đặt trong ngoặc kép: \"{}\"",
        value.replace('"', "\\\"")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        assert_eq!(
            closest("trich_yue", &["trich_yeu", "mo_dau"]),
            Some("trich_yeu")
        );
        assert_eq!(closest("zzz", &["trich_yeu", "mo_dau"]), None);
    }

    #[test]
    fn recognises_the_colon_trap() {
        let h = trap_hint("mo_dau: Sở Y tế xây dựng Kế hoạch như sau:").unwrap();
        assert!(h.contains("ngoặc kép"), "{h}");
        assert!(trap_hint("mo_dau: \"như sau:\"").is_none());
    }

    #[test]
    fn points_at_the_item_of_a_flow_list() {
        let src = "dong:\n  - [\"5\", Sơ kết, **Sở Y tế**, Tháng 12]\n";
        let line = src.lines().nth(1).unwrap();
        let col = line[..line.find("**").unwrap()].chars().count() + 1;
        let d = add_trap_hint(Diag::error(crate::diag::Pos { line: 2, col }, "x"), src);
        assert!(d.hint.unwrap().contains("\"**Sở Y tế**\""));
    }

    #[test]
    fn recognises_tabs_and_leading_star() {
        assert!(trap_hint("\tten: SỞ Y TẾ").unwrap().contains("Tab"));
        assert!(trap_hint("  - *Ghi chú* in nghiêng").unwrap().contains('*'));
    }
}
