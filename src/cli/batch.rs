//! `vbhc batch BASE.yaml --data UNITS -o DIR`: the command line around [`crate::batch`]:
//! reading the files, the progress bar, Ctrl-C, the manifest and the exit status.

use super::report;
use crate::batch::{self, Batch, Summary, UnitResult, base::Base, manifest, units};
use crate::output::folder::OutputFolder;
use crate::pipeline::UserTemplate;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C: the batch finishes the units in hand and starts no other.
static STOP: AtomicBool = AtomicBool::new(false);

/// Exit status of an interrupted batch, as shells report a Ctrl-C (128 + SIGINT).
const EXIT_INTERRUPTED: u8 = 130;

pub struct Options {
    pub base: PathBuf,
    pub data: PathBuf,
    pub out: PathBuf,
    pub pdf: bool,
    pub docx: bool,
    pub ten: Option<String>,
    pub so_bat_dau: Option<u64>,
    pub dung_khi_loi: bool,
    pub tong_hop: Option<PathBuf>,
    pub template: Option<UserTemplate>,
    pub jobs: Option<usize>,
    pub pdf_standard: crate::pipeline::PdfStandard,
}

/// Reads and compiles a base file, printing its errors.
fn read_base(path: &Path, extra: &[&str]) -> Option<Base> {
    let src = match crate::bounded_read::read_text(path, crate::reader::MAX_INPUT_BYTES as u64) {
        Ok(Ok(s)) => s,
        Ok(Err(())) => {
            report::plain(path, "tệp không phải văn bản UTF-8");
            return None;
        }
        Err(e) => {
            report::plain(path, &format!("không đọc được tệp: {e}"));
            return None;
        }
    };
    match Base::parse(&src, extra) {
        Ok(base) => Some(base),
        Err(diags) => {
            report::diags(path, &src, &diags);
            None
        }
    }
}

/// Prints one unit's messages, each warning text once per batch.
struct Printer {
    bar: Option<ProgressBar>,
    seen_warnings: HashSet<String>,
}

impl Printer {
    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn unit(&mut self, r: &UnitResult) {
        for w in &r.warnings {
            if self.seen_warnings.insert(w.text.clone()) {
                self.line(&w.text);
            }
        }
        for e in &r.errors {
            self.line(&e.text);
        }
        match &self.bar {
            Some(bar) => bar.inc(1),
            None if r.ok() => {
                let files: Vec<&str> = [&r.row.tep_pdf, &r.row.tep_docx]
                    .into_iter()
                    .filter(|f| !f.is_empty())
                    .map(String::as_str)
                    .collect();
                eprintln!("{} → {}", r.row.hang, files.join(", "));
            }
            None => {}
        }
    }
}

/// Every file the batch may write: each unit's, the summary's, the manifests.
fn targets(o: &Options, names: &[Result<String, String>], summary: Option<&str>) -> Vec<String> {
    let exts: Vec<&str> = [(o.pdf, "pdf"), (o.docx, "docx")]
        .into_iter()
        .filter(|(want, _)| *want)
        .map(|(_, ext)| ext)
        .collect();
    let stems = names.iter().flatten().map(String::as_str).chain(summary);
    stems
        .flat_map(|stem| exts.iter().map(move |ext| format!("{stem}.{ext}")))
        .chain([manifest::CSV_NAME.to_string(), manifest::JSON_NAME.to_string()])
        .collect()
}

pub fn run(o: Options) -> ExitCode {
    let Some(base) = read_base(&o.base, &[batch::STT]) else {
        return ExitCode::from(1);
    };
    let summary_base = match &o.tong_hop {
        Some(path) => match read_base(path, &[batch::DON_VI, batch::SO_DON_VI]) {
            Some(b) => Some(b),
            None => return ExitCode::from(1),
        },
        None => None,
    };
    let units = match units::read_units(&o.data) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let base_stem = o
        .base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "van-ban".into());
    // No unit takes the manifest's name or the summary's.
    let summary_stem = o.tong_hop.as_deref().map(batch::summary_stem);
    let reserved: Vec<&str> = [Some(manifest::STEM), summary_stem.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let names = match batch::plan_names(o.ten.as_deref(), &base_stem, &units, &reserved) {
        Ok(n) => n,
        Err(message) => {
            eprintln!("--ten: lỗi: {message}");
            return ExitCode::from(2);
        }
    };
    // The folder is the batch's until it ends: a second batch there is refused.
    let mut folder = match OutputFolder::open(&o.out, false) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    // Before anything is written: no file the batch may write replaces one vbhc did not write
    // (the clerk's unit list in the same folder, a DOCX edited since).
    let targets = targets(&o, &names, summary_stem.as_deref());
    let strangers = folder.strangers(targets.iter().map(String::as_str));
    if !strangers.is_empty() {
        for s in &strangers {
            eprintln!("{}", s.message());
        }
        eprintln!("Chưa tạo văn bản nào.");
        return ExitCode::from(1);
    }
    // A second handler cannot be installed (the benchmark runs several batches): keep the first.
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    STOP.store(false, Ordering::SeqCst);

    let threads = o
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let job = Batch {
        base: &base,
        base_path: &o.base,
        units: &units,
        out: &o.out,
        pdf: o.pdf,
        docx: o.docx,
        names,
        so_bat_dau: o.so_bat_dau,
        fail_fast: o.dung_khi_loi,
        template: o.template.as_ref(),
        threads,
        pdf_standard: o.pdf_standard,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(units.units.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} văn bản  {per_sec}  còn {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let mut printer = Printer {
        bar,
        seen_warnings: HashSet::new(),
    };
    let started = std::time::Instant::now();
    let outcome = job.run(&mut folder, &STOP, |r| printer.unit(r));
    let elapsed = started.elapsed();
    if let Some(bar) = &printer.bar {
        bar.finish_and_clear();
    }
    for e in &outcome.base_errors {
        eprintln!("{}", e.text);
    }
    if !outcome.base_errors.is_empty() {
        eprintln!("Tệp gốc cần sửa trước; chưa tạo văn bản nào.");
        return ExitCode::from(1);
    }

    let summary = match (&summary_base, &o.tong_hop) {
        (Some(b), Some(path)) if !outcome.interrupted => {
            let s = Summary { base: b, path };
            match s.make(&units, &mut folder, o.pdf, o.docx, o.template.as_ref()) {
                Ok((row, warnings)) => {
                    for w in warnings {
                        eprintln!("{w}");
                    }
                    Some(row)
                }
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{e}");
                    }
                    Some(manifest::Row {
                        stt: 0,
                        hang: path.display().to_string(),
                        don_vi: "tổng hợp".into(),
                        tep_pdf: String::new(),
                        tep_docx: String::new(),
                        so_ky_hieu: String::new(),
                        so_trang: None,
                        sha256_pdf: String::new(),
                        sha256_docx: String::new(),
                        trang_thai: manifest::Status::Loi,
                        loi: errors.join("; "),
                        ky_so: String::new(),
                    })
                }
            }
        }
        _ => None,
    };

    let rows: Vec<manifest::Row> = outcome.results.iter().map(|r| r.row.clone()).collect();
    if let Err(e) = manifest::write(&mut folder, &o.base, &o.data, &rows, summary.as_ref()) {
        eprintln!(
            "{}: lỗi: không ghi được bảng kê: {}",
            o.out.display(),
            crate::diag::io_message(&e)
        );
        return ExitCode::from(1);
    }
    let count = |s: manifest::Status| rows.iter().filter(|r| r.trang_thai == s).count();
    let (made, failed, skipped) = (
        count(manifest::Status::DaTao),
        count(manifest::Status::Loi),
        count(manifest::Status::BoQua),
    );
    let secs = elapsed.as_secs_f64();
    eprintln!(
        "{made}/{} đơn vị đã tạo{}{} trong {secs:.1} s ({:.0} văn bản/giây); bảng kê: {}",
        rows.len(),
        if failed > 0 { format!(", {failed} lỗi") } else { String::new() },
        if skipped > 0 { format!(", {skipped} bỏ qua") } else { String::new() },
        made as f64 / secs.max(1e-9),
        o.out.join(manifest::CSV_NAME).display()
    );
    let summary_failed = summary
        .as_ref()
        .is_some_and(|r| r.trang_thai == manifest::Status::Loi);
    if outcome.write_stopped {
        eprintln!(
            "Đã dừng: {} đơn vị liên tiếp không ghi được (ổ đĩa đầy, hoặc không có quyền ghi vào {}); bảng kê ghi rõ đơn vị nào chưa tạo.",
            batch::WRITE_FAILURES,
            o.out.display()
        );
    }
    if outcome.interrupted {
        eprintln!("Đã dừng theo yêu cầu (Ctrl-C): các tệp đã ghi đều đầy đủ.");
        ExitCode::from(EXIT_INTERRUPTED)
    } else if failed > 0 || skipped > 0 || summary_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
