//! The server's addresses: the page, and the API the page calls (JSON, Vietnamese names).
//!
//! | request                               | answer                                         |
//! |---------------------------------------|------------------------------------------------|
//! | `GET /`, `/app.js`, `/app.css`        | the page                                       |
//! | `GET /api/thu-muc`                    | the folder's documents, the types and their keys|
//! | `GET /api/schema`                     | `vbhc schema`                                  |
//! | `GET /api/mo?tep=NAME.yaml`           | the document's text and fingerprint            |
//! | `GET /api/moi?loai=SLUG`              | `vbhc new SLUG`                                |
//! | `POST /api/xem`                       | check and pages (`preview.rs`)                 |
//! | `POST /api/luu`                       | save (`documents.rs`)                          |
//! | `POST /api/xuat?dinh_dang=pdf\|docx`  | the file to download                           |
//! | `POST /api/hang-loat`                 | start a batch (`batch_job.rs`)                 |
//! | `GET /api/hang-loat/N[/zip]`          | its progress, its zip                          |

use super::batch_job::{self, Job};
use super::documents;
use super::guard::{self, Folder, Origins};
use super::preview;
use crate::model::{kieu, loai};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, Mutex};
use tiny_http::{Header, Method, Request, Response};

/// The largest request body: a document (2 MB of YAML, as JSON) or an uploaded table.
const MAX_BODY: u64 = 4 * 1024 * 1024;
const MAX_UPLOAD: u64 = 24 * 1024 * 1024;
/// Batches kept for download; an older one's files are deleted.
const KEPT_BATCHES: usize = 3;

pub struct Routes {
    folder: Folder,
    origins: Origins,
    batches: Mutex<BTreeMap<u64, Arc<Job>>>,
}

/// An answer: status, content type, body, and for a download its file name.
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    download: Option<String>,
}

impl Answer {
    fn json(value: &impl Serialize) -> Answer {
        Answer {
            status: 200,
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(value).unwrap_or_default(),
            download: None,
        }
    }

    fn error(status: u16, message: impl std::fmt::Display) -> Answer {
        Answer {
            status,
            ..Answer::json(&json!({ "loi": message.to_string() }))
        }
    }
}

#[derive(Deserialize)]
struct Xuat {
    yaml: String,
}

#[derive(Deserialize)]
struct HangLoat {
    /// The open document's name and text: the base.
    ten: String,
    yaml: String,
    /// The uploaded table's name and bytes (base64).
    ten_du_lieu: String,
    du_lieu: String,
}

impl Routes {
    pub fn new(folder: Folder, origins: Origins) -> Self {
        Routes {
            folder,
            origins,
            batches: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn answer(&self, mut request: Request) {
        let header = |name: &'static str| {
            request
                .headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        };
        let (host, origin, marked) = (header("Host"), header("Origin"), header(guard::HEADER).is_some());
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let api = path.starts_with("/api/");
        let answer = match self.origins.allows(host.as_deref(), origin.as_deref(), marked, api) {
            Err(why) => Answer::error(403, why),
            Ok(()) => self.route(request.method().clone(), path, query, &mut request),
        };
        let _ = request.respond(response(answer, path == "/"));
    }

    fn route(&self, method: Method, path: &str, query: &str, request: &mut Request) -> Answer {
        let param = |name: &str| query_param(query, name);
        match (method, path) {
            (Method::Get, _) if !path.starts_with("/api/") => match super::assets::find(path) {
                Some(a) => Answer {
                    status: 200,
                    content_type: a.content_type,
                    body: a.text.as_bytes().to_vec(),
                    download: None,
                },
                None => Answer::error(404, "không có trang này"),
            },
            (Method::Get, "/api/thu-muc") => Answer::json(&self.thu_muc()),
            (Method::Get, "/api/schema") => Answer::json(&crate::cli::schema::schema()),
            (Method::Get, "/api/mo") => match documents::mo(&self.folder, &param("tep").unwrap_or_default()) {
                Ok(m) => Answer::json(&m),
                Err(e) => Answer::error(400, e),
            },
            (Method::Get, "/api/moi") => match crate::cli::skeleton(&param("loai").unwrap_or_default()) {
                Some(yaml) => Answer::json(&json!({ "yaml": yaml })),
                None => Answer::error(404, "không có mẫu cho loại này"),
            },
            (Method::Post, "/api/xem") => with_body(request, MAX_BODY, |yc: preview::YeuCau| {
                Answer::json(&preview::xem(&yc, &self.folder))
            }),
            (Method::Post, "/api/luu") => with_body(request, MAX_BODY, |req: documents::Luu| {
                match documents::luu(&self.folder, &req) {
                    Ok(v) => Answer::json(&json!({ "phien_ban": v })),
                    Err(e @ (documents::DocumentError::DaDoiKhac(_) | documents::DocumentError::DaCo(_))) => {
                        Answer::error(409, e)
                    }
                    Err(e) => Answer::error(400, e),
                }
            }),
            (Method::Post, "/api/xuat") => {
                let format = param("dinh_dang").unwrap_or_default();
                with_body(request, MAX_BODY, |x: Xuat| self.xuat(&x.yaml, &format))
            }
            (Method::Post, "/api/hang-loat") => with_body(request, MAX_UPLOAD, |h: HangLoat| self.hang_loat(&h)),
            (Method::Get, p) if p.starts_with("/api/hang-loat/") => self.tien_do(&p["/api/hang-loat/".len()..]),
            _ => Answer::error(404, "không có địa chỉ này"),
        }
    }

    /// The folder's documents, and each shipped type with its keys in reading order.
    fn thu_muc(&self) -> serde_json::Value {
        let types: Vec<_> = kieu::KIEU
            .iter()
            .map(|k| {
                let keys: Vec<_> = kieu::khoa_cua(k)
                    .into_iter()
                    .map(|(d, must)| json!({ "ten": d.ten, "bat_buoc": must, "mo_ta": d.mo_ta }))
                    .collect();
                let ten = loai::tim(k.slug).map_or(k.slug, |l| l.ten);
                json!({ "slug": k.slug, "ten": ten, "khoa": keys })
            })
            .collect();
        json!({
            "thu_muc": self.folder.root().display().to_string(),
            "tep": self.folder.documents(),
            "loai": types,
        })
    }

    /// The document as PDF or DOCX, to download.
    fn xuat(&self, yaml: &str, format: &str) -> Answer {
        if let Some(d) = preview::template_outside(yaml, &self.folder) {
            return Answer::error(400, d.message);
        }
        let prepared = match crate::pipeline::prepare_with(yaml, None, Some(self.folder.root())) {
            Ok(p) => p,
            Err(e) => return Answer::error(400, format!("văn bản còn lỗi, chưa xuất được: {e}")),
        };
        let (bytes, content_type) = match format {
            "pdf" => (crate::pipeline::to_pdf(&prepared).map(|(b, _)| b), "application/pdf"),
            "docx" => (
                crate::pipeline::to_docx(&prepared),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            _ => return Answer::error(400, "định dạng phải là pdf hoặc docx"),
        };
        match bytes {
            Ok(body) => Answer {
                status: 200,
                content_type,
                body,
                download: Some(format!("van-ban.{format}")),
            },
            Err(e) => Answer::error(500, e),
        }
    }

    fn hang_loat(&self, h: &HangLoat) -> Answer {
        use base64::Engine;
        let mut batches = self.batches.lock().unwrap_or_else(|p| p.into_inner());
        if batches.values().any(|j| !j.tien_do.lock().is_ok_and(|t| t.ket_thuc)) {
            return Answer::error(409, "đang có một lần tạo hàng loạt; chờ xong rồi chạy tiếp");
        }
        if let Some(d) = preview::template_outside(&h.yaml, &self.folder) {
            return Answer::error(400, d.message);
        }
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&h.du_lieu) else {
            return Answer::error(400, "tệp dữ liệu gửi lên bị hỏng");
        };
        let ten = match self.folder.file(&h.ten) {
            Ok(_) => h.ten.as_str(),
            Err(_) => "van-ban.yaml",
        };
        match batch_job::start(self.folder.root(), ten, &h.yaml, &h.ten_du_lieu, &bytes) {
            Ok(job) => {
                let id = batches.keys().next_back().map_or(1, |k| k + 1);
                batches.insert(id, job);
                while batches.len() > KEPT_BATCHES {
                    batches.pop_first();
                }
                Answer::json(&json!({ "id": id }))
            }
            Err(e) => Answer::error(400, e),
        }
    }

    fn tien_do(&self, rest: &str) -> Answer {
        let (id, zip) = match rest.strip_suffix("/zip") {
            Some(id) => (id, true),
            None => (rest, false),
        };
        let job = id
            .parse::<u64>()
            .ok()
            .and_then(|id| self.batches.lock().ok()?.get(&id).cloned());
        let Some(job) = job else {
            return Answer::error(404, "không có lần tạo hàng loạt này");
        };
        let t = job.tien_do.lock().map(|t| t.clone()).unwrap_or_default();
        if !zip {
            return Answer::json(&t);
        }
        match std::fs::read(job.zip_path()) {
            Ok(body) if t.co_zip => Answer {
                status: 200,
                content_type: "application/zip",
                body,
                download: Some(batch_job::TEN_ZIP.into()),
            },
            _ => Answer::error(404, "chưa có tệp kết quả"),
        }
    }
}

/// Reads a JSON body of at most `limit` bytes and hands it on.
fn with_body<T: for<'de> Deserialize<'de>>(request: &mut Request, limit: u64, then: impl FnOnce(T) -> Answer) -> Answer {
    let mut body = Vec::new();
    if request.as_reader().take(limit + 1).read_to_end(&mut body).is_err() {
        return Answer::error(400, "không đọc được yêu cầu");
    }
    if body.len() as u64 > limit {
        return Answer::error(413, format!("yêu cầu lớn quá {} MB", limit / (1024 * 1024)));
    }
    match serde_json::from_slice(&body) {
        Ok(value) => then(value),
        Err(e) => Answer::error(400, format!("yêu cầu không đúng dạng: {e}")),
    }
}

fn response(a: Answer, page: bool) -> Response<std::io::Cursor<Vec<u8>>> {
    // Sent whole with its length (no chunks): every answer is already in memory.
    let mut r = Response::from_data(a.body)
        .with_status_code(a.status)
        .with_chunked_threshold(usize::MAX);
    let mut headers = vec![
        ("Content-Type", a.content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("X-Frame-Options", "DENY".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
    ];
    if page {
        // Only the page's own script and styles; pages as blob: images.
        headers.push((
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; frame-ancestors 'none'".to_string(),
        ));
    }
    if let Some(name) = a.download {
        headers.push(("Content-Disposition", format!("attachment; filename=\"{name}\"")));
    }
    for (k, v) in headers {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            r.add_header(h);
        }
    }
    r
}

/// A query parameter, percent-decoded.
fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| percent_decode(v))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
                continue;
            }
            (b'+', _) => out.push(b' '),
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_are_decoded() {
        assert_eq!(query_param("tep=k%E1%BA%BF.yaml&x=1", "tep").as_deref(), Some("kế.yaml"));
        assert_eq!(query_param("tep=a+b.yaml", "tep").as_deref(), Some("a b.yaml"));
        assert_eq!(query_param("tep=..%2Fa.yaml", "tep").as_deref(), Some("../a.yaml"));
        assert_eq!(query_param("tep=100%", "tep").as_deref(), Some("100%"));
        assert_eq!(query_param("tep=%4", "tep").as_deref(), Some("%4"));
        assert_eq!(query_param("x=1", "tep"), None);
    }
}
