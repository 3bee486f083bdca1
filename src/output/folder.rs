//! The output folder of a run: vbhc never replaces a file it did not write itself.
//!
//! Each folder vbhc writes into keeps a ledger (`.vbhc-da-ghi.json`) of the files it wrote
//! there and their SHA-256. A file already in the folder may be replaced only when the ledger
//! knows its bytes: one vbhc made and nobody changed since (a DOCX the clerk edited in Word, a
//! unit list, a manifest of another tool are never replaced). While a run writes, it holds a
//! lock on the folder (`.vbhc-khoa`), so two runs cannot write into one folder at once; the
//! system releases it when the process ends, however it ends. Holding it, a run removes the
//! temporary files a killed run left behind.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The ledger's and the lock's file names.
pub const LEDGER: &str = ".vbhc-da-ghi.json";
pub const LOCK: &str = ".vbhc-khoa";

/// How many versions of one file the ledger remembers: a version recorded before a rename
/// that then failed must not make the file before it a stranger.
const VERSIONS: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("{}: lỗi: không tạo hoặc mở được thư mục: {}", .0.display(), crate::diag::io_message(.1))]
    Open(PathBuf, std::io::Error),
    #[error(
        "{}: lỗi: một lần chạy vbhc khác đang ghi vào thư mục này; chờ nó xong, hoặc chọn thư mục khác (-o)",
        .0.display()
    )]
    Busy(PathBuf),
}

/// Why [`OutputFolder::write`] wrote nothing.
#[derive(Debug)]
pub enum WriteError {
    Strangers(Vec<Stranger>),
    Io(std::io::Error),
}

/// A file of the run that would replace one vbhc did not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stranger {
    pub path: PathBuf,
    /// Whether vbhc wrote a file by that name once, which was changed since.
    pub changed: bool,
}

impl Stranger {
    pub fn message(&self) -> String {
        let why = if self.changed {
            "đã được sửa sau khi vbhc tạo"
        } else {
            "không do vbhc tạo"
        };
        format!(
            "{}: lỗi: tệp đã có và {why}; vbhc không ghi đè. Đổi tên hoặc chuyển tệp đó đi, hoặc chọn thư mục khác (-o)",
            self.path.display()
        )
    }
}

pub struct OutputFolder {
    dir: PathBuf,
    /// Held locked for the run; the system unlocks it when the process ends.
    _lock: std::fs::File,
    /// File name → the SHA-256 (hex) of the versions vbhc wrote, newest last.
    ledger: BTreeMap<String, Vec<String>>,
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct LedgerFile {
    /// Explains the file to whoever opens it.
    #[serde(default)]
    ghi_chu: String,
    #[serde(default)]
    tep: BTreeMap<String, Vec<String>>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl OutputFolder {
    /// Creates the folder if need be, locks it, removes what a killed run left, reads the
    /// ledger. When another run holds the lock: waits for it with `wait` (a `vbhc render`
    /// holds it only while it writes), or else refuses (a batch holds it for its whole run).
    pub fn open(dir: &Path, wait: bool) -> Result<OutputFolder, FolderError> {
        let open_err = |e| FolderError::Open(dir.to_path_buf(), e);
        std::fs::create_dir_all(dir).map_err(open_err)?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK))
            .map_err(open_err)?;
        if wait {
            lock.lock().map_err(open_err)?;
        } else {
            match lock.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(FolderError::Busy(dir.to_path_buf()));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(open_err(e)),
            }
        }
        remove_stale_temporaries(dir);
        let ledger = std::fs::read(dir.join(LEDGER))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<LedgerFile>(&bytes).ok())
            .map(|l| l.tep)
            .unwrap_or_default();
        Ok(OutputFolder {
            dir: dir.to_path_buf(),
            _lock: lock,
            ledger,
        })
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The files among `names` that are in the folder and that vbhc may not replace.
    pub fn strangers<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Vec<Stranger> {
        names
            .into_iter()
            .filter_map(|name| {
                let path = self.dir.join(name);
                let meta = std::fs::symlink_metadata(&path).ok()?;
                let known = self.ledger.get(name);
                let ours = meta.is_file()
                    && known.is_some_and(|versions| {
                        std::fs::read(&path).is_ok_and(|b| versions.contains(&sha256_hex(&b)))
                    });
                (!ours).then(|| Stranger {
                    path,
                    changed: known.is_some(),
                })
            })
            .collect()
    }

    /// Notes that vbhc is about to write `name` with the bytes of this hash: called, and the
    /// ledger saved, before the file takes its name, so a run killed in between leaves no
    /// file of its own unknown to the next.
    pub fn record(&mut self, name: &str, sha256: String) {
        let versions = self.ledger.entry(name.to_string()).or_default();
        versions.retain(|v| *v != sha256);
        versions.push(sha256);
        if versions.len() > VERSIONS {
            versions.remove(0);
        }
    }

    /// Writes `files` (names in this folder) all or none, the ledger knowing them before they
    /// take their names; writes nothing when one would replace a file vbhc may not replace.
    pub fn write(&mut self, files: &[(String, Vec<u8>)]) -> Result<(), WriteError> {
        // Looked at under the lock: another run may have written since the caller looked.
        let strangers = self.strangers(files.iter().map(|(name, _)| name.as_str()));
        if !strangers.is_empty() {
            return Err(WriteError::Strangers(strangers));
        }
        for (name, bytes) in files {
            self.record(name, sha256_hex(bytes));
        }
        let paths: Vec<(PathBuf, Vec<u8>)> = files
            .iter()
            .map(|(name, bytes)| (self.path(name), bytes.clone()))
            .collect();
        self.save()
            .and_then(|()| super::write_all_atomic(&paths))
            .map_err(WriteError::Io)
    }

    /// Writes the ledger (atomically).
    pub fn save(&self) -> std::io::Result<()> {
        let file = LedgerFile {
            ghi_chu: "Các tệp vbhc đã ghi vào thư mục này (SHA-256); vbhc chỉ ghi đè những tệp này, khi chưa bị sửa.".into(),
            tep: self.ledger.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        super::write_atomic(&self.dir.join(LEDGER), &bytes)
    }
}

/// Removes the temporary files (`.vbhc-*.tmp`) of runs that were killed before they could:
/// only ever called by the run that holds the folder's lock, so none belongs to a live run.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".vbhc-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_vbhc_wrote_and_nobody_changed_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("don-vi.csv"), b"ma,ten\n").unwrap();
        let mut folder = OutputFolder::open(dir.path(), false).unwrap();
        // Absent files and files vbhc wrote may be written; the clerk's may not.
        folder.record("a.pdf", sha256_hex(b"pdf"));
        std::fs::write(dir.path().join("a.pdf"), b"pdf").unwrap();
        let strangers = folder.strangers(["a.pdf", "b.pdf", "don-vi.csv"]);
        assert_eq!(
            strangers,
            [Stranger {
                path: dir.path().join("don-vi.csv"),
                changed: false
            }]
        );
        // A file vbhc wrote that was edited since is the clerk's now.
        std::fs::write(dir.path().join("a.pdf"), b"edited").unwrap();
        let strangers = folder.strangers(["a.pdf"]);
        assert!(strangers[0].changed, "{strangers:?}");
        // The ledger outlives the run.
        folder.record("a.pdf", sha256_hex(b"edited"));
        folder.save().unwrap();
        drop(folder);
        let folder = OutputFolder::open(dir.path(), false).unwrap();
        assert!(folder.strangers(["a.pdf"]).is_empty());
    }

    #[test]
    fn a_second_run_finds_the_folder_busy_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputFolder::open(dir.path(), false).unwrap();
        assert!(matches!(
            OutputFolder::open(dir.path(), false),
            Err(FolderError::Busy(_))
        ));
        drop(first);
        assert!(OutputFolder::open(dir.path(), false).is_ok());
    }

    #[test]
    fn a_killed_runs_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".vbhc-abc123.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join("keep.tmp"), b"mine").unwrap();
        let _folder = OutputFolder::open(dir.path(), false).unwrap();
        assert!(!dir.path().join(".vbhc-abc123.tmp").exists());
        assert!(dir.path().join("keep.tmp").exists());
    }
}
