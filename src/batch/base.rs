//! The batch's base document: an ordinary input whose strings may be minijinja templates over
//! a unit's variables (`"Báo cáo của {{ ten_don_vi }}"`), and whose lists may hold items
//!
//! ```yaml
//! - lap: khoa in cac_khoa
//!   moi_lan: ["{{ loop.index }}", "{{ khoa.ten }}", "{{ khoa.giuong | so }}"]
//! ```
//!
//! that repeat `moi_lan` once per element of a list. Each unit's document is made by walking
//! the base: user values are rendered into strings and written as JSON strings (JSON is YAML),
//! never spliced into YAML syntax, so no value can change the document's structure. The text
//! produced has one value per line and remembers, per line, which place of the base it came
//! from, so a problem found later by the validator is reported at the base and the unit's
//! column that caused it.

pub use super::environment::{environment, eval_message, finish_text, format_so};
use crate::diag::{Diag, Pos};
use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, ErrorKind};
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};


/// Where a value of the generated document came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub pos: Pos,
    /// The unit's variables this value depends on (directly or through an enclosing `lap:`).
    pub vars: Vec<String>,
}

/// The base, parsed and its templates compiled once for all units.
pub struct Base {
    env: Environment<'static>,
    root: Node,
    origins: Vec<Origin>,
}

struct Node {
    kind: Kind,
    origin: usize,
}

enum Kind {
    /// A value written as is: a JSON string, or a number or boolean as the user typed it.
    Literal(String),
    /// A string with `{{ }}` or `{% %}`: the template's name in the environment, and whether
    /// the whole string is one expression (its number may then stay a number).
    Template { name: String, single: bool },
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// `lap: VAR in EXPR` with `moi_lan: BODY`.
    Repeat {
        var: String,
        expr: String,
        body: Box<Node>,
    },
}

/// The base as read, before compiling: every value with its place.
enum Raw {
    Str(String),
    /// A number, boolean or null, as the source spells it.
    Token(Option<String>),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(String, Spanned<Raw>)>),
}

impl<'de> serde::Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("một giá trị YAML")
            }
            fn visit_str<E>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Raw, E> {
                Ok(Raw::Str(v))
            }
            // The spelling is taken from the source afterwards (`07` must stay `07`).
            fn visit_bool<E>(self, _: bool) -> Result<Raw, E> {
                Ok(Raw::Token(Some(String::new())))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Raw, E> {
                Ok(Raw::Token(Some(String::new())))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Raw, E> {
                Ok(Raw::Token(Some(String::new())))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Raw, E> {
                Ok(Raw::Token(Some(String::new())))
            }
            fn visit_unit<E>(self) -> Result<Raw, E> {
                Ok(Raw::Token(None))
            }
            fn visit_none<E>(self) -> Result<Raw, E> {
                Ok(Raw::Token(None))
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                serde::Deserialize::deserialize(d)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Raw::Seq(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Raw::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// Why a unit's document could not be made from the base.
#[derive(Debug)]
pub enum ExpandError {
    /// The unit lacks variables the value at `origin` uses.
    Missing { origin: usize, names: Vec<String> },
    /// A template or `lap:` failed for another reason.
    Eval { origin: usize, message: String },
}

/// A unit's document: YAML text (JSON) and, per line, the index of its origin.
pub struct Expanded {
    pub text: String,
    pub lines: Vec<usize>,
}

/// The result of a walk: values with their origin.
struct Out {
    value: OutValue,
    origin: usize,
}

enum OutValue {
    Token(String),
    Seq(Vec<Out>),
    Map(Vec<(String, Out)>),
}

/// One level of variables: the unit's, then each enclosing `lap:`'s.
#[derive(Clone)]
pub struct Scope {
    vars: BTreeMap<String, Value>,
    value: Value,
}

impl Scope {
    pub fn new(vars: BTreeMap<String, Value>) -> Scope {
        let value = Value::from(vars.clone());
        Scope { vars, value }
    }

    fn with(&self, name: &str, item: Value, loop_info: Value) -> Scope {
        let mut vars = self.vars.clone();
        vars.insert(name.to_string(), item);
        vars.insert("loop".to_string(), loop_info);
        Scope::new(vars)
    }

    /// All the variables as one value, the context templates render with.
    pub fn value(&self) -> &Value {
        &self.value
    }

    pub fn has(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Base {
    /// Parses and compiles a base. `extra` names the variables the batch itself provides
    /// (`stt`), so they are not taken for the unit's columns.
    pub fn parse(src: &str, extra: &[&str]) -> Result<Base, Vec<Diag>> {
        if src.trim().is_empty() {
            return Err(vec![Diag::error(Pos { line: 1, col: 1 }, "tệp trống")]);
        }
        if src.len() > crate::reader::MAX_INPUT_BYTES {
            return Err(vec![Diag::error(Pos { line: 1, col: 1 }, "tệp quá lớn")]);
        }
        let mut options = serde_saphyr::Options::default();
        options.with_snippet = false;
        let raw: Spanned<Raw> = serde_saphyr::from_str_with_options(src, options)
            .map_err(|e| vec![crate::reader::yaml_diag(&e, src)])?;
        if !matches!(raw.value, Raw::Map(_)) {
            return Err(vec![Diag::error(
                Pos { line: 1, col: 1 },
                "tệp gốc phải là một văn bản: các dòng `khóa: giá trị`",
            )]);
        }
        let mut compiler = Compiler {
            src,
            env: environment(),
            origins: Vec::new(),
            bound: extra.iter().map(|s| s.to_string()).collect(),
            outer_vars: Vec::new(),
            errors: Vec::new(),
        };
        let root = compiler.node(raw);
        if !compiler.errors.is_empty() {
            return Err(compiler.errors);
        }
        Ok(Base {
            env: compiler.env,
            root,
            origins: compiler.origins,
        })
    }

    pub fn origin(&self, index: usize) -> &Origin {
        &self.origins[index]
    }

    /// Every unit variable the base uses, for checking the data's columns up front.
    pub fn variables(&self) -> BTreeSet<&str> {
        self.origins
            .iter()
            .flat_map(|o| o.vars.iter().map(String::as_str))
            .collect()
    }

    /// One unit's document. `overrides` replace (or add) top-level keys with plain strings:
    /// the running number of `--so-bat-dau`.
    pub fn expand(
        &self,
        scope: &Scope,
        overrides: &[(&str, String)],
    ) -> Result<Expanded, ExpandError> {
        let mut root = self.walk(&self.root, scope)?;
        if let OutValue::Map(entries) = &mut root.value {
            for (key, value) in overrides {
                let token = json_string(value);
                match entries.iter_mut().find(|(k, _)| k == key) {
                    Some((_, v)) => v.value = OutValue::Token(token),
                    None => entries.push((
                        key.to_string(),
                        Out {
                            value: OutValue::Token(token),
                            origin: root.origin,
                        },
                    )),
                }
            }
        }
        let mut expanded = Expanded {
            text: String::new(),
            lines: Vec::new(),
        };
        emit(&root, None, 0, true, &mut expanded);
        Ok(expanded)
    }

    fn walk(&self, node: &Node, scope: &Scope) -> Result<Out, ExpandError> {
        let value = match &node.kind {
            Kind::Literal(token) => OutValue::Token(token.clone()),
            Kind::Template { name, single } => {
                let text = self.render(name, scope, node.origin)?;
                OutValue::Token(if *single && looks_numeric(&text) {
                    text
                } else {
                    json_string(&text)
                })
            }
            Kind::Map(entries) => OutValue::Map(
                entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.walk(v, scope)?)))
                    .collect::<Result<_, _>>()?,
            ),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match &item.kind {
                        Kind::Repeat { var, expr, body } => {
                            self.repeat(var, expr, body, item.origin, scope, &mut out)?
                        }
                        _ => out.push(self.walk(item, scope)?),
                    }
                }
                OutValue::Seq(out)
            }
            // A `lap:` outside a list is refused when compiling.
            Kind::Repeat { .. } => OutValue::Seq(Vec::new()),
        };
        Ok(Out {
            value,
            origin: node.origin,
        })
    }

    fn render(&self, name: &str, scope: &Scope, origin: usize) -> Result<String, ExpandError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| self.eval_error(origin, scope, &e))?;
        template
            .render(&scope.value)
            .map(|text| finish_text(&text))
            .map_err(|e| self.eval_error(origin, scope, &e))
    }

    fn repeat(
        &self,
        var: &str,
        expr: &str,
        body: &Node,
        origin: usize,
        scope: &Scope,
        out: &mut Vec<Out>,
    ) -> Result<(), ExpandError> {
        let value = self
            .env
            .compile_expression(expr)
            .and_then(|e| e.eval(&scope.value))
            .map_err(|e| self.eval_error(origin, scope, &e))?;
        if !matches!(value.kind(), ValueKind::Seq | ValueKind::Iterable) {
            return Err(ExpandError::Eval {
                origin,
                message: format!(
                    "`lap:` cần một danh sách, nhưng `{expr}` là {}",
                    kind_name(value.kind())
                ),
            });
        }
        let items: Vec<Value> = value
            .try_iter()
            .map_err(|e| self.eval_error(origin, scope, &e))?
            .collect();
        let length = items.len();
        for (i, item) in items.into_iter().enumerate() {
            let loop_info = Value::from_serialize(LoopInfo {
                index: i + 1,
                index0: i,
                first: i == 0,
                last: i + 1 == length,
                length,
            });
            out.push(self.walk(body, &scope.with(var, item, loop_info))?);
        }
        Ok(())
    }

    fn eval_error(&self, origin: usize, scope: &Scope, e: &minijinja::Error) -> ExpandError {
        let names: Vec<String> = self.origins[origin]
            .vars
            .iter()
            .filter(|v| !scope.has(v))
            .cloned()
            .collect();
        if !names.is_empty() && e.kind() == ErrorKind::UndefinedError {
            ExpandError::Missing { origin, names }
        } else {
            ExpandError::Eval {
                origin,
                message: eval_message(e),
            }
        }
    }
}

#[derive(serde::Serialize)]
struct LoopInfo {
    index: usize,
    index0: usize,
    first: bool,
    last: bool,
    length: usize,
}

fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::String => "một chuỗi chữ",
        ValueKind::Number => "một số",
        ValueKind::Map => "một bảng khóa",
        ValueKind::None | ValueKind::Undefined => "rỗng",
        ValueKind::Bool => "đúng/sai",
        _ => "không phải danh sách",
    }
}

/// A rendered value that may be written unquoted: a plain decimal number (a `co_chu:` size
/// needs a number; a text field reads the same digits as text).
fn looks_numeric(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

struct Compiler<'a> {
    src: &'a str,
    env: Environment<'static>,
    origins: Vec<Origin>,
    /// Names bound at this point: the batch's own and the enclosing `lap:` variables.
    bound: Vec<String>,
    /// The unit variables the enclosing `lap:` lists depend on.
    outer_vars: Vec<String>,
    errors: Vec<Diag>,
}

impl Compiler<'_> {
    fn origin(&mut self, loc: &serde_saphyr::Location, used: Vec<String>) -> usize {
        let mut vars: Vec<String> = used
            .into_iter()
            .filter(|v| !self.bound.contains(v) && v != "loop")
            .chain(self.outer_vars.iter().cloned())
            .collect();
        vars.sort();
        vars.dedup();
        self.origins.push(Origin {
            pos: crate::reader::pos_of(loc),
            vars,
        });
        self.origins.len() - 1
    }

    fn node(&mut self, raw: Spanned<Raw>) -> Node {
        let loc = raw.referenced;
        match raw.value {
            Raw::Token(None) => Node {
                kind: Kind::Literal("null".into()),
                origin: self.origin(&loc, Vec::new()),
            },
            Raw::Token(Some(_)) => {
                let token = source_text(self.src, &loc).unwrap_or("null").to_string();
                Node {
                    kind: Kind::Literal(token),
                    origin: self.origin(&loc, Vec::new()),
                }
            }
            Raw::Str(s) if !s.contains("{{") && !s.contains("{%") => Node {
                kind: Kind::Literal(json_string(&s)),
                origin: self.origin(&loc, Vec::new()),
            },
            Raw::Str(s) => self.template(s, &loc),
            Raw::Seq(items) => {
                let items = items.into_iter().map(|i| self.item(i)).collect();
                Node {
                    kind: Kind::Seq(items),
                    origin: self.origin(&loc, Vec::new()),
                }
            }
            Raw::Map(entries) => {
                if entries.iter().any(|(k, _)| k == "lap" || k == "moi_lan") {
                    self.errors.push(
                        Diag::error(crate::reader::pos_of(&loc), "`lap:` chỉ dùng cho một phần tử của danh sách")
                            .with_hint("viết `- lap: x in danh_sach` rồi `moi_lan: ...` trong một danh sách"),
                    );
                }
                let entries = entries
                    .into_iter()
                    .map(|(k, v)| (k, self.node(v)))
                    .collect();
                Node {
                    kind: Kind::Map(entries),
                    origin: self.origin(&loc, Vec::new()),
                }
            }
        }
    }

    fn template(&mut self, s: String, loc: &serde_saphyr::Location) -> Node {
        let name = format!("gia-tri-{}", self.origins.len());
        let trimmed = s.trim();
        let single = trimmed.starts_with("{{")
            && trimmed.ends_with("}}")
            && trimmed.matches("{{").count() == 1
            && !trimmed.contains("{%");
        let used = match self.env.add_template_owned(name.clone(), s) {
            Ok(()) => self
                .env
                .get_template(&name)
                .map(|t| t.undeclared_variables(false).into_iter().collect())
                .unwrap_or_default(),
            Err(e) => {
                self.errors
                    .push(Diag::error(crate::reader::pos_of(loc), eval_message(&e)));
                Vec::new()
            }
        };
        Node {
            kind: Kind::Template { name, single },
            origin: self.origin(loc, used),
        }
    }

    /// A list item: an ordinary value, or a `lap:` item.
    fn item(&mut self, raw: Spanned<Raw>) -> Node {
        let Raw::Map(entries) = &raw.value else {
            return self.node(raw);
        };
        if !entries.iter().any(|(k, _)| k == "lap") {
            return self.node(raw);
        }
        let loc = raw.referenced;
        let pos = crate::reader::pos_of(&loc);
        let Raw::Map(entries) = raw.value else {
            unreachable!("checked above")
        };
        let mut lap = None;
        let mut body = None;
        for (key, value) in entries {
            match key.as_str() {
                "lap" => lap = Some(value),
                "moi_lan" => body = Some(value),
                other => self.errors.push(
                    Diag::error(pos, format!("khóa `{other}` không dùng được cạnh `lap:`"))
                        .with_hint("một phần tử lặp chỉ có `lap:` và `moi_lan:`"),
                ),
            }
        }
        let (Some(lap), Some(body)) = (lap, body) else {
            self.errors.push(
                Diag::error(pos, "phần tử lặp cần cả `lap:` và `moi_lan:`")
                    .with_hint("ví dụ: `- lap: khoa in cac_khoa` rồi `moi_lan: [\"{{ khoa.ten }}\"]`"),
            );
            return Node {
                kind: Kind::Seq(Vec::new()),
                origin: self.origin(&loc, Vec::new()),
            };
        };
        let lap_pos = crate::reader::pos_of(&lap.referenced);
        let Raw::Str(spec) = lap.value else {
            self.errors
                .push(Diag::error(lap_pos, "`lap:` cần dạng `tên in danh_sách`"));
            return self.node(body);
        };
        let Some((var, expr)) = spec.split_once(" in ") else {
            self.errors.push(
                Diag::error(lap_pos, format!("`lap: {spec}` thiếu ` in `"))
                    .with_hint("viết `lap: khoa in cac_khoa`: mỗi lần lặp, `khoa` là một phần tử"),
            );
            return self.node(body);
        };
        let (var, expr) = (var.trim().to_string(), expr.trim().to_string());
        if !is_identifier(&var) {
            self.errors.push(Diag::error(
                lap_pos,
                format!("`{var}` không dùng được làm tên biến lặp (chỉ chữ không dấu, số và `_`)"),
            ));
        }
        let used: Vec<String> = match self.env.compile_expression(&expr) {
            Ok(e) => e.undeclared_variables(false).into_iter().collect(),
            Err(e) => {
                self.errors.push(Diag::error(lap_pos, eval_message(&e)));
                Vec::new()
            }
        };
        let origin = self.origin(&lap.referenced, used);
        let saved = self.outer_vars.clone();
        self.outer_vars = self.origins[origin].vars.clone();
        self.bound.push(var.clone());
        let body = self.node(body);
        self.bound.pop();
        self.outer_vars = saved;
        Node {
            kind: Kind::Repeat {
                var,
                expr,
                body: Box::new(body),
            },
            origin,
        }
    }
}

/// The source text of a plain scalar, from its span.
fn source_text<'a>(src: &'a str, loc: &serde_saphyr::Location) -> Option<&'a str> {
    let span = loc.span();
    let start = span.byte_offset()? as usize;
    let len = span.byte_len()? as usize;
    src.get(start..start + len).map(str::trim)
}

/// Writes `out` as JSON with one value per line, recording each line's origin.
fn emit(out: &Out, key: Option<&str>, indent: usize, last: bool, to: &mut Expanded) {
    let pad = "  ".repeat(indent);
    let key = key.map(|k| format!("{}: ", json_string(k))).unwrap_or_default();
    let comma = if last { "" } else { "," };
    let mut line = |text: String, origin: usize| {
        to.text.push_str(&text);
        to.text.push('\n');
        to.lines.push(origin);
    };
    match &out.value {
        OutValue::Token(t) => line(format!("{pad}{key}{t}{comma}"), out.origin),
        OutValue::Seq(items) if items.is_empty() => line(format!("{pad}{key}[]{comma}"), out.origin),
        OutValue::Map(entries) if entries.is_empty() => {
            line(format!("{pad}{key}{{}}{comma}"), out.origin)
        }
        OutValue::Seq(items) => {
            line(format!("{pad}{key}["), out.origin);
            for (i, item) in items.iter().enumerate() {
                emit(item, None, indent + 1, i + 1 == items.len(), to);
            }
            to.text.push_str(&format!("{pad}]{comma}\n"));
            to.lines.push(out.origin);
        }
        OutValue::Map(entries) => {
            line(format!("{pad}{key}{{"), out.origin);
            for (i, (k, v)) in entries.iter().enumerate() {
                emit(v, Some(k), indent + 1, i + 1 == entries.len(), to);
            }
            to.text.push_str(&format!("{pad}}}{comma}\n"));
            to.lines.push(out.origin);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_text_and_an_empty_marked_value_leaves_no_markers() {
        let base = Base::parse(
            "a: \"Diện tích {{ kt }}; khám **{{ luot }}** lượt, *{{ ghi }}*\"\nb: \"{{ dam | safe }}\"\n",
            &[],
        )
        .unwrap();
        let unit = scope(serde_json::json!({"kt": "6*4*3 m", "luot": "", "ghi": "x", "dam": "**đậm**"}));
        let out = base.expand(&unit, &[]).unwrap();
        let value: serde_json::Value = serde_saphyr::from_str(&out.text).unwrap();
        assert_eq!(value["a"], "Diện tích 6\\*4\\*3 m; khám lượt, *x*");
        assert_eq!(value["b"], "**đậm**", "`| safe` keeps a value's markup");
        assert!(!out.text.contains(super::super::environment::VALUE_START) && !out.text.contains(super::super::environment::VALUE_END));
        assert_eq!(finish_text("***\u{FDD0}\u{FDD1}***b"), "b");
        assert_eq!(finish_text("*\u{FDD0}\u{FDD1}**"), "*");
        assert_eq!(finish_text("a \u{FDD0}\u{FDD1} b"), "a  b");
    }

    fn scope(json: serde_json::Value) -> Scope {
        let vars: BTreeMap<String, Value> = json
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_serialize(v)))
            .collect();
        Scope::new(vars)
    }

    const BASE: &str = "loai: bao-cao\nso: 07\nco_chu: {tieu_de: \"{{ co }}\"}\ntrich_yeu: \"Kết quả của {{ ten }}\"\nbang:\n  - [TT, Khoa]\n  - lap: k in khoa\n    moi_lan: [\"{{ loop.index }}\", \"{{ k.ten }}: {{ k.giuong | so }}\"]\n";

    #[test]
    fn strings_are_rendered_lists_repeated_numbers_kept() {
        let base = Base::parse(BASE, &["stt"]).unwrap();
        let unit = scope(serde_json::json!({
            "ten": "Bệnh viện \"A\"\n: *x",
            "co": 14,
            "khoa": [{"ten": "Nội", "giuong": 1200}, {"ten": "Ngoại", "giuong": 35}],
        }));
        let out = base.expand(&unit, &[]).unwrap();
        let value: serde_json::Value = serde_saphyr::from_str(&out.text).unwrap();
        assert_eq!(value["so"].as_f64(), Some(7.0), "{}", out.text);
        assert!(out.text.contains("\"so\": 07"), "{}", out.text);
        assert_eq!(value["co_chu"]["tieu_de"], 14);
        assert_eq!(value["trich_yeu"], "Kết quả của Bệnh viện \"A\"\n: \\*x", "a value's `*` is text");
        assert_eq!(
            value["bang"],
            serde_json::json!([["TT", "Khoa"], [1, "Nội: 1.200"], [2, "Ngoại: 35"]])
        );
        assert_eq!(out.lines.len(), out.text.lines().count());
        // The line of the repeated row points at its `moi_lan:` value in the base.
        let row = out.text.lines().position(|l| l.contains("Ngoại")).unwrap();
        assert_eq!(base.origin(out.lines[row]).pos.line, 8);
        assert_eq!(base.origin(out.lines[row]).vars, ["khoa"]);
    }

    #[test]
    fn overrides_replace_top_level_keys() {
        let base = Base::parse(BASE, &["stt"]).unwrap();
        let unit = scope(serde_json::json!({"ten": "A", "co": 14, "khoa": []}));
        let out = base.expand(&unit, &[("so", "120".into())]).unwrap();
        let value: serde_json::Value = serde_saphyr::from_str(&out.text).unwrap();
        assert_eq!(value["so"], "120");
    }

    #[test]
    fn missing_variables_are_named() {
        let base = Base::parse(BASE, &["stt"]).unwrap();
        let unit = scope(serde_json::json!({"co": 14, "khoa": []}));
        match base.expand(&unit, &[]) {
            Err(ExpandError::Missing { names, origin }) => {
                assert_eq!(names, ["ten"]);
                assert_eq!(base.origin(origin).pos.line, 4);
            }
            other => panic!("{:?}", other.err()),
        }
        let unit = scope(serde_json::json!({"ten": "A", "co": 14, "khoa": "Nội"}));
        match base.expand(&unit, &[]) {
            Err(ExpandError::Eval { message, .. }) => assert!(message.contains("danh sách"), "{message}"),
            other => panic!("{:?}", other.err()),
        }
        assert_eq!(
            base.variables().into_iter().collect::<Vec<_>>(),
            ["co", "khoa", "ten"]
        );
    }

    #[test]
    fn base_mistakes_are_located() {
        let errors = Base::parse("a: \"{{ x \"\nb:\n  - lap: k of ds\n    moi_lan: x\n  - lap: 1\n", &[]).err().unwrap();
        let lines: Vec<_> = errors.iter().map(|d| d.pos.line).collect();
        assert_eq!(lines, [1, 3, 5], "{errors:?}");
        assert!(Base::parse("- a\n", &[]).is_err());
        assert!(Base::parse("a: {lap: x in y, moi_lan: 1}\n", &[]).is_err());
    }

    #[test]
    fn a_runaway_loop_stops() {
        let base = Base::parse("a: \"{% for i in range(9999) %}{% for j in range(9999) %}x{% endfor %}{% endfor %}\"\n", &[]).unwrap();
        assert!(matches!(base.expand(&scope(serde_json::json!({})), &[]), Err(ExpandError::Eval { .. })));
    }

    #[test]
    fn numbers_in_vietnamese() {
        assert_eq!(format_so(Value::from(1234567), None), "1.234.567");
        assert_eq!(format_so(Value::from(-1200), None), "-1.200");
        assert_eq!(format_so(Value::from(47.7), None), "47,7");
        assert_eq!(format_so(Value::from(1200.5), Some(2)), "1.200,50");
        assert_eq!(format_so(Value::from(999), None), "999");
        assert_eq!(format_so(Value::from(121.25), Some(1)), "121,3");
        assert_eq!(format_so(Value::from("9.850"), None), "9.850");
    }
}
