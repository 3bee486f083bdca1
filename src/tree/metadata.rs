//! The document's metadata (a PDF's title, author, subject and keywords), made once with the
//! tree from what it shows, so that no writer reads it back out of printed lines.

use super::Block;

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// The trích yếu, or else the type's name (`Kế hoạch`).
    pub tieu_de: String,
    /// The issuing body on one line.
    pub tac_gia: String,
    /// The number and symbol without the label: `2712/KH-SYT` (`model::SoKyHieu::gon`).
    pub chu_de: String,
    /// The type's name, the issuing body and the decree the format follows.
    pub tu_khoa: Vec<String>,
}

impl Metadata {
    /// From the blocks, the number and symbol, and the summary of a document without a type
    /// name block (a công văn, whose summary is its `V/v` line).
    pub fn of(blocks: &[Block], chu_de: String, trich_yeu: Option<&str>) -> Metadata {
        let title = blocks.iter().find_map(|b| match b {
            Block::Title(t) => Some(t),
            _ => None,
        });
        let tac_gia = blocks
            .iter()
            .find_map(|b| match b {
                Block::Header(h) => Some(h.co_quan.replace('\n', " ")),
                _ => None,
            })
            .unwrap_or_default();
        let tieu_de = match title {
            Some(t) => t.trich_yeu.clone().unwrap_or_else(|| sentence_case(&t.ten_loai)),
            None => trich_yeu.unwrap_or_default().to_string(),
        };
        let tu_khoa = title
            .map(|t| sentence_case(&t.ten_loai))
            .into_iter()
            .chain(Some(tac_gia.clone()).filter(|a| !a.is_empty()))
            .chain(Some("Nghị định 30/2020/NĐ-CP".to_string()))
            .collect();
        Metadata {
            tieu_de,
            tac_gia,
            chu_de,
            tu_khoa,
        }
    }
}

/// `KẾ HOẠCH` → `Kế hoạch`.
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
