//! Document types as minijinja templates (`templates/*.j2`): a template knows the structure and
//! the fixed wording of one type and emits events; it never knows the output format.

use crate::model::VanBan;
use crate::tree::{self, Document, Event};
use minijinja::Environment;
use std::sync::LazyLock;

/// The shipped templates, compiled into the binary: (file name, source). Files starting with
/// `_` are pieces the type templates import or include.
/// Instructions a user's template may run for one document: the shipped templates take well
/// under a million on the largest document the limits allow (`model::MAX_BLOCKS`,
/// `MAX_CELLS`); a runaway loop (`range(100000)` nested) stops in a fraction of a second.
const USER_FUEL: u64 = 20_000_000;
/// The most a user's template may write for one document: the largest allowed document's
/// events are a few megabytes.
const MAX_USER_OUTPUT: usize = 32 * 1024 * 1024;

/// A template of the user's, read from a file at run time: no rebuild needed.
#[derive(Debug, Clone)]
pub struct UserTemplate {
    /// The path as the user gave it, for messages.
    pub name: String,
    pub source: String,
}

/// The largest user template (`--template`, `mau:`): the shipped ones are a few kilobytes.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

const SHIPPED: [(&str, &str); 15] = [
    ("_khoi.j2", include_str!("../../templates/_khoi.j2")),
    ("_dau.j2", include_str!("../../templates/_dau.j2")),
    ("_mo_dau.j2", include_str!("../../templates/_mo_dau.j2")),
    ("_chu_ky.j2", include_str!("../../templates/_chu_ky.j2")),
    ("ke-hoach.j2", include_str!("../../templates/ke-hoach.j2")),
    ("bao-cao.j2", include_str!("../../templates/bao-cao.j2")),
    ("cong-van.j2", include_str!("../../templates/cong-van.j2")),
    ("to-trinh.j2", include_str!("../../templates/to-trinh.j2")),
    ("thong-bao.j2", include_str!("../../templates/thong-bao.j2")),
    (
        "quyet-dinh.j2",
        include_str!("../../templates/quyet-dinh.j2"),
    ),
    ("giay-moi.j2", include_str!("../../templates/giay-moi.j2")),
    ("huong-dan.j2", include_str!("../../templates/huong-dan.j2")),
    (
        "chuong-trinh.j2",
        include_str!("../../templates/chuong-trinh.j2"),
    ),
    ("phuong-an.j2", include_str!("../../templates/phuong-an.j2")),
    ("de-an.j2", include_str!("../../templates/de-an.j2")),
];

/// A shipped template's source, by its file name (`giay-moi.j2`).
pub fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // Undefined values are errors, so a misspelled variable cannot silently print nothing.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, src) in SHIPPED {
        env.add_template(name, src)
            .expect("shipped template parses");
    }
    env
});

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "không có mẫu cho loại văn bản `{0}`; dùng `mau:` hoặc `--template` để chỉ ra mẫu của bạn"
    )]
    NoTemplate(String),
    #[error("{file}:{line}: lỗi mẫu: {detail}")]
    Render {
        file: String,
        line: usize,
        detail: String,
    },
    #[error("{file}: mẫu sinh ra sự kiện không hợp lệ: {detail}")]
    Events { file: String, detail: String },
    #[error("{file}: mẫu sinh ra quá nhiều nội dung (hơn {} MB cho một văn bản); kiểm tra các vòng lặp của mẫu", MAX_USER_OUTPUT / 1024 / 1024)]
    TooMuch { file: String },
    #[error("{file}: mẫu sinh ra chữ có {what} (U+{code:04X}) trong «{text}»; hãy bỏ ký tự đó khỏi mẫu")]
    BadText {
        file: String,
        what: &'static str,
        code: u32,
        text: String,
    },
}

/// A template error at its file and line, quoting that line, which names the YAML key the
/// template wanted (`{{ muc.ket_qua... }}`).
fn render_error(file: &str, source: Option<&str>, e: &minijinja::Error) -> TemplateError {
    let mut detail = e
        .detail()
        .map(str::to_string)
        .unwrap_or_else(|| e.kind().to_string());
    if e.kind() == minijinja::ErrorKind::OutOfFuel {
        detail = "mẫu chạy quá lâu (vòng lặp quá lớn?)".to_string();
    }
    if e.kind() == minijinja::ErrorKind::UndefinedError {
        detail.push_str(" (mẫu dùng một khóa không có trong tệp YAML)");
    }
    let line = e.line().unwrap_or(0);
    if let Some(text) = source
        .and_then(|s| s.lines().nth(line.saturating_sub(1)))
        .filter(|_| line > 0)
    {
        detail.push_str(&format!("; dòng mẫu: `{}`", text.trim()));
    }
    TemplateError::Render {
        file: file.to_string(),
        line,
        detail,
    }
}

/// Renders the document's template (the user's if given, else the shipped one of its type)
/// and builds the tree from its events. A user's template can import the shipped pieces
/// (`{% import "_khoi.j2" as k %}`, `{% include "_dau.j2" %}`).
pub fn render(
    van_ban: &VanBan,
    user: Option<&UserTemplate>,
) -> Result<Document, TemplateError> {
    let slug = van_ban.loai.slug;
    let user_env;
    let (env, name, file, source) = match user {
        Some(t) => {
            let mut env = ENV.clone();
            env.set_fuel(Some(USER_FUEL));
            env.add_template_owned("mau-nguoi-dung.j2", t.source.clone())
                .map_err(|e| render_error(&t.name, Some(&t.source), &e))?;
            user_env = env;
            (
                &user_env,
                "mau-nguoi-dung.j2",
                t.name.clone(),
                Some(t.source.as_str()),
            )
        }
        None => {
            let file = crate::model::kieu::tim(slug)
                .map(|k| k.template)
                .ok_or_else(|| TemplateError::NoTemplate(slug.to_string()))?;
            let source = SHIPPED.iter().find(|(n, _)| *n == file).map(|(_, s)| *s);
            (&*ENV, file, format!("templates/{file}"), source)
        }
    };
    let tmpl = env
        .get_template(name)
        .map_err(|e| render_error(&file, source, &e))?;
    let mut out = BoundedOutput::new(if user.is_some() { MAX_USER_OUTPUT } else { usize::MAX });
    tmpl.render_captured_to(minijinja::Value::from_serialize(van_ban), &mut out)
        .map_err(|e| {
            if out.over {
                return TemplateError::TooMuch { file: file.clone() };
            }
            // An error inside an included piece names that piece's line; quote it only when it
            // is the template's own.
            let own = e.name().is_none_or(|n| n == name);
            render_error(&file, source.filter(|_| own), &e)
        })?;
    let out = String::from_utf8(out.bytes).map_err(|e| TemplateError::Events {
        file: file.clone(),
        detail: e.to_string(),
    })?;
    if user.is_some() {
        check_text(&out, &file)?;
    }
    let events = serde_json::Deserializer::from_str(&out)
        .into_iter::<Event>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TemplateError::Events {
            file: file.clone(),
            detail: e.to_string(),
        })?;
    let mut doc = tree::build(events).map_err(|detail| TemplateError::Events { file, detail })?;
    doc.layout = van_ban.layout.clone();
    doc.metadata = tree::Metadata::of(
        &doc.blocks,
        van_ban.so_va_ky_hieu.gon(),
        van_ban.trich_yeu.as_deref(),
    );
    Ok(doc)
}

/// A template's output, refusing to grow past its bound.
struct BoundedOutput {
    bytes: Vec<u8>,
    max: usize,
    over: bool,
}

impl BoundedOutput {
    fn new(max: usize) -> Self {
        BoundedOutput { bytes: Vec::new(), max, over: false }
    }
}

impl std::io::Write for BoundedOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.max {
            self.over = true;
            return Err(std::io::Error::other("output bound"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The checks YAML text gets (`model::hygiene`), on the text a user's template writes: no
/// control character (XML cannot carry one, and the DOCX would not open), nothing of a
/// right-to-left script (typst's layout panics on some of it).
fn check_text(out: &str, file: &str) -> Result<(), TemplateError> {
    let Ok(values) = serde_json::Deserializer::from_str(out)
        .into_iter::<serde_json::Value>()
        .collect::<Result<Vec<_>, _>>()
    else {
        return Ok(()); // malformed events are reported by their own reader
    };
    fn strings<'a>(v: &'a serde_json::Value, to: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::String(s) => to.push(s),
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, to)),
            serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, to)),
            _ => {}
        }
    }
    let mut texts = Vec::new();
    values.iter().for_each(|v| strings(v, &mut texts));
    for text in texts {
        let bad = text.chars().find_map(|c| {
            if (c.is_control() && c != '\n' && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}' {
                Some(("ký tự điều khiển", c))
            } else if crate::model::hygiene::right_to_left(c) {
                Some(("ký tự chữ viết từ phải sang trái", c))
            } else {
                None
            }
        });
        if let Some((what, c)) = bad {
            return Err(TemplateError::BadText {
                file: file.to_string(),
                what,
                code: c as u32,
                text: text.chars().filter(|c| !c.is_control()).take(60).collect(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_type_has_its_template() {
        for k in &crate::model::kieu::KIEU {
            assert!(
                super::ENV.get_template(k.template).is_ok(),
                "{}",
                k.template
            );
        }
    }
}
