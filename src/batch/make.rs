//! Making one unit: its base expanded with its values, validated, laid out in each format
//! and staged under temporary names on a worker; and putting made units' files under their
//! names, as a group, on the main thread.

use super::locate::Located;
use super::manifest::{self, Row, Status};
use super::{Batch, UnitResult, unit_scope};
use crate::output::Staged;
use crate::output::folder::OutputFolder;
use crate::pipeline::{self, PipelineError};

impl Batch<'_> {
    /// Expands and validates unit `i` (for numbering): `Err` with its result when it fails.
    /// (Boxed: a failed unit's result is large, and most units pass.)
    pub(super) fn check(&self, i: usize) -> Result<(), Box<UnitResult>> {
        self.prepare(i, None).map(|_| ())
    }

    /// Unit `i` expanded and prepared, with its warnings located.
    pub(super) fn prepare(
        &self,
        i: usize,
        number: Option<u64>,
    ) -> Result<(pipeline::Prepared, Vec<Located>, String), Box<UnitResult>> {
        let unit = &self.units.units[i];
        let files = self.files();
        // A value the spreadsheet shows as an error, or never calculated, would print wrong:
        // the unit is not made if its base uses one.
        let used = self.base.variables();
        let faults: Vec<Located> = unit
            .faults
            .iter()
            .filter(|(name, _)| used.contains(name.as_str()))
            .map(|(name, why)| Located {
                text: format!(
                    "{}: lỗi: {why} (giá trị {})",
                    unit.place_of(name).show(&self.units.path),
                    unit.column_label(name)
                ),
                in_base: false,
            })
            .collect();
        if !faults.is_empty() {
            return Err(Box::new(self.failed(i, faults, Vec::new())));
        }
        let overrides: Vec<(&str, String)> =
            number.map(|n| ("so", n.to_string())).into_iter().collect();
        let expanded = self
            .base
            .expand(&unit_scope(unit, i + 1), &overrides)
            .map_err(|e| {
                Box::new(self.failed(i, vec![files.expand_error(self.base, unit, &e)], Vec::new()))
            })?;
        let locate = |diags: &[crate::diag::Diag]| -> Vec<Located> {
            diags
                .iter()
                .map(|d| files.diag(self.base, unit, &expanded, d))
                .collect()
        };
        match pipeline::prepare_with(&expanded.text, self.template, self.base_path.parent()) {
            Ok(p) => {
                let warnings = locate(&p.warnings);
                Ok((p, warnings, expanded.text.clone()))
            }
            Err(PipelineError::Input(diags)) => {
                let (errors, warnings): (Vec<_>, Vec<_>) = diags.iter().partition(|d| d.is_error());
                let errors: Vec<_> = errors.into_iter().cloned().collect();
                let warnings: Vec<_> = warnings.into_iter().cloned().collect();
                Err(Box::new(self.failed(i, locate(&errors), locate(&warnings))))
            }
            Err(e) => Err(Box::new(self.failed(
                i,
                vec![Located {
                    text: format!("{}: lỗi: {e}", unit.place.show(&self.units.path)),
                    in_base: false,
                }],
                Vec::new(),
            ))),
        }
    }

    /// Makes unit `i`'s files and writes them under temporary names; a panic becomes this
    /// unit's error.
    pub(super) fn make(&self, i: usize, number: Option<u64>) -> Made {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.make_unchecked(i, number)
        }))
        .unwrap_or_else(|_| {
            let unit = &self.units.units[i];
            Made::failed(self.failed(
                i,
                vec![Located {
                    text: format!(
                        "{}: lỗi: {}",
                        unit.place.show(&self.units.path),
                        PipelineError::Internal
                    ),
                    in_base: false,
                }],
                Vec::new(),
            ))
        })
    }

    /// Puts the files of made units (by unit index) on the disk under their names, as one
    /// group, the folder's ledger knowing them first; a unit whose files cannot be written
    /// fails.
    pub(super) fn commit(&self, folder: &mut OutputFolder, made: Vec<(usize, Made)>) -> Vec<(usize, UnitResult)> {
        for (_, m) in &made {
            let row = &m.result.row;
            for (name, hash) in [(&row.tep_pdf, &row.sha256_pdf), (&row.tep_docx, &row.sha256_docx)] {
                if !name.is_empty() {
                    folder.record(name, hash.clone());
                }
            }
        }
        let saved = folder.save();
        let (units, staged): (Vec<_>, Vec<_>) = made
            .into_iter()
            .map(|(i, m)| ((i, m.result), m.files))
            .unzip();
        let written = match &saved {
            Ok(()) => crate::output::commit_group(staged),
            // Without the ledger, no file is written that a later run could not replace.
            Err(e) => staged
                .iter()
                .map(|_| Err(std::io::Error::new(e.kind(), e.to_string())))
                .collect(),
        };
        units
            .into_iter()
            .zip(written)
            .map(|((i, result), written)| match written {
                Ok(()) => (i, result),
                Err(e) if result.ok() => (i, self.write_failed(i, &result.row, &e, result.warnings)),
                Err(_) => (i, result),
            })
            .collect()
    }

    /// A made unit whose files could not be written: named with its files, in Vietnamese.
    fn write_failed(&self, i: usize, made: &Row, e: &std::io::Error, warnings: Vec<Located>) -> UnitResult {
        let files: Vec<&str> = [&made.tep_pdf, &made.tep_docx]
            .into_iter()
            .filter(|f| !f.is_empty())
            .map(String::as_str)
            .collect();
        let mut result = self.failed(
            i,
            vec![Located {
                text: format!(
                    "{}: lỗi: không ghi được {} vào {}: {}",
                    self.units.units[i].place.show(&self.units.path),
                    files.join(", "),
                    self.out.display(),
                    crate::diag::io_message(e)
                ),
                in_base: false,
            }],
            warnings,
        );
        result.write_failed = true;
        result
    }

    fn make_unchecked(&self, i: usize, number: Option<u64>) -> Made {
        let unit = &self.units.units[i];
        let stem = match &self.names[i] {
            Ok(stem) => stem,
            Err(message) => {
                return Made::failed(self.failed(
                    i,
                    vec![Located {
                        text: message.clone(),
                        in_base: false,
                    }],
                    Vec::new(),
                ));
            }
        };
        let (prepared, warnings, source) = match self.prepare(i, number) {
            Ok(p) => p,
            Err(result) => return Made::failed(*result),
        };
        let internal = |e: PipelineError| {
            Made::failed(self.failed(
                i,
                vec![Located {
                    text: format!("{}: lỗi: {e}", unit.place.show(&self.units.path)),
                    in_base: false,
                }],
                warnings.clone(),
            ))
        };
        let mut row = self.row(i);
        let mut files = Vec::new();
        if self.pdf {
            let output = pipeline::PdfOutput {
                standard: self.pdf_standard,
                source: Some(source.as_bytes()),
            };
            let (bytes, pages) = match pipeline::to_pdf_as(&prepared, output) {
                Ok(r) => r,
                Err(e) => return internal(e),
            };
            row.tep_pdf = format!("{stem}.pdf");
            row.so_trang = Some(pages);
            row.sha256_pdf = manifest::sha256_hex(&bytes);
            files.push((self.out.join(&row.tep_pdf), bytes));
        }
        if self.docx {
            let bytes = match pipeline::to_docx(&prepared) {
                Ok(b) => b,
                Err(e) => return internal(e),
            };
            row.tep_docx = format!("{stem}.docx");
            row.sha256_docx = manifest::sha256_hex(&bytes);
            files.push((self.out.join(&row.tep_docx), bytes));
        }
        let staged = match crate::output::stage_all(&files) {
            Ok(staged) => staged,
            Err(e) => return Made::failed(self.write_failed(i, &row, &e, warnings)),
        };
        row.so_ky_hieu = prepared.van_ban.so_ky_hieu.clone();
        row.trang_thai = Status::DaTao;
        Made {
            result: UnitResult {
                row,
                errors: Vec::new(),
                warnings,
                write_failed: false,
            },
            files: staged,
        }
    }
}

/// A unit as a worker leaves it: its result and, when it was made, its files under temporary
/// names (none when it failed), for the main thread to commit.
pub(super) struct Made {
    pub result: UnitResult,
    files: Staged,
}

impl Made {
    fn failed(result: UnitResult) -> Made {
        Made {
            result,
            files: Staged::default(),
        }
    }
}
