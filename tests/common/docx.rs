//! Reads a DOCX back for the tests: the XML parts, and the paragraphs with their style and text.

use std::collections::HashMap;
use std::io::Read;

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub struct Docx {
    pub parts: HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Para {
    pub style: Option<String>,
    pub text: String,
}

impl Docx {
    pub fn read(path: &std::path::Path) -> Docx {
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file)
            .unwrap_or_else(|e| panic!("{}: not a zip: {e}", path.display()));
        let mut parts = HashMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            if entry.is_dir() {
                continue;
            }
            let mut s = String::new();
            if entry.read_to_string(&mut s).is_ok() {
                parts.insert(entry.name().to_string(), s);
            }
        }
        Docx { parts }
    }

    pub fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}"))
    }

    /// Every paragraph of the body, tables included, in document order.
    pub fn paragraphs(&self) -> Vec<Para> {
        paragraphs_of(self.part("word/document.xml"))
    }

    /// The body text without whitespace.
    pub fn text(&self) -> String {
        self.paragraphs()
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>()
            .split_whitespace()
            .collect()
    }
}

pub fn paragraphs_of(xml: &str) -> Vec<Para> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name((W, "pStyle")))
                .and_then(|n| n.attribute((W, "val")))
                .map(str::to_string);
            let text = p
                .descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .collect();
            Para { style, text }
        })
        .collect()
}

/// The attribute `attr` of the first element `tag` in `xml`.
pub fn attr(xml: &str, tag: &str, attr: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    doc.descendants()
        .find(|n| n.has_tag_name((W, tag)))
        .and_then(|n| n.attribute((W, attr)))
        .map(str::to_string)
}
