//! The body's keys: the sections, the addressees, a quyết định's authority and articles, a
//! giấy mời's lines, which keys each shipped type takes and needs (`kieu`), and the
//! appendices with the line that ties each to the document (§3.9).

use super::cuoi::bo_gach_dau_dong;
use super::dau::Dau;
use super::ngay::format_ngay;
use super::{Khoi, Muc, Validator, khoi};
use crate::diag::Pos;
use crate::reader::{RawMuc, RawVanBan, pos_of};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

pub(super) struct Than {
    pub muc: BTreeMap<&'static str, Muc>,
    pub kinh_gui: Vec<String>,
    pub quyen_ban_hanh: Option<String>,
    pub dieu: Vec<Khoi>,
    pub dia_diem: Option<String>,
    pub chu_tri: Option<String>,
}

pub(super) fn than(v: &mut Validator, raw: &RawVanBan, dau: &Dau, user_template: bool) -> Than {
    let (kieu, loai) = (dau.kieu, dau.loai);
    let root = Pos { line: 1, col: 1 };
    let mut muc = BTreeMap::new();
    let sections: [(&'static str, &Option<Spanned<RawMuc>>); 10] = [
        ("muc_dich", &raw.muc_dich),
        ("yeu_cau", &raw.yeu_cau),
        ("thoi_gian", &raw.thoi_gian),
        ("noi_dung", &raw.noi_dung),
        ("kinh_phi", &raw.kinh_phi),
        ("to_chuc_thuc_hien", &raw.to_chuc_thuc_hien),
        ("ket_qua", &raw.ket_qua),
        ("ton_tai_han_che", &raw.ton_tai_han_che),
        ("phuong_huong", &raw.phuong_huong),
        ("kien_nghi", &raw.kien_nghi),
    ];
    let mut present: Vec<(&str, Pos)> = Vec::new();
    for (key, section) in sections {
        if let Some(s) = section {
            let pos = pos_of(&s.referenced);
            present.push((key, pos));
            // The body itself, where lettered parts may stand, or a section under its heading.
            let cap = if key == "noi_dung" && kieu.is_none_or(|k| k.phan) {
                khoi::Cap::Than
            } else {
                khoi::Cap::Khac
            };
            let m = v.muc(&s.value, pos, cap);
            muc.insert(key, m);
        }
    }
    let kinh_gui: Vec<String> = match &raw.kinh_gui {
        Some(k) => {
            let pos = pos_of(&k.referenced);
            present.push(("kinh_gui", pos));
            let items: Vec<String> = k
                .value
                .0
                .iter()
                .map(|t| bo_gach_dau_dong(&v.clean(t, pos, "kinh_gui")).to_string())
                .filter(|t| !t.is_empty())
                .collect();
            if items.is_empty() {
                v.error(
                    pos,
                    "`kinh_gui` trống",
                    "ghi tên cơ quan nhận, ví dụ `kinh_gui: Sở Nội vụ tỉnh Kon Tum`",
                );
            }
            items
        }
        None => Vec::new(),
    };
    let quyen_ban_hanh = raw.quyen_ban_hanh.as_ref().map(|q| {
        present.push(("quyen_ban_hanh", pos_of(&q.referenced)));
        v.text(q, "quyen_ban_hanh")
    });
    let dieu = match &raw.dieu {
        Some(d) => {
            let pos = pos_of(&d.referenced);
            present.push(("dieu", pos));
            v.khoi_list(&d.value, pos, khoi::Noi::top(khoi::Cap::Dieu))
        }
        None => Vec::new(),
    };
    let dia_diem = raw.dia_diem.as_ref().map(|d| {
        present.push(("dia_diem", pos_of(&d.referenced)));
        v.text(d, "dia_diem")
    });
    let chu_tri = raw.chu_tri.as_ref().map(|d| {
        present.push(("chu_tri", pos_of(&d.referenced)));
        v.text(d, "chu_tri")
    });
    // A giấy mời prints `Thời gian:` on one line: one paragraph of text.
    if kieu.is_some_and(|k| k.slug == "giay-moi")
        && !user_template
        && let Some(m) = muc.get("thoi_gian")
        && (!matches!(m.noi_dung.as_slice(), [Khoi::Doan(_)]) || m.tieu_de.is_some())
    {
        let pos = raw
            .thoi_gian
            .as_ref()
            .map_or(root, |t| pos_of(&t.referenced));
        v.error(
            pos,
            "giấy mời: `thoi_gian` là một dòng chữ",
            "ví dụ `thoi_gian: 08 giờ 00, ngày 05 tháng 10 năm 2023`",
        );
    }
    if let Some(k) = kieu.filter(|_| !user_template) {
        let noun = loai.map_or(k.slug.to_string(), |l| l.ten.to_lowercase());
        for (key, pos) in &present {
            if !k.takes(key) {
                v.error(
                    *pos,
                    format!("khóa `{key}` không dùng cho {noun} (`loai: {}`)", k.slug),
                    &format!("các khóa nội dung của {noun}: {}", k.keys.join(", ")),
                );
            }
        }
        for key in k.required {
            let has = present.iter().any(|(p, _)| p == key)
                || (*key == "ky_hieu" && raw.ky_hieu.is_some());
            if !has {
                let hint = if *key == "ky_hieu" {
                    "công văn ghi ký hiệu cơ quan - đơn vị soạn thảo, ví dụ `ky_hieu: SYT-NVY`"
                        .to_string()
                } else {
                    format!("thêm `{key}:`")
                };
                v.error(root, format!("{noun} thiếu khóa bắt buộc `{key}`"), &hint);
            }
        }
        if !k.one_of.is_empty()
            && !k
                .one_of
                .iter()
                .any(|key| present.iter().any(|(p, _)| p == key))
        {
            let keys: Vec<String> = k.one_of.iter().map(|k| format!("`{k}`")).collect();
            v.error(
                root,
                format!("{noun} cần ít nhất một trong các khóa {}", keys.join(", ")),
                &format!("thêm `{}:` với danh sách đoạn văn", k.one_of[0]),
            );
        }
    }

    Than {
        muc,
        kinh_gui,
        quyen_ban_hanh,
        dieu,
        dia_diem,
        chu_tri,
    }
}

/// The appendices, and the line that ties them to the document.
pub(super) fn phu_luc(v: &mut Validator, raw: &RawVanBan, dau: &Dau) -> (Vec<Muc>, String) {
    let (loai, so_va_ky_hieu, ngay) = (dau.loai, &dau.so_va_ky_hieu, &dau.ngay);
    let phu_luc: Vec<Muc> = match &raw.phu_luc {
        Some(p) => {
            let pos = pos_of(&p.referenced);
            p.value
                .iter()
                .filter_map(|k| match v.khoi(k, pos, khoi::Noi::top(khoi::Cap::Khac)) {
                    Khoi::TieuMuc(m) => Some(m),
                    _ => {
                        v.error(
                            pos,
                            "mỗi phụ lục là {tieu_de, noi_dung}",
                            "ví dụ `- tieu_de: DANH SÁCH ĐƠN VỊ`, rồi `noi_dung:`",
                        );
                        None
                    }
                })
                .collect()
        }
        None => Vec::new(),
    };
    // §3.9: `(Kèm theo Kế hoạch số 241/KH-SYT ngày 10 tháng 02 năm 2020 của Sở Y tế)`.
    let dong_tham_chieu = {
        let ten = loai.map(|l| l.ten.to_lowercase()).unwrap_or_default();
        let mut ten_loai: String = ten.chars().take(1).flat_map(char::to_uppercase).collect();
        ten_loai.push_str(&ten.chars().skip(1).collect::<String>());
        let so = so_va_ky_hieu.trong_cau();
        let ngay = ngay.as_ref().map(format_ngay).unwrap_or_default();
        let cua = raw
            .co_quan
            .value
            .ten_day_du
            .as_ref()
            .and_then(|t| v.optional_text(t, "co_quan.ten_day_du"));
        match cua {
            Some(c) => format!("(Kèm theo {ten_loai} số {so} {ngay} của {c})"),
            None => format!("(Kèm theo {ten_loai} số {so} {ngay})"),
        }
    };
    (phu_luc, dong_tham_chieu)
}
