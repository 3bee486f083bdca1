//! `vbhc sign FOLDER`: every PDF a batch made (its manifest's rows marked made, and its
//! summary), signed in place in one run with one PIN. Each signed file replaces its unsigned
//! one atomically, through the folder's ledger (a PDF edited since the batch is not signed); a
//! file that fails is named and the others go on; the manifest then says, per row, `da_ky` or
//! why not, with the signed file's SHA-256.

use super::report;
use super::sign::{Failure, Options, identity, image, read, vietnam_now, MAX_PDF_BYTES};
use crate::batch::manifest;
use crate::output::folder::{OutputFolder, WriteError};
use std::path::Path;
use std::process::ExitCode;

const CHANGED: &str = "tệp đã bị sửa sau khi vbhc tạo; không ký đè";

pub fn run(o: &Options) -> ExitCode {
    let dir = &o.input;
    let said = Failure::report;
    let mut folder = match OutputFolder::open(dir, false) {
        Ok(f) => f,
        Err(e) => return said(Failure::Said(e.to_string())),
    };
    let mut read_back = match manifest::read(dir) {
        Ok(m) => m,
        Err(e) => return said(Failure::Said(format!("{e}; thư mục này không phải kết quả của `vbhc batch`"))),
    };
    let image = match image(o) {
        Ok(i) => i,
        Err(f) => return said(f),
    };
    // One identity, so one PIN, for every file.
    let identity = match identity(&o.ky, &read) {
        Ok(i) => i,
        Err(f) => return said(f),
    };
    let (mut signed, mut failed) = (0, 0);
    let rows = read_back.don_vi.iter_mut().chain(read_back.tong_hop.as_mut());
    for row in rows.filter(|r| r.trang_thai == manifest::Status::DaTao && !r.tep_pdf.is_empty()) {
        let path = dir.join(&row.tep_pdf);
        // A PDF changed since the batch made it is the clerk's now: not even read.
        let changed = !folder.strangers([row.tep_pdf.as_str()]).is_empty();
        let result = (if changed { Err(CHANGED.to_string()) } else { Ok(()) })
            .and_then(|()| read(&path, MAX_PDF_BYTES).map_err(|(_, m)| m))
            .and_then(|pdf| {
                crate::sign::sign_pdf(&pdf, &identity, &o.field, vietnam_now(), image.as_ref(), o.tsa.as_deref())
                    .map_err(|e| e.to_string())
            })
            .and_then(|bytes| {
                let hash = manifest::sha256_hex(&bytes);
                folder.write(&[(row.tep_pdf.clone(), bytes)]).map(|()| hash).map_err(|e| match e {
                    WriteError::Strangers(_) => CHANGED.to_string(),
                    WriteError::Io(e) => format!("không ghi được tệp: {}", crate::diag::io_message(&e)),
                })
            });
        match result {
            Ok(hash) => {
                row.sha256_pdf = hash;
                row.ky_so = "da_ky".into();
                signed += 1;
            }
            Err(message) => {
                report::plain(&path, &message);
                row.ky_so = format!("loi: {message}");
                failed += 1;
            }
        }
    }
    let written = manifest::write(
        &mut folder,
        Path::new(&read_back.tep_goc),
        Path::new(&read_back.tep_du_lieu),
        &read_back.don_vi,
        read_back.tong_hop.as_ref(),
    );
    if let Err(e) = written {
        return said(Failure::Said(format!(
            "{}: lỗi: không ghi được bảng kê: {}",
            dir.display(),
            crate::diag::io_message(&e)
        )));
    }
    eprintln!(
        "đã ký {signed} tệp vào trường `{}` (người ký: {}){}; bảng kê: {}",
        o.field,
        identity.name,
        if failed > 0 { format!(", {failed} tệp lỗi") } else { String::new() },
        dir.join(manifest::CSV_NAME).display()
    );
    if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
