//! The closing keys (boxes 7–9b): the recipients and the archive line, the signer and the
//! authority lines above the title (§3.7, §3.8).

use super::{NguoiKy, Validator};
use crate::nd30::MARKERS;
use crate::reader::{RawVanBan, pos_of};
use serde_saphyr::Spanned;

pub(super) struct Cuoi {
    pub noi_nhan: Vec<String>,
    pub luu: Vec<String>,
    pub nguoi_ky: NguoiKy,
}

pub(super) fn cuoi(v: &mut Validator, raw: &RawVanBan) -> Cuoi {
    let noi_nhan: Vec<String> = raw
        .noi_nhan
        .value
        .iter()
        .map(|s| bo_gach_dau_dong(&v.text(s, "noi_nhan")).to_string())
        .collect();
    if noi_nhan.is_empty() {
        v.error(
            pos_of(&raw.noi_nhan.referenced),
            "`noi_nhan` trống",
            "ghi ít nhất một nơi nhận",
        );
    }
    let luu: Vec<String> = raw.luu.iter().map(|s| v.symbol_part(s, "luu")).collect();
    if luu.is_empty() {
        v.warning(
            pos_of(&raw.noi_nhan.referenced),
            "Nơi nhận không có dòng `Lưu: VT, …`; thêm khóa `luu` (Phụ lục I, ô 9b: dòng cuối là nơi lưu văn bản)",
        );
    }

    let nk = &raw.nguoi_ky.value;
    let nguoi_ky = NguoiKy {
        quyen_han: nk.quyen_han.iter().map(|s| v.quyen_han(s)).collect(),
        chuc_vu: v.text(&nk.chuc_vu, "nguoi_ky.chuc_vu"),
        ho_ten: v.text(&nk.ho_ten, "nguoi_ky.ho_ten"),
    };

    Cuoi {
        noi_nhan,
        luu,
        nguoi_ky,
    }
}

impl Validator {
    /// An authority line: a marker from §3.8 followed by a title (`KT. GIÁM ĐỐC`).
    fn quyen_han(&mut self, s: &Spanned<String>) -> String {
        let t = self.clean(&s.value, pos_of(&s.referenced), "nguoi_ky.quyen_han");
        let marker_ok = MARKERS.iter().any(|m| {
            t.strip_prefix(m)
                .is_some_and(|rest| rest.starts_with(' ') && !rest.trim().is_empty())
        });
        if !marker_ok {
            let first = t.split_whitespace().next().unwrap_or("");
            let fixed = MARKERS
                .iter()
                .find(|m| {
                    m.trim_end_matches('.')
                        .eq_ignore_ascii_case(&first.replace('.', ""))
                })
                .map(|m| format!("viết `{m} {}`", t[first.len()..].trim()))
                .unwrap_or_else(|| {
                    "mỗi dòng bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. và một dấu cách".into()
                });
            self.error(
                pos_of(&s.referenced),
                format!("dòng quyền hạn không hợp lệ `{t}`: cần TM., KT., Q., TL. hoặc TUQ. (chữ in hoa, có dấu chấm)"),
                &fixed,
            );
        }
        t
    }
}

/// A list item without the dash or bullet a clerk types before it (`- Như trên;` → `Như trên;`):
/// the tree writes the dash (§3.6, §3.7), and templates look at what the item says.
pub(super) fn bo_gach_dau_dong(s: &str) -> &str {
    let t = s.trim_start();
    for bullet in ["- ", "+ ", "• ", "– ", "-", "•", "–"] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_dash_before_a_recipient_goes() {
        assert_eq!(bo_gach_dau_dong("- Như trên;"), "Như trên;");
        assert_eq!(bo_gach_dau_dong("-Như Điều 3;"), "Như Điều 3;");
        assert_eq!(bo_gach_dau_dong("Sở Y tế"), "Sở Y tế");
        assert_eq!(bo_gach_dau_dong("UBND xã - phường"), "UBND xã - phường");
    }
}
