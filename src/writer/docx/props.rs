//! The property elements of WordprocessingML (`w:pPr`, `w:rPr`, `w:tblPr`, `w:trPr`,
//! `w:tcPr`, `w:sectPr`), each written with its children in the order of their sequence in
//! the ECMA-376 schema (Part 1, §17.3.1.26 CT_PPr, §17.3.2.28 CT_RPr, §17.4.60 CT_TblPr,
//! §17.4.82 CT_TrPr, §17.4.70 CT_TcPr, §17.6.17 CT_SectPr). Word repairs or drops children
//! out of sequence, and Word for the web opens such a file read-only; the order is fixed here,
//! where the elements are made. Lengths come in points and leave in the units DOCX wants.

use super::xml::Xml;
use crate::nd30::{half_points, twips};

/// Twips as an attribute value.
pub fn tw(pt: f64) -> String {
    twips(pt).to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Both,
}

/// Line spacing: "single" (Word's 240 `auto`), or an exact height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Line {
    Single,
    Exact(f64),
}

/// Space before a paragraph (none after: §3.5) and its line spacing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    pub before: f64,
    pub line: Line,
}

impl Spacing {
    pub fn single(before: f64) -> Spacing {
        Spacing {
            before,
            line: Line::Single,
        }
    }
}

/// Indents; a negative `first` is a hanging indent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Indent {
    pub left: f64,
    pub right: f64,
    pub first: f64,
}

/// One side of a paragraph border: a single line of the rule's thickness, `space` points from
/// the text (§3.1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Border {
    pub eighths: usize,
    pub space: f64,
    pub color: &'static str,
}

impl Border {
    fn write(&self, x: &mut Xml, tag: &str) {
        x.empty(
            tag,
            &[
                ("w:val", "single"),
                ("w:sz", &self.eighths.to_string()),
                ("w:space", &(self.space.round() as i64).to_string()),
                ("w:color", self.color),
            ],
        );
    }
}

/// `w:pBdr`: top, left, bottom, right, in the schema's order.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Borders {
    pub top: Option<Border>,
    pub left: Option<Border>,
    pub bottom: Option<Border>,
    pub right: Option<Border>,
}

/// `w:rPr`: rFonts, b, bCs, i, iCs, color, sz, szCs, lang.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunProps<'a> {
    pub fonts: Option<&'a str>,
    pub bold: bool,
    pub italic: bool,
    pub color: Option<&'a str>,
    pub size: Option<f64>,
    pub lang: Option<&'a str>,
}

impl RunProps<'_> {
    pub fn is_empty(&self) -> bool {
        *self == RunProps::default()
    }

    /// Writes `w:rPr`, or nothing when no property is set.
    pub fn write(&self, x: &mut Xml) {
        if self.is_empty() {
            return;
        }
        x.open("w:rPr", &[]);
        if let Some(f) = self.fonts {
            x.empty(
                "w:rFonts",
                &[
                    ("w:ascii", f),
                    ("w:hAnsi", f),
                    ("w:eastAsia", f),
                    ("w:cs", f),
                ],
            );
        }
        if self.bold {
            x.empty("w:b", &[]);
            x.empty("w:bCs", &[]);
        }
        if self.italic {
            x.empty("w:i", &[]);
            x.empty("w:iCs", &[]);
        }
        if let Some(c) = self.color {
            x.empty("w:color", &[("w:val", c)]);
        }
        if let Some(s) = self.size {
            let v = half_points(s).to_string();
            x.empty("w:sz", &[("w:val", &v)]);
            x.empty("w:szCs", &[("w:val", &v)]);
        }
        if let Some(l) = self.lang {
            x.empty("w:lang", &[("w:val", l), ("w:eastAsia", l)]);
        }
        x.close("w:rPr");
    }
}

/// `w:pPr`: pStyle, keepNext, keepLines, widowControl, pBdr, spacing, ind, jc, sectPr.
#[derive(Debug, Clone, Default)]
pub struct ParaProps<'a> {
    pub style: Option<&'a str>,
    pub keep_next: bool,
    pub keep_lines: bool,
    pub widow_control: bool,
    pub borders: Option<Borders>,
    pub spacing: Option<Spacing>,
    pub indent: Option<Indent>,
    pub align: Option<Align>,
    pub section: Option<&'a SectionProps>,
}

impl ParaProps<'_> {
    /// Writes `w:pPr`, or nothing when no property is set.
    pub fn write(&self, x: &mut Xml) {
        let empty = self.style.is_none()
            && !self.keep_next
            && !self.keep_lines
            && !self.widow_control
            && self.borders.is_none()
            && self.spacing.is_none()
            && self.indent.is_none()
            && self.align.is_none()
            && self.section.is_none();
        if empty {
            return;
        }
        x.open("w:pPr", &[]);
        if let Some(s) = self.style {
            x.empty("w:pStyle", &[("w:val", s)]);
        }
        if self.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if self.keep_lines {
            x.empty("w:keepLines", &[]);
        }
        if self.widow_control {
            x.empty("w:widowControl", &[]);
        }
        if let Some(b) = &self.borders {
            x.open("w:pBdr", &[]);
            for (side, tag) in [
                (b.top, "w:top"),
                (b.left, "w:left"),
                (b.bottom, "w:bottom"),
                (b.right, "w:right"),
            ] {
                if let Some(side) = side {
                    side.write(x, tag);
                }
            }
            x.close("w:pBdr");
        }
        if let Some(s) = &self.spacing {
            let (line, rule) = match s.line {
                Line::Single => ("240".to_string(), "auto"),
                Line::Exact(pt) => (tw(pt), "exact"),
            };
            x.empty(
                "w:spacing",
                &[
                    ("w:before", &tw(s.before)),
                    ("w:after", "0"),
                    ("w:line", &line),
                    ("w:lineRule", rule),
                ],
            );
        }
        if let Some(i) = &self.indent {
            let first = if i.first < 0.0 {
                ("w:hanging", tw(-i.first))
            } else {
                ("w:firstLine", tw(i.first))
            };
            x.empty(
                "w:ind",
                &[
                    ("w:left", &tw(i.left)),
                    ("w:right", &tw(i.right)),
                    (first.0, &first.1),
                ],
            );
        }
        if let Some(a) = self.align {
            let v = match a {
                Align::Left => "left",
                Align::Center => "center",
                Align::Both => "both",
            };
            x.empty("w:jc", &[("w:val", v)]);
        }
        if let Some(s) = self.section {
            s.write(x);
        }
        x.close("w:pPr");
    }
}

/// A table's borders: every line single and of the rule's thickness, or none at all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TableBorders {
    None,
    Single(usize),
}

/// `w:tblPr`: tblW, tblInd, tblBorders, tblLayout (fixed), tblCellMar.
#[derive(Debug, Clone, Copy)]
pub struct TableProps {
    pub width: f64,
    pub indent: f64,
    pub borders: TableBorders,
    /// Cell margins: top and bottom, left and right.
    pub pad_y: f64,
    pub pad_x: f64,
}

impl TableProps {
    pub fn write(&self, x: &mut Xml) {
        x.open("w:tblPr", &[]);
        x.empty("w:tblW", &[("w:w", &tw(self.width)), ("w:type", "dxa")]);
        x.empty("w:tblInd", &[("w:w", &tw(self.indent)), ("w:type", "dxa")]);
        x.open("w:tblBorders", &[]);
        let sz;
        let attrs: &[(&str, &str)] = match self.borders {
            TableBorders::None => &[("w:val", "nil")],
            TableBorders::Single(eighths) => {
                sz = eighths.to_string();
                &[
                    ("w:val", "single"),
                    ("w:sz", &sz),
                    ("w:space", "0"),
                    ("w:color", "000000"),
                ]
            }
        };
        for tag in [
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ] {
            x.empty(tag, attrs);
        }
        x.close("w:tblBorders");
        x.empty("w:tblLayout", &[("w:type", "fixed")]);
        x.open("w:tblCellMar", &[]);
        let (y, side) = (tw(self.pad_y), tw(self.pad_x));
        for (tag, v) in [
            ("w:top", &y),
            ("w:left", &side),
            ("w:bottom", &y),
            ("w:right", &side),
        ] {
            x.empty(tag, &[("w:w", v), ("w:type", "dxa")]);
        }
        x.close("w:tblCellMar");
        x.close("w:tblPr");
    }
}

/// `w:trPr` (its children form a choice, in any order): cantSplit, trHeight, tblHeader.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowProps {
    pub cant_split: bool,
    /// A height the row keeps at least.
    pub min_height: Option<f64>,
    /// A header row, repeated at the top of each page the table reaches.
    pub header: bool,
}

impl RowProps {
    /// A row kept on one page: the header's and the signature's rows.
    pub const UNSPLIT: RowProps = RowProps {
        cant_split: true,
        min_height: None,
        header: false,
    };

    pub fn write(&self, x: &mut Xml) {
        if !self.cant_split && !self.header && self.min_height.is_none() {
            return;
        }
        x.open("w:trPr", &[]);
        if self.cant_split {
            x.empty("w:cantSplit", &[]);
        }
        if let Some(h) = self.min_height {
            x.empty("w:trHeight", &[("w:val", &tw(h)), ("w:hRule", "atLeast")]);
        }
        if self.header {
            x.empty("w:tblHeader", &[]);
        }
        x.close("w:trPr");
    }
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    Start,
    Continue,
}

/// `w:tcPr`: tcW, gridSpan, vMerge, vAlign (top).
#[derive(Debug, Clone, Copy)]
pub struct CellProps {
    pub width: f64,
    pub grid_span: usize,
    pub v_merge: Option<VMerge>,
}

impl CellProps {
    pub fn write(&self, x: &mut Xml) {
        x.open("w:tcPr", &[]);
        x.empty("w:tcW", &[("w:w", &tw(self.width)), ("w:type", "dxa")]);
        if self.grid_span > 1 {
            x.empty("w:gridSpan", &[("w:val", &self.grid_span.to_string())]);
        }
        match self.v_merge {
            Some(VMerge::Start) => x.empty("w:vMerge", &[("w:val", "restart")]),
            Some(VMerge::Continue) => x.empty("w:vMerge", &[]),
            None => {}
        }
        x.empty("w:vAlign", &[("w:val", "top")]);
        x.close("w:tcPr");
    }
}

/// `w:sectPr`: header and footer references, pgSz, pgMar, pgNumType, titlePg. Lengths in
/// twips, as the page's geometry fixes them once (`section.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct SectionProps {
    /// (`default` or `first`, relationship id).
    pub headers: Vec<(&'static str, String)>,
    pub footers: Vec<(&'static str, String)>,
    pub page_width: i32,
    pub page_height: i32,
    pub landscape: bool,
    pub margin_top: i32,
    pub margin_right: i32,
    pub margin_bottom: i32,
    pub margin_left: i32,
    pub header_distance: i32,
    /// Page numbers start again at this number (§3.9: each appendix at 1).
    pub page_start: Option<u32>,
    /// Its first page has a header of its own (`titlePg`): the first page of the document and
    /// of each appendix shows no page number (§1).
    pub title_page: bool,
}

impl SectionProps {
    pub fn write(&self, x: &mut Xml) {
        x.open("w:sectPr", &[]);
        for (kind, id) in &self.headers {
            x.empty("w:headerReference", &[("w:type", kind), ("r:id", id)]);
        }
        for (kind, id) in &self.footers {
            x.empty("w:footerReference", &[("w:type", kind), ("r:id", id)]);
        }
        let (w, h) = (self.page_width.to_string(), self.page_height.to_string());
        if self.landscape {
            x.empty(
                "w:pgSz",
                &[("w:w", &w), ("w:h", &h), ("w:orient", "landscape")],
            );
        } else {
            x.empty("w:pgSz", &[("w:w", &w), ("w:h", &h)]);
        }
        let d = self.header_distance.to_string();
        x.empty(
            "w:pgMar",
            &[
                ("w:top", &self.margin_top.to_string()),
                ("w:right", &self.margin_right.to_string()),
                ("w:bottom", &self.margin_bottom.to_string()),
                ("w:left", &self.margin_left.to_string()),
                ("w:header", &d),
                ("w:footer", &d),
                ("w:gutter", "0"),
            ],
        );
        if let Some(n) = self.page_start {
            x.empty("w:pgNumType", &[("w:start", &n.to_string())]);
        }
        if self.title_page {
            x.empty("w:titlePg", &[]);
        }
        x.close("w:sectPr");
    }
}
