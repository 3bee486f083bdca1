//! `vbhc edit [FOLDER]`: the clerk's workbench, a local web page with a form, the YAML text
//! and the pages as they will print, for people who have never opened a terminal.
//!
//! A small HTTP server on 127.0.0.1 only (`tiny_http`, synchronous: one clerk, a few requests a
//! second), a few threads taking requests, every document laid out in this process with the
//! fonts and the layout program already loaded, so an edit is back on the page in tens of
//! milliseconds (`vbhc bench edit`, docs/speed.md). The page's script and styles are compiled
//! into the binary (`assets/`): nothing is fetched from the network.

mod assets;
mod batch_job;
mod documents;
pub mod guard;
pub mod preview;
mod routes;
pub mod yaml_view;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Requests served at once: a preview laid out while a save or a download is answered.
const THREADS: usize = 4;

/// Set by Ctrl-C: the threads finish the request in hand and stop.
static STOP: AtomicBool = AtomicBool::new(false);

#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("không mở được thư mục `{0}`: {1}")]
    ThuMuc(String, std::io::Error),
    #[error("không mở được cổng {0} trên 127.0.0.1: {1}")]
    Cong(u16, String),
}

/// The running server: the folder, who may talk to it, the batches under way.
pub struct Editor {
    pub server: tiny_http::Server,
    pub url: String,
    routes: routes::Routes,
}

impl Editor {
    /// Opens the server on `port` (0: any free port) for the documents of `folder`.
    pub fn open(folder: &Path, port: u16) -> Result<Editor, EditorError> {
        let thu_muc = guard::Folder::new(folder).map_err(|e| EditorError::ThuMuc(folder.display().to_string(), e))?;
        if !thu_muc.root().is_dir() {
            return Err(EditorError::ThuMuc(
                folder.display().to_string(),
                std::io::Error::other("không phải thư mục"),
            ));
        }
        let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| EditorError::Cong(port, e.to_string()))?;
        let port = server.server_addr().to_ip().map_or(port, |a| a.port());
        Ok(Editor {
            server,
            url: format!("http://127.0.0.1:{port}/"),
            routes: routes::Routes::new(thu_muc, guard::Origins::new(port)),
        })
    }

    /// Serves requests until `stop` is set.
    pub fn serve(self: Arc<Self>, stop: &'static AtomicBool) {
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                let me = Arc::clone(&self);
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        match me.server.recv_timeout(Duration::from_millis(200)) {
                            Ok(Some(request)) => me.routes.answer(request),
                            Ok(None) => {}
                            Err(_) => std::thread::sleep(Duration::from_millis(50)),
                        }
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }
}

/// `vbhc edit`: prints the URL as the first line, opens the browser, serves until Ctrl-C.
pub fn run(folder: &Path, port: u16, open_browser: bool) -> std::process::ExitCode {
    let editor = match Editor::open(folder, port) {
        Ok(e) => Arc::new(e),
        Err(e) => {
            eprintln!("lỗi: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    // Before the URL is printed: whoever reads it may stop the server at once.
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    println!("{}", editor.url);
    let _ = std::io::stdout().flush();
    eprintln!(
        "Trình soạn văn bản đang chạy tại {} cho thư mục {}; Ctrl-C để dừng.",
        editor.url,
        folder.display()
    );
    if open_browser && has_display() {
        open_in_browser(&editor.url);
    }
    editor.serve(&STOP);
    eprintln!("Đã dừng trình soạn.");
    std::process::ExitCode::SUCCESS
}

/// Whether a browser could show a window: on Linux and the BSDs, only with a graphical session.
fn has_display() -> bool {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return true;
    }
    std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some()
}

/// The system's own way to open a web address; a failure only means the clerk opens it.
fn open_in_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    let started = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if started.is_err() {
        eprintln!("Không tự mở được trình duyệt: hãy mở {url}");
    }
}
