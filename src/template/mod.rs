//! Document types as minijinja templates (`templates/*.j2`): a template knows the structure and
//! the fixed wording of one type and emits events; it never knows the output format.

use crate::model::VanBan;
use crate::tree::{self, Document, Event};
use minijinja::Environment;
use std::sync::LazyLock;

/// The shipped templates, compiled into the binary: (file name, source). Files starting with
/// `_` are pieces the type templates import or include.
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
}

/// A template error at its file and line, quoting that line, which names the YAML key the
/// template wanted (`{{ muc.ket_qua... }}`).
fn render_error(file: &str, source: Option<&str>, e: &minijinja::Error) -> TemplateError {
    let mut detail = e
        .detail()
        .map(str::to_string)
        .unwrap_or_else(|| e.kind().to_string());
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
    user: Option<&crate::pipeline::UserTemplate>,
) -> Result<Document, TemplateError> {
    let slug = van_ban.loai.slug;
    let user_env;
    let (env, name, file, source) = match user {
        Some(t) => {
            let mut env = ENV.clone();
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
    let out = tmpl
        .render(minijinja::Value::from_serialize(van_ban))
        .map_err(|e| {
            // An error inside an included piece names that piece's line; quote it only when it
            // is the template's own.
            let own = e.name().is_none_or(|n| n == name);
            render_error(&file, source.filter(|_| own), &e)
        })?;
    let events = serde_json::Deserializer::from_str(&out)
        .into_iter::<Event>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TemplateError::Events {
            file: file.clone(),
            detail: e.to_string(),
        })?;
    tree::build(events).map_err(|detail| TemplateError::Events { file, detail })
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
