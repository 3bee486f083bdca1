//! Validation of the body's blocks: sections, sub-headings, parts, chapters, paragraphs,
//! tables and points, each problem at its place in the file (§3.5).

use super::{Khoi, MAX_DEPTH, Muc, Validator};
use crate::diag::Pos;
use crate::reader::khoi::{RawKhoi, RawMuc, RawNhom};
use crate::reader::pos_of;
use serde_saphyr::Spanned;

/// Which groups a list of blocks may hold, besides paragraphs, sub-headings, tables and points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cap {
    /// A body whose top-level headings are `I.`, `II.`: lettered parts (`A.`) may group them.
    Than,
    /// A quyết định's articles: chapters (`Chương I`) may group them.
    Dieu,
    /// A chapter's articles: its sections (`Mục 1`) may group them.
    Chuong,
    /// Any other list: no group but sub-headings.
    Khac,
}

/// Where a list of blocks stands: how deep in sub-headings, what groups it may hold, and
/// whether its pages are landscape.
#[derive(Debug, Clone, Copy)]
pub(super) struct Noi {
    pub depth: usize,
    pub cap: Cap,
    pub ngang: bool,
}

impl Noi {
    pub fn top(cap: Cap) -> Noi {
        Noi {
            depth: 0,
            cap,
            ngang: false,
        }
    }
}

impl Validator {
    /// A section: its own heading (if typed), its blocks.
    pub(super) fn muc(&mut self, raw: &RawMuc, pos: Pos, cap: Cap) -> Muc {
        let tieu_de = raw.tieu_de.as_ref().map(|t| self.tieu_de(t));
        let ngang = raw.ngang.as_ref().is_some_and(|n| n.value);
        // A section with its own heading is a heading over its blocks: parts cannot stand in it.
        let cap = if tieu_de.is_some() && cap == Cap::Than { Cap::Khac } else { cap };
        let noi = Noi {
            depth: 0,
            cap,
            ngang,
        };
        Muc {
            tieu_de,
            noi_dung: self.khoi_list(&raw.noi_dung, pos, noi),
            ngang,
        }
    }

    /// A heading as typed, without a typed number: numbers are generated (§3.5).
    fn tieu_de(&mut self, t: &Spanned<String>) -> String {
        let text = self.text(t, "tieu_de");
        let stripped = strip_typed_number(&text);
        if stripped.len() != text.len() {
            self.warning(
                pos_of(&t.referenced),
                format!(
                    "bỏ số `{}` gõ tay ở đầu tiêu đề: số mục được đánh tự động, không bao giờ nhảy hay lặp (Phụ lục I, bố cục)",
                    text[..text.len() - stripped.len()].trim()
                ),
            );
        }
        stripped.to_string()
    }

    pub(super) fn khoi_list(&mut self, raw: &[RawKhoi], pos: Pos, noi: Noi) -> Vec<Khoi> {
        if raw.is_empty() {
            self.error(
                pos,
                "mục không có nội dung",
                "thêm ít nhất một đoạn văn `- ...`",
            );
        }
        raw.iter().map(|k| self.khoi(k, pos, noi)).collect()
    }

    /// A titled group: its title and blocks, the blocks standing at `inner`.
    fn nhom(&mut self, g: &RawNhom, inner: Noi) -> Muc {
        let ngang = inner.ngang || g.ngang.as_ref().is_some_and(|n| n.value);
        let tieu_de = self.tieu_de(&g.tieu_de);
        let noi_dung = self.khoi_list(&g.noi_dung, pos_of(&g.tieu_de.referenced), Noi { ngang, ..inner });
        Muc {
            tieu_de: Some(tieu_de),
            noi_dung,
            ngang: g.ngang.as_ref().is_some_and(|n| n.value),
        }
    }

    pub(super) fn khoi(&mut self, raw: &RawKhoi, pos: Pos, noi: Noi) -> Khoi {
        self.blocks += 1;
        let articles = matches!(noi.cap, Cap::Dieu | Cap::Chuong);
        match raw {
            RawKhoi::Doan(s) => {
                let t = self.clean(s, pos, "đoạn văn");
                if t.is_empty() {
                    self.error(
                        pos,
                        "đoạn văn trống",
                        "xóa dòng `-` thừa hoặc viết nội dung",
                    );
                }
                Khoi::Doan(t)
            }
            RawKhoi::TieuMuc(g) => {
                let p = pos_of(&g.tieu_de.referenced);
                if noi.depth + 1 > MAX_DEPTH {
                    self.error(
                        p,
                        format!("mục con lồng quá sâu (tối đa {MAX_DEPTH} cấp mục con)"),
                        "gộp bớt cấp mục",
                    );
                }
                let inner = Noi {
                    depth: noi.depth + 1,
                    cap: Cap::Khac,
                    ngang: noi.ngang,
                };
                Khoi::TieuMuc(self.nhom(g, inner))
            }
            RawKhoi::Phan(g) => {
                if noi.cap != Cap::Than || noi.depth != 0 {
                    self.error(
                        pos_of(&g.tieu_de.referenced),
                        "`phan` (phần A., B.) chỉ đặt ở cấp cao nhất của nội dung văn bản, trên các mục I., II.",
                        "đặt `- phan: ...` ngay trong `noi_dung:` của công văn, báo cáo, thông báo, tờ trình…",
                    );
                }
                Khoi::Phan(self.nhom(g, Noi { cap: Cap::Khac, ..noi }))
            }
            RawKhoi::Chuong(g) => {
                if noi.cap != Cap::Dieu {
                    self.error(
                        pos_of(&g.tieu_de.referenced),
                        "`chuong` chỉ đặt trong danh sách `dieu` của quyết định",
                        "ví dụ `dieu:` rồi `- chuong: NHỮNG QUY ĐỊNH CHUNG` và `noi_dung:` là các điều",
                    );
                }
                Khoi::Chuong(self.nhom(g, Noi { cap: Cap::Chuong, ..noi }))
            }
            RawKhoi::MucChuong(g) => {
                if noi.cap != Cap::Chuong {
                    self.error(
                        pos_of(&g.tieu_de.referenced),
                        "`muc` (Mục 1, Mục 2) chỉ đặt trong `noi_dung` của một `chuong`",
                        "đặt `- muc: ...` trong một chương",
                    );
                }
                Khoi::MucChuong(self.nhom(g, Noi { cap: Cap::Khac, ..noi }))
            }
            RawKhoi::Bang(b) => {
                let p = pos_of(&b.referenced);
                if articles {
                    self.article_only(p, "bảng");
                }
                Khoi::Bang(self.bang(&b.value, p, noi.ngang))
            }
            RawKhoi::Diem(d) => {
                let p = pos_of(&d.referenced);
                if articles {
                    self.article_only(p, "các điểm");
                }
                if d.value.is_empty() {
                    self.error(p, "`diem` trống", "ghi ít nhất một điểm");
                }
                if d.value.len() > crate::tree::DIEM_LETTERS.len() {
                    self.warning(
                        p,
                        format!(
                            "quá {} điểm: Nghị định 30 không quy định chữ cái sau `y)`",
                            crate::tree::DIEM_LETTERS.len()
                        ),
                    );
                }
                Khoi::Diem(d.value.iter().map(|t| self.clean(t, p, "diem")).collect())
            }
        }
    }

    /// A table or points among a quyết định's articles, where they would belong to none.
    fn article_only(&mut self, pos: Pos, what: &str) {
        self.error(
            pos,
            format!("{what} đặt giữa các điều của quyết định không thuộc điều nào"),
            "đặt vào một điều có tiêu đề: `- tieu_de: ...` rồi `noi_dung:`",
        );
    }
}

/// How many articles (`Điều N.`) a quyết định's list holds, chapters and their sections
/// included.
pub fn so_dieu(list: &[Khoi]) -> usize {
    list.iter()
        .map(|k| match k {
            Khoi::Doan(_) | Khoi::TieuMuc(_) => 1,
            Khoi::Chuong(m) | Khoi::MucChuong(m) => so_dieu(&m.noi_dung),
            Khoi::Phan(_) | Khoi::Bang(_) | Khoi::Diem(_) => 0,
        })
        .sum()
}

/// `1. Mục đích` → `Mục đích`; `II. NỘI DUNG` → `NỘI DUNG`; `1.2.` likewise.
fn strip_typed_number(s: &str) -> &str {
    let mut rest = s;
    let roman = rest.trim_start_matches(['I', 'V', 'X', 'L']);
    if roman.len() < rest.len() && roman.starts_with(". ") {
        return roman[2..].trim_start();
    }
    loop {
        let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() == rest.len() || !digits.starts_with('.') {
            break;
        }
        rest = &digits[1..];
    }
    if rest.len() < s.len() && rest.starts_with(' ') {
        rest.trim_start()
    } else {
        s
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_typed_heading_numbers_only() {
        assert_eq!(strip_typed_number("1. Mục đích"), "Mục đích");
        assert_eq!(strip_typed_number("1.2.3. Con"), "Con");
        assert_eq!(strip_typed_number("II. NỘI DUNG"), "NỘI DUNG");
        assert_eq!(strip_typed_number("2020 là năm"), "2020 là năm");
        assert_eq!(strip_typed_number("Việc 1. abc"), "Việc 1. abc");
        assert_eq!(strip_typed_number("Ilaria"), "Ilaria");
    }
}
