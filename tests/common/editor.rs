//! `vbhc edit` run as a clerk runs it, and raw HTTP requests to it (any header a browser, or
//! an attacker's page, could send).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Stdio};

pub struct Editor {
    pub child: Child,
    pub url: String,
    pub port: u16,
}

impl Editor {
    /// Starts `vbhc edit DIR --no-open` on a free port; the URL is its first line.
    pub fn start(dir: &std::path::Path) -> Editor {
        let mut child = super::vbhc()
            .args(["edit", "--no-open"])
            .arg(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'), "first line: {line:?}");
        let port = url["http://127.0.0.1:".len()..url.len() - 1].parse().unwrap();
        Editor { child, url, port }
    }

    /// One request with exactly these headers (Host included); the status and the body.
    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<u8>) {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).unwrap();
        s.write_all(body).unwrap();
        let mut answer = Vec::new();
        s.read_to_end(&mut answer).unwrap();
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
        let head = String::from_utf8_lossy(&answer[..split]).to_string();
        let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap();
        (status, answer[split + 4..].to_vec())
    }

    /// A request as the page makes it: its own Host and Origin, and the editor's header.
    pub fn api(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        let host = format!("127.0.0.1:{}", self.port);
        let origin = format!("http://{host}");
        let (status, body) = self.raw(
            method,
            path,
            &[("Host", &host), ("Origin", &origin), ("X-Vbhc", "1"), ("Content-Type", "application/json")],
            body.as_bytes(),
        );
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    pub fn json(&self, method: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
        let (status, text) = self.api(method, path, &body.to_string());
        assert_eq!(status, 200, "{path}: {text}");
        serde_json::from_str(&text).unwrap()
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
