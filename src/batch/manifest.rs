//! The manifest of a batch (`bang-ke.csv`, `bang-ke.json`) for the văn thư: one row per unit
//! with its files, số ký hiệu, pages, SHA-256 of each file, status and error.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// The manifests' file names: `bang-ke.csv`, `bang-ke.json`.

pub const CSV_NAME: &str = "bang-ke.csv";
pub const JSON_NAME: &str = "bang-ke.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Both files written.
    DaTao,
    /// The unit has an error; nothing written for it.
    Loi,
    /// Not attempted: the batch was stopped (Ctrl-C, or `--dung-khi-loi` after an error).
    BoQua,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::DaTao => "da_tao",
            Status::Loi => "loi",
            Status::BoQua => "bo_qua",
        }
    }
}

/// One row. Field names are the manifest's column names.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// 1-based place of the unit in the batch; 0 for the summary document.
    pub stt: usize,
    /// Where the unit is in the data file (`don-vi.csv:3:1`), or the summary's base.
    pub hang: String,
    /// The unit's first value that is text or a number (usually its code or name).
    pub don_vi: String,
    pub tep_pdf: String,
    pub tep_docx: String,
    pub so_ky_hieu: String,
    pub so_trang: Option<usize>,
    pub sha256_pdf: String,
    pub sha256_docx: String,
    pub trang_thai: Status,
    pub loi: String,
    /// The PDF's digital signature, once `vbhc sign` signed the folder: `da_ky`, or `loi: …`.
    #[serde(default)]
    pub ky_so: String,
}

/// A manifest read back (`vbhc sign` of a batch's folder).
#[derive(Deserialize)]
pub struct Read {
    pub tep_goc: String,
    pub tep_du_lieu: String,
    pub don_vi: Vec<Row>,
    pub tong_hop: Option<Row>,
}

/// Reads the folder's `bang-ke.json`.
pub fn read(dir: &Path) -> Result<Read, String> {
    let path = dir.join(JSON_NAME);
    let bytes = crate::bounded_read::read(&path, 64 * 1024 * 1024)
        .map_err(|e| format!("{}: không đọc được bảng kê: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{}: bảng kê không đọc được: {e}", path.display()))
}

#[derive(Serialize)]
struct Manifest<'a> {
    tep_goc: String,
    tep_du_lieu: String,
    so_don_vi: usize,
    da_tao: usize,
    loi: usize,
    bo_qua: usize,
    don_vi: &'a [Row],
    tong_hop: Option<&'a Row>,
}

/// The hex SHA-256 of some bytes.
pub use crate::output::folder::sha256_hex;

fn csv_bytes(rows: &[Row], summary: Option<&Row>) -> Result<Vec<u8>, csv::Error> {
    // The byte-order mark makes Excel read the file as UTF-8, not as the Windows code page.
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        for row in rows.iter().chain(summary) {
            w.serialize(row)?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// The stem both manifests share: no unit or summary may take it (`naming::UniqueNames`).
pub const STEM: &str = "bang-ke";

/// Writes both manifests into the output folder, atomically, the ledger knowing them.
pub fn write(
    folder: &mut crate::output::folder::OutputFolder,
    base: &Path,
    data: &Path,
    rows: &[Row],
    summary: Option<&Row>,
) -> std::io::Result<()> {
    let count = |s: Status| rows.iter().filter(|r| r.trang_thai == s).count();
    let manifest = Manifest {
        tep_goc: base.display().to_string(),
        tep_du_lieu: data.display().to_string(),
        so_don_vi: rows.len(),
        da_tao: count(Status::DaTao),
        loi: count(Status::Loi),
        bo_qua: count(Status::BoQua),
        don_vi: rows,
        tong_hop: summary,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    let csv = csv_bytes(rows, summary).map_err(std::io::Error::other)?;
    folder.record(CSV_NAME, sha256_hex(&csv));
    folder.record(JSON_NAME, sha256_hex(&json));
    folder.save()?;
    crate::output::write_all_atomic(&[
        (folder.path(CSV_NAME), csv),
        (folder.path(JSON_NAME), json),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_bytes() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn csv_has_a_header_and_quotes_commas() {
        let row = Row {
            stt: 1,
            hang: "dv.csv:2:1".into(),
            don_vi: "Bệnh viện A, cơ sở 2".into(),
            tep_pdf: "a.pdf".into(),
            tep_docx: "a.docx".into(),
            so_ky_hieu: "Số: 120/BC-SYT".into(),
            so_trang: Some(2),
            sha256_pdf: "x".into(),
            sha256_docx: "y".into(),
            trang_thai: Status::DaTao,
            loi: String::new(),
            ky_so: String::new(),
        };
        let text = String::from_utf8(csv_bytes(&[row], None).unwrap()).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            "\u{FEFF}stt,hang,don_vi,tep_pdf,tep_docx,so_ky_hieu,so_trang,sha256_pdf,sha256_docx,trang_thai,loi,ky_so"
        );
        assert_eq!(
            lines.next().unwrap(),
            "1,dv.csv:2:1,\"Bệnh viện A, cơ sở 2\",a.pdf,a.docx,Số: 120/BC-SYT,2,x,y,da_tao,,"
        );
    }
}
