//! Every top-level input key, declared once: its name, its place in the document, when it is
//! required, what a clerk reads about it, and the shape of its value. `vbhc schema`, `vbhc
//! types` and `vbhc new` are built from this table, the validation takes the choices of the
//! stamps and the layout from it, and a test holds the reader's serde structs to it
//! (`reader::raw`), so a key cannot be added in one place and forgotten in another.

/// Where a key belongs, in the order a document reads (and `vbhc new` lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nhom {
    /// A user's template instead of the shipped one.
    Mau,
    /// Header, number, date, type name and summary, preamble.
    Dau,
    /// A body section (a `muc`), taken by the types that list it (`model::kieu`).
    Muc,
    /// Other body keys some types take (`kinh_gui`, the articles of a quyết định …).
    Than,
    /// Recipients, signer, boxes 12 and 13, appendices.
    Cuoi,
    /// Stamps and the layout profile.
    DanhDau,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatBuoc {
    /// In every file.
    Luon,
    /// In every file laid out by a shipped template (a user's template decides for itself).
    MauCoSan,
    /// When the type asks for it (`model::kieu`), or never.
    TheoLoai,
}

/// One choice of a key that takes a few words: the word typed and what it prints or means.
pub type LuaChon = (&'static str, &'static str);

/// The shape of a key's value, as the reader and the schema take it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GiaTri {
    Chu,
    DanhSachChu,
    /// One text, or a list of them.
    ChuHoacDanhSach,
    /// Letters, digits and `-` (a symbol, the drafter's initials).
    KyHieu,
    /// One of a few words.
    Chon(&'static [LuaChon]),
    /// A body section: text, a list of blocks, or a titled group of blocks.
    NoiDungMuc,
    /// A list of blocks (the articles of a quyết định).
    DanhSachKhoi,
    /// A list of titled groups of blocks (appendices).
    DanhSachTieuMuc,
    /// A type slug of the decree (`model::loai`).
    Loai,
    CoQuan,
    NguoiKy,
    /// A number, or nothing for a draft.
    SoVanBan,
    /// `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` for a draft.
    Ngay,
    /// `true`, or the draft's number.
    DuThao,
    /// A number of copies.
    SoBan,
    /// Sizes of single components (`nd30::SIZE_RANGES`).
    CoChu,
}

#[derive(Debug)]
pub struct Khoa {
    pub ten: &'static str,
    pub nhom: Nhom,
    pub bat_buoc: BatBuoc,
    pub mo_ta: &'static str,
    pub gia_tri: GiaTri,
}

/// Box 10a (§3.10): the word typed and the stamp printed.
pub const DO_MAT: &[LuaChon] = &[("mat", "MẬT"), ("toi-mat", "TỐI MẬT"), ("tuyet-mat", "TUYỆT MẬT")];
/// Box 10b.
pub const DO_KHAN: &[LuaChon] = &[("khan", "KHẨN"), ("thuong-khan", "THƯỢNG KHẨN"), ("hoa-toc", "HỎA TỐC")];
/// Box 11.
pub const LUU_HANH: &[LuaChon] = &[
    ("xem-xong-tra-lai", "XEM XONG TRẢ LẠI"),
    ("luu-hanh-noi-bo", "LƯU HÀNH NỘI BỘ"),
];
/// The margins (§1): the default, or the decree file's own.
pub const LE: &[LuaChon] = &[
    ("mac-dinh", "lề 20/20/30/15 mm"),
    ("nghi-dinh", "lề 25/20/35/20 mm của tệp Nghị định"),
];
/// The size profile (§3): the decree's example column, or its Mẫu files.
pub const KHO_CHU: &[LuaChon] = &[
    ("mac-dinh", "cỡ chữ cột ví dụ của Phụ lục I"),
    ("mau", "cỡ chữ các Mẫu của Phụ lục III"),
];

const fn khoa(ten: &'static str, nhom: Nhom, bat_buoc: BatBuoc, mo_ta: &'static str, gia_tri: GiaTri) -> Khoa {
    Khoa { ten, nhom, bat_buoc, mo_ta, gia_tri }
}

use BatBuoc::*;
use GiaTri::*;
use Nhom::*;

pub const KHOA: &[Khoa] = &[
    khoa("loai", Dau, Luon, "Loại văn bản (Phụ lục III), ví dụ ke-hoach, cong-van", Loai),
    khoa("mau", Mau, TheoLoai, "Tệp mẫu minijinja của bạn, đường dẫn tính từ tệp YAML", Chu),
    khoa("co_quan", Dau, Luon, "Cơ quan: chu_quan, ten (bắt buộc), viet_tat (bắt buộc), ten_day_du", CoQuan),
    khoa("so", Dau, TheoLoai, "Số văn bản; null khi chưa cấp số", SoVanBan),
    khoa("ky_hieu", Dau, TheoLoai, "Ký hiệu sau dấu /, ví dụ KH-SYT, SYT-NVY", KyHieu),
    khoa("dia_danh", Dau, Luon, "Địa danh của dòng ngày tháng", Chu),
    khoa("ngay", Dau, Luon, "YYYY-MM-DD, hoặc YYYY-MM / YYYY cho bản dự thảo", Ngay),
    khoa("trich_yeu", Dau, MauCoSan, "Trích yếu nội dung", Chu),
    khoa("can_cu", Dau, TheoLoai, "Các căn cứ, mỗi căn cứ một dòng", DanhSachChu),
    khoa("mo_dau", Dau, TheoLoai, "Đoạn mở đầu", Chu),
    khoa("muc_dich", Muc, TheoLoai, "Kế hoạch: mục I. MỤC ĐÍCH (cùng yeu_cau thành MỤC ĐÍCH, YÊU CẦU)", NoiDungMuc),
    khoa("yeu_cau", Muc, TheoLoai, "Kế hoạch: các yêu cầu, trong mục I. MỤC ĐÍCH, YÊU CẦU", NoiDungMuc),
    khoa("thoi_gian", Muc, TheoLoai, "Kế hoạch: mục THỜI GIAN; giấy mời: thời gian họp", NoiDungMuc),
    khoa("noi_dung", Muc, TheoLoai, "Nội dung chính: các mục I., II., … (đoạn văn, mục con, bảng, điểm)", NoiDungMuc),
    khoa("kinh_phi", Muc, TheoLoai, "Kế hoạch: mục KINH PHÍ", NoiDungMuc),
    khoa("to_chuc_thuc_hien", Muc, TheoLoai, "Kế hoạch: mục TỔ CHỨC THỰC HIỆN", NoiDungMuc),
    khoa("ket_qua", Muc, TheoLoai, "Báo cáo: mục KẾT QUẢ THỰC HIỆN", NoiDungMuc),
    khoa("ton_tai_han_che", Muc, TheoLoai, "Báo cáo: mục TỒN TẠI, HẠN CHẾ", NoiDungMuc),
    khoa("phuong_huong", Muc, TheoLoai, "Báo cáo: mục PHƯƠNG HƯỚNG, NHIỆM VỤ", NoiDungMuc),
    khoa("kien_nghi", Muc, TheoLoai, "Báo cáo: mục KIẾN NGHỊ, ĐỀ XUẤT", NoiDungMuc),
    khoa("kinh_gui", Than, TheoLoai, "Kính gửi: một hoặc nhiều nơi", ChuHoacDanhSach),
    khoa("quyen_ban_hanh", Than, TheoLoai, "Quyết định: thẩm quyền ban hành, ví dụ GIÁM ĐỐC SỞ Y TẾ", Chu),
    khoa("dieu", Than, TheoLoai, "Quyết định: các Điều", DanhSachKhoi),
    khoa("dia_diem", Than, TheoLoai, "Giấy mời: địa điểm", Chu),
    khoa("chu_tri", Than, TheoLoai, "Giấy mời: chủ trì", Chu),
    khoa("noi_nhan", Cuoi, Luon, "Nơi nhận", DanhSachChu),
    khoa("luu", Cuoi, TheoLoai, "Mã lưu, ví dụ [VT, TCHC]", DanhSachChu),
    khoa("nguoi_ky", Cuoi, Luon, "Người ký: quyen_han (TM./KT./Q./TL./TUQ.), chuc_vu, ho_ten", NguoiKy),
    khoa("con_dau", Cuoi, TheoLoai, "Không dùng nữa: ảnh con dấu đi kèm chữ ký số của cơ quan (vbhc sign --field con_dau --anh ẢNH.png), không in vào văn bản", Chu),
    khoa("nguoi_soan", Cuoi, TheoLoai, "Chữ viết tắt tên người soạn thảo (ô 12), ví dụ PL", KyHieu),
    khoa("so_ban", Cuoi, TheoLoai, "Số bản phát hành (ô 12)", SoBan),
    khoa("dia_chi", Cuoi, TheoLoai, "Địa chỉ, điện thoại, e-mail, website của cơ quan, cuối trang 1 (ô 13)", Chu),
    khoa("phu_luc", Cuoi, TheoLoai, "Các phụ lục, mỗi phụ lục {tieu_de, noi_dung}, sang trang mới, đánh số trang lại từ 1", DanhSachTieuMuc),
    khoa("do_mat", DanhDau, TheoLoai, "Độ mật (ô 10a)", Chon(DO_MAT)),
    khoa("do_khan", DanhDau, TheoLoai, "Mức độ khẩn (ô 10b)", Chon(DO_KHAN)),
    khoa("du_thao", DanhDau, TheoLoai, "Dấu dự thảo: true, hoặc số lần dự thảo", DuThao),
    khoa("luu_hanh", DanhDau, TheoLoai, "Phạm vi lưu hành (ô 11)", Chon(LUU_HANH)),
    khoa("le", DanhDau, TheoLoai, "Lề trang: mac-dinh 20/20/30/15 mm, nghi-dinh 25/20/35/20 mm", Chon(LE)),
    khoa("kho_chu", DanhDau, TheoLoai, "Bộ cỡ chữ: mac-dinh (Phụ lục I) hoặc mau (các Mẫu Phụ lục III)", Chon(KHO_CHU)),
    khoa("co_chu", DanhDau, TheoLoai, "Cỡ chữ từng thành phần, trong khoảng Nghị định 30 cho phép", CoChu),
];

pub fn tim(ten: &str) -> Option<&'static Khoa> {
    KHOA.iter().find(|k| k.ten == ten)
}

/// The body sections, in the order a template may use them.
pub fn cac_muc() -> impl Iterator<Item = &'static str> {
    KHOA.iter().filter(|k| k.nhom == Muc).map(|k| k.ten)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_once_with_a_description() {
        let mut names: Vec<&str> = KHOA.iter().map(|k| k.ten).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "a key declared twice");
        assert!(KHOA.iter().all(|k| !k.mo_ta.is_empty()));
    }
}
