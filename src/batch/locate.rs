//! Saying where a unit's problem is: in the data file (the unit's row and the column whose
//! value caused it) when the value at fault came from the unit, else in the base.

use super::base::{Base, ExpandError, Expanded};
use super::units::Unit;
use crate::diag::Diag;
use std::collections::BTreeSet;
use std::path::Path;

/// One message about a unit, ready to print: `don-vi.csv:13:4: lỗi: ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub text: String,
    /// The fault is in the base alone: every unit would have it.
    pub in_base: bool,
}

/// Where the files are, for messages.
pub struct Files<'a> {
    pub base: &'a Path,
    pub data: &'a Path,
    /// Every variable any unit has: a name none has is a fault of the base, not of a unit.
    pub columns: &'a BTreeSet<String>,
}

impl Files<'_> {
    fn base_place(&self, base: &Base, origin: usize) -> String {
        let pos = base.origin(origin).pos;
        format!("{}:{}:{}", self.base.display(), pos.line, pos.col)
    }

    /// A template failure for `unit`.
    pub fn expand_error(&self, base: &Base, unit: &Unit, e: &ExpandError) -> Located {
        match e {
            ExpandError::Missing { origin, names }
                if names.iter().all(|n| !self.columns.contains(n)) =>
            {
                let known: Vec<&str> = self.columns.iter().map(String::as_str).collect();
                let hint = crate::reader::closest(&names[0], &known)
                    .map(|c| format!("có phải ý bạn là `{c}`? "))
                    .unwrap_or_default();
                Located {
                    text: format!(
                        "{}: lỗi: không đơn vị nào có cột {} (gợi ý: {hint}các cột của {}: {})",
                        self.base_place(base, *origin),
                        names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
                        self.data.display(),
                        known.join(", ")
                    ),
                    in_base: true,
                }
            }
            ExpandError::Missing { origin, names } => Located {
                text: format!(
                    "{}: lỗi: đơn vị này thiếu {} {}, dùng ở {}",
                    unit.place.show(self.data),
                    if names.len() > 1 { "các cột" } else { "cột" },
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    self.base_place(base, *origin)
                ),
                in_base: false,
            },
            ExpandError::Eval { origin, message } => {
                self.at_origin(base, unit, *origin, message, None, "lỗi")
            }
        }
    }

    /// A diagnostic of the unit's generated document, traced back through its origin.
    pub fn diag(&self, base: &Base, unit: &Unit, expanded: &Expanded, d: &Diag) -> Located {
        let origin = expanded
            .lines
            .get(d.pos.line.saturating_sub(1))
            .or(expanded.lines.first())
            .copied()
            .unwrap_or(0);
        let label = if d.is_error() { "lỗi" } else { "cảnh báo" };
        self.at_origin(base, unit, origin, &d.message, d.hint.as_deref(), label)
    }

    fn at_origin(
        &self,
        base: &Base,
        unit: &Unit,
        origin: usize,
        message: &str,
        hint: Option<&str>,
        label: &str,
    ) -> Located {
        let hint = hint.map(|h| format!(" (gợi ý: {h})")).unwrap_or_default();
        let vars = &base.origin(origin).vars;
        match vars.iter().find(|v| unit.values.contains_key(*v)) {
            Some(var) => Located {
                text: format!(
                    "{}: {label}: {message}{hint}; giá trị lấy từ {}, dùng ở {}",
                    unit.place_of(var).show(self.data),
                    unit.column_label(var),
                    self.base_place(base, origin)
                ),
                in_base: false,
            },
            None => Located {
                text: format!(
                    "{}: {label}: {message}{hint}",
                    self.base_place(base, origin)
                ),
                in_base: true,
            },
        }
    }
}
