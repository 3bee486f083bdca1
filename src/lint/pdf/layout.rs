//! From pieces of text on pages to the paragraphs a reader sees: pieces on one baseline make a
//! line, split where a wide gap separates two columns (the header's and the signature's
//! tables); lines make paragraphs where a justified line runs on into the next; a number alone
//! at the top or bottom of a page is its page number.

use super::text::Manh;
use crate::lint::model::{CanLe, Chay, DONG_DON, Doan, Ke, ViTri};

/// One page's pieces, with its size.
pub struct Trang {
    pub rong: f32,
    pub cao: f32,
    pub manh: Vec<Manh>,
    /// Its vertical rules: x, top, bottom.
    pub ke_doc: Vec<super::text::KeDoc>,
    /// Its horizontal rules: left, right, y.
    pub ke_ngang: Vec<super::text::KeNgang>,
}

impl Trang {
    /// The length of a rule drawn just under a line (within a line's height below its
    /// baseline) and centred on it as a rule under it is (§3.1): the tiêu ngữ's, the issuing
    /// body's.
    pub fn rule_under(&self, l: &Dong) -> Option<f32> {
        let centre = (l.x0 + l.x1) / 2.0;
        self.ke_ngang.iter().find_map(|&(x0, x1, y)| {
            let below = y > l.y + 0.05 * l.co && y < l.y + 1.2 * l.co;
            let under = below && ((x0 + x1) / 2.0 - centre).abs() < 0.25 * (l.x1 - l.x0) + l.co && x1 - x0 < (l.x1 - l.x0) + 2.0 * l.co;
            under.then_some(x1 - x0)
        })
    }

    /// Whether a line sits in a ruled table: a vertical rule on each side of it at its height.
    pub fn in_table(&self, l: &Dong) -> bool {
        let beside = |left: bool| {
            self.ke_doc.iter().any(|&(x, top, bottom)| {
                let side = if left { x < l.x0 + 0.5 } else { x > l.x1 - 0.5 };
                side && top <= l.y && l.y <= bottom + 0.3 * l.co
            })
        };
        beside(true) && beside(false)
    }
}

/// A line of one column: its pieces, left to right.
#[derive(Debug, Clone)]
pub struct Dong {
    pub trang: usize,
    pub manh: Vec<Manh>,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub co: f32,
    /// The length in points of a horizontal line drawn just under it (a rule, §3.1, or its
    /// text underlined).
    pub ke_duoi: Option<f32>,
}

impl Dong {
    fn text(&self) -> String {
        let mut out = String::new();
        let mut last_x1: Option<f32> = None;
        for m in &self.manh {
            if let Some(x1) = last_x1 {
                if m.x0 - x1 > 0.15 * m.co && !out.ends_with(' ') && !m.text.starts_with(' ') {
                    out.push(' ');
                }
            }
            out.push_str(&m.text);
            last_x1 = Some(m.x1);
        }
        out
    }
}

/// Splits pieces into lines (one per baseline and column), top to bottom.
pub fn lines(page: usize, mut manh: Vec<Manh>) -> Vec<Dong> {
    manh.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut rows: Vec<Vec<Manh>> = Vec::new();
    for m in manh {
        match rows.last_mut() {
            Some(row) if (row[0].y - m.y).abs() <= 0.35 * m.co.max(row[0].co) => row.push(m),
            _ => rows.push(vec![m]),
        }
    }
    let mut out = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut current: Vec<Manh> = Vec::new();
        for m in row {
            // A gap of two characters and more: another column.
            if let Some(last) = current.last() {
                if m.x0 - last.x1 > 2.2 * m.co.max(last.co) {
                    out.push(line_of(page, std::mem::take(&mut current)));
                }
            }
            current.push(m);
        }
        if !current.is_empty() {
            out.push(line_of(page, current));
        }
    }
    out
}

fn line_of(trang: usize, manh: Vec<Manh>) -> Dong {
    let x0 = manh.iter().map(|m| m.x0).fold(f32::MAX, f32::min);
    let x1 = manh.iter().map(|m| m.x1).fold(f32::MIN, f32::max);
    let co = manh.iter().map(|m| m.co).fold(0.0, f32::max);
    let y = manh[0].y;
    Dong { trang, manh, x0, x1, y, co, ke_duoi: None }
}

/// The family, weight and slant a PostScript name says (`TimesNewRomanPS-BoldItalicMT`,
/// `LiberationSerif-Bold`, `Arial,Bold`).
pub fn font_style(name: &str) -> (String, bool, bool) {
    let (family, style) = name.split_once(['-', ',']).unwrap_or((name, ""));
    let lower = name.to_lowercase();
    let bold = lower.contains("bold") || lower.contains("black") || lower.contains("heavy");
    let italic = lower.contains("italic") || lower.contains("oblique");
    let _ = style;
    let family = match family.trim_end_matches("MT").trim_end_matches("PS") {
        "TimesNewRoman" | "Times" | "TimesNewRomanPS" => "Times New Roman".to_string(),
        "LiberationSerif" => "Liberation Serif".to_string(),
        "VBHCSerif" => "VBHC Serif".to_string(),
        "Arial" => "Arial".to_string(),
        other => {
            // CamelCase to words: `NotoSerif` → `Noto Serif`.
            let mut out = String::new();
            for (i, c) in other.chars().enumerate() {
                if i > 0 && c.is_uppercase() && !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push(c);
            }
            out
        }
    };
    (family, bold, italic)
}

fn runs(line: &Dong) -> Vec<Chay> {
    let mut out: Vec<Chay> = Vec::new();
    let mut last_x1: Option<f32> = None;
    for m in &line.manh {
        let (phong, dam, nghieng) = font_style(&m.phong);
        let gap = last_x1.is_some_and(|x1| m.x0 - x1 > 0.15 * m.co);
        let text = if gap && !m.text.starts_with(' ') { format!(" {}", m.text) } else { m.text.clone() };
        last_x1 = Some(m.x1);
        match out.last_mut() {
            Some(c) if c.phong.as_deref() == Some(phong.as_str()) && c.co == Some(m.co) && c.dam == dam && c.nghieng == nghieng => c.text.push_str(&text),
            _ => out.push(Chay { text, phong: Some(phong), co: Some(m.co), dam, nghieng, gach_chan: false }),
        }
    }
    out
}

/// Lines made into paragraphs. `left`/`right`: the body's text edges; each line's cell (table,
/// column) when it is in a two-column region.
pub fn paragraphs(lines: &[(Dong, Option<(usize, usize)>)], left: f32, right: f32, first_no: usize) -> Vec<Doan> {
    let mut out: Vec<Doan> = Vec::new();
    let mut prev: Option<&Dong> = None;
    for (line, cell) in lines {
        let text = line.text();
        let starts_item = text.starts_with('-') || text.starts_with('+');
        let body = cell.is_none();
        let continues = match (prev, out.last()) {
            (Some(p), Some(last)) => {
                let same_place = last.vi_tri.bang.map(|(b, _, c)| (b, c)) == *cell;
                let full = body && p.x1 >= right - 1.5 * p.co && last.can_le != CanLe::Giua;
                // A recipient's second line hangs after its dash; box 12 (`PL.(300)`) does not.
                let hanging = !body && cell.is_some_and(|(_, c)| c == 0) && !starts_item && last.text().starts_with('-') && line.x0 > p.x0 + 1.0;
                let at_left = line.x0 <= left + 0.5 * line.co;
                same_place && !starts_item && ((full && at_left) || hanging) && (line.co - p.co).abs() < 0.6
            }
            _ => false,
        };
        if continues {
            let last = out.last_mut().expect("a paragraph to continue");
            if let Some(first) = last.chay.last_mut() {
                if !first.text.ends_with(' ') {
                    first.text.push(' ');
                }
            }
            last.chay.extend(runs(line));
            last.ke.duoi = line.ke_duoi.is_some();
            last.ke.dai = line.ke_duoi.map(|pt| pt / 2.8346);
            if let Some(p) = prev.filter(|p| p.trang == line.trang && line.y > p.y) {
                let spacing = (line.y - p.y) / (DONG_DON * line.co);
                last.gian_dong = Some(last.gian_dong.map_or(spacing, |g| g.max(spacing)));
            }
            if body {
                last.can_le = CanLe::Deu;
            }
        } else {
            let (l_gap, r_gap) = (line.x0 - left, right - line.x1);
            // Centred text has equal gaps to the rounding of a position.
            // A line kept with its trailing space was centred with it (typst does).
            let slack = if text.ends_with(' ') { 1.5 + 0.3 * line.co } else { 1.5 };
            let centred = body && l_gap > 2.0 && r_gap > 2.0 && (l_gap - r_gap).abs() < slack;
            out.push(Doan {
                so: first_no + out.len(),
                trang: line.trang,
                chay: runs(line),
                can_le: if centred { CanLe::Giua } else { CanLe::Trai },
                thut_dau_dong: if body { (line.x0 - left) / 2.8346 } else { 0.0 },
                gian_dong: None,
                vi_tri: ViTri { bang: cell.map(|(b, c)| (b, 0, c)), gop_cot: 1, noi_tiep: false },
                ke: Ke { duoi: line.ke_duoi.is_some(), dai: line.ke_duoi.map(|pt| pt / 2.8346), ..Ke::default() },
            });
        }
        prev = Some(line);
    }
    out
}
