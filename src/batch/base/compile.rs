//! Reading a base: the YAML with every value's place, compiled once into nodes (literal
//! values, templates, repeated lists) and the places they came from.

use super::{Base, Kind, Node, Origin, environment, eval_message, json_string};
use crate::diag::{Diag, Pos};
use minijinja::Environment;
use serde_saphyr::Spanned;

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

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
