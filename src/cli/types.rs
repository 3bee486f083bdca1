//! `vbhc types` and `vbhc new`: what a clerk can write, and a file to start from.

use crate::model::{kieu, loai};
use std::process::ExitCode;

/// A commented example for each shipped type: the examples in `data/`, which the tests render.
const VI_DU: [(&str, &str); 11] = [
    ("ke-hoach", include_str!("../../data/ke-hoach-mau.yaml")),
    (
        "bao-cao",
        include_str!("../../data/bao-cao-tiem-chung.yaml"),
    ),
    (
        "cong-van",
        include_str!("../../data/cong-van-sot-xuat-huyet.yaml"),
    ),
    (
        "to-trinh",
        include_str!("../../data/to-trinh-kinh-phi.yaml"),
    ),
    (
        "thong-bao",
        include_str!("../../data/thong-bao-lich-truc.yaml"),
    ),
    (
        "quyet-dinh",
        include_str!("../../data/quyet-dinh-thanh-lap-to-cong-tac.yaml"),
    ),
    (
        "giay-moi",
        include_str!("../../data/giay-moi-hop-giao-ban.yaml"),
    ),
    (
        "huong-dan",
        include_str!("../../data/huong-dan-bao-cao-dich.yaml"),
    ),
    (
        "chuong-trinh",
        include_str!("../../data/chuong-trinh-truyen-thong.yaml"),
    ),
    (
        "phuong-an",
        include_str!("../../data/phuong-an-cap-cuu.yaml"),
    ),
    ("de-an", include_str!("../../data/de-an-y-te-so.yaml")),
];

pub fn list() -> ExitCode {
    println!(
        "{:<14} {:<14} {:<8} khóa nội dung",
        "loai", "tên loại", "viết tắt"
    );
    for k in &kieu::KIEU {
        let l = loai::tim(k.slug).expect("every shipped type is in the decree");
        println!(
            "{:<14} {:<14} {:<8} {}",
            k.slug,
            l.ten,
            l.viet_tat.unwrap_or("—"),
            k.keys.join(", ")
        );
    }
    println!(
        "\nCác loại khác của Nghị định 30 (§5) dùng được với mẫu của bạn (`mau:` hoặc `--template`)."
    );
    ExitCode::SUCCESS
}

/// A comment block naming every key this type takes, in the order a document reads, with its
/// description, marked when required: all from the keys' declaration (`model::khoa`).
fn key_guide(slug: &str) -> String {
    let k = kieu::tim(slug).expect("a shipped type");
    let mut out = format!(
        "# Tạo bởi `vbhc new {slug}`: sửa các giá trị, giữ nguyên tên khóa (xem README).\n# Các khóa:\n"
    );
    for (d, must) in kieu::khoa_cua(k) {
        let must = if must { " (bắt buộc)" } else { "" };
        out.push_str(&format!("#   {}{must}: {}\n", d.ten, d.mo_ta));
    }
    out.push_str("#\n");
    out
}

/// The file `vbhc new SLUG` prints: the key guide and the type's commented example.
pub fn skeleton(slug: &str) -> Option<String> {
    let (_, yaml) = VI_DU.iter().find(|(s, _)| *s == slug)?;
    Some(format!("{}{yaml}", key_guide(slug)))
}

pub fn new(slug: &str) -> ExitCode {
    match skeleton(slug) {
        Some(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        None => {
            let slugs: Vec<&str> = VI_DU.iter().map(|(s, _)| *s).collect();
            let hint = crate::reader::closest(slug, &slugs)
                .map(|b| format!(" Có phải ý bạn là `{b}`?"))
                .unwrap_or_default();
            eprintln!(
                "lỗi: không có mẫu cho loại `{slug}`.{hint} Các loại: {}",
                slugs.join(", ")
            );
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_shipped_type_has_an_example_that_renders() {
        for k in &crate::model::kieu::KIEU {
            let (_, yaml) = super::VI_DU
                .iter()
                .find(|(s, _)| *s == k.slug)
                .expect(k.slug);
            let p = crate::pipeline::prepare(yaml).unwrap_or_else(|e| panic!("{}: {e}", k.slug));
            assert_eq!(p.van_ban.loai.slug, k.slug);
        }
    }
}
