//! Printing diagnostics the way compilers do: `file:line:col: lỗi: ...`, the line, a caret,
//! and the hint.

use crate::diag::Diag;
use std::path::Path;

pub fn diags(path: &Path, src: &str, diags: &[Diag]) {
    for d in diags {
        eprintln!("{}:{d}", path.display());
        if let Some(line) = crate::diag::source_line(src, d.pos.line) {
            let shown: String = line
                .chars()
                .map(|c| if c == '\t' { '→' } else { c })
                .collect();
            let caret_at = line.chars().take(d.pos.col.saturating_sub(1)).count();
            eprintln!("{:>5} | {shown}", d.pos.line);
            eprintln!("      | {}^", " ".repeat(caret_at));
        }
        if let Some(h) = &d.hint {
            eprintln!("      = gợi ý: {h}");
        }
    }
}

/// An error about a file as a whole (unreadable, failed to write): reported at 1:1.
pub fn plain(path: &Path, message: &str) {
    eprintln!("{}:1:1: lỗi: {message}", path.display());
}
