//! The body as typed: sections and the blocks they hold.
//!
//! A block is a paragraph (a string), or a mapping of one kind:
//! - `{tieu_de, noi_dung}`: a sub-heading numbered by depth, with its blocks;
//! - `{phan, noi_dung}`: a lettered part (`A.`, `B.`) over the `I.` headings of a body;
//! - `{chuong, noi_dung}` and `{muc, noi_dung}`: a quyết định's chapter and its sections
//!   (`Chương I`, `Mục 1`) grouping articles (§3.5, scheme a);
//! - `{bang: …}`: a table (`bang.rs`); `{diem: […]}`: points lettered `a)`, `b)`.
//!
//! A section or a sub-heading with `ngang: true` is laid out on landscape pages (§1).

use super::bang::RawBang;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A top-level section: a list of blocks, or `{tieu_de, noi_dung}` replacing its heading.
/// A single string is accepted as a list of one paragraph.
#[derive(Debug)]
pub struct RawMuc {
    pub tieu_de: Option<Spanned<String>>,
    pub noi_dung: Vec<RawKhoi>,
    pub ngang: Option<Spanned<bool>>,
}

/// A titled group of blocks: a sub-heading, a part, a chapter, a chapter's section.
#[derive(Debug)]
pub struct RawNhom {
    pub tieu_de: Spanned<String>,
    pub noi_dung: Vec<RawKhoi>,
    pub ngang: Option<Spanned<bool>>,
}

/// One block of content.
#[derive(Debug)]
pub enum RawKhoi {
    Doan(String),
    TieuMuc(RawNhom),
    Bang(Spanned<RawBang>),
    /// Points `a)`, `b)`, … lettered automatically.
    Diem(Spanned<Vec<String>>),
    Phan(RawNhom),
    Chuong(RawNhom),
    MucChuong(RawNhom),
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
    #[serde(default)]
    phan: Option<Spanned<String>>,
    #[serde(default)]
    chuong: Option<Spanned<String>>,
    #[serde(default)]
    muc: Option<Spanned<String>>,
    #[serde(default)]
    ngang: Option<Spanned<bool>>,
}

const ONE_KIND: &str = "một khối là đoạn văn, {tieu_de, noi_dung}, {phan, noi_dung}, {chuong, noi_dung}, {muc, noi_dung}, {bang} hoặc {diem}, không gộp hai loại";

impl RawKhoiMap {
    fn into_khoi<E: de::Error>(self) -> Result<RawKhoi, E> {
        let titles = [&self.tieu_de, &self.phan, &self.chuong, &self.muc]
            .iter()
            .filter(|t| t.is_some())
            .count();
        let others = usize::from(self.bang.is_some()) + usize::from(self.diem.is_some());
        if titles + others > 1 {
            return Err(E::custom(ONE_KIND));
        }
        if let Some(bang) = self.bang {
            if self.noi_dung.is_some() || self.ngang.is_some() {
                return Err(E::custom(ONE_KIND));
            }
            return Ok(RawKhoi::Bang(bang));
        }
        if let Some(diem) = self.diem {
            if self.noi_dung.is_some() || self.ngang.is_some() {
                return Err(E::custom(ONE_KIND));
            }
            return Ok(RawKhoi::Diem(diem));
        }
        let has_noi_dung = self.noi_dung.is_some();
        let group = |tieu_de: Spanned<String>, ngang| RawNhom {
            tieu_de,
            noi_dung: self.noi_dung.unwrap_or_default(),
            ngang,
        };
        let ngang_only_on_headings = || {
            E::custom("`ngang` chỉ đặt cho một mục {tieu_de, noi_dung} hoặc một phụ lục")
        };
        match (self.tieu_de, self.phan, self.chuong, self.muc) {
            (Some(t), ..) => Ok(RawKhoi::TieuMuc(group(t, self.ngang))),
            (_, Some(t), ..) if self.ngang.is_none() => Ok(RawKhoi::Phan(group(t, None))),
            (_, _, Some(t), _) if self.ngang.is_none() => Ok(RawKhoi::Chuong(group(t, None))),
            (_, _, _, Some(t)) if self.ngang.is_none() => Ok(RawKhoi::MucChuong(group(t, None))),
            (None, None, None, None) if has_noi_dung => Err(E::custom(
                "mục con thiếu `tieu_de`: viết `tieu_de:` trước `noi_dung:`",
            )),
            (None, None, None, None) => Err(E::custom(ONE_KIND)),
            _ => Err(ngang_only_on_headings()),
        }
    }
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
                    ngang: None,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawMuc, A::Error> {
                let noi_dung =
                    Vec::<RawKhoi>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Ok(RawMuc {
                    tieu_de: None,
                    noi_dung,
                    ngang: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawMuc, A::Error> {
                let m = RawKhoiMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if m.bang.is_some() || m.diem.is_some() {
                    return Err(de::Error::custom(
                        "một mục phải là danh sách; đặt `bang:` và `diem:` trong `noi_dung` của mục",
                    ));
                }
                if m.phan.is_some() || m.chuong.is_some() || m.muc.is_some() {
                    return Err(de::Error::custom(
                        "`phan`, `chuong`, `muc` là các khối trong danh sách `noi_dung` (hoặc `dieu`), không phải khóa của mục",
                    ));
                }
                Ok(RawMuc {
                    tieu_de: m.tieu_de,
                    noi_dung: m.noi_dung.unwrap_or_default(),
                    ngang: m.ngang,
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
                    "một đoạn văn, {tieu_de, noi_dung}, {phan, noi_dung}, {bang: {cot, dong}} hoặc {diem: [...]}",
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
                RawKhoiMap::deserialize(de::value::MapAccessDeserializer::new(map))?.into_khoi()
            }
        }
        d.deserialize_any(KhoiVisitor)
    }
}

impl RawKhoi {
    /// The blocks it holds, if it is a group.
    pub fn children_mut(&mut self) -> &mut [RawKhoi] {
        match self {
            RawKhoi::TieuMuc(g) | RawKhoi::Phan(g) | RawKhoi::Chuong(g) | RawKhoi::MucChuong(g) => {
                &mut g.noi_dung
            }
            RawKhoi::Doan(_) | RawKhoi::Bang(_) | RawKhoi::Diem(_) => &mut [],
        }
    }
}

impl super::raw::RawVanBan {
    /// Calls `f` on every table of the document, in sections, articles and appendices.
    pub fn for_each_bang(&mut self, f: &mut dyn FnMut(&mut RawBang)) {
        fn walk(blocks: &mut [RawKhoi], f: &mut dyn FnMut(&mut RawBang)) {
            for b in blocks {
                if let RawKhoi::Bang(t) = b {
                    f(&mut t.value);
                }
                walk(b.children_mut(), f);
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
