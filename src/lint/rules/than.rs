//! The body's paragraphs (§3.6): each starts 1–1.27 cm in from the margin, lines single to
//! 1.5 apart; the text ends with `./.` (§9: its absence is a warning).

use super::Ctx;
use super::so_muc::tach;
use crate::lint::MucDo;
use crate::lint::model::CanLe;

/// The widest line spacing the decree allows (1.5 lines), with room for how files round it.
const MAX_GIAN_DONG: f32 = 1.6;

/// §3.6: "lùi vào từ 1 cm đến 1,27 cm"; below this a paragraph is not indented at all.
const NOT_INDENTED_MM: f32 = 5.0;

pub fn check(ctx: &mut Ctx) {
    let running: Vec<usize> = ctx.tp.than.iter().copied().filter(|&i| running_text(ctx, i)).collect();
    // A tab typed at the start indents the line too (Word's default stop is 1.27 cm).
    let indented = |i: usize| ctx.doan(i).thut_dau_dong.abs() >= NOT_INDENTED_MM || ctx.doan(i).text().starts_with(['\t', '\u{a0}']);
    let flush: Vec<usize> = running.iter().copied().filter(|&i| !indented(i)).collect();
    // Most of the body flush with the margin: the clerk's habit, said once where it starts.
    if running.len() >= 3 && flush.len() * 2 > running.len() {
        let msg = format!("{} trên {} đoạn nội dung không lùi đầu dòng; Nghị định 30: chữ đầu dòng lùi vào 1–1,27 cm", flush.len(), running.len());
        ctx.at(flush[0], "thut-dau-dong", MucDo::Loi, "§3.6", msg);
    }
    // §3.6: single to 1.5 lines; a little over for rounding (Word's 1.5 of a 13 pt line).
    let wide: Vec<(usize, f32)> = running.iter().filter_map(|&i| ctx.doan(i).gian_dong.filter(|g| *g > MAX_GIAN_DONG).map(|g| (i, g))).collect();
    if let Some(&(first, g)) = wide.first() {
        let msg = format!("giãn dòng {g:.1} lần dòng đơn ở {} đoạn; Nghị định 30: từ dòng đơn đến 1,5 dòng", wide.len());
        ctx.at(first, "gian-dong", MucDo::Loi, "§3.6", msg);
    }
    if let Some(&last) = ctx.tp.than.iter().rev().find(|&&i| !ctx.text(i).is_empty() && !ctx.doan(i).trong_bang()) {
        let text = ctx.text(last);
        if !text.ends_with("./.") && !text.ends_with("/.") {
            ctx.at(last, "ket-thuc", MucDo::CanhBao, "§9", "nội dung văn bản kết thúc bằng dấu `./.`");
        }
    }
}

/// A paragraph of running text: not a heading, a list item, a table cell or a centred line.
fn running_text(ctx: &Ctx, i: usize) -> bool {
    let d = ctx.doan(i);
    let text = ctx.text(i);
    let item = text.starts_with(['-', '+', '•', '*', '–']);
    let heading = tach(&text).is_some() || d.toan_dam() || text.starts_with("Điều ");
    text.chars().count() > 40 && !item && !heading && !d.trong_bang() && d.can_le != CanLe::Giua
}
