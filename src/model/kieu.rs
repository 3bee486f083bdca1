//! The shape of each document type vbhc renders (§3.12): which body keys it takes, which it
//! requires, and which template lays it out. A type is data here and a template in
//! `templates/`; the writers never know it.

use super::khoa;

#[derive(Debug)]
pub struct Kieu {
    pub slug: &'static str,
    /// File in `templates/`.
    pub template: &'static str,
    /// Body sections and extra keys this type takes.
    pub keys: &'static [&'static str],
    /// Keys it cannot do without.
    pub required: &'static [&'static str],
    /// At least one of these (may be empty).
    pub one_of: &'static [&'static str],
    /// Whether its `noi_dung` without a heading of its own is the body itself, numbered
    /// `I.`, `II.`, where lettered parts (`A.`, `B.`) may group the sections.
    pub phan: bool,
}

impl Kieu {
    pub fn takes(&self, key: &str) -> bool {
        self.keys.contains(&key)
    }
}

/// Types with a body of free sections numbered I., II., … (Mẫu 1.4).
const CHUNG: &[&str] = &["noi_dung", "kinh_gui"];

pub const KIEU: [Kieu; 11] = [
    Kieu {
        slug: "ke-hoach",
        template: "ke-hoach.j2",
        keys: &[
            "muc_dich",
            "yeu_cau",
            "thoi_gian",
            "noi_dung",
            "kinh_phi",
            "to_chuc_thuc_hien",
        ],
        required: &["noi_dung", "to_chuc_thuc_hien"],
        phan: false,
        one_of: &["muc_dich", "yeu_cau"],
    },
    Kieu {
        slug: "bao-cao",
        template: "bao-cao.j2",
        keys: &[
            "noi_dung",
            "ket_qua",
            "ton_tai_han_che",
            "phuong_huong",
            "kien_nghi",
            "kinh_gui",
        ],
        required: &[],
        phan: true,
        // A report by the four sections of its kind, or a body of its own (with lettered
        // parts, `A. KẾT QUẢ …`, `B. PHƯƠNG HƯỚNG …`).
        one_of: &["ket_qua", "noi_dung"],
    },
    Kieu {
        slug: "cong-van",
        template: "cong-van.j2",
        keys: &["noi_dung", "kinh_gui"],
        required: &["noi_dung", "kinh_gui", "ky_hieu"],
        phan: true,
        one_of: &[],
    },
    Kieu {
        slug: "to-trinh",
        template: "to-trinh.j2",
        keys: CHUNG,
        required: &["noi_dung", "kinh_gui"],
        phan: true,
        one_of: &[],
    },
    Kieu {
        slug: "thong-bao",
        template: "thong-bao.j2",
        keys: CHUNG,
        required: &["noi_dung"],
        phan: true,
        one_of: &[],
    },
    Kieu {
        slug: "quyet-dinh",
        template: "quyet-dinh.j2",
        keys: &["quyen_ban_hanh", "dieu"],
        required: &["quyen_ban_hanh", "dieu"],
        phan: false,
        one_of: &[],
    },
    Kieu {
        slug: "giay-moi",
        template: "giay-moi.j2",
        keys: &["noi_dung", "thoi_gian", "dia_diem", "chu_tri", "kinh_gui"],
        required: &["thoi_gian", "dia_diem"],
        phan: true,
        one_of: &[],
    },
    Kieu {
        slug: "huong-dan",
        template: "huong-dan.j2",
        keys: CHUNG,
        required: &["noi_dung"],
        phan: true,
        one_of: &[],
    },
    Kieu {
        slug: "chuong-trinh",
        template: "chuong-trinh.j2",
        keys: CHUNG,
        required: &["noi_dung"],
        phan: true,
        one_of: &[],
    },
    Kieu {
        slug: "phuong-an",
        template: "phuong-an.j2",
        keys: CHUNG,
        required: &["noi_dung"],
        phan: true,
        one_of: &[],
    },
    Kieu {
        slug: "de-an",
        template: "de-an.j2",
        keys: CHUNG,
        required: &["noi_dung"],
        phan: true,
        one_of: &[],
    },
];

pub fn tim(slug: &str) -> Option<&'static Kieu> {
    KIEU.iter().find(|k| k.slug == slug)
}

/// Every key this type takes, in the order a document reads (header, its own body keys,
/// then recipients, signer, stamps), each with whether the type requires it: what `vbhc new`
/// comments and the editor's form lists (`editor/`), from the keys' declaration (`khoa`).
pub fn khoa_cua(k: &Kieu) -> Vec<(&'static khoa::Khoa, bool)> {
    use khoa::{BatBuoc, Nhom};
    let body = k.keys.iter().filter_map(|key| khoa::tim(key));
    let before = khoa::KHOA.iter().filter(|d| d.nhom == Nhom::Dau);
    let after = khoa::KHOA.iter().filter(|d| matches!(d.nhom, Nhom::Cuoi | Nhom::DanhDau));
    before
        .chain(body)
        .chain(after)
        .map(|d| {
            let must = match d.bat_buoc {
                BatBuoc::Luon | BatBuoc::MauCoSan => true,
                BatBuoc::TheoLoai => k.required.contains(&d.ten),
            };
            (d, must)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::khoa::Nhom;

    #[test]
    fn every_type_is_in_the_decree_and_takes_known_keys() {
        for k in &KIEU {
            assert!(super::super::loai::tim(k.slug).is_some(), "{}", k.slug);
            for key in k.keys.iter().chain(k.required).chain(k.one_of) {
                let declared = super::super::khoa::tim(key).map(|d| d.nhom);
                assert!(
                    matches!(declared, Some(Nhom::Muc | Nhom::Than)) || *key == "ky_hieu",
                    "{}: {key}",
                    k.slug
                );
            }
        }
    }
}
