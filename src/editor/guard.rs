//! What keeps the local server the clerk's own. Any web page the clerk visits can make the
//! browser send requests to 127.0.0.1: a request is served only when its Host is this server
//! (a page on another name rebinding its DNS to 127.0.0.1 sends its own name), its Origin, when
//! it has one, is this server (another site's scripts send theirs), and, for anything that
//! changes or reads a document, it carries the `X-Vbhc` header, which another site cannot add
//! without asking first (a CORS preflight this server never answers). And every file it
//! touches is a plain YAML file directly inside the folder it was started on.

use std::path::{Path, PathBuf};

/// The header every API request carries (`app.js`).
pub const HEADER: &str = "X-Vbhc";

/// The names this server answers to, on its port.
#[derive(Debug, Clone)]
pub struct Origins {
    hosts: [String; 2],
}

impl Origins {
    pub fn new(port: u16) -> Self {
        Origins {
            hosts: [format!("127.0.0.1:{port}"), format!("localhost:{port}")],
        }
    }

    /// Whether a request with these headers may be served; `api` for the API's routes.
    pub fn allows(&self, host: Option<&str>, origin: Option<&str>, marked: bool, api: bool) -> Result<(), &'static str> {
        let ours = |h: &str| self.hosts.iter().any(|o| o.eq_ignore_ascii_case(h));
        if !host.is_some_and(ours) {
            return Err("yêu cầu không gửi tới máy chủ này (Host lạ)");
        }
        if let Some(origin) = origin {
            let host = origin.strip_prefix("http://").unwrap_or("");
            if !ours(host) {
                return Err("yêu cầu từ một trang web khác (Origin lạ)");
            }
        }
        if api && !marked {
            return Err("yêu cầu thiếu tiêu đề X-Vbhc của trình soạn");
        }
        Ok(())
    }
}

/// Why a file name is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PathError {
    #[error("tên tệp `{0}` không hợp lệ: chỉ dùng tên tệp .yaml nằm ngay trong thư mục đang soạn")]
    TenSai(String),
    #[error("`{0}` là liên kết tượng trưng hoặc không phải tệp thường; trình soạn không mở")]
    KhongPhaiTep(String),
}

/// The folder the server was started on: every document is a file directly inside it.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
}

/// The longest file name taken.
const MAX_NAME: usize = 200;

impl Folder {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Folder {
            root: root.canonicalize()?,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of a document named by the browser: a plain `NAME.yaml` (no folder, no `..`,
    /// no hidden file), and, if it exists, a regular file (a symbolic link could lead out).
    pub fn file(&self, name: &str) -> Result<PathBuf, PathError> {
        let plain = !name.is_empty()
            && name.len() <= MAX_NAME
            && !name.starts_with('.')
            && !name.chars().any(|c| matches!(c, '/' | '\\' | ':') || c.is_control())
            && (name.ends_with(".yaml") || name.ends_with(".yml"));
        if !plain {
            return Err(PathError::TenSai(name.chars().take(MAX_NAME).collect()));
        }
        let path = self.root.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if !meta.file_type().is_file() => Err(PathError::KhongPhaiTep(name.to_string())),
            _ => Ok(path),
        }
    }

    /// The YAML documents of the folder, by name.
    pub fn documents(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| self.file(n).is_ok())
            .collect();
        names.sort();
        names
    }

    /// Whether a path a document names (its own template, `mau:`) stays inside the folder.
    pub fn contains(&self, path: &Path) -> bool {
        let full = if path.is_absolute() { path.to_path_buf() } else { self.root.join(path) };
        full.canonicalize().is_ok_and(|p| p.starts_with(&self.root))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_server_with_its_header_is_served() {
        let o = Origins::new(8123);
        assert!(o.allows(Some("127.0.0.1:8123"), None, true, true).is_ok());
        assert!(o.allows(Some("localhost:8123"), Some("http://localhost:8123"), true, true).is_ok());
        assert!(o.allows(Some("127.0.0.1:8123"), None, false, false).is_ok(), "the page itself");
        assert!(o.allows(Some("evil.example:8123"), None, true, true).is_err(), "DNS rebinding");
        assert!(o.allows(None, None, true, true).is_err());
        assert!(o.allows(Some("127.0.0.1:8124"), None, true, true).is_err());
        assert!(o.allows(Some("127.0.0.1:8123"), Some("http://evil.example"), true, true).is_err());
        assert!(o.allows(Some("127.0.0.1:8123"), Some("https://127.0.0.1:8123"), true, true).is_err());
        assert!(o.allows(Some("127.0.0.1:8123"), Some("null"), true, true).is_err());
        assert!(o.allows(Some("127.0.0.1:8123"), None, false, true).is_err(), "no X-Vbhc");
    }

    #[test]
    fn only_plain_yaml_files_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let f = Folder::new(dir.path()).unwrap();
        std::fs::write(dir.path().join("a.yaml"), "x").unwrap();
        assert!(f.file("a.yaml").is_ok());
        assert!(f.file("moi.yml").is_ok(), "a new file");
        for bad in ["../a.yaml", "x/a.yaml", "..\\a.yaml", "/etc/passwd.yaml", ".an.yaml", "a.txt", "", "c:a.yaml", "a\n.yaml"] {
            assert!(matches!(f.file(bad), Err(PathError::TenSai(_))), "{bad:?}");
        }
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("b.yaml"), "x").unwrap();
            std::os::unix::fs::symlink(outside.path().join("b.yaml"), dir.path().join("b.yaml")).unwrap();
            assert!(matches!(f.file("b.yaml"), Err(PathError::KhongPhaiTep(_))));
            assert_eq!(f.documents(), vec!["a.yaml".to_string()]);
            std::os::unix::fs::symlink(outside.path(), dir.path().join("ra")).unwrap();
            assert!(!f.contains(Path::new("ra/b.yaml")));
        }
        std::fs::create_dir(dir.path().join("mau")).unwrap();
        std::fs::write(dir.path().join("mau/m.j2"), "x").unwrap();
        assert!(f.contains(Path::new("mau/m.j2")));
        assert!(!f.contains(Path::new("../x.j2")));
    }
}
