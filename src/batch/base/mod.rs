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
//! column that caused it. Reading and compiling the base is `compile.rs`; this file expands it
//! for each unit.

mod compile;

pub use super::environment::{environment, eval_message, finish_text, format_so};
use crate::diag::Pos;
use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, ErrorKind};
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


impl Base {
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
