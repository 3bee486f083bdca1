//! `vbhc render` and `vbhc check`: each input read, validated and laid out; the outputs
//! written under the output folder's rule, never over a file vbhc did not write.

use super::{Format, report};
use crate::bounded_read;
use crate::output::folder::{OutputFolder, WriteError};
use crate::pipeline::{self, PipelineError, Prepared};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads and prepares one input, printing its warnings and errors; with the source text.
/// `None` when it failed.
fn prepare_file(
    path: &Path,
    template: Option<&pipeline::UserTemplate>,
) -> Option<(Prepared, String)> {
    let src = match bounded_read::read_text(path, crate::reader::MAX_INPUT_BYTES as u64) {
        Ok(Ok(s)) => s,
        Ok(Err(())) => {
            report::plain(
                path,
                "tệp không phải văn bản UTF-8; hãy lưu lại tệp với mã hóa UTF-8",
            );
            return None;
        }
        Err(e) => {
            report::plain(path, &format!("không đọc được tệp: {e}"));
            return None;
        }
    };
    match pipeline::prepare_with(&src, template, path.parent()) {
        Ok(p) => {
            report::diags(path, &src, &p.warnings);
            Some((p, src))
        }
        Err(PipelineError::Input(diags)) => {
            report::diags(path, &src, &diags);
            None
        }
        Err(e) => {
            report::plain(path, &e.to_string());
            None
        }
    }
}

/// The output files of an input: `STEM.pdf`, `STEM.docx`, as asked.
fn output_names(path: &Path, formats: &[Format]) -> Vec<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "van-ban".into());
    [(Format::Pdf, "pdf"), (Format::Docx, "docx")]
        .into_iter()
        .filter(|(f, _)| formats.contains(f))
        .map(|(_, ext)| format!("{stem}.{ext}"))
        .collect()
}

/// The inputs that may not be rendered, with why: two inputs that would write the same file
/// (names compared without case, as Windows and macOS do), an input that would replace a file
/// vbhc did not write. Said before anything is written.
fn refused_inputs(files: &[PathBuf], formats: &[Format], folder: &OutputFolder) -> Vec<bool> {
    let mut refused = vec![false; files.len()];
    let mut claimed: std::collections::HashMap<String, usize> = Default::default();
    for (i, path) in files.iter().enumerate() {
        for name in output_names(path, formats) {
            match claimed.get(&name.to_lowercase()) {
                Some(&j) if j != i => {
                    eprintln!(
                        "{}: lỗi: {} và {} cùng ghi ra {}; đổi tên một trong hai tệp, hoặc tạo từng tệp vào một thư mục khác",
                        path.display(),
                        files[j].display(),
                        path.display(),
                        folder.path(&name).display()
                    );
                    refused[i] = true;
                    refused[j] = true;
                }
                _ => {
                    claimed.insert(name.to_lowercase(), i);
                }
            }
        }
    }
    for (i, path) in files.iter().enumerate() {
        let names = output_names(path, formats);
        for s in folder.strangers(names.iter().map(String::as_str)) {
            eprintln!("{} ({})", s.message(), path.display());
            refused[i] = true;
        }
    }
    refused
}

pub(super) fn render(
    files: &[PathBuf],
    out: &Path,
    formats: &[Format],
    template: Option<&pipeline::UserTemplate>,
    standard: pipeline::PdfStandard,
) -> ExitCode {
    // Before anything is written: the inputs that may not be, and why. The folder is locked
    // only while a run looks at it and while it writes (`output::folder`), so that renders
    // run side by side (a script's) each wait for the other's few milliseconds of writing.
    let refused = match OutputFolder::open(out, true) {
        Ok(folder) => refused_inputs(files, formats, &folder),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let mut failed = refused.iter().filter(|r| **r).count();
    for (path, _) in files.iter().zip(&refused).filter(|(_, r)| !**r) {
        let ok = std::panic::catch_unwind(|| render_one(path, out, formats, template, standard))
            .unwrap_or(false);
        if !ok {
            failed += 1;
        }
    }
    if failed > 0 {
        eprintln!("{failed}/{} tệp không tạo được văn bản.", files.len());
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn render_one(
    path: &Path,
    out: &Path,
    formats: &[Format],
    template: Option<&pipeline::UserTemplate>,
    standard: pipeline::PdfStandard,
) -> bool {
    let Some((prepared, src)) = prepare_file(path, template) else {
        return false;
    };
    let want_pdf = formats.contains(&Format::Pdf);
    let want_docx = formats.contains(&Format::Docx);
    // The two writers are independent: lay out the PDF on a second thread meanwhile.
    let (pdf, docx) = std::thread::scope(|s| {
        let output = pipeline::PdfOutput {
            standard,
            source: Some(src.as_bytes()),
        };
        let prepared = &prepared;
        let pdf = s.spawn(move || want_pdf.then(|| pipeline::to_pdf_as(prepared, output)));
        let docx = want_docx.then(|| pipeline::to_docx(prepared));
        (
            pdf.join().unwrap_or(Some(Err(PipelineError::Internal))),
            docx,
        )
    });
    let names = output_names(path, formats);
    let mut made: Vec<Vec<u8>> = Vec::new();
    let mut summary = Vec::new();
    match pdf {
        Some(Ok((bytes, pages))) => {
            summary.push(format!("{} ({pages} trang)", out.join(&names[0]).display()));
            made.push(bytes);
        }
        Some(Err(e)) => {
            report::plain(path, &e.to_string());
            return false;
        }
        None => {}
    }
    match docx {
        Some(Ok(bytes)) => {
            summary.push(out.join(names.last().expect("docx asked")).display().to_string());
            made.push(bytes);
        }
        Some(Err(e)) => {
            report::plain(path, &e.to_string());
            return false;
        }
        None => {}
    }
    let files: Vec<(String, Vec<u8>)> = names.into_iter().zip(made).collect();
    let mut folder = match OutputFolder::open(out, true) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return false;
        }
    };
    match folder.write(&files) {
        Ok(()) => {}
        Err(WriteError::Strangers(strangers)) => {
            for s in strangers {
                eprintln!("{} ({})", s.message(), path.display());
            }
            return false;
        }
        Err(WriteError::Io(e)) => {
            report::plain(
                path,
                &format!(
                    "không ghi được kết quả vào {}: {}",
                    out.display(),
                    crate::diag::io_message(&e)
                ),
            );
            return false;
        }
    }
    eprintln!("{} → {}", path.display(), summary.join(", "));
    true
}

pub(super) fn check(files: &[PathBuf], template: Option<&pipeline::UserTemplate>) -> ExitCode {
    let mut failed = 0;
    for path in files {
        match prepare_file(path, template) {
            Some((p, _)) => {
                let n = p.warnings.len();
                if n == 0 {
                    eprintln!("{}: hợp lệ", path.display());
                } else {
                    eprintln!("{}: hợp lệ, {n} cảnh báo", path.display());
                }
            }
            None => failed += 1,
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
