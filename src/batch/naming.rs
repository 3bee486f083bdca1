//! Names made from Vietnamese text: the variable a column header becomes (`Tên đơn vị` →
//! `ten_don_vi`) and output file names that every filesystem, zip tool and mail client accepts.

use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// The longest file name we make, in bytes, before the extension: far below every
/// filesystem's limit, leaving room for `-2` and `.docx`.
const MAX_STEM: usize = 100;

/// Names Windows reserves whatever follows the first dot (`nul.txt`, `con.x.pdf`), `0` included
/// for the ports since Windows 11 refuses those too.
const RESERVED: [&str; 24] = [
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Vietnamese letters without their marks: `Đồng Hới` → `Dong Hoi`.
pub fn ascii_fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// `s` folded to ASCII with every run of other characters made one `sep`, trimmed of it.
fn fold_with(s: &str, sep: char, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in ascii_fold(s).chars() {
        if keep(c) {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    out.trim_end_matches(sep).to_string()
}

/// The template variable for a column header: lower case ASCII letters, digits and `_`.
/// `Tên đơn vị` → `ten_don_vi`, `Số lượt khám (2024)` → `so_luot_kham_2024`.
pub fn variable_name(header: &str) -> String {
    let name = fold_with(header.trim(), '_', |c| c.is_ascii_alphanumeric()).to_lowercase();
    // A variable cannot start with a digit.
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("cot_{name}")
    } else {
        name
    }
}

/// A file name stem from user text: ASCII letters, digits, `.`, `_` and `-` only, no leading
/// dot, not a reserved Windows name, at most [`MAX_STEM`] bytes. Empty when nothing is left.
pub fn file_stem(text: &str) -> String {
    let mut stem = fold_with(text.trim(), '-', |c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
    });
    stem.truncate(MAX_STEM);
    let stem = stem.trim_matches(|c| c == '.' || c == '-').to_string();
    let (first, rest) = stem.split_at(stem.find('.').unwrap_or(stem.len()));
    if RESERVED.contains(&first.to_ascii_lowercase().as_str()) {
        format!("{first}-{rest}")
    } else {
        stem
    }
}

/// Hands out unique names, comparing without case (Windows and macOS do): the second
/// `bv-a` becomes `bv-a-2`.
#[derive(Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    pub fn take(&mut self, stem: &str) -> String {
        let mut candidate = stem.to_string();
        let mut n = 1;
        while !self.taken.insert(candidate.to_ascii_lowercase()) {
            n += 1;
            candidate = format!("{stem}-{n}");
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_become_variables() {
        assert_eq!(variable_name("Tên đơn vị"), "ten_don_vi");
        assert_eq!(variable_name(" Số lượt khám (2024) "), "so_luot_kham_2024");
        assert_eq!(variable_name("ĐỊA CHỈ"), "dia_chi");
        assert_eq!(variable_name("ma"), "ma");
        assert_eq!(variable_name("2024"), "cot_2024");
        assert_eq!(variable_name("???"), "");
    }

    #[test]
    fn file_stems_are_safe_everywhere() {
        assert_eq!(file_stem("BV Đa khoa tỉnh / Khoa Nội"), "BV-Da-khoa-tinh-Khoa-Noi");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("a:b*c?d\"e<f>g|h\\i"), "a-b-c-d-e-f-g-h-i");
        assert_eq!(file_stem(".an"), "an");
        assert_eq!(file_stem("CON"), "CON-");
        assert_eq!(file_stem("nul"), "nul-");
        assert_eq!(file_stem("nul.txt"), "nul-.txt");
        assert_eq!(file_stem("con.x"), "con-.x");
        assert_eq!(file_stem("LPT1.x"), "LPT1-.x");
        assert_eq!(file_stem("COM0"), "COM0-");
        assert_eq!(file_stem("lpt0.a.b"), "lpt0-.a.b");
        assert_eq!(file_stem("COM¹"), "COM", "a superscript is not kept, so no COM¹ either");
        assert_eq!(file_stem("console.x"), "console.x");
        assert_eq!(file_stem("\u{0}\u{7}"), "");
        assert_eq!(file_stem(&"ư".repeat(500)).len(), MAX_STEM);
    }

    #[test]
    fn names_are_unique_without_case() {
        let mut names = UniqueNames::default();
        assert_eq!(names.take("bv-a"), "bv-a");
        assert_eq!(names.take("BV-A"), "BV-A-2");
        assert_eq!(names.take("bv-a"), "bv-a-3");
        assert_eq!(names.take("bv-b"), "bv-b");
    }
}
