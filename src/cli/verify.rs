//! `vbhc verify FILE.pdf [--ca CERTS.pem] [--json]`: every signature of a PDF, in Vietnamese
//! or as JSON for scripts; exit 1 when a signature is broken (or, with `--ca`, not trusted).

use super::report;
use super::sign::Failure;
use crate::verify::{self, KetQua, PhamVi};
use std::path::Path;
use std::process::ExitCode;


pub fn run(input: &Path, ca: Option<&Path>, json: bool) -> ExitCode {
    let trusted = match ca.map(super::sign::certificates).transpose() {
        Ok(certs) => certs.unwrap_or_default(),
        Err(f) => return f.report(),
    };
    let pdf = match super::sign::read(input, super::sign::MAX_PDF_BYTES) {
        Ok(b) => b,
        Err(f) => return Failure::from(f).report(),
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
