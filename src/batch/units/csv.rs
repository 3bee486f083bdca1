//! A CSV (or TSV) file as units: UTF-8 with or without a byte-order mark, `,` or `;` between
//! fields as Excel writes them, the header row naming the variables.

use super::{MAX_UNITS, Place, Unit, UnitsError, empty_unit, error, header_names, read_file};
use serde_json::Value;
use std::path::Path;

/// A CSV cell as a value: whole numbers written plainly (`1200`, `-5`) become numbers so the
/// summary can add them; everything else stays text. `9.850` stays text: in Vietnamese that is
/// nine thousand, and `007` is a code, not seven.
fn csv_value(cell: &str) -> Value {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let plain_integer = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    match cell.parse::<i64>() {
        Ok(n) if plain_integer => Value::from(n),
        _ => Value::from(cell),
    }
}

pub(super) fn read_csv(path: &Path) -> Result<Vec<Unit>, UnitsError> {
    let bytes = read_file(path)?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.strip_prefix('\u{FEFF}').unwrap_or(t),
        Err(_) => {
            return Err(error(
                path,
                None,
                "tệp CSV không phải UTF-8; trong Excel hãy lưu bằng «CSV UTF-8 (Comma delimited)»",
            ));
        }
    };
    let delimiter = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")) {
        b'\t'
    } else {
        sniff_delimiter(text)
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header_record = reader
        .headers()
        .map_err(|e| csv_error(path, text, &e))?
        .clone();
    let headers: Vec<(String, Place)> = header_record
        .iter()
        .enumerate()
        .map(|(i, h)| (h.to_string(), Place::Text { line: 1, col: i + 1 }))
        .collect();
    let names = header_names(path, &headers)?;
    let mut units = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, text, &e))?;
        // The reader's own line count skips blank lines: count from the byte offset instead.
        let line = record
            .position()
            .map(|p| line_at(text, p.byte() as usize))
            .unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut unit = empty_unit(Place::Text { line, col: 1 });
        for (i, cell) in record.iter().enumerate() {
            if let Some(Some(name)) = names.get(i) {
                if unit.label.is_empty() {
                    unit.label = cell.to_string();
                }
                unit.values.insert(name.clone(), csv_value(cell));
                unit.places
                    .insert(name.clone(), Place::Text { line, col: i + 1 });
                unit.headers.insert(name.clone(), headers[i].0.clone());
            }
        }
        units.push(unit);
        if units.len() > MAX_UNITS {
            break;
        }
    }
    Ok(units)
}

/// Lines looked at to tell the delimiter.
const SNIFF_LINES: usize = 20;

/// `,` or `;`: Excel with a Vietnamese regional setting writes `;` between fields and leaves a
/// comma in a header or a number (`Công suất, %`, `86,5`) unquoted. The delimiter is the one
/// that splits the first lines into the same number of fields, the most of them; a tie (one
/// column) is `,`.
fn sniff_delimiter(text: &str) -> u8 {
    let fields = |delimiter: u8| -> Option<usize> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut lengths = reader
            .records()
            .take(SNIFF_LINES)
            .filter_map(Result::ok)
            .filter(|r| !r.iter().all(|c| c.trim().is_empty()))
            .map(|r| r.len());
        let first = lengths.next()?;
        lengths.all(|n| n == first).then_some(first)
    };
    match (fields(b','), fields(b';')) {
        (Some(comma), Some(semicolon)) if semicolon > comma => b';',
        (None, Some(semicolon)) if semicolon > 1 => b';',
        _ => b',',
    }
}

/// The 1-based line of a record starting at a byte offset (past the blank lines the reader
/// skipped before it).
fn line_at(text: &str, byte: usize) -> usize {
    let bytes = text.as_bytes();
    let mut byte = byte.min(bytes.len());
    while byte < bytes.len() && matches!(bytes[byte], b'\n' | b'\r') {
        byte += 1;
    }
    bytes[..byte]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn csv_error(path: &Path, text: &str, e: &csv::Error) -> UnitsError {
    let place = e.position().map(|p| Place::Text {
        line: line_at(text, p.byte() as usize),
        col: 1,
    });
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "dòng này có {len} cột, dòng tiêu đề có {expected_len}; có thể một ô chứa dấu phân cách mà chưa đặt trong ngoặc kép"
        ),
        _ => format!("tệp CSV hỏng: {e}"),
    };
    error(path, place.as_ref(), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_numbers_only_when_plain() {
        assert_eq!(csv_value("120"), Value::from(120));
        assert_eq!(csv_value("-5"), Value::from(-5));
        assert_eq!(csv_value("0"), Value::from(0));
        assert_eq!(csv_value("007"), Value::from("007"));
        assert_eq!(csv_value("9.850"), Value::from("9.850"));
        assert_eq!(csv_value("47,7"), Value::from("47,7"));
        assert_eq!(csv_value(""), Value::from(""));
        assert_eq!(csv_value("99999999999999999999"), Value::from("99999999999999999999"));
    }
}
