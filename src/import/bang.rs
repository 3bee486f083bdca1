//! A table of the body: the first row (or two, with sub-columns) its columns, the others its
//! rows, merged cells kept; each column's width from the DOCX's grid (`rong`, kept only where
//! vbhc would not lay the table out so by itself: `rong.rs`), and the line breaks vbhc forced
//! into a piece too wide for its cell (`writer/fit.rs`) joined again.

use super::yaml_out::Yaml;
use super::{Ctx, markdown};
use crate::lint::model::{Chay, Doan};
use crate::nd30::PT_PER_MM;
use crate::writer::fit::SLACK;

/// One cell: its grid column, its span, its paragraphs (then its printed lines), whether it
/// continues the cell above.
struct O {
    col: usize,
    span: usize,
    lines: Vec<Doan>,
    cont: bool,
}

impl O {
    fn text(&self) -> String {
        self.lines.iter().map(markdown).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n")
    }
}

/// The widths the input accepts (`model/bang.rs`).
const RONG_MM: std::ops::RangeInclusive<f32> = 5.0..=400.0;

/// Whether the break after `line` is one vbhc forced into a piece wider than its cell (§9):
/// the line is one piece that fills the cell, which the next line's first character would
/// overflow. A break the clerk typed ends a line with room left.
fn forced_break(line: &Doan, next: &Doan, avail: f64) -> bool {
    let text = line.text();
    let Some(first) = next.chay.iter().find(|c| !c.text.is_empty()) else { return false };
    let Some(c) = first.text.chars().next() else { return false };
    if text.is_empty() || text.contains(char::is_whitespace) || c.is_whitespace() {
        return false;
    }
    let width = |runs: &[Chay]| {
        runs.iter()
            .map(|r| crate::fonts::measure(&r.text, f64::from(r.co.unwrap_or(13.0)), r.dam, r.nghieng))
            .sum::<f64>()
    };
    let w = width(&line.chay);
    let next_char = Chay { text: c.to_string(), ..first.clone() };
    // Twips round widths to a twentieth of a point; a little room either way.
    let room = avail - SLACK;
    w <= room + 0.3 && w + width(std::slice::from_ref(&next_char)) > room - 0.3
}

/// A cell's printed lines, the pieces vbhc cut joined again.
fn cell_lines(paragraphs: &[Doan], avail: Option<f64>) -> Vec<Doan> {
    let mut lines: Vec<Doan> = Vec::new();
    for d in paragraphs {
        for chay in crate::lint::docx::split_lines(d.chay.clone()) {
            let line = Doan { chay, ..d.clone() };
            match lines.last_mut() {
                Some(prev) if avail.is_some_and(|a| forced_break(prev, &line, a)) => prev.chay.extend(line.chay),
                _ => lines.push(line),
            }
        }
    }
    lines
}

/// A table from its cells (`range`: its paragraphs).
pub fn table(ctx: &Ctx, range: std::ops::Range<usize>) -> Yaml {
    let d = &ctx.doc.doan;
    let index = range.clone().find_map(|i| d[i].vi_tri.bang).map(|b| b.0);
    let luoi = index.and_then(|b| ctx.doc.luoi_bang.get(&b));
    // The paragraphs of each cell, by row and grid column.
    let mut rows: Vec<Vec<O>> = Vec::new();
    for p in &d[range] {
        let Some((_, r, c)) = p.vi_tri.bang else { continue };
        while rows.len() <= r {
            rows.push(Vec::new());
        }
        match rows[r].iter_mut().find(|o| o.col == c) {
            Some(o) => o.lines.push(p.clone()),
            None => rows[r].push(O { col: c, span: p.vi_tri.gop_cot.max(1), lines: vec![p.clone()], cont: p.vi_tri.noi_tiep }),
        }
    }
    // Each cell's paragraphs as printed lines, in the width the grid gives it.
    let avail = |col: usize, span: usize| {
        let l = luoi?;
        let mm: f32 = l.cot.get(col..col + span)?.iter().sum::<f32>() - l.dem_ngang;
        Some(f64::from(mm) * PT_PER_MM)
    };
    for o in rows.iter_mut().flatten() {
        o.lines = cell_lines(&o.lines, avail(o.col, o.span));
    }
    // A header of two rows: a cell spanning columns in the first row has the second row's
    // cells under it as its sub-columns (§3.5 tables; `{ten, cot}` in the input).
    let two_rows = rows.len() > 1 && rows[0].iter().any(|o| o.span > 1);
    // Each column printed at the bottom of the header, with its grid column.
    let mut leaves: Vec<usize> = Vec::new();
    // The header's bold is its style: plain names; a width where the grid gives one.
    let name = |o: &O, leaves: &mut Vec<usize>| {
        leaves.push(o.col);
        Yaml::Chu(o.text().replace("**", ""))
    };
    let cot: Vec<Yaml> = match rows.first() {
        None => Vec::new(),
        Some(first) => first
            .iter()
            .map(|o| {
                if two_rows && o.span > 1 {
                    let subs: Vec<Yaml> = rows[1].iter().filter(|s| !s.cont && s.col >= o.col && s.col < o.col + o.span).map(|s| name(s, &mut leaves)).collect();
                    Yaml::bang(vec![("ten", Yaml::Chu(o.text().replace("**", ""))), ("cot", Yaml::DanhSach(subs))])
                } else {
                    name(o, &mut leaves)
                }
            })
            .collect(),
    };
    let cot = with_widths(cot, &leaves, luoi.map(|l| l.cot.as_slice()));
    let body_from = if two_rows { 2 } else { 1 };
    let mut dong: Vec<Yaml> = Vec::new();
    for r in body_from..rows.len() {
        let mut cells = Vec::new();
        for o in rows[r].iter().filter(|o| !o.cont) {
            // A cell merged down: the rows below that continue it at its column.
            let down = 1 + (r + 1..rows.len()).take_while(|&k| rows[k].iter().any(|x| x.col == o.col && x.cont)).count();
            if o.span > 1 || down > 1 {
                let mut cell = vec![("noi_dung", Yaml::Chu(o.text()))];
                if o.span > 1 {
                    cell.push(("gop_cot", Yaml::So(o.span as u64)));
                }
                if down > 1 {
                    cell.push(("gop_dong", Yaml::So(down as u64)));
                }
                cells.push(Yaml::bang(cell));
            } else {
                cells.push(Yaml::Chu(o.text()));
            }
        }
        dong.push(Yaml::DanhSach(cells));
    }
    Yaml::bang(vec![("cot", Yaml::DanhSach(cot)), ("dong", Yaml::DanhSach(dong))])
}

/// The columns with `rong` from the grid, when the grid has exactly one width for each column
/// printed and each is one the input accepts; else as they are (vbhc lays them out).
fn with_widths(cot: Vec<Yaml>, leaves: &[usize], grid: Option<&[f32]>) -> Vec<Yaml> {
    let Some(grid) = grid else { return cot };
    let fits = leaves.len() == grid.len() && leaves.iter().enumerate().all(|(k, &c)| k == c) && grid.iter().all(|w| RONG_MM.contains(w));
    if !fits {
        return cot;
    }
    let mut widths = grid.iter();
    cot.into_iter().map(|c| add_width(c, &mut widths)).collect()
}

fn add_width<'a>(c: Yaml, widths: &mut impl Iterator<Item = &'a f32>) -> Yaml {
    // The grid's own width: written to a tenth of a millimetre, compared as it is (`rong.rs`).
    let rong = |w: Option<&f32>| Yaml::SoThuc(f64::from(*w.unwrap_or(&0.0)));
    match c {
        Yaml::Bang(mut entries) => {
            if let Some((_, Yaml::DanhSach(subs))) = entries.iter_mut().find(|(k, _)| k == "cot") {
                *subs = std::mem::take(subs).into_iter().map(|s| add_width(s, widths)).collect();
            }
            Yaml::Bang(entries)
        }
        name => Yaml::bang(vec![("ten", name), ("rong", rong(widths.next()))]),
    }
}
