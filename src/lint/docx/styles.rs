//! How a DOCX prints a run and a paragraph: the document defaults, then the paragraph's style
//! (and those it is based on), the run's character style, then the direct formatting; and the
//! numbers Word's list numbering puts in front of a paragraph.

use roxmltree::Node;
use std::collections::HashMap;

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(W))
}

pub fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

/// Run properties, each one set or not (a later layer overrides only what it sets).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunProps {
    pub font: Option<String>,
    /// `asciiTheme`: the theme's minor or major font.
    pub theme_font: Option<String>,
    pub half_points: Option<u32>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub underline: Option<bool>,
}

impl RunProps {
    pub fn read(rpr: Option<Node>) -> RunProps {
        let Some(rpr) = rpr else { return RunProps::default() };
        let toggle = |name: &str| {
            child(rpr, name).map(|n| !matches!(attr(n, "val"), Some("0" | "false" | "off" | "none")))
        };
        let fonts = child(rpr, "rFonts");
        RunProps {
            font: fonts.and_then(|f| attr(f, "ascii").or_else(|| attr(f, "hAnsi"))).map(str::to_string),
            theme_font: fonts.and_then(|f| attr(f, "asciiTheme").or_else(|| attr(f, "hAnsiTheme"))).map(str::to_string),
            half_points: child(rpr, "sz").and_then(|n| attr(n, "val")).and_then(|v| v.parse().ok()),
            bold: toggle("b"),
            italic: toggle("i"),
            underline: toggle("u"),
        }
    }

    /// `self` with what `over` sets on top.
    pub fn then(&self, over: &RunProps) -> RunProps {
        // A font named directly wins over a theme font below it, and the other way round.
        let (font, theme_font) = if over.font.is_some() || over.theme_font.is_some() {
            (over.font.clone(), over.theme_font.clone())
        } else {
            (self.font.clone(), self.theme_font.clone())
        };
        RunProps {
            font,
            theme_font,
            half_points: over.half_points.or(self.half_points),
            bold: over.bold.or(self.bold),
            italic: over.italic.or(self.italic),
            underline: over.underline.or(self.underline),
        }
    }
}

/// A paragraph's line spacing as Word sets it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GianDong {
    Boi(f32),
    Diem(f32),
}

/// Paragraph properties the rules read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    pub jc: Option<String>,
    /// First-line indent in twips (negative: hanging).
    pub first_line: Option<i32>,
    /// A paragraph border over it and under it (`w:pBdr` top, bottom).
    pub border: Option<(bool, bool)>,
    /// List numbering: (numId, level).
    pub num: Option<(String, usize)>,
    /// Line spacing (`w:spacing`): a multiple of single (`auto`), or a height in points
    /// (`exact`, `atLeast`).
    pub line: Option<GianDong>,
}

impl ParaProps {
    pub fn read(ppr: Option<Node>) -> ParaProps {
        let Some(ppr) = ppr else { return ParaProps::default() };
        let ind = child(ppr, "ind");
        let first_line = ind.and_then(|i| {
            let hanging = attr(i, "hanging").and_then(|v| v.parse::<i32>().ok()).map(|h| -h);
            attr(i, "firstLine").and_then(|v| v.parse::<i32>().ok()).or(hanging)
        });
        let num = child(ppr, "numPr").and_then(|n| {
            let id = attr(child(n, "numId")?, "val")?.to_string();
            let level = child(n, "ilvl").and_then(|l| attr(l, "val")).and_then(|v| v.parse().ok()).unwrap_or(0);
            Some((id, level))
        });
        let side = |b: Node, name: &str| child(b, name).is_some_and(|s| !matches!(attr(s, "val"), Some("nil" | "none")));
        let border = child(ppr, "pBdr").map(|b| (side(b, "top"), side(b, "bottom")));
        ParaProps {
            jc: child(ppr, "jc").and_then(|n| attr(n, "val")).map(str::to_string),
            first_line,
            border,
            num,
            line: child(ppr, "spacing").and_then(|s| {
                let v = attr(s, "line")?.parse::<f32>().ok()?;
                Some(match attr(s, "lineRule") {
                    Some("exact" | "atLeast") => GianDong::Diem(v / 20.0),
                    _ => GianDong::Boi(v / 240.0),
                })
            }),
        }
    }

    pub fn then(&self, over: &ParaProps) -> ParaProps {
        ParaProps {
            jc: over.jc.clone().or_else(|| self.jc.clone()),
            first_line: over.first_line.or(self.first_line),
            border: over.border.or(self.border),
            num: over.num.clone().or_else(|| self.num.clone()),
            line: over.line.or(self.line),
        }
    }
}

struct Style {
    based_on: Option<String>,
    run: RunProps,
    para: ParaProps,
}

/// The styles of a DOCX, resolved on demand.
#[derive(Default)]
pub struct Styles {
    defaults_run: RunProps,
    defaults_para: ParaProps,
    styles: HashMap<String, Style>,
    default_para_style: Option<String>,
    /// The theme's fonts: `minor` (body) and `major` (headings).
    pub theme_minor: Option<String>,
    pub theme_major: Option<String>,
}

impl Styles {
    pub fn read(xml: Option<&str>) -> Styles {
        let mut s = Styles::default();
        let Some(doc) = xml.and_then(|x| roxmltree::Document::parse(x).ok()) else { return s };
        let root = doc.root_element();
        if let Some(defaults) = child(root, "docDefaults") {
            s.defaults_run = RunProps::read(child(defaults, "rPrDefault").and_then(|d| child(d, "rPr")));
            s.defaults_para = ParaProps::read(child(defaults, "pPrDefault").and_then(|d| child(d, "pPr")));
        }
        for st in root.children().filter(|c| c.has_tag_name((W, "style"))) {
            let Some(id) = attr(st, "styleId") else { continue };
            if attr(st, "type") == Some("paragraph") && matches!(attr(st, "default"), Some("1" | "true")) {
                s.default_para_style = Some(id.to_string());
            }
            s.styles.insert(
                id.to_string(),
                Style {
                    based_on: child(st, "basedOn").and_then(|b| attr(b, "val")).map(str::to_string),
                    run: RunProps::read(child(st, "rPr")),
                    para: ParaProps::read(child(st, "pPr")),
                },
            );
        }
        s
    }

    /// A style and those it is based on, the base first (at most 20: a loop is cut).
    fn chain(&self, id: Option<&str>) -> Vec<&Style> {
        let mut out = Vec::new();
        let mut next = id.map(str::to_string).or_else(|| self.default_para_style.clone());
        while let Some(id) = next {
            let Some(st) = self.styles.get(&id) else { break };
            out.push(st);
            if out.len() > 20 {
                break;
            }
            next = st.based_on.clone();
        }
        out.reverse();
        out
    }

    pub fn para(&self, style: Option<&str>, direct: &ParaProps) -> ParaProps {
        let base = self.chain(style).iter().fold(self.defaults_para.clone(), |acc, st| acc.then(&st.para));
        base.then(direct)
    }

    pub fn run(&self, para_style: Option<&str>, run_style: Option<&str>, direct: &RunProps) -> RunProps {
        let mut props = self.chain(para_style).iter().fold(self.defaults_run.clone(), |acc, st| acc.then(&st.run));
        if let Some(id) = run_style {
            let mut chain = Vec::new();
            let mut next = Some(id.to_string());
            while let Some(id) = next {
                let Some(st) = self.styles.get(&id) else { break };
                chain.push(st);
                if chain.len() > 20 {
                    break;
                }
                next = st.based_on.clone();
            }
            for st in chain.iter().rev() {
                props = props.then(&st.run);
            }
        }
        props.then(direct)
    }

    /// The font a run prints in: named, or the theme's.
    pub fn font_of(&self, p: &RunProps) -> Option<String> {
        match (&p.font, p.theme_font.as_deref()) {
            (Some(f), _) => Some(f.clone()),
            (None, Some(t)) if t.starts_with("major") => self.theme_major.clone(),
            (None, Some(_)) => self.theme_minor.clone(),
            (None, None) => None,
        }
    }
}

/// The theme's latin fonts (`word/theme/theme1.xml`).
pub fn theme_fonts(xml: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(doc) = xml.and_then(|x| roxmltree::Document::parse(x).ok()) else { return (None, None) };
    let font = |kind: &str| {
        doc.descendants()
            .find(|n| n.tag_name().name() == kind)
            .and_then(|n| n.children().find(|c| c.tag_name().name() == "latin"))
            .and_then(|l| l.attribute("typeface"))
            .map(str::to_string)
    };
    (font("minorFont"), font("majorFont"))
}

/// One level of a list: its number format, its text (`%1.`), its first number.
#[derive(Debug, Clone)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// Word's list numbering: the labels it prints in front of numbered paragraphs.
#[derive(Default)]
pub struct Numbering {
    /// numId → its levels.
    lists: HashMap<String, Vec<Level>>,
    /// numId → the counters of its levels.
    counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    pub fn read(xml: Option<&str>) -> Numbering {
        let mut n = Numbering::default();
        let Some(doc) = xml.and_then(|x| roxmltree::Document::parse(x).ok()) else { return n };
        let root = doc.root_element();
        let mut abstracts: HashMap<&str, Vec<Level>> = HashMap::new();
        for a in root.children().filter(|c| c.has_tag_name((W, "abstractNum"))) {
            let Some(id) = attr(a, "abstractNumId") else { continue };
            let mut levels = Vec::new();
            for lvl in a.children().filter(|c| c.has_tag_name((W, "lvl"))) {
                levels.push(Level {
                    format: child(lvl, "numFmt").and_then(|f| attr(f, "val")).unwrap_or("decimal").to_string(),
                    text: child(lvl, "lvlText").and_then(|f| attr(f, "val")).unwrap_or("").to_string(),
                    start: child(lvl, "start").and_then(|f| attr(f, "val")).and_then(|v| v.parse().ok()).unwrap_or(1),
                });
            }
            abstracts.insert(id, levels);
        }
        for num in root.children().filter(|c| c.has_tag_name((W, "num"))) {
            let (Some(id), Some(abs)) = (attr(num, "numId"), child(num, "abstractNumId").and_then(|a| attr(a, "val"))) else { continue };
            if let Some(levels) = abstracts.get(abs) {
                n.lists.insert(id.to_string(), levels.clone());
            }
        }
        n
    }

    /// The label of the next paragraph of list `id` at `level` (`II.`, `1.2.`, `a)`), or None
    /// for a bullet or an unknown list.
    pub fn next(&mut self, id: &str, level: usize) -> Option<String> {
        let levels = self.lists.get(id)?;
        let lvl = levels.get(level)?;
        let counters = self.counters.entry(id.to_string()).or_insert_with(|| levels.iter().map(|l| l.start - 1).collect());
        if level >= counters.len() {
            return None;
        }
        counters[level] += 1;
        for (deeper, l) in counters.iter_mut().zip(levels).skip(level + 1) {
            *deeper = l.start - 1;
        }
        if lvl.format == "bullet" || lvl.format == "none" {
            return (lvl.format == "bullet").then(|| lvl.text.clone());
        }
        let mut text = lvl.text.clone();
        for (i, l) in levels.iter().enumerate().take(level + 1) {
            text = text.replace(&format!("%{}", i + 1), &format_number(counters[i], &l.format));
        }
        Some(text)
    }
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "upperRoman" => crate::tree::roman(n as usize),
        "lowerRoman" => crate::tree::roman(n as usize).to_lowercase(),
        "upperLetter" => letter(n).to_uppercase(),
        "lowerLetter" => letter(n),
        _ => n.to_string(),
    }
}

/// Word's letters: a … z, then aa, bb … (English: it has f, j, w, z).
fn letter(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let c = (b'a' + ((n - 1) % 26) as u8) as char;
    c.to_string().repeat(((n - 1) / 26 + 1) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_numbers_print_as_word_prints_them() {
        let xml = format!(
            r#"<w:numbering xmlns:w="{W}">
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
              <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
            </w:abstractNum>
            <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        );
        let mut n = Numbering::read(Some(&xml));
        let seq: Vec<Option<String>> = [(0, "5"), (1, "5"), (2, "5"), (2, "5"), (1, "5"), (0, "5"), (3, "5")]
            .iter()
            .map(|(l, id)| n.next(id, *l))
            .collect();
        let seq: Vec<&str> = seq.iter().map(|s| s.as_deref().unwrap_or("-")).collect();
        assert_eq!(seq, ["I.", "1.", "1.1.", "1.2.", "2.", "II.", "a)"]);
        assert_eq!(letter(6), "f");
    }
}
