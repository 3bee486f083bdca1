//! Table column widths (§3.5, §9), the way Word's and the browsers' automatic table layout
//! find them: each column gets at least its widest piece of text that no line may break
//! inside, and the rest of the width is shared by how much more its content wants; a column
//! whose content all fits on one line takes no more than that, so a narrow `STT` stays narrow.
//! Widths a user chose are kept. A URL, a path or an e-mail address, or any piece wider than
//! 30 % of the text block, does not widen its column past that: it is cut inside (`fit.rs`).
//!
//! Computed once here for both writers.

use super::fit::{SLACK, content_width};
use crate::fonts::measure;
use crate::nd30::{Layout, PT_PER_MM};
use crate::tree::Table;

/// A column is never narrower than its padding and this many digits.
const MIN_CHARS: f64 = 3.0;

/// Part of the text width beyond which a piece is cut rather than widen its column.
const PIECE_CAP: f64 = 0.3;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error(
        "bảng quá rộng: {columns} cột cần ít nhất {need_mm:.0} mm nhưng khổ giấy chỉ rộng {have_mm:.0} mm"
    )]
    TooWide {
        columns: usize,
        need_mm: f64,
        have_mm: f64,
    },
    #[error(
        "độ rộng các cột đặt sẵn (`rong`) cộng lại {set_mm:.0} mm, vượt quá {have_mm:.0} mm của khổ giấy"
    )]
    SetTooWide { set_mm: f64, have_mm: f64 },
}

/// The narrowest a column may be.
fn floor(layout: &Layout) -> f64 {
    2.0 * layout.cell_pad_x + MIN_CHARS * measure("0", layout.size.table, false, false)
}

/// Each column's narrowest and natural width, padding included.
fn content_widths(t: &Table, layout: &Layout) -> (Vec<f64>, Vec<f64>) {
    let size = layout.size.table;
    let pad = 2.0 * layout.cell_pad_x;
    let cap = PIECE_CAP * layout.text_width();
    let n = t.columns();
    let (mut min, mut max) = (vec![pad; n], vec![pad; n]);
    let mut spanning = Vec::new();
    for cell in t.all_rows().flatten() {
        let (widest, line) = content_width(&cell.runs, size, cap);
        let (lo, hi) = (widest + pad + SLACK, line + pad + SLACK);
        if cell.col_span == 1 {
            min[cell.col] = min[cell.col].max(lo);
            max[cell.col] = max[cell.col].max(hi);
        } else {
            spanning.push((cell.col..cell.col + cell.col_span, lo, hi));
        }
    }
    // A merged cell wider than its columns widens them, evenly.
    for (range, lo, hi) in spanning {
        let k = range.len() as f64;
        let have: f64 = min[range.clone()].iter().sum();
        if lo > have {
            min[range.clone()]
                .iter_mut()
                .for_each(|m| *m += (lo - have) / k);
        }
        let have: f64 = max[range.clone()].iter().sum();
        if hi > have {
            max[range].iter_mut().for_each(|m| *m += (hi - have) / k);
        }
    }
    for (lo, hi) in min.iter().zip(max.iter_mut()) {
        *hi = hi.max(*lo);
    }
    (min, max)
}

/// The width of each column, in points, filling the text width unless the user chose every
/// column's width; or why the table cannot be laid out on this page.
pub fn table_columns(t: &Table, layout: &Layout) -> Result<Vec<f64>, FitError> {
    let total = layout.text_width();
    let set: f64 = t.widths.iter().flatten().sum();
    if set > total + 0.5 {
        return Err(FitError::SetTooWide {
            set_mm: set / PT_PER_MM,
            have_mm: total / PT_PER_MM,
        });
    }
    let auto: Vec<usize> = (0..t.columns())
        .filter(|&i| t.widths[i].is_none())
        .collect();
    // Widths set to the text width within rounding leave no room, not less than none.
    let room = (total - set).max(0.0);
    let floor = floor(layout);
    if auto.len() as f64 * floor > room {
        return Err(FitError::TooWide {
            columns: t.columns(),
            need_mm: (set + auto.len() as f64 * floor) / PT_PER_MM,
            have_mm: total / PT_PER_MM,
        });
    }
    let (min, max) = content_widths(t, layout);
    let shared = share(
        &auto.iter().map(|&i| min[i]).collect::<Vec<_>>(),
        &auto.iter().map(|&i| max[i]).collect::<Vec<_>>(),
        room,
    );
    let mut widths: Vec<f64> = t.widths.iter().map(|w| w.unwrap_or(0.0)).collect();
    for (i, w) in auto.into_iter().zip(shared) {
        widths[i] = w;
    }
    Ok(widths)
}

/// `room` shared between columns of narrowest widths `min` and natural widths `max`.
fn share(min: &[f64], max: &[f64], room: f64) -> Vec<f64> {
    let (min_sum, max_sum): (f64, f64) = (min.iter().sum(), max.iter().sum());
    if max_sum <= room {
        // Everything fits on one line: widen each column in proportion.
        return max.iter().map(|w| w * room / max_sum).collect();
    }
    if min_sum <= room {
        let extra_sum = max_sum - min_sum;
        return min
            .iter()
            .zip(max)
            .map(|(lo, hi)| lo + (room - min_sum) * (hi - lo) / extra_sum)
            .collect();
    }
    // Not even the widest pieces fit: the widest columns come down to one level, their long
    // pieces cut; the narrow ones keep their width. The level `c` solves Σ min(min_i, c) = room.
    let mut sorted = min.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut below = 0.0;
    let mut level = room / min.len() as f64;
    for (k, w) in sorted.iter().enumerate() {
        let rest = (sorted.len() - k) as f64;
        let c = (room - below) / rest;
        if c <= *w {
            level = c;
            break;
        }
        below += w;
    }
    min.iter().map(|w| w.min(level)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::table::{Cot, O, build};

    fn table(cot: &[&str], rows: &[&[&str]]) -> Table {
        build(
            &cot.iter()
                .map(|c| Cot::Ten(c.to_string()))
                .collect::<Vec<_>>(),
            &rows
                .iter()
                .map(|r| r.iter().map(|c| O::Chu(c.to_string())).collect())
                .collect::<Vec<_>>(),
        )
        .unwrap()
    }

    fn mm(pt: f64) -> f64 {
        pt / PT_PER_MM
    }

    #[test]
    fn table_fills_the_text_width() {
        let l = Layout::mac_dinh();
        let long = "rất dài ".repeat(40);
        let t = table(&["TT", "Nội dung", "Thời gian"], &[&["1", &long, "Quý I"]]);
        let w = table_columns(&t, &l).unwrap();
        assert!((w.iter().sum::<f64>() - l.text_width()).abs() < 0.01);
        assert!(w[1] > w[0] && w[1] > w[2]);
        assert!(w[0] >= measure("TT", 13.0, true, false) + 2.0 * l.cell_pad_x - 0.01);
    }

    #[test]
    fn a_url_leaves_the_other_columns_their_words() {
        let l = Layout::mac_dinh();
        let url = "https://soyte.kontum.gov.vn/portal/don-vi/benh-vien-da-khoa-huyen-1/thong-tin-chi-tiet";
        let t = table(
            &[
                "STT",
                "Đơn vị",
                "Ngày",
                "Mã",
                "Điện thoại",
                "Trạng thái",
                "Cổng thông tin",
            ],
            &[&[
                "1",
                "Bệnh viện đa khoa huyện số 1",
                "15/03/2024",
                "BV-0001-KT",
                "0260.3862.001",
                "Đang hoạt động",
                url,
            ]],
        );
        let w = table_columns(&t, &l).unwrap();
        let pad = 2.0 * l.cell_pad_x;
        for (i, word) in [
            (1, "Bệnh"),
            (2, "15/03/2024"),
            (4, "0260.3862.001"),
            (5, "Đang"),
        ] {
            assert!(
                w[i] >= measure(word, 13.0, false, false) + pad,
                "column {i}: {} mm",
                mm(w[i])
            );
        }
        // The narrow number column stays narrow; the URL's column takes the most.
        assert!(mm(w[0]) < 15.0, "{}", mm(w[0]));
        assert!(w[6] == w.iter().cloned().fold(0.0, f64::max));
        eprintln!("{:?}", w.iter().map(|w| mm(*w)).collect::<Vec<_>>());
    }

    #[test]
    fn chosen_widths_are_kept_and_checked() {
        let l = Layout::mac_dinh();
        let mut t = table(&["STT", "Nội dung"], &[&["1", "Một nội dung"]]);
        t.widths[0] = Some(20.0 * PT_PER_MM);
        let w = table_columns(&t, &l).unwrap();
        assert!((mm(w[0]) - 20.0).abs() < 1e-9);
        assert!((w[0] + w[1] - l.text_width()).abs() < 0.01);
        t.widths[1] = Some(200.0 * PT_PER_MM);
        assert!(matches!(
            table_columns(&t, &l),
            Err(FitError::SetTooWide { .. })
        ));
    }

    #[test]
    fn too_many_columns_for_the_page_are_refused() {
        let l = Layout::mac_dinh();
        let names: Vec<String> = (1..=30).map(|i| format!("Cột {i}")).collect();
        let cot: Vec<&str> = names.iter().map(String::as_str).collect();
        let err = table_columns(&table(&cot, &[]), &l).unwrap_err();
        assert!(
            matches!(err, FitError::TooWide { columns: 30, .. }),
            "{err}"
        );
    }

    #[test]
    fn long_words_everywhere_share_one_level() {
        let w = share(&[100.0, 300.0, 20.0], &[500.0, 900.0, 20.0], 220.0);
        assert!((w.iter().sum::<f64>() - 220.0).abs() < 1e-9);
        assert_eq!(w[2], 20.0);
        assert!((w[0] - 100.0).abs() < 1e-9 && (w[1] - 100.0).abs() < 1e-9);
    }
}
