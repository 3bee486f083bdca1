//! Every number of the decree (Nghị định 30/2020/NĐ-CP, Phụ lục I) that the writers use, in one
//! place. Both writers read the same [`Layout`], so the DOCX and the PDF cannot drift apart.
//! Section numbers (§) refer to `shared/spec/nd30-format.md`.

use serde::Serialize;

/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// §3 box 1: the national title, one constant (the decree's body text writes `HÒA`).
pub const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// §3 box 1: the motto, with ASCII hyphens and spaces.
pub const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";
/// §3.2: the blank left for the number of a draft (the contract fixes six spaces).
pub const SO_TRONG: &str = "      ";
/// §3.3: the blank left for an unknown day or month of a draft.
pub const NGAY_TRONG: &str = "      ";
/// §3.5 division schemes: headings are bold; from the fourth level (`1.1.1.`) on, bold
/// italic.
pub fn heading_italic(level: usize) -> bool {
    level >= 4
}

/// §3.5: the end mark of the body.
pub const DAU_KET_THUC: &str = "./.";
/// §3.8: the authority markers, with their period.
pub const MARKERS: [&str; 5] = ["TM.", "KT.", "Q.", "TL.", "TUQ."];

/// §3.10: the urgency boxes, 8 mm high: `HỎA TỐC` 30 mm, `THƯỢNG KHẨN` 40 mm, `KHẨN` 20 mm.
pub fn urgency_width_mm(text: &str) -> Option<f64> {
    match text {
        "HỎA TỐC" => Some(30.0),
        "THƯỢNG KHẨN" => Some(40.0),
        "KHẨN" => Some(20.0),
        _ => None,
    }
}

/// §3.10: stamps are inked bright red.
pub const STAMP_RED: &str = "FF0000";

const fn mm(v: f64) -> f64 {
    v * 72.0 / 25.4
}

/// Font sizes in points, one per component (§3 table; defaults of the first size profile).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sizes {
    pub quoc_hieu: f64,
    pub tieu_ngu: f64,
    pub co_quan: f64,
    pub so: f64,
    pub ngay: f64,
    pub ten_loai: f64,
    pub trich_yeu: f64,
    pub body: f64,
    pub table: f64,
    pub chuc_vu: f64,
    pub ho_ten: f64,
    pub noi_nhan_label: f64,
    pub noi_nhan_item: f64,
    pub page_number: f64,
    /// Box 5b: the `V/v` summary of a công văn.
    pub vv: f64,
    /// Boxes 10a/10b and the draft box (13–14 → 13), box 12 (11) and box 13 (11–12 → 11).
    pub stamp: f64,
    pub dia_chi: f64,
}

/// The page, the grid and the spacing of a document. All lengths in points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// §1: A4 portrait.
    pub page_width: f64,
    pub page_height: f64,
    /// §1: margins (defaults: the lower bound of each range).
    pub margin_top: f64,
    pub margin_bottom: f64,
    pub margin_left: f64,
    pub margin_right: f64,
    /// §1: distance from the top edge to the page number (practice: 10 mm).
    pub header_distance: f64,
    /// §4.3: header and signature columns (65 mm | 100 mm), and how far the two tables
    /// start left of the text block (0, or 3.5 mm with the decree file's margins).
    pub col_left: f64,
    pub col_right: f64,
    pub header_shift: f64,
    pub size: Sizes,
    /// §3.5: first-line indent of body paragraphs (1 cm).
    pub indent: f64,
    /// §3.5: space before each body paragraph (≥ 6 pt).
    pub para_before: f64,
    /// §3.1: thickness of every rule (practice 0.5 pt).
    pub rule_thickness: f64,
    /// §3.1: space between the line above and its rule (the rule sits ≈ 2 pt below the descender).
    pub rule_gap: f64,
    /// §4.4: space before the second header row (`Số:` | date), and before each stamp.
    pub header_row2_before: f64,
    /// §3.10: space between a stamp's text and its box, above and below (points, whole).
    pub stamp_pad: f64,
    /// §3.4: space before the type name (practice 12–18 pt).
    pub title_before: f64,
    /// §3.8: space before the signature row.
    pub signature_before: f64,
    /// §3.8: empty lines of the signing space (practice: 5 lines at 14 pt).
    pub signing_lines: u32,
    /// §3.8: the seal, real size (35–36 mm), over the left third of the signature: the size
    /// of the agency's signature field.
    pub seal_size: f64,
    /// §3.8: the largest width of the signature image, centred in the signing space (practice:
    /// a handwritten signature is 30–50 mm wide); its height at most the signing space's.
    pub chu_ky_max_width: f64,
    /// §3.13: the agency's signature on an appendix, top right of its first page (10 pt
    /// lines: number and symbol, signing time); the size of its field (practice).
    pub agency_field_width: f64,
    pub agency_field_height: f64,
    /// §3.5 tables: cell padding (Word's default 108 twips across, 2 pt down).
    pub cell_pad_x: f64,
    pub cell_pad_y: f64,
    /// §3.1: an issuing-body rule shorter than this is measured on the widest box-2 line.
    pub min_co_quan_rule: f64,
    /// Line height of "single" spacing as a multiple of the size, and where the baseline sits
    /// in it; read from the embedded font so that typst matches Word and LibreOffice.
    pub line_ascent: f64,
    pub line_descent: f64,
    pub line_gap: f64,
    /// Room LibreOffice keeps free after italic text at the end of a line, as a multiple of
    /// the size: a twelfth of the line height, which its twip rounding makes 0.1 em in
    /// practice (measured: it wraps italic lines with 1.35 pt to spare at 14 pt). See
    /// `writer/pdf/line_breaks.rs`.
    pub italic_reserve: f64,
}

impl Layout {
    /// The default profile: margins 20/20/30/15 mm, text block 165 mm wide.
    pub fn mac_dinh() -> Self {
        let metrics = crate::fonts::line_metrics();
        Layout {
            page_width: mm(210.0),
            page_height: mm(297.0),
            margin_top: mm(20.0),
            margin_bottom: mm(20.0),
            margin_left: mm(30.0),
            margin_right: mm(15.0),
            header_distance: mm(10.0),
            col_left: mm(65.0),
            col_right: mm(100.0),
            header_shift: 0.0,
            size: Sizes {
                quoc_hieu: 12.0,
                tieu_ngu: 13.0,
                co_quan: 12.0,
                so: 13.0,
                ngay: 13.0,
                ten_loai: 14.0,
                trich_yeu: 14.0,
                body: 14.0,
                table: 13.0,
                chuc_vu: 14.0,
                ho_ten: 14.0,
                noi_nhan_label: 12.0,
                noi_nhan_item: 11.0,
                page_number: 14.0,
                vv: 12.0,
                stamp: 13.0,
                dia_chi: 11.0,
            },
            indent: mm(10.0),
            para_before: 6.0,
            rule_thickness: 0.5,
            rule_gap: 2.0,
            header_row2_before: 6.0,
            stamp_pad: 3.0,
            title_before: 12.0,
            signature_before: 12.0,
            signing_lines: 5,
            seal_size: mm(36.0),
            chu_ky_max_width: mm(50.0),
            // The time line, `Thời gian ký: 2026-11-23T15:24:10+07:00`, is 173 pt at 10 pt.
            agency_field_width: mm(65.0),
            agency_field_height: mm(15.0),
            cell_pad_x: 5.4,
            cell_pad_y: 2.0,
            min_co_quan_rule: mm(15.0),
            line_ascent: metrics.ascent,
            line_descent: metrics.descent,
            line_gap: metrics.gap,
            italic_reserve: 0.1,
        }
    }

    /// The margins of the decree's own Word file (§1): 25/20/35/20 mm, as that file writes
    /// them in twips (1418/1134/1985/1134), text block 155 mm, the header table of Phụ lục III
    /// (3829 | 5670 twips) starting 199 twips into the left margin.
    pub fn le_nghi_dinh(mut self) -> Self {
        self.margin_top = 1418.0 / 20.0;
        self.margin_bottom = 1134.0 / 20.0;
        self.margin_left = 1985.0 / 20.0;
        self.margin_right = 1134.0 / 20.0;
        self.col_left = 3829.0 / 20.0;
        self.col_right = 5670.0 / 20.0;
        self.header_shift = 199.0 / 20.0;
        self
    }

    /// The second size profile, of the Phụ lục III Mẫu files (§3): quốc hiệu 13, tiêu ngữ 14,
    /// parent and issuing body 13, date 14, authority 13, name 14.
    pub fn co_chu_mau(mut self) -> Self {
        self.size.quoc_hieu = 13.0;
        self.size.tieu_ngu = 14.0;
        self.size.co_quan = 13.0;
        self.size.ngay = 14.0;
        self.size.chuc_vu = 13.0;
        self.size.ho_ten = 14.0;
        self
    }

    /// The same layout on a landscape page (§1: the page turned, the margins kept on their
    /// sides): for a wide table, in the body or in an appendix.
    pub fn ngang(mut self) -> Self {
        std::mem::swap(&mut self.page_width, &mut self.page_height);
        self
    }

    /// Width of the text block.
    pub fn text_width(&self) -> f64 {
        self.page_width - self.margin_left - self.margin_right
    }

    /// Height of the signing space between the signer's title and name (§3.8).
    pub fn signing_space_height(&self) -> f64 {
        self.line_height(self.size.chuc_vu) * f64::from(self.signing_lines)
    }

    /// Height of one line of "single" spacing at `size`.
    pub fn line_height(&self, size: f64) -> f64 {
        (self.line_ascent + self.line_descent + self.line_gap) * size
    }
}

/// §3: the sizes a user may change (`co_chu:`), with the decree's range for each.
pub const SIZE_RANGES: [(&str, f64, f64); 10] = [
    ("quoc_hieu", 12.0, 13.0),
    ("tieu_ngu", 13.0, 14.0),
    ("co_quan", 12.0, 13.0),
    ("ngay", 13.0, 14.0),
    ("ten_loai", 13.0, 14.0),
    ("trich_yeu", 13.0, 14.0),
    ("noi_dung", 13.0, 14.0),
    ("chuc_vu", 13.0, 14.0),
    ("ho_ten", 13.0, 14.0),
    ("so_trang", 13.0, 14.0),
];

impl Sizes {
    /// Sets the size named as in [`SIZE_RANGES`].
    pub fn set(&mut self, key: &str, value: f64) {
        let slot = match key {
            "quoc_hieu" => &mut self.quoc_hieu,
            "tieu_ngu" => &mut self.tieu_ngu,
            "co_quan" => &mut self.co_quan,
            "ngay" => &mut self.ngay,
            "ten_loai" => &mut self.ten_loai,
            "trich_yeu" => &mut self.trich_yeu,
            "noi_dung" => &mut self.body,
            "chuc_vu" => &mut self.chuc_vu,
            "ho_ten" => &mut self.ho_ten,
            "so_trang" => &mut self.page_number,
            _ => return,
        };
        *slot = value;
    }
}

/// Points to twentieths of a point (DOCX twips), rounded.
pub fn twips(pt: f64) -> i32 {
    (pt * 20.0).round() as i32
}

/// Points to DOCX half-points (`w:sz`).
pub fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_matches_the_spec_in_twips() {
        let l = Layout::mac_dinh();
        assert_eq!(twips(l.page_width), 11906);
        assert_eq!(twips(l.page_height), 16838);
        assert_eq!(twips(l.margin_top), 1134);
        assert_eq!(twips(l.margin_left), 1701);
        assert_eq!(twips(l.margin_right), 850);
        assert_eq!(twips(l.indent), 567);
        assert_eq!(twips(l.col_left) + twips(l.col_right), 9354);
        assert!((l.text_width() - 467.72).abs() < 0.01);
    }

    #[test]
    fn decree_file_profile() {
        let l = Layout::mac_dinh().le_nghi_dinh();
        assert_eq!(twips(l.margin_top), 1418);
        assert_eq!(twips(l.margin_left), 1985);
        assert_eq!(
            twips(l.page_width) - twips(l.margin_left) - twips(l.text_width()),
            1134
        );
        assert!((l.text_width() / PT_PER_MM - 155.0).abs() < 0.05);
        assert_eq!(twips(l.col_left) + twips(l.col_right), 9499);
        let w = crate::fonts::measure(QUOC_HIEU, 13.0, true, false);
        assert!(
            w < Layout::mac_dinh().co_chu_mau().col_right,
            "13 pt quốc hiệu fits the 100 mm column"
        );
    }

    #[test]
    fn quoc_hieu_fits_its_column_on_one_line() {
        let l = Layout::mac_dinh();
        let w = crate::fonts::measure(QUOC_HIEU, l.size.quoc_hieu, true, false);
        assert!((w - 250.3).abs() < 0.5, "{w}");
        assert!(w < l.col_right);
    }
}
