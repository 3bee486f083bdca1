//! DOCX writer (docx-rs). Knows the decree's format, not the document type: it reads the tree,
//! the shared [`Layout`] and the shared [`Geometry`]. Every component has a named paragraph
//! style, so a clerk can keep editing the file in Word or LibreOffice.
//!
//! Two things docx-rs cannot express are added to its own output (see README, "DOCX"):
//! the `Normal` style it always writes empty is replaced by ours, serialised by docx-rs itself,
//! and `w:lang vi-VN` is added to the document defaults.

use super::geometry::{Geometry, KINH_GUI, Placed, STAMP_SIDE, geometry};
use crate::fonts::FAMILY;
use crate::nd30::{Layout, QUOC_HIEU, TIEU_NGU, half_points, twips};
use crate::tree::{
    Block, Centred, Document, Header, Heading, KinhGui, ParaKind, Paragraph, Run, Signature, Table,
    Title,
};
use docx_rs::{
    AlignmentType, BuildXML, Docx, FieldCharType, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders,
    RunFonts, SpecialIndentType, Style, StyleType, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};
use std::sync::{Arc, Mutex, PoisonError};

/// Fixed creation time, so the same input gives the same bytes.
const FIXED_TIME: &str = "2020-01-01T00:00:00Z";

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("không ghi được DOCX: {0}")]
    Zip(String),
}

pub fn write_docx(doc: &Document, layout: &Layout) -> Result<Vec<u8>, DocxError> {
    let geo = geometry(doc, layout);
    let w = DocxWriter { layout, geo: &geo };
    let header = doc.header();
    let luu_hanh = header.and_then(|h| h.luu_hanh.as_deref());
    let mut docx = w.document_settings(luu_hanh);
    // Box 13: the address at the foot of page 1 only, under a rule across the text width.
    if let Some(dia_chi) = header.and_then(|h| h.dia_chi.as_deref()) {
        docx = docx.first_footer(w.dia_chi(dia_chi));
    }
    let has_dia_chi = header.is_some_and(|h| h.dia_chi.is_some());
    let has_phu_luc = doc.blocks.iter().any(|b| matches!(b, Block::PhuLuc(_)));
    // Appendices are sections of their own (§3.9): page numbers restart at 1, hidden on their
    // first page as on page 1. The body's section ends with an empty paragraph carrying its
    // properties; each section refers to the headers and footers registered on the document.
    let mut main_section = None;
    let mut appendix_section = None;
    if has_phu_luc {
        if has_dia_chi {
            // Box 13 is for page 1 only: appendices get an empty footer instead.
            docx = docx.footer(
                docx_rs::Footer::new().add_paragraph(docx_rs::Paragraph::new().style("NgatVung")),
            );
        }
        let base = docx.document.section_property.clone();
        let mut appendix = base
            .clone()
            .page_num_type(docx_rs::PageNumType::new().start(1));
        if has_dia_chi {
            let empty = docx
                .document
                .section_property
                .footer
                .as_ref()
                .map(|(rid, _)| rid.clone())
                .expect("registered above");
            appendix.first_footer_reference = Some(docx_rs::FooterReference::new("first", empty));
        }
        docx.document.section_property = appendix.clone();
        main_section = Some(base);
        appendix_section = Some(appendix);
    }
    let mut appendices_seen = 0;
    let mut tables = geo.tables.iter();
    let mut rules = geo.phu_luc_rules.iter();
    for (i, block) in doc.blocks.iter().enumerate() {
        // The paragraph before the signature row keeps with it (§3.8).
        let keep_next = matches!(doc.blocks.get(i + 1), Some(Block::Signature(_)));
        docx = match block {
            Block::Header(h) => docx.add_table(w.header(h)),
            Block::Title(t) => w.title(t).into_iter().fold(docx, Docx::add_paragraph),
            Block::Paragraph(p) => docx.add_paragraph(w.paragraph(p).keep_next(keep_next)),
            Block::Heading(h) => docx.add_paragraph(w.heading(h)),
            Block::Table(t) => {
                docx.add_table(w.table(t, tables.next().expect("one geometry per table")))
            }
            Block::Signature(s) => docx.add_table(w.signature(s)),
            Block::KinhGui(k) => w.kinh_gui(k).into_iter().fold(docx, Docx::add_paragraph),
            Block::Centred(c) => docx.add_paragraph(w.centred(c)),
            Block::PhuLuc(p) => {
                // End the section before: the body's, or the previous appendix's.
                let ending = if appendices_seen == 0 {
                    main_section.clone()
                } else {
                    appendix_section.clone()
                };
                appendices_seen += 1;
                let brk = docx_rs::Paragraph::new()
                    .style("NgatVung")
                    .section_property(ending.expect("set when there are appendices"));
                let docx = docx.add_paragraph(brk);
                w.phu_luc(p, *rules.next().expect("one rule per appendix"))
                    .into_iter()
                    .fold(docx, Docx::add_paragraph)
            }
        };
    }
    let mut xml = docx.build();
    xml.styles = w.styles_part().to_vec();
    // Only documents with the signature or seal images have floating images to patch.
    if geo.chu_ky.is_some() || geo.con_dau.is_some() {
        xml.document = fix_floating_images(&xml.document);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    Ok(out.into_inner())
}

/// EMU (English Metric Units) per point: DrawingML's unit.
const EMU_PER_PT: f64 = 12_700.0;

/// An image floating over the text (the signature, the seal): placed from the top left of its
/// table cell and of the paragraph it is anchored in, in front of the text, taking no room.
fn floating_image(id: &str, anh: &crate::model::anh::Anh, place: Placed) -> docx_rs::Pic {
    let emu = |pt: f64| (pt * EMU_PER_PT).round();
    let mut pic = docx_rs::Pic::new_with_dimensions(anh.png.to_vec(), anh.width, anh.height)
        // A fixed id, not docx-rs's counter, so the same input gives the same bytes.
        .id(id)
        .size(emu(place.width) as u32, emu(place.height) as u32)
        .floating()
        .overlapping()
        .relative_from_h(docx_rs::RelativeFromHType::Column)
        .relative_from_v(docx_rs::RelativeFromVType::Paragraph)
        .offset_x(emu(place.x) as i32)
        .offset_y(emu(place.y) as i32);
    pic.layout_in_cell = true;
    pic
}

/// Two gaps of docx-rs in floating images, patched in its output: it writes every one with
/// `wrapSquare`, which pushes text aside, where the seal and the signature must lie over the
/// signing space without moving a line (`wrapNone`); and it writes a negative offset (a seal
/// taller than the space starts above it) as an unsigned 32-bit number, which Word rejects.
fn fix_floating_images(document: &[u8]) -> Vec<u8> {
    const OPEN: &str = "<wp:posOffset>";
    let xml = String::from_utf8_lossy(document)
        .replace(r#"<wp:wrapSquare wrapText="bothSides" />"#, "<wp:wrapNone />");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml.as_str();
    while let Some(at) = rest.find(OPEN) {
        let (before, after) = rest.split_at(at + OPEN.len());
        out.push_str(before);
        let digits = after.find('<').unwrap_or(after.len());
        match after[..digits].parse::<u32>() {
            // The bits of an i32, read back as one.
            Ok(n) => out.push_str(&(n as i32).to_string()),
            Err(_) => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out.into_bytes()
}

struct DocxWriter<'a> {
    layout: &'a Layout,
    geo: &'a Geometry,
}

/// A paragraph style based on `Normal`, centred, without indent or spacing (header, title,
/// signature lines), at `size` points.
fn centred_style(id: &str, name: &str, size: f64) -> Style {
    let mut s = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .q_format(true)
        .size(half_points(size))
        .align(AlignmentType::Center)
        .indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(0)),
            Some(0),
            None,
        )
        .line_spacing(single(0.0));
    s.paragraph_property = s.paragraph_property.keep_lines(true);
    s
}

/// Single line spacing with `before` points above.
fn single(before: f64) -> LineSpacing {
    LineSpacing::new()
        .before(twips(before) as u32)
        .after(0)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

fn keep_next(mut s: Style) -> Style {
    s.paragraph_property = s.paragraph_property.keep_next(true);
    s
}

fn text_run(text: &str) -> docx_rs::Run {
    docx_rs::Run::new().add_text(text)
}

fn styled(id: &str, text: &str) -> docx_rs::Paragraph {
    docx_rs::Paragraph::new().style(id).add_run(text_run(text))
}

/// The paragraph that draws a rule: empty, 1 pt, with a top border of `width` centred in `avail`.
fn rule(avail: f64, width: f64) -> docx_rs::Paragraph {
    let side = twips(((avail - width) / 2.0).max(0.0));
    docx_rs::Paragraph::new()
        .style("Duong")
        .indent(Some(side), None, Some(side), None)
}

/// A style based on `Normal`, left-aligned, without indent or spacing, at `size` points.
fn left_style(id: &str, name: &str, size: f64) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .size(half_points(size))
        .align(AlignmentType::Left)
        .indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(0)),
            Some(0),
            None,
        )
        .line_spacing(single(0.0))
}

/// A border of the decree's rule (§3.1: single, 0.5 pt), `space` points from the text.
fn rule_border(
    l: &Layout,
    pos: ParagraphBorderPosition,
    space: f64,
    color: &str,
) -> ParagraphBorder {
    ParagraphBorder::new(pos)
        .val(docx_rs::BorderType::Single)
        .size(rule_eighths(l))
        .space(space.round() as usize)
        .color(color)
}

/// The rule thickness in DOCX border units (eighths of a point).
fn rule_eighths(l: &Layout) -> usize {
    (l.rule_thickness * 8.0).round() as usize
}

fn fixed_table(rows: Vec<TableRow>, grid: Vec<usize>, borders: TableBorders) -> docx_rs::Table {
    let width = grid.iter().sum();
    docx_rs::Table::new(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(width, WidthType::Dxa)
        .set_borders(borders)
}

fn cell(width: f64) -> TableCell {
    TableCell::new()
        .width(twips(width) as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Top)
}

impl DocxWriter<'_> {
    /// Page and headers (the styles are [`Self::styles_part`]). The first page's header is
    /// empty, or holds box 11.
    fn document_settings(&self, luu_hanh: Option<&str>) -> Docx {
        let l = self.layout;
        let left = twips(l.margin_left);
        // The right margin takes what the page leaves, so the text block is exactly 165 mm.
        let right = twips(l.page_width) - left - twips(l.text_width());
        let page_number = docx_rs::Paragraph::new().style("SoTrang").add_run(
            docx_rs::Run::new()
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("2")
                .add_field_char(FieldCharType::End, false),
        );
        Docx::new()
            .page_size(twips(l.page_width) as u32, twips(l.page_height) as u32)
            .page_margin(PageMargin {
                top: twips(l.margin_top),
                left,
                bottom: twips(l.margin_bottom),
                right,
                header: twips(l.header_distance),
                footer: twips(l.header_distance),
                gutter: 0,
            })
            .created_at(FIXED_TIME)
            .updated_at(FIXED_TIME)
            // Page numbers from page 2 only (§1): an empty first-page header.
            .header(docx_rs::Header::new().add_paragraph(page_number))
            .first_header(docx_rs::Header::new().add_paragraph(match luu_hanh {
                Some(t) => self.luu_hanh(t),
                None => docx_rs::Paragraph::new().style("SoTrang"),
            }))
    }

    /// The styles part (`word/styles.xml`): the document defaults and every named style. It
    /// follows from the layout alone, so it is made once per layout and kept: a batch's units
    /// all share it, and making it (docx-rs, then [`Self::patch_styles`]) was about 2 % of a
    /// batch's time.
    fn styles_part(&self) -> Arc<[u8]> {
        static MADE: Mutex<Option<(Layout, Arc<[u8]>)>> = Mutex::new(None);
        let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((layout, part)) = &*made
            && layout == self.layout
        {
            return part.clone();
        }
        let fonts = RunFonts::new()
            .ascii(FAMILY)
            .hi_ansi(FAMILY)
            .cs(FAMILY)
            .east_asia(FAMILY);
        let styles = self.styles().into_iter().fold(
            docx_rs::Styles::new()
                .default_fonts(fonts)
                .default_size(half_points(self.layout.size.body))
                .default_line_spacing(single(0.0)),
            docx_rs::Styles::add_style,
        );
        let part: Arc<[u8]> = self.patch_styles(&styles.build()).into();
        *made = Some((self.layout.clone(), part.clone()));
        part
    }

    fn styles(&self) -> Vec<Style> {
        let l = self.layout;
        let s = &l.size;
        let mut duong = centred_style("Duong", "Đường kẻ", 1.0).line_spacing(single(l.rule_gap));
        duong.paragraph_property.borders = Some(ParagraphBorders::with_empty().set(rule_border(
            l,
            ParagraphBorderPosition::Top,
            0.0,
            "000000",
        )));
        let heading = |id: &str, name: &str, italic: bool| {
            let st = Style::new(id, StyleType::Paragraph)
                .name(name)
                .based_on("Normal")
                .q_format(true)
                .bold();
            keep_next(if italic { st.italic() } else { st })
        };
        let noi_nhan_item = left_style("NoiNhanMuc", "Nơi nhận - mục", s.noi_nhan_item).indent(
            Some(twips(self.dash_width())),
            Some(SpecialIndentType::Hanging(twips(self.dash_width()))),
            Some(0),
            None,
        );
        vec![
            Style::new("CanCu", StyleType::Paragraph)
                .name("Căn cứ")
                .based_on("Normal")
                .q_format(true)
                .italic(),
            heading("Muc1", "Mục (I.)", false),
            heading("Muc2", "Mục (1.)", false),
            heading("Muc3", "Mục (1.1.)", false),
            heading("Muc4", "Mục (1.1.1.)", true),
            duong,
            centred_style("CoQuanChuQuan", "Cơ quan chủ quản", s.co_quan),
            centred_style("CoQuan", "Cơ quan ban hành", s.co_quan).bold(),
            centred_style("QuocHieu", "Quốc hiệu", s.quoc_hieu).bold(),
            centred_style("TieuNgu", "Tiêu ngữ", s.tieu_ngu).bold(),
            centred_style("SoKyHieu", "Số, ký hiệu", s.so)
                .line_spacing(single(l.header_row2_before)),
            centred_style("NgayThang", "Địa danh, ngày tháng", s.ngay)
                .italic()
                .line_spacing(single(l.header_row2_before)),
            keep_next(
                centred_style("TenLoai", "Tên loại", s.ten_loai)
                    .bold()
                    .line_spacing(single(l.title_before)),
            ),
            keep_next(centred_style("TrichYeu", "Trích yếu", s.trich_yeu).bold()),
            centred_style("Bang", "Bảng", s.table).align(AlignmentType::Left),
            centred_style("BangTieuDe", "Bảng - tiêu đề", s.table).bold(),
            centred_style("NoiNhan", "Nơi nhận", s.noi_nhan_label)
                .bold()
                .italic()
                .align(AlignmentType::Left)
                .line_spacing(single(l.signature_before)),
            noi_nhan_item,
            left_style("NguoiSoan", "Người soạn, số bản", s.noi_nhan_item),
            centred_style("ChucDanh", "Quyền hạn, chức vụ", s.chuc_vu).bold(),
            centred_style("HoTen", "Họ tên người ký", s.ho_ten).bold(),
            centred_style("SoTrang", "Số trang", s.page_number),
            centred_style("VvTrichYeu", "Trích yếu công văn (V/v)", s.vv)
                .line_spacing(single(l.header_row2_before)),
            centred_style("DauHieu", "Dấu mức độ khẩn, mật, dự thảo", s.stamp)
                .bold()
                .line_spacing(single(l.header_row2_before)),
            // The paragraph that ends a section: as small as Word allows.
            centred_style("NgatVung", "Ngắt vùng", 1.0).line_spacing(
                LineSpacing::new()
                    .before(0)
                    .after(0)
                    .line(20)
                    .line_rule(LineSpacingType::Exact),
            ),
            keep_next(centred_style("PhuLucNhan", "Phụ lục - nhãn", s.ten_loai).bold()),
            keep_next(centred_style("PhuLucTen", "Phụ lục - tên", s.ten_loai).bold()),
            keep_next(
                centred_style("PhuLucThamChieu", "Phụ lục - dòng kèm theo", s.ten_loai).italic(),
            ),
            left_style("DiaChi", "Địa chỉ cơ quan", s.dia_chi),
            keep_next(
                centred_style("GiuaDam", "Dòng giữa in đậm", s.body)
                    .bold()
                    .line_spacing(single(l.para_before)),
            ),
            Style::new("KinhGui", StyleType::Paragraph)
                .name("Kính gửi")
                .based_on("Normal")
                .q_format(true)
                .align(AlignmentType::Left)
                .line_spacing(single(0.0)),
        ]
    }

    /// Width of `- ` in a recipient line: the hanging indent that aligns wrapped lines.
    fn dash_width(&self) -> f64 {
        crate::fonts::measure("- ", self.layout.size.noi_nhan_item, false, false)
    }

    /// docx-rs writes an empty `Normal` style of its own; replace it with ours (serialised by
    /// docx-rs), and declare the language Vietnamese in the document defaults.
    fn patch_styles(&self, styles: &[u8]) -> Vec<u8> {
        let l = self.layout;
        let mut normal = Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .q_format(true)
            .size(half_points(l.size.body))
            .align(AlignmentType::Both)
            .indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(twips(l.indent))),
                Some(0),
                None,
            )
            .line_spacing(single(l.para_before));
        // No single line of a paragraph alone at the foot or head of a page, as typst does.
        normal.paragraph_property = normal.paragraph_property.widow_control(true);
        let ours = String::from_utf8(normal.build()).expect("docx-rs writes UTF-8");
        let ours = ours.trim_start_matches(|c| c != '<').to_string();
        let ours = match ours.strip_prefix("<?xml") {
            Some(rest) => rest[rest.find("?>").map_or(0, |i| i + 2)..].to_string(),
            None => ours,
        };
        let text = String::from_utf8_lossy(styles);
        let empty_normal = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#;
        assert!(
            text.contains(empty_normal),
            "docx-rs changed how it writes Normal"
        );
        text.replacen(empty_normal, &ours, 1)
            .replacen(
                "</w:rPr></w:rPrDefault>",
                r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" /></w:rPr></w:rPrDefault>"#,
                1,
            )
            .into_bytes()
    }

    fn header(&self, h: &Header) -> docx_rs::Table {
        let l = self.layout;
        let mut left = cell(l.col_left);
        if let Some(chu_quan) = &h.chu_quan {
            for line in chu_quan.lines() {
                left = left.add_paragraph(styled("CoQuanChuQuan", line));
            }
        }
        for line in h.co_quan.lines() {
            left = left.add_paragraph(styled("CoQuan", line));
        }
        left = left.add_paragraph(rule(l.col_left, self.geo.co_quan_rule));
        let right = cell(l.col_right)
            .add_paragraph(styled("QuocHieu", QUOC_HIEU))
            .add_paragraph(styled("TieuNgu", TIEU_NGU))
            .add_paragraph(rule(l.col_right, self.geo.tieu_ngu_rule));
        let mut so = cell(l.col_left).add_paragraph(styled("SoKyHieu", &h.so_ky_hieu));
        if let Some(vv) = &h.vv {
            so = so.add_paragraph(styled("VvTrichYeu", vv));
        }
        for (stamp, width) in h.stamps.iter().zip(&self.geo.stamps) {
            so = so.add_paragraph(self.stamp(stamp, *width));
        }
        let ngay = cell(l.col_right).add_paragraph(styled("NgayThang", &h.dong_ngay));
        fixed_table(
            vec![
                TableRow::new(vec![left, right]).cant_split(),
                TableRow::new(vec![so, ngay]).cant_split(),
            ],
            vec![twips(l.col_left) as usize, twips(l.col_right) as usize],
            TableBorders::with_empty(),
        )
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .indent(-twips(l.header_shift))
    }

    /// A paragraph boxed on four sides (§3.10, §3.11), the box `width` wide and `left` from the
    /// edge of an area `avail` wide. The side borders sit half of `STAMP_SIDE` outside the text
    /// area, so the text area keeps slack beyond the text's own width: LibreOffice wraps a line
    /// exactly as wide as its paragraph.
    fn boxed(
        &self,
        text: &str,
        avail: f64,
        left: f64,
        width: f64,
        color: &str,
    ) -> docx_rs::Paragraph {
        let l = self.layout;
        let inner = STAMP_SIDE / 2.0;
        let mut p = docx_rs::Paragraph::new().style("DauHieu").indent(
            Some(twips(left + inner)),
            Some(SpecialIndentType::FirstLine(0)),
            Some(twips(avail - left - width + inner)),
            None,
        );
        p.property.borders = Some(
            ParagraphBorders::with_empty()
                .set(rule_border(
                    l,
                    ParagraphBorderPosition::Top,
                    l.stamp_pad,
                    color,
                ))
                .set(rule_border(
                    l,
                    ParagraphBorderPosition::Bottom,
                    l.stamp_pad,
                    color,
                ))
                .set(rule_border(l, ParagraphBorderPosition::Left, inner, color))
                .set(rule_border(l, ParagraphBorderPosition::Right, inner, color)),
        );
        p.add_run(text_run(text).color(color))
    }

    /// A stamp of the left column (boxes 10a, 10b, the draft box), centred in it.
    fn stamp(&self, s: &crate::tree::Stamp, width: f64) -> docx_rs::Paragraph {
        let color = if s.red {
            crate::nd30::STAMP_RED
        } else {
            "000000"
        };
        let col = self.layout.col_left;
        self.boxed(&s.text, col, (col - width) / 2.0, width, color)
    }

    /// Box 11: the circulation note in the top margin of page 1, over the quốc hiệu, where the
    /// decree's sketch puts it (the first page's header; no space before).
    fn luu_hanh(&self, text: &str) -> docx_rs::Paragraph {
        let g = self.geo;
        self.boxed(
            text,
            self.layout.text_width(),
            g.luu_hanh_left,
            g.luu_hanh_width,
            "000000",
        )
        .line_spacing(single(0.0))
    }

    fn title(&self, t: &Title) -> Vec<docx_rs::Paragraph> {
        let mut out = vec![styled("TenLoai", &t.ten_loai)];
        if let Some(ty) = &t.trich_yeu {
            out.push(styled("TrichYeu", ty));
        }
        out.push(rule(self.layout.text_width(), self.geo.trich_yeu_rule).keep_next(true));
        out
    }

    fn runs(p: docx_rs::Paragraph, runs: &[Run]) -> docx_rs::Paragraph {
        runs.iter().fold(p, |p, r| {
            let mut run = text_run(&r.text);
            if r.bold {
                run = run.bold();
            }
            if r.italic {
                run = run.italic();
            }
            p.add_run(run)
        })
    }

    fn paragraph(&self, p: &Paragraph) -> docx_rs::Paragraph {
        let base = match p.kind {
            ParaKind::Body => docx_rs::Paragraph::new(),
            ParaKind::CanCu => docx_rs::Paragraph::new().style("CanCu"),
        };
        // Runs of a căn cứ are italic through the style; only bold is set on the run.
        let runs: Vec<Run> = p
            .runs
            .iter()
            .map(|r| Run {
                italic: r.italic && p.kind == ParaKind::Body,
                ..r.clone()
            })
            .collect();
        Self::runs(base, &runs)
    }

    fn heading(&self, h: &Heading) -> docx_rs::Paragraph {
        let style = format!("Muc{}", h.level.min(4));
        styled(&style, &format!("{} {}", h.number, h.text))
    }

    fn table(&self, t: &Table, widths: &[f64]) -> docx_rs::Table {
        let l = self.layout;
        let header = TableRow::new(
            t.header
                .iter()
                .zip(widths)
                .map(|(h, w)| cell(*w).add_paragraph(styled("BangTieuDe", h)))
                .collect(),
        )
        .cant_split();
        let rows = t.rows.iter().map(|row| {
            TableRow::new(
                row.iter()
                    .zip(widths)
                    .map(|(c, w)| {
                        cell(*w)
                            .add_paragraph(Self::runs(docx_rs::Paragraph::new().style("Bang"), c))
                    })
                    .collect(),
            )
            .cant_split()
        });
        let size = rule_eighths(l);
        let borders = [
            TableBorderPosition::Top,
            TableBorderPosition::Left,
            TableBorderPosition::Bottom,
            TableBorderPosition::Right,
            TableBorderPosition::InsideH,
            TableBorderPosition::InsideV,
        ]
        .into_iter()
        .fold(TableBorders::with_empty(), |b, pos| {
            b.set(TableBorder::new(pos).size(size).color("000000"))
        });
        let pad_x = twips(l.cell_pad_x) as usize;
        let pad_y = twips(l.cell_pad_y) as usize;
        fixed_table(
            std::iter::once(header).chain(rows).collect(),
            widths.iter().map(|w| twips(*w) as usize).collect(),
            borders,
        )
        .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x))
    }

    /// Box 9a: one addressee centred on one line; several under one another, their dashes
    /// aligned after `Kính gửi: `, the block centred on its widest line (§3.6).
    fn kinh_gui(&self, k: &KinhGui) -> Vec<docx_rs::Paragraph> {
        let l = self.layout;
        let first = |p: docx_rs::Paragraph| p.line_spacing(single(l.para_before));
        if let [one] = k.lines.as_slice() {
            let p = styled("KinhGui", &format!("{KINH_GUI}{one}"))
                .align(AlignmentType::Center)
                .indent(
                    Some(0),
                    Some(SpecialIndentType::FirstLine(0)),
                    Some(0),
                    None,
                );
            return vec![first(p)];
        }
        let label = twips(self.geo.kinh_gui_label);
        let left = twips(self.geo.kinh_gui_left) + label;
        k.lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                if i == 0 {
                    first(styled("KinhGui", &format!("{KINH_GUI}{line}")).indent(
                        Some(left),
                        Some(SpecialIndentType::Hanging(label)),
                        Some(0),
                        None,
                    ))
                } else {
                    styled("KinhGui", line).indent(
                        Some(left),
                        Some(SpecialIndentType::FirstLine(0)),
                        Some(0),
                        None,
                    )
                }
            })
            .collect()
    }

    fn dia_chi(&self, text: &str) -> docx_rs::Footer {
        let l = self.layout;
        let mut footer = docx_rs::Footer::new();
        for (i, line) in text.lines().enumerate() {
            let mut p = styled("DiaChi", line);
            if i == 0 {
                p.property.borders = Some(ParagraphBorders::with_empty().set(rule_border(
                    l,
                    ParagraphBorderPosition::Top,
                    1.0,
                    "000000",
                )));
            }
            footer = footer.add_paragraph(p);
        }
        footer
    }

    /// An appendix's first lines (§3.9): label, title, reference line, a short rule.
    fn phu_luc(&self, p: &crate::tree::PhuLuc, rule_width: f64) -> Vec<docx_rs::Paragraph> {
        vec![
            styled("PhuLucNhan", &p.nhan),
            styled("PhuLucTen", &p.tieu_de),
            styled("PhuLucThamChieu", &p.tham_chieu),
            rule(self.layout.text_width(), rule_width).keep_next(true),
        ]
    }

    fn centred(&self, c: &Centred) -> docx_rs::Paragraph {
        styled("GiuaDam", &c.text)
    }

    fn signature(&self, s: &Signature) -> docx_rs::Table {
        let l = self.layout;
        let mut left = cell(l.col_left).add_paragraph(styled("NoiNhan", "Nơi nhận:"));
        for line in &s.noi_nhan {
            left = left.add_paragraph(styled("NoiNhanMuc", line));
        }
        if let Some(soan) = &s.soan {
            left = left.add_paragraph(styled("NguoiSoan", soan));
        }
        let mut right = cell(l.col_right);
        for (i, line) in s.chuc_danh.iter().enumerate() {
            let p = styled("ChucDanh", line);
            // The first title line sits on the same line as `Nơi nhận:` (§3.7).
            let p = if i == 0 {
                p.line_spacing(single(l.signature_before))
            } else {
                p
            };
            right = right.add_paragraph(p);
        }
        for i in 0..l.signing_lines {
            let mut p = docx_rs::Paragraph::new().style("ChucDanh");
            // Boxes 7c and 8 float from the top of the signing space, as in the PDF.
            if i == 0 {
                let images = [
                    ("rIdChuKy", s.chu_ky.as_ref(), self.geo.chu_ky),
                    ("rIdConDau", s.con_dau.as_ref(), self.geo.con_dau),
                ];
                for (id, anh, place) in images {
                    if let (Some(anh), Some(place)) = (anh, place) {
                        p = p.add_run(docx_rs::Run::new().add_image(floating_image(id, anh, place)));
                    }
                }
            }
            right = right.add_paragraph(p);
        }
        right = right.add_paragraph(styled("HoTen", &s.ho_ten));
        fixed_table(
            vec![TableRow::new(vec![left, right]).cant_split()],
            vec![twips(l.col_left) as usize, twips(l.col_right) as usize],
            TableBorders::with_empty(),
        )
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .indent(-twips(l.header_shift))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The document defaults' font size in the styles part of a DOCX, in half-points.
    fn default_size(docx: &[u8]) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut styles = String::new();
        zip.by_name("word/styles.xml")
            .unwrap()
            .read_to_string(&mut styles)
            .unwrap();
        let defaults = &styles[styles.find("<w:rPrDefault>").unwrap()..];
        let sz = &defaults[defaults.find("<w:sz w:val=\"").unwrap() + 13..];
        sz[..sz.find('"').unwrap()].to_string()
    }

    #[test]
    fn the_kept_styles_part_follows_each_documents_layout() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/ke-hoach-mau.yaml");
        let src = std::fs::read_to_string(path).unwrap();
        let tree = crate::pipeline::prepare_with(&src, None, None).unwrap().tree;
        let normal = Layout::mac_dinh();
        let mut other = normal.clone();
        other.size.body = 13.0;
        // One process, documents of two layouts in turn (`vbhc render a.yaml b.yaml`).
        for (layout, half_points) in [(&normal, "28"), (&other, "26"), (&normal, "28")] {
            assert_eq!(default_size(&write_docx(&tree, layout).unwrap()), half_points);
        }
    }

    #[test]
    fn floating_images_take_no_room_and_keep_negative_offsets() {
        let xml = br#"<wp:anchor><wp:positionV relativeFrom="paragraph"><wp:posOffset>4294830428</wp:posOffset></wp:positionV><wp:positionH relativeFrom="column"><wp:posOffset>151132</wp:posOffset></wp:positionH><wp:wrapSquare wrapText="bothSides" /></wp:anchor>"#;
        let fixed = String::from_utf8(fix_floating_images(xml)).unwrap();
        assert_eq!(
            fixed,
            r#"<wp:anchor><wp:positionV relativeFrom="paragraph"><wp:posOffset>-136868</wp:posOffset></wp:positionV><wp:positionH relativeFrom="column"><wp:posOffset>151132</wp:posOffset></wp:positionH><wp:wrapNone /></wp:anchor>"#
        );
    }
}
