//! Headings and their numbering (§3.5): `I.`, `II.` … in order, `1.` … restarting under each,
//! `1.1.` under `1.`, points `a)`, `b)` … in the Vietnamese order. Never skipped, never repeated.

use super::Ctx;
use crate::lint::MucDo;
use crate::lint::thanh_phan::in_hoa;

/// The letters of points, in the Vietnamese order (no f, j, w, z).
const CHU_DIEM: [&str; 23] = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"];

/// What a paragraph's number is (also what `vbhc import` reads a heading's level from).
#[derive(Debug, PartialEq)]
pub enum So {
    LaMa(u32),
    /// `1.`, `1.2.`, `1.2.3.`: the numbers.
    ARap(Vec<u32>),
    Chu(String),
}

fn roman_value(s: &str) -> Option<u32> {
    let roman = |n: u32| crate::tree::roman(n as usize);
    if s.is_empty() || !s.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')) {
        return None;
    }
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 100,
    };
    let v: Vec<u32> = s.chars().map(value).collect();
    let mut total = 0;
    for (i, &x) in v.iter().enumerate() {
        if v.get(i + 1).is_some_and(|&n| n > x) {
            total -= x as i64;
        } else {
            total += x as i64;
        }
    }
    (total > 0 && roman(total as u32) == s).then_some(total as u32)
}

/// The number a paragraph starts with, if it is numbered like a heading or a point.
fn so_cua(text: &str) -> Option<So> {
    tach(text).map(|(so, _)| so)
}

/// A numbered paragraph's number and the text after it: `II. NỘI DUNG` → (`II`, `NỘI DUNG`).
pub fn tach(text: &str) -> Option<(So, &str)> {
    let (head, rest) = text.split_once([' ', '\t'])?;
    let rest = rest.trim();
    if rest.is_empty() {
        return None;
    }
    let so = so_cua_head(head)?;
    Some((so, rest))
}

fn so_cua_head(head: &str) -> Option<So> {
    if let Some(r) = head.strip_suffix('.').and_then(roman_value) {
        return Some(So::LaMa(r));
    }
    if let Some(letter) = head.strip_suffix(')') {
        let n = letter.chars().count();
        if n == 1 && letter.chars().all(|c| c.is_lowercase()) {
            return Some(So::Chu(letter.to_string()));
        }
        return None;
    }
    let digits = head.strip_suffix('.').unwrap_or(head);
    // Heading numbers have one or two digits a level (`12.500` is a number in a table).
    let parts: Option<Vec<u32>> = digits.split('.').map(|p| (!p.is_empty() && p.len() <= 2).then(|| p.parse().ok()).flatten()).collect();
    match parts {
        Some(p) if !p.is_empty() && (head.ends_with('.') || p.len() > 1) => Some(So::ARap(p)),
        _ => None,
    }
}

pub fn check(ctx: &mut Ctx) {
    let body = ctx.tp.than.clone();
    let mut roman_last = 0;
    // The arabic numbers by depth (`1.` is depth 1, `1.2.` depth 2), under the current `I.`.
    let mut arabic: Vec<u32> = Vec::new();
    let mut letters: Option<usize> = None;
    for i in body {
        let text = ctx.text(i);
        // `A.`, `B.` … (not `I.`, `V.`, `X.`, which are section numbers).
        let part = text.split_once(". ").is_some_and(|(h, _)| h.len() == 1 && h.chars().all(|c| c.is_ascii_uppercase() && !matches!(c, 'I' | 'V' | 'X')));
        if text.starts_with("Phụ lục") || text.starts_with("Phần ") || text.starts_with("Chương ") || part {
            // An appendix, a part (`A.`, `Phần I`) or a chapter numbers its headings afresh.
            (roman_last, letters) = (0, None);
            arabic.clear();
            continue;
        }
        let Some(so) = so_cua(&text) else { continue };
        match so {
            So::LaMa(n) => {
                // §3.5: a section heading (`I.`, `II.`) is set bold, in capitals.
                if !ctx.doan(i).toan_dam() {
                    ctx.at(i, "kieu-chu", MucDo::Loi, "§3.5", "tiêu đề mục (I., II., …) phải in đậm");
                } else if !in_hoa(&text) {
                    ctx.at(i, "kieu-chu", MucDo::CanhBao, "§3.5", "tiêu đề mục (I., II., …) thường viết in hoa");
                }
                if n == roman_last {
                    ctx.at(i, "so-muc", MucDo::Loi, "§3.5", format!("mục {} lặp lại", crate::tree::roman(n as usize)));
                } else if n != roman_last + 1 {
                    let roman = |n: u32| crate::tree::roman(n as usize);
                    let missing: Vec<String> = (roman_last + 1..n).map(roman).collect();
                    ctx.at(i, "so-muc", MucDo::Loi, "§3.5", format!("số mục nhảy từ {} sang {}: thiếu mục {}", if roman_last == 0 { "đầu".into() } else { roman(roman_last) }, roman(n), missing.join(", ")));
                }
                roman_last = n;
                arabic.clear();
                letters = None;
            }
            So::ARap(parts) => {
                let depth = parts.len();
                let parents_ok = parts[..depth - 1] == arabic[..(depth - 1).min(arabic.len())] && arabic.len() >= depth - 1;
                if !parents_ok {
                    let label = parts.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
                    let parent = parts[..depth - 1].iter().map(u32::to_string).collect::<Vec<_>>().join(".");
                    ctx.at(i, "so-muc", MucDo::Loi, "§3.5", format!("mục {label}. không nằm dưới mục {parent}."));
                } else {
                    let before = arabic.get(depth - 1).copied().unwrap_or(0);
                    let n = parts[depth - 1];
                    if n == before {
                        ctx.at(i, "so-muc", MucDo::Loi, "§3.5", format!("số {n}. lặp lại"));
                    } else if n != before + 1 {
                        ctx.at(i, "so-muc", MucDo::Loi, "§3.5", format!("số nhảy từ {before} sang {n}"));
                    }
                }
                arabic.truncate(depth - 1);
                while arabic.len() < depth - 1 {
                    arabic.push(0);
                }
                arabic.push(parts[depth - 1]);
                letters = None;
            }
            So::Chu(letter) => {
                let Some(pos) = CHU_DIEM.iter().position(|l| *l == letter) else {
                    ctx.at(i, "so-muc", MucDo::Loi, "§3.5", format!("điểm `{letter})` không có trong thứ tự chữ cái tiếng Việt (a, b, c, d, đ, e, g, …; không có f, j, w, z)"));
                    continue;
                };
                let expected = letters.map_or(0, |p| p + 1);
                if pos != expected {
                    ctx.at(i, "so-muc", MucDo::Loi, "§3.5", format!("điểm `{letter})` sau điểm `{}`; thứ tự đúng: `{})`", letters.map_or("(đầu)".to_string(), |p| format!("{})", CHU_DIEM[p])), CHU_DIEM[expected.min(22)]));
                }
                letters = Some(pos);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_a_clerk_types_them() {
        assert_eq!(so_cua("I. MỤC ĐÍCH"), Some(So::LaMa(1)));
        assert_eq!(so_cua("IV. TỔ CHỨC"), Some(So::LaMa(4)));
        assert_eq!(so_cua("IIII. X"), None);
        assert_eq!(so_cua("1. Mục đích"), Some(So::ARap(vec![1])));
        assert_eq!(so_cua("1.2. Yêu cầu"), Some(So::ARap(vec![1, 2])));
        assert_eq!(so_cua("1.2 Yêu cầu"), Some(So::ARap(vec![1, 2])));
        assert_eq!(so_cua("đ) điểm"), Some(So::Chu("đ".into())));
        assert_eq!(so_cua("2021 là năm"), None);
        assert_eq!(so_cua("Căn cứ Luật"), None);
        assert_eq!(so_cua("I."), None);
    }
}
