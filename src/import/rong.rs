//! Which columns keep the width the DOCX gives them. `bang.rs` writes `rong` on every column
//! from the grid; a file written by hand names only the widths the clerk chose, so a width
//! goes where vbhc, laying the table out by itself (`writer/columns.rs`), would not give the
//! same. Found by laying the document out: first with no width set, then adding, one at a
//! time, the width that brings the table nearest to its grid; a grid vbhc cannot match that
//! way keeps every width. Columns all alike (Word's default for a new table) were chosen by
//! nobody: vbhc lays them out.

use super::yaml_out::{Yaml, to_yaml};
use crate::nd30::PT_PER_MM;
use std::path::Path;

/// Widths within this of the grid are the same (a twip is 0.018 mm).
const SAME_MM: f64 = 0.03;

/// How many widths are tried one by one before every width is kept.
const MOST_CHOSEN: usize = 3;

/// A table's columns at the bottom of its header (sub-columns in place of their column).
fn leaves(cot: &mut [Yaml]) -> Vec<&mut Yaml> {
    let mut out = Vec::new();
    for c in cot.iter_mut() {
        let subs = match c {
            Yaml::Bang(entries) => entries.iter().position(|(k, _)| k == "cot"),
            _ => None,
        };
        match (subs, c) {
            (Some(at), Yaml::Bang(entries)) => {
                if let Yaml::DanhSach(subs) = &mut entries[at].1 {
                    out.extend(leaves(subs));
                }
            }
            (_, other) => out.push(other),
        }
    }
    out
}

/// Calls `f` with each table's columns, in the order the document prints them.
fn each_table(v: &mut Yaml, f: &mut impl FnMut(&mut Vec<Yaml>)) {
    match v {
        Yaml::Bang(entries) => {
            for (k, v) in entries.iter_mut() {
                match v {
                    Yaml::Bang(t) if k == "bang" => {
                        if let Some((_, Yaml::DanhSach(cot))) = t.iter_mut().find(|(k, _)| k == "cot") {
                            f(cot);
                        }
                    }
                    _ => each_table(v, f),
                }
            }
        }
        Yaml::DanhSach(items) => items.iter_mut().for_each(|i| each_table(i, f)),
        _ => {}
    }
}

fn for_tables(doc: &mut [(String, Yaml)], mut f: impl FnMut(usize, &mut Vec<Yaml>)) {
    let mut t = 0;
    for (_, v) in doc.iter_mut() {
        each_table(v, &mut |cot| {
            f(t, cot);
            t += 1;
        });
    }
}

fn rong_of(leaf: &Yaml) -> Option<f64> {
    match leaf {
        Yaml::Bang(e) => e.iter().find_map(|(k, v)| match (k.as_str(), v) {
            ("rong", Yaml::SoThuc(x)) => Some(*x),
            _ => None,
        }),
        _ => None,
    }
}

/// A column with its width set (`Some`) or left to vbhc.
fn set_rong(leaf: &mut Yaml, rong: Option<f64>) {
    let name = match &*leaf {
        Yaml::Bang(e) => e.iter().find(|(k, _)| k == "ten").map(|(_, v)| v.clone()).unwrap_or(Yaml::chu("")),
        other => other.clone(),
    };
    *leaf = match rong {
        Some(r) => Yaml::bang(vec![("ten", name), ("rong", Yaml::SoThuc(r))]),
        None => name,
    };
}

/// Each table's widths in millimetres as vbhc lays the document out, or none when it cannot.
fn laid_out(doc: &[(String, Yaml)], thu_muc: &Path) -> Option<Vec<Vec<f64>>> {
    let prepared = crate::pipeline::prepare_with(&to_yaml(doc, ""), None, Some(thu_muc)).ok()?;
    let widths = crate::pipeline::table_widths(&prepared).ok()?;
    Some(widths.into_iter().map(|t| t.into_iter().map(|w| w / PT_PER_MM).collect()).collect())
}

/// Sets each table's widths: `grid[k]` on the columns `chosen[k]`, none on the others.
fn apply(doc: &mut [(String, Yaml)], grids: &[Option<Vec<f64>>], chosen: &[Vec<bool>]) {
    for_tables(doc, |t, cot| {
        if let Some(g) = &grids[t] {
            for (k, leaf) in leaves(cot).into_iter().enumerate() {
                set_rong(leaf, chosen[t][k].then_some(g[k]));
            }
        }
    });
}

/// How far table `t` as laid out is from its grid, in millimetres summed over its columns.
fn apart(got: &Option<Vec<Vec<f64>>>, grids: &[Option<Vec<f64>>], t: usize) -> Option<f64> {
    let g = grids[t].as_ref()?;
    let w = got.as_ref()?.get(t).filter(|w| w.len() == g.len())?;
    Some(w.iter().zip(g).map(|(x, y)| (x - y).abs()).sum())
}

/// Keeps in `doc` only the widths vbhc needs to give each table its grid's widths.
pub fn keep_needed(doc: &mut [(String, Yaml)], thu_muc: &Path) {
    let laid_out = |doc: &[(String, Yaml)]| laid_out(doc, thu_muc);
    let mut grids: Vec<Option<Vec<f64>>> = Vec::new();
    for_tables(doc, |_, cot| grids.push(leaves(cot).iter().map(|l| rong_of(l)).collect()));
    let n = grids.len();
    let mut chosen: Vec<Vec<bool>> = grids.iter().map(|g| vec![false; g.as_ref().map_or(0, Vec::len)]).collect();
    // A table is settled when it is laid out as its grid, or has no grid to follow, or has
    // columns all alike (Word's new table: nobody chose those widths).
    let alike = |g: &Vec<f64>| g.iter().all(|w| (w - g[0]).abs() < 0.5);
    let mut settled: Vec<bool> = grids.iter().map(|g| g.as_ref().is_none_or(alike)).collect();
    apply(doc, &grids, &chosen);
    let mut now = laid_out(doc);
    if now.as_ref().map(Vec::len) != Some(n) {
        // The document cannot be laid out yet (an error the check reports) or its tables are
        // not the ones read: vbhc lays every table out itself.
        return;
    }
    for round in 0..=MOST_CHOSEN {
        for t in 0..n {
            let columns = chosen[t].len() as f64;
            settled[t] |= apart(&now, &grids, t).is_some_and(|d| d <= SAME_MM * columns);
        }
        if round == MOST_CHOSEN || settled.iter().all(|s| *s) {
            break;
        }
        // For each open table, the one width more that brings it nearest its grid (the
        // tables are tried together: one table's widths do not move another's).
        let widest = chosen.iter().map(Vec::len).max().unwrap_or(0);
        let mut best: Vec<Option<(f64, usize)>> = vec![None; n];
        for k in 0..widest {
            let open = |t: usize, chosen: &[Vec<bool>]| !settled[t] && k < chosen[t].len() && !chosen[t][k];
            let mut trial = chosen.clone();
            (0..n).filter(|&t| open(t, &chosen)).for_each(|t| trial[t][k] = true);
            apply(doc, &grids, &trial);
            let got = laid_out(doc);
            for t in (0..n).filter(|&t| open(t, &chosen)) {
                if let Some(d) = apart(&got, &grids, t)
                    && best[t].is_none_or(|(bd, _)| d < bd)
                {
                    best[t] = Some((d, k));
                }
            }
        }
        for (t, b) in best.into_iter().enumerate() {
            if let Some((_, k)) = b {
                chosen[t][k] = true;
            }
        }
        apply(doc, &grids, &chosen);
        now = laid_out(doc);
    }
    // A table still apart from its grid keeps every width.
    for t in (0..n).filter(|&t| !settled[t]) {
        chosen[t].iter_mut().for_each(|c| *c = true);
    }
    apply(doc, &grids, &chosen);
    // Widths this page cannot hold are left to vbhc.
    if laid_out(doc).is_none() {
        let none: Vec<Vec<bool>> = chosen.iter().map(|c| vec![false; c.len()]).collect();
        apply(doc, &grids, &none);
    }
}
