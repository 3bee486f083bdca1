//! Data tables (§3.5, §9): ruled cells at the widths the shared geometry computed, cells merged
//! across columns (`w:gridSpan`) and rows (`w:vMerge`), the header rows repeated at the top of
//! each page (`w:tblHeader`), rows kept whole unless the geometry lets a tall one split.

use super::body::{Body, grid, paragraph, runs};
use super::props::{CellProps, ParaProps, RowProps, RunProps, TableBorders, TableProps, VMerge};
use super::styles::rule_eighths;
use super::xml::Xml;
use crate::tree::{Cell, Table};
use crate::writer::geometry::TableGeometry;

impl Body<'_> {
    pub fn table(&mut self, t: &Table, g: &TableGeometry) {
        let l = self.layout;
        self.x.open("w:tbl", &[]);
        TableProps {
            width: g.widths.iter().sum(),
            indent: 0.0,
            borders: TableBorders::Single(rule_eighths(l)),
            pad_y: l.cell_pad_y,
            pad_x: l.cell_pad_x,
        }
        .write(&mut self.x);
        grid(&mut self.x, &g.widths);
        rows(&mut self.x, &t.header, &g.widths, "BangTieuDe", |i| RowProps {
            cant_split: true,
            min_height: g.header_heights.get(i).copied().flatten(),
            header: g.repeat_header,
        });
        rows(&mut self.x, &t.rows, &g.widths, "Bang", |i| RowProps {
            cant_split: !g.breakable[i],
            min_height: None,
            header: false,
        });
        self.x.close("w:tbl");
    }
}

/// Rows of one part of the table (header or body). A column that a cell of a row above still
/// covers gets a continuation cell (`w:vMerge` without a value) of that cell's width.
fn rows(
    x: &mut Xml,
    rows: &[Vec<Cell>],
    widths: &[f64],
    style: &str,
    props: impl Fn(usize) -> RowProps,
) {
    let para = ParaProps {
        style: Some(style),
        ..Default::default()
    };
    // covered[c]: (rows still covered below the origin's row, the origin's column span).
    let mut covered: Vec<(usize, usize)> = vec![(0, 0); widths.len()];
    for (i, row) in rows.iter().enumerate() {
        x.open("w:tr", &[]);
        props(i).write(x);
        let mut cells = row.iter().peekable();
        let mut col = 0;
        while col < widths.len() {
            let span;
            if covered[col].0 > 0 {
                span = covered[col].1;
                covered[col].0 -= 1;
                let props = cell_props(widths, col, span, Some(VMerge::Continue));
                x.open("w:tc", &[]);
                props.write(x);
                paragraph(x, &para, |_| {});
                x.close("w:tc");
            } else {
                let Some(cell) = cells.next_if(|c| c.col == col) else {
                    // The tree always fills its rows (`tree::table::place`).
                    break;
                };
                span = cell.col_span;
                let merge = (cell.row_span > 1).then_some(VMerge::Start);
                if cell.row_span > 1 {
                    covered[col] = (cell.row_span - 1, span);
                }
                x.open("w:tc", &[]);
                cell_props(widths, col, span, merge).write(x);
                paragraph(x, &para, |x| runs(x, &cell.runs, RunProps::default()));
                x.close("w:tc");
            }
            col += span.max(1);
        }
        x.close("w:tr");
    }
}

fn cell_props(widths: &[f64], col: usize, span: usize, v_merge: Option<VMerge>) -> CellProps {
    CellProps {
        width: widths[col..col + span].iter().sum(),
        grid_span: span,
        v_merge,
    }
}
