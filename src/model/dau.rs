//! The header's keys (boxes 1–5): the type, the agency, the number and symbol, the date line,
//! the summary, the preamble.

use super::kieu::{self, Kieu};
use super::loai::{self, LoaiVanBan};
use super::ngay::{NgayVanBan, dong_ngay};
use super::{CoQuan, SoKyHieu, Validator};
use crate::diag::Pos;
use crate::reader::{RawVanBan, pos_of};
use serde_saphyr::Spanned;

pub(super) struct Dau {
    /// Absent when the type is unknown (an error is reported).
    pub loai: Option<LoaiVanBan>,
    /// The shipped type, when there is one.
    pub kieu: Option<&'static Kieu>,
    pub co_quan: CoQuan,
    pub so_va_ky_hieu: SoKyHieu,
    /// Absent when the date is wrong (an error is reported).
    pub ngay: Option<NgayVanBan>,
    pub dong_ngay: String,
    pub trich_yeu: Option<String>,
    pub can_cu: Vec<String>,
    pub mo_dau: Option<String>,
}

pub(super) fn dau(v: &mut Validator, raw: &RawVanBan, user_template: bool) -> Dau {
    let loai_pos = pos_of(&raw.loai.referenced);
    let kieu = kieu::tim(raw.loai.value.trim());
    let loai = match loai::tim(raw.loai.value.trim()) {
        Some(l) if kieu.is_some() || user_template => Some(*l),
        Some(l) => {
            let supported: Vec<&str> = kieu::KIEU.iter().map(|k| k.slug).collect();
            v.error(
                loai_pos,
                format!(
                    "loại văn bản `{}` chưa được hỗ trợ trong phiên bản này",
                    l.slug
                ),
                &format!("các loại hiện có: {}", supported.join(", ")),
            );
            None
        }
        None => {
            let slugs: Vec<&str> = loai::TAT_CA.iter().map(|l| l.slug).collect();
            let hint = match crate::reader::closest(raw.loai.value.trim(), &slugs) {
                Some(best) => format!("có phải ý bạn là `{best}`?"),
                None => "ví dụ `loai: ke-hoach`".to_string(),
            };
            v.error(
                loai_pos,
                format!("loại văn bản không có `{}`", raw.loai.value),
                &hint,
            );
            None
        }
    };

    let co_quan = CoQuan {
        chu_quan: raw
            .co_quan
            .value
            .chu_quan
            .as_ref()
            .and_then(|s| v.optional_text(s, "co_quan.chu_quan")),
        ten: v.text(&raw.co_quan.value.ten, "co_quan.ten"),
        viet_tat: v.symbol_part(&raw.co_quan.value.viet_tat, "co_quan.viet_tat"),
    };

    let so = raw.so.as_ref().and_then(|s| v.so(s));
    let ky_hieu = match (&raw.ky_hieu, loai.and_then(|l| l.viet_tat)) {
        (Some(k), _) => v.symbol_part(k, "ky_hieu"),
        (None, Some(abbr)) => format!("{abbr}-{}", co_quan.viet_tat),
        (None, None) => co_quan.viet_tat.clone(),
    };
    let so_va_ky_hieu = SoKyHieu { so, ky_hieu };

    let dia_danh = v.text(&raw.dia_danh, "dia_danh");
    let ngay = match NgayVanBan::parse(&raw.ngay.value) {
        Ok(ngay) => {
            if let (NgayVanBan::Du(d), Some(_)) = (ngay, &raw.so)
                && d > chrono::Local::now().date_naive()
            {
                v.warning(
                        pos_of(&raw.ngay.referenced),
                        format!("văn bản đã có số nhưng ngày {d} ở tương lai; văn bản được ghi ngày ký ban hành (Điều 15)"),
                    );
            }
            Some(ngay)
        }
        Err(msg) => {
            v.error(
                pos_of(&raw.ngay.referenced),
                msg,
                "ví dụ `ngay: 2023-02-05`",
            );
            None
        }
    };
    let dong_ngay = ngay.as_ref().map(|n| dong_ngay(&dia_danh, n)).unwrap_or_default();

    let trich_yeu = raw
        .trich_yeu
        .as_ref()
        .and_then(|s| v.optional_text(s, "trich_yeu"));
    if trich_yeu.is_none() && !user_template {
        v.error(
            Pos { line: 1, col: 1 },
            "thiếu khóa bắt buộc `trich_yeu`",
            "thêm dòng `trich_yeu: ...` (tóm tắt nội dung văn bản)",
        );
    }
    if let Some(t) = &trich_yeu {
        let pos = pos_of(&raw.trich_yeu.as_ref().unwrap().referenced);
        if !t.chars().any(char::is_lowercase) && t.chars().any(char::is_alphabetic) {
            v.warning(pos, "trích yếu viết toàn chữ in hoa; Nghị định 30 quy định viết thường, in đậm (Phụ lục I, ô 5a)");
        }
    }

    let can_cu = raw.can_cu.iter().map(|s| v.text(s, "can_cu")).collect();
    let mo_dau = raw
        .mo_dau
        .as_ref()
        .and_then(|s| v.optional_text(s, "mo_dau"));

    Dau {
        loai,
        kieu,
        co_quan,
        so_va_ky_hieu,
        ngay,
        dong_ngay,
        trich_yeu,
        can_cu,
        mo_dau,
    }
}

impl Validator {
    /// The number: Arabic digits, no separators, a leading zero below ten (§3.2).
    fn so(&mut self, s: &Spanned<String>) -> Option<String> {
        let t = s.value.trim();
        if t.is_empty() || t == "~" || t == "null" {
            return None;
        }
        match t.parse::<u32>() {
            Ok(n) if n > 0 && t.bytes().all(|b| b.is_ascii_digit()) => Some(format!("{n:02}")),
            _ => {
                self.error(
                    pos_of(&s.referenced),
                    format!("số văn bản không hợp lệ `{t}`: chỉ gồm chữ số, lớn hơn 0, không có dấu chấm"),
                    "ví dụ `so: 2712`; bỏ trống (`so: null`) khi chưa cấp số",
                );
                None
            }
        }
    }

}
