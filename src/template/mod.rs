//! Document types as minijinja templates (`templates/*.j2`): a template knows the structure and
//! the fixed wording of one type and emits events; it never knows the output format.

use crate::model::VanBan;
use crate::tree::{self, Document, Event};
use minijinja::Environment;
use std::sync::LazyLock;

/// The shipped templates, compiled into the binary: (type slug, file name, source).
const SHIPPED: [(&str, &str, &str); 1] =
    [("ke-hoach", "ke-hoach.j2", include_str!("../../templates/ke-hoach.j2"))];

static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // Undefined values are errors, so a misspelled variable cannot silently print nothing.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (_, name, src) in SHIPPED {
        env.add_template(name, src).expect("shipped template parses");
    }
    env
});

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("không có mẫu cho loại văn bản `{0}`")]
    NoTemplate(String),
    #[error("templates/{file}:{line}: lỗi mẫu: {detail}")]
    Render { file: String, line: usize, detail: String },
    #[error("templates/{file}: mẫu sinh ra sự kiện không hợp lệ: {detail}")]
    Events { file: String, detail: String },
}

/// Renders the document's type template and builds the tree from its events.
pub fn render(van_ban: &VanBan) -> Result<Document, TemplateError> {
    let slug = van_ban.loai.slug;
    let (_, file, _) = SHIPPED
        .iter()
        .find(|(s, _, _)| *s == slug)
        .ok_or_else(|| TemplateError::NoTemplate(slug.to_string()))?;
    let tmpl = ENV.get_template(file).expect("registered above");
    let out = tmpl.render(minijinja::Value::from_serialize(van_ban)).map_err(|e| TemplateError::Render {
        file: file.to_string(),
        line: e.line().unwrap_or(0),
        detail: e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string()),
    })?;
    let events = serde_json::Deserializer::from_str(&out)
        .into_iter::<Event>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TemplateError::Events { file: file.to_string(), detail: e.to_string() })?;
    tree::build(events).map_err(|detail| TemplateError::Events { file: file.to_string(), detail })
}
