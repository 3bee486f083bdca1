//! Data tables (§3.5): ruled cells at the widths the shared geometry computed, a bold header
//! row repeated on every page.

use super::body::{Body, cell, grid, paragraph, runs};
use super::props::{CellProps, ParaProps, RowProps, RunProps, TableBorders, TableProps};
use super::styles::rule_eighths;
use crate::tree::Table;

impl Body<'_> {
    pub fn table(&mut self, t: &Table, widths: &[f64]) {
        let l = self.layout;
        self.x.open("w:tbl", &[]);
        TableProps {
            width: widths.iter().sum(),
            indent: 0.0,
            borders: TableBorders::Single(rule_eighths(l)),
            pad_y: l.cell_pad_y,
            pad_x: l.cell_pad_x,
        }
        .write(&mut self.x);
        grid(&mut self.x, widths);
        let header_style = ParaProps {
            style: Some("BangTieuDe"),
            ..Default::default()
        };
        let cell_style = ParaProps {
            style: Some("Bang"),
            ..Default::default()
        };
        self.x.open("w:tr", &[]);
        RowProps {
            cant_split: true,
            header: true,
        }
        .write(&mut self.x);
        for (h, w) in t.header.iter().zip(widths) {
            cell(&mut self.x, plain(*w), |x| {
                paragraph(x, &header_style, |x| super::body::run(x, h, RunProps::default()))
            });
        }
        self.x.close("w:tr");
        for row in &t.rows {
            self.x.open("w:tr", &[]);
            RowProps {
                cant_split: true,
                header: false,
            }
            .write(&mut self.x);
            for (c, w) in row.iter().zip(widths) {
                cell(&mut self.x, plain(*w), |x| {
                    paragraph(x, &cell_style, |x| runs(x, c, RunProps::default()))
                });
            }
            self.x.close("w:tr");
        }
        self.x.close("w:tbl");
    }
}

fn plain(width: f64) -> CellProps {
    CellProps {
        width,
        grid_span: 1,
        v_merge: None,
    }
}
