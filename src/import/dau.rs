//! The header (bodies, number and symbol, place and date, stamps, type and summary) and the end
//! (recipients, archive, box 12, signer) of an imported document.

use super::Ctx;
use super::yaml_out::Yaml;
use crate::model::{khoa, loai};

fn push(out: &mut Vec<(String, Yaml)>, key: &str, v: Yaml) {
    out.push((key.to_string(), v));
}

/// Reads the header into `out`; returns the type's slug.
pub fn header(ctx: &mut Ctx, out: &mut Vec<(String, Yaml)>) -> String {
    let slug = match ctx.tp.ten_loai {
        Some(i) => {
            let name = ctx.text(i).to_uppercase();
            loai::TAT_CA.iter().find(|l| l.ten == name).map_or("cong-van", |l| l.slug).to_string()
        }
        None if ctx.tp.vv.is_some() => "cong-van".to_string(),
        None => {
            ctx.canh_bao.push("không thấy tên loại văn bản: coi là công văn".into());
            "cong-van".to_string()
        }
    };
    push(out, "loai", Yaml::chu(&slug));
    ctx.mau = match crate::template::shipped(&format!("{slug}.j2")) {
        Some(src) => Some(src.to_string()),
        None => own_template(ctx, &slug, out),
    };
    // The issuing body is bold (one or more lines), the parent body above it is not.
    let lines: Vec<usize> = ctx.tp.co_quan.iter().copied().filter(|&i| !stamp(&ctx.text(i))).collect();
    let first_bold = lines.iter().position(|&i| ctx.doc.doan[i].toan_dam()).unwrap_or(lines.len().saturating_sub(1));
    let parents: Vec<String> = lines[..first_bold].iter().map(|&i| ctx.text(i)).collect();
    let issuing: Vec<String> = lines[first_bold..].iter().map(|&i| ctx.text(i)).collect();
    let (so, symbol) = ctx.tp.so.map(|i| number(&ctx.text(i))).unwrap_or_default();
    let abbr = loai::tim(&slug).and_then(|l| l.viet_tat);
    let viet_tat = match (abbr, symbol.split_once('-')) {
        (Some(a), _) if symbol.starts_with(&format!("{a}-")) => symbol[a.len() + 1..].to_string(),
        (None, Some((first, _))) => first.to_string(),
        _ => symbol.clone(),
    };
    let mut co_quan = Vec::new();
    if !parents.is_empty() {
        co_quan.push(("chu_quan", Yaml::chu(parents.join("\n"))));
    }
    if !issuing.is_empty() {
        co_quan.push(("ten", Yaml::chu(issuing.join("\n"))));
    }
    co_quan.push(("viet_tat", Yaml::chu(viet_tat.clone())));
    push(out, "co_quan", Yaml::bang(co_quan));
    if !so.is_empty() {
        push(out, "so", Yaml::chu(so));
    }
    let default_symbol = abbr.map(|a| format!("{a}-{viet_tat}"));
    if default_symbol.as_deref() != Some(symbol.as_str()) && !symbol.is_empty() {
        push(out, "ky_hieu", Yaml::chu(symbol));
    }
    // Stamps sit in the header's left column, above or below the number.
    let left_cell = ctx.tp.so.and_then(|i| ctx.doc.doan[i].vi_tri.bang).map(|(b, _, c)| (b, c));
    let header_left: Vec<usize> = (0..ctx.doc.doan.len())
        .filter(|&i| left_cell.is_some() && ctx.doc.doan[i].vi_tri.bang.map(|(b, _, c)| (b, c)) == left_cell)
        .collect();
    let choice = |key: &'static str, choices: &'static [khoa::LuaChon], t: &str| {
        choices.iter().find(|(_, printed)| *printed == t).map(|(slug, _)| (key, *slug))
    };
    for i in header_left {
        let t = ctx.text(i);
        let key = choice("do_khan", khoa::DO_KHAN, &t).or_else(|| choice("do_mat", khoa::DO_MAT, &t));
        if let Some((k, v)) = key {
            push(out, k, Yaml::chu(v));
        } else if t == "DỰ THẢO" {
            push(out, "du_thao", Yaml::Co(true));
        } else if let Some(n) = t.strip_prefix("DỰ THẢO LẦN ").and_then(|n| n.parse::<u64>().ok()) {
            push(out, "du_thao", Yaml::So(n));
        }
    }
    // Box 11 is printed at the top of the first page, in its header.
    let first_header = ctx.doc.dau_trang_dau.as_deref().unwrap_or_default().trim();
    if let Some((k, v)) = choice("luu_hanh", khoa::LUU_HANH, first_header) {
        push(out, k, Yaml::chu(v));
    }
    if let Some(i) = ctx.tp.ngay {
        let (place, date) = date_line(&ctx.text(i));
        push(out, "dia_danh", Yaml::chu(place));
        push(out, "ngay", Yaml::chu(date));
    }
    let summary: Vec<String> = match ctx.tp.vv {
        Some(v) if ctx.tp.ten_loai.is_none() => {
            // The V/v and the lines under it in the header's left column.
            let cell = ctx.doc.doan[v].vi_tri.bang;
            let mut parts = vec![ctx.text(v).trim_start_matches("V/v").trim().to_string()];
            let mut i = v + 1;
            while i < ctx.doc.doan.len() && ctx.doc.doan[i].vi_tri.bang == cell && !stamp(&ctx.text(i)) && !ctx.text(i).is_empty() {
                parts.push(ctx.text(i));
                i += 1;
            }
            parts
        }
        _ => ctx.tp.trich_yeu.iter().map(|&i| ctx.text(i)).collect(),
    };
    if !summary.is_empty() {
        push(out, "trich_yeu", Yaml::chu(summary.join(" ")));
    }
    slug
}

fn stamp(t: &str) -> bool {
    ["HỎA TỐC", "THƯỢNG KHẨN", "KHẨN", "MẬT", "TỐI MẬT", "TUYỆT MẬT", "DỰ THẢO"].iter().any(|s| t.starts_with(s))
}

/// `Số: 07/KH-SYT` → (`07`, `KH-SYT`); a draft's blank number → ("", symbol).
fn number(line: &str) -> (String, String) {
    let rest = line.trim_start_matches("Số").trim_start_matches([':', ' ']);
    match rest.split_once('/') {
        Some((n, s)) => (n.trim().to_string(), s.split_whitespace().collect::<Vec<_>>().join("")),
        None => (String::new(), rest.trim().to_string()),
    }
}

/// `Kon Tum, ngày 05 tháng 02 năm 2023` → (`Kon Tum`, `2023-02-05`); blanks give a draft's
/// `2023-02` or `2023`.
fn date_line(line: &str) -> (String, String) {
    let (place, rest) = line.split_once(", ngày").or_else(|| line.split_once(" ngày")).unwrap_or(("", line));
    let (day, rest) = rest.split_once("tháng").unwrap_or((rest, ""));
    let (month, year) = rest.split_once("năm").unwrap_or((rest, ""));
    let digits = |s: &str| s.trim().trim_end_matches('.').parse::<u32>().ok();
    let date = match (digits(day), digits(month), digits(year)) {
        (Some(d), Some(m), Some(y)) => format!("{y:04}-{m:02}-{d:02}"),
        (None, Some(m), Some(y)) => format!("{y:04}-{m:02}"),
        (_, _, Some(y)) => format!("{y:04}"),
        _ => String::new(),
    };
    (place.trim().to_string(), date)
}

/// Recipients, archive, box 12 and the signer.
pub fn end(ctx: &mut Ctx, out: &mut Vec<(String, Yaml)>) {
    let mut items = Vec::new();
    let mut luu = None;
    for &i in &ctx.tp.noi_nhan_muc.clone() {
        let t = ctx.text(i);
        let item = t.trim_start_matches(['-', ' ']).trim_end_matches([';', '.', ',']).trim().to_string();
        if let Some(codes) = item.strip_prefix("Lưu:").or_else(|| item.strip_prefix("Lưu")) {
            luu = Some(codes.split(',').map(|c| Yaml::chu(c.trim())).filter(|c| *c != Yaml::chu("")).collect::<Vec<_>>());
        } else if let Some((who, copies)) = box12(&t) {
            push(out, "nguoi_soan", Yaml::chu(who));
            push(out, "so_ban", Yaml::So(copies));
        } else if !(items.is_empty() && item == "Như trên" && out.iter().any(|(k, _)| k == "kinh_gui")) {
            // vbhc starts the list of a document sent to addressees with `Như trên` itself.
            items.push(Yaml::chu(item));
        }
    }
    // Box 12 was read first; the recipients go before it, as a file lists them.
    let at = out.iter().position(|(k, _)| k == "nguoi_soan").unwrap_or(out.len());
    let mut before = vec![("noi_nhan".to_string(), Yaml::DanhSach(items))];
    if let Some(l) = luu {
        before.push(("luu".to_string(), Yaml::DanhSach(l)));
    }
    for (n, e) in before.into_iter().enumerate() {
        out.insert(at + n, e);
    }
    let lines: Vec<String> = ctx.tp.nguoi_ky.iter().map(|&i| ctx.text(i)).collect();
    let Some((name, titles)) = lines.split_last() else {
        ctx.canh_bao.push("không thấy chức vụ và họ tên người ký".into());
        return;
    };
    let markers = ["TM.", "KT.", "Q.", "TL.", "TUQ."];
    let (authority, own): (Vec<&String>, Vec<&String>) = titles.iter().partition(|t| markers.iter().any(|m| t.starts_with(m)));
    let mut ky = Vec::new();
    if !authority.is_empty() {
        ky.push(("quyen_han", Yaml::DanhSach(authority.iter().map(|t| Yaml::chu(t.as_str())).collect())));
    }
    ky.push(("chuc_vu", Yaml::chu(own.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "))));
    ky.push(("ho_ten", Yaml::chu(name.clone())));
    push(out, "nguoi_ky", Yaml::bang(ky));
}

/// The layout profile a document's page and sizes say: the decree file's margins
/// (25/20/35/20 mm), the Mẫu files' sizes (quốc hiệu 13, tiêu ngữ 14); box 13 from the first
/// page's footer.
pub fn layout(ctx: &Ctx, out: &mut Vec<(String, Yaml)>) {
    if let Some(dia_chi) = &ctx.doc.chan_trang_dau {
        let at = out.iter().position(|(k, _)| k == "nguoi_ky").unwrap_or(out.len());
        out.insert(at, ("dia_chi".to_string(), Yaml::chu(dia_chi.clone())));
    }
    let Some(k) = ctx.doc.phan.first().map(|p| p.kho) else { return };
    let near = |a: f32, b: f32| (a - b).abs() < 0.6;
    let mut extra = Vec::new();
    if near(k.tren, 25.0) && near(k.duoi, 20.0) && near(k.trai, 35.0) && near(k.phai, 20.0) {
        extra.push(("le".to_string(), Yaml::chu("nghi-dinh")));
    }
    let size = |i: Option<usize>| i.and_then(|i| ctx.doc.doan[i].cac_co().first().copied());
    if size(ctx.tp.quoc_hieu) == Some(13.0) && size(ctx.tp.tieu_ngu) == Some(14.0) {
        extra.push(("kho_chu".to_string(), Yaml::chu("mau")));
    }
    // After the number, where a file sets its page.
    let at = out.iter().position(|(k, _)| k == "dia_danh").unwrap_or(out.len());
    for (n, e) in extra.into_iter().enumerate() {
        out.insert(at + n, e);
    }
}

/// A type vbhc does not ship (a giấy giới thiệu): its template in the YAML's folder,
/// `mau/<type>.j2` or `<type>.j2`, named in `mau:` and read for its labelled lines.
fn own_template(ctx: &mut Ctx, slug: &str, out: &mut Vec<(String, Yaml)>) -> Option<String> {
    let found = [format!("mau/{slug}.j2"), format!("{slug}.j2")].into_iter().find(|rel| ctx.thu_muc.join(rel).is_file());
    let Some(rel) = found else {
        ctx.canh_bao.push(format!(
            "vbhc chưa có sẵn loại `{slug}`: đặt tệp mẫu mau/{slug}.j2 cạnh tệp YAML rồi nhập lại, hoặc ghi `mau:` trỏ tới mẫu của loại này"
        ));
        return None;
    };
    push(out, "mau", Yaml::chu(rel.clone()));
    let limit = crate::template::MAX_TEMPLATE_BYTES;
    crate::bounded_read::read_text(&ctx.thu_muc.join(&rel), limit).ok()?.ok()
}

/// Box 12: `PL.(300)` → (`PL`, 300).
fn box12(t: &str) -> Option<(String, u64)> {
    let (who, rest) = t.split_once(".(")?;
    let copies = rest.strip_suffix(')')?.parse().ok()?;
    (!who.starts_with('-')).then(|| (who.trim().to_string(), copies))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_become_values() {
        assert_eq!(number("Số: 07/KH-SYT"), ("07".into(), "KH-SYT".into()));
        assert_eq!(number("Số:      /KH-SYT"), ("".into(), "KH-SYT".into()));
        assert_eq!(date_line("Kon Tum, ngày 05 tháng 02 năm 2023"), ("Kon Tum".into(), "2023-02-05".into()));
        assert_eq!(date_line("Hà Nam, ngày      tháng      năm 2014"), ("Hà Nam".into(), "2014".into()));
        assert_eq!(date_line("Kon Tum, ngày      tháng 11 năm 2023"), ("Kon Tum".into(), "2023-11".into()));
        assert_eq!(box12("PL.(30)"), Some(("PL".into(), 30)));
    }
}
