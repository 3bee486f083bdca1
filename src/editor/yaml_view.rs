//! The YAML text as the form sees it: the same document as JSON, keys in the order the clerk
//! wrote them (a `serde_json::Value` would sort them), and where each value starts, so that an
//! error found at a line of the text can be shown beside its field.
//!
//! Built from the parser's events, not from a deserialized value: the order and the lines come
//! with the events. Anchors and aliases are refused here (the form could not show a value
//! shared by two places); the text pane still takes them, and `vbhc render` too.

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

/// One value's place: its key path (`noi_nhan.2`, `noi_dung.0.tieu_de`) and its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cho {
    pub duong_dan: String,
    pub dong: usize,
}

/// The document for the form, or why the form cannot show it.
#[derive(Debug)]
pub struct YamlView {
    /// The JSON text, keys in the file's order.
    pub json: String,
    /// Every value's place, in the order of the file.
    pub cho: Vec<Cho>,
}

/// Why the form cannot show a text (the check's own errors say what is wrong with it).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ViewError {
    #[error("tệp YAML chưa đúng cú pháp; sửa ở ô văn bản YAML")]
    CuPhap,
    #[error("tệp dùng neo và bí danh YAML (& và *), biểu mẫu không hiển thị được; sửa ở ô văn bản YAML")]
    BiDanh,
    #[error("văn bản phải là một bảng khóa: giá trị (loai: ..., trich_yeu: ...)")]
    KhongPhaiBang,
}

enum Frame {
    /// A mapping: the key waiting for its value, if one was read.
    Map { key: Option<(String, usize)>, first: bool },
    /// A sequence: the index of the next item.
    Seq { next: usize },
}

/// The JSON and the places of a YAML document.
pub fn view(src: &str) -> Result<YamlView, ViewError> {
    let mut json = String::with_capacity(src.len() + src.len() / 4);
    let mut cho = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut top_level_seen = false;
    for event in Parser::new_from_str(src) {
        let (event, span) = event.map_err(|_| ViewError::CuPhap)?;
        let line = span.start.line();
        match event {
            Event::Alias(_) | Event::UnresolvedAlias(_) => return Err(ViewError::BiDanh),
            Event::Scalar(text, style, anchor, _) => {
                if anchor != 0 {
                    return Err(ViewError::BiDanh);
                }
                // A mapping's key: remembered until its value comes.
                if let Some(Frame::Map { key: key @ None, first }) = stack.last_mut() {
                    if !*first {
                        json.push(',');
                    }
                    *first = false;
                    json.push_str(&Value::String(text.to_string()).to_string());
                    json.push(':');
                    *key = Some((text.into_owned(), line));
                    continue;
                }
                if stack.is_empty() {
                    return Err(ViewError::KhongPhaiBang);
                }
                let line = enter(&mut stack, &mut path, &mut json).unwrap_or(line);
                cho.push(place(&path, line));
                json.push_str(&scalar(&text, style).to_string());
                leave(&mut stack, &mut path);
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if anchor != 0 {
                    return Err(ViewError::BiDanh);
                }
                let is_map = matches!(event, Event::MappingStart(..));
                // A list or a table as a key (`? [a, b]: x`): not a document vbhc reads.
                if let Some(Frame::Map { key: None, .. }) = stack.last() {
                    return Err(ViewError::CuPhap);
                }
                if stack.is_empty() {
                    if !is_map || top_level_seen {
                        return Err(ViewError::KhongPhaiBang);
                    }
                    top_level_seen = true;
                } else {
                    let line = enter(&mut stack, &mut path, &mut json).unwrap_or(line);
                    cho.push(place(&path, line));
                }
                if is_map {
                    json.push('{');
                    stack.push(Frame::Map { key: None, first: true });
                } else {
                    json.push('[');
                    stack.push(Frame::Seq { next: 0 });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                json.push(if matches!(event, Event::MappingEnd) { '}' } else { ']' });
                stack.pop();
                if !stack.is_empty() {
                    leave(&mut stack, &mut path);
                }
            }
            _ => {}
        }
    }
    if !top_level_seen {
        return Err(ViewError::KhongPhaiBang);
    }
    Ok(YamlView { json, cho })
}

/// A value starts inside the innermost container: its key or index joins the path. A value
/// of a key is placed at its key's line (a list under `noi_nhan:` starts a line below).
fn enter(stack: &mut [Frame], path: &mut Vec<String>, json: &mut String) -> Option<usize> {
    match stack.last_mut() {
        Some(Frame::Map { key, .. }) => {
            let (name, line) = key.clone().unwrap_or_default();
            path.push(name);
            Some(line)
        }
        Some(Frame::Seq { next }) => {
            if *next > 0 {
                json.push(',');
            }
            path.push(next.to_string());
            None
        }
        None => None,
    }
}

/// A value ended: its key or index leaves the path, and the container waits for the next.
fn leave(stack: &mut [Frame], path: &mut Vec<String>) {
    path.pop();
    match stack.last_mut() {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { next }) => *next += 1,
        None => {}
    }
}

fn place(path: &[String], dong: usize) -> Cho {
    Cho {
        duong_dan: path.join("."),
        dong,
    }
}

/// A scalar as the form shows it: a plain `12` is a number, `true` a yes, `~` nothing, and
/// anything quoted or written as a block stays text (YAML 1.2's core schema).
fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let numeric = text
        .trim_start_matches(['-', '+'])
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && text.chars().any(|c| c.is_ascii_digit());
    // `07`: a number written with its zero (Số 07) stays as the clerk wrote it.
    let zero_led = text.trim_start_matches(['-', '+']).starts_with('0')
        && text.trim_start_matches(['-', '+']).chars().nth(1).is_some_and(|c| c.is_ascii_digit());
    if numeric && !zero_led {
        if let Ok(i) = text.parse::<i64>() {
            return Value::from(i);
        }
        if let Some(n) = text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_string())
}

/// The path of the value an error at `line` concerns: the last value that starts on that line
/// (the innermost), or else the last one before it (a line inside a long text).
pub fn path_at(cho: &[Cho], line: usize) -> Option<&str> {
    let on_line = cho.iter().rev().find(|c| c.dong == line);
    on_line
        .or_else(|| cho.iter().rev().find(|c| c.dong < line))
        .map(|c| c.duong_dan.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_the_keys_and_the_types_of_the_values() {
        let v = view("trich_yeu: Về việc A\nso: 12\nco_quan: {ten: SỞ Y TẾ, viet_tat: SYT}\nluu: [VT, \"12\"]\nngay: 2021-06-30\nso_ban: ~\nky: 07\n").unwrap();
        assert_eq!(
            v.json,
            r#"{"trich_yeu":"Về việc A","so":12,"co_quan":{"ten":"SỞ Y TẾ","viet_tat":"SYT"},"luu":["VT","12"],"ngay":"2021-06-30","so_ban":null,"ky":"07"}"#
        );
        let parsed: Value = serde_json::from_str(&v.json).unwrap();
        assert_eq!(parsed["luu"][1], "12");
    }

    #[test]
    fn places_every_value_by_its_path() {
        let src = "noi_nhan:\n  - Lãnh đạo Sở\n  - Các đơn vị\nnoi_dung:\n  - tieu_de: A\n    noi_dung:\n      - đoạn một\n";
        let v = view(src).unwrap();
        assert_eq!(path_at(&v.cho, 3), Some("noi_nhan.1"));
        assert_eq!(path_at(&v.cho, 5), Some("noi_dung.0.tieu_de"));
        assert_eq!(path_at(&v.cho, 7), Some("noi_dung.0.noi_dung.0"));
        assert_eq!(path_at(&v.cho, 1), Some("noi_nhan"));
    }

    #[test]
    fn refuses_what_the_form_cannot_show() {
        assert_eq!(view("a: &x 1\nb: *x\n").unwrap_err(), ViewError::BiDanh);
        assert_eq!(view("- a\n- b\n").unwrap_err(), ViewError::KhongPhaiBang);
        assert_eq!(view("a: [1, 2\n").unwrap_err(), ViewError::CuPhap);
        assert_eq!(view("").unwrap_err(), ViewError::KhongPhaiBang);
    }

    #[test]
    fn nested_lists_and_empty_collections_are_valid_json() {
        let v = view("bang:\n  cot: [A, B]\n  dong:\n    - [1, x]\n    - []\nphu: {}\n").unwrap();
        let parsed: Value = serde_json::from_str(&v.json).unwrap();
        assert_eq!(parsed["bang"]["dong"][0][1], "x");
        assert_eq!(parsed["bang"]["dong"][1], Value::Array(vec![]));
        assert_eq!(parsed["phu"], Value::Object(Default::default()));
    }
}
