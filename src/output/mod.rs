//! Writing output files atomically: into a temporary file beside the target, then a rename, so
//! a reader (or a crash) sees either the old file or the complete new one, never half of one.

pub mod folder;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every `(path, bytes)` pair, or, on a failure, none of them: see [`Staged::commit`].
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    stage_all(files)?.commit()
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    Staged {
        files: vec![(stage(path, bytes)?, path.to_path_buf())],
    }
    .commit()
}

/// Files written under temporary names beside their targets: nothing shows under a target's
/// name before [`Staged::commit`], and dropped without one, the temporary files are removed.
/// The batch's workers stage and its main thread commits, so no worker waits for the disk.
/// The default is a set of no files (a unit that was not made).
#[derive(Default)]
pub struct Staged {
    files: Vec<(tempfile::NamedTempFile, PathBuf)>,
}

pub fn stage_all(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<Staged> {
    let files = files
        .iter()
        .map(|(path, bytes)| Ok((stage(path, bytes)?, path.clone())))
        .collect::<std::io::Result<_>>()?;
    Ok(Staged { files })
}

fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
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
    Ok(tmp)
}

impl Staged {
    /// Puts every file on the disk (so a power cut cannot leave a named but empty file), then
    /// gives each its name; if a rename fails, removes those already renamed, so the files
    /// are all there or none is.
    pub fn commit(self) -> std::io::Result<()> {
        self.sync()?;
        self.publish()
    }

    fn sync(&self) -> std::io::Result<()> {
        self.files
            .iter()
            .try_for_each(|(tmp, _)| tmp.as_file().sync_all())
    }

    /// Gives each file its name (the files are on the disk already).
    fn publish(self) -> std::io::Result<()> {
        let mut done: Vec<PathBuf> = Vec::new();
        for (tmp, path) in self.files {
            if let Err(e) = tmp.persist(&path) {
                for p in done {
                    let _ = std::fs::remove_file(p);
                }
                return Err(e.error);
            }
            done.push(path);
        }
        Ok(())
    }
}

/// Commits several sets of staged files together, each as [`Staged::commit`] would (all its
/// files or none), with one flush of the disk for them all where the system has one: a batch
/// commits its units this way. The result of each set, in order; if the flush fails, every
/// set that has files fails and its temporary files are removed.
pub fn commit_group(group: Vec<Staged>) -> Vec<std::io::Result<()>> {
    match sync_group(&group) {
        Ok(()) => group.into_iter().map(Staged::publish).collect(),
        Err(e) => group
            .iter()
            .map(|s| {
                if s.files.is_empty() {
                    Ok(())
                } else {
                    Err(std::io::Error::new(e.kind(), e.to_string()))
                }
            })
            .collect(),
    }
}

/// On Linux, one `syncfs` for each file system the files are on: it returns once all their
/// data is on the disk, as an `fsync` of each would (syncfs(2)), but asks the disk to flush
/// its cache once instead of once a file. It also writes out what other programs have left
/// unwritten on that file system, as `sync` does.
#[cfg(target_os = "linux")]
fn sync_group(group: &[Staged]) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::MetadataExt;
    let mut synced: Vec<u64> = Vec::new();
    for (tmp, _) in group.iter().flat_map(|s| &s.files) {
        let file = tmp.as_file();
        let device = file.metadata()?.dev();
        if synced.contains(&device) {
            continue;
        }
        // SAFETY: the descriptor belongs to `file`, open for the whole call.
        if unsafe { libc::syncfs(file.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        synced.push(device);
    }
    Ok(())
}

/// Elsewhere there is no such call for a file system; each file is synced.
#[cfg(not(target_os = "linux"))]
fn sync_group(group: &[Staged]) -> std::io::Result<()> {
    group.iter().try_for_each(Staged::sync)
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
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn staged_files_show_only_when_committed_and_vanish_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let names = || {
            let mut names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            names.sort();
            names
        };
        let files = [
            (dir.path().join("a.pdf"), b"pdf".to_vec()),
            (dir.path().join("a.docx"), b"docx".to_vec()),
        ];
        let staged = stage_all(&files).unwrap();
        let hidden = names();
        assert_eq!(hidden.len(), 2);
        assert!(
            hidden
                .iter()
                .all(|n| n.starts_with(".vbhc-") && n.ends_with(".tmp")),
            "{hidden:?}"
        );
        drop(staged);
        assert!(names().is_empty());

        stage_all(&files).unwrap().commit().unwrap();
        assert_eq!(names(), ["a.docx", "a.pdf"]);
        assert_eq!(std::fs::read(dir.path().join("a.docx")).unwrap(), b"docx");
    }

    #[test]
    fn a_group_commits_each_set_alone() {
        let dir = tempfile::tempdir().unwrap();
        let set = |name: &str| {
            stage_all(&[
                (dir.path().join(format!("{name}.pdf")), name.as_bytes().to_vec()),
                (dir.path().join(format!("{name}.docx")), name.as_bytes().to_vec()),
            ])
            .unwrap()
        };
        let (a, b, c) = (set("a"), set("b"), set("c"));
        // b's DOCX cannot take its name (a folder has it): b fails, whole, and a and c are
        // written.
        std::fs::create_dir(dir.path().join("b.docx")).unwrap();
        std::fs::write(dir.path().join("b.docx").join("x"), b"").unwrap();
        let results = commit_group(vec![a, b, c]);
        assert!(results[0].is_ok() && results[1].is_err() && results[2].is_ok(), "{results:?}");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a.docx", "a.pdf", "b.docx", "c.docx", "c.pdf"]);
        assert!(dir.path().join("b.docx").is_dir());
        assert_eq!(std::fs::read(dir.path().join("c.pdf")).unwrap(), b"c");
    }
}
