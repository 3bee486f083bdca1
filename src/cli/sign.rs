//! `vbhc sign IN.pdf (--p12 FILE | --pkcs11 MODULE.so [--token L] [--key L]) [--field nguoi_ky]
//! [--anh ANH.png] -o OUT.pdf`: signs a PDF with a certificate file or a token. The password
//! comes from `VBHC_P12_PASSWORD`, the PIN from `VBHC_PIN`, or else a prompt without echo;
//! never from an argument (it would show in the shell's history and in the process list).

use super::report;
use crate::output::folder::{OutputFolder, WriteError};
use crate::sign::{self, Identity};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The environment variable holding the PKCS#12 password.
pub const PASSWORD_VARIABLE: &str = "VBHC_P12_PASSWORD";
/// The environment variable holding a token's PIN.
pub const PIN_VARIABLE: &str = "VBHC_PIN";

/// The largest PDF signed: a scanned 300-page appendix is under this.
pub(super) const MAX_PDF_BYTES: u64 = 256 * 1024 * 1024;
/// The largest certificate file: a key and a chain of certificates take a few kilobytes.
const MAX_P12_BYTES: u64 = 1024 * 1024;
/// The largest file of certificates: a chain, or a few CAs, are a few kilobytes.
const MAX_CERTIFICATES_BYTES: u64 = 4 * 1024 * 1024;
/// The largest PKCS#11 module loaded: token makers' libraries are a few megabytes.
const MAX_MODULE_BYTES: u64 = 256 * 1024 * 1024;

/// Where the key is.
pub enum Ky {
    P12(PathBuf),
    Pkcs11 {
        module: PathBuf,
        token: Option<String>,
        key: Option<String>,
    },
}

pub struct Options {
    /// A PDF, or a batch's output folder.
    pub input: PathBuf,
    pub ky: Ky,
    pub field: String,
    /// The signature's image (`--anh`).
    pub anh: Option<PathBuf>,
    /// The time-stamping authority (`--tsa`).
    pub tsa: Option<String>,
    /// The signed PDF; none when a folder is signed in place.
    pub out: Option<PathBuf>,
}

pub fn run(o: Options) -> ExitCode {
    if o.input.is_dir() {
        return match &o.out {
            None => super::sign_batch::run(&o),
            Some(_) => {
                report::plain(&o.input, "ký cả thư mục thì ký tại chỗ: bỏ -o");
                ExitCode::from(2)
            }
        };
    }
    let Some(out) = o.out.clone() else {
        report::plain(&o.input, "thiếu -o: tên tệp PDF đã ký");
        return ExitCode::from(2);
    };
    match sign_file(&o, &out) {
        Ok(name) => {
            eprintln!(
                "đã ký {} vào trường `{}` (người ký: {name})",
                out.display(),
                o.field
            );
            ExitCode::SUCCESS
        }
        Err(f) => f.report(),
    }
}

/// Why nothing was signed: a message about a file, or a line that names its file already.
pub(super) enum Failure {
    At(PathBuf, String),
    Said(String),
}

impl Failure {
    /// Says it, and gives the exit status of a failed run.
    pub(super) fn report(self) -> ExitCode {
        match self {
            Failure::At(path, message) => report::plain(&path, &message),
            Failure::Said(line) => eprintln!("{line}"),
        }
        ExitCode::from(1)
    }
}

impl From<(PathBuf, String)> for Failure {
    fn from((path, message): (PathBuf, String)) -> Failure {
        Failure::At(path, message)
    }
}

/// Signs and writes the output atomically; on failure, the file the error is about and the
/// message. Returns the signer's name.
fn sign_file(o: &Options, out: &Path) -> Result<String, Failure> {
    let on = |path: &Path| {
        let path = path.to_path_buf();
        move |e: sign::SignError| (path, e.to_string())
    };
    let pdf = read(&o.input, MAX_PDF_BYTES)?;
    let image = image(o)?;
    let identity = identity(&o.ky, &read)?;
    let now = vietnam_now();
    let signed =
        sign::sign_pdf(&pdf, &identity, &o.field, now, image.as_ref(), o.tsa.as_deref()).map_err(on(&o.input))?;
    write_signed(out, signed)?;
    Ok(identity.name)
}

/// The certificates of a PEM file (one or several, signer first), or of a DER file (one, as
/// bytes or base64).
pub(super) fn certificates(path: &Path) -> Result<Vec<x509_cert::Certificate>, Failure> {
    use base64::Engine;
    use der::Decode;
    let bytes = read(path, MAX_CERTIFICATES_BYTES)?;
    let parsed = if bytes.windows(10).any(|w| w == b"-----BEGIN") {
        x509_cert::Certificate::load_pem_chain(&bytes).map_err(|e| e.to_string())
    } else {
        let text: String = String::from_utf8_lossy(&bytes).split_whitespace().collect();
        let der = base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).unwrap_or(bytes);
        x509_cert::Certificate::from_der(&der).map(|c| vec![c]).map_err(|e| e.to_string())
    };
    match parsed {
        Ok(certs) if !certs.is_empty() => Ok(certs),
        Ok(_) => Err(Failure::At(path.to_path_buf(), "tệp không có chứng thư số nào".into())),
        Err(e) => Err(Failure::At(path.to_path_buf(), format!("không đọc được chứng thư số (PEM hoặc DER): {e}"))),
    }
}

/// A file, bounded; the error names it.
pub(super) fn read(path: &Path, max: u64) -> Result<Vec<u8>, (PathBuf, String)> {
    crate::bounded_read::read(path, max).map_err(|e| (path.to_path_buf(), format!("không đọc được tệp: {e}")))
}

/// The signature's image, when `--anh` gives one.
pub(super) fn image(o: &Options) -> Result<Option<crate::input::anh::Anh>, Failure> {
    o.anh
        .as_ref()
        .map(|path| crate::input::anh::read_png(path).map_err(|m| Failure::At(path.clone(), m)))
        .transpose()
}

/// Vietnam time whatever the machine's zone (§3.13 asks for it on the agency's signature; a
/// document of a Vietnamese authority reads the same on every signature).
pub(super) fn vietnam_now() -> chrono::DateTime<chrono::FixedOffset> {
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600).expect("a valid offset");
    chrono::Utc::now().with_timezone(&vietnam)
}

/// Writes the signed PDF under the rule of every file vbhc writes: it never replaces one it did
/// not write (`output::folder`), so signing over the clerk's own PDF is refused.
pub(super) fn write_signed(out: &Path, signed: Vec<u8>) -> Result<(), Failure> {
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

/// The signer, from the `.p12` file or the token, its certificate checked now.
pub(super) fn identity(
    ky: &Ky,
    read: &dyn Fn(&Path, u64) -> Result<Vec<u8>, (PathBuf, String)>,
) -> Result<Identity, Failure> {
    let now = std::time::SystemTime::now();
    match ky {
        Ky::P12(file) => {
            let p12 = read(file, MAX_P12_BYTES)?;
            let password = secret(PASSWORD_VARIABLE, "mật khẩu", "Mật khẩu tệp chứng thư số (.p12): ")
                .map_err(|m| Failure::At(file.clone(), m))?;
            Identity::from_pkcs12(&p12, &password, now).map_err(|e| Failure::At(file.clone(), e.to_string()))
        }
        Ky::Pkcs11 { module, token, key } => {
            let on = |e: sign::SignError| Failure::At(module.clone(), e.to_string());
            crate::bounded_read::check(module, MAX_MODULE_BYTES)
                .map_err(|e| Failure::At(module.clone(), format!("không đọc được thư viện PKCS#11: {e}")))?;
            let pin = secret(PIN_VARIABLE, "mã PIN", "Mã PIN thiết bị ký: ").map_err(|m| Failure::At(module.clone(), m))?;
            let chon = sign::token::Chon {
                token: token.as_deref(),
                key: key.as_deref(),
            };
            let (key, certificate) = sign::token::open(module, &chon, &pin).map_err(on)?;
            Identity::checked(Box::new(key), certificate, Vec::new(), now).map_err(on)
        }
    }
}

/// A secret: from the environment, or asked on the terminal without echo.
fn secret(variable: &str, what: &str, prompt: &str) -> Result<String, String> {
    if let Ok(p) = std::env::var(variable) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(format!(
            "thiếu {what}: đặt biến môi trường {variable} hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập"
        ));
    }
    rpassword::prompt_password(prompt).map_err(|e| format!("không đọc được {what}: {e}"))
}
