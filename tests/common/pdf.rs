//! A small PDF reader for the tests: page boxes, fonts, and every text run with its position,
//! read from the content streams and the fonts' ToUnicode maps (lopdf parses the objects;
//! its own text extraction cannot read typst's ToUnicode CMaps).

use lopdf::{Document, Object};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Run {
    /// Baseline start, in points from the top-left corner of the page.
    pub x: f64,
    pub y: f64,
    pub size: f64,
    /// The font's base name without the subset tag, e.g. `VBHCSerif-Bold`.
    pub font: String,
    pub text: String,
}

/// A stroked horizontal line (a rule), in points from the top-left corner.
#[derive(Debug, Clone)]
pub struct Rule {
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub width: f64,
}

/// An image drawn on the page: its size in pixels and its box, in points from the top-left
/// corner, in drawing order.
#[derive(Debug, Clone)]
pub struct Image {
    pub pixels: (i64, i64),
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

#[derive(Debug)]
pub struct Page {
    pub media_box: [f64; 4],
    pub runs: Vec<Run>,
    pub rules: Vec<Rule>,
    pub images: Vec<Image>,
}

#[derive(Debug)]
pub struct Font {
    pub name: String,
    pub embedded: bool,
}

#[derive(Debug)]
pub struct Pdf {
    pub pages: Vec<Page>,
    pub fonts: Vec<Font>,
}

impl Pdf {
    /// The text of a page below the top margin (page numbers left out), runs in drawing
    /// order, without whitespace.
    pub fn page_text(&self, i: usize) -> String {
        let top = vbhc::nd30::Layout::mac_dinh().margin_top;
        self.pages[i]
            .runs
            .iter()
            .filter(|r| r.y > top)
            .map(|r| r.text.as_str())
            .collect::<String>()
            .split_whitespace()
            .collect()
    }

    pub fn all_text(&self) -> String {
        (0..self.pages.len()).map(|i| self.page_text(i)).collect()
    }
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => *r as f64,
        _ => 0.0,
    }
}

type Matrix = [f64; 6];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// `<0001> <0055>` pairs and `<a> <b> <c>` ranges of a ToUnicode CMap.
fn parse_cmap(data: &[u8]) -> HashMap<u32, String> {
    let text = String::from_utf8_lossy(data);
    let mut map = HashMap::new();
    let hex = |s: &str| u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).ok();
    let utf16 = |s: &str| {
        let s = s.trim_matches(|c| c == '<' || c == '>');
        let units: Vec<u16> = (0..s.len() / 4)
            .filter_map(|i| u16::from_str_radix(&s[i * 4..i * 4 + 4], 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut mode = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            mode = "char";
        } else if line.ends_with("beginbfrange") {
            mode = "range";
        } else if line.starts_with("end") {
            mode = "";
        } else {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match (mode, parts.as_slice()) {
                ("char", [code, uni]) => {
                    if let Some(c) = hex(code) {
                        map.insert(c, utf16(uni));
                    }
                }
                ("range", [lo, hi, start]) if start.starts_with('<') => {
                    if let (Some(lo), Some(hi), Some(s)) = (hex(lo), hex(hi), hex(start)) {
                        for c in lo..=hi {
                            map.insert(
                                c,
                                char::from_u32(s + c - lo)
                                    .map(String::from)
                                    .unwrap_or_default(),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
    map
}

struct FontMap {
    name: String,
    two_byte: bool,
    to_unicode: HashMap<u32, String>,
}

fn strip_subset(name: &str) -> String {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 => rest.to_string(),
        _ => name.to_string(),
    }
}

pub fn read(path: &std::path::Path) -> Pdf {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: not a PDF: {e}", path.display()));
    let mut pages = Vec::new();
    let mut fonts: HashMap<String, bool> = HashMap::new();
    for (_, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        let mb: Vec<f64> = page
            .get(b"MediaBox")
            .and_then(|o| o.as_array())
            .map(|a| a.iter().map(num).collect())
            .unwrap();
        let height = mb[3];
        let mut font_maps: HashMap<Vec<u8>, FontMap> = HashMap::new();
        for (key, font) in doc.get_page_fonts(page_id).unwrap() {
            let name = font
                .get(b"BaseFont")
                .and_then(|o| o.as_name())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default();
            let two_byte = font
                .get(b"Subtype")
                .and_then(|o| o.as_name())
                .map(|s| s == b"Type0")
                .unwrap_or(false);
            let to_unicode = font
                .get(b"ToUnicode")
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_stream().ok())
                .map(|s| {
                    parse_cmap(
                        &s.decompressed_content()
                            .unwrap_or_else(|_| s.content.clone()),
                    )
                })
                .unwrap_or_default();
            // Embedded when the (descendant) font's descriptor carries a font file.
            let descriptor_font = if two_byte {
                font.get(b"DescendantFonts")
                    .ok()
                    .and_then(|o| doc.dereference(o).ok())
                    .and_then(|(_, o)| o.as_array().ok().and_then(|a| a.first().cloned()))
                    .and_then(|o| {
                        doc.dereference(&o)
                            .ok()
                            .and_then(|(_, d)| d.as_dict().ok().cloned())
                    })
            } else {
                Some(font.clone())
            };
            let embedded = descriptor_font
                .and_then(|f| f.get(b"FontDescriptor").ok().cloned())
                .and_then(|o| {
                    doc.dereference(&o)
                        .ok()
                        .and_then(|(_, d)| d.as_dict().ok().cloned())
                })
                .is_some_and(|d| d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"));
            fonts.insert(strip_subset(&name), embedded);
            font_maps.insert(
                key,
                FontMap {
                    name: strip_subset(&name),
                    two_byte,
                    to_unicode,
                },
            );
        }
        let xobjects = page
            .get(b"Resources")
            .ok()
            .and_then(|r| doc.dereference(r).ok())
            .and_then(|(_, r)| r.as_dict().ok())
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| doc.dereference(x).ok())
            .and_then(|(_, x)| x.as_dict().ok());
        let content = doc.get_and_decode_page_content(page_id).unwrap();
        let mut runs = Vec::new();
        let mut rules = Vec::new();
        let mut images = Vec::new();
        let mut line_width = 1.0;
        let mut path_start: Option<(f64, f64)> = None;
        let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut stack = Vec::new();
        let mut tm: Matrix = ctm;
        let mut font: Option<&FontMap> = None;
        let mut size = 0.0;
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(ctm),
                "cm" => {
                    ctm = mul(
                        &[
                            num(&o[0]),
                            num(&o[1]),
                            num(&o[2]),
                            num(&o[3]),
                            num(&o[4]),
                            num(&o[5]),
                        ],
                        &ctm,
                    )
                }
                "Do" => {
                    let image = o[0]
                        .as_name()
                        .ok()
                        .and_then(|n| xobjects?.get(n).ok())
                        .and_then(|x| doc.dereference(x).ok())
                        .and_then(|(_, x)| x.as_stream().ok())
                        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|t| t == b"Image"));
                    if let Some(s) = image {
                        let px = |k: &[u8]| s.dict.get(k).and_then(|v| v.as_i64()).unwrap_or(0);
                        // An image fills the unit square of its transformation.
                        let (a, b) = (mul(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], &ctm), mul(&[1.0, 0.0, 0.0, 1.0, 1.0, 1.0], &ctm));
                        images.push(Image {
                            pixels: (px(b"Width"), px(b"Height")),
                            x0: a[4].min(b[4]),
                            x1: a[4].max(b[4]),
                            y0: height - a[5].max(b[5]),
                            y1: height - a[5].min(b[5]),
                        });
                    }
                }
                "w" => line_width = num(&o[0]),
                "m" => path_start = Some((num(&o[0]), num(&o[1]))),
                "l" => {
                    if let Some((x0, y0)) = path_start {
                        let (x1, y1) = (num(&o[0]), num(&o[1]));
                        let p0 = mul(&[1.0, 0.0, 0.0, 1.0, x0, y0], &ctm);
                        let p1 = mul(&[1.0, 0.0, 0.0, 1.0, x1, y1], &ctm);
                        if (p0[5] - p1[5]).abs() < 0.01 {
                            rules.push(Rule {
                                x0: p0[4].min(p1[4]),
                                x1: p0[4].max(p1[4]),
                                y: height - p0[5],
                                width: line_width,
                            });
                        }
                    }
                }
                "BT" => tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                "Tm" => {
                    tm = [
                        num(&o[0]),
                        num(&o[1]),
                        num(&o[2]),
                        num(&o[3]),
                        num(&o[4]),
                        num(&o[5]),
                    ]
                }
                "Td" => tm = mul(&[1.0, 0.0, 0.0, 1.0, num(&o[0]), num(&o[1])], &tm),
                "Tf" => {
                    font = o[0].as_name().ok().and_then(|n| font_maps.get(n));
                    size = num(&o[1]);
                }
                "Tj" | "TJ" => {
                    let Some(f) = font else { continue };
                    let mut text = String::new();
                    let strings: Vec<&Object> = match &o[0] {
                        Object::Array(a) => a.iter().collect(),
                        s => vec![s],
                    };
                    for s in strings {
                        let Object::String(bytes, _) = s else {
                            continue;
                        };
                        if f.two_byte {
                            for pair in bytes.chunks(2) {
                                let code =
                                    (pair[0] as u32) << 8 | *pair.get(1).unwrap_or(&0) as u32;
                                text.push_str(
                                    f.to_unicode
                                        .get(&code)
                                        .map(String::as_str)
                                        .unwrap_or("\u{FFFD}"),
                                );
                            }
                        } else {
                            for b in bytes {
                                match f.to_unicode.get(&(*b as u32)) {
                                    Some(u) => text.push_str(u),
                                    None => text.push(*b as char),
                                }
                            }
                        }
                    }
                    let m = mul(&tm, &ctm);
                    // Scale of the text matrix times the font size is the rendered size.
                    let scale = (m[2] * m[2] + m[3] * m[3]).sqrt();
                    runs.push(Run {
                        x: m[4],
                        y: height - m[5],
                        size: size * scale,
                        font: f.name.clone(),
                        text,
                    });
                }
                _ => {}
            }
        }
        pages.push(Page {
            media_box: [mb[0], mb[1], mb[2], mb[3]],
            runs,
            rules,
            images,
        });
    }
    let mut fonts: Vec<Font> = fonts
        .into_iter()
        .map(|(name, embedded)| Font { name, embedded })
        .collect();
    fonts.sort_by(|a, b| a.name.cmp(&b.name));
    Pdf { pages, fonts }
}

/// A line: consecutive runs on one baseline.
#[derive(Debug, Clone)]
pub struct Line {
    pub x: f64,
    /// Where the last run ends, measured with the embedded font's advances.
    pub x_end: f64,
    pub y: f64,
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    pub text: String,
}

impl Line {
    pub fn centre(&self) -> f64 {
        (self.x + self.x_end) / 2.0
    }
}

pub fn lines(page: &Page) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for r in &page.runs {
        let bold = r.font.contains("Bold");
        let italic = r.font.contains("Italic");
        let end = r.x + vbhc::fonts::measure(r.text.trim_end(), r.size, bold, italic);
        let blank = r.text.trim().is_empty();
        match out.last_mut() {
            // Same baseline and close by (a justified space is at most a few points wide).
            Some(l) if (l.y - r.y).abs() < 0.3 && r.x >= l.x && r.x - l.x_end < 20.0 => {
                l.text.push_str(&r.text);
                if !blank {
                    l.x_end = end;
                }
                l.bold &= bold || r.text.trim().is_empty();
                l.italic &= italic || r.text.trim().is_empty();
            }
            _ => out.push(Line {
                x: r.x,
                x_end: end,
                y: r.y,
                size: r.size,
                bold,
                italic,
                text: r.text.clone(),
            }),
        }
    }
    for l in &mut out {
        l.text = l.text.trim().to_string();
    }
    out
}

impl Run {
    /// Its advance width, measured with the embedded font (the run's face from its name).
    pub fn width(&self) -> f64 {
        let bold = self.font.contains("Bold");
        let italic = self.font.contains("Italic");
        vbhc::fonts::measure(&self.text, self.size, bold, italic)
    }
}

/// Pairs of runs of a page whose glyphs overlap: on lines closer than their size, their
/// spans across overlapping by more than half a point.
pub fn overlaps(page: &Page) -> Vec<(String, String)> {
    let runs: Vec<&Run> = page.runs.iter().filter(|r| !r.text.trim().is_empty()).collect();
    let mut out = Vec::new();
    for (i, a) in runs.iter().enumerate() {
        for b in &runs[i + 1..] {
            let same_line = (a.y - b.y).abs() < 0.8 * a.size.min(b.size);
            let overlap = a.x.max(b.x) < (a.x + a.width()).min(b.x + b.width()) - 0.5;
            if same_line && overlap {
                out.push((a.text.clone(), b.text.clone()));
            }
        }
    }
    out
}

/// Runs of a page that reach outside the text block horizontally (the page's own margins,
/// portrait or landscape), by more than `slack` points.
pub fn outside_margins(page: &Page, slack: f64) -> Vec<String> {
    let l = vbhc::nd30::Layout::mac_dinh();
    let width = page.media_box[2] - page.media_box[0];
    let (left, right) = (l.margin_left, width - l.margin_right);
    page.runs
        .iter()
        .filter(|r| !r.text.trim().is_empty())
        .filter(|r| r.x < left - slack || r.x + vbhc::fonts::measure(r.text.trim_end(), r.size, r.font.contains("Bold"), r.font.contains("Italic")) > right + slack)
        .map(|r| r.text.clone())
        .collect()
}
