//! Text hygiene: what clerks paste from Word, web pages and old files. Every text of the
//! input goes through [`clean`]: NFC, control characters (which XML cannot even carry) and
//! invisible characters removed, tabs made spaces, and text in the legacy TCVN3 (ABC) or VNI
//! encodings recognised, so that it is refused with advice instead of printed as garbage.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI",
        }
    }
}

#[derive(Debug, Default)]
pub struct Cleaned {
    pub text: String,
    /// Characters removed: controls and invisible ones, each once.
    pub removed: Vec<char>,
    /// Holds no-break spaces (kept: they are meaningful, but often pasted by accident).
    pub nbsp: bool,
    pub legacy: Option<Legacy>,
    /// Characters the font (Times New Roman, served by VBHC Serif) has no glyph for.
    pub missing: Vec<char>,
    /// Characters of scripts written right to left (Hebrew, Arabic, …).
    pub right_to_left: Vec<char>,
}

/// Whether `c` belongs to a script written right to left: the blocks of Hebrew, Arabic,
/// Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms, and the historic
/// right-to-left scripts. A Vietnamese document is left to right throughout, and typst's
/// layout and PDF export panic on some of these (a Hebrew accent after a Latin letter,
/// `ngành\u{5A6}`, found by fuzzing); the font has Hebrew glyphs, so the glyph check lets them by.
pub fn right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFE | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Invisible characters that only get in the way: zero-width space, non-joiner, joiner, word
/// joiner, byte-order mark, soft hyphen (nothing is hyphenated).
const INVISIBLE: [char; 6] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}',
];

fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n') || c == '\u{FFFE}' || c == '\u{FFFF}'
}

pub fn clean(s: &str) -> Cleaned {
    let mut out = Cleaned::default();
    let mut text = String::with_capacity(s.len());
    // Most text arrives in NFC already, and the quick check is far cheaper than normalising.
    let nfc: std::borrow::Cow<str> = if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.into()
    } else {
        s.nfc().collect::<String>().into()
    };
    for c in nfc.chars() {
        match c {
            '\t' => text.push(' '),
            '\r' => {}
            c if is_control(c) || INVISIBLE.contains(&c) => {
                if !out.removed.contains(&c) {
                    out.removed.push(c);
                }
            }
            '\u{A0}' | '\u{202F}' => {
                out.nbsp = true;
                text.push(c);
            }
            c => text.push(c),
        }
    }
    out.text = text
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string();
    out.legacy = detect_legacy(&out.text);
    for c in out.text.chars() {
        if right_to_left(c) {
            if !out.right_to_left.contains(&c) {
                out.right_to_left.push(c);
            }
        } else if c != '\n' && !out.missing.contains(&c) && !crate::fonts::has_glyph(c) {
            out.missing.push(c);
        }
    }
    out
}

/// Characters of the TCVN3 (ABC) encoding read as Latin-1 that Vietnamese in Unicode never
/// uses: `KÕ ho¹ch` is `Kế hoạch`, `§éc lËp` is `Độc lập`.
const TCVN3_SIGNS: &str = "¸µ¶·¹¨©®ª«¬§¦¤¥¢£¡¼½¾ËÎÏÑÖ×ØÛÜÞßåæçëîïñö÷øûüþÿ";

/// VNI writes the marks as Latin-1 letters after the vowel: `Vieät Nam`, `Haø Noäi`.
const VNI_MARKS: &str = "øûïäëöåùõ";

fn detect_legacy(s: &str) -> Option<Legacy> {
    // The signs of both encodings are all outside ASCII, so ASCII characters are passed over
    // before the (slower) search in the lists.
    let sign = |c: char, signs: &str| !c.is_ascii() && signs.contains(c);
    let chars: Vec<char> = s.chars().collect();
    let vni = chars
        .windows(2)
        .filter(|w| sign(w[1], VNI_MARKS) && "aeiouyAEIOUY".contains(w[0]))
        .count();
    if vni >= 2 {
        return Some(Legacy::Vni);
    }
    let tcvn3 = chars.iter().filter(|&&c| sign(c, TCVN3_SIGNS)).count();
    (tcvn3 >= 2).then_some(Legacy::Tcvn3)
}

/// `U+200B` for a message.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_the_font_lacks_are_found() {
        let c = clean("Việt Nam ≥ 5 ۣ 日本 ❤ Đ");
        assert_eq!(c.missing, ['日', '本', '❤']);
        assert_eq!(c.right_to_left, ['\u{6E3}']);
        assert!(clean("Kế hoạch – “số” 1/2 … №").missing.is_empty());
    }

    #[test]
    fn removes_controls_and_invisibles_and_keeps_the_rest() {
        let c = clean("Việc\u{1} triển\u{200B} khai\u{AD} phải\u{FEFF}\tx\u{A0}y \u{B} z\u{7F}");
        assert_eq!(c.text, "Việc triển khai phải x\u{A0}y  z");
        assert_eq!(
            c.removed,
            ['\u{1}', '\u{200B}', '\u{AD}', '\u{FEFF}', '\u{B}', '\u{7F}']
        );
        assert!(c.nbsp);
        assert_eq!(c.legacy, None);
    }

    #[test]
    fn normalises_to_nfc() {
        assert_eq!(clean("Ho\u{0300}a").text, "Hòa");
    }

    #[test]
    fn recognises_legacy_encodings() {
        assert_eq!(clean("KÕ ho¹ch ph¸t ®éng").legacy, Some(Legacy::Tcvn3));
        assert_eq!(clean("Vieät Nam, Haø Noäi").legacy, Some(Legacy::Vni));
        for good in [
            "Kế hoạch phát động",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "VÕ VĂN THANH",
            "Nhiệt độ ≥ 37°C",
            "tuân thủ, khuân vác",
        ] {
            assert_eq!(clean(good).legacy, None, "{good}");
        }
    }
}
