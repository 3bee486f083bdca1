//! `vbhc sign IN.pdf --p12 FILE [--field nguoi_ky] -o OUT.pdf`: signs a PDF with a certificate
//! file. The password comes from `VBHC_P12_PASSWORD` or a prompt, never from an argument (it
//! would show in the shell's history and in the process list).

use super::report;
use crate::sign::{self, Identity};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The environment variable holding the PKCS#12 password.
pub const PASSWORD_VARIABLE: &str = "VBHC_P12_PASSWORD";

/// The largest PDF signed: a scanned 300-page appendix is under this.
const MAX_PDF_BYTES: u64 = 256 * 1024 * 1024;
/// The largest certificate file: a key and a chain of certificates take a few kilobytes.
const MAX_P12_BYTES: u64 = 1024 * 1024;

pub struct Options {
    pub input: PathBuf,
    pub p12: PathBuf,
    pub field: String,
    pub out: PathBuf,
}

pub fn run(o: Options) -> ExitCode {
    match sign_file(&o) {
        Ok(name) => {
            eprintln!(
                "đã ký {} vào trường `{}` (người ký: {name})",
                o.out.display(),
                o.field
            );
            ExitCode::SUCCESS
        }
        Err((path, message)) => {
            report::plain(&path, &message);
            ExitCode::from(1)
        }
    }
}

/// Signs and writes the output atomically; on failure, the file the error is about and the
/// message. Returns the signer's name.
fn sign_file(o: &Options) -> Result<String, (PathBuf, String)> {
    let on = |path: &Path| {
        let path = path.to_path_buf();
        move |e: sign::SignError| (path, e.to_string())
    };
    let read = |path: &Path, max: u64| {
        crate::bounded_read::read(path, max)
            .map_err(|e| (path.to_path_buf(), format!("không đọc được tệp: {e}")))
    };
    let pdf = read(&o.input, MAX_PDF_BYTES)?;
    let p12 = read(&o.p12, MAX_P12_BYTES)?;
    let password = password().map_err(|m| (o.p12.clone(), m))?;
    let identity =
        Identity::from_pkcs12(&p12, &password, std::time::SystemTime::now()).map_err(on(&o.p12))?;
    // Vietnam time whatever the machine's zone (§3.13 asks for it on the agency's signature;
    // a document of a Vietnamese authority reads the same on every signature).
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    let now = chrono::Utc::now().with_timezone(&vietnam);
    let signed = sign::sign_pdf(&pdf, &identity, &o.field, now).map_err(on(&o.input))?;
    if let Some(dir) = o.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| (o.out.clone(), crate::diag::io_message(&e)))?;
    }
    crate::output::write_atomic(&o.out, &signed).map_err(|e| {
        (
            o.out.clone(),
            format!("không ghi được tệp: {}", crate::diag::io_message(&e)),
        )
    })?;
    Ok(identity.name)
}

/// The password: from the environment, or asked on the terminal without echo.
fn password() -> Result<String, String> {
    if let Ok(p) = std::env::var(PASSWORD_VARIABLE) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "thiếu mật khẩu: đặt biến môi trường {PASSWORD_VARIABLE} hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập"
        ));
    }
    rpassword::prompt_password("Mật khẩu tệp chứng thư số (.p12): ")
        .map_err(|e| format!("không đọc được mật khẩu: {e}"))
}
