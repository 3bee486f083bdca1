//! Tables as clerks make them (§3.5, §9): header rows made from nested columns ("Kết quả" over
//! "Số lượng | Tỷ lệ"), cells merged across columns and rows, widths chosen per column.
//!
//! A table is given as a list of columns and a list of rows. A column is its name, or
//! `{ten, rong, cot}`: its name, its width in millimetres, its sub-columns. A cell is its text,
//! or `{noi_dung, gop_cot, gop_dong}`: its text and how many columns and rows it covers. As in
//! HTML, a row lists only the cells that start in it; the columns a cell of a row above still
//! covers are skipped.

use super::{Run, inline};
use serde::{Deserialize, Serialize};

/// Most columns a table may have (each at least a few characters wide on a landscape page).
pub const MAX_COLUMNS: usize = 40;
/// Deepest nesting of column headings.
pub const MAX_HEADER_ROWS: usize = 4;

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The widths the input chose, per column, in points; none where the content decides.
    pub widths: Vec<Option<f64>>,
    /// The header rows: bold, centred, repeated at the top of each page the table reaches.
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// The header rows, then the body rows.
    pub fn all_rows(&self) -> impl Iterator<Item = &Vec<Cell>> {
        self.header.iter().chain(&self.rows)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The first column it covers, from 0.
    pub col: usize,
    pub col_span: usize,
    pub row_span: usize,
    pub runs: Vec<Run>,
}

/// A column as the input gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cot {
    Ten(String),
    Day {
        ten: String,
        /// Width in millimetres.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rong: Option<f64>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        cot: Vec<Cot>,
    },
}

impl Cot {
    pub fn ten(&self) -> &str {
        match self {
            Cot::Ten(t) | Cot::Day { ten: t, .. } => t,
        }
    }

    pub fn sub(&self) -> &[Cot] {
        match self {
            Cot::Ten(_) => &[],
            Cot::Day { cot, .. } => cot,
        }
    }

    fn rong(&self) -> Option<f64> {
        match self {
            Cot::Ten(_) => None,
            Cot::Day { rong, .. } => *rong,
        }
    }

    /// Rows of heading this column needs: 1, or 1 + its deepest sub-column's.
    pub fn depth(&self) -> usize {
        1 + self.sub().iter().map(Cot::depth).max().unwrap_or(0)
    }

    /// Columns of the table under it.
    pub fn leaves(&self) -> usize {
        match self.sub() {
            [] => 1,
            sub => sub.iter().map(Cot::leaves).sum(),
        }
    }
}

/// A cell as the input gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum O {
    Chu(String),
    Gop {
        noi_dung: String,
        #[serde(default = "one", skip_serializing_if = "is_one")]
        gop_cot: usize,
        #[serde(default = "one", skip_serializing_if = "is_one")]
        gop_dong: usize,
    },
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

impl O {
    pub fn noi_dung(&self) -> &str {
        match self {
            O::Chu(t) | O::Gop { noi_dung: t, .. } => t,
        }
    }

    /// (columns, rows) it covers.
    pub fn span(&self) -> (usize, usize) {
        match self {
            O::Chu(_) => (1, 1),
            O::Gop {
                gop_cot, gop_dong, ..
            } => (*gop_cot, *gop_dong),
        }
    }
}

/// Why a row's cells do not fill the table's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceError {
    /// The cell (row, index) reaches past the last column, or over a cell merged from above.
    Overflow { row: usize, cell: usize },
    /// The row leaves `missing` columns empty.
    Short { row: usize, missing: usize },
    /// The cell (row, index) is merged down past the last row.
    BelowEnd { row: usize, cell: usize },
}

impl PlaceError {
    /// In Vietnamese, for a table of `columns` columns.
    pub fn message(&self, columns: usize) -> String {
        match self {
            PlaceError::Overflow { row, cell } => format!(
                "dòng {} của bảng: ô thứ {} vượt quá {columns} cột của bảng (tính cả các ô gộp từ dòng trên)",
                row + 1,
                cell + 1
            ),
            PlaceError::Short { row, missing } => format!(
                "dòng {} của bảng thiếu {missing} ô: bảng có {columns} cột (tính cả các ô gộp từ dòng trên)",
                row + 1
            ),
            PlaceError::BelowEnd { row, cell } => format!(
                "dòng {} của bảng: ô thứ {} gộp xuống quá dòng cuối của bảng",
                row + 1,
                cell + 1
            ),
        }
    }
}

/// The first column of each cell of each row, given each cell's (columns, rows) span.
pub fn place(rows: &[Vec<(usize, usize)>], columns: usize) -> Result<Vec<Vec<usize>>, PlaceError> {
    // covered[c]: rows still covered at column c by a cell from above, and that cell.
    let mut covered: Vec<(usize, (usize, usize))> = vec![(0, (0, 0)); columns];
    let mut placed = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut at = 0;
        let mut starts = Vec::with_capacity(row.len());
        for (i, &(span_cols, span_rows)) in row.iter().enumerate() {
            while at < columns && covered[at].0 > 0 {
                at += 1;
            }
            let end = at + span_cols.max(1);
            if end > columns || covered[at..end].iter().any(|c| c.0 > 0) {
                return Err(PlaceError::Overflow { row: r, cell: i });
            }
            for c in &mut covered[at..end] {
                *c = (span_rows.max(1), (r, i));
            }
            starts.push(at);
            at = end;
        }
        let missing = covered.iter().filter(|c| c.0 == 0).count();
        if missing > 0 {
            return Err(PlaceError::Short { row: r, missing });
        }
        for c in &mut covered {
            c.0 -= 1;
        }
        placed.push(starts);
    }
    if let Some((_, (row, cell))) = covered.iter().find(|c| c.0 > 0) {
        return Err(PlaceError::BelowEnd {
            row: *row,
            cell: *cell,
        });
    }
    Ok(placed)
}

/// The header rows of nested columns, and each table column's chosen width in points.
fn header(cot: &[Cot]) -> (Vec<Vec<Cell>>, Vec<Option<f64>>) {
    let depth = cot.iter().map(Cot::depth).max().unwrap_or(1);
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); depth];
    let mut widths = Vec::new();
    fn visit(
        c: &Cot,
        row: usize,
        depth: usize,
        rows: &mut [Vec<Cell>],
        widths: &mut Vec<Option<f64>>,
    ) {
        let col = widths.len();
        let leaf = c.sub().is_empty();
        rows[row].push(Cell {
            col,
            col_span: c.leaves(),
            row_span: if leaf { depth - row } else { 1 },
            runs: vec![Run {
                text: c.ten().to_string(),
                bold: true,
                italic: false,
            }],
        });
        if leaf {
            widths.push(c.rong().map(|mm| mm * crate::nd30::PT_PER_MM));
        }
        for s in c.sub() {
            visit(s, row + 1, depth, rows, widths);
        }
    }
    for c in cot {
        visit(c, 0, depth, &mut rows, &mut widths);
    }
    (rows, widths)
}

/// The table the input describes, or why its rows do not fit its columns.
pub fn build(cot: &[Cot], dong: &[Vec<O>]) -> Result<Table, PlaceError> {
    let (header, widths) = header(cot);
    let spans: Vec<Vec<(usize, usize)>> = dong
        .iter()
        .map(|r| r.iter().map(O::span).collect())
        .collect();
    let starts = place(&spans, widths.len())?;
    let rows = dong
        .iter()
        .zip(starts)
        .map(|(row, starts)| {
            row.iter()
                .zip(starts)
                .map(|(o, col)| {
                    let (col_span, row_span) = o.span();
                    Cell {
                        col,
                        col_span: col_span.max(1),
                        row_span: row_span.max(1),
                        runs: inline::parse(o.noi_dung(), false),
                    }
                })
                .collect()
        })
        .collect();
    Ok(Table {
        widths,
        header,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cot(ten: &str, sub: Vec<Cot>) -> Cot {
        Cot::Day {
            ten: ten.into(),
            rong: None,
            cot: sub,
        }
    }

    #[test]
    fn nested_columns_make_two_header_rows() {
        let t = build(
            &[
                Cot::Ten("STT".into()),
                cot(
                    "Kết quả",
                    vec![Cot::Ten("Số lượng".into()), Cot::Ten("Tỷ lệ".into())],
                ),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(t.columns(), 3);
        let shape: Vec<Vec<(usize, usize, usize)>> = t
            .header
            .iter()
            .map(|r| r.iter().map(|c| (c.col, c.col_span, c.row_span)).collect())
            .collect();
        assert_eq!(
            shape,
            [vec![(0, 1, 2), (1, 2, 1)], vec![(1, 1, 1), (2, 1, 1)]]
        );
    }

    #[test]
    fn rows_skip_columns_merged_from_above() {
        // A | B C      A spans two rows; B C spans two columns.
        // . | D E
        let rows = vec![vec![(1, 2), (2, 1)], vec![(1, 1), (1, 1)]];
        assert_eq!(place(&rows, 3).unwrap(), [vec![0, 1], vec![1, 2]]);
    }

    #[test]
    fn rows_that_do_not_fill_the_columns_are_refused() {
        assert_eq!(
            place(&[vec![(1, 1)]], 2),
            Err(PlaceError::Short { row: 0, missing: 1 })
        );
        assert_eq!(
            place(&[vec![(1, 1), (1, 1), (1, 1)]], 2),
            Err(PlaceError::Overflow { row: 0, cell: 2 })
        );
        assert_eq!(
            place(&[vec![(1, 2), (1, 1)]], 2),
            Err(PlaceError::BelowEnd { row: 0, cell: 0 })
        );
        // A cell merged across columns over one merged down from above.
        assert_eq!(
            place(&[vec![(1, 1), (1, 2)], vec![(2, 1)]], 2),
            Err(PlaceError::Overflow { row: 1, cell: 0 })
        );
    }

    #[test]
    fn plain_columns_and_cells_serialise_as_their_text() {
        let c = Cot::Ten("STT".into());
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""STT""#);
        let o = O::Gop {
            noi_dung: "Tổng".into(),
            gop_cot: 2,
            gop_dong: 1,
        };
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"noi_dung":"Tổng","gop_cot":2}"#
        );
        let back: O = serde_json::from_str(r#"{"noi_dung":"Tổng","gop_cot":2}"#).unwrap();
        assert_eq!(back, o);
    }
}
