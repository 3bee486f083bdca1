//! `vbhc sign IN.pdf --p12 FILE [--field nguoi_ky] [--anh ANH.png] -o OUT.pdf`: signs a PDF with a certificate
//! file. The password comes from `VBHC_P12_PASSWORD` or a prompt, never from an argument (it
//! would show in the shell's history and in the process list).

use super::report;
use crate::output::folder::{OutputFolder, WriteError};
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
    /// The signature's image (`--anh`).
    pub anh: Option<PathBuf>,
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
        Err(Failure::At(path, message)) => {
            report::plain(&path, &message);
            ExitCode::from(1)
        }
        Err(Failure::Said(line)) => {
            eprintln!("{line}");
            ExitCode::from(1)
        }
    }
}

/// Why nothing was signed: a message about a file, or a line that names its file already.
enum Failure {
    At(PathBuf, String),
    Said(String),
}

impl From<(PathBuf, String)> for Failure {
    fn from((path, message): (PathBuf, String)) -> Failure {
        Failure::At(path, message)
    }
}

/// Signs and writes the output atomically; on failure, the file the error is about and the
/// message. Returns the signer's name.
fn sign_file(o: &Options) -> Result<String, Failure> {
    let on = |path: &Path| {
        let path = path.to_path_buf();
        move |e: sign::SignError| (path, e.to_string())
    };
    let read = |path: &Path, max: u64| {
        crate::bounded_read::read(path, max)
            .map_err(|e| (path.to_path_buf(), format!("không đọc được tệp: {e}")))
    };
    let pdf = read(&o.input, MAX_PDF_BYTES)?;
    let image = match &o.anh {
        Some(path) => Some(
            crate::input::anh::read_png(path).map_err(|m| Failure::At(path.clone(), m))?,
        ),
        None => None,
    };
    let p12 = read(&o.p12, MAX_P12_BYTES)?;
    let password = password().map_err(|m| (o.p12.clone(), m))?;
    let identity =
        Identity::from_pkcs12(&p12, &password, std::time::SystemTime::now()).map_err(on(&o.p12))?;
    // Vietnam time whatever the machine's zone (§3.13 asks for it on the agency's signature;
    // a document of a Vietnamese authority reads the same on every signature).
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    let now = chrono::Utc::now().with_timezone(&vietnam);
    let signed =
        sign::sign_pdf(&pdf, &identity, &o.field, now, image.as_ref()).map_err(on(&o.input))?;
    write_signed(&o.out, signed)?;
    Ok(identity.name)
}

/// Writes the signed PDF under the rule of every file vbhc writes: it never replaces one it did
/// not write (`output::folder`), so signing over the clerk's own PDF is refused.
fn write_signed(out: &Path, signed: Vec<u8>) -> Result<(), Failure> {
    let dir = out.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(Failure::At(out.to_path_buf(), "-o phải là tên một tệp PDF".into()));
    };
    let mut folder = OutputFolder::open(dir, true).map_err(|e| Failure::Said(e.to_string()))?;
    folder.write(&[(name, signed)]).map_err(|e| match e {
        WriteError::Strangers(strangers) => Failure::Said(strangers[0].message()),
        WriteError::Io(e) => Failure::At(
            out.to_path_buf(),
            format!("không ghi được tệp: {}", crate::diag::io_message(&e)),
        ),
    })
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
