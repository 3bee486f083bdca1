//! The rules under the header's components (§3.1): under the tiêu ngữ, under the issuing
//! body, under the trích yếu. Found however the file draws them: a paragraph border, a line
//! shape (Word anchors it in any paragraph of the same place), a line in a PDF, the text
//! underlined; typed as `_____`, a rule's length is the font's, not the decree's.

use super::Ctx;
use crate::lint::MucDo;
use crate::lint::model::{Doan, KieuKe};

pub fn check(ctx: &mut Ctx) {
    if let Some(t) = ctx.tp.tieu_ngu {
        match rule_under(ctx, t) {
            None => ctx.at(t, "quoc-hieu", MucDo::Loi, "§3.1", "thiếu đường kẻ ngang nét liền dưới tiêu ngữ, dài bằng dòng tiêu ngữ"),
            Some(KieuKe::KyTu) => typed(ctx, t, "tiêu ngữ", "quoc-hieu"),
            Some(_) => length(ctx, t, &[t], TIEU_NGU, "tiêu ngữ", "quoc-hieu", "bằng dòng tiêu ngữ"),
        }
    }
    if let Some(&issuing) = ctx.tp.co_quan.last() {
        match rule_under(ctx, issuing) {
            None => ctx.at(issuing, "co-quan", MucDo::Loi, "§3.1", "thiếu đường kẻ ngang nét liền dưới tên cơ quan ban hành, dài 1/3 đến 1/2 dòng chữ"),
            Some(KieuKe::GachChan) => ctx.at(
                issuing,
                "co-quan",
                MucDo::CanhBao,
                "§3.1",
                "tên cơ quan được gạch chân: đường kẻ dài bằng cả dòng; Nghị định 30 cho đường kẻ dài 1/3 đến 1/2 dòng chữ, đặt cân giữa",
            ),
            Some(KieuKe::KyTu) => typed(ctx, issuing, "tên cơ quan ban hành", "co-quan"),
            // §9: against the name itself or the widest line of box 2.
            Some(KieuKe::Ve) => {
                let lines = ctx.tp.co_quan.clone();
                length(ctx, issuing, &lines, MOT_PHAN, "tên cơ quan ban hành", "co-quan", "1/3 đến 1/2 dòng chữ")
            }
        }
    }
    // A công văn has no rule under its V/v; a giấy has no trích yếu.
    if ctx.tp.ten_loai.is_some()
        && let Some(&last) = ctx.tp.trich_yeu.last()
    {
        match rule_under(ctx, last) {
            None => ctx.at(last, "trich-yeu", MucDo::Loi, "§3.1", "thiếu đường kẻ ngang nét liền dưới trích yếu, dài 1/3 đến 1/2 dòng chữ"),
            Some(KieuKe::KyTu) => typed(ctx, last, "trích yếu", "trich-yeu"),
            // §9: of the widest line or of the last.
            Some(_) => {
                let lines = ctx.tp.trich_yeu.clone();
                length(ctx, last, &lines, MOT_PHAN, "trích yếu", "trich-yeu", "1/3 đến 1/2 dòng chữ")
            }
        }
    }
}

/// A rule's length against its text's lines (§3.1), where the file says the length: the
/// tiêu ngữ's as long as the tiêu ngữ, the others a third to a half; a drawn rule is a
/// little off, and the PDF's and our measures differ a little.
const TIEU_NGU: (f32, f32) = (0.85, 1.15);
const MOT_PHAN: (f32, f32) = (0.3, 0.55);

fn length(ctx: &mut Ctx, i: usize, lines: &[usize], (lo, hi): (f32, f32), what: &str, rule: &'static str, asked: &str) {
    let Some(len) = ctx.doc.do_dai_ke(i) else { return };
    let widths: Vec<f32> = lines.iter().map(|&l| text_mm(ctx.doan(l))).filter(|w| *w > 0.0).collect();
    let fits = |w: f32| (lo..=hi).contains(&(len / w));
    if widths.is_empty() || widths.iter().any(|&w| fits(w)) {
        return;
    }
    let own = text_mm(ctx.doan(i));
    ctx.at(i, rule, MucDo::CanhBao, "§3.1", format!("đường kẻ dưới {what} dài {len:.0} mm, dòng chữ {own:.0} mm; Nghị định 30: {asked}"));
}

/// A line's printed width in mm, measured with the embedded Times metrics.
fn text_mm(d: &Doan) -> f32 {
    d.chay
        .iter()
        .map(|c| crate::fonts::measure(&c.text, f64::from(c.co.unwrap_or(13.0)), c.dam, c.nghieng) as f32)
        .sum::<f32>()
        / 2.8346
}

fn typed(ctx: &mut Ctx, i: usize, what: &str, rule: &'static str) {
    ctx.at(i, rule, MucDo::CanhBao, "§3.1", format!("đường kẻ dưới {what} gõ bằng ký tự (`___`, `---`): kẻ bằng đường viền đoạn hoặc đường vẽ, độ dài theo Nghị định 30"));
}

/// The rule under paragraph `i`, or a line shape in the same place: the same table cell, or
/// (outside a table) the paragraphs around it. Word anchors a floating line wherever the
/// cursor was: as many lines anchored before the type name as the header's rules (two; three
/// with the summary's) are taken to be them.
fn rule_under(ctx: &Ctx, i: usize) -> Option<KieuKe> {
    let d = &ctx.doc.doan;
    ctx.doc.ke_duoi(i).or_else(|| {
        let shapes = |from: usize, to: usize| d[from.min(d.len())..to.min(d.len())].iter().map(|o| o.ke.hinh).sum::<usize>();
        let near = match d[i].vi_tri.bang {
            Some(cell) => d.iter().filter(|o| o.vi_tri.bang == Some(cell)).map(|o| o.ke.hinh).sum::<usize>(),
            None => shapes(i.saturating_sub(2), i + 3),
        };
        let header_end = ctx.tp.ten_loai.or(ctx.tp.than.first().copied()).unwrap_or(d.len());
        let summary_end = ctx.tp.trich_yeu.last().map_or(header_end, |&t| t + 3);
        let needed = if i < header_end { 2 } else { 3 };
        let anchored_early = shapes(0, if i < header_end { header_end } else { summary_end });
        (near > 0 || anchored_early >= needed).then_some(KieuKe::Ve)
    })
}
