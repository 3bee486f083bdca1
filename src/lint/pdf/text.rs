//! The text a PDF page shows, piece by piece: what each text-showing operator prints, where
//! (its start and end on the page, its baseline), in which font and at which size. Enough of
//! the content stream is followed for that: the graphics state's matrix (`q`, `Q`, `cm`) and the
//! text state (`Tf`, `Tm`, `Td`, `TD`, `T*`, `TL`, `Tc`, `Tw`, `Tz`, `TJ`, `Tj`, `'`, `"`).

use lopdf::content::Operation;
use lopdf::{Dictionary, Document, Encoding, Object};
use std::collections::BTreeMap;

/// One piece of text as shown by one operator.
#[derive(Debug, Clone)]
pub struct Manh {
    pub text: String,
    /// From the page's top-left corner, in points: start and end of the text, its baseline.
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    /// The size as printed (the font size scaled by the matrices).
    pub co: f32,
    /// The font's PostScript name without its subset tag.
    pub phong: String,
}

/// What a page's font can tell: its name, how it decodes, how wide each code is.
pub struct Font<'a> {
    name: String,
    /// The font's `/ToUnicode` map, read here (code → text).
    to_unicode: BTreeMap<u32, String>,
    encoding: Option<Encoding<'a>>,
    two_bytes: bool,
    widths: BTreeMap<u32, f32>,
    default_width: f32,
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The font's dictionary with its `/Encoding` removed, so that lopdf decodes through the
/// `/ToUnicode` map: LibreOffice names WinAnsi but uses codes of its own subset.
pub fn unicode_view(font: &Dictionary) -> Dictionary {
    let mut d = font.clone();
    if d.has(b"ToUnicode") {
        d.remove(b"Encoding");
    }
    d
}

impl<'a> Font<'a> {
    pub fn new(doc: &'a Document, font: &Dictionary, view: &'a Dictionary) -> Font<'a> {
        let name = font
            .get(b"BaseFont")
            .ok()
            .and_then(|n| n.as_name().ok())
            .map(|n| String::from_utf8_lossy(n).to_string())
            .unwrap_or_default();
        let name = name.split_once('+').map_or(name.clone(), |(_, n)| n.to_string());
        let two_bytes = font.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) == Some(b"Type0");
        let mut widths = BTreeMap::new();
        let mut default_width = 500.0;
        if two_bytes {
            let desc = font
                .get(b"DescendantFonts")
                .ok()
                .and_then(|d| doc.dereference(d).ok())
                .and_then(|(_, o)| o.as_array().ok().cloned())
                .and_then(|a| a.first().cloned())
                .and_then(|d| doc.dereference(&d).ok().and_then(|(_, o)| o.as_dict().ok().cloned()));
            if let Some(desc) = desc {
                default_width = desc.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
                let w = desc.get(b"W").ok().and_then(|w| doc.dereference(w).ok()).and_then(|(_, o)| o.as_array().ok().cloned()).unwrap_or_default();
                let mut i = 0;
                while i < w.len() {
                    let Some(first) = number(&w[i]) else { break };
                    match w.get(i + 1) {
                        Some(Object::Array(list)) => {
                            for (k, v) in list.iter().enumerate() {
                                if let Some(v) = number(v) {
                                    widths.insert(first as u32 + k as u32, v);
                                }
                            }
                            i += 2;
                        }
                        Some(last) => {
                            let (Some(last), Some(v)) = (number(last), w.get(i + 2).and_then(number)) else { break };
                            for c in first as u32..=(last as u32).min(first as u32 + 65535) {
                                widths.insert(c, v);
                            }
                            i += 3;
                        }
                        None => break,
                    }
                }
            }
        } else {
            let first = font.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
            if let Some(list) = font.get(b"Widths").ok().and_then(|w| doc.dereference(w).ok()).and_then(|(_, o)| o.as_array().ok().cloned()) {
                for (k, v) in list.iter().enumerate() {
                    if let Some(v) = number(v) {
                        widths.insert(first + k as u32, v);
                    }
                }
            }
        }
        let to_unicode = font
            .get(b"ToUnicode")
            .ok()
            .and_then(|t| doc.dereference(t).ok())
            .and_then(|(_, o)| o.as_stream().ok().and_then(|s| s.decompressed_content().ok().or_else(|| Some(s.content.clone()))))
            .map(|bytes| cmap(&String::from_utf8_lossy(&bytes)))
            .unwrap_or_default();
        Font {
            name,
            to_unicode,
            encoding: view.get_font_encoding(doc).ok(),
            two_bytes,
            widths,
            default_width,
        }
    }

    /// Each code of a string with its text and its width in thousandths of the size.
    fn codes(&self, bytes: &[u8]) -> Vec<(String, f32, bool)> {
        let step = if self.two_bytes { 2 } else { 1 };
        bytes
            .chunks(step)
            .map(|c| {
                let code = c.iter().fold(0u32, |acc, b| acc * 256 + *b as u32);
                let text = self.to_unicode.get(&code).cloned().unwrap_or_else(|| {
                    self.encoding
                        .as_ref()
                        .and_then(|e| e.bytes_to_string(c).ok())
                        .unwrap_or_else(|| String::from_utf8_lossy(c).to_string())
                });
                let w = self.widths.get(&code).copied().unwrap_or(self.default_width);
                (text, w, step == 1 && c == [32])
            })
            .collect()
    }
}

/// A `/ToUnicode` CMap's `bfchar` and `bfrange` entries (PDF 32000, §9.10.3).
fn cmap(text: &str) -> BTreeMap<u32, String> {
    let hex = |h: &str| u32::from_str_radix(h.trim_matches(['<', '>']), 16).ok();
    let utf16 = |h: &str| {
        let h = h.trim_matches(['<', '>']);
        let units: Vec<u16> = (0..h.len() / 4).filter_map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).ok()).collect();
        String::from_utf16_lossy(&units)
    };
    let mut map = BTreeMap::new();
    let mut section = "";
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .flat_map(|t| t.split_inclusive('>'))
        .flat_map(|t| {
            // `<0001><0055>` written without a space, and `[<..>` arrays.
            t.split('[').chain(std::iter::empty())
        })
        .filter(|t| !t.is_empty())
        .collect();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        match t {
            "beginbfchar" | "beginbfrange" | "endbfchar" | "endbfrange" => {
                section = t;
                i += 1;
            }
            _ if section == "beginbfchar" && t.starts_with('<') && i + 1 < tokens.len() => {
                if let Some(code) = hex(t) {
                    map.insert(code, utf16(tokens[i + 1]));
                }
                i += 2;
            }
            _ if section == "beginbfrange" && t.starts_with('<') && i + 2 < tokens.len() => {
                let (lo, hi) = (hex(t), hex(tokens[i + 1]));
                let (Some(lo), Some(hi)) = (lo, hi) else {
                    i += 1;
                    continue;
                };
                let hi = hi.min(lo + 65535);
                if tokens[i + 2].starts_with('<') && !tokens[i + 2].ends_with(']') {
                    // One destination, incremented across the range.
                    let start = utf16(tokens[i + 2]);
                    let mut units: Vec<u16> = start.encode_utf16().collect();
                    for code in lo..=hi {
                        map.insert(code, String::from_utf16_lossy(&units));
                        if let Some(last) = units.last_mut() {
                            *last = last.wrapping_add(1);
                        }
                    }
                    i += 3;
                } else {
                    // An array of destinations, one per code, up to `]`.
                    let mut j = i + 2;
                    let mut code = lo;
                    while j < tokens.len() && code <= hi {
                        let tok = tokens[j].trim_end_matches(']');
                        if !tok.is_empty() {
                            map.insert(code, utf16(tok));
                            code += 1;
                        }
                        if tokens[j].ends_with(']') {
                            break;
                        }
                        j += 1;
                    }
                    i = j + 1;
                }
            }
            _ => i += 1,
        }
    }
    map
}

type M = [f32; 6];

fn mul(a: M, b: M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn nums(op: &Operation) -> Vec<f32> {
    op.operands.iter().filter_map(number).collect()
}

/// A page's vertical rules (a table's cell borders): x, and top and bottom from the page's top.
pub type KeDoc = (f32, f32, f32);

/// A page's horizontal rules (§3.1 rules, underlines, cell borders): left, right, and y from
/// the page's top.
pub type KeNgang = (f32, f32, f32);

/// Shorter strokes are parts of glyphs or marks, not rules (3 mm).
const MIN_RULE: f32 = 8.5;

/// What a page shows and the rules it draws: vertical (thin rectangles and straight vertical
/// strokes), horizontal (likewise).
pub struct Noi {
    pub manh: Vec<Manh>,
    pub doc: Vec<KeDoc>,
    pub ngang: Vec<KeNgang>,
}

/// Follows a page's content once.
pub fn pieces(ops: &[Operation], fonts: &BTreeMap<Vec<u8>, Font>, page_height: f32) -> Noi {
    let mut out = Vec::new();
    let mut rules = Vec::new();
    let mut across = Vec::new();
    let mut at: Option<(f32, f32)> = None;
    let point = |m: M, x: f32, y: f32| (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]);
    let mut ctm = ID;
    let mut stack: Vec<M> = Vec::new();
    let (mut tm, mut lm) = (ID, ID);
    let (mut font, mut size, mut leading, mut tc, mut tw, mut th) = (None::<&Font>, 0.0f32, 0.0f32, 0.0f32, 0.0f32, 1.0f32);
    for op in ops {
        let n = nums(op);
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ID),
            "cm" if n.len() == 6 => ctm = mul([n[0], n[1], n[2], n[3], n[4], n[5]], ctm),
            "re" if n.len() == 4 => {
                let (x0, y0) = point(ctm, n[0], n[1]);
                let (x1, y1) = point(ctm, n[0] + n[2], n[1] + n[3]);
                if (x1 - x0).abs() < 2.0 && (y1 - y0).abs() > 4.0 {
                    rules.push(((x0 + x1) / 2.0, page_height - y0.max(y1), page_height - y0.min(y1)));
                } else if (y1 - y0).abs() < 2.0 && (x1 - x0).abs() > MIN_RULE {
                    across.push((x0.min(x1), x0.max(x1), page_height - (y0 + y1) / 2.0));
                }
            }
            "m" if n.len() == 2 => at = Some(point(ctm, n[0], n[1])),
            "l" if n.len() == 2 => {
                let (x1, y1) = point(ctm, n[0], n[1]);
                if let Some((x0, y0)) = at {
                    if (x1 - x0).abs() < 0.5 && (y1 - y0).abs() > 4.0 {
                        rules.push((x0, page_height - y0.max(y1), page_height - y0.min(y1)));
                    } else if (y1 - y0).abs() < 0.5 && (x1 - x0).abs() > MIN_RULE {
                        across.push((x0.min(x1), x0.max(x1), page_height - y0));
                    }
                }
                at = Some((x1, y1));
            }
            "BT" => (tm, lm) = (ID, ID),
            "Tf" => {
                font = op.operands.first().and_then(|o| o.as_name().ok()).and_then(|name| fonts.get(name));
                size = n.last().copied().unwrap_or(0.0);
            }
            "TL" if !n.is_empty() => leading = n[0],
            "Tc" if !n.is_empty() => tc = n[0],
            "Tw" if !n.is_empty() => tw = n[0],
            "Tz" if !n.is_empty() => th = n[0] / 100.0,
            "Tm" if n.len() == 6 => {
                tm = [n[0], n[1], n[2], n[3], n[4], n[5]];
                lm = tm;
            }
            "Td" | "TD" if n.len() == 2 => {
                if op.operator == "TD" {
                    leading = -n[1];
                }
                lm = mul([1.0, 0.0, 0.0, 1.0, n[0], n[1]], lm);
                tm = lm;
            }
            "T*" => {
                lm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], lm);
                tm = lm;
            }
            "Tj" | "'" | "\"" | "TJ" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    lm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], lm);
                    tm = lm;
                }
                if op.operator == "\"" && n.len() >= 2 {
                    (tw, tc) = (n[0], n[1]);
                }
                let Some(f) = font else { continue };
                let start = mul(tm, ctm);
                // Where the last glyph that prints something ends: a line's trailing space
                // (typst keeps it in a justified line) is not text reaching the margin.
                let mut inked_end = start;
                let mut text = String::new();
                let items: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => op.operands.first().and_then(|o| o.as_array().ok()).map(|a| a.iter().collect()).unwrap_or_default(),
                    _ => op.operands.last().into_iter().collect(),
                };
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            for (t, w, space) in f.codes(bytes) {
                                let blank = t.trim().is_empty();
                                text.push_str(&t);
                                let advance = (w / 1000.0 * size + tc + if space { tw } else { 0.0 }) * th;
                                tm = mul([1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
                                if !blank {
                                    inked_end = mul(tm, ctm);
                                }
                            }
                        }
                        other => {
                            if let Some(adj) = number(other) {
                                let advance = -adj / 1000.0 * size * th;
                                // A wide negative kerning in a TJ is a word space of its own.
                                if adj < -200.0 && !text.ends_with(' ') {
                                    text.push(' ');
                                }
                                tm = mul([1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
                            }
                        }
                    }
                }
                let end = inked_end;
                let scale = (start[2] * start[2] + start[3] * start[3]).sqrt();
                if !text.trim().is_empty() {
                    out.push(Manh {
                        text,
                        x0: start[4],
                        x1: end[4],
                        y: page_height - start[5],
                        co: (size * scale * 2.0).round() / 2.0,
                        phong: f.name.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    Noi { manh: out, doc: rules, ngang: across }
}
