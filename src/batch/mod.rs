//! Batch: one document per unit from a base document and a table of units
//! (`vbhc batch BASE.yaml --data UNITS -o DIR`).
//!
//! Each unit goes through the ordinary pipeline: the base is expanded with the unit's values
//! ([`base`]), read and validated as any input, laid out, and both files are written
//! atomically. Units run in parallel on every core with the fonts and templates loaded once;
//! each is isolated (its own errors, a panic caught), and the batch can be stopped between
//! units, leaving only complete files. A worker writes a unit's files under temporary names
//! and goes on to the next unit; the main thread puts them on the disk a group of units at a
//! time and renames them ([`crate::output::commit_group`]), so the workers never wait for the
//! disk.

pub mod base;
mod environment;
mod locate;
mod make;
pub mod manifest;
pub mod naming;
mod parallel;
mod summary;
pub mod units;

pub use summary::{Summary, summary_stem};
use parallel::{Next, parallel};

use crate::output::folder::OutputFolder;
use crate::pipeline::{self, UserTemplate};
use base::{Base, Scope};
use make::Made;
use locate::{Files, Located};
use manifest::{Row, Status};
use minijinja::value::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use units::{Unit, Units};

/// The variables the batch gives every unit besides its columns.
pub const STT: &str = "stt";
/// The summary document's variables: every unit's values, and their number.
pub const DON_VI: &str = "don_vi";
pub const SO_DON_VI: &str = "so_don_vi";

/// What to make.
pub struct Batch<'a> {
    pub base: &'a Base,
    pub base_path: &'a Path,
    pub units: &'a Units,
    pub out: &'a Path,
    pub pdf: bool,
    pub docx: bool,
    /// The output name of each unit (without extension), or why it could not be made.
    pub names: Vec<Result<String, String>>,
    /// `--so-bat-dau`: the first running number.
    pub so_bat_dau: Option<u64>,
    pub fail_fast: bool,
    pub template: Option<&'a UserTemplate>,
    pub threads: usize,
    /// The kind of PDF; a PDF/A-3b carries the unit's document as YAML (JSON).
    pub pdf_standard: pipeline::PdfStandard,
}

/// What happened to one unit.
#[derive(Debug, Clone)]
pub struct UnitResult {
    pub row: Row,
    pub errors: Vec<Located>,
    pub warnings: Vec<Located>,
    /// It was made but its files could not be written (a full disk, a folder without rights).
    pub write_failed: bool,
}

impl UnitResult {
    pub fn ok(&self) -> bool {
        self.row.trang_thai == Status::DaTao
    }
}

/// The whole batch's outcome, in unit order.
pub struct Outcome {
    pub results: Vec<UnitResult>,
    /// The base itself is wrong (every unit would fail the same way): these errors, once.
    pub base_errors: Vec<Located>,
    pub interrupted: bool,
    /// The batch stopped after [`WRITE_FAILURES`] units in a row could not be written.
    pub write_stopped: bool,
}

/// After this many units in a row whose files could not be written (a full disk, a folder
/// without rights), the batch starts no other: each would fail the same way.
pub const WRITE_FAILURES: usize = 3;

/// The unit's variables: its columns and `stt`.
pub fn unit_scope(unit: &Unit, stt: usize) -> Scope {
    let mut vars: BTreeMap<String, Value> = unit
        .values
        .iter()
        .map(|(k, v)| (k.clone(), Value::from_serialize(v)))
        .collect();
    vars.insert(STT.into(), Value::from(stt));
    Scope::new(vars)
}

/// The output name of every unit, from the `--ten` pattern or `STEM-0001`, made safe for
/// every filesystem and unique within the batch, none of them one of `reserved` (the
/// manifest's, the summary's): a unit called `tong-hop` becomes `tong-hop-2`.
pub fn plan_names(
    pattern: Option<&str>,
    base_stem: &str,
    units: &Units,
    reserved: &[&str],
) -> Result<Vec<Result<String, String>>, String> {
    let env = base::environment();
    let template = pattern
        .map(|p| env.template_from_str(p))
        .transpose()
        .map_err(|e| format!("mẫu tên `--ten` sai: {}", base::eval_message(&e)))?;
    let width = units.units.len().to_string().len().max(3);
    let mut unique = naming::UniqueNames::default();
    for r in reserved {
        unique.take(r);
    }
    Ok(units
        .units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let stt = i + 1;
            let fallback = format!("{}-{stt:0width$}", naming::file_stem(base_stem));
            let stem = match &template {
                None => fallback,
                Some(t) => {
                    let rendered = t.render(unit_scope(unit, stt).value()).map_err(|e| {
                        format!(
                            "{}: lỗi: không tạo được tên tệp từ `--ten`: {}",
                            unit.place.show(&units.path),
                            base::eval_message(&e)
                        )
                    })?;
                    let stem = naming::file_stem(&base::finish_text(&rendered));
                    if stem.is_empty() { fallback } else { stem }
                }
            };
            Ok(unique.take(&stem))
        })
        .collect())
}

/// Made units are put on the disk in groups, with one flush of the disk for each group
/// ([`crate::output::commit_group`]); a flush for each file was a tenth of a batch's time. A
/// group is committed when it has this many units, or when its first unit has waited this
/// long, so that files and progress still appear several times a second.
const GROUP_UNITS: usize = 16;
const GROUP_WAIT: Duration = Duration::from_millis(100);

impl Batch<'_> {
    fn files(&self) -> Files<'_> {
        Files {
            base: self.base_path,
            data: &self.units.path,
            columns: &self.units.columns,
        }
    }

    /// Runs the batch, writing into `folder` (locked, its ledger kept). `on_result` sees each
    /// unit as it finishes (for progress); `stop` is checked between units (Ctrl-C).
    pub fn run(
        &self,
        folder: &mut OutputFolder,
        stop: &AtomicBool,
        mut on_result: impl FnMut(&UnitResult),
    ) -> Outcome {
        let n = self.units.units.len();
        let write_stopped = AtomicBool::new(false);
        let mut results: Vec<Option<UnitResult>> = vec![None; n];

        // Running numbers go to the units that are valid, in order, so the văn thư's register
        // has no gaps: check every unit first, then number them.
        let numbers: Vec<Option<u64>> = match self.so_bat_dau {
            None => vec![None; n],
            Some(start) => {
                let mut valid = vec![false; n];
                parallel(
                    n,
                    self.threads,
                    || stop.load(Ordering::Relaxed),
                    |i| self.check(i),
                    |checked| {
                        while let Next::Result(i, r) = checked.next(None) {
                            match r {
                                Ok(()) => valid[i] = true,
                                Err(result) => results[i] = Some(*result),
                            }
                        }
                    },
                );
                let mut next = start;
                valid
                    .iter()
                    .map(|&v| {
                        v.then(|| {
                            next += 1;
                            next - 1
                        })
                    })
                    .collect()
            }
        };
        if let Some(base_errors) = self.base_fault(&results) {
            return self.outcome_for_base(base_errors, stop);
        }
        let stopped = || stop.load(Ordering::Relaxed) || write_stopped.load(Ordering::Relaxed);

        let failed = AtomicBool::new(false);
        let staging_failures = AtomicUsize::new(0);
        let todo: Vec<usize> = (0..n).filter(|&i| results[i].is_none()).collect();
        // The first unit checked alone: if it fails because of the base, say so once and stop.
        // Only a unit's expansion and validation can find a fault of the base, so the check
        // leaves out its layout, which would keep the other cores idle for as long. With
        // running numbers every unit has been checked already (above).
        let Some(&first) = todo.first() else {
            return self.outcome(results, stop, false);
        };
        if self.so_bat_dau.is_none()
            && let Err(r) = self.prepare(first, numbers[first])
            && !r.errors.is_empty()
            && r.errors.iter().all(|e| e.in_base)
        {
            return self.outcome_for_base(r.errors, stop);
        }
        parallel(
            todo.len(),
            self.threads,
            || stopped() || (self.fail_fast && failed.load(Ordering::Relaxed)),
            // A failure is flagged here, on the worker, so that with `--dung-khi-loi` no thread
            // starts another unit after it (the main thread hears of it only later).
            |k| {
                let made = self.make(todo[k], numbers[todo[k]]);
                if !made.result.ok() {
                    failed.store(true, Ordering::Relaxed);
                }
                // Staging writes on the worker: a full disk is seen here first, and counted
                // here, so that no worker goes on making units the disk cannot take.
                if made.result.write_failed {
                    if staging_failures.fetch_add(1, Ordering::Relaxed) + 1 >= WRITE_FAILURES {
                        write_stopped.store(true, Ordering::Relaxed);
                    }
                } else if made.result.ok() {
                    staging_failures.store(0, Ordering::Relaxed);
                }
                made
            },
            |made| {
                let mut group: Vec<(usize, Made)> = Vec::new();
                let mut started: Option<Instant> = None;
                let mut write_failures = 0;
                loop {
                    let next = made.next(started.map(|t| t + GROUP_WAIT));
                    let end = matches!(next, Next::End);
                    if let Next::Result(k, m) = next {
                        group.push((todo[k], m));
                        started.get_or_insert_with(Instant::now);
                        if group.len() < GROUP_UNITS {
                            continue;
                        }
                    }
                    // A full group, its first unit's wait over, or the end: commit what waits.
                    for (i, r) in self.commit(folder, std::mem::take(&mut group)) {
                        if !r.ok() {
                            failed.store(true, Ordering::Relaxed);
                        }
                        if r.write_failed {
                            write_failures += 1;
                        } else if r.ok() {
                            write_failures = 0;
                        }
                        if write_failures >= WRITE_FAILURES {
                            write_stopped.store(true, Ordering::Relaxed);
                        }
                        on_result(&r);
                        results[i] = Some(r);
                    }
                    started = None;
                    if end {
                        break;
                    }
                }
            },
        );
        self.outcome(results, stop, write_stopped.load(Ordering::Relaxed))
    }

    fn outcome(
        &self,
        results: Vec<Option<UnitResult>>,
        stop: &AtomicBool,
        write_stopped: bool,
    ) -> Outcome {
        let why = write_stopped.then(|| {
            format!("không tạo: vbhc đã dừng sau {WRITE_FAILURES} đơn vị liên tiếp không ghi được")
        });
        Outcome {
            results: results
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    r.unwrap_or_else(|| {
                        let mut skipped = self.skipped(i);
                        skipped.row.loi = why.clone().unwrap_or_default();
                        skipped
                    })
                })
                .collect(),
            base_errors: Vec::new(),
            interrupted: stop.load(Ordering::Relaxed),
            write_stopped,
        }
    }
    /// When every failure so far is a fault of the base (checked on the numbering pass),
    /// those errors.
    fn base_fault(&self, results: &[Option<UnitResult>]) -> Option<Vec<Located>> {
        let failures: Vec<&UnitResult> = results.iter().flatten().collect();
        let all_failed = !failures.is_empty() && failures.len() == results.len();
        (all_failed && failures.iter().all(|r| r.errors.iter().all(|e| e.in_base)))
            .then(|| failures[0].errors.clone())
    }

    fn outcome_for_base(&self, base_errors: Vec<Located>, stop: &AtomicBool) -> Outcome {
        Outcome {
            results: (0..self.units.units.len())
                .map(|i| self.skipped(i))
                .collect(),
            base_errors,
            interrupted: stop.load(Ordering::Relaxed),
            write_stopped: false,
        }
    }

    fn row(&self, i: usize) -> Row {
        let unit = &self.units.units[i];
        Row {
            stt: i + 1,
            hang: unit.place.show(&self.units.path),
            don_vi: unit.label.clone(),
            tep_pdf: String::new(),
            tep_docx: String::new(),
            so_ky_hieu: String::new(),
            so_trang: None,
            sha256_pdf: String::new(),
            sha256_docx: String::new(),
            trang_thai: Status::Loi,
            loi: String::new(),
            ky_so: String::new(),
        }
    }

    fn skipped(&self, i: usize) -> UnitResult {
        let mut row = self.row(i);
        row.trang_thai = Status::BoQua;
        UnitResult {
            row,
            errors: Vec::new(),
            warnings: Vec::new(),
            write_failed: false,
        }
    }

    fn failed(&self, i: usize, errors: Vec<Located>, warnings: Vec<Located>) -> UnitResult {
        let mut row = self.row(i);
        row.loi = errors
            .iter()
            .map(|e| e.text.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        UnitResult {
            row,
            errors,
            warnings,
            write_failed: false,
        }
    }
}
