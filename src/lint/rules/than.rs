//! The body's paragraphs (§3.6): each starts 1–1.27 cm in from the margin; the text ends with
//! `./.` (§9: its absence is a warning).

use super::Ctx;
use super::so_muc::tach;
use crate::lint::MucDo;
use crate::lint::model::CanLe;

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
