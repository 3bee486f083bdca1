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
mod locate;
pub mod manifest;
pub mod naming;
pub mod units;

use crate::output::Staged;
use crate::pipeline::{self, PipelineError, UserTemplate};
use base::{Base, Scope};
use locate::{Files, Located};
use manifest::{Row, Status};
use minijinja::value::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
}

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
/// every filesystem and unique within the batch.
pub fn plan_names(
    pattern: Option<&str>,
    base_stem: &str,
    units: &Units,
) -> Result<Vec<Result<String, String>>, String> {
    let env = base::environment();
    let template = pattern
        .map(|p| env.template_from_str(p))
        .transpose()
        .map_err(|e| format!("mẫu tên `--ten` sai: {}", base::eval_message(&e)))?;
    let width = units.units.len().to_string().len().max(3);
    let mut unique = naming::UniqueNames::default();
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
                    let stem = naming::file_stem(&rendered);
                    if stem.is_empty() { fallback } else { stem }
                }
            };
            Ok(unique.take(&stem))
        })
        .collect())
}

/// Runs `work` on `count` items over `threads` threads; `collect` takes the results on the
/// calling thread as they come. Items not started when `stop()` turns true are left out. A
/// worker waits when `collect` falls behind by a few results, so they cannot pile up.
fn parallel<R: Send>(
    count: usize,
    threads: usize,
    stop: impl Fn() -> bool + Sync,
    work: impl Fn(usize) -> R + Sync,
    collect: impl FnOnce(Results<R>),
) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel(2 * threads.max(1));
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, count.max(1)) {
            let tx = tx.clone();
            let (next, work, stop) = (&next, &work, &stop);
            s.spawn(move || {
                loop {
                    if stop() {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    if tx.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        collect(Results { rx });
    });
}

/// The results of [`parallel`]'s workers, as they come.
struct Results<R> {
    rx: std::sync::mpsc::Receiver<(usize, R)>,
}

enum Next<R> {
    Result(usize, R),
    /// The deadline passed before another result came.
    Deadline,
    /// Every worker has finished and every result was taken.
    End,
}

impl<R> Results<R> {
    /// The next result, waiting for it until `deadline` at most, when there is one.
    fn next(&self, deadline: Option<Instant>) -> Next<R> {
        use std::sync::mpsc::RecvTimeoutError;
        let got = match deadline {
            Some(t) => self
                .rx
                .recv_timeout(t.saturating_duration_since(Instant::now())),
            None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match got {
            Ok((i, r)) => Next::Result(i, r),
            Err(RecvTimeoutError::Timeout) => Next::Deadline,
            Err(RecvTimeoutError::Disconnected) => Next::End,
        }
    }
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

    /// Runs the batch. `on_result` sees each unit as it finishes (for progress); `stop`
    /// is checked between units (Ctrl-C).
    pub fn run(&self, stop: &AtomicBool, mut on_result: impl FnMut(&UnitResult)) -> Outcome {
        let n = self.units.units.len();
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

        let failed = AtomicBool::new(false);
        let todo: Vec<usize> = (0..n).filter(|&i| results[i].is_none()).collect();
        // The first unit checked alone: if it fails because of the base, say so once and stop.
        // Only a unit's expansion and validation can find a fault of the base, so the check
        // leaves out its layout, which would keep the other cores idle for as long. With
        // running numbers every unit has been checked already (above).
        let Some(&first) = todo.first() else {
            return self.outcome(results, stop);
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
            || stop.load(Ordering::Relaxed) || (self.fail_fast && failed.load(Ordering::Relaxed)),
            // A failure is flagged here, on the worker, so that with `--dung-khi-loi` no thread
            // starts another unit after it (the main thread hears of it only later).
            |k| {
                let made = self.make(todo[k], numbers[todo[k]]);
                if !made.result.ok() {
                    failed.store(true, Ordering::Relaxed);
                }
                made
            },
            |made| {
                let mut group: Vec<(usize, Made)> = Vec::new();
                let mut started: Option<Instant> = None;
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
                    for (i, r) in self.commit(std::mem::take(&mut group)) {
                        if !r.ok() {
                            failed.store(true, Ordering::Relaxed);
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
        self.outcome(results, stop)
    }

    fn outcome(&self, results: Vec<Option<UnitResult>>, stop: &AtomicBool) -> Outcome {
        Outcome {
            results: results
                .into_iter()
                .enumerate()
                .map(|(i, r)| r.unwrap_or_else(|| self.skipped(i)))
                .collect(),
            base_errors: Vec::new(),
            interrupted: stop.load(Ordering::Relaxed),
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
        }
    }

    fn skipped(&self, i: usize) -> UnitResult {
        let mut row = self.row(i);
        row.trang_thai = Status::BoQua;
        UnitResult {
            row,
            errors: Vec::new(),
            warnings: Vec::new(),
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
        }
    }

    /// Expands and validates unit `i` (for numbering): `Err` with its result when it fails.
    /// (Boxed: a failed unit's result is large, and most units pass.)
    fn check(&self, i: usize) -> Result<(), Box<UnitResult>> {
        self.prepare(i, None).map(|_| ())
    }

    /// Unit `i` expanded and prepared, with its warnings located.
    fn prepare(
        &self,
        i: usize,
        number: Option<u64>,
    ) -> Result<(pipeline::Prepared, Vec<Located>, String), Box<UnitResult>> {
        let unit = &self.units.units[i];
        let files = self.files();
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
    fn make(&self, i: usize, number: Option<u64>) -> Made {
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
    /// group; a unit whose files cannot be written fails.
    fn commit(&self, made: Vec<(usize, Made)>) -> Vec<(usize, UnitResult)> {
        let (units, staged): (Vec<_>, Vec<_>) = made
            .into_iter()
            .map(|(i, m)| ((i, m.result), m.files))
            .unzip();
        units
            .into_iter()
            .zip(crate::output::commit_group(staged))
            .map(|((i, result), written)| match written {
                Ok(()) => (i, result),
                Err(e) => (i, self.write_failed(i, &e, result.warnings)),
            })
            .collect()
    }

    fn write_failed(&self, i: usize, e: &std::io::Error, warnings: Vec<Located>) -> UnitResult {
        self.failed(
            i,
            vec![Located {
                text: format!(
                    "{}: lỗi: không ghi được kết quả: {}",
                    self.out.display(),
                    crate::diag::io_message(e)
                ),
                in_base: false,
            }],
            warnings,
        )
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
            Err(e) => return Made::failed(self.write_failed(i, &e, warnings)),
        };
        row.so_ky_hieu = prepared.van_ban.so_ky_hieu.clone();
        row.trang_thai = Status::DaTao;
        Made {
            result: UnitResult {
                row,
                errors: Vec::new(),
                warnings,
            },
            files: staged,
        }
    }
}

/// A unit as a worker leaves it: its result and, when it was made, its files under temporary
/// names (none when it failed), for the main thread to commit.
struct Made {
    result: UnitResult,
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

/// The summary document (`--tong-hop`): one more document from its own base, whose variables
/// are `don_vi` (every unit's values, with its `stt`) and `so_don_vi`.
pub struct Summary<'a> {
    pub base: &'a Base,
    pub path: &'a Path,
}

impl Summary<'_> {
    /// Makes and writes the summary as `out/STEM.pdf` and `.docx`.
    pub fn make(
        &self,
        units: &Units,
        out: &Path,
        pdf: bool,
        docx: bool,
        template: Option<&UserTemplate>,
    ) -> Result<(Row, Vec<String>), Vec<String>> {
        let all: Vec<serde_json::Value> = units
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let mut values = u.values.clone();
                values.insert(STT.into(), (i + 1).into());
                serde_json::Value::Object(values)
            })
            .collect();
        let mut vars = BTreeMap::new();
        vars.insert(DON_VI.to_string(), Value::from_serialize(&all));
        vars.insert(SO_DON_VI.to_string(), Value::from(all.len()));
        let place = |origin: usize| {
            let pos = self.base.origin(origin).pos;
            format!("{}:{}:{}", self.path.display(), pos.line, pos.col)
        };
        let expanded = self.base.expand(&Scope::new(vars), &[]).map_err(|e| match e {
            base::ExpandError::Missing { origin, names } => vec![format!(
                "{}: lỗi: không có biến {}; bản tổng hợp dùng `{DON_VI}` (danh sách các đơn vị) và `{SO_DON_VI}`",
                place(origin),
                names.join(", ")
            )],
            base::ExpandError::Eval { origin, message } => {
                vec![format!("{}: lỗi: {message}", place(origin))]
            }
        })?;
        let show = |d: &crate::diag::Diag| {
            let origin = expanded
                .lines
                .get(d.pos.line.saturating_sub(1))
                .copied()
                .unwrap_or(0);
            let label = if d.is_error() { "lỗi" } else { "cảnh báo" };
            let hint = d
                .hint
                .as_ref()
                .map(|h| format!(" (gợi ý: {h})"))
                .unwrap_or_default();
            format!("{}: {label}: {}{hint}", place(origin), d.message)
        };
        let prepared = match pipeline::prepare_with(&expanded.text, template, self.path.parent()) {
            Ok(p) => p,
            Err(PipelineError::Input(diags)) => return Err(diags.iter().map(show).collect()),
            Err(e) => return Err(vec![format!("{}: lỗi: {e}", self.path.display())]),
        };
        let warnings = prepared.warnings.iter().map(show).collect();
        let stem = naming::file_stem(
            &self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let stem = if stem.is_empty() {
            "tong-hop".to_string()
        } else {
            stem
        };
        let fail = |e: PipelineError| vec![format!("{}: lỗi: {e}", self.path.display())];
        let mut row = Row {
            stt: 0,
            hang: self.path.display().to_string(),
            don_vi: "tổng hợp".into(),
            tep_pdf: String::new(),
            tep_docx: String::new(),
            so_ky_hieu: prepared.van_ban.so_ky_hieu.clone(),
            so_trang: None,
            sha256_pdf: String::new(),
            sha256_docx: String::new(),
            trang_thai: Status::DaTao,
            loi: String::new(),
        };
        let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        if pdf {
            let (bytes, pages) = pipeline::to_pdf(&prepared).map_err(fail)?;
            row.tep_pdf = format!("{stem}.pdf");
            row.so_trang = Some(pages);
            row.sha256_pdf = manifest::sha256_hex(&bytes);
            files.push((out.join(&row.tep_pdf), bytes));
        }
        if docx {
            let bytes = pipeline::to_docx(&prepared).map_err(fail)?;
            row.tep_docx = format!("{stem}.docx");
            row.sha256_docx = manifest::sha256_hex(&bytes);
            files.push((out.join(&row.tep_docx), bytes));
        }
        crate::output::write_all_atomic(&files).map_err(|e| {
            vec![format!(
                "{}: lỗi: không ghi được: {}",
                out.display(),
                crate::diag::io_message(&e)
            )]
        })?;
        Ok((row, warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::{Next, parallel};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    #[test]
    fn parallel_does_every_item_once_on_workers_and_hands_results_to_the_caller() {
        let caller = std::thread::current().id();
        let mut seen = vec![0; 50];
        parallel(
            50,
            2,
            || false,
            |i| (i, std::thread::current().id()),
            |results| {
                while let Next::Result(i, (item, worker)) = results.next(None) {
                    assert_eq!(std::thread::current().id(), caller);
                    assert_ne!(worker, caller);
                    assert_eq!(i, item);
                    seen[i] += 1;
                }
            },
        );
        assert_eq!(seen, vec![1; 50]);
    }

    #[test]
    fn parallel_starts_no_item_once_stopped() {
        let started = AtomicUsize::new(0);
        let mut done = 0;
        parallel(
            1000,
            2,
            || started.load(Ordering::Relaxed) >= 10,
            |_| started.fetch_add(1, Ordering::Relaxed),
            |results| {
                while let Next::Result(..) = results.next(None) {
                    done += 1;
                }
            },
        );
        // Each of the two workers may take one more item between its check and the count.
        let started = started.load(Ordering::Relaxed);
        assert!((10..=11).contains(&started), "{started} started");
        assert_eq!(done, started);
    }

    #[test]
    fn the_caller_hears_of_a_deadline_passed_while_a_worker_is_busy() {
        let mut order = Vec::new();
        parallel(
            2,
            1,
            || false,
            |i| {
                if i == 1 {
                    std::thread::sleep(Duration::from_millis(300));
                }
                i
            },
            |results| {
                let mut deadline = None;
                loop {
                    match results.next(deadline) {
                        Next::Result(i, _) => {
                            order.push(format!("result {i}"));
                            deadline = Some(Instant::now() + Duration::from_millis(20));
                        }
                        Next::Deadline => {
                            order.push("deadline".to_string());
                            deadline = None;
                        }
                        Next::End => break,
                    }
                }
            },
        );
        assert_eq!(order, ["result 0", "deadline", "result 1"]);
    }
}
