//! `vbhc bench edit [FILE]`: the editor's speed, from an edit sent to the new page images
//! received, through the real server on loopback (HTTP, JSON, the check, typst's layout, the
//! pages as SVG). Two kinds of edit: a word added to the trích yếu (page 1 changes), and a
//! sentence added there (a line more: every page after it moves). Medians, and where the time
//! goes. The browser's own drawing of the image is measured by the browser test
//! (`tests/editor.rs`), and both are in docs/speed.md.

use super::bench_batch::median;
use crate::editor::Editor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// The 6-page plan of the examples.
const SIX_PAGES: &str = "data/002-hoc-tap-chuyen-de-thanh-hoa.yaml";

static STOP: AtomicBool = AtomicBool::new(false);

/// One edit's figures.
struct Lan {
    wall: Duration,
    van_ban: f64,
    dan_trang: f64,
    anh: f64,
    pages_sent: usize,
    bytes: usize,
}

fn p90(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() * 9 / 10).min(v.len() - 1)]
}

/// The text with something added at the end of its trích yếu line.
fn with_summary(src: &str, added: &str) -> Option<String> {
    let start = src.find("\ntrich_yeu:")? + 1;
    let end = src[start..].find('\n').map_or(src.len(), |e| start + e);
    Some(format!("{}{added}{}", &src[..end], &src[end..]))
}

struct Client {
    agent: ureq::Agent,
    url: String,
    host: String,
    known: Vec<String>,
}

impl Client {
    fn edit(&mut self, yaml: &str) -> Result<Lan, String> {
        let body = serde_json::json!({ "yaml": yaml, "da_co": self.known }).to_string();
        let started = Instant::now();
        let mut r = self
            .agent
            .post(format!("{}api/xem", self.url))
            .header("X-Vbhc", "1")
            .header("Host", &self.host)
            .header("Content-Type", "application/json")
            .send(body)
            .map_err(|e| e.to_string())?;
        let text = r.body_mut().with_config().limit(64 * 1024 * 1024).read_to_string().map_err(|e| e.to_string())?;
        let x: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let wall = started.elapsed();
        let pages = x["trang"].as_array().ok_or_else(|| format!("văn bản có lỗi: {}", x["chan_doan"]))?;
        self.known = pages.iter().filter_map(|p| p["h"].as_str().map(str::to_string)).collect();
        let t = &x["thoi_gian"];
        Ok(Lan {
            wall,
            van_ban: t["van_ban"].as_f64().unwrap_or(0.0),
            dan_trang: t["dan_trang"].as_f64().unwrap_or(0.0),
            anh: t["anh"].as_f64().unwrap_or(0.0),
            pages_sent: pages.iter().filter(|p| p["svg"].is_string()).count(),
            bytes: text.len(),
        })
    }
}

fn report(what: &str, lans: &[Lan]) {
    let f = |g: fn(&Lan) -> f64| median(lans.iter().map(g).collect());
    let wall: Vec<f64> = lans.iter().map(|l| l.wall.as_secs_f64() * 1000.0).collect();
    let (m, p) = (median(wall.clone()), p90(wall));
    let server = f(|l| l.van_ban) + f(|l| l.dan_trang) + f(|l| l.anh);
    println!("{what}: trung vị {m:.1} ms, p90 {p:.1} ms");
    println!(
        "    đọc + kiểm tra + mẫu {:.1} ms, dàn trang (typst) {:.1} ms, vẽ trang SVG {:.1} ms, HTTP + JSON {:.1} ms",
        f(|l| l.van_ban),
        f(|l| l.dan_trang),
        f(|l| l.anh),
        (m - server).max(0.0)
    );
    println!(
        "    gửi lại {:.0} trang, {:.0} KB mỗi lần",
        f(|l| l.pages_sent as f64),
        f(|l| l.bytes as f64) / 1024.0
    );
}

pub fn run(file: Option<PathBuf>, lan: usize) -> ExitCode {
    let path = file.unwrap_or_else(|| PathBuf::from(SIX_PAGES));
    let Ok(src) = std::fs::read_to_string(&path) else {
        eprintln!("{}:1:1: lỗi: không đọc được tệp", path.display());
        return ExitCode::from(2);
    };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let editor = match Editor::open(folder, 0) {
        Ok(e) => Arc::new(e),
        Err(e) => {
            eprintln!("lỗi: {e}");
            return ExitCode::from(1);
        }
    };
    let url = editor.url.clone();
    let server = Arc::clone(&editor);
    std::thread::spawn(move || server.serve(&STOP));
    let host = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut client = Client {
        agent: ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(60))).build().into(),
        url,
        host,
        known: Vec::new(),
    };
    let lan = lan.max(3);
    let result = (|| -> Result<(), String> {
        let first = client.edit(&src)?;
        println!(
            "vbhc bench edit: {} ({} trang), {lan} lần sửa mỗi loại, qua máy chủ của `vbhc edit` trên 127.0.0.1",
            path.display(),
            client.known.len()
        );
        println!("lần đầu (mở tệp, mọi trang): {:.1} ms", first.wall.as_secs_f64() * 1000.0);
        let mut words = Vec::new();
        for i in 0..lan {
            let yaml = with_summary(&src, &format!(" {i}")).ok_or("tệp không có dòng trich_yeu:")?;
            words.push(client.edit(&yaml)?);
        }
        report("sửa một chữ trong trích yếu", &words);
        let sentence = " và các nhiệm vụ trọng tâm của ngành y tế trong giai đoạn tiếp theo của tỉnh";
        let mut lines = Vec::new();
        for i in 0..lan {
            // Every other edit adds a line to the summary, so each moves the pages after it;
            // each is new text (nothing typst laid out before).
            let added = if i % 2 == 0 { format!("{sentence} {i}") } else { format!("{sentence}{sentence} {i}") };
            let yaml = with_summary(&src, &added).ok_or("tệp không có dòng trich_yeu:")?;
            lines.push(client.edit(&yaml)?);
        }
        report("thêm một dòng ở trang 1 (các trang sau dời theo)", &lines);
        println!("(chưa gồm thời gian trình duyệt vẽ ảnh trang: xem docs/speed.md)");
        Ok(())
    })();
    STOP.store(true, std::sync::atomic::Ordering::SeqCst);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: lỗi: {e}", path.display());
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_edit_lands_at_the_end_of_the_summary_line() {
        let src = "loai: ke-hoach\ntrich_yeu: Về việc A\nso: 1\n";
        assert_eq!(super::with_summary(src, " B").unwrap(), "loai: ke-hoach\ntrich_yeu: Về việc A B\nso: 1\n");
        assert!(super::with_summary("so: 1\n", "x").is_none());
    }
}
