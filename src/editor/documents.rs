//! Opening and saving the folder's documents. A save is atomic (a temporary file in the same
//! folder, renamed over the old one) and refused when the file changed on the disk since it was
//! opened (edited meanwhile in another editor): the clerk's other work is never overwritten.

use super::guard::{Folder, PathError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;

/// The fingerprint of a file's text, as opened: what a save compares with the disk.
pub fn phien_ban(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error(transparent)]
    Path(#[from] PathError),
    #[error("không đọc được `{0}`: {1}")]
    Doc(String, String),
    #[error("`{0}` không phải văn bản UTF-8 hoặc lớn quá 2 MB")]
    KhongDocDuoc(String),
    #[error("`{0}` đã được sửa ở nơi khác sau khi mở; mở lại tệp để xem bản mới (thay đổi của bạn vẫn còn ở ô YAML)")]
    DaDoiKhac(String),
    #[error("đã có tệp `{0}`; chọn tên khác")]
    DaCo(String),
    #[error("không ghi được `{0}`: {1}")]
    Ghi(String, String),
}

#[derive(Serialize)]
pub struct Mo {
    pub ten: String,
    pub yaml: String,
    pub phien_ban: String,
}

/// Reads a document of the folder.
pub fn mo(folder: &Folder, ten: &str) -> Result<Mo, DocumentError> {
    let path = folder.file(ten)?;
    let yaml = match crate::bounded_read::read_text(&path, crate::reader::MAX_INPUT_BYTES as u64) {
        Ok(Ok(text)) => text,
        Ok(Err(())) => return Err(DocumentError::KhongDocDuoc(ten.into())),
        Err(e) => return Err(DocumentError::Doc(ten.into(), e.to_string())),
    };
    Ok(Mo {
        ten: ten.into(),
        phien_ban: phien_ban(&yaml),
        yaml,
    })
}

/// What the browser sends to save: the name, the text, and the fingerprint of the text it
/// opened (none for a new document, which must not exist yet).
#[derive(Deserialize)]
pub struct Luu {
    pub ten: String,
    pub yaml: String,
    pub phien_ban: Option<String>,
}

/// Saves a document atomically; returns its new fingerprint.
pub fn luu(folder: &Folder, req: &Luu) -> Result<String, DocumentError> {
    let path = folder.file(&req.ten)?;
    match (&req.phien_ban, path.exists()) {
        (None, true) => return Err(DocumentError::DaCo(req.ten.clone())),
        (Some(opened), true) => {
            let now = mo(folder, &req.ten)?;
            if &now.phien_ban != opened {
                return Err(DocumentError::DaDoiKhac(req.ten.clone()));
            }
        }
        // Opened, then moved away: saved again under its name.
        (_, false) => {}
    }
    let fail = |e: std::io::Error| DocumentError::Ghi(req.ten.clone(), e.to_string());
    let mut tmp = tempfile::Builder::new()
        .prefix(".vbhc-luu-")
        .tempfile_in(folder.root())
        .map_err(fail)?;
    tmp.write_all(req.yaml.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(&path).map_err(|e| fail(e.error))?;
    Ok(phien_ban(&req.yaml))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_atomically_and_never_over_a_change_made_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let folder = Folder::new(dir.path()).unwrap();
        std::fs::write(dir.path().join("a.yaml"), "loai: ke-hoach # chú thích\n").unwrap();
        let opened = mo(&folder, "a.yaml").unwrap();
        let v2 = luu(&folder, &Luu { ten: "a.yaml".into(), yaml: "loai: cong-van # giữ\n".into(), phien_ban: Some(opened.phien_ban.clone()) }).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(), "loai: cong-van # giữ\n");
        // Saved again with the fingerprint it was opened with: someone else's change is kept.
        std::fs::write(dir.path().join("a.yaml"), "loai: bao-cao\n").unwrap();
        let e = luu(&folder, &Luu { ten: "a.yaml".into(), yaml: "x: 1\n".into(), phien_ban: Some(v2) }).unwrap_err();
        assert!(matches!(e, DocumentError::DaDoiKhac(_)));
        assert_eq!(std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(), "loai: bao-cao\n");
        // A new document does not take an existing name.
        let e = luu(&folder, &Luu { ten: "a.yaml".into(), yaml: "x: 1\n".into(), phien_ban: None }).unwrap_err();
        assert!(matches!(e, DocumentError::DaCo(_)));
        luu(&folder, &Luu { ten: "moi.yaml".into(), yaml: "x: 1\n".into(), phien_ban: None }).unwrap();
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
        assert!(matches!(luu(&folder, &Luu { ten: "../b.yaml".into(), yaml: String::new(), phien_ban: None }), Err(DocumentError::Path(_))));
    }
}
