//! The input as typed: serde structs that mirror the contract's YAML keys, each value with its
//! position so that later checks can point back into the file.

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

pub use super::bang::RawBang;
pub use super::khoi::{RawKhoi, RawMuc, RawNhom};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVanBan {
    pub loai: Spanned<String>,
    /// A user's template file (path relative to the YAML file) instead of the shipped one.
    #[serde(default)]
    pub mau: Option<Spanned<String>>,
    pub co_quan: Spanned<RawCoQuan>,
    #[serde(default)]
    pub so: Option<Spanned<String>>,
    #[serde(default)]
    pub ky_hieu: Option<Spanned<String>>,
    pub dia_danh: Spanned<String>,
    pub ngay: Spanned<String>,
    #[serde(default)]
    pub trich_yeu: Option<Spanned<String>>,
    #[serde(default)]
    pub can_cu: Vec<Spanned<String>>,
    #[serde(default)]
    pub mo_dau: Option<Spanned<String>>,
    pub noi_nhan: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub luu: Vec<Spanned<String>>,
    pub nguoi_ky: Spanned<RawNguoiKy>,
    /// The agency's seal image (PNG), relative to the YAML file.
    #[serde(default)]
    pub con_dau: Option<Spanned<String>>,
    // The body of a kế hoạch (contract, "The body of a ke-hoach").
    #[serde(default)]
    pub muc_dich: Option<Spanned<RawMuc>>,
    #[serde(default)]
    pub yeu_cau: Option<Spanned<RawMuc>>,
    #[serde(default)]
    pub thoi_gian: Option<Spanned<RawMuc>>,
    #[serde(default)]
    pub noi_dung: Option<Spanned<RawMuc>>,
    #[serde(default)]
    pub kinh_phi: Option<Spanned<RawMuc>>,
    #[serde(default)]
    pub to_chuc_thuc_hien: Option<Spanned<RawMuc>>,
    // The body of a báo cáo.
    #[serde(default)]
    pub ket_qua: Option<Spanned<RawMuc>>,
    #[serde(default)]
    pub ton_tai_han_che: Option<Spanned<RawMuc>>,
    #[serde(default)]
    pub phuong_huong: Option<Spanned<RawMuc>>,
    #[serde(default)]
    pub kien_nghi: Option<Spanned<RawMuc>>,
    /// Box 9a: one addressee, or a list.
    #[serde(default)]
    pub kinh_gui: Option<Spanned<RawDanhSach>>,
    /// Quyết định: the authority that decides (`GIÁM ĐỐC SỞ Y TẾ`), and the articles.
    #[serde(default)]
    pub quyen_ban_hanh: Option<Spanned<String>>,
    #[serde(default)]
    pub dieu: Option<Spanned<Vec<RawKhoi>>>,
    /// Giấy mời: the fixed lines.
    #[serde(default)]
    pub dia_diem: Option<Spanned<String>>,
    #[serde(default)]
    pub chu_tri: Option<Spanned<String>>,
    /// Boxes 10a, 10b and the draft box: `mat`/`toi-mat`/`tuyet-mat`,
    /// `khan`/`thuong-khan`/`hoa-toc`, `true` or the draft's number.
    #[serde(default)]
    pub do_mat: Option<Spanned<String>>,
    #[serde(default)]
    pub do_khan: Option<Spanned<String>>,
    #[serde(default)]
    pub du_thao: Option<Spanned<String>>,
    /// Box 11: `xem-xong-tra-lai` or `luu-hanh-noi-bo`.
    #[serde(default)]
    pub luu_hanh: Option<Spanned<String>>,
    /// Box 12: the drafter's initials and the number of copies issued.
    #[serde(default)]
    pub nguoi_soan: Option<Spanned<String>>,
    #[serde(default)]
    pub so_ban: Option<Spanned<String>>,
    /// Box 13: address, phone, e-mail, website, at the foot of page 1.
    #[serde(default)]
    pub dia_chi: Option<Spanned<String>>,
    /// Appendices, each `{tieu_de, noi_dung}`, on pages of their own after the signature.
    #[serde(default)]
    pub phu_luc: Option<Spanned<Vec<RawKhoi>>>,
    /// Layout profiles and per-component sizes (§1, §3).
    #[serde(default)]
    pub le: Option<Spanned<String>>,
    #[serde(default)]
    pub kho_chu: Option<Spanned<String>>,
    #[serde(default)]
    pub co_chu: Option<Spanned<std::collections::BTreeMap<String, Spanned<f64>>>>,
}

/// One string or a list of strings.
#[derive(Debug)]
pub struct RawDanhSach(pub Vec<String>);

impl<'de> Deserialize<'de> for RawDanhSach {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDanhSach;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("một tên, hoặc danh sách tên")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDanhSach, E> {
                Ok(RawDanhSach(vec![v.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawDanhSach, A::Error> {
                Ok(RawDanhSach(Vec::<String>::deserialize(
                    de::value::SeqAccessDeserializer::new(seq),
                )?))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCoQuan {
    #[serde(default)]
    pub chu_quan: Option<Spanned<String>>,
    /// The issuing body as written in running text (`Sở Y tế`), for appendices' reference line.
    #[serde(default)]
    pub ten_day_du: Option<Spanned<String>>,
    pub ten: Spanned<String>,
    pub viet_tat: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNguoiKy {
    #[serde(default)]
    pub quyen_han: Vec<Spanned<String>>,
    pub chuc_vu: Spanned<String>,
    pub ho_ten: Spanned<String>,
    /// The signer's signature image (PNG), relative to the YAML file.
    #[serde(default)]
    pub chu_ky: Option<Spanned<String>>,
}


#[cfg(test)]
mod tests {
    /// The reader takes exactly the keys declared in `model::khoa`: serde names the fields it
    /// knows when it meets one it does not.
    #[test]
    fn the_reader_takes_exactly_the_declared_keys() {
        let errors = super::super::read_van_ban("zzzz_qqqq: 1\n").unwrap_err();
        let hint = errors[0].hint.clone().unwrap_or_default();
        let listed = hint
            .strip_prefix("các khóa hợp lệ ở đây: ")
            .unwrap_or_else(|| panic!("{hint}"));
        let mut read: Vec<&str> = listed.split(", ").collect();
        let mut declared: Vec<&str> = crate::model::khoa::KHOA.iter().map(|k| k.ten).collect();
        read.sort();
        declared.sort();
        assert_eq!(read, declared);
    }
}
