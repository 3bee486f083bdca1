//! The body's size and the end of the document (§3.5, §3.7, §3.8): body text, Nơi nhận and its
//! items, the signer's authority, title and name.

use super::Ctx;
use crate::lint::MucDo;
use crate::lint::thanh_phan::in_hoa;

/// The markers of authority, exactly (§3.8).
const MARKERS: [&str; 5] = ["TM.", "KT.", "Q.", "TL.", "TUQ."];

pub fn check(ctx: &mut Ctx) {
    let body = ctx.tp.than.clone();
    ctx.sizes(&body, "nội dung", 13.0, 14.0, "§3.5");
    noi_nhan(ctx);
    nguoi_ky(ctx);
}

fn noi_nhan(ctx: &mut Ctx) {
    let Some(label) = ctx.tp.noi_nhan else {
        ctx.whole("noi-nhan", MucDo::Loi, "§3.7", "không thấy `Nơi nhận:` ở cuối văn bản");
        return;
    };
    let text = ctx.text(label);
    if text.trim_end() != "Nơi nhận:" && !text.starts_with("Nơi nhận:") {
        ctx.at(label, "noi-nhan", MucDo::Loi, "§3.7", "viết `Nơi nhận:` (có dấu hai chấm)");
    }
    ctx.sizes(&[label], "chữ `Nơi nhận:`", 12.0, 12.0, "§3");
    ctx.style(label, "chữ `Nơi nhận:`", Some(true), Some(true), "§3.7");
    let items = ctx.tp.noi_nhan_muc.clone();
    if items.is_empty() {
        ctx.at(label, "noi-nhan", MucDo::Loi, "§3.7", "nơi nhận không có mục nào");
        return;
    }
    ctx.sizes(&items, "mục nơi nhận", 11.0, 11.0, "§3");
    // Box 12 (`PL.(300)`) may follow the Lưu line.
    let listed: Vec<usize> = items.iter().copied().filter(|&i| ctx.text(i).starts_with('-')).collect();
    for &i in &items {
        let t = ctx.text(i);
        if !t.starts_with('-') && !t.starts_with('+') && !is_box12(&t) {
            ctx.at(i, "noi-nhan", MucDo::Loi, "§3.7", "mỗi nơi nhận một dòng, bắt đầu bằng `- `");
        }
    }
    let luu = listed.iter().position(|&i| ctx.text(i).trim_start_matches(['-', ' ']).starts_with("Lưu"));
    if let Some(p) = luu {
        if p + 1 != listed.len() {
            ctx.at(listed[p], "noi-nhan", MucDo::Loi, "§3.7", "dòng `- Lưu: ...` là dòng cuối cùng của nơi nhận");
        }
    }
    for (n, &i) in listed.iter().enumerate() {
        let t = ctx.text(i);
        let last = n + 1 == listed.len();
        let end = t.trim_end().chars().last().unwrap_or(' ');
        if last && end != '.' {
            ctx.at(i, "noi-nhan", MucDo::Loi, "§3.7", "dòng cuối của nơi nhận kết thúc bằng dấu chấm `.`");
        } else if !last && end != ';' {
            ctx.at(i, "noi-nhan", MucDo::Loi, "§3.7", "mỗi nơi nhận (trừ dòng cuối) kết thúc bằng dấu chấm phẩy `;`");
        }
    }
}

/// Box 12: the drafter's initials and the number of copies, `PL.(300)`.
fn is_box12(t: &str) -> bool {
    t.contains('(') && t.ends_with(')') && t.len() < 20
}

fn nguoi_ky(ctx: &mut Ctx) {
    let lines = ctx.tp.nguoi_ky.clone();
    let Some((&name, titles)) = lines.split_last() else {
        if ctx.tp.noi_nhan.is_some() {
            ctx.whole("chu-ky", MucDo::Loi, "§3.8", "không thấy chức vụ và họ tên người ký bên phải `Nơi nhận:`");
        }
        return;
    };
    if titles.is_empty() {
        ctx.at(name, "chu-ky", MucDo::Loi, "§3.8", "thiếu chức vụ người ký (chỉ thấy một dòng)");
    }
    for &i in titles {
        let t = ctx.text(i);
        let first = t.split_whitespace().next().unwrap_or("");
        let looks_marker = ["TM", "KT", "Q", "TL", "TUQ"].iter().any(|m| first.trim_end_matches('.').eq_ignore_ascii_case(m) || first.replace('.', "").eq_ignore_ascii_case(m));
        if looks_marker && !MARKERS.contains(&first) && t.split_whitespace().count() > 1 {
            ctx.at(i, "chu-ky", MucDo::Loi, "§3.8", format!("ghi quyền hạn đúng dạng `TM.`, `KT.`, `Q.`, `TL.`, `TUQ.` (viết hoa, có dấu chấm), không phải `{first}`"));
        }
        if let Some(m) = MARKERS.iter().find(|m| t.starts_with(**m) && t[m.len()..].starts_with(char::is_alphabetic)) {
            ctx.at(i, "chu-ky", MucDo::Loi, "§3.8", format!("sau `{m}` có một dấu cách: `{m} {}`", &t[m.len()..]));
        }
        if !in_hoa(&t) {
            ctx.at(i, "chu-ky", MucDo::Loi, "§3.8", "quyền hạn, chức vụ người ký viết in hoa");
        }
        ctx.style(i, "chức vụ người ký", Some(true), None, "§3.8");
    }
    ctx.sizes(titles, "chức vụ người ký", 13.0, 14.0, "§3");
    ctx.sizes(&[name], "họ tên người ký", 13.0, 14.0, "§3");
    ctx.style(name, "họ tên người ký", Some(true), None, "§3.8");
    if in_hoa(&ctx.text(name)) {
        ctx.at(name, "chu-ky", MucDo::Loi, "§3.8", "họ tên người ký viết hoa chữ đầu mỗi tiếng (Nguyễn Văn A), không in hoa cả dòng");
    }
}
