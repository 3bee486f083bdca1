//! Lengths both writers need that depend on the text: the rules under the issuing body, the
//! motto and the summary (§3.1), where stamps and images go, and table column widths
//! (`columns.rs`). Computed once, here, with the
//! embedded font's advance widths, so the DOCX and the PDF draw the same lengths.

use super::columns::{FitError, table_columns};
use super::sections::{Section, sections};
use crate::fonts::{measure, wrap_widths};
use crate::nd30::{Layout, TIEU_NGU};
use crate::tree::{Block, Document, Header, Title};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Geometry {
    /// Rule under the issuing body (box 2).
    pub co_quan_rule: f64,
    /// Rule under the motto: exactly the motto's width.
    pub tieu_ngu_rule: f64,
    /// Rule under the summary (box 5a).
    pub trich_yeu_rule: f64,
    /// Each table's columns and rows, in document order.
    pub tables: Vec<TableGeometry>,
    /// Box 9a: width of `Kính gửi: ` and where the block starts, from the left margin, so
    /// that its widest line is centred (§3.6).
    pub kinh_gui_label: f64,
    pub kinh_gui_left: f64,
    /// Outer width of each stamp of the header, in order.
    pub stamps: Vec<f64>,
    /// The short rule under each appendix's heading: a third of its widest line.
    pub phu_luc_rules: Vec<f64>,
    /// Box 11: its width and where it starts from the left margin (centred at 0.715 of the
    /// text width, the middle of its place in the decree's sketch, §4.1).
    pub luu_hanh_width: f64,
    pub luu_hanh_left: f64,
    /// How many Nơi nhận lines stand beside the signer, in the signature's first row; each
    /// further line is a row of its own, so that a long list flows onto the next page while
    /// the signer's title, space and name stay together (§3.8, §9).
    pub noi_nhan_beside: usize,
    /// The runs of blocks on pages of one orientation, and where appendices start.
    pub sections: Vec<Section>,
    /// The header's two columns (§4.3): the layout's, or the right one widened so that the
    /// date line stays on one line (§9).
    pub header_cols: [f64; 2],
}

/// How a table is laid out: its column widths, and which of its body rows may split across
/// pages (§9: a row taller than a page splits; the others are kept whole).
#[derive(Debug, Clone, Serialize)]
pub struct TableGeometry {
    pub widths: Vec<f64>,
    pub breakable: Vec<bool>,
    /// Whether the header rows repeat at the top of each page (§3.5): not when they would
    /// take a good part of every page.
    pub repeat_header: bool,
    /// The height a header row keeps at least, where a cell merged down the header rows needs
    /// more than they would take (LibreOffice cuts such a cell short on the pages the header
    /// repeats on, unless its rows hold the height).
    pub header_heights: Vec<Option<f64>>,
}

/// §3.8: where the seal's centre is, from the top left of the signing space: on the left third
/// of the space, over the signature's left part, halfway down. The seal image and the seal's
/// signature field (`pdf::fields`) are both centred here.
pub fn seal_centre(layout: &Layout) -> (f64, f64) {
    (layout.col_right / 3.0, layout.signing_space_height() / 2.0)
}

/// Room between a stamp's text and the sides of its box.
pub const STAMP_SIDE: f64 = 6.0;

/// The height of the paragraph that ends a DOCX section, and of the one between two tables
/// (Word and LibreOffice join tables with nothing between them): as small as Word allows.
pub const SEPARATOR: f64 = 1.0;

/// The label of box 9a, with the space after it.
pub const KINH_GUI: &str = "Kính gửi: ";

pub fn geometry(doc: &Document, layout: &Layout) -> Result<Geometry, FitError> {
    let mut g = Geometry {
        co_quan_rule: 0.0,
        tieu_ngu_rule: measure(TIEU_NGU, layout.size.tieu_ngu, true, false),
        trich_yeu_rule: 0.0,
        tables: Vec::new(),
        kinh_gui_label: measure(KINH_GUI, layout.size.body, false, false),
        kinh_gui_left: 0.0,
        stamps: Vec::new(),
        phu_luc_rules: Vec::new(),
        luu_hanh_width: 0.0,
        luu_hanh_left: 0.0,
        noi_nhan_beside: 0,
        sections: sections(doc),
        header_cols: [layout.col_left, layout.col_right],
    };
    let base = layout;
    for section in g.sections.clone() {
        let layout = &section.layout(base);
        for block in &doc.blocks[section.blocks] {
            geometry_of(&mut g, block, layout)?;
        }
    }
    Ok(g)
}

/// What one block adds to the geometry, laid out on a page of `layout`.
fn geometry_of(g: &mut Geometry, block: &Block, layout: &Layout) -> Result<(), FitError> {
        match block {
            Block::Header(h) => {
                g.header_cols = header_cols(h, layout);
                g.co_quan_rule = co_quan_rule(h, layout, g.header_cols[0]);
                if let Some(t) = &h.luu_hanh {
                    g.luu_hanh_width = fitted_box(t, layout);
                    g.luu_hanh_left =
                        (0.715 * layout.text_width() - g.luu_hanh_width / 2.0).max(0.0);
                }
                g.stamps = h
                    .stamps
                    .iter()
                    .map(|s| match s.width_mm {
                        Some(w) => w * crate::nd30::PT_PER_MM,
                        None => fitted_box(&s.text, layout),
                    })
                    .collect();
            }
            Block::Title(t) => g.trich_yeu_rule = trich_yeu_rule(t, layout),
            Block::Table(t) => g.tables.push(TableGeometry {
                widths: table_columns(t, layout)?,
                breakable: Vec::new(),
                repeat_header: true,
                header_heights: Vec::new(),
            }),
            Block::PhuLuc(p) => {
                let size = layout.size.ten_loai;
                let widest = widest(&p.tieu_de, size, true, layout.text_width()).max(widest(
                    &p.tham_chieu,
                    size,
                    false,
                    layout.text_width(),
                ));
                g.phu_luc_rules.push(widest / 3.0);
            }
            Block::KinhGui(k) => {
                let widest = k
                    .lines
                    .iter()
                    .map(|l| measure(l, layout.size.body, false, false))
                    .fold(0.0, f64::max);
                g.kinh_gui_left =
                    ((layout.text_width() - g.kinh_gui_label - widest) / 2.0).max(0.0);
            }
            _ => {}
        }
    Ok(())
}

/// The outer width of a box that fits its bold label (the draft box, secrecy, box 11).
fn fitted_box(label: &str, layout: &Layout) -> f64 {
    measure(label, layout.size.stamp, true, false) + 2.0 * STAMP_SIDE
}

/// Widest line of `text` (which may hold typed line breaks) wrapped in `max`.
fn widest(text: &str, size: f64, bold: bool, max: f64) -> f64 {
    text.lines()
        .flat_map(|l| wrap_widths(l, size, bold, max))
        .fold(0.0, f64::max)
}

/// The header's columns: the right one as wide as the date line needs (§9: one line; a long
/// place such as `Thành phố Hồ Chí Minh` at 14 pt does not fit 100 mm), the left one what is
/// left of the text width.
fn header_cols(h: &Header, layout: &Layout) -> [f64; 2] {
    let date = measure(&h.dong_ngay, layout.size.ngay, false, true) + super::fit::SLACK;
    let right = layout.col_right.max(date);
    [layout.col_left + layout.col_right - right, right]
}

/// Half the issuing body's widest line; under 15 mm (`SỞ Y TẾ`), half the widest line of box 2
/// instead (§3.1, a generator choice stated in docs/format.md).
fn co_quan_rule(h: &Header, layout: &Layout, col_left: f64) -> f64 {
    let size = layout.size.co_quan;
    let ten = widest(&h.co_quan, size, true, col_left);
    let rule = ten / 2.0;
    if rule >= layout.min_co_quan_rule {
        return rule;
    }
    let chu_quan = h
        .chu_quan
        .as_deref()
        .map_or(0.0, |c| widest(c, size, false, col_left));
    ten.max(chu_quan) / 2.0
}

/// A third of the summary's widest line (§3.1 default).
fn trich_yeu_rule(t: &Title, layout: &Layout) -> f64 {
    let widest_line = match &t.trich_yeu {
        Some(s) => widest(s, layout.size.trich_yeu, true, layout.text_width()),
        None => measure(&t.ten_loai, layout.size.ten_loai, true, false),
    };
    widest_line / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(chu_quan: Option<&str>, ten: &str) -> Header {
        Header {
            chu_quan: chu_quan.map(Into::into),
            co_quan: ten.into(),
            so_ky_hieu: String::new(),
            dong_ngay: String::new(),
            vv: None,
            stamps: vec![],
            dia_chi: None,
            luu_hanh: None,
        }
    }

    #[test]
    fn short_agency_rule_falls_back_to_the_widest_line() {
        let l = Layout::mac_dinh();
        let r = co_quan_rule(&header(Some("UBND TỈNH THANH HÓA"), "SỞ Y TẾ"), &l, l.col_left);
        // §3.1: `UBND TỈNH THANH HÓA` at 12 pt is 49.3 mm → 24.7 mm.
        assert!((r / crate::nd30::PT_PER_MM - 24.7).abs() < 0.3, "{r}");
        let long = co_quan_rule(&header(None, "BỆNH VIỆN ĐA KHOA TỈNH"), &l, l.col_left);
        let w = measure("BỆNH VIỆN ĐA KHOA TỈNH", 12.0, true, false);
        assert!((long - w / 2.0).abs() < 0.01);
    }

    #[test]
    fn a_long_date_line_widens_the_right_column() {
        let mut l = Layout::mac_dinh();
        let mut h = header(None, "SỞ Y TẾ");
        h.dong_ngay = "Thành phố Hồ Chí Minh, ngày 30 tháng 12 năm 2023".into();
        assert_eq!(header_cols(&h, &l), [l.col_left, l.col_right], "13 pt fits 100 mm");
        l.size.ngay = 14.0;
        let [left, right] = header_cols(&h, &l);
        assert!(right > l.col_right && measure(&h.dong_ngay, 14.0, false, true) < right);
        assert!((left + right - l.col_left - l.col_right).abs() < 1e-9);
    }
}
