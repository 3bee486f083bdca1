//! `vbhc bench`: how long a document takes, in-process and as a fresh `vbhc render`, against
//! LibreOffice converting the same DOCX to PDF. Medians, since machines are noisy.

use crate::pipeline;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The largest `.yaml` in `data/`.
fn largest_example() -> Option<PathBuf> {
    std::fs::read_dir("data")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
}

fn libreoffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|exe| {
        Command::new(exe)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

pub fn run(file: Option<PathBuf>, lan: usize) -> ExitCode {
    let Some(path) = file.or_else(largest_example) else {
        eprintln!("lỗi: không có tệp để đo; chỉ ra một tệp YAML");
        return ExitCode::from(2);
    };
    let src = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}:1:1: lỗi: không đọc được tệp: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    let prepared = match pipeline::prepare(&src) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "{}:1:1: lỗi: {e} (chạy `vbhc check` để xem chi tiết)",
                path.display()
            );
            return ExitCode::from(1);
        }
    };
    let lan = lan.max(3);
    let (docx, pages) = match (pipeline::to_docx(&prepared), pipeline::to_pdf(&prepared)) {
        (Ok(d), Ok((_, pages))) => (d, pages),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{}:1:1: lỗi: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    println!("tệp: {} ({pages} trang)", path.display());

    let time = |f: &dyn Fn()| {
        median(
            (0..lan)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed()
                })
                .collect(),
        )
    };
    let t_prepare = time(&|| {
        pipeline::prepare(&src).expect("prepared once already");
    });
    let t_pdf = time(&|| {
        pipeline::to_pdf(&prepared).expect("rendered once already");
    });
    let t_docx = time(&|| {
        pipeline::to_docx(&prepared).expect("rendered once already");
    });
    println!("trong tiến trình (ấm, trung vị của {lan} lần):");
    println!("  đọc + kiểm tra + mẫu: {}", ms(t_prepare));
    println!("  PDF:                  {}", ms(t_pdf));
    println!("  DOCX:                 {}", ms(t_docx));

    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("lỗi: không tạo được thư mục tạm: {e}");
            return ExitCode::from(1);
        }
    };
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("vbhc"));
    let runs = 10;
    let fresh: Vec<Duration> = (0..runs)
        .filter_map(|_| {
            let t = Instant::now();
            let ok = Command::new(&exe)
                .args(["render", "-o"])
                .arg(dir.path())
                .arg(&path)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            ok.then(|| t.elapsed())
        })
        .collect();
    if fresh.len() < runs {
        eprintln!("lỗi: `vbhc render` không chạy được");
        return ExitCode::from(1);
    }
    let t_fresh = median(fresh);
    println!(
        "tiến trình mới `vbhc render` (PDF + DOCX, trung vị của {runs} lần): {}",
        ms(t_fresh)
    );

    match libreoffice() {
        None => println!("LibreOffice: không có trên máy này; bỏ qua phép so sánh"),
        Some(lo) => {
            let docx_path = dir.path().join("lo.docx");
            if std::fs::write(&docx_path, &docx).is_err() {
                return ExitCode::from(1);
            }
            let lo_runs: Vec<Duration> = (0..3)
                .filter_map(|_| convert_with(lo, &docx_path, dir.path()))
                .collect();
            if lo_runs.is_empty() {
                println!("LibreOffice: chuyển đổi thất bại");
            } else {
                let t_lo = median(lo_runs);
                println!(
                    "LibreOffice chỉ chuyển DOCX → PDF (trung vị của 3 lần): {}",
                    ms(t_lo)
                );
                println!(
                    "tỉ lệ LibreOffice / vbhc render: {:.0}×",
                    t_lo.as_secs_f64() / t_fresh.as_secs_f64()
                );
            }
        }
    }
    ExitCode::SUCCESS
}

fn convert_with(lo: &str, docx: &Path, out: &Path) -> Option<Duration> {
    let profile = out.join("lo-profile");
    let t = Instant::now();
    let ok = Command::new(lo)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(docx)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| t.elapsed())
}
