//! The input as typed: serde structs that mirror the contract's YAML keys, each value with its
//! position so that later checks can point back into the file.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

pub use super::bang::RawBang;

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

/// A top-level section: a list of blocks, or `{tieu_de, noi_dung}` replacing its heading.
/// A single string is accepted as a list of one paragraph.
#[derive(Debug)]
pub struct RawMuc {
    pub tieu_de: Option<Spanned<String>>,
    pub noi_dung: Vec<RawKhoi>,
}

/// One block of content.
#[derive(Debug)]
pub enum RawKhoi {
    Doan(String),
    TieuMuc {
        tieu_de: Spanned<String>,
        noi_dung: Vec<RawKhoi>,
    },
    Bang(Spanned<RawBang>),
    /// Points `a)`, `b)`, … lettered automatically.
    Diem(Spanned<Vec<String>>),
}

impl RawVanBan {
    /// Calls `f` on every table of the document, in sections, articles and appendices.
    pub fn for_each_bang(&mut self, f: &mut dyn FnMut(&mut RawBang)) {
        fn walk(blocks: &mut [RawKhoi], f: &mut dyn FnMut(&mut RawBang)) {
            for b in blocks {
                match b {
                    RawKhoi::Bang(t) => f(&mut t.value),
                    RawKhoi::TieuMuc { noi_dung, .. } => walk(noi_dung, f),
                    RawKhoi::Doan(_) | RawKhoi::Diem(_) => {}
                }
            }
        }
        let sections = [
            &mut self.muc_dich,
            &mut self.yeu_cau,
            &mut self.thoi_gian,
            &mut self.noi_dung,
            &mut self.kinh_phi,
            &mut self.to_chuc_thuc_hien,
            &mut self.ket_qua,
            &mut self.ton_tai_han_che,
            &mut self.phuong_huong,
            &mut self.kien_nghi,
        ];
        for m in sections.into_iter().flatten() {
            walk(&mut m.value.noi_dung, f);
        }
        for list in [&mut self.dieu, &mut self.phu_luc].into_iter().flatten() {
            walk(&mut list.value, f);
        }
    }
}

/// The keys a mapping block may have; which combination is valid is checked after reading.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKhoiMap {
    #[serde(default)]
    tieu_de: Option<Spanned<String>>,
    #[serde(default)]
    noi_dung: Option<Vec<RawKhoi>>,
    #[serde(default)]
    bang: Option<Spanned<RawBang>>,
    #[serde(default)]
    diem: Option<Spanned<Vec<String>>>,
}

impl<'de> Deserialize<'de> for RawMuc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MucVisitor;
        impl<'de> Visitor<'de> for MucVisitor {
            type Value = RawMuc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("danh sách đoạn văn, hoặc {tieu_de, noi_dung}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawMuc, E> {
                Ok(RawMuc {
                    tieu_de: None,
                    noi_dung: vec![RawKhoi::Doan(v.to_owned())],
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawMuc, A::Error> {
                let noi_dung =
                    Vec::<RawKhoi>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(RawMuc {
                    tieu_de: None,
                    noi_dung,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawMuc, A::Error> {
                let m = RawKhoiMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if m.bang.is_some() {
                    return Err(de::Error::custom(
                        "một mục phải là danh sách; đặt `bang:` trong `noi_dung` của mục",
                    ));
                }
                Ok(RawMuc {
                    tieu_de: m.tieu_de,
                    noi_dung: m.noi_dung.unwrap_or_default(),
                })
            }
        }
        d.deserialize_any(MucVisitor)
    }
}

impl<'de> Deserialize<'de> for RawKhoi {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KhoiVisitor;
        impl<'de> Visitor<'de> for KhoiVisitor {
            type Value = RawKhoi;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "một đoạn văn, {tieu_de, noi_dung}, {bang: {cot, dong}} hoặc {diem: [...]}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawKhoi, E> {
                Ok(RawKhoi::Doan(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawKhoi, E> {
                Ok(RawKhoi::Doan(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawKhoi, E> {
                Ok(RawKhoi::Doan(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawKhoi, E> {
                Ok(RawKhoi::Doan(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawKhoi, E> {
                Ok(RawKhoi::Doan(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawKhoi, E> {
                Err(E::custom(
                    "đoạn văn trống: xóa dòng `-` thừa hoặc viết nội dung sau nó",
                ))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<RawKhoi, A::Error> {
                Err(de::Error::custom(
                    "danh sách lồng trong danh sách: mỗi đoạn văn là một dòng `- ...`; \
                     muốn tạo mục con, dùng {tieu_de, noi_dung}",
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawKhoi, A::Error> {
                let m = RawKhoiMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (m.tieu_de, m.noi_dung, m.bang, m.diem) {
                    (None, None, Some(bang), None) => Ok(RawKhoi::Bang(bang)),
                    (None, None, None, Some(diem)) => Ok(RawKhoi::Diem(diem)),
                    (Some(tieu_de), noi_dung, None, None) => Ok(RawKhoi::TieuMuc {
                        tieu_de,
                        noi_dung: noi_dung.unwrap_or_default(),
                    }),
                    (None, Some(_), _, _) => Err(de::Error::custom(
                        "mục con thiếu `tieu_de`: viết `tieu_de:` trước `noi_dung:`",
                    )),
                    _ => Err(de::Error::custom(
                        "một khối là đoạn văn, {tieu_de, noi_dung}, {bang} hoặc {diem}, không gộp hai loại",
                    )),
                }
            }
        }
        d.deserialize_any(KhoiVisitor)
    }
}
