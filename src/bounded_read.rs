//! Every file vbhc reads is looked at before it is opened: a device or a pipe (`/dev/zero`, a
//! FIFO) could be read forever or block, and a file far larger than any real input of its kind
//! would fill memory. Each caller gives the largest size it takes.

use std::io::Read;
use std::path::Path;

/// Why a file was not read; the messages are for the user.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("không tìm thấy tệp")]
    NotFound,
    #[error("không phải một tệp thường (thư mục, thiết bị hay đường ống); hãy chỉ tới một tệp")]
    NotAFile,
    #[error("tệp quá lớn ({}; tối đa {})", size_text(*size), size_text(*max))]
    TooLarge { size: u64, max: u64 },
    #[error("{}", crate::diag::io_message(.0))]
    Io(std::io::Error),
}

/// `2 MB`, `512 kB`: sizes as people read them.
fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes.div_ceil(1024 * 1024))
    } else if bytes >= 1024 {
        format!("{} kB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} byte")
    }
}

/// Checks that `path` is a regular file of at most `max` bytes, without opening it.
pub fn check(path: &Path, max: u64) -> Result<(), ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            max,
        });
    }
    Ok(())
}

/// The bytes of a regular file of at most `max` bytes; no more than `max` are read even if
/// the file grows after the check.
pub fn read(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    check(path, max)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text; `None` in the error's place when it is not UTF-8.
pub fn read_text(path: &Path, max: u64) -> Result<Result<String, ()>, ReadError> {
    Ok(String::from_utf8(read(path, max)?).map_err(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_large_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read(Path::new("/dev/zero"), 10), Err(ReadError::NotAFile)));
        assert!(matches!(read(dir.path(), 10), Err(ReadError::NotAFile)));
        assert!(matches!(read(&dir.path().join("khong-co"), 10), Err(ReadError::NotFound)));
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "0123456789a").unwrap();
        let e = read(&p, 10).unwrap_err();
        assert_eq!(e.to_string(), "tệp quá lớn (11 byte; tối đa 10 byte)");
        assert_eq!(read(&p, 11).unwrap(), b"0123456789a");
        assert_eq!(
            ReadError::TooLarge { size: 5 * 1024 * 1024 + 1, max: 2 * 1024 * 1024 }.to_string(),
            "tệp quá lớn (6 MB; tối đa 2 MB)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("ong");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(matches!(read(&fifo, 10), Err(ReadError::NotAFile)));
    }
}
