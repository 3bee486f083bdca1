//! YAML → [`RawVanBan`], with every error turned into a located Vietnamese [`Diag`] that says
//! how to fix the line (the contract's YAML traps, unknown keys with the closest valid one).

pub mod bang;
pub mod khoi;
mod hints;
pub use hints::closest;
pub mod raw;

use crate::diag::{Diag, DiagResult, Pos};
pub use raw::{RawBang, RawCoQuan, RawDanhSach, RawKhoi, RawMuc, RawNguoiKy, RawVanBan};
use serde_saphyr::{Error, Location, Options};

/// Largest input accepted, in bytes: a plan is a few dozen kilobytes.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;

/// Reads one document from YAML source text.
pub fn read_van_ban(src: &str) -> DiagResult<RawVanBan> {
    if src.len() > MAX_INPUT_BYTES {
        return Err(vec![Diag::error(
            Pos { line: 1, col: 1 },
            format!(
                "tệp quá lớn ({} byte; tối đa {MAX_INPUT_BYTES} byte)",
                src.len()
            ),
        )]);
    }
    if src.trim().is_empty() {
        return Err(vec![
            Diag::error(Pos { line: 1, col: 1 }, "tệp trống: chưa có khóa nào")
                .with_hint("bắt đầu bằng `loai: ke-hoach`; xem `data/` để có ví dụ"),
        ]);
    }
    let mut options = Options::default();
    options.with_snippet = false;
    let mut raw: RawVanBan =
        serde_saphyr::from_str_with_options(src, options).map_err(|e| vec![yaml_diag(&e, src)])?;
    raw.for_each_bang(&mut |b| b.fill_from(src));
    Ok(raw)
}

/// serde-saphyr's syntax messages, in Vietnamese for the common ones.
fn syntax_message(text: &str) -> String {
    // The position is printed separately.
    let text = text.split(" at line ").next().unwrap_or(text);
    let vi = if text.contains("mapping values are not allowed") {
        "dấu hai chấm và dấu cách (`: `) trong một giá trị không được phép ở đây"
    } else if text.contains("unknown anchor") {
        "`*` ở đầu giá trị được hiểu là bí danh (alias)"
    } else if text.contains("tab") {
        "có ký tự Tab dùng để thụt lề"
    } else if text.contains("expected mapping") {
        "cần một bảng khóa ở đây (các dòng `khóa: giá trị`, hoặc `{khóa: giá trị, ...}`)"
    } else if text.contains("expected sequence") {
        "cần một danh sách ở đây (các dòng `- ...`, hoặc `[..., ...]`)"
    } else if text.contains("expected scalar") || text.contains("expected string") {
        "cần một giá trị chữ ở đây"
    } else {
        return format!("lỗi cú pháp YAML: {text}");
    };
    format!("lỗi cú pháp YAML: {vi}")
}

/// A position from serde-saphyr (1-based; unknown positions become 1:1).
pub fn pos_of(loc: &Location) -> Pos {
    Pos {
        line: (loc.line() as usize).max(1),
        col: (loc.column() as usize).max(1),
    }
}

/// The error itself, without the snippet and alias-site wrappers serde-saphyr puts around it
/// (a limit breached while an alias is expanded comes wrapped in where the alias was used).
fn root_error(mut err: &Error) -> &Error {
    while let Error::AliasError { error, .. } | Error::WithSnippet { error, .. } = err {
        err = error;
    }
    err
}

/// Whether the input breached one of serde-saphyr's limits (size, nesting, aliases) rather
/// than being wrong YAML.
pub fn breaches_limit(err: &Error) -> bool {
    matches!(
        root_error(err),
        Error::Budget { .. }
            | Error::AliasExpansionLimitExceeded { .. }
            | Error::AliasReplayLimitExceeded { .. }
            | Error::AliasReplayStackDepthExceeded { .. }
    )
}

/// A serde-saphyr error as a located Vietnamese diagnostic, with a fix-it hint for the traps.
pub fn yaml_diag(err: &Error, src: &str) -> Diag {
    let pos = err
        .location()
        .map(|l| pos_of(&l))
        .unwrap_or(Pos { line: 1, col: 1 });
    let inner = root_error(err);

    match inner {
        // `- Yêu cầu: Việc triển khai ...`: a paragraph holding `: ` read as a key.
        Error::SerdeUnknownField { field, .. }
            if !field.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && !hints::is_key_like(field) =>
        {
            let line = crate::diag::source_line(src, pos.line).unwrap_or("");
            let value = line.trim_start().trim_start_matches("- ").trim();
            Diag::error(
                pos,
                format!("`{field}:` bị YAML hiểu là một khóa vì có dấu hai chấm và dấu cách"),
            )
            .with_hint(format!(
                "nếu đây là một đoạn văn, đặt cả đoạn trong ngoặc kép: \"{}\"",
                value.replace('"', "\\\"")
            ))
        }
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let d = Diag::error(pos, format!("khóa không hợp lệ `{field}`"));
            match hints::closest(field, expected) {
                Some(best) => d.with_hint(format!("có phải ý bạn là `{best}`?")),
                None => d.with_hint(format!("các khóa hợp lệ ở đây: {}", expected.join(", "))),
            }
        }
        Error::SerdeMissingField { field, .. } => {
            Diag::error(pos, format!("thiếu khóa bắt buộc `{field}`"))
                .with_hint(format!("thêm một dòng `{field}: ...` vào khối chứa nó"))
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => Diag::error(
            pos,
            format!(
                "giá trị sai kiểu: gặp {}, cần {}",
                hints::kind(unexpected),
                expected
            ),
        ),
        Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Diag::error(
            pos,
            format!("giá trị không hợp lệ: {unexpected}, cần {expected}"),
        ),
        Error::DuplicateMappingKey { key, .. } => Diag::error(
            pos,
            format!("khóa `{}` xuất hiện hai lần", key.as_deref().unwrap_or("?")),
        )
        .with_hint("mỗi khóa chỉ viết một lần; gộp nội dung vào một chỗ"),
        Error::Message { msg, .. } => Diag::error(pos, msg.clone()),
        _ if breaches_limit(inner) => Diag::error(
            pos,
            "tệp vượt giới hạn kích thước hoặc số lần lặp bí danh (alias)",
        ),
        // Syntax errors: the traps of the contract get a hint that says how to fix the line.
        other => hints::add_trap_hint(Diag::error(pos, syntax_message(&other.to_string())), src),
    }
}
