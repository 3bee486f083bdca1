//! The validated document: every value checked against the contract and the decree, every
//! string in NFC, and the parts the decree spells one way only (number, symbol, date line)
//! already spelled. This is what a template sees.

mod bang;
mod cuoi;
mod danh_dau;
mod dau;
pub mod hygiene;
pub mod khoa;
mod khoi;
pub mod kieu;
pub mod loai;
pub mod ngay;
pub mod so_ky_hieu;
mod than;
mod trinh_bay;
mod validator;

use crate::diag::{Diag, DiagResult, Pos};
use crate::reader::RawVanBan;
pub use bang::Bang;
use loai::LoaiVanBan;
pub use so_ky_hieu::SoKyHieu;
use serde::Serialize;
use validator::Validator;

/// Most blocks (paragraphs, headings, tables) one document may hold.
pub const MAX_BLOCKS: usize = 5_000;
/// Most table cells one document may hold.
pub const MAX_CELLS: usize = 20_000;
/// Deepest nesting of sub-headings: six levels below a section (`I.`, then `1.` to
/// `1.1.1.1.1.`), or below the top of a body without section headings.
pub const MAX_DEPTH: usize = 6;

#[derive(Debug, Clone, Serialize)]
pub struct VanBan {
    pub loai: LoaiVanBan,
    pub co_quan: CoQuan,
    /// `Số: 2712/KH-SYT`, or `Số:      /KH-SYT` for a draft: [`SoKyHieu::dong`], for the
    /// templates.
    pub so_ky_hieu: String,
    /// The number and the symbol (`so`, `ky_hieu` to the templates).
    #[serde(flatten)]
    pub so_va_ky_hieu: SoKyHieu,
    /// `Kon Tum, ngày 30 tháng 6 năm 2021`.
    pub dong_ngay: String,
    pub trich_yeu: Option<String>,
    pub can_cu: Vec<String>,
    pub mo_dau: Option<String>,
    /// The body sections by their contract key (`muc_dich`, `noi_dung`, ...), absent ones left out.
    pub muc: std::collections::BTreeMap<&'static str, Muc>,
    /// Box 9a: the addressees (công văn, tờ trình, báo cáo sent upward).
    pub kinh_gui: Vec<String>,
    /// Quyết định: the deciding authority and the articles (`Điều 1.` …).
    pub quyen_ban_hanh: Option<String>,
    pub dieu: Vec<Khoi>,
    /// How many articles `dieu` holds: the last one names who carries the decision out
    /// (`Như Điều 3;`).
    pub so_dieu: usize,
    /// Giấy mời: place and chair.
    pub dia_diem: Option<String>,
    pub chu_tri: Option<String>,
    /// Box 10a, 10b and the draft box, as printed (`TỐI MẬT`, `HỎA TỐC`, `DỰ THẢO LẦN 2`).
    pub do_mat: Option<String>,
    pub do_khan: Option<String>,
    pub du_thao: Option<String>,
    /// Box 11 as printed: `XEM XONG TRẢ LẠI`, `LƯU HÀNH NỘI BỘ`.
    pub luu_hanh: Option<String>,
    /// Box 12 as printed: `PL.(300)`.
    pub ky_hieu_soan: Option<String>,
    /// Box 13.
    pub dia_chi: Option<String>,
    /// Appendices, and the line that ties each to the document:
    /// `(Kèm theo Kế hoạch số 241/KH-SYT ngày 10 tháng 02 năm 2020 của Sở Y tế)`.
    pub phu_luc: Vec<Muc>,
    pub dong_tham_chieu: String,
    /// The page and sizes this document asks for (`le:`, `kho_chu:`, `co_chu:`).
    #[serde(skip)]
    pub layout: crate::nd30::Layout,
    pub noi_nhan: Vec<String>,
    pub luu: Vec<String>,
    pub nguoi_ky: NguoiKy,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoQuan {
    pub chu_quan: Option<String>,
    pub ten: String,
    pub viet_tat: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NguoiKy {
    pub quyen_han: Vec<String>,
    pub chuc_vu: String,
    pub ho_ten: String,
}

/// A section or a titled group: its own heading (or none, for the template's default), its
/// blocks, and whether its pages are landscape.
#[derive(Debug, Clone, Serialize)]
pub struct Muc {
    pub tieu_de: Option<String>,
    pub noi_dung: Vec<Khoi>,
    pub ngang: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Khoi {
    Doan(String),
    TieuMuc(Muc),
    Bang(Bang),
    /// Points, lettered `a)`, `b)`, … in the tree.
    Diem(Vec<String>),
    /// A lettered part (`A.`, `B.`) over the `I.` headings of a body.
    Phan(Muc),
    /// A quyết định's chapter (`Chương I`) and a chapter's section (`Mục 1`), grouping
    /// articles (§3.5, scheme a).
    Chuong(Muc),
    MucChuong(Muc),
}

/// Validates a document as read and returns it with its warnings, or every error found.
/// With a user's template (`user_template`), any type of the decree is accepted and the
/// template, not this module, decides which keys it needs. Each part of the document is
/// checked by its own module, in the order the document reads, so that errors on one line
/// keep their order.
pub fn validate(raw: RawVanBan, user_template: bool) -> DiagResult<(VanBan, Vec<Diag>)> {
    let mut v = Validator::default();
    let dau = dau::dau(&mut v, &raw, user_template);
    let than = than::than(&mut v, &raw, &dau, user_template);
    let danh_dau = danh_dau::danh_dau(&mut v, &raw);
    let layout = v.layout(&raw);
    let (phu_luc, dong_tham_chieu) = than::phu_luc(&mut v, &raw, &dau);
    let cuoi = cuoi::cuoi(&mut v, &raw);

    v.check_tables_fit(&layout);
    if v.blocks > MAX_BLOCKS || v.cells > MAX_CELLS {
        v.error(
            Pos { line: 1, col: 1 },
            format!(
                "văn bản quá lớn: {} khối, {} ô bảng (tối đa {MAX_BLOCKS} khối, {MAX_CELLS} ô)",
                v.blocks, v.cells
            ),
            "tách thành nhiều văn bản hoặc phụ lục",
        );
    }

    match (dau.loai, v.errors.is_empty()) {
        (Some(loai), true) => Ok((
            VanBan {
                loai,
                co_quan: dau.co_quan,
                so_ky_hieu: dau.so_va_ky_hieu.dong(),
                so_va_ky_hieu: dau.so_va_ky_hieu,
                dong_ngay: dau.dong_ngay,
                trich_yeu: dau.trich_yeu,
                can_cu: dau.can_cu,
                mo_dau: dau.mo_dau,
                muc: than.muc,
                kinh_gui: than.kinh_gui,
                quyen_ban_hanh: than.quyen_ban_hanh,
                so_dieu: khoi::so_dieu(&than.dieu),
                dieu: than.dieu,
                dia_diem: than.dia_diem,
                chu_tri: than.chu_tri,
                do_mat: danh_dau.do_mat,
                do_khan: danh_dau.do_khan,
                du_thao: danh_dau.du_thao,
                luu_hanh: danh_dau.luu_hanh,
                ky_hieu_soan: danh_dau.ky_hieu_soan,
                dia_chi: danh_dau.dia_chi,
                phu_luc,
                dong_tham_chieu,
                layout,
                noi_nhan: cuoi.noi_nhan,
                luu: cuoi.luu,
                nguoi_ky: cuoi.nguoi_ky,
            },
            v.warnings,
        )),
        _ => {
            let mut all = v.errors;
            all.sort_by_key(|d| (d.pos.line, d.pos.col));
            Err(all)
        }
    }
}
