//! The embedded fonts: VBHC Serif, which is Liberation Serif 2.1.5 without its TrueType
//! hinting and renamed as its licence asks (SIL OFL 1.1; `fonts/LICENSE-OFL.txt`, made by
//! `fonts/dehint.py`), metric compatible with Times New Roman and complete for Vietnamese. The
//! PDF embeds them; the DOCX names Times New Roman, which has the same advance widths, so text
//! measured here has the same width in Word, in LibreOffice (which substitutes Liberation Serif)
//! and in our PDF.

use std::sync::LazyLock;

pub const REGULAR: &[u8] = include_bytes!("../fonts/VBHCSerif-Regular.ttf");
pub const BOLD: &[u8] = include_bytes!("../fonts/VBHCSerif-Bold.ttf");
pub const ITALIC: &[u8] = include_bytes!("../fonts/VBHCSerif-Italic.ttf");
pub const BOLD_ITALIC: &[u8] = include_bytes!("../fonts/VBHCSerif-BoldItalic.ttf");

/// The four faces, in the order regular, bold, italic, bold italic.
pub const ALL: [&[u8]; 4] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC];

/// The family name both writers use (§2: Times New Roman, FIXED).
pub const FAMILY: &str = "Times New Roman";

/// A parsed face: ttf-parser reads the tables in place, so parsing costs next to nothing and
/// a fresh process starts fast. The advance of every character of the Basic Multilingual Plane
/// is read out of the tables once: every character of every input is measured and checked,
/// and a table lookup per character cost more than all the rest of reading an input.
struct Face {
    face: ttf_parser::Face<'static>,
    units_per_em: f64,
    /// Advance of each BMP character, in font units (the missing glyph's for one without).
    bmp_advance: Box<[u16]>,
    /// Which BMP characters have a glyph, one bit each.
    bmp_present: Box<[u64]>,
}

const BMP: usize = 0x1_0000;

impl Face {
    fn parse(data: &'static [u8]) -> Face {
        let face = ttf_parser::Face::parse(data, 0).expect("embedded font parses");
        let notdef = face.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0);
        let mut bmp_advance = vec![notdef; BMP].into_boxed_slice();
        let mut bmp_present = vec![0u64; BMP / 64].into_boxed_slice();
        for subtable in face.tables().cmap.iter().flat_map(|c| c.subtables) {
            if !subtable.is_unicode() {
                continue;
            }
            subtable.codepoints(|cp| {
                let i = cp as usize;
                // Glyph 0 is the "missing glyph" box: mapping to it is not having one.
                if i < BMP
                    && let Some(glyph) = subtable.glyph_index(cp).filter(|g| g.0 != 0)
                {
                    bmp_advance[i] = face.glyph_hor_advance(glyph).unwrap_or(0);
                    bmp_present[i / 64] |= 1 << (i % 64);
                }
            });
        }
        Face {
            units_per_em: face.units_per_em() as f64,
            face,
            bmp_advance,
            bmp_present,
        }
    }

    fn has(&self, c: char) -> bool {
        let i = c as usize;
        if i < BMP {
            self.bmp_present[i / 64] & (1 << (i % 64)) != 0
        } else {
            self.face.glyph_index(c).is_some_and(|g| g.0 != 0)
        }
    }

    fn advance(&self, c: char) -> u16 {
        if let Some(&a) = self.bmp_advance.get(c as usize) {
            return a;
        }
        let glyph = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        self.face.glyph_hor_advance(glyph).unwrap_or(0)
    }

    fn width(&self, text: &str, size: f64) -> f64 {
        let units: u64 = text.chars().map(|c| self.advance(c) as u64).sum();
        units as f64 / self.units_per_em * size
    }
}

static FACES: LazyLock<[Face; 4]> = LazyLock::new(|| ALL.map(Face::parse));

/// Whether every face of the embedded font has a glyph for `c`: a character without one would
/// print as an empty box, and PDF/A refuses it.
pub fn has_glyph(c: char) -> bool {
    FACES.iter().all(|f| f.has(c))
}

fn face(bold: bool, italic: bool) -> &'static Face {
    &FACES[(bold as usize) + 2 * (italic as usize)]
}

/// Advance width of `text` in points (no kerning: Word does not kern by default, and typst is
/// told not to either).
pub fn measure(text: &str, size: f64, bold: bool, italic: bool) -> f64 {
    face(bold, italic).width(text, size)
}

/// Widths of the lines of `text` broken first-fit at spaces into lines of at most `max_width`,
/// the way Word, LibreOffice and typst's simple line breaker do it.
pub fn wrap_widths(text: &str, size: f64, bold: bool, max_width: f64) -> Vec<f64> {
    let face = face(bold, false);
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    let mut current: Option<f64> = None;
    for word in text.split_whitespace() {
        let w = face.width(word, size);
        current = match current {
            None => Some(w),
            Some(c) if c + space + w <= max_width => Some(c + space + w),
            Some(c) => {
                lines.push(c);
                Some(w)
            }
        };
    }
    lines.extend(current);
    lines
}

/// Vertical metrics of the regular face as fractions of the size: what "single" line spacing
/// means in Word for this font (ascent + descent + line gap, from the `hhea` table).
pub struct LineMetrics {
    pub ascent: f64,
    pub descent: f64,
    pub gap: f64,
}

pub fn line_metrics() -> LineMetrics {
    let face = ttf_parser::Face::parse(REGULAR, 0).expect("embedded font parses");
    let upem = face.units_per_em() as f64;
    LineMetrics {
        ascent: face.ascender() as f64 / upem,
        descent: -(face.descender() as f64) / upem,
        gap: face.line_gap() as f64 / upem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tieu_ngu_width_matches_the_spec() {
        // §3 box 1: 159.1 pt at 13 pt bold.
        let w = measure(crate::nd30::TIEU_NGU, 13.0, true, false);
        assert!((w - 159.1).abs() < 0.3, "{w}");
    }

    #[test]
    fn every_vietnamese_letter_has_a_glyph() {
        let letters = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ₫";
        for f in FACES.iter() {
            for c in letters.chars().chain(letters.to_uppercase().chars()) {
                assert!(f.face.glyph_index(c).is_some(), "missing {c}");
            }
        }
    }

    /// The tables read once agree with the font's own lookups for every BMP character.
    #[test]
    fn bmp_tables_agree_with_the_font() {
        for f in FACES.iter() {
            for c in (0..BMP as u32).filter_map(char::from_u32) {
                let glyph = f.face.glyph_index(c).filter(|g| g.0 != 0);
                assert_eq!(f.has(c), glyph.is_some(), "{c:?}");
                let advance = f.face.glyph_hor_advance(glyph.unwrap_or(ttf_parser::GlyphId(0)));
                assert_eq!(f.advance(c), advance.unwrap_or(0), "{c:?}");
            }
        }
        assert!(has_glyph('ự') && !has_glyph('😀') && !has_glyph('中'));
    }

    #[test]
    fn wrapping_breaks_at_spaces() {
        let lines = wrap_widths(
            "aaa bbb ccc",
            14.0,
            false,
            measure("aaa bbb", 14.0, false, false),
        );
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn single_line_height_is_about_1_15() {
        let m = line_metrics();
        let h = m.ascent + m.descent + m.gap;
        assert!((h - 1.15).abs() < 0.01, "{h}");
    }
}
