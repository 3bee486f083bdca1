//! Where lines may break. Word and LibreOffice break only at spaces and after hyphens and
//! dashes; typst follows Unicode (UAX #14), which also breaks after a slash (`27/CT-TTg`)
//! and never after a hyphen before a digit (`2020-2025`). A word holding either is cut into
//! pieces that end after each hyphen, and each piece is boxed in typst: a box is never broken
//! inside, and a line may break between two boxes. Everything else stays plain text.
//!
//! LibreOffice also keeps italic text away from the right edge: an italic portion must fit
//! into the line minus a twelfth of its height (`SwTextGuess::Guess`, `nItalic`). Each word of
//! italic text is therefore marked `tail`: typst follows it with that much strong spacing, and
//! the part after it (`undo`) starts with the same width of negative weak spacing. Inside a
//! line the two cancel; where the line breaks, the strong spacing stays at the end of the line
//! and the weak one, now at the start of the next line, is dropped.

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub text: String,
    /// Keep whole (a box in typst).
    pub keep: bool,
    /// A word of italic text that may end a line (see the module comment).
    pub tail: bool,
    /// Follows a `tail`: cancels its reserve.
    pub undo: bool,
    /// A forced line break (`writer/fit.rs`), its text `\n`; typst justifies the line before it,
    /// as Word and LibreOffice do.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub br: bool,
}

const BREAK_AFTER: [char; 3] = ['-', '–', '—'];

/// Whether typst would break `word` where Word would not, or the other way round.
fn needs_boxes(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    word.contains(['/', '?'])
        || chars
            .windows(2)
            .any(|w| BREAK_AFTER.contains(&w[0]) && w[1].is_ascii_digit())
}

pub fn parts(text: &str, italic: bool) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    // A forced line break (`writer/fit.rs`) stays plain text between the parts of its lines.
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Part {
                text: "\n".into(),
                keep: false,
                tail: false,
                undo: false,
                br: true,
            });
        }
        line_parts(line, italic, &mut out);
    }
    mark_undo(&mut out);
    out
}

/// The parts of one line of text, appended to `out`.
fn line_parts(text: &str, italic: bool, out: &mut Vec<Part>) {
    let push_plain = |out: &mut Vec<Part>, s: &str| match out.last_mut() {
        Some(last) if !last.keep && !last.tail && !last.br && !italic => last.text.push_str(s),
        _ => out.push(Part {
            text: s.to_string(),
            keep: false,
            tail: false,
            undo: false,
            br: false,
        }),
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
                    out.push(Part {
                        text: word[start..end].to_string(),
                        keep: true,
                        tail: italic,
                        undo: false,
                        br: false,
                    });
                    start = end;
                }
            }
            if start < word.len() {
                out.push(Part {
                    text: word[start..].to_string(),
                    keep: true,
                    tail: italic,
                    undo: false,
                    br: false,
                });
            }
            if !space.is_empty() {
                push_plain(out, space);
            }
        } else if italic && !word.is_empty() {
            out.push(Part {
                text: word.to_string(),
                keep: false,
                tail: true,
                undo: false,
                br: false,
            });
            if !space.is_empty() {
                push_plain(out, space);
            }
        } else {
            push_plain(out, piece);
        }
    }
}

/// Marks the part after each `tail` as the one that cancels it.
fn mark_undo(parts: &mut [Part]) {
    for i in 1..parts.len() {
        if parts[i - 1].tail {
            parts[i].undo = true;
        }
    }
}

fn parts_value(text: &str, italic: bool) -> Value {
    serde_json::to_value(parts(text, italic)).expect("parts serialise")
}

/// As [`parts_value`], or none when the parts are the text itself (one plain part), as in most
/// runs: typst then inserts the text as it is, and the document's JSON is half the size, which
/// typst decodes, hashes and walks for every document of a batch.
fn parts_if_needed(text: &str, italic: bool) -> Option<Value> {
    let parts = parts(text, italic);
    match parts.as_slice() {
        [p] if !p.keep && !p.tail && !p.undo => None,
        _ => Some(serde_json::to_value(parts).expect("parts serialise")),
    }
}

/// Adds the parts of every text that may wrap over several lines to the serialised document
/// tree: `parts` beside the `text` of runs and headings and `trich_yeu_parts` in the title,
/// each only when it is not the text itself (`blocks.typ` then uses the text); `noi_nhan_parts`
/// in the signature, always.
fn add_parts(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let is_run = map.contains_key("bold") && map.contains_key("italic");
            let is_heading = map.contains_key("number");
            if is_run || is_heading {
                // A run and a heading both say whether they are italic.
                let italic = map.get("italic") == Some(&Value::Bool(true));
                if let Some(Value::String(t)) = map.get("text")
                    && let Some(p) = parts_if_needed(t, italic)
                {
                    map.insert("parts".into(), p);
                }
            }
            if let Some(Value::String(t)) = map.get("trich_yeu")
                && let Some(p) = parts_if_needed(t, false)
            {
                map.insert("trich_yeu_parts".into(), p);
            }
            if let Some(Value::Array(items)) = map.get("noi_nhan") {
                let p = items
                    .iter()
                    .map(|i| parts_value(i.as_str().unwrap_or_default(), false))
                    .collect();
                map.insert("noi_nhan_parts".into(), Value::Array(p));
            }
            map.values_mut().for_each(add_parts);
        }
        Value::Array(items) => {
            items.iter_mut().for_each(add_parts);
            // A run that ends on a `tail` is cancelled by the first part of the next run (which
            // needs its parts for that, even when it is one plain part). Runs only: two headings
            // in a row are two paragraphs, the first one's reserve ends its own line.
            let is_run = |v: &Value| v.get("bold").is_some() && v.get("italic").is_some();
            for i in 1..items.len() {
                if !is_run(&items[i - 1]) || !is_run(&items[i]) {
                    continue;
                }
                let prev_tail = items[i - 1]
                    .get("parts")
                    .and_then(Value::as_array)
                    .and_then(|p| p.last())
                    .is_some_and(|p| p.get("tail") == Some(&Value::Bool(true)));
                if !prev_tail {
                    continue;
                }
                if let Some(Value::String(t)) = items[i].get("text")
                    && items[i].get("parts").is_none()
                {
                    let p = parts_value(t, false);
                    items[i]["parts"] = p;
                }
                if let Some(first) = items[i]
                    .get_mut("parts")
                    .and_then(Value::as_array_mut)
                    .and_then(|p| p.first_mut())
                {
                    first["undo"] = Value::Bool(true);
                }
            }
        }
        _ => {}
    }
}

/// The serialised document tree as `blocks.typ` reads it: the parts of its texts added, then
/// its plain runs and parts written as their text. In this order: `add_parts` reads the
/// flags of neighbouring runs, which `compact` takes away from plain ones.
pub fn prepare(document: &mut Value) {
    add_parts(document);
    compact(document);
}

/// Writes each run that is neither bold nor italic and has no parts, and each part that is
/// neither kept, a tail nor an undo, as its text alone: nearly all are plain, and typst would
/// decode each as a dictionary of three or four keys (a unit's table alone has some 90 of
/// them). `blocks.typ` takes a string as plain text.
fn compact(v: &mut Value) {
    match v {
        Value::Object(map) => {
            // A table cell that merges nothing: its runs alone.
            let merges = |key: &str| map.get(key).and_then(Value::as_u64) != Some(1);
            if map.len() == 4
                && map.contains_key("col")
                && !merges("col_span")
                && !merges("row_span")
                && let Some(mut runs) = map.remove("runs")
            {
                compact(&mut runs);
                *v = runs;
                return;
            }
            let only_false = |flags: &[&str]| {
                map.len() == flags.len() + 1
                    && flags
                        .iter()
                        .all(|f| map.get(*f) == Some(&Value::Bool(false)))
            };
            let plain = only_false(&["bold", "italic"]) || only_false(&["keep", "tail", "undo"]);
            if plain && let Some(Value::String(text)) = map.get_mut("text") {
                *v = Value::String(std::mem::take(text));
                return;
            }
            map.values_mut().for_each(compact);
        }
        Value::Array(items) => items.iter_mut().for_each(compact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        parts(s, false)
            .iter()
            .map(|p| {
                if p.keep {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn italic_words_are_marked_as_line_ends() {
        let p = parts("Căn cứ 27/CT-TTg;", true);
        let shown: Vec<(String, bool, bool)> =
            p.iter().map(|p| (p.text.clone(), p.tail, p.undo)).collect();
        let expected = [
            ("Căn", true, false),
            (" ", false, true),
            ("cứ", true, false),
            (" ", false, true),
            ("27/CT-", true, false),
            ("TTg;", true, true),
        ];
        assert_eq!(shown, expected.map(|(t, a, b)| (t.to_string(), a, b)));
    }

    #[test]
    fn boxes_only_words_that_break_differently() {
        assert_eq!(
            show("Chỉ thị số 27/CT-TTg ngày 08/9/2016."),
            "Chỉ thị số [27/CT-][TTg] ngày [08/9/2016.]"
        );
        assert_eq!(
            show("nhiệm kỳ 2020-2025, tiến tới"),
            "nhiệm kỳ [2020-][2025,] tiến tới"
        );
        assert_eq!(
            show("Tổ chức - Hành chính KH-SYT"),
            "Tổ chức - Hành chính KH-SYT"
        );
        assert_eq!(show("Số:      /KH-SYT"), "Số:      [/KH-][SYT]");
    }

    #[test]
    fn parts_only_where_they_are_not_the_text() {
        let mut runs = serde_json::json!([
            {"text": "Căn cứ", "bold": false, "italic": true},
            {"text": " Luật Y tế", "bold": false, "italic": false},
            {"text": "và Quyết định số 1520/QĐ-SYT", "bold": false, "italic": false},
            {"text": "; như sau", "bold": false, "italic": false},
        ]);
        add_parts(&mut runs);
        // Italic: a part per word, the last one ending a line's reserve.
        assert_eq!(runs[0]["parts"].as_array().unwrap().len(), 3);
        // One plain part, but the italic run before it ends on a `tail`: its parts carry the undo.
        assert_eq!(
            runs[1]["parts"],
            serde_json::json!([{"text": " Luật Y tế", "keep": false, "tail": false, "undo": true}])
        );
        // A slash: boxed pieces.
        assert!(
            runs[2]["parts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["keep"] == true)
        );
        // Plain text alone: no parts, typst uses the text.
        assert!(runs[3].get("parts").is_none(), "{}", runs[3]);

        let mut title =
            serde_json::json!({"ten_loai": "KẾ HOẠCH", "trich_yeu": "Phòng chống dịch"});
        add_parts(&mut title);
        assert!(title.get("trich_yeu_parts").is_none());
        let mut title =
            serde_json::json!({"ten_loai": "KẾ HOẠCH", "trich_yeu": "Giai đoạn 2021-2025"});
        add_parts(&mut title);
        assert!(title.get("trich_yeu_parts").is_some());
    }

    #[test]
    fn a_heading_after_an_italic_heading_keeps_its_place() {
        use serde_json::json;
        let heading = |n: &str, t: &str| json!({"block": "heading", "level": 5, "number": n, "text": t, "italic": true});
        let mut blocks = json!([heading("1.1.1.1.", "Một hai"), heading("1.1.1.2.", "Ba bốn")]);
        add_parts(&mut blocks);
        assert_eq!(blocks[1]["parts"][0]["undo"], json!(false), "{}", blocks[1]);
    }

    #[test]
    fn keeps_every_character() {
        for s in ["a/b-1 c", "  x  ", "-1", "/", "a--2", "(19/CT-TTg);"] {
            for italic in [false, true] {
                assert_eq!(
                    parts(s, italic)
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<String>(),
                    s
                );
            }
        }
    }

    #[test]
    fn plain_runs_and_parts_go_to_typst_as_their_text() {
        use serde_json::json;
        let run = |text: &str, bold: bool, italic: bool| json!({"text": text, "bold": bold, "italic": italic});
        let mut doc = json!({"blocks": [{"block": "paragraph", "runs": [
            run("Căn cứ", false, true),
            run(" Công văn 1520/SYT-NVY ngày", false, false),
            run(" và ", false, false),
            run("10.000", true, false),
        ]}]});
        prepare(&mut doc);
        let runs = &doc["blocks"][0]["runs"];
        // The italic run keeps its flags and its parts, each a tail or an undo.
        assert_eq!(runs[0]["italic"], json!(true));
        assert_eq!(runs[0]["parts"][0]["tail"], json!(true));
        // A plain run with kept parts stays a run: its first part cancels the italic tail
        // before it, its kept parts stay parts, and its last, plain part is a string.
        assert_eq!(runs[1]["parts"][0]["undo"], json!(true));
        assert_eq!(runs[1]["parts"][1]["keep"], json!(true));
        assert_eq!(runs[1]["parts"][1]["text"], json!("1520/SYT-"));
        assert_eq!(runs[1]["parts"][3], json!(" ngày"));
        // A plain run with no parts is its text; a bold one stays a run.
        assert_eq!(runs[2], json!(" và "));
        assert_eq!(runs[3], run("10.000", true, false));
        assert_eq!(doc["blocks"][0]["block"], json!("paragraph"));
    }
}
