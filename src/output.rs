//! Writing output files atomically: into a temporary file beside the target, then a rename, so
//! a reader (or a crash) sees either the old file or the complete new one, never half of one.

use std::io::Write;
use std::path::Path;

/// Writes every `(path, bytes)` pair, or, on the first failure, removes the ones this call
/// already wrote, so an input leaves all of its outputs or none.
pub fn write_all_atomic(files: &[(std::path::PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    let mut done: Vec<&Path> = Vec::new();
    for (path, bytes) in files {
        if let Err(e) = write_atomic(path, bytes) {
            for p in done {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
        done.push(path);
    }
    Ok(())
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".vbhc-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // A temporary file is private (0600); the document is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.pdf");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_failed_set_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.pdf");
        let bad = dir.path().join("missing-dir").join("a.docx");
        assert!(write_all_atomic(&[(good.clone(), b"x".to_vec()), (bad, b"y".to_vec())]).is_err());
        assert!(!good.exists());
    }
}
