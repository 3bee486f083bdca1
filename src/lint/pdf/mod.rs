//! A PDF made by anyone (LibreOffice, Word, vbhc) read into the linter's model, from what its
//! pages show (`text.rs`, `layout.rs`): each page's size; the margins as the text's edges (only
//! what they can tell: text that stops short of the bottom says nothing of the bottom margin);
//! the header and the signature as two columns; page numbers from a number alone in the top or
//! bottom margin. A scan without a text layer has nothing to read.

mod layout;
mod text;

use super::model::{BanDoc, CanLe, Doan, KhoGiay, Phan, SoTrang};
use layout::{Dong, Trang};
use std::collections::BTreeMap;
use std::io::Read;

const MAX_FILE: u64 = 100 * 1024 * 1024;
const MM: f32 = 2.8346;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("không đọc được tệp: {0}")]
    Io(#[from] std::io::Error),
    #[error("không phải tệp PDF đọc được: {0}")]
    Pdf(String),
    #[error("tệp PDF không có chữ (bản quét?): không kiểm tra được")]
    KhongCoChu,
}

pub fn read(path: &std::path::Path) -> Result<BanDoc, PdfError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_FILE).read_to_end(&mut bytes)?;
    let doc = lopdf::Document::load_mem(&bytes).map_err(|e| PdfError::Pdf(e.to_string()))?;
    let mut pages = Vec::new();
    for (_, id) in doc.get_pages() {
        let (rong, cao) = media_box(&doc, id);
        let fonts = doc.get_page_fonts(id).unwrap_or_default();
        let views: Vec<(Vec<u8>, lopdf::Dictionary, &lopdf::Dictionary)> =
            fonts.iter().map(|(k, d)| (k.clone(), text::unicode_view(d), *d)).collect();
        let fonts: BTreeMap<Vec<u8>, text::Font> = views.iter().map(|(k, view, d)| (k.clone(), text::Font::new(&doc, d, view))).collect();
        let ops = doc.get_and_decode_page_content(id).map(|c| c.operations).unwrap_or_default();
        let noi = text::pieces(&ops, &fonts, cao);
        pages.push(Trang { rong, cao, manh: noi.manh, ke_doc: noi.doc, ke_ngang: noi.ngang });
    }
    if pages.iter().all(|p| p.manh.is_empty()) {
        return Err(PdfError::KhongCoChu);
    }
    Ok(model(pages))
}

fn media_box(doc: &lopdf::Document, id: lopdf::ObjectId) -> (f32, f32) {
    let mut node = doc.get_dictionary(id).ok();
    // MediaBox is inherited from the page tree.
    for _ in 0..32 {
        let Some(dict) = node else { break };
        if let Ok(arr) = dict.get(b"MediaBox").and_then(|m| doc.dereference(m)).and_then(|(_, o)| o.as_array()) {
            let n: Vec<f32> = arr.iter().filter_map(|o| o.as_float().ok()).collect();
            if n.len() == 4 {
                return ((n[2] - n[0]).abs(), (n[3] - n[1]).abs());
            }
        }
        node = dict.get(b"Parent").ok().and_then(|p| p.as_reference().ok()).and_then(|r| doc.get_dictionary(r).ok());
    }
    (595.28, 841.89)
}

/// A number alone near the top or bottom of a page: the page number, not text.
fn page_number(line: &Dong, cao: f32) -> Option<bool> {
    let t: String = line.manh.iter().map(|m| m.text.as_str()).collect();
    let t = t.trim();
    let digits = !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit());
    if !digits {
        return None;
    }
    if line.y < 0.14 * cao {
        Some(true)
    } else if line.y > 0.86 * cao {
        Some(false)
    } else {
        None
    }
}

/// Box 13 (address, phone, e-mail) in the first page's footer, and box 11's circulation note in
/// its top margin: where the decree puts them, outside the text block (§3, §9).
fn margin_note(line: &Dong, cao: f32) -> bool {
    let t: String = line.manh.iter().map(|m| m.text.as_str()).collect();
    let bottom = line.y > cao - 25.0 * MM;
    let top = line.y < 20.0 * MM;
    let box13 = ["Địa chỉ", "E-mail", "Email", "Website", "ĐT:", "Fax"].iter().any(|k| t.contains(k));
    let box11 = ["LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI"].iter().any(|k| t.contains(k));
    (bottom && box13) || (top && box11)
}

fn model(pages: Vec<Trang>) -> BanDoc {
    let mut all: Vec<Dong> = Vec::new();
    let mut in_table: Vec<bool> = Vec::new();
    let mut numbers = SoTrang::default();
    let mut header_centres = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let lines = layout::lines(n + 1, page.manh.clone());
        // A page number is alone on its row, above (or below) everything else on the page.
        let alone = |l: &Dong, top: bool| {
            lines.iter().filter(|o| !std::ptr::eq(*o, l)).all(|o| if top { o.y > l.y + 0.5 * l.co } else { o.y < l.y - 0.5 * l.co })
        };
        let with_rule = |l: &Dong| Dong { ke_duoi: page.rule_under(l), ..l.clone() };
        for line in &lines {
            if page.in_table(line) {
                all.push(with_rule(line));
                in_table.push(true);
                continue;
            }
            match page_number(line, page.cao).filter(|top| alone(line, *top)) {
                Some(top) => {
                    if n == 0 {
                        numbers.trang_dau = true;
                    }
                    if top && page.cao > page.rong {
                        header_centres.push(((line.x0 + line.x1) / 2.0, page.rong));
                    } else if !top {
                        numbers.chan_trang = true;
                    }
                }
                None if margin_note(line, page.cao) => {}
                None => {
                    all.push(with_rule(line));
                    in_table.push(false);
                }
            }
        }
    }
    // The text block's edges, from the text outside ruled tables (a cell may overhang) and
    // outside two-column rows (the header may reach into the right margin, §9).
    let two_columns = |l: &Dong| all.iter().filter(|o| o.trang == l.trang && (o.y - l.y).abs() < 0.35 * o.co).count() > 1;
    let portrait: Vec<&Dong> = all
        .iter()
        .zip(&in_table)
        .filter(|(l, t)| !**t && pages[l.trang - 1].cao > pages[l.trang - 1].rong && !two_columns(l))
        .map(|(l, _)| l)
        .collect();
    let left = left_edge(portrait.iter().map(|l| l.x0));
    // A short document may have no full line outside its header and signature: their rows
    // reach the edge too, unless they overhang it (then the decree's narrowest margin holds).
    let body_right = portrait.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let rows_right = all
        .iter()
        .zip(&in_table)
        .filter(|(l, t)| !**t && pages[l.trang - 1].cao > pages[l.trang - 1].rong && two_columns(l))
        .map(|(l, _)| l.x1.min(pages[l.trang - 1].rong - 15.0 * MM))
        .fold(f32::MIN, f32::max);
    let right = body_right.max(rows_right);
    if let Some(&(centre, width)) = header_centres.first() {
        // Centred on the page, or on a text block whose right margin is any the decree allows.
        let block = |margin_mm: f32| (left + width - margin_mm * MM) / 2.0;
        let centred = [(left + right) / 2.0, width / 2.0, block(15.0), block(20.0)].iter().any(|c| (centre - c).abs() < 6.0);
        numbers.dau_trang = Some(if centred { CanLe::Giua } else { CanLe::Trai });
    }
    let ordered = regions(&all, &in_table, left, right);
    let doan = layout::paragraphs(&ordered, left, right, 1);
    let outside: Vec<Dong> = all.iter().zip(&in_table).filter(|(l, t)| !**t && !two_columns(l)).map(|(l, _)| l.clone()).collect();
    let phan = sections(&pages, &outside, &doan, numbers);
    BanDoc {
        doan,
        phan,
        so_trang: Some(pages.len()),
        ..BanDoc::default()
    }
}

/// Where the text block starts: the leftmost place where several lines start (continued
/// lines of paragraphs, unindented lines); a line or two further left overhang (a header).
fn left_edge(xs: impl Iterator<Item = f32>) -> f32 {
    let xs: Vec<f32> = xs.collect();
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for x in &xs {
        *counts.entry(x.round() as i32).or_default() += 1;
    }
    let near = |k: i32| counts.get(&(k - 1)).unwrap_or(&0) + counts.get(&k).unwrap_or(&0) + counts.get(&(k + 1)).unwrap_or(&0);
    counts
        .keys()
        .find(|&&k| near(k) >= 2)
        .map(|&k| k as f32)
        .unwrap_or_else(|| xs.iter().copied().fold(f32::MAX, f32::min))
}

/// The lines in reading order, each with its cell when it is in a two-column region: the
/// header of page 1 (table 0) and the recipients beside the signer (table 1), each column's
/// lines in turn, as a DOCX's table cells read.
fn regions(all: &[Dong], in_table: &[bool], left: f32, right: f32) -> Vec<(Dong, Option<(usize, usize)>)> {
    // A line of a ruled table in the body is table 2's (its cells are not body text).
    let body = |range: std::ops::Range<usize>| range.map(|i| (all[i].clone(), in_table[i].then_some((2, 0)))).collect::<Vec<_>>();
    let mut out = Vec::new();
    let row_of = |i: usize| all.iter().filter(|l| l.trang == all[i].trang && (l.y - all[i].y).abs() < 0.35 * l.co).count();
    // The header: page 1's first rows while they stay within one of two columns.
    let first_two = (0..all.len().min(12)).find(|&i| all[i].trang == 1 && row_of(i) >= 2);
    let mut start = 0;
    if let Some(f) = first_two {
        // The right column starts where its leftmost line of a two-column row starts.
        let rows: Vec<&Dong> = (0..all.len().min(12)).filter(|&i| all[i].trang == 1 && row_of(i) >= 2).map(|i| &all[i]).collect();
        let firsts: Vec<f32> = rows.iter().map(|l| l.y).collect();
        let right_starts = all.iter().filter(|l| l.trang == 1 && firsts.iter().any(|y| (l.y - y).abs() < 0.35 * l.co) && l.x0 > all[f].x1);
        let chia = right_starts.map(|l| l.x0).fold(f32::MAX, f32::min) - 0.5;
        let right_centre = (chia + right) / 2.0;
        let text_centre = (left + right) / 2.0;
        let in_header = |l: &Dong| {
            let c = (l.x0 + l.x1) / 2.0;
            l.x1 < chia || (l.x0 > chia && (c - right_centre).abs() < (c - text_centre).abs())
        };
        let mut end = 0;
        while end < all.len() && all[end].trang == 1 && in_header(&all[end]) {
            end += 1;
        }
        push_columns(&mut out, &all[..end], chia, 0);
        start = end;
    }
    let nn = (start..all.len()).find(|&i| all[i].manh.first().is_some_and(|m| m.text.trim_start().starts_with("Nơi nhận")));
    let Some(nn) = nn else {
        out.extend(body(start..all.len()));
        return out;
    };
    out.extend(body(start..nn));
    // The signature region runs to the end, or to an appendix's first page.
    let end = (nn + 1..all.len())
        .find(|&i| all[i].trang != all[i - 1].trang && all[i].manh.iter().any(|m| m.text.contains("Phụ lục") || m.text.contains("PHỤ LỤC")))
        .unwrap_or(all.len());
    let beside: Vec<&Dong> = all[nn + 1..end].iter().filter(|l| l.trang == all[nn].trang && (l.y - all[nn].y).abs() < 0.35 * l.co).collect();
    let chia = beside.first().map_or(left + 0.45 * (right - left), |b| (all[nn].x1 + b.x0) / 2.0);
    push_columns(&mut out, &all[nn..end], chia, 1);
    out.extend(body(end..all.len()));
    out
}

fn push_columns(out: &mut Vec<(Dong, Option<(usize, usize)>)>, lines: &[Dong], chia: f32, bang: usize) {
    for col in 0..2 {
        for l in lines {
            let c = usize::from((l.x0 + l.x1) / 2.0 >= chia);
            if c == col {
                out.push((l.clone(), Some((bang, col))));
            }
        }
    }
}

/// Pages of one size make a section; its margins are where its text stops, where that can tell.
fn sections(pages: &[Trang], all: &[Dong], doan: &[Doan], numbers: SoTrang) -> Vec<Phan> {
    let mut out: Vec<Phan> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let same = out.last().is_some_and(|p: &Phan| (p.kho.rong - page.rong / MM).abs() < 1.0 && (p.kho.cao - page.cao / MM).abs() < 1.0);
        if same {
            continue;
        }
        let size = (page.rong, page.cao);
        let lines: Vec<&Dong> = all
            .iter()
            .filter(|l| l.trang > n && pages[l.trang - 1].rong == size.0 && pages[l.trang - 1].cao == size.1)
            .collect();
        let measure = |f: &dyn Fn(&Dong) -> f32, min: bool| {
            let it = lines.iter().map(|l| f(l));
            if min { it.fold(f32::MAX, f32::min) } else { it.fold(f32::MIN, f32::max) }
        };
        let trai = measure(&|l| l.x0, true) / MM;
        let phai = (page.rong - measure(&|l| l.x1, false)) / MM;
        let tren = measure(&|l| l.y - 0.9 * l.co, true) / MM;
        let duoi = (page.cao - measure(&|l| l.y + 0.22 * l.co, false)) / MM;
        // Text may stop short of an edge (a short page, centred lines): only a measure inside
        // the decree's range or past it toward the edge of the paper says anything.
        let kho = KhoGiay {
            rong: page.rong / MM,
            cao: page.cao / MM,
            trai: near(trai, 30.0, 35.0, 1.0, false),
            phai: near(phai, 15.0, 20.0, 1.0, true),
            tren: near(tren, 20.0, 25.0, 2.0, true),
            duoi: near(duoi, 20.0, 25.0, 2.0, true),
        };
        let tu_doan = doan.iter().find(|d| d.trang > n).map_or(1, |d| d.so);
        out.push(Phan {
            tu_doan,
            kho,
            so_trang: if out.is_empty() { numbers.clone() } else { SoTrang::default() },
        });
    }
    out
}

/// A measured margin as the rules should see it: within `slack` of the range counts as in it,
/// and, when `only_small`, a wider measure says only that the text stopped short.
fn near(v: f32, lo: f32, hi: f32, slack: f32, only_small: bool) -> f32 {
    if !v.is_finite() {
        return lo;
    }
    if v >= lo - slack && v < lo {
        lo
    } else if v > hi && (only_small || v <= hi + slack) {
        hi
    } else {
        v
    }
}
