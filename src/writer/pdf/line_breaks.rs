//! Where lines may break. Word and LibreOffice break only at spaces and after hyphens and
//! dashes; typst follows Unicode (UAX #14), which also breaks after a slash (`27/CT-TTg`)
//! and never after a hyphen before a digit (`2020-2025`). A word holding either is cut into
//! pieces that end after each hyphen, and each piece is boxed in typst: a box is never broken
//! inside, and a line may break between two boxes. Everything else stays plain text.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub text: String,
    /// Keep whole (a box in typst).
    pub keep: bool,
}

const BREAK_AFTER: [char; 3] = ['-', '–', '—'];

/// Whether typst would break `word` where Word would not, or the other way round.
fn needs_boxes(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    word.contains('/') || chars.windows(2).any(|w| BREAK_AFTER.contains(&w[0]) && w[1].is_ascii_digit())
}

pub fn parts(text: &str) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    let push_plain = |out: &mut Vec<Part>, s: &str| match out.last_mut() {
        Some(last) if !last.keep => last.text.push_str(s),
        _ => out.push(Part { text: s.to_string(), keep: false }),
    };
    for piece in text.split_inclusive(' ') {
        let (word, space) = match piece.strip_suffix(' ') {
            Some(w) => (w, " "),
            None => (piece, ""),
        };
        if needs_boxes(word) {
            let mut start = 0;
            for (i, c) in word.char_indices() {
                if BREAK_AFTER.contains(&c) {
                    let end = i + c.len_utf8();
                    out.push(Part { text: word[start..end].to_string(), keep: true });
                    start = end;
                }
            }
            if start < word.len() {
                out.push(Part { text: word[start..].to_string(), keep: true });
            }
            if !space.is_empty() {
                push_plain(&mut out, space);
            }
        } else {
            push_plain(&mut out, piece);
        }
    }
    out
}

fn parts_value(text: &str) -> Value {
    serde_json::to_value(parts(text)).expect("parts serialise")
}

/// Adds the parts of every text that may wrap over several lines to the serialised document
/// tree: `parts` beside the `text` of runs and headings, `trich_yeu_parts` in the title,
/// `noi_nhan_parts` in the signature.
pub fn add_parts(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let is_run = map.contains_key("bold") && map.contains_key("italic");
            let is_heading = map.contains_key("number");
            if is_run || is_heading {
                if let Some(Value::String(t)) = map.get("text") {
                    let p = parts_value(t);
                    map.insert("parts".into(), p);
                }
            }
            if let Some(Value::String(t)) = map.get("trich_yeu") {
                let p = parts_value(t);
                map.insert("trich_yeu_parts".into(), p);
            }
            if let Some(Value::Array(items)) = map.get("noi_nhan") {
                let p = items.iter().map(|i| parts_value(i.as_str().unwrap_or_default())).collect();
                map.insert("noi_nhan_parts".into(), Value::Array(p));
            }
            map.values_mut().for_each(add_parts);
        }
        Value::Array(items) => items.iter_mut().for_each(add_parts),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        parts(s).iter().map(|p| if p.keep { format!("[{}]", p.text) } else { p.text.clone() }).collect()
    }

    #[test]
    fn boxes_only_words_that_break_differently() {
        assert_eq!(show("Chỉ thị số 27/CT-TTg ngày 08/9/2016."), "Chỉ thị số [27/CT-][TTg] ngày [08/9/2016.]");
        assert_eq!(show("nhiệm kỳ 2020-2025, tiến tới"), "nhiệm kỳ [2020-][2025,] tiến tới");
        assert_eq!(show("Tổ chức - Hành chính KH-SYT"), "Tổ chức - Hành chính KH-SYT");
        assert_eq!(show("Số:      /KH-SYT"), "Số:      [/KH-][SYT]");
    }

    #[test]
    fn keeps_every_character() {
        for s in ["a/b-1 c", "  x  ", "-1", "/", "a--2", "(19/CT-TTg);"] {
            assert_eq!(parts(s).iter().map(|p| p.text.as_str()).collect::<String>(), s);
        }
    }
}
