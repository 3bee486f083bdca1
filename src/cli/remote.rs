//! Signing in two steps, as remote signing services (VNPT SmartCA, Viettel MySign) work: they
//! sign a hash, never a file. `vbhc prepare` writes the PDF with the signature's room made and
//! gives the hash to sign; `vbhc finish` puts what the service returned (a CMS, or a raw
//! signature with the certificate) into that room, after checking that it signs this
//! document, and writes the signed PDF.

use super::report;
use super::sign::{self as signing, Failure, MAX_PDF_BYTES};
use crate::sign::{self, Reserved, cms};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use std::path::Path;
use std::process::ExitCode;
use x509_cert::Certificate;

/// A signature or a CMS are a few kilobytes.
const MAX_SMALL_BYTES: u64 = 1024 * 1024;

pub struct Prepare<'a> {
    pub input: &'a Path,
    pub cert: &'a Path,
    pub field: &'a str,
    pub anh: Option<&'a Path>,
    pub out: &'a Path,
}

pub struct Finish<'a> {
    pub input: &'a Path,
    pub cms: Option<&'a Path>,
    pub signature: Option<&'a Path>,
    pub cert: Option<&'a Path>,
    /// A time-stamping authority for a raw signature (a CMS comes stamped or not).
    pub tsa: Option<&'a str>,
    pub out: &'a Path,
}

fn fail(path: &Path, message: impl std::fmt::Display) -> ExitCode {
    report::plain(path, &message.to_string());
    ExitCode::from(1)
}

fn read(path: &Path, max: u64) -> Result<Vec<u8>, ExitCode> {
    signing::read(path, max).map_err(|f| Failure::from(f).report())
}

/// Base64 text (as services return it) or the bytes themselves.
fn decoded(bytes: Vec<u8>) -> Vec<u8> {
    let text: String = String::from_utf8_lossy(&bytes).split_whitespace().collect();
    BASE64.decode(text.as_bytes()).unwrap_or(bytes)
}

fn certificates(path: &Path) -> Result<Vec<Certificate>, ExitCode> {
    signing::certificates(path).map_err(Failure::report)
}

/// Writes `bytes` under the rule of every file vbhc writes, as `vbhc sign` does.
fn write(out: &Path, bytes: Vec<u8>) -> Result<(), ExitCode> {
    signing::write_signed(out, bytes).map_err(Failure::report)
}

pub fn prepare(o: Prepare) -> ExitCode {
    match try_prepare(&o) {
        Ok(code) | Err(code) => code,
    }
}

fn try_prepare(o: &Prepare) -> Result<ExitCode, ExitCode> {
    let pdf = read(o.input, MAX_PDF_BYTES)?;
    let chain = certificates(o.cert)?;
    let image = match o.anh {
        Some(p) => Some(crate::input::anh::read_png(p).map_err(|m| fail(p, m))?),
        None => None,
    };
    let name = crate::sign::identity::common_name(&chain[0])
        .unwrap_or_else(|| chain[0].tbs_certificate.subject.to_string());
    let reserved = sign::reserve(&pdf, &name, o.field, signing::vietnam_now(), image.as_ref()).map_err(|e| fail(o.input, e))?;
    let attributes = cms::signed_attributes(&reserved.digest(), &chain[0]).map_err(|e| fail(o.input, e))?;
    let to_sign = cms::to_be_signed(&attributes).map_err(|e| fail(o.input, e))?;
    let hash = <sha2::Sha256 as sha2::Digest>::digest(&to_sign);
    write(o.out, reserved.bytes)?;
    let json = serde_json::json!({
        "tep": o.out.display().to_string(),
        "truong": o.field,
        "nguoi_ky": name,
        "thuat_toan_bam": "SHA-256",
        "bam_hex": hash.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        "bam_base64": BASE64.encode(hash),
    });
    println!("{}", serde_json::to_string_pretty(&json).expect("JSON"));
    eprintln!(
        "đã chuẩn bị {}: gửi mã băm cho dịch vụ ký, rồi chạy `vbhc finish {} --chu-ky <chữ ký> --cert <chứng thư> -o <tệp đã ký>`",
        o.out.display(),
        o.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn finish(o: Finish) -> ExitCode {
    match try_finish(&o) {
        Ok(code) | Err(code) => code,
    }
}

fn try_finish(o: &Finish) -> Result<ExitCode, ExitCode> {
    let reserved = Reserved::read(read(o.input, MAX_PDF_BYTES)?).map_err(|e| fail(o.input, e))?;
    let cms = match (o.cms, o.signature, o.cert) {
        (Some(path), _, _) => decoded(read(path, MAX_SMALL_BYTES)?),
        (None, Some(sig_path), Some(cert_path)) => {
            let signature = decoded(read(sig_path, MAX_SMALL_BYTES)?);
            let chain = certificates(cert_path)?;
            let attributes = cms::signed_attributes(&reserved.digest(), &chain[0]).map_err(|e| fail(o.input, e))?;
            let algorithm = if is_ec(&chain[0]) { sign::khoa_ky::ecdsa_sha256() } else { sign::khoa_ky::rsa_sha256() };
            let stamp = o
                .tsa
                .map(|url| sign::timestamp::attribute(url, &signature))
                .transpose()
                .map_err(|e| fail(o.input, e))?;
            cms::content_info(&chain[0], &chain[1..], attributes, algorithm, &signature, stamp).map_err(|e| fail(o.input, e))?
        }
        _ => return Err(fail(o.input, "cần --cms, hoặc --chu-ky cùng --cert")),
    };
    let signed = reserved.fill(&cms).map_err(|e| fail(o.input, e))?;
    // Refuse anything that does not sign this very document, with nothing written.
    let results = crate::verify::verify(&signed, &[]).map_err(|e| fail(o.input, e))?;
    let last = results.iter().find(|r| r.pham_vi == crate::verify::PhamVi::ToanBo);
    match last {
        Some(r) if !r.hong() => {
            write(o.out, signed)?;
            eprintln!("đã ký {} vào trường `{}` (người ký: {})", o.out.display(), r.truong, r.nguoi_ky);
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(fail(
            o.input,
            "chữ ký nhận về không khớp với văn bản đã chuẩn bị (ký một mã băm khác, hoặc không phải của chứng thư này); không ghi tệp nào",
        )),
    }
}

fn is_ec(cert: &Certificate) -> bool {
    cert.tbs_certificate.subject_public_key_info.algorithm.oid
        == const_oid::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1")
}
