//! Validation of a table (§3.5, §9): its columns and widths, its cells and their merges, each
//! problem at its place in the file. Whether the table fits its page is checked once the
//! document's layout is known ([`super::Validator::check_tables_fit`]).

use super::Validator;
use crate::diag::Pos;
use crate::reader::bang::{RawBang, RawCot, RawO};
use crate::reader::pos_of;
use crate::tree::table::{self, Cot, MAX_COLUMNS, MAX_HEADER_ROWS, O};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Bang {
    pub cot: Vec<Cot>,
    pub dong: Vec<Vec<O>>,
}

/// Narrowest and widest column a user may choose, in millimetres.
const RONG_MM: (f64, f64) = (5.0, 400.0);

/// A table waiting for the layout: where it is in the file, what it is, whether its page is
/// landscape.
pub struct PendingTable {
    pub pos: Pos,
    pub table: crate::tree::Table,
    pub landscape: bool,
}

impl Validator {
    fn cot(&mut self, c: &serde_saphyr::Spanned<RawCot>, depth: usize) -> Cot {
        let pos = pos_of(&c.referenced);
        match &c.value {
            RawCot::Ten(chu) => Cot::Ten(self.clean(chu.text(), pos, "bang.cot")),
            RawCot::Day(d) => {
                let ten = self.clean(&d.ten.value, pos_of(&d.ten.referenced), "bang.cot.ten");
                if depth + 1 >= MAX_HEADER_ROWS && !d.cot.is_empty() {
                    self.error(
                        pos,
                        format!("tiêu đề cột lồng quá sâu (tối đa {MAX_HEADER_ROWS} dòng tiêu đề)"),
                        "gộp bớt cấp cột con",
                    );
                }
                let rong = d.rong.as_ref().and_then(|r| {
                    let at = pos_of(&r.referenced);
                    if !d.cot.is_empty() {
                        self.error(
                            at,
                            "cột có cột con thì không đặt `rong`: độ rộng của nó là tổng các cột con",
                            "đặt `rong` cho từng cột con",
                        );
                        None
                    } else if !(RONG_MM.0..=RONG_MM.1).contains(&r.value) {
                        self.error(
                            at,
                            format!("độ rộng cột `rong: {}` không hợp lệ", r.value),
                            &format!(
                                "ghi số milimét, từ {} đến {}, ví dụ `rong: 15`",
                                RONG_MM.0, RONG_MM.1
                            ),
                        );
                        None
                    } else {
                        Some(r.value)
                    }
                });
                let cot = d.cot.iter().map(|s| self.cot(s, depth + 1)).collect();
                Cot::Day { ten, rong, cot }
            }
        }
    }

    fn o(&mut self, o: &serde_saphyr::Spanned<RawO>) -> O {
        let pos = pos_of(&o.referenced);
        match &o.value {
            RawO::Chu(chu) => O::Chu(self.clean(chu.text(), pos, "bang.dong")),
            RawO::Gop(g) => {
                let noi_dung = self.clean(
                    &g.noi_dung.value,
                    pos_of(&g.noi_dung.referenced),
                    "bang.dong",
                );
                let mut span = |s: &Option<serde_saphyr::Spanned<u64>>, key: &str, most: usize| {
                    let Some(s) = s else { return 1 };
                    match usize::try_from(s.value) {
                        Ok(n) if (1..=most).contains(&n) => n,
                        _ => {
                            self.error(
                                pos_of(&s.referenced),
                                format!("`{key}: {}` không hợp lệ", s.value),
                                &format!("số ô được gộp, từ 1 đến {most}"),
                            );
                            1
                        }
                    }
                };
                let gop_cot = span(&g.gop_cot, "gop_cot", MAX_COLUMNS);
                let gop_dong = span(&g.gop_dong, "gop_dong", super::MAX_BLOCKS);
                O::Gop {
                    noi_dung,
                    gop_cot,
                    gop_dong,
                }
            }
        }
    }

    /// A table: its columns, its rows, and that the rows fill the columns.
    pub(super) fn bang(&mut self, raw: &RawBang, pos: Pos, landscape: bool) -> Bang {
        let cot: Vec<Cot> = raw.cot.iter().map(|c| self.cot(c, 0)).collect();
        let columns: usize = cot.iter().map(Cot::leaves).sum();
        if cot.is_empty() {
            self.error(
                pos,
                "bảng không có cột (`cot`)",
                "ví dụ `cot: [STT, Nội dung, Thời gian]`",
            );
        }
        if columns > MAX_COLUMNS {
            self.error(
                pos,
                format!("bảng có {columns} cột; tối đa {MAX_COLUMNS} cột"),
                "tách bảng hoặc đưa vào phụ lục",
            );
        }
        let dong: Vec<Vec<O>> = raw
            .dong
            .iter()
            .map(|row| {
                self.cells += row.value.len();
                row.value.iter().map(|o| self.o(o)).collect()
            })
            .collect();
        if columns > 0 && columns <= MAX_COLUMNS {
            match table::build(&cot, &dong) {
                Ok(t) => self.tables.push(PendingTable {
                    pos,
                    table: t,
                    landscape,
                }),
                Err(e) => {
                    let at = match e {
                        table::PlaceError::Overflow { row, cell }
                        | table::PlaceError::BelowEnd { row, cell } => {
                            pos_of(&raw.dong[row].value[cell].referenced)
                        }
                        table::PlaceError::Short { row, .. } => pos_of(&raw.dong[row].referenced),
                    };
                    self.error(
                        at,
                        e.message(columns),
                        "mỗi dòng ghi đủ số ô bằng số cột (dùng \"\" cho ô trống); ô gộp ghi `{noi_dung: ..., gop_cot: 2}` hoặc `gop_dong: 2`, và các dòng dưới bỏ qua cột nó đã chiếm",
                    );
                }
            }
        }
        Bang { cot, dong }
    }

    /// Every table fits its page (§9): its columns at least a few characters wide, the widths
    /// a user chose inside the text block.
    pub(super) fn check_tables_fit(&mut self, layout: &crate::nd30::Layout) {
        for p in std::mem::take(&mut self.tables) {
            let page = if p.landscape {
                layout.clone().ngang()
            } else {
                layout.clone()
            };
            if let Err(e) = crate::writer::columns::table_columns(&p.table, &page) {
                let hint = if p.landscape {
                    "tách bảng thành nhiều bảng, hoặc bớt cột"
                } else {
                    "đặt bảng trong một mục hoặc phụ lục trang ngang (`ngang: true`), tách bảng, hoặc bớt cột"
                };
                self.error(p.pos, e.to_string(), hint);
            }
        }
    }
}
