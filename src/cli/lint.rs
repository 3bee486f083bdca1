//! `vbhc lint FILE...`: each document checked against the decree; the findings printed one per
//! line (or as JSON with `--json`); exit 1 when any has an error (`loi`).

use crate::lint::{self, Finding, MucDo};
use std::path::PathBuf;
use std::process::ExitCode;

fn line(file: &std::path::Path, f: &Finding) -> String {
    let muc = match f.severity {
        MucDo::Loi => "lỗi",
        MucDo::CanhBao => "cảnh báo",
    };
    let place = match f.paragraph {
        Some(p) => format!("trang {}, đoạn {p}", f.page),
        None => format!("trang {}", f.page),
    };
    let text = if f.text.is_empty() { String::new() } else { format!(" — «{}»", f.text) };
    format!("{}: {place}: {muc} [{}]: {} ({}){text}", file.display(), f.rule, f.message, f.spec)
}

pub fn run(files: &[PathBuf], json: bool) -> ExitCode {
    let mut failed = false;
    let mut all: Vec<serde_json::Value> = Vec::new();
    for file in files {
        match lint::lint(file) {
            Ok(findings) => {
                failed |= findings.iter().any(|f| f.severity == MucDo::Loi);
                if json {
                    for f in &findings {
                        let mut v = serde_json::to_value(f).unwrap_or_default();
                        v["file"] = file.display().to_string().into();
                        all.push(v);
                    }
                } else if findings.is_empty() {
                    eprintln!("{}: đúng thể thức Nghị định 30", file.display());
                } else {
                    for f in &findings {
                        println!("{}", line(file, f));
                    }
                }
            }
            Err(e) => {
                failed = true;
                eprintln!("{}: lỗi: {e}", file.display());
            }
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
