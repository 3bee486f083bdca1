//! What both writers lay out: the document tree with every piece of text that is wider than
//! its line cut into lines (`fit.rs`), and the geometry computed from it (`geometry.rs`),
//! including which table rows are tall enough to split across pages. Made once per document;
//! the DOCX and the PDF then break the same text at the same places.

use super::columns::FitError;
use super::fit::{cut_long_pieces, line_count};
use super::geometry::{Geometry, KINH_GUI, TableGeometry, geometry};
use crate::fonts::measure;
use crate::nd30::Layout;
use crate::tree::{Block, Document, Run, Signature, Table};

/// A body row taller than this part of the page's text height may split across pages (§9);
/// a shorter one is kept whole and moves to the next page when it does not fit.
const SPLIT_ROW_ABOVE: f64 = 1.0 / 3.0;

/// Header rows up to this part of the page's text height (about six lines) repeat on each page
/// (§3.5); taller ones (long texts in narrow columns) would leave each page little room for
/// the rows, and LibreOffice cuts a tall repeated header short.
const REPEAT_HEADER_BELOW: f64 = 0.125;

fn text_height(l: &Layout) -> f64 {
    l.page_height - l.margin_top - l.margin_bottom
}

pub struct Fitted {
    pub doc: Document,
    pub geo: Geometry,
}

/// The tree with its long pieces cut, and its geometry: table widths measured on the text as
/// given (the cuts are made for them), everything else on the text as cut (a rule under a
/// summary is a third of its widest line as printed). Most documents need no cut, and their
/// geometry is measured once.
pub fn fit(doc: &Document) -> Result<Fitted, FitError> {
    let layout = &doc.layout;
    let mut geo = geometry(doc, layout)?;
    let mut doc = doc.clone();
    let mut tables = std::mem::take(&mut geo.tables);
    let mut next_table = tables.iter_mut();
    let mut beside = None;
    let mut cut = false;
    for section in &geo.sections {
        let mut f = Fitter {
            l: &section.layout(layout),
            header_left: geo.header_cols[0],
            cut: false,
        };
        for block in &mut doc.blocks[section.blocks.clone()] {
            let table = match block {
                Block::Table(_) => next_table.next(),
                _ => None,
            };
            if let Some(n) = f.block(block, table) {
                beside = Some(n);
            }
        }
        cut |= f.cut;
    }
    if cut {
        geo = geometry(&doc, layout)?;
    }
    geo.tables = tables;
    if let Some(n) = beside {
        geo.noi_nhan_beside = n;
    }
    Ok(Fitted { doc, geo })
}

/// Cuts the long pieces of the blocks of one section, laid out on a page of `l` (the header's
/// left column `header_left` wide); `cut` tells whether it cut any.
struct Fitter<'a> {
    l: &'a Layout,
    header_left: f64,
    cut: bool,
}

impl Fitter<'_> {
    /// Cuts one block; a table's rows are marked breakable in its geometry; a signature gives
    /// how many Nơi nhận lines stand beside the signer.
    fn block(&mut self, block: &mut Block, table: Option<&mut TableGeometry>) -> Option<usize> {
        let l = self.l;
        let text = l.text_width();
        match block {
            // Body paragraphs and căn cứ alike have the first-line indent (§3.5).
            Block::Paragraph(p) => self.runs(&mut p.runs, l.size.body, text - l.indent, text),
            Block::Heading(h) => {
                let italic = h.italic;
                let number = measure(&format!("{} ", h.number), l.size.body, true, italic);
                let first = text - l.indent - number;
                self.text(&mut h.text, l.size.body, (true, italic), first, text);
            }
            Block::Table(t) => {
                let tg = table.expect("one geometry per table");
                for cell in t.header.iter_mut().chain(t.rows.iter_mut()).flatten() {
                    let w = inner_width(&tg.widths, cell.col, cell.col_span, l);
                    self.runs(&mut cell.runs, l.size.table, w, w);
                }
                tg.breakable = breakable_rows(t, &tg.widths, l);
                let header = header_height(t, &tg.widths, l);
                tg.repeat_header = header <= REPEAT_HEADER_BELOW * text_height(l);
                tg.header_heights = header_heights(t, &tg.widths, l);
            }
            Block::Title(t) => {
                if let Some(ty) = &mut t.trich_yeu {
                    self.text(ty, l.size.trich_yeu, (true, false), text, text);
                }
            }
            Block::Centred(c) => self.text(&mut c.text, l.size.body, (true, false), text, text),
            Block::KinhGui(k) => {
                let w = text - measure(KINH_GUI, l.size.body, false, false);
                for line in &mut k.lines {
                    self.text(line, l.size.body, (false, false), w, w);
                }
            }
            Block::PhuLuc(p) => {
                self.text(&mut p.tieu_de, l.size.ten_loai, (true, false), text, text);
                self.text(&mut p.tham_chieu, l.size.ten_loai, (false, true), text, text);
            }
            Block::Header(h) => {
                let col = self.header_left;
                for t in h.chu_quan.iter_mut().chain([&mut h.co_quan]) {
                    self.text(t, l.size.co_quan, (true, false), col, col);
                }
                if let Some(vv) = &mut h.vv {
                    self.text(vv, l.size.vv, (false, false), col, col);
                }
                if let Some(d) = &mut h.dia_chi {
                    self.text(d, l.size.dia_chi, (false, false), text, text);
                }
            }
            Block::Signature(s) => {
                let dash = measure("- ", l.size.noi_nhan_item, false, false);
                for line in &mut s.noi_nhan {
                    let size = l.size.noi_nhan_item;
                    self.text(line, size, (false, false), l.col_left, l.col_left - dash);
                }
                for line in s.chuc_danh.iter_mut().chain([&mut s.ho_ten]) {
                    self.text(line, l.size.chuc_vu, (true, false), l.col_right, l.col_right);
                }
                return Some(noi_nhan_beside(s, l));
            }
            Block::Division(d) => {
                self.text(&mut d.tieu_de, l.size.body, (true, false), text, text)
            }
            Block::HuongTrang(_) => {}
        }
        None
    }

    fn runs(&mut self, runs: &mut Vec<Run>, size: f64, first: f64, rest: f64) {
        let reserve = self.l.italic_reserve * size;
        if let Some(cut) = cut_long_pieces(runs, size, (first, rest), reserve) {
            *runs = cut;
            self.cut = true;
        }
    }

    /// Cuts a text of one style (bold, italic); a text that holds lines (`\n`) keeps them.
    fn text(&mut self, text: &mut String, size: f64, style: (bool, bool), first: f64, rest: f64) {
        let mut runs = vec![Run {
            text: std::mem::take(text),
            bold: style.0,
            italic: style.1,
        }];
        self.runs(&mut runs, size, first, rest);
        *text = runs.into_iter().map(|r| r.text).collect();
    }
}

/// Lines of one style `text` takes, `first` then `rest` wide.
fn lines_of(text: &str, size: f64, bold: bool, first: f64, rest: f64) -> f64 {
    let run = Run {
        text: text.to_string(),
        bold,
        italic: false,
    };
    line_count(std::slice::from_ref(&run), size, first, rest) as f64
}

/// How many Nơi nhận lines stand beside the signer block (title lines, signing space, name):
/// all of them when the list is no taller than the block; else as many as reach its height,
/// so that the first row has no gap on the left and the lines after it follow on directly.
fn noi_nhan_beside(s: &Signature, l: &Layout) -> usize {
    let right_h = l.line_height(l.size.chuc_vu);
    let right = s
        .chuc_danh
        .iter()
        .map(|t| lines_of(t, l.size.chuc_vu, true, l.col_right, l.col_right) * right_h)
        .sum::<f64>()
        + l.signing_space_height()
        + lines_of(&s.ho_ten, l.size.ho_ten, true, l.col_right, l.col_right)
            * l.line_height(l.size.ho_ten);
    let dash = measure("- ", l.size.noi_nhan_item, false, false);
    let item_h = l.line_height(l.size.noi_nhan_item);
    let mut left = l.line_height(l.size.noi_nhan_label);
    for (i, t) in s.noi_nhan.iter().enumerate() {
        if left >= right {
            return i;
        }
        left += lines_of(
            t,
            l.size.noi_nhan_item,
            false,
            l.col_left,
            l.col_left - dash,
        ) * item_h;
    }
    s.noi_nhan.len()
}

/// The width of the text inside a cell: its columns less the padding.
fn inner_width(widths: &[f64], col: usize, span: usize, layout: &Layout) -> f64 {
    widths[col..col + span].iter().sum::<f64>() - 2.0 * layout.cell_pad_x
}


/// How tall a cell's text is set, padding included.
fn cell_height(c: &crate::tree::Cell, widths: &[f64], layout: &Layout) -> f64 {
    let w = inner_width(widths, c.col, c.col_span, layout);
    let lines = line_count(&c.runs, layout.size.table, w, w) as f64;
    lines * layout.line_height(layout.size.table) + 2.0 * layout.cell_pad_y
}

/// Each row's height by its cells that merge no rows.
fn row_heights(rows: &[Vec<crate::tree::Cell>], widths: &[f64], layout: &Layout) -> Vec<f64> {
    rows.iter()
        .map(|row| {
            row.iter()
                .filter(|c| c.row_span == 1)
                .map(|c| cell_height(c, widths, layout))
                .fold(2.0 * layout.cell_pad_y, f64::max)
        })
        .collect()
}

/// The header rows' height; a cell merged down them counts when it is taller than they are.
fn header_height(t: &Table, widths: &[f64], layout: &Layout) -> f64 {
    let rows: f64 = row_heights(&t.header, widths, layout).iter().sum();
    t.header
        .iter()
        .flatten()
        .map(|c| cell_height(c, widths, layout))
        .fold(rows, f64::max)
}

/// The height each header row must keep for the cells merged down the header rows: the
/// rows' own heights, the last row a merged cell covers taking what more the cell needs (as
/// typst and LibreOffice grow that row).
fn header_heights(t: &Table, widths: &[f64], layout: &Layout) -> Vec<Option<f64>> {
    let mut rows = row_heights(&t.header, widths, layout);
    let mut grown = vec![false; rows.len()];
    for (i, row) in t.header.iter().enumerate() {
        for c in row.iter().filter(|c| c.row_span > 1) {
            let last = (i + c.row_span).min(rows.len()) - 1;
            let have: f64 = rows[i..=last].iter().sum();
            let need = cell_height(c, widths, layout);
            if need > have {
                rows[last] += need - have;
                grown[last] = true;
            }
        }
    }
    rows.into_iter().zip(grown).map(|(h, g)| g.then_some(h)).collect()
}

/// Which body rows are taller than [`SPLIT_ROW_ABOVE`] of the page's text height: each row by
/// its cells that merge no rows, and the rows a cell merges down all breakable when together
/// they are that tall (typst keeps an unbreakable merged cell's rows on one page).
fn breakable_rows(t: &Table, widths: &[f64], layout: &Layout) -> Vec<bool> {
    let limit = SPLIT_ROW_ABOVE * text_height(layout);
    let rows = row_heights(&t.rows, widths, layout);
    let height = |c: &crate::tree::Cell| cell_height(c, widths, layout);
    let mut breakable: Vec<bool> = rows.iter().map(|h| *h > limit).collect();
    for (i, row) in t.rows.iter().enumerate() {
        for c in row.iter().filter(|c| c.row_span > 1) {
            let span = i..(i + c.row_span).min(rows.len());
            let together = rows[span.clone()].iter().sum::<f64>().max(height(c));
            if together > limit {
                breakable[span].iter_mut().for_each(|b| *b = true);
            }
        }
    }
    breakable
}
