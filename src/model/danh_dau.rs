//! The marks: secrecy and urgency (boxes 10a, 10b), the draft box, circulation (box 11), the
//! drafter and copies (box 12) and the agency's address (box 13), as printed (§3.10, §3.11).

use super::{Validator, khoa};
use crate::reader::{RawVanBan, pos_of};
use serde_saphyr::Spanned;

pub(super) struct DanhDau {
    pub do_mat: Option<String>,
    pub do_khan: Option<String>,
    pub du_thao: Option<String>,
    pub luu_hanh: Option<String>,
    pub ky_hieu_soan: Option<String>,
    pub dia_chi: Option<String>,
}

pub(super) fn danh_dau(v: &mut Validator, raw: &RawVanBan) -> DanhDau {
    let choice = |v: &mut Validator,
                  s: &Option<Spanned<String>>,
                  key: &str,
                  options: &[(&str, &'static str)]| {
        let s = s.as_ref()?;
        let typed = s.value.trim();
        match options.iter().find(|(slug, _)| *slug == typed) {
            Some((_, label)) => Some(label.to_string()),
            None => {
                let slugs: Vec<&str> = options.iter().map(|(slug, _)| *slug).collect();
                v.error(
                    pos_of(&s.referenced),
                    format!("`{key}` không hợp lệ `{typed}`"),
                    &format!("chọn một trong: {}", slugs.join(", ")),
                );
                None
            }
        }
    };
    let do_mat = choice(
        v,
        &raw.do_mat,
        "do_mat",
        khoa::DO_MAT,
    );
    let do_khan = choice(
        v,
        &raw.do_khan,
        "do_khan",
        khoa::DO_KHAN,
    );
    let luu_hanh = choice(
        v,
        &raw.luu_hanh,
        "luu_hanh",
        khoa::LUU_HANH,
    );
    let du_thao = raw.du_thao.as_ref().and_then(|d| match d.value.trim() {
        "true" | "yes" | "co" => Some("DỰ THẢO".to_string()),
        "false" | "no" | "khong" => None,
        n if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("DỰ THẢO LẦN {}", n.trim_start_matches('0')))
        }
        other => {
            v.error(
                pos_of(&d.referenced),
                format!("`du_thao` không hợp lệ `{other}`"),
                "viết `du_thao: true`, hoặc số lần dự thảo, ví dụ `du_thao: 2`",
            );
            None
        }
    });
    let nguoi_soan = raw
        .nguoi_soan
        .as_ref()
        .map(|n| v.symbol_part(n, "nguoi_soan").to_uppercase());
    let so_ban = raw.so_ban.as_ref().and_then(|n| {
        let t = n.value.trim();
        if t.bytes().all(|b| b.is_ascii_digit()) && !t.is_empty() {
            Some(t.to_string())
        } else {
            v.error(
                pos_of(&n.referenced),
                format!("`so_ban` không hợp lệ `{t}`: số bản phát hành, chỉ gồm chữ số"),
                "ví dụ `so_ban: 300`",
            );
            None
        }
    });
    // Box 12: `PL.(300)`; the initials alone, or the count alone, are printed as given.
    let ky_hieu_soan = match (nguoi_soan, so_ban) {
        (Some(n), Some(b)) => Some(format!("{n}.({b})")),
        (Some(n), None) => Some(n),
        (None, Some(b)) => Some(format!("({b})")),
        (None, None) => None,
    };
    let dia_chi = raw
        .dia_chi
        .as_ref()
        .and_then(|d| v.optional_text(d, "dia_chi"));

    DanhDau {
        do_mat,
        do_khan,
        du_thao,
        luu_hanh,
        ky_hieu_soan,
        dia_chi,
    }
}
