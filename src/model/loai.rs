//! The document types of the decree (§5: Điều 7 and Phụ lục III) with their abbreviations,
//! spelled exactly as Phụ lục III prints them (`TTr`, `CTr`, `QyĐ` keep their lower-case letters).

/// One document type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LoaiVanBan {
    /// The slug users type in `loai:` (contract).
    pub slug: &'static str,
    /// The type name as printed in box 5a.
    pub ten: &'static str,
    /// The abbreviation used in the symbol; `None` for a công văn and a thư công.
    pub viet_tat: Option<&'static str>,
}

const fn loai(slug: &'static str, ten: &'static str, viet_tat: &'static str) -> LoaiVanBan {
    LoaiVanBan {
        slug,
        ten,
        viet_tat: Some(viet_tat),
    }
}

/// §5, in the decree's order.
pub const TAT_CA: [LoaiVanBan; 29] = [
    loai("nghi-quyet", "NGHỊ QUYẾT", "NQ"),
    loai("quyet-dinh", "QUYẾT ĐỊNH", "QĐ"),
    loai("chi-thi", "CHỈ THỊ", "CT"),
    loai("quy-che", "QUY CHẾ", "QC"),
    loai("quy-dinh", "QUY ĐỊNH", "QyĐ"),
    loai("thong-cao", "THÔNG CÁO", "TC"),
    loai("thong-bao", "THÔNG BÁO", "TB"),
    loai("huong-dan", "HƯỚNG DẪN", "HD"),
    loai("chuong-trinh", "CHƯƠNG TRÌNH", "CTr"),
    loai("ke-hoach", "KẾ HOẠCH", "KH"),
    loai("phuong-an", "PHƯƠNG ÁN", "PA"),
    loai("de-an", "ĐỀ ÁN", "ĐA"),
    loai("du-an", "DỰ ÁN", "DA"),
    loai("bao-cao", "BÁO CÁO", "BC"),
    loai("bien-ban", "BIÊN BẢN", "BB"),
    loai("to-trinh", "TỜ TRÌNH", "TTr"),
    loai("hop-dong", "HỢP ĐỒNG", "HĐ"),
    loai("cong-dien", "CÔNG ĐIỆN", "CĐ"),
    loai("ban-ghi-nho", "BẢN GHI NHỚ", "BGN"),
    loai("ban-thoa-thuan", "BẢN THỎA THUẬN", "BTT"),
    loai("giay-uy-quyen", "GIẤY ỦY QUYỀN", "GUQ"),
    loai("giay-moi", "GIẤY MỜI", "GM"),
    loai("giay-gioi-thieu", "GIẤY GIỚI THIỆU", "GGT"),
    loai("giay-nghi-phep", "GIẤY NGHỈ PHÉP", "GNP"),
    loai("phieu-gui", "PHIẾU GỬI", "PG"),
    loai("phieu-chuyen", "PHIẾU CHUYỂN", "PC"),
    loai("phieu-bao", "PHIẾU BÁO", "PB"),
    LoaiVanBan {
        slug: "cong-van",
        ten: "CÔNG VĂN",
        viet_tat: None,
    },
    LoaiVanBan {
        slug: "thu-cong",
        ten: "THƯ CÔNG",
        viet_tat: None,
    },
];

/// The type with this slug.
pub fn tim(slug: &str) -> Option<&'static LoaiVanBan> {
    TAT_CA.iter().find(|l| l.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_case_abbreviations_are_kept() {
        assert_eq!(tim("to-trinh").unwrap().viet_tat, Some("TTr"));
        assert_eq!(tim("quy-dinh").unwrap().viet_tat, Some("QyĐ"));
        assert_eq!(tim("ke-hoach").unwrap().viet_tat, Some("KH"));
        assert_eq!(tim("cong-van").unwrap().viet_tat, None);
        assert!(tim("ke_hoach").is_none());
    }
}
