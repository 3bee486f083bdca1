//! The page (§1) and the font (§2): paper, margins, page numbers, the typeface.

use super::Ctx;
use crate::lint::MucDo;
use crate::lint::model::CanLe;

/// A4 in mm, and how far a size may be off (twips rounding, Letter is 216 × 279).
const A4: (f32, f32) = (210.0, 297.0);
const SLACK_MM: f32 = 1.0;
/// Margins (§1): top, bottom, left, right ranges in mm; what a printed ruler cannot tell apart.
const TREN: (f32, f32) = (20.0, 25.0);
const DUOI: (f32, f32) = (20.0, 25.0);
const TRAI: (f32, f32) = (30.0, 35.0);
const PHAI: (f32, f32) = (15.0, 20.0);
const MARGIN_SLACK: f32 = 0.3;
/// Times New Roman, or a face with its metrics (§2, §9).
const PHONG: [&str; 5] = ["times new roman", "liberation serif", "tinos", "vbhc serif", "times"];

pub fn check(ctx: &mut Ctx) {
    for (n, phan) in ctx.doc.phan.clone().iter().enumerate() {
        let k = phan.kho;
        let (w, h) = (k.rong, k.cao);
        let portrait = (w - A4.0).abs() <= SLACK_MM && (h - A4.1).abs() <= SLACK_MM;
        let landscape = (w - A4.1).abs() <= SLACK_MM && (h - A4.0).abs() <= SLACK_MM;
        let at = |what: &str| if ctx.doc.phan.len() > 1 { format!("phần {} của văn bản: {what}", n + 1) } else { what.to_string() };
        if !portrait && !landscape {
            let msg = at(&format!("khổ giấy {w:.0} × {h:.0} mm, Nghị định 30 quy định A4 (210 × 297 mm)"));
            ctx.whole("kho-giay", MucDo::Loi, "§1", msg);
        } else if landscape && n == 0 {
            let msg = at("trang đầu nằm ngang; chỉ trang có bảng rộng hoặc phụ lục được đặt ngang");
            ctx.whole("kho-giay", MucDo::CanhBao, "§1", msg);
        }
        // A landscape page keeps the binding side on the left as printed.
        let sides = [("trên", k.tren, TREN), ("dưới", k.duoi, DUOI), ("trái", k.trai, TRAI), ("phải", k.phai, PHAI)];
        for (side, v, (lo, hi)) in sides {
            if landscape && n > 0 {
                continue;
            }
            if v < lo - MARGIN_SLACK || v > hi + MARGIN_SLACK {
                let msg = at(&format!("lề {side} {v:.1} mm, Nghị định 30 quy định {lo:.0}–{hi:.0} mm"));
                ctx.whole("le", MucDo::Loi, "§1", msg);
            }
        }
    }
    page_numbers(ctx);
    fonts(ctx);
}

fn page_numbers(ctx: &mut Ctx) {
    let Some(first) = ctx.doc.phan.first().cloned() else { return };
    let pages = ctx.doc.so_trang.unwrap_or_else(|| ctx.doc.doan.last().map_or(1, |d| d.trang));
    let s = &first.so_trang;
    if s.chan_trang {
        ctx.whole("so-trang", MucDo::Loi, "§1", "số trang đặt ở chân trang; Nghị định 30 đặt số trang giữa lề trên");
    }
    if s.trang_dau && pages > 1 {
        ctx.whole("so-trang", MucDo::Loi, "§1", "trang 1 có số trang; Nghị định 30 không đánh số trang thứ nhất");
    }
    match s.dau_trang {
        None if pages > 1 && !s.chan_trang => {
            ctx.whole("so-trang", MucDo::Loi, "§1", format!("văn bản {pages} trang không đánh số trang (từ trang 2, giữa lề trên)"));
        }
        Some(align) if align != CanLe::Giua => {
            ctx.whole("so-trang", MucDo::Loi, "§1", "số trang không căn giữa lề trên");
        }
        _ => {}
    }
}

fn fonts(ctx: &mut Ctx) {
    let mut seen: Vec<String> = Vec::new();
    for i in 0..ctx.doc.doan.len() {
        let wrong: Vec<String> = ctx
            .doan(i)
            .chay_co_chu()
            .filter_map(|c| c.phong.clone())
            .filter(|f| !PHONG.contains(&f.trim().to_lowercase().as_str()))
            .collect();
        for f in wrong {
            if seen.contains(&f) {
                continue;
            }
            seen.push(f.clone());
            ctx.at(i, "phong-chu", MucDo::Loi, "§2", format!("phông chữ {f}; Nghị định 30 dùng phông Times New Roman (Unicode, TCVN 6909:2001)"));
        }
    }
}
