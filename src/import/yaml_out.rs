//! YAML written as a clerk writes it (the editor's `yaml.js` writes the same way): keys in the
//! document's order, block style, short lists of words and table rows on one line, several
//! lines of text as a `|` block, quotes only where YAML needs them.

/// A YAML value with its keys in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Chu(String),
    So(u64),
    /// A measure with one decimal at most (a column's width in millimetres).
    SoThuc(f64),
    Co(bool),
    DanhSach(Vec<Yaml>),
    Bang(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn chu(s: impl Into<String>) -> Yaml {
        Yaml::Chu(s.into())
    }

    pub fn bang(entries: Vec<(&str, Yaml)>) -> Yaml {
        Yaml::Bang(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    fn scalar(&self) -> bool {
        matches!(self, Yaml::Chu(_) | Yaml::So(_) | Yaml::SoThuc(_) | Yaml::Co(_))
    }
}

fn needs_quotes(s: &str, flow: bool) -> bool {
    let first = s.chars().next();
    let indicator = first.is_some_and(|c| c.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`".contains(c));
    let control = s.chars().any(|c| c.is_control() || c == '\u{feff}');
    let number_like = {
        let t = s.trim_start_matches(['-', '+']);
        !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | 'e' | 'E' | '-' | '+')) && t.chars().any(|c| c.is_ascii_digit())
            && !s.contains("--") && s.matches('-').count() <= 1 && !t.contains('-')
    };
    let word = ["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", ".nan"].contains(&s.to_lowercase().as_str());
    s.is_empty()
        || indicator
        || control
        || s.ends_with(char::is_whitespace)
        || s.contains(": ")
        || s.ends_with(':')
        || s.contains(" #")
        || (flow && s.contains([',', '[', ']', '{', '}']))
        || word
        || number_like
        || s.to_lowercase().starts_with("0x")
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn scalar(v: &Yaml, flow: bool) -> String {
    match v {
        Yaml::So(n) => n.to_string(),
        Yaml::SoThuc(x) if (x - x.round()).abs() < 0.05 => format!("{}", x.round()),
        Yaml::SoThuc(x) => format!("{x:.1}"),
        Yaml::Co(b) => b.to_string(),
        Yaml::Chu(s) if needs_quotes(s, flow) => quote(s),
        Yaml::Chu(s) => s.clone(),
        _ => String::new(),
    }
}

/// A text of several lines a `|` block keeps exactly.
fn literal(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t'])
        && !s.contains(" \n")
        && !s.ends_with([' ', '\t'])
        && !s.contains('\r')
        && !s.chars().any(|c| c.is_control() && c != '\n')
        && !s.ends_with("\n\n")
}

fn flow(items: &[Yaml]) -> Option<String> {
    // Short words and codes on one line (`[VT, TCHC]`); sentences (ending in a stop) one per
    // line.
    let short = |i: &Yaml| {
        matches!(i, Yaml::So(_) | Yaml::SoThuc(_) | Yaml::Co(_))
            || matches!(i, Yaml::Chu(s) if s.chars().count() <= 30 && !s.contains('\n') && !s.ends_with(['.', ';', ':', '!', '?']))
    };
    if !items.iter().all(|i| i.scalar() && short(i)) {
        return None;
    }
    let text = format!("[{}]", items.iter().map(|i| scalar(i, true)).collect::<Vec<_>>().join(", "));
    (text.chars().count() <= 72).then_some(text)
}

/// A small map of short values on one line: `{ten: STT, rong: 12}`, `{noi_dung: Tổng, gop_cot: 2}`.
fn flow_map(entries: &[(String, Yaml)]) -> Option<String> {
    if !entries.iter().all(|(_, v)| v.scalar() && !matches!(v, Yaml::Chu(s) if s.contains('\n'))) {
        return None;
    }
    let text = format!("{{{}}}", entries.iter().map(|(k, v)| format!("{k}: {}", scalar(v, true))).collect::<Vec<_>>().join(", "));
    (text.chars().count() <= 60).then_some(text)
}

fn value(prefix: &str, v: &Yaml, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent + 2);
    match v {
        Yaml::Chu(s) if literal(s) => {
            out.push(format!("{prefix} {}", if s.ends_with('\n') { "|" } else { "|-" }));
            for line in s.trim_end_matches('\n').split('\n') {
                out.push(if line.is_empty() { String::new() } else { format!("{pad}{line}") });
            }
        }
        Yaml::Chu(_) | Yaml::So(_) | Yaml::SoThuc(_) | Yaml::Co(_) => out.push(format!("{prefix} {}", scalar(v, false))),
        Yaml::DanhSach(items) => match (items.is_empty(), flow(items)) {
            (true, _) => out.push(format!("{prefix} []")),
            (false, Some(f)) => out.push(format!("{prefix} {f}")),
            (false, None) => {
                out.push(prefix.to_string());
                for item in items {
                    seq_item(item, indent + 2, out);
                }
            }
        },
        Yaml::Bang(entries) if entries.is_empty() => out.push(format!("{prefix} {{}}")),
        Yaml::Bang(entries) => {
            out.push(prefix.to_string());
            map(entries, indent + 2, out);
        }
    }
}

/// A table cell within a row on one line: a value, or a merged cell's small map.
fn flow_cell(c: &Yaml) -> Option<String> {
    match c {
        Yaml::Bang(entries) => flow_map(entries),
        _ if c.scalar() => Some(scalar(c, true)),
        _ => None,
    }
}

fn seq_item(item: &Yaml, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    match item {
        Yaml::Bang(entries) if entries.len() > 1 && let Some(f) = flow_map(entries) => out.push(format!("{pad}- {f}")),
        Yaml::Bang(entries) if !entries.is_empty() => {
            for (i, (k, v)) in entries.iter().enumerate() {
                let prefix = if i == 0 { format!("{pad}- {k}:") } else { format!("{pad}  {k}:") };
                value(&prefix, v, indent + 2, out);
            }
        }
        // A table's row on one line, however long: a row reads as a row.
        Yaml::DanhSach(cells) if !cells.is_empty() && let Some(row) = cells.iter().map(flow_cell).collect::<Option<Vec<_>>>() => {
            out.push(format!("{pad}- [{}]", row.join(", ")));
        }
        _ => value(&format!("{pad}-"), item, indent, out),
    }
}

fn map(entries: &[(String, Yaml)], indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    for (k, v) in entries {
        value(&format!("{pad}{k}:"), v, indent, out);
    }
}

/// The whole document, after a comment saying where it came from.
pub fn to_yaml(doc: &[(String, Yaml)], header: &str) -> String {
    let mut out = Vec::new();
    map(doc, 0, &mut out);
    format!("{header}{}\n", out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_as_a_clerk_writes() {
        let doc = vec![
            ("loai".to_string(), Yaml::chu("ke-hoach")),
            ("so".to_string(), Yaml::chu("07")),
            ("trich_yeu".to_string(), Yaml::chu("Về việc: tiêm chủng")),
            ("luu".to_string(), Yaml::DanhSach(vec![Yaml::chu("VT"), Yaml::chu("TCHC")])),
            ("noi_dung".to_string(), Yaml::DanhSach(vec![
                Yaml::bang(vec![("tieu_de", Yaml::chu("Giám sát")), ("noi_dung", Yaml::DanhSach(vec![Yaml::chu("**Đậm** và thường"), Yaml::chu("a\nb")]))]),
                Yaml::bang(vec![("bang", Yaml::bang(vec![("cot", Yaml::DanhSach(vec![Yaml::chu("TT"), Yaml::chu("Tên")])), ("dong", Yaml::DanhSach(vec![Yaml::DanhSach(vec![Yaml::chu("1"), Yaml::chu("375,0")])]))]))]),
            ])),
        ];
        let text = to_yaml(&doc, "");
        assert_eq!(
            text,
            "loai: ke-hoach\nso: \"07\"\ntrich_yeu: \"Về việc: tiêm chủng\"\nluu: [VT, TCHC]\nnoi_dung:\n  - tieu_de: Giám sát\n    noi_dung:\n      - \"**Đậm** và thường\"\n      - |-\n        a\n        b\n  - bang:\n      cot: [TT, Tên]\n      dong:\n        - [\"1\", \"375,0\"]\n"
        );
        let back: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(back["so"], "07");
        assert_eq!(back["noi_dung"][1]["bang"]["dong"][0][1], "375,0");
        assert_eq!(back["noi_dung"][0]["noi_dung"][1], "a\nb");
        assert_eq!(back["ngay"], serde_json::Value::Null);
    }
}
