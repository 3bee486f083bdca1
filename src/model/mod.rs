//! The validated document: every value checked against the contract and the decree, every
//! string in NFC, and the parts the decree spells one way only (number, symbol, date line)
//! already spelled. This is what a template sees.

mod bang;
pub mod hygiene;
pub mod khoa;
mod khoi;
pub mod kieu;
pub mod loai;
pub mod ngay;
pub mod so_ky_hieu;

use crate::diag::{Diag, DiagResult, Pos};
use crate::nd30::MARKERS;
use crate::reader::{RawMuc, RawVanBan, pos_of};
pub use bang::Bang;
use loai::LoaiVanBan;
use ngay::{NgayVanBan, dong_ngay, format_ngay};
pub use so_ky_hieu::SoKyHieu;
use serde::Serialize;
use serde_saphyr::Spanned;

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
    /// Boxes 7c and 8 of an electronic copy (§3.8): the signature and seal images the input
    /// names, read by `input` before validation.
    #[serde(skip)]
    pub anh: AnhKy,
}

/// The signature image and the seal image of an electronic copy.
#[derive(Debug, Clone, Default)]
pub struct AnhKy {
    pub chu_ky: Option<crate::tree::Anh>,
    pub con_dau: Option<crate::tree::Anh>,
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
/// template, not this module, decides which keys it needs.
pub fn validate(raw: RawVanBan, user_template: bool) -> DiagResult<(VanBan, Vec<Diag>)> {
    let mut v = Validator::default();
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
    let so_ky_hieu = so_va_ky_hieu.dong();

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

    let root = Pos { line: 1, col: 1 };
    let mut muc = std::collections::BTreeMap::new();
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

    let choice = |v: &mut Validator,
                  s: &Option<Spanned<String>>,
                  key: &str,
                  options: &[(&str, &'static str)]| {
        let s = s.as_ref()?;
        let typed = s.value.trim();
        match options.iter().find(|(slug, _)| *slug == typed) {
            Some((_, label)) => Some(label.to_string()),
            None => {
                let slugs: Vec<&str> = options.iter().map(|(slug, _)| *slug).collect();
                v.error(
                    pos_of(&s.referenced),
                    format!("`{key}` không hợp lệ `{typed}`"),
                    &format!("chọn một trong: {}", slugs.join(", ")),
                );
                None
            }
        }
    };
    let do_mat = choice(
        &mut v,
        &raw.do_mat,
        "do_mat",
        khoa::DO_MAT,
    );
    let do_khan = choice(
        &mut v,
        &raw.do_khan,
        "do_khan",
        khoa::DO_KHAN,
    );
    let luu_hanh = choice(
        &mut v,
        &raw.luu_hanh,
        "luu_hanh",
        khoa::LUU_HANH,
    );
    let du_thao = raw.du_thao.as_ref().and_then(|d| match d.value.trim() {
        "true" | "yes" | "co" => Some("DỰ THẢO".to_string()),
        "false" | "no" | "khong" => None,
        n if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("DỰ THẢO LẦN {}", n.trim_start_matches('0')))
        }
        other => {
            v.error(
                pos_of(&d.referenced),
                format!("`du_thao` không hợp lệ `{other}`"),
                "viết `du_thao: true`, hoặc số lần dự thảo, ví dụ `du_thao: 2`",
            );
            None
        }
    });
    let nguoi_soan = raw
        .nguoi_soan
        .as_ref()
        .map(|n| v.symbol_part(n, "nguoi_soan").to_uppercase());
    let so_ban = raw.so_ban.as_ref().and_then(|n| {
        let t = n.value.trim();
        if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
            Some(t.to_string())
        } else {
            v.error(
                pos_of(&n.referenced),
                format!("`so_ban` không hợp lệ `{t}`: số bản phát hành, chỉ gồm chữ số"),
                "ví dụ `so_ban: 300`",
            );
            None
        }
    });
    // Box 12: `PL.(300)`; the initials alone, or the count alone, are printed as given.
    let ky_hieu_soan = match (nguoi_soan, so_ban) {
        (Some(n), Some(b)) => Some(format!("{n}.({b})")),
        (Some(n), None) => Some(n),
        (None, Some(b)) => Some(format!("({b})")),
        (None, None) => None,
    };
    let dia_chi = raw
        .dia_chi
        .as_ref()
        .and_then(|d| v.optional_text(d, "dia_chi"));
    let layout = v.layout(&raw);
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

    v.check_tables_fit(&layout);
    if v.blocks > MAX_BLOCKS || v.cells > MAX_CELLS {
        v.error(
            root,
            format!(
                "văn bản quá lớn: {} khối, {} ô bảng (tối đa {MAX_BLOCKS} khối, {MAX_CELLS} ô)",
                v.blocks, v.cells
            ),
            "tách thành nhiều văn bản hoặc phụ lục",
        );
    }

    match (loai, v.errors.is_empty()) {
        (Some(loai), true) => Ok((
            VanBan {
                loai,
                co_quan,
                so_ky_hieu,
                so_va_ky_hieu,
                dong_ngay,
                trich_yeu,
                can_cu,
                mo_dau,
                muc,
                kinh_gui,
                quyen_ban_hanh,
                so_dieu: khoi::so_dieu(&dieu),
                dieu,
                dia_diem,
                chu_tri,
                do_mat,
                do_khan,
                du_thao,
                luu_hanh,
                ky_hieu_soan,
                dia_chi,
                phu_luc,
                dong_tham_chieu,
                layout,
                noi_nhan,
                luu,
                nguoi_ky,
                anh: AnhKy::default(),
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

#[derive(Default)]
struct Validator {
    errors: Vec<Diag>,
    warnings: Vec<Diag>,
    blocks: usize,
    cells: usize,
    /// Tables read, to be checked against the page once the layout is known.
    tables: Vec<bang::PendingTable>,
}

impl Validator {
    fn error(&mut self, pos: Pos, msg: impl Into<String>, hint: &str) {
        self.errors.push(Diag::error(pos, msg).with_hint(hint));
    }

    fn warning(&mut self, pos: Pos, msg: impl Into<String>) {
        self.warnings.push(Diag::warning(pos, msg));
    }

    /// Cleans a text (§2: NFC) and reports what cleaning found (`hygiene`).
    fn clean(&mut self, s: &str, pos: Pos, key: &str) -> String {
        let c = hygiene::clean(s);
        if let Some(legacy) = c.legacy {
            self.error(
                pos,
                format!("`{key}` dường như được gõ bằng bảng mã {}, không phải Unicode", legacy.name()),
                "chuyển văn bản sang Unicode (ví dụ: Unikey → Công cụ chuyển mã, từ bảng mã cũ sang Unicode) rồi dán lại",
            );
        }
        if !c.removed.is_empty() {
            let list: Vec<String> = c
                .removed
                .iter()
                .map(|ch| hygiene::code_point(*ch))
                .collect();
            self.warning(
                pos,
                format!(
                    "`{key}`: đã bỏ ký tự điều khiển hoặc ký tự ẩn {}",
                    list.join(", ")
                ),
            );
        }
        if c.nbsp {
            self.warning(pos, format!("`{key}` có dấu cách không ngắt dòng (U+00A0), thường do dán từ Word; giữ nguyên"));
        }
        if !c.right_to_left.is_empty() {
            self.error(
                pos,
                format!(
                    "`{key}` có ký tự của chữ viết từ phải sang trái (tiếng Do Thái, Ả Rập…): {}",
                    shown_chars(&c.right_to_left)
                ),
                "văn bản hành chính viết từ trái sang phải; xóa các ký tự này (thường do dán nhầm)",
            );
        }
        if !c.missing.is_empty() {
            self.error(
                pos,
                format!(
                    "`{key}` có ký tự không có trong phông Times New Roman nên không in được: {}",
                    shown_chars(&c.missing)
                ),
                "xóa hoặc thay các ký tự này; văn bản hành chính chỉ dùng phông Times New Roman",
            );
        }
        c.text
    }

    /// A required, non-empty text.
    fn text(&mut self, s: &Spanned<String>, key: &str) -> String {
        let t = self.clean(&s.value, pos_of(&s.referenced), key);
        if t.is_empty() {
            self.error(
                pos_of(&s.referenced),
                format!("`{key}` không được để trống"),
                "viết nội dung sau dấu hai chấm",
            );
        }
        t
    }

    /// An optional text: empty counts as absent.
    fn optional_text(&mut self, s: &Spanned<String>, key: &str) -> Option<String> {
        Some(self.clean(&s.value, pos_of(&s.referenced), key)).filter(|t| !t.is_empty())
    }

    /// The layout: the default profile, or the decree file's margins (`le: nghi-dinh`), the
    /// Mẫu size profile (`kho_chu: mau`), and sizes of components (`co_chu:`) checked against
    /// the decree's ranges.
    fn layout(&mut self, raw: &RawVanBan) -> crate::nd30::Layout {
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

    /// An abbreviation or symbol group: letters, digits and `-`, no spaces (§3.2).
    fn symbol_part(&mut self, s: &Spanned<String>, key: &str) -> String {
        let t = self.clean(&s.value, pos_of(&s.referenced), key);
        if t.is_empty() || t.chars().any(|c| c.is_whitespace() || c == '/') {
            self.error(
                pos_of(&s.referenced),
                format!("`{key}` không hợp lệ `{t}`: ký hiệu chỉ gồm chữ, số và dấu `-`, không có dấu cách hay `/`"),
                "ví dụ `KH-SYT`, `SYT`, `TCHC`",
            );
        }
        t
    }

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
fn bo_gach_dau_dong(s: &str) -> &str {
    let t = s.trim_start();
    for bullet in ["- ", "+ ", "• ", "– ", "-", "•", "–"] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    t
}

/// Characters as a message shows them: `«ש» (U+05E9), «ל» (U+05DC)`.
fn shown_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|ch| format!("«{ch}» ({})", hygiene::code_point(*ch)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "chọn `a` (…) hoặc `b` (…)": the hint for a key of a few words.
fn choose(choices: &[khoa::LuaChon]) -> String {
    let words: Vec<String> = choices.iter().map(|(word, note)| format!("`{word}` ({note})")).collect();
    format!("chọn {}", words.join(" hoặc "))
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
