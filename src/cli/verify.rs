//! `vbhc verify FILE.pdf [--ca CERTS.pem] [--json]`: every signature of a PDF, in Vietnamese
//! or as JSON for scripts; exit 1 when a signature is broken (or, with `--ca`, not trusted).

use super::report;
use crate::verify::{self, KetQua, PhamVi};
use std::path::Path;
use std::process::ExitCode;

/// The largest PDF checked, as for signing.
const MAX_PDF_BYTES: u64 = 256 * 1024 * 1024;
/// The largest file of trusted certificates: a few CA certificates are a few kilobytes.
const MAX_CA_BYTES: u64 = 4 * 1024 * 1024;

pub fn run(input: &Path, ca: Option<&Path>, json: bool) -> ExitCode {
    let read = |path: &Path, max: u64| {
        crate::bounded_read::read(path, max).map_err(|e| {
            report::plain(path, &format!("không đọc được tệp: {e}"));
            ExitCode::from(1)
        })
    };
    let trusted = match ca {
        Some(path) => match read(path, MAX_CA_BYTES).map(|b| certificates(path, &b)) {
            Ok(Ok(certs)) => certs,
            Ok(Err(code)) | Err(code) => return code,
        },
        None => Vec::new(),
    };
    let pdf = match read(input, MAX_PDF_BYTES) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let results = match verify::verify(&pdf, &trusted) {
        Ok(r) => r,
        Err(e) => {
            report::plain(input, &e.to_string());
            return ExitCode::from(1);
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&results).expect("results serialise"));
    } else {
        print_text(input, &results);
    }
    let failed = results.iter().any(|r| r.hong() || r.tin_cay == Some(false));
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The certificates of a PEM file (one or several), or of a DER file (one).
fn certificates(path: &Path, bytes: &[u8]) -> Result<Vec<x509_cert::Certificate>, ExitCode> {
    use der::Decode;
    let parsed = if bytes.starts_with(b"-----BEGIN") || bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        x509_cert::Certificate::load_pem_chain(bytes).map_err(|e| e.to_string())
    } else {
        x509_cert::Certificate::from_der(bytes).map(|c| vec![c]).map_err(|e| e.to_string())
    };
    match parsed {
        Ok(certs) if !certs.is_empty() => Ok(certs),
        Ok(_) => Err(fail(path, "tệp không có chứng thư số nào".into())),
        Err(e) => Err(fail(path, format!("không đọc được chứng thư số (PEM hoặc DER): {e}"))),
    }
}

fn fail(path: &Path, message: String) -> ExitCode {
    report::plain(path, &message);
    ExitCode::from(1)
}

fn print_text(input: &Path, results: &[KetQua]) {
    println!("{}: {} chữ ký", input.display(), results.len());
    for (i, r) in results.iter().enumerate() {
        let verdict = if r.hong() { "HỎNG" } else { "còn nguyên vẹn, hợp lệ" };
        println!("\n{}. Trường `{}`: {verdict}", i + 1, r.truong);
        println!("   Người ký: {}", if r.nguoi_ky.is_empty() { "(không đọc được)" } else { &r.nguoi_ky });
        if let Some(t) = &r.thoi_gian {
            println!("   Thời gian ký: {t}");
        }
        println!(
            "   Dấu thời gian: {}",
            if r.dau_thoi_gian { "có (RFC 3161)" } else { "không có (giờ do máy người ký ghi)" }
        );
        let covers = match r.pham_vi {
            PhamVi::ToanBo => "toàn bộ tệp",
            PhamVi::PhienBan => "một phiên bản trước; sau đó tệp còn được thêm vào",
            PhamVi::KhongRo => "không xác định được",
        };
        println!("   Phạm vi ký: {covers}");
        if r.pham_vi == PhamVi::PhienBan && r.thay_doi_sau.is_empty() {
            println!("   Thay đổi sau khi ký: chỉ những phần được phép (ký thêm, điền trường chữ ký)");
        }
        for change in &r.thay_doi_sau {
            println!("   Thay đổi không được phép: {change}");
        }
        if let Some(p) = r.chung_thuc {
            let what = match p {
                1 => "không cho phép thay đổi",
                3 => "cho phép điền biểu mẫu, ký và chú thích",
                _ => "cho phép điền biểu mẫu và ký",
            };
            println!("   Chữ ký chứng thực (DocMDP P={p}): {what}");
        }
        match (r.tin_cay, &r.ly_do_tin_cay) {
            (Some(true), _) => println!("   Tin cậy: có (chuỗi chứng thư đến CA đã cho)"),
            (Some(false), why) => println!("   Tin cậy: KHÔNG ({})", why.as_deref().unwrap_or("")),
            (None, _) => println!("   Tin cậy: chưa kiểm tra (cho danh sách CA bằng --ca)"),
        }
        for e in &r.loi {
            println!("   Lỗi: {e}");
        }
    }
}
