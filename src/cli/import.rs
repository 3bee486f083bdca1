//! `vbhc import FILE.docx [-o FILE.yaml]`: the YAML of a Word document, checked as `vbhc check`
//! checks it; what the import could not place is reported on standard error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(file: &Path, out: Option<&PathBuf>) -> ExitCode {
    // A type's own template is looked for, and named, where the YAML goes.
    let thu_muc = match out.and_then(|p| p.parent()) {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let imported = match crate::import::import(file, &thu_muc) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{}: lỗi: {e}", file.display());
            return ExitCode::from(1);
        }
    };
    for w in &imported.canh_bao {
        eprintln!("{}: cảnh báo: {w}", file.display());
    }
    let checked = crate::pipeline::prepare_with(&imported.yaml, None, Some(&thu_muc));
    if let Err(crate::pipeline::PipelineError::Input(diags)) = &checked {
        let name = out.map_or_else(|| "(YAML nhập được)".to_string(), |p| p.display().to_string());
        super::report::diags(Path::new(&name), &imported.yaml, diags);
        eprintln!("Tệp YAML cần sửa những chỗ trên trước khi tạo văn bản.");
    }
    match out {
        None => {
            print!("{}", imported.yaml);
            let _ = std::io::stdout().flush();
        }
        Some(path) => {
            // A new file only: never over one vbhc did not write.
            let written = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .and_then(|mut f| f.write_all(imported.yaml.as_bytes()));
            if let Err(e) = written {
                let why = if e.kind() == std::io::ErrorKind::AlreadyExists { "đã có tệp này; chọn tên khác".to_string() } else { e.to_string() };
                eprintln!("{}: lỗi: không ghi được: {why}", path.display());
                return ExitCode::from(1);
            }
            eprintln!("{} → {}", file.display(), path.display());
        }
    }
    if checked.is_ok() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
