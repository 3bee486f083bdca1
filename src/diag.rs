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
    match e.kind() {
        std::io::ErrorKind::NotFound => "không tìm thấy".into(),
        std::io::ErrorKind::PermissionDenied => "không có quyền truy cập".into(),
        _ => e.to_string(),
    }
}
