//! The layout a document asks for: the margins (`le`), the size profile (`kho_chu`) and the
//! sizes of single components (`co_chu`), each within the decree's ranges (§1, §3, §4.3).

use super::{Validator, khoa};
use crate::diag::Pos;
use crate::reader::{RawVanBan, pos_of};

impl Validator {
    /// The layout: the default profile, or the decree file's margins (`le: nghi-dinh`), the
    /// Mẫu size profile (`kho_chu: mau`), and sizes of components (`co_chu:`) checked against
    /// the decree's ranges.
    pub(super) fn layout(&mut self, raw: &RawVanBan) -> crate::nd30::Layout {
        let mut l = crate::nd30::Layout::mac_dinh();
        if let Some(le) = &raw.le {
            match le.value.trim() {
                "mac-dinh" => {}
                "nghi-dinh" => l = l.le_nghi_dinh(),
                other => self.error(pos_of(&le.referenced), format!("`le` không hợp lệ `{other}`"), &choose(khoa::LE)),
            }
        }
        if let Some(k) = &raw.kho_chu {
            match k.value.trim() {
                "mac-dinh" => {}
                "mau" => l = l.co_chu_mau(),
                other => self.error(pos_of(&k.referenced), format!("`kho_chu` không hợp lệ `{other}`"), &choose(khoa::KHO_CHU)),
            }
        }
        if let Some(co_chu) = &raw.co_chu {
            for (key, size) in &co_chu.value {
                let pos = pos_of(&size.referenced);
                match crate::nd30::SIZE_RANGES.iter().find(|(k, _, _)| k == key) {
                    Some((_, lo, hi)) if (*lo..=*hi).contains(&size.value) => {
                        l.size.set(key, size.value)
                    }
                    Some((_, lo, hi)) => self.error(
                        pos,
                        format!(
                            "cỡ chữ `{key}` = {} nằm ngoài khoảng Nghị định 30 cho phép",
                            size.value
                        ),
                        &format!("chọn từ {lo} đến {hi}"),
                    ),
                    None => {
                        let keys: Vec<&str> = crate::nd30::SIZE_RANGES
                            .iter()
                            .map(|(k, _, _)| *k)
                            .collect();
                        let hint = match crate::reader::closest(key, &keys) {
                            Some(best) => format!("có phải ý bạn là `{best}`?"),
                            None => format!("các thành phần đổi được cỡ chữ: {}", keys.join(", ")),
                        };
                        self.error(pos, format!("không đổi được cỡ chữ của `{key}`"), &hint);
                    }
                }
            }
        }
        // §4.3: the quốc hiệu must stay on one line.
        if crate::fonts::measure(crate::nd30::QUOC_HIEU, l.size.quoc_hieu, true, false)
            > l.col_right
        {
            self.error(
                Pos { line: 1, col: 1 },
                "quốc hiệu không vừa một dòng ở cột phải với cỡ chữ này",
                "giảm cỡ chữ `quoc_hieu`",
            );
        }
        l
    }
}

/// "chọn `a` (…) hoặc `b` (…)": the hint for a key of a few words.
fn choose(choices: &[khoa::LuaChon]) -> String {
    let words: Vec<String> = choices.iter().map(|(word, note)| format!("`{word}` ({note})")).collect();
    format!("chọn {}", words.join(" hoặc "))
}
