//! The styles part (`word/styles.xml`): the document defaults (Times New Roman, the body size,
//! Vietnamese) and one named paragraph style per component of the decree (§3), so a clerk
//! editing the file in Word or LibreOffice finds each component by its name.

use super::props::{Align, Border, Borders, Indent, Line, ParaProps, RunProps, Spacing};
use super::xml::Xml;
use crate::fonts::FAMILY;
use crate::nd30::Layout;
use std::sync::{Arc, Mutex, PoisonError};

/// One `w:style`: name, basedOn, qFormat, pPr, rPr (CT_Style's order).
struct StyleDef {
    id: &'static str,
    name: &'static str,
    para: ParaProps<'static>,
    run: RunProps<'static>,
}

impl StyleDef {
    fn write(&self, x: &mut Xml) {
        // Normal is the default paragraph style: a paragraph with no `w:pStyle` takes it
        // (without `w:default`, Word applies no style to such a paragraph, ISO 29500 §17.7.4.17).
        if self.id == "Normal" {
            x.open(
                "w:style",
                &[("w:type", "paragraph"), ("w:default", "1"), ("w:styleId", self.id)],
            );
        } else {
            x.open(
                "w:style",
                &[("w:type", "paragraph"), ("w:styleId", self.id)],
            );
        }
        x.empty("w:name", &[("w:val", self.name)]);
        if self.id != "Normal" {
            x.empty("w:basedOn", &[("w:val", "Normal")]);
        }
        x.empty("w:qFormat", &[]);
        self.para.write(x);
        self.run.write(x);
        x.close("w:style");
    }
}

/// The width of `- ` before a recipient: the hanging indent of its wrapped lines (§3.7).
pub fn dash_width(l: &Layout) -> f64 {
    crate::fonts::measure("- ", l.size.noi_nhan_item, false, false)
}

/// The rule's thickness in DOCX border units (eighths of a point, §3.1).
pub fn rule_eighths(l: &Layout) -> usize {
    (l.rule_thickness * 8.0).round() as usize
}

/// The styles part. It follows from the layout alone, so it is made once per layout and kept:
/// the units of a batch all share it.
pub fn styles_part(l: &Layout) -> Arc<[u8]> {
    static MADE: Mutex<Option<(Layout, Arc<[u8]>)>> = Mutex::new(None);
    let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((layout, part)) = &*made
        && layout == l
    {
        return part.clone();
    }
    let part: Arc<[u8]> = make(l).into();
    *made = Some((l.clone(), part.clone()));
    part
}

fn make(l: &Layout) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", super::package::NS_W)]);
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]);
    RunProps {
        fonts: Some(FAMILY),
        size: Some(l.size.body),
        lang: Some("vi-VN"),
        ..Default::default()
    }
    .write(&mut x);
    x.close("w:rPrDefault");
    x.open("w:pPrDefault", &[]);
    ParaProps {
        spacing: Some(Spacing::single(0.0)),
        ..Default::default()
    }
    .write(&mut x);
    x.close("w:pPrDefault");
    x.close("w:docDefaults");
    for style in definitions(l) {
        style.write(&mut x);
    }
    x.close("w:styles");
    x.into_bytes()
}

/// No indent, no spacing, single lines: the header, title and signature lines.
const FLAT: Indent = Indent {
    left: 0.0,
    right: 0.0,
    first: 0.0,
};

/// A style based on `Normal`, centred, without indent or spacing, kept on one page, at `size`.
fn centred(id: &'static str, name: &'static str, size: f64) -> StyleDef {
    StyleDef {
        id,
        name,
        para: ParaProps {
            keep_lines: true,
            spacing: Some(Spacing::single(0.0)),
            indent: Some(FLAT),
            align: Some(Align::Center),
            ..Default::default()
        },
        run: RunProps {
            size: Some(size),
            ..Default::default()
        },
    }
}

/// A style based on `Normal`, left-aligned, without indent or spacing, at `size`.
fn left(id: &'static str, name: &'static str, size: f64) -> StyleDef {
    StyleDef {
        id,
        name,
        para: ParaProps {
            spacing: Some(Spacing::single(0.0)),
            indent: Some(FLAT),
            align: Some(Align::Left),
            ..Default::default()
        },
        run: RunProps {
            size: Some(size),
            ..Default::default()
        },
    }
}

impl StyleDef {
    fn bold(mut self) -> Self {
        self.run.bold = true;
        self
    }
    fn italic(mut self) -> Self {
        self.run.italic = true;
        self
    }
    fn before(mut self, pt: f64) -> Self {
        self.para.spacing = Some(Spacing::single(pt));
        self
    }
    fn keep_next(mut self) -> Self {
        self.para.keep_next = true;
        self
    }
    fn align(mut self, a: Align) -> Self {
        self.para.align = Some(a);
        self
    }
}

/// A numbered heading (§3.5) of this level: bold, kept with what follows, italic as the
/// decree's scheme says for the level (`nd30::heading_italic`).
fn heading(id: &'static str, name: &'static str, level: usize) -> StyleDef {
    let italic = crate::nd30::heading_italic(level);
    StyleDef {
        id,
        name,
        para: ParaProps {
            keep_next: true,
            ..Default::default()
        },
        run: RunProps {
            bold: true,
            italic,
            ..Default::default()
        },
    }
}

fn definitions(l: &Layout) -> Vec<StyleDef> {
    let s = &l.size;
    let rule = Border {
        eighths: rule_eighths(l),
        space: 0.0,
        color: "000000",
    };
    let mut duong = centred("Duong", "Đường kẻ", 1.0).before(l.rule_gap);
    duong.para.borders = Some(Borders {
        top: Some(rule),
        ..Default::default()
    });
    let mut noi_nhan_item = left("NoiNhanMuc", "Nơi nhận - mục", s.noi_nhan_item);
    noi_nhan_item.para.indent = Some(Indent {
        left: dash_width(l),
        right: 0.0,
        first: -dash_width(l),
    });
    let separator = crate::writer::geometry::SEPARATOR;
    let mut ngat_vung = centred("NgatVung", "Ngắt vùng", separator);
    ngat_vung.para.spacing = Some(Spacing {
        before: 0.0,
        line: Line::Exact(separator),
    });
    vec![
        StyleDef {
            id: "Normal",
            name: "Normal",
            para: ParaProps {
                // No single line of a paragraph alone at the foot or head of a page, as typst.
                widow_control: true,
                spacing: Some(Spacing::single(l.para_before)),
                indent: Some(Indent {
                    left: 0.0,
                    right: 0.0,
                    first: l.indent,
                }),
                align: Some(Align::Both),
                ..Default::default()
            },
            run: RunProps {
                size: Some(s.body),
                ..Default::default()
            },
        },
        StyleDef {
            id: "CanCu",
            name: "Căn cứ",
            para: ParaProps::default(),
            run: RunProps {
                italic: true,
                ..Default::default()
            },
        },
        heading("Phan", "Phần (A.)", 0),
        heading("Muc1", "Mục (I.)", 1),
        heading("Muc2", "Mục (1.)", 2),
        heading("Muc3", "Mục (1.1.)", 3),
        // Deeper headings take this style too (`body::heading`).
        heading("Muc4", "Mục (1.1.1.)", 4),
        duong,
        centred("CoQuanChuQuan", "Cơ quan chủ quản", s.co_quan),
        centred("CoQuan", "Cơ quan ban hành", s.co_quan).bold(),
        centred("QuocHieu", "Quốc hiệu", s.quoc_hieu).bold(),
        centred("TieuNgu", "Tiêu ngữ", s.tieu_ngu).bold(),
        centred("SoKyHieu", "Số, ký hiệu", s.so).before(l.header_row2_before),
        centred("NgayThang", "Địa danh, ngày tháng", s.ngay)
            .italic()
            .before(l.header_row2_before),
        centred("TenLoai", "Tên loại", s.ten_loai)
            .bold()
            .before(l.title_before)
            .keep_next(),
        centred("TrichYeu", "Trích yếu", s.trich_yeu)
            .bold()
            .keep_next(),
        centred("Bang", "Bảng", s.table).align(Align::Left),
        centred("BangTieuDe", "Bảng - tiêu đề", s.table).bold(),
        centred("NoiNhan", "Nơi nhận", s.noi_nhan_label)
            .bold()
            .italic()
            .align(Align::Left)
            .before(l.signature_before),
        noi_nhan_item,
        left("NguoiSoan", "Người soạn, số bản", s.noi_nhan_item),
        centred("ChucDanh", "Quyền hạn, chức vụ", s.chuc_vu).bold(),
        centred("HoTen", "Họ tên người ký", s.ho_ten).bold(),
        centred("SoTrang", "Số trang", s.page_number),
        centred("VvTrichYeu", "Trích yếu công văn (V/v)", s.vv).before(l.header_row2_before),
        centred("DauHieu", "Dấu mức độ khẩn, mật, dự thảo", s.stamp)
            .bold()
            .before(l.header_row2_before),
        // The paragraph that ends a section, or stands between two tables.
        ngat_vung,
        centred("PhuLucNhan", "Phụ lục - nhãn", s.ten_loai)
            .bold()
            .keep_next(),
        centred("PhuLucTen", "Phụ lục - tên", s.ten_loai)
            .bold()
            .keep_next(),
        centred("PhuLucThamChieu", "Phụ lục - dòng kèm theo", s.ten_loai)
            .italic()
            .keep_next(),
        left("DiaChi", "Địa chỉ cơ quan", s.dia_chi),
        centred("ChuongNhan", "Chương, mục - nhãn", s.body)
            .bold()
            .before(l.para_before)
            .keep_next(),
        centred("ChuongTen", "Chương, mục - tên", s.body).bold().keep_next(),
        centred("GiuaDam", "Dòng giữa in đậm", s.body)
            .bold()
            .before(l.para_before)
            .keep_next(),
        StyleDef {
            id: "KinhGui",
            name: "Kính gửi",
            para: ParaProps {
                spacing: Some(Spacing::single(0.0)),
                align: Some(Align::Left),
                ..Default::default()
            },
            run: RunProps::default(),
        },
    ]
}
