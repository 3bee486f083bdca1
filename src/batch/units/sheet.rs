//! A spreadsheet's first sheet as units, each value as the clerk saw it in the cell: a number
//! to the precision its format shows (Excel keeps 15 significant digits: `=0.1+0.2` is 0.3), a
//! percentage as the percent shown (`86,5 %` is 86.5), a date as `YYYY-MM-DD`, a time as
//! `HH:MM`, a boolean as `TRUE`/`FALSE`. A cell that shows an error (`#DIV/0!`) or a formula
//! never calculated is a fault of its unit, with the cell.

use super::{MAX_DATA_BYTES, MAX_UNITS, Place, Unit, UnitsError, empty_unit, error, header_names};
use calamine::{Data, Reader};
use serde_json::Value;
use std::path::Path;

/// How a number's cell format shows it, as far as the value goes (its look, `1.234,5` or
/// `1,234.5`, is the document's business: `| so`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Shown {
    /// A percentage: the value shown is a hundred times the one stored.
    percent: bool,
    /// Decimals the format shows; `None` for General (up to 15 significant digits).
    decimals: Option<usize>,
}

/// Reads the parts of a number format code that change the value shown: `%` and the number
/// of `0`/`#` after the decimal point, outside quoted text, `[...]` and escapes; the first
/// section only (positive numbers).
fn shown_by(code: &str) -> Shown {
    if code.eq_ignore_ascii_case("general") || code.is_empty() {
        return Shown { percent: false, decimals: None };
    }
    let (mut percent, mut decimals, mut after_point) = (false, 0, false);
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => for c in chars.by_ref() { if c == '"' { break } },
            '[' => for c in chars.by_ref() { if c == ']' { break } },
            '\\' | '_' | '*' => { chars.next(); }
            '%' => percent = true,
            '.' => after_point = true,
            '0' | '#' | '?' if after_point => decimals += 1,
            'E' | 'e' => break,
            _ => {}
        }
    }
    Shown { percent, decimals: Some(decimals) }
}

/// `f` to the precision a cell shows it.
fn shown_number(f: f64, shown: Shown) -> Value {
    let f = if shown.percent { f * 100.0 } else { f };
    let f = match shown.decimals {
        // Half away from zero, as Excel rounds.
        Some(d) => {
            let scale = 10f64.powi(d.min(15) as i32);
            (f * scale).round() / scale
        }
        // Excel's 15 significant digits.
        None => format!("{f:.14e}").parse().unwrap_or(f),
    };
    if f.fract() == 0.0 && f.abs() < 1e15 {
        Value::from(f as i64)
    } else {
        Value::from(f)
    }
}

/// A cell as its unit's value, or why it cannot be shown.
fn cell_value(cell: &Data, format: Option<&str>, formula: Option<&str>) -> Result<Value, String> {
    let shown = shown_by(format.unwrap_or("General"));
    Ok(match cell {
        Data::Int(n) if shown.percent => shown_number(*n as f64, shown),
        Data::Int(n) => Value::from(*n),
        Data::Float(f) => shown_number(*f, shown),
        Data::String(s) => Value::from(s.as_str()),
        Data::Bool(b) => Value::from(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => match d.as_datetime() {
            // A time alone (no day): Excel stores it as a fraction of day 0.
            Some(dt) if d.is_datetime() && d.as_f64() < 1.0 => {
                Value::from(dt.time().format(if dt.format("%S").to_string() == "00" { "%H:%M" } else { "%H:%M:%S" }).to_string())
            }
            Some(dt) if d.is_datetime() => Value::from(dt.date().format("%Y-%m-%d").to_string()),
            _ => Value::from(d.to_string()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::from(s.as_str()),
        Data::Error(e) => return Err(format!("ô hiện lỗi {e}; sửa công thức trong bảng tính")),
        Data::Empty => match formula.filter(|f| !f.trim().is_empty()) {
            Some(f) => {
                return Err(format!(
                    "ô có công thức `={f}` nhưng chưa được tính; mở tệp trong Excel, lưu lại rồi chạy lại"
                ));
            }
            None => Value::from(""),
        },
    })
}

pub(super) fn read_sheet(path: &Path) -> Result<Vec<Unit>, UnitsError> {
    crate::bounded_read::check(path, MAX_DATA_BYTES)
        .map_err(|e| error(path, None, format!("không đọc được tệp dữ liệu: {e}")))?;
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| error(path, None, format!("không mở được bảng tính: {e}")))?;
    // The first sheet: clerks keep one table per file.
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| error(path, None, "bảng tính không có trang (sheet) nào"))?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| error(path, None, format!("không đọc được trang «{sheet}»: {e}")))?;
    // Formats and formulas where the file kind has them (XLSX); without them every number
    // is shown as General.
    let styles = book.worksheet_style(&sheet).ok();
    let formulas = book.worksheet_formula(&sheet).ok();
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let cell_place = |r: usize, c: usize| Place::Cell {
        sheet: sheet.clone(),
        row: first_row as usize + r + 1,
        col: first_col as usize + c + 1,
    };
    let at = |r: usize, c: usize| (first_row + r as u32, first_col + c as u32);
    let format_of = |r, c| {
        styles
            .as_ref()
            .and_then(|s| s.get(at(r, c)))
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.as_str())
    };
    let formula_of = |r, c| formulas.as_ref().and_then(|f| f.get_value(at(r, c))).map(String::as_str);
    let mut rows = range.rows().enumerate();
    let Some((_, header_row)) = rows.next() else {
        return Ok(Vec::new());
    };
    let headers: Vec<(String, Place)> = header_row
        .iter()
        .enumerate()
        .map(|(c, cell)| (cell.to_string(), cell_place(0, c)))
        .collect();
    let names = header_names(path, &headers)?;
    let mut units = Vec::new();
    for (r, row) in rows {
        if row.iter().enumerate().all(|(c, cell)| {
            cell.to_string().trim().is_empty() && formula_of(r, c).is_none_or(|f| f.is_empty())
        }) {
            continue;
        }
        let mut unit = empty_unit(cell_place(r, 0));
        for (c, cell) in row.iter().enumerate() {
            if let Some(Some(name)) = names.get(c) {
                let value = match cell_value(cell, format_of(r, c), formula_of(r, c)) {
                    Ok(v) => v,
                    Err(why) => {
                        unit.faults.insert(name.clone(), why);
                        Value::from("")
                    }
                };
                if unit.label.is_empty() {
                    unit.label = match &value {
                        Value::String(s) => s.clone(),
                        v => v.to_string(),
                    };
                }
                unit.values.insert(name.clone(), value);
                unit.places.insert(name.clone(), cell_place(r, c));
                unit.headers.insert(name.clone(), headers[c].0.clone());
            }
        }
        units.push(unit);
        if units.len() > MAX_UNITS {
            break;
        }
    }
    Ok(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_their_format_shows_them() {
        let general = shown_by("General");
        assert_eq!(shown_number(0.1 + 0.2, general), Value::from(0.3));
        assert_eq!(shown_number(48215.0, general), Value::from(48215));
        let percent = shown_by("0.0%");
        assert_eq!(percent, Shown { percent: true, decimals: Some(1) });
        assert_eq!(shown_number(0.865, percent), Value::from(86.5));
        assert_eq!(shown_number(0.86549, shown_by("0%")), Value::from(87));
        assert_eq!(shown_number(1234.5678, shown_by("#,##0.00")), Value::from(1234.57));
        assert_eq!(shown_by("#,##0.0\" %\";[Red]-#,##0.000"), Shown { percent: false, decimals: Some(1) });
        assert_eq!(shown_by("0.00\\%"), Shown { percent: false, decimals: Some(2) });
    }

    #[test]
    fn errors_and_uncalculated_formulas_are_faults() {
        let e = cell_value(&Data::Error(calamine::CellErrorType::Div0), None, Some("A1/0")).unwrap_err();
        assert!(e.contains("#DIV/0!"), "{e}");
        let e = cell_value(&Data::Empty, None, Some("SUM(B2:B9)")).unwrap_err();
        assert!(e.contains("=SUM(B2:B9)") && e.contains("chưa được tính"), "{e}");
        assert_eq!(cell_value(&Data::Empty, None, None).unwrap(), Value::from(""));
        assert_eq!(cell_value(&Data::Bool(true), None, None).unwrap(), Value::from("TRUE"));
    }
}
