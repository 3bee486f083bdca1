//! Diagnostics: what went wrong in an input, where, and how to fix it.
//!
//! The reader and the validator collect every problem they find and return them together;
//! the file name is added only when printing (`cli::report`).

use std::fmt;

/// A 1-based position in the YAML source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in an input, with a Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub severity: Severity,
    pub pos: Pos,
    pub message: String,
    /// How to fix it (`gợi ý: ...`), when we know.
    pub hint: Option<String>,
}

impl Diag {
    pub fn error(pos: Pos, message: impl Into<String>) -> Self {
        Diag {
            severity: Severity::Error,
            pos,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(pos: Pos, message: impl Into<String>) -> Self {
        Diag {
            severity: Severity::Warning,
            pos,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(
            f,
            "{}:{}: {kind}: {}",
            self.pos.line, self.pos.col, self.message
        )
    }
}

/// A result that carries every error found, not just the first.
pub type DiagResult<T> = Result<T, Vec<Diag>>;

/// An I/O error in Vietnamese for the common cases.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "không tìm thấy".into(),
        K::PermissionDenied => "không có quyền truy cập".into(),
        K::StorageFull => "ổ đĩa đã đầy".into(),
        K::QuotaExceeded => "đã dùng hết dung lượng được cấp trên ổ đĩa".into(),
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc, không ghi được".into(),
        K::FileTooLarge => "tệp quá lớn với hệ thống tệp".into(),
        K::IsADirectory => "đó là một thư mục, không phải tệp".into(),
        K::NotADirectory => "một phần của đường dẫn không phải thư mục".into(),
        K::AlreadyExists => "đã có tệp hoặc thư mục cùng tên".into(),
        K::InvalidFilename => "tên tệp không hợp lệ trên hệ thống này".into(),
        K::OutOfMemory => "không đủ bộ nhớ".into(),
        // The system's own words (English) for the rest, without a path: a message names the
        // file it concerns itself.
        kind => format!("lỗi đọc/ghi tệp ({kind})"),
    }
}

/// Line `n` (1-based) of a source, counting line breaks as YAML does: `\r\n`, `\n`, and a lone
/// `\r` (files saved by old Mac editors), so the line shown is the one the position names.
pub fn source_line(src: &str, n: usize) -> Option<&str> {
    let mut rest = src;
    for _ in 1..n {
        let at = rest.find(['\n', '\r'])?;
        let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[at + skip..];
    }
    if n == 0 {
        return None;
    }
    Some(rest.find(['\n', '\r']).map_or(rest, |at| &rest[..at]))
}

#[cfg(test)]
mod source_line_tests {
    use super::source_line;

    #[test]
    fn every_kind_of_line_break_counts() {
        let src = "a\nb\r\nc\rd";
        assert_eq!(
            (1..=5).map(|n| source_line(src, n)).collect::<Vec<_>>(),
            [Some("a"), Some("b"), Some("c"), Some("d"), None]
        );
        assert_eq!(source_line("x\n", 2), Some(""));
        assert_eq!(source_line("x", 0), None);
    }
}
