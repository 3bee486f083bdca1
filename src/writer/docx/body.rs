//! The blocks of the document tree as WordprocessingML: paragraphs and their runs, the header
//! and signature tables, the title, Kính gửi, appendix headings (§3, §4.4). Data tables are in
//! `table.rs`.

use super::props::{
    Align, Border, Borders, CellProps, Indent, ParaProps, RowProps, RunProps, Spacing,
    TableBorders, TableProps, tw,
};
use super::styles::rule_eighths;
use super::xml::Xml;
use crate::nd30::{Layout, QUOC_HIEU, TIEU_NGU};
use crate::tree::{
    Centred, Division, Header, Heading, KinhGui, ParaKind, Paragraph, PhuLuc, Run, Signature, Stamp, Title,
};
use crate::writer::geometry::{Geometry, KINH_GUI, STAMP_SIDE};

pub struct Body<'a> {
    pub x: Xml,
    pub layout: &'a Layout,
    pub geo: &'a Geometry,
}

/// Writes runs, a forced line break for each `\n` in their text.
pub fn runs(x: &mut Xml, runs: &[Run], base: RunProps) {
    for r in runs {
        let props = RunProps {
            bold: base.bold || r.bold,
            italic: base.italic || r.italic,
            ..base
        };
        run(x, &r.text, props);
    }
}

/// One run of text in one style.
pub fn run(x: &mut Xml, text: &str, props: RunProps) {
    x.open("w:r", &[]);
    props.write(x);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            x.empty("w:br", &[]);
        }
        if !line.is_empty() {
            x.leaf("w:t", &[("xml:space", "preserve")], line);
        }
    }
    x.close("w:r");
}

/// A paragraph of one style holding `text`.
pub fn styled(x: &mut Xml, style: &str, text: &str) {
    paragraph(
        x,
        &ParaProps {
            style: Some(style),
            ..Default::default()
        },
        |x| run(x, text, RunProps::default()),
    );
}

/// `<w:p>`: its properties, then what `content` writes.
pub fn paragraph(x: &mut Xml, props: &ParaProps, content: impl FnOnce(&mut Xml)) {
    x.open("w:p", &[]);
    props.write(x);
    content(x);
    x.close("w:p");
}

/// A table cell of `width` whose paragraphs `content` writes.
pub fn cell(x: &mut Xml, props: CellProps, content: impl FnOnce(&mut Xml)) {
    x.open("w:tc", &[]);
    props.write(x);
    content(x);
    x.close("w:tc");
}

pub fn grid(x: &mut Xml, widths: &[f64]) {
    x.open("w:tblGrid", &[]);
    for w in widths {
        x.empty("w:gridCol", &[("w:w", &tw(*w))]);
    }
    x.close("w:tblGrid");
}

fn simple_cell(width: f64) -> CellProps {
    CellProps {
        width,
        grid_span: 1,
        v_merge: None,
    }
}

impl Body<'_> {
    fn rule_border(&self, space: f64, color: &'static str) -> Border {
        Border {
            eighths: rule_eighths(self.layout),
            space,
            color,
        }
    }

    /// The paragraph that draws a rule: empty, 1 pt, with a top border of `width` centred in
    /// `avail` (§3.1).
    fn rule(&mut self, avail: f64, width: f64, keep_next: bool) {
        let side = ((avail - width) / 2.0).max(0.0);
        let props = ParaProps {
            style: Some("Duong"),
            keep_next,
            indent: Some(Indent {
                left: side,
                right: side,
                first: 0.0,
            }),
            ..Default::default()
        };
        paragraph(&mut self.x, &props, |_| {});
    }

    /// A borderless two-column table of the header's grid (§4.3): the header, the signature.
    fn two_columns(&mut self, [left, right]: [f64; 2], rows: impl FnOnce(&mut Self)) {
        let l = self.layout;
        self.x.open("w:tbl", &[]);
        TableProps {
            width: left + right,
            indent: -l.header_shift,
            borders: TableBorders::None,
            pad_y: 0.0,
            pad_x: 0.0,
        }
        .write(&mut self.x);
        grid(&mut self.x, &[left, right]);
        rows(self);
        self.x.close("w:tbl");
    }

    /// Boxes 1–4 (and 5b, 10): a two-row table, so that `Số:` and the date share a baseline.
    pub fn header(&mut self, h: &Header) {
        let [col_left, col_right] = self.geo.header_cols;
        self.two_columns(self.geo.header_cols, |b| {
            b.x.open("w:tr", &[]);
            RowProps::UNSPLIT.write(&mut b.x);
            b.x.open("w:tc", &[]);
            simple_cell(col_left).write(&mut b.x);
            for line in h.chu_quan.iter().flat_map(|c| c.lines()) {
                styled(&mut b.x, "CoQuanChuQuan", line);
            }
            for line in h.co_quan.lines() {
                styled(&mut b.x, "CoQuan", line);
            }
            b.rule(col_left, b.geo.co_quan_rule, false);
            b.x.close("w:tc");
            b.x.open("w:tc", &[]);
            simple_cell(col_right).write(&mut b.x);
            styled(&mut b.x, "QuocHieu", QUOC_HIEU);
            styled(&mut b.x, "TieuNgu", TIEU_NGU);
            b.rule(col_right, b.geo.tieu_ngu_rule, false);
            b.x.close("w:tc");
            b.x.close("w:tr");

            b.x.open("w:tr", &[]);
            RowProps::UNSPLIT.write(&mut b.x);
            b.x.open("w:tc", &[]);
            simple_cell(col_left).write(&mut b.x);
            styled(&mut b.x, "SoKyHieu", &h.so_ky_hieu);
            if let Some(vv) = &h.vv {
                styled(&mut b.x, "VvTrichYeu", vv);
            }
            for (stamp, width) in h.stamps.iter().zip(&b.geo.stamps) {
                b.stamp(stamp, *width);
            }
            b.x.close("w:tc");
            cell(&mut b.x, simple_cell(col_right), |x| {
                styled(x, "NgayThang", &h.dong_ngay)
            });
            b.x.close("w:tr");
        });
    }

    /// A paragraph boxed on four sides (§3.10, §3.11), the box `width` wide and `left` from the
    /// edge of an area `avail` wide. The side borders sit half of `STAMP_SIDE` outside the text
    /// area, so the text area keeps slack beyond the text's own width: LibreOffice wraps a line
    /// exactly as wide as its paragraph.
    fn boxed(
        &mut self,
        text: &str,
        area: (f64, f64, f64),
        color: &'static str,
        spacing: Option<Spacing>,
    ) {
        let (avail, left, width) = area;
        let l = self.layout;
        let inner = STAMP_SIDE / 2.0;
        let props = ParaProps {
            style: Some("DauHieu"),
            borders: Some(Borders {
                top: Some(self.rule_border(l.stamp_pad, color)),
                left: Some(self.rule_border(inner, color)),
                bottom: Some(self.rule_border(l.stamp_pad, color)),
                right: Some(self.rule_border(inner, color)),
            }),
            spacing,
            indent: Some(Indent {
                left: left + inner,
                right: avail - left - width + inner,
                first: 0.0,
            }),
            ..Default::default()
        };
        paragraph(&mut self.x, &props, |x| {
            run(
                x,
                text,
                RunProps {
                    color: Some(color),
                    ..Default::default()
                },
            )
        });
    }

    /// A stamp of the left column (boxes 10a, 10b, the draft box), centred in it.
    fn stamp(&mut self, s: &Stamp, width: f64) {
        let color = if s.red {
            crate::nd30::STAMP_RED
        } else {
            "000000"
        };
        let col = self.geo.header_cols[0];
        self.boxed(&s.text, (col, (col - width) / 2.0, width), color, None);
    }

    /// Box 11: the circulation note in the top margin of page 1, over the quốc hiệu, where the
    /// decree's sketch puts it (the first page's header; no space before).
    pub fn luu_hanh(&mut self, text: &str) {
        let area = (
            self.layout.text_width(),
            self.geo.luu_hanh_left,
            self.geo.luu_hanh_width,
        );
        self.boxed(text, area, "000000", Some(Spacing::single(0.0)));
    }

    /// Box 13: the address lines, the first under a rule across the text width.
    pub fn dia_chi(&mut self, text: &str) {
        for (i, line) in text.lines().enumerate() {
            let props = ParaProps {
                style: Some("DiaChi"),
                borders: (i == 0).then(|| Borders {
                    top: Some(self.rule_border(1.0, "000000")),
                    ..Default::default()
                }),
                ..Default::default()
            };
            paragraph(&mut self.x, &props, |x| run(x, line, RunProps::default()));
        }
    }

    /// Box 5a: type name, summary and the rule under it, kept with what follows.
    pub fn title(&mut self, t: &Title) {
        styled(&mut self.x, "TenLoai", &t.ten_loai);
        if let Some(ty) = &t.trich_yeu {
            styled(&mut self.x, "TrichYeu", ty);
        }
        self.rule(self.layout.text_width(), self.geo.trich_yeu_rule, true);
    }

    /// A body paragraph or a căn cứ (italic through its style; only bold is set on its runs).
    pub fn paragraph(&mut self, p: &Paragraph, keep_next: bool) {
        let style = match p.kind {
            ParaKind::Body => None,
            ParaKind::CanCu => Some("CanCu"),
        };
        let props = ParaProps {
            style,
            keep_next,
            ..Default::default()
        };
        let body = p.kind == ParaKind::Body;
        paragraph(&mut self.x, &props, |x| {
            for r in &p.runs {
                let props = RunProps {
                    bold: r.bold,
                    italic: r.italic && body,
                    ..Default::default()
                };
                run(x, &r.text, props);
            }
        });
    }

    /// A numbered heading: a lettered part (level 0) is set as a level-1 heading (§3.5).
    pub fn heading(&mut self, h: &Heading) {
        let style = if h.level == 0 {
            "Phan".to_string()
        } else {
            format!("Muc{}", h.level.min(4))
        };
        styled(&mut self.x, &style, &format!("{} {}", h.number, h.text));
    }

    /// Box 9a: one addressee centred on one line; several under one another, their dashes
    /// aligned after `Kính gửi: `, the block centred on its widest line (§3.6).
    pub fn kinh_gui(&mut self, k: &KinhGui) {
        let l = self.layout;
        let before = Some(Spacing::single(l.para_before));
        if let [one] = k.lines.as_slice() {
            let props = ParaProps {
                style: Some("KinhGui"),
                spacing: before,
                indent: Some(Indent::default()),
                align: Some(Align::Center),
                ..Default::default()
            };
            let text = format!("{KINH_GUI}{one}");
            paragraph(&mut self.x, &props, |x| run(x, &text, RunProps::default()));
            return;
        }
        let label = self.geo.kinh_gui_label;
        let left = self.geo.kinh_gui_left + label;
        for (i, line) in k.lines.iter().enumerate() {
            let (text, props) = if i == 0 {
                let props = ParaProps {
                    style: Some("KinhGui"),
                    spacing: before,
                    indent: Some(Indent {
                        left,
                        right: 0.0,
                        first: -label,
                    }),
                    ..Default::default()
                };
                (format!("{KINH_GUI}{line}"), props)
            } else {
                let props = ParaProps {
                    style: Some("KinhGui"),
                    indent: Some(Indent {
                        left,
                        right: 0.0,
                        first: 0.0,
                    }),
                    ..Default::default()
                };
                (line.clone(), props)
            };
            paragraph(&mut self.x, &props, |x| run(x, &text, RunProps::default()));
        }
    }

    /// An appendix's first lines (§3.9): label, title, reference line, a short rule.
    pub fn phu_luc(&mut self, p: &PhuLuc, rule_width: f64) {
        styled(&mut self.x, "PhuLucNhan", &p.nhan);
        styled(&mut self.x, "PhuLucTen", &p.tieu_de);
        styled(&mut self.x, "PhuLucThamChieu", &p.tham_chieu);
        self.rule(self.layout.text_width(), rule_width, true);
    }

    /// A chapter or a chapter's section: its label, then its title (§3.5, scheme a).
    pub fn division(&mut self, d: &Division) {
        styled(&mut self.x, "ChuongNhan", &d.nhan);
        styled(&mut self.x, "ChuongTen", &d.tieu_de);
    }

    pub fn centred(&mut self, c: &Centred) {
        styled(&mut self.x, "GiuaDam", &c.text);
    }

    /// Boxes 7–9b: Nơi nhận on the left, the signer on the right, in a first row kept on one
    /// page; the Nơi nhận lines that do not fit beside the signer follow, a row each, so that
    /// a long list flows onto the next page (`geometry.rs`, `noi_nhan_beside`).
    pub fn signature(&mut self, s: &Signature) {
        let l = self.layout;
        let beside = self.geo.noi_nhan_beside.min(s.noi_nhan.len());
        let (first, rest) = s.noi_nhan.split_at(beside);
        let kept = RowProps::UNSPLIT;
        self.two_columns([l.col_left, l.col_right], |b| {
            b.x.open("w:tr", &[]);
            kept.write(&mut b.x);
            cell(&mut b.x, simple_cell(l.col_left), |x| {
                styled(x, "NoiNhan", "Nơi nhận:");
                for line in first {
                    styled(x, "NoiNhanMuc", line);
                }
                if rest.is_empty()
                    && let Some(soan) = &s.soan
                {
                    styled(x, "NguoiSoan", soan);
                }
            });
            cell(&mut b.x, simple_cell(l.col_right), |x| signer(x, s, l));
            b.x.close("w:tr");
            for (i, line) in rest.iter().enumerate() {
                b.x.open("w:tr", &[]);
                kept.write(&mut b.x);
                cell(&mut b.x, simple_cell(l.col_left), |x| {
                    styled(x, "NoiNhanMuc", line);
                    if i + 1 == rest.len()
                        && let Some(soan) = &s.soan
                    {
                        styled(x, "NguoiSoan", soan);
                    }
                });
                cell(&mut b.x, simple_cell(l.col_right), |x| {
                    paragraph(
                        x,
                        &ParaProps {
                            style: Some("NguoiSoan"),
                            ..Default::default()
                        },
                        |_| {},
                    )
                });
                b.x.close("w:tr");
            }
        });
    }
}

/// The signer's block: title lines, the signing space (with boxes 7c and 8 of an electronic
/// document), the name.
fn signer(x: &mut Xml, s: &Signature, l: &Layout) {
    for (i, line) in s.chuc_danh.iter().enumerate() {
        // The first title line sits on the same line as `Nơi nhận:` (§3.7).
        let props = ParaProps {
            style: Some("ChucDanh"),
            spacing: (i == 0).then(|| Spacing::single(l.signature_before)),
            ..Default::default()
        };
        paragraph(x, &props, |x| run(x, line, RunProps::default()));
    }
    let chuc_danh = ParaProps {
        style: Some("ChucDanh"),
        ..Default::default()
    };
    // The signing space: the signatures' images belong to the signatures (`vbhc sign`).
    for _ in 0..l.signing_lines {
        paragraph(x, &chuc_danh, |_| {});
    }
    styled(x, "HoTen", &s.ho_ten);
}
