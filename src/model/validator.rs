//! What every check of the model shares: the errors and warnings found so far, the counts the
//! limits bound, and the cleaning every text goes through (§2: NFC, no hidden characters,
//! nothing the font cannot print).

use super::{bang, hygiene};
use crate::diag::{Diag, Pos};
use crate::reader::pos_of;
use serde_saphyr::Spanned;

#[derive(Default)]
pub(super) struct Validator {
    pub errors: Vec<Diag>,
    pub warnings: Vec<Diag>,
    pub blocks: usize,
    pub cells: usize,
    /// Tables read, to be checked against the page once the layout is known.
    pub tables: Vec<bang::PendingTable>,
}

impl Validator {
    pub fn error(&mut self, pos: Pos, msg: impl Into<String>, hint: &str) {
        self.errors.push(Diag::error(pos, msg).with_hint(hint));
    }

    pub fn warning(&mut self, pos: Pos, msg: impl Into<String>) {
        self.warnings.push(Diag::warning(pos, msg));
    }

    /// Cleans a text (§2: NFC) and reports what cleaning found (`hygiene`).
    pub fn clean(&mut self, s: &str, pos: Pos, key: &str) -> String {
        let c = hygiene::clean(s);
        if let Some(legacy) = c.legacy {
            self.error(
                pos,
                format!("`{key}` dường như được gõ bằng bảng mã {}, không phải Unicode", legacy.name()),
                "chuyển văn bản sang Unicode (ví dụ: Unikey → Công cụ chuyển mã, từ bảng mã cũ sang Unicode) rồi dán lại",
            );
        }
        if !c.removed.is_empty() {
            let list: Vec<String> = c
                .removed
                .iter()
                .map(|ch| hygiene::code_point(*ch))
                .collect();
            self.warning(
                pos,
                format!(
                    "`{key}`: đã bỏ ký tự điều khiển hoặc ký tự ẩn {}",
                    list.join(", ")
                ),
            );
        }
        if c.nbsp {
            self.warning(pos, format!("`{key}` có dấu cách không ngắt dòng (U+00A0), thường do dán từ Word; giữ nguyên"));
        }
        if !c.right_to_left.is_empty() {
            self.error(
                pos,
                format!(
                    "`{key}` có ký tự của chữ viết từ phải sang trái (tiếng Do Thái, Ả Rập…): {}",
                    shown_chars(&c.right_to_left)
                ),
                "văn bản hành chính viết từ trái sang phải; xóa các ký tự này (thường do dán nhầm)",
            );
        }
        if !c.missing.is_empty() {
            self.error(
                pos,
                format!(
                    "`{key}` có ký tự không có trong phông Times New Roman nên không in được: {}",
                    shown_chars(&c.missing)
                ),
                "xóa hoặc thay các ký tự này; văn bản hành chính chỉ dùng phông Times New Roman",
            );
        }
        c.text
    }

    /// A required, non-empty text.
    pub fn text(&mut self, s: &Spanned<String>, key: &str) -> String {
        let t = self.clean(&s.value, pos_of(&s.referenced), key);
        if t.is_empty() {
            self.error(
                pos_of(&s.referenced),
                format!("`{key}` không được để trống"),
                "viết nội dung sau dấu hai chấm",
            );
        }
        t
    }

    /// An optional text: empty counts as absent.
    pub fn optional_text(&mut self, s: &Spanned<String>, key: &str) -> Option<String> {
        Some(self.clean(&s.value, pos_of(&s.referenced), key)).filter(|t| !t.is_empty())
    }

    /// An abbreviation or symbol group: letters, digits and `-`, no spaces (§3.2).
    pub fn symbol_part(&mut self, s: &Spanned<String>, key: &str) -> String {
        let t = self.clean(&s.value, pos_of(&s.referenced), key);
        if t.is_empty() || t.chars().any(|c| c.is_whitespace() || c == '/') {
            self.error(
                pos_of(&s.referenced),
                format!("`{key}` không hợp lệ `{t}`: ký hiệu chỉ gồm chữ, số và dấu `-`, không có dấu cách hay `/`"),
                "ví dụ `KH-SYT`, `SYT`, `TCHC`",
            );
        }
        t
    }

}

/// Characters as a message shows them: `«ש» (U+05E9), «ל» (U+05DC)`.
fn shown_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|ch| format!("«{ch}» ({})", hygiene::code_point(*ch)))
        .collect::<Vec<_>>()
        .join(", ")
}

