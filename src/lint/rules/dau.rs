//! The header and the opening (§3 boxes 1–5, §3.2–§3.5): quốc hiệu and tiêu ngữ, the issuing
//! bodies, number and symbol, place and date, type name and summary, căn cứ.

use super::Ctx;
use crate::lint::MucDo;
use crate::lint::thanh_phan::in_hoa;

pub const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";

pub fn check(ctx: &mut Ctx) {
    quoc_hieu(ctx);
    co_quan(ctx);
    so_ky_hieu(ctx);
    ngay(ctx);
    ten_loai(ctx);
    can_cu(ctx);
}

fn quoc_hieu(ctx: &mut Ctx) {
    let Some(q) = ctx.tp.quoc_hieu else {
        ctx.whole("quoc-hieu", MucDo::Loi, "§3", format!("không thấy quốc hiệu `{QUOC_HIEU}` ở đầu trang 1"));
        return;
    };
    let text = ctx.text(q);
    if text == QUOC_HIEU.replace("HÒA", "HOÀ") {
        ctx.at(q, "quoc-hieu", MucDo::CanhBao, "§2", format!("viết `CỘNG HOÀ`; Nghị định 30 (phần lời) viết `{QUOC_HIEU}`"));
    } else if text != QUOC_HIEU {
        let split = QUOC_HIEU.starts_with(&text) && text.len() < QUOC_HIEU.len();
        let why = if split { "quốc hiệu bị ngắt thành hai dòng; phải nằm trên một dòng" } else { "quốc hiệu viết sai" };
        ctx.at(q, "quoc-hieu", MucDo::Loi, "§3", format!("{why}: phải là `{QUOC_HIEU}`"));
    }
    ctx.sizes(&[q], "quốc hiệu", 12.0, 13.0, "§3");
    ctx.style(q, "quốc hiệu", Some(true), Some(false), "§3");
    match ctx.tp.tieu_ngu {
        None => ctx.whole("quoc-hieu", MucDo::Loi, "§3", format!("không thấy tiêu ngữ `{TIEU_NGU}` dưới quốc hiệu")),
        Some(t) => {
            if ctx.text(t) != TIEU_NGU {
                ctx.at(t, "quoc-hieu", MucDo::Loi, "§6.2", format!("tiêu ngữ viết sai: phải là `{TIEU_NGU}` (gạch nối có dấu cách hai bên, chữ đầu mỗi cụm viết hoa)"));
            }
            ctx.sizes(&[t], "tiêu ngữ", 13.0, 14.0, "§3");
            ctx.style(t, "tiêu ngữ", Some(true), Some(false), "§3");
        }
    }
}

fn co_quan(ctx: &mut Ctx) {
    let lines = ctx.tp.co_quan.clone();
    if lines.is_empty() {
        return;
    }
    ctx.sizes(&lines, "tên cơ quan", 12.0, 13.0, "§3");
    // The issuing body is the last of the left column's lines, bold; a parent above it is not.
    let issuing = *lines.last().unwrap_or(&0);
    for &i in &lines {
        if !in_hoa(&ctx.text(i)) {
            ctx.at(i, "kieu-chu", MucDo::Loi, "§3", "tên cơ quan phải viết in hoa");
        }
    }
    ctx.style(issuing, "tên cơ quan ban hành", Some(true), Some(false), "§3");
    if lines.len() > 1 {
        let parent = lines[0];
        if ctx.doan(parent).toan_dam() && ctx.doan(issuing).toan_dam() && lines.len() == 2 {
            ctx.at(parent, "kieu-chu", MucDo::CanhBao, "§3", "tên cơ quan chủ quản không in đậm");
        }
    }
}

fn so_ky_hieu(ctx: &mut Ctx) {
    let Some(i) = ctx.tp.so else {
        ctx.whole("so-ky-hieu", MucDo::Loi, "§3.2", "không thấy dòng `Số: .../...` dưới tên cơ quan");
        return;
    };
    let text = ctx.text(i);
    ctx.sizes(&[i], "số, ký hiệu", 13.0, 13.0, "§3");
    let rest = text.trim_start_matches("Số");
    if !rest.starts_with(':') {
        ctx.at(i, "so-ky-hieu", MucDo::Loi, "§3.2", "viết `Số:` liền dấu hai chấm, rồi một dấu cách");
        return;
    }
    let rest = rest[1..].trim_start();
    let Some((number, symbol)) = rest.split_once('/') else { return };
    let number_trim = number.trim();
    if number_trim.chars().all(|c| c.is_ascii_digit()) && !number_trim.is_empty() {
        if number_trim.len() == 1 {
            ctx.at(i, "so-ky-hieu", MucDo::Loi, "§3.2", format!("số dưới 10 phải có số 0 đằng trước: `0{number_trim}`"));
        }
        if number.ends_with(' ') {
            ctx.at(i, "so-ky-hieu", MucDo::CanhBao, "§6.1", "có dấu cách trước dấu `/`");
        }
    } else if number_trim.contains('.') {
        ctx.at(i, "so-ky-hieu", MucDo::Loi, "§3.2", "số văn bản không có dấu chấm phân cách hàng nghìn");
    }
    if symbol.trim() != symbol || symbol.contains(' ') {
        ctx.at(i, "so-ky-hieu", MucDo::Loi, "§3.2", "ký hiệu viết liền, các nhóm chữ nối bằng `-` không có dấu cách");
    }
}

/// The digits of a date's day or month, as typed (`05`), or None for a draft's blank.
fn digits(word: &str) -> Option<&str> {
    let w = word.trim();
    (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit())).then_some(w)
}

fn ngay(ctx: &mut Ctx) {
    let Some(i) = ctx.tp.ngay else {
        ctx.whole("ngay", MucDo::Loi, "§3.3", "không thấy dòng địa danh, ngày tháng năm ban hành");
        return;
    };
    let text = ctx.text(i);
    ctx.sizes(&[i], "dòng ngày tháng", 13.0, 14.0, "§3");
    ctx.style(i, "dòng địa danh, ngày tháng", None, Some(true), "§3");
    let lower = text.to_lowercase();
    let Some(at) = lower.find("ngày") else { return };
    if !text[..at].trim_end().ends_with(',') && !text[..at].trim().is_empty() {
        ctx.at(i, "ngay", MucDo::Loi, "§3.3", "thiếu dấu phẩy sau địa danh (`Kon Tum, ngày ...`)");
    }
    let after = &text[at + "ngày".len()..];
    let (day, after) = after.split_once("tháng").unwrap_or((after, ""));
    let (month, year) = after.split_once("năm").unwrap_or((after, ""));
    if let Some(d) = digits(day) {
        let n: u32 = d.parse().unwrap_or(0);
        if !(1..=31).contains(&n) {
            ctx.at(i, "ngay", MucDo::Loi, "§3.3", format!("ngày `{d}` không có trên lịch"));
        } else if n < 10 && d.len() == 1 {
            ctx.at(i, "ngay", MucDo::Loi, "§3.3", format!("ngày dưới 10 phải có số 0 đằng trước: `ngày 0{n}`"));
        }
    }
    if let Some(m) = digits(month) {
        let n: u32 = m.parse().unwrap_or(0);
        if !(1..=12).contains(&n) {
            ctx.at(i, "ngay", MucDo::Loi, "§3.3", format!("tháng `{m}` không có trên lịch"));
        } else if n <= 2 && m.len() == 1 {
            ctx.at(i, "ngay", MucDo::Loi, "§3.3", format!("tháng 1 và 2 phải có số 0 đằng trước: `tháng 0{n}`"));
        } else if n >= 3 && m.starts_with('0') {
            ctx.at(i, "ngay", MucDo::Loi, "§3.3", format!("tháng {n} không có số 0 đằng trước: `tháng {n}`, không phải `tháng {m}`"));
        }
    }
    if let Some(y) = digits(year.trim_end_matches(['.', ' '])) {
        if y.len() != 4 {
            ctx.at(i, "ngay", MucDo::Loi, "§3.3", "năm viết đủ bốn chữ số");
        }
    }
}

fn ten_loai(ctx: &mut Ctx) {
    if let Some(v) = ctx.tp.vv {
        ctx.sizes(&[v], "trích yếu công văn (V/v)", 12.0, 13.0, "§3");
        ctx.style(v, "trích yếu công văn (V/v)", Some(false), None, "§3");
    }
    let Some(t) = ctx.tp.ten_loai else {
        if ctx.tp.vv.is_none() {
            ctx.whole("trich-yeu", MucDo::CanhBao, "§3.4", "không thấy tên loại văn bản (KẾ HOẠCH, BÁO CÁO…) hay trích yếu `V/v` của công văn");
        }
        return;
    };
    ctx.sizes(&[t], "tên loại văn bản", 13.0, 14.0, "§3");
    if !in_hoa(&ctx.text(t)) {
        ctx.at(t, "kieu-chu", MucDo::Loi, "§3", "tên loại văn bản viết in hoa (KẾ HOẠCH, BÁO CÁO…)");
    }
    ctx.style(t, "tên loại văn bản", Some(true), Some(false), "§3");
    let summary = ctx.tp.trich_yeu.clone();
    if summary.is_empty() {
        // A giấy (giới thiệu, nghỉ phép…) has none in its Mẫu.
        if !ctx.text(t).starts_with("GIẤY") {
            ctx.at(t, "trich-yeu", MucDo::Loi, "§3.4", "thiếu trích yếu ngay dưới tên loại văn bản");
        }
        return;
    }
    ctx.sizes(&summary, "trích yếu", 13.0, 14.0, "§3");
    for &i in &summary {
        ctx.style(i, "trích yếu", Some(true), None, "§3");
    }
    let last = *summary.last().unwrap_or(&t);
    let text: String = summary.iter().map(|&i| ctx.text(i)).collect::<Vec<_>>().join(" ");
    if text.ends_with('.') && !text.ends_with("./.") {
        ctx.at(last, "trich-yeu", MucDo::Loi, "§3.4", "trích yếu là một cụm từ, không có dấu chấm cuối");
    }
    if in_hoa(&text) {
        ctx.at(summary[0], "trich-yeu", MucDo::CanhBao, "§6.2", "trích yếu viết thường (chữ đầu viết hoa), không viết in hoa cả dòng");
    }
}

fn can_cu(ctx: &mut Ctx) {
    let items = ctx.tp.can_cu.clone();
    if items.is_empty() {
        return;
    }
    ctx.sizes(&items, "căn cứ", 13.0, 14.0, "§3");
    for &i in &items {
        ctx.style(i, "căn cứ", None, Some(true), "§3.5");
    }
    for (n, &i) in items.iter().enumerate() {
        let text = ctx.text(i);
        let last = n + 1 == items.len();
        let end = text.chars().last().unwrap_or(' ');
        match (last, end) {
            (false, ';') | (true, '.' | ';') => {}
            (_, ',') => ctx.at(i, "can-cu", MucDo::Loi, "§3.5", if last { "căn cứ cuối cùng kết thúc bằng dấu chấm, không phải dấu phẩy" } else { "mỗi căn cứ kết thúc bằng dấu chấm phẩy, không phải dấu phẩy" }),
            (false, _) => ctx.at(i, "can-cu", MucDo::Loi, "§3.5", "mỗi căn cứ (trừ căn cứ cuối) kết thúc bằng dấu chấm phẩy `;`"),
            (true, _) => ctx.at(i, "can-cu", MucDo::Loi, "§3.5", "căn cứ cuối cùng kết thúc bằng dấu chấm `.`"),
        }
    }
}
