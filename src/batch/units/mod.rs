//! The table of units (`--data`): a CSV file, an XLSX sheet, or a YAML or JSON list, read into
//! one shape: each unit a map of variables, and for each variable the place in the file it came
//! from, so a message can say "row 13, column D".

mod csv;
mod sheet;

use super::naming::variable_name;
use csv::read_csv;
use sheet::read_sheet;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Most units one batch takes: a province has a few hundred units; this bounds a mistaken file.
pub const MAX_UNITS: usize = 100_000;

/// Where a value sits in the data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A line and column (CSV: the field's number; YAML and JSON: the character).
    Text { line: usize, col: usize },
    /// A spreadsheet cell, `C13`.
    Cell { sheet: String, row: usize, col: usize },
}

impl Place {
    /// `don-vi.csv:13:4` or `don-vi.xlsx:Sheet1!D13`.
    pub fn show(&self, file: &Path) -> String {
        match self {
            Place::Text { line, col } => format!("{}:{line}:{col}", file.display()),
            Place::Cell { sheet, row, col } => {
                format!("{}:{sheet}!{}{row}", file.display(), column_letters(*col))
            }
        }
    }
}

/// `1` → `A`, `27` → `AA`.
fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        letters.push(b'A' + rem as u8);
        col = (col - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// One unit: its variables and where each came from.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The unit's row (its first cell, or its list item).
    pub place: Place,
    /// Its first value that is text or a number, usually a code or a name: how the manifest
    /// names the unit.
    pub label: String,
    pub values: Map<String, Value>,
    pub places: BTreeMap<String, Place>,
    /// The column header as the user wrote it, for messages (`Tên đơn vị`).
    pub headers: BTreeMap<String, String>,
    /// Values that cannot be shown as the spreadsheet shows them (an error value, a formula
    /// never calculated), by variable, with why: the unit fails if its base uses one.
    pub faults: BTreeMap<String, String>,
}

impl Unit {
    /// Where variable `name` is, or the unit's row when it has no such variable.
    pub fn place_of(&self, name: &str) -> &Place {
        self.places.get(name).unwrap_or(&self.place)
    }

    /// `cột D (Tên đơn vị)` for messages about a column, `cột ten_don_vi` when the header
    /// is the name itself.
    pub fn column_label(&self, name: &str) -> String {
        match self.headers.get(name) {
            Some(h) if h != name => format!("`{name}` (cột «{h}»)"),
            _ => format!("`{name}`"),
        }
    }
}

#[derive(Debug)]
pub struct Units {
    pub path: PathBuf,
    pub units: Vec<Unit>,
    /// Every variable name any unit has.
    pub columns: std::collections::BTreeSet<String>,
}

/// Why the data file as a whole cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{place}: lỗi: {message}")]
pub struct UnitsError {
    pub place: String,
    pub message: String,
}

fn error(path: &Path, place: Option<&Place>, message: impl Into<String>) -> UnitsError {
    UnitsError {
        place: match place {
            Some(p) => p.show(path),
            None => format!("{}:1:1", path.display()),
        },
        message: message.into(),
    }
}

/// Reads the units, choosing the reader by the file's extension.
pub fn read_units(path: &Path) -> Result<Units, UnitsError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let units = match ext.as_str() {
        "csv" | "tsv" | "txt" => read_csv(path)?,
        "xlsx" | "xlsm" | "xls" | "ods" => read_sheet(path)?,
        "yaml" | "yml" => read_list(path)?,
        "json" => read_json(path)?,
        _ => {
            return Err(error(
                path,
                None,
                "không biết đọc loại tệp này; dùng .csv, .xlsx, .yaml hoặc .json",
            ));
        }
    };
    if units.is_empty() {
        return Err(error(path, None, "tệp dữ liệu không có đơn vị nào"));
    }
    if units.len() > MAX_UNITS {
        return Err(error(
            path,
            None,
            format!(
                "quá nhiều đơn vị ({}; tối đa {MAX_UNITS} mỗi lần chạy)",
                units.len()
            ),
        ));
    }
    let columns = units.iter().flat_map(|u| u.values.keys().cloned()).collect();
    Ok(Units {
        path: path.to_path_buf(),
        units,
        columns,
    })
}

/// The largest data file: 100,000 units of a few hundred bytes each.
const MAX_DATA_BYTES: u64 = 64 * 1024 * 1024;

fn read_file(path: &Path) -> Result<Vec<u8>, UnitsError> {
    crate::bounded_read::read(path, MAX_DATA_BYTES)
        .map_err(|e| error(path, None, format!("không đọc được tệp dữ liệu: {e}")))
}

/// The variables of a table's header row, refusing duplicates (after folding: `Mã` and `MA`
/// would both be `ma`) and headers that give no name.
fn header_names(
    path: &Path,
    headers: &[(String, Place)],
) -> Result<Vec<Option<String>>, UnitsError> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut names = Vec::new();
    for (header, place) in headers {
        if header.trim().is_empty() {
            names.push(None);
            continue;
        }
        let name = variable_name(header);
        if name.is_empty() {
            return Err(error(
                path,
                Some(place),
                format!("tên cột «{header}» không có chữ cái hay chữ số nào"),
            ));
        }
        if let Some(other) = seen.insert(name.clone(), header) {
            return Err(error(
                path,
                Some(place),
                format!("hai cột cùng thành biến `{name}`: «{other}» và «{header}»; hãy đổi tên một cột"),
            ));
        }
        names.push(Some(name));
    }
    Ok(names)
}

fn empty_unit(place: Place) -> Unit {
    Unit {
        place,
        label: String::new(),
        values: Map::new(),
        places: BTreeMap::new(),
        headers: BTreeMap::new(),
        faults: BTreeMap::new(),
    }
}

/// A YAML or JSON item's value as the manifest's name of its unit: text or a number, such as
/// a code or a name. A list or a table (a unit's departments, its figures) names nothing, so
/// an item that begins with one is named by its first plain value after it.
fn label_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One list item: its keys, each with where it is (a YAML key with its span, a JSON key as
/// written), and their values, in file order. A key written twice is kept twice, for the
/// reader to refuse or keep as its format says.
struct Item<K, V>(Vec<(K, V)>);

impl<'de, K: serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::Deserialize<'de>
    for Item<K, V>
{
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Pairs<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::de::Visitor<'de>
            for Pairs<K, V>
        {
            type Value = Item<K, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("một đơn vị dạng `khóa: giá trị`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(key) = map.next_key()? {
                    pairs.push((key, map.next_value()?));
                }
                Ok(Item(pairs))
            }
        }
        d.deserialize_map(Pairs(std::marker::PhantomData))
    }
}

/// serde-saphyr's limits for a list of units. Its defaults (250,000 nodes, 1,000,000 events)
/// are made for configuration files and stopped a list of 2,000 units with a 14-row table
/// each, far below [`MAX_UNITS`]. A node takes at least one byte of the file and gives at most
/// two events, so limits of the file's size never stop a list for its length; what they guard
/// against, aliases expanded over and over, keeps its own limits (and the depth its own).
fn list_options(len: usize) -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // The error alone (as in `reader`), not wrapped with a snippet of the file.
    options.with_snippet = false;
    let budget = options.budget.get_or_insert_with(Default::default);
    budget.max_nodes = budget.max_nodes.max(len + 64);
    budget.max_events = budget.max_events.max(2 * len + 64);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    options
}

/// A YAML list of mappings. Nested values keep their shape.
fn read_list(path: &Path) -> Result<Vec<Unit>, UnitsError> {
    use serde_saphyr::Spanned;
    let bytes = read_file(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| error(path, None, "tệp không phải văn bản UTF-8"))?;
    let place_of = |loc: &serde_saphyr::Location| {
        let pos = crate::reader::pos_of(loc);
        Place::Text {
            line: pos.line,
            col: pos.col,
        }
    };
    let items: Vec<Spanned<Item<Spanned<String>, Value>>> =
        serde_saphyr::from_str_with_options(&text, list_options(text.len())).map_err(|e| {
            let message = if crate::reader::breaches_limit(&e) {
                "tệp dữ liệu vượt giới hạn lồng nhau hoặc lặp bí danh (alias) của YAML"
            } else {
                NOT_A_LIST
            };
            error(path, e.location().map(|l| place_of(&l)).as_ref(), message)
        })?;
    Ok(items
        .into_iter()
        .map(|item| {
            let mut unit = empty_unit(place_of(&item.referenced));
            for (key, value) in item.value.0 {
                if unit.label.is_empty() {
                    unit.label = label_of(&value).unwrap_or_default();
                }
                unit.places.insert(key.value.clone(), place_of(&key.referenced));
                unit.values.insert(key.value, value);
            }
            unit
        })
        .collect())
}

/// A JSON list of objects. JSON is YAML, and the YAML reader gave it positions too, but took
/// 0.3 s for a list of 1,000 units (1.6 MB) on a 2-core machine, before any worker could
/// start; serde_json reads it in a tenth of that. Positions come from where each item's and
/// each key's raw text sits in the file. Nested values keep their shape; a key twice in one
/// object is refused, as the YAML reader refuses it.
fn read_json(path: &Path) -> Result<Vec<Unit>, UnitsError> {
    use serde_json::value::RawValue;
    let bytes = read_file(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| error(path, None, "tệp không phải văn bản UTF-8"))?;
    // Windows tools may start a JSON file with a byte-order mark, which JSON does not allow.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let at = |e: &serde_json::Error, base: usize, part: &str| {
        text_place(text, base + byte_of(part, e.line(), e.column()))
    };
    let message = |e: &serde_json::Error| match e.classify() {
        serde_json::error::Category::Data => {
            // serde_json appends " at line L column C" to every message; the place is shown
            // as the others are, before the message.
            let own = e.to_string();
            let own = own.rsplit_once(" at line ").map_or(own.as_str(), |(m, _)| m);
            if own.starts_with(TWICE) { own.to_string() } else { NOT_A_LIST.to_string() }
        }
        _ => "tệp JSON sai cú pháp".to_string(),
    };
    let items: Vec<&RawValue> = serde_json::from_str(text)
        .map_err(|e| error(path, Some(&at(&e, 0, text)), message(&e)))?;
    let mut cursor = Cursor::default();
    items
        .iter()
        .map(|raw| {
            let start = offset_in(text, raw.get());
            let item: Item<&RawValue, JsonValue> = serde_json::from_str(raw.get()).map_err(|e| {
                // A key twice in a nested object is shown where serde_json found it; an item
                // that is not an object, at its start.
                let message = message(&e);
                let place = if message.starts_with(TWICE) {
                    at(&e, start, raw.get())
                } else {
                    text_place(text, start)
                };
                error(path, Some(&place), message)
            })?;
            let mut unit = empty_unit(cursor.place(text, start));
            for (key, JsonValue(value)) in item.0 {
                let place = cursor.place(text, offset_in(text, key.get()));
                // The key as written is a JSON string, whose escapes serde_json decodes.
                let name: String = serde_json::from_str(key.get()).unwrap_or_default();
                if unit.values.contains_key(&name) {
                    return Err(error(path, Some(&place), twice_message(&name)));
                }
                if unit.label.is_empty() {
                    unit.label = label_of(&value).unwrap_or_default();
                }
                unit.places.insert(name.clone(), place);
                unit.values.insert(name, value);
            }
            Ok(unit)
        })
        .collect()
}

/// The message for a YAML or JSON data file that is not a list of `key: value` units.
const NOT_A_LIST: &str = "tệp dữ liệu phải là một danh sách, mỗi phần tử một đơn vị dạng `khóa: giá trị`";

/// How the message for a key written twice in one object starts.
const TWICE: &str = "khóa ";

fn twice_message(name: &str) -> String {
    format!("{TWICE}`{name}` có hai lần trong cùng một đối tượng")
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// The byte offset in `text` of serde_json's line and column (1-based, the column in bytes).
fn byte_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// The line and column (in characters, as the YAML reader counts) of a byte offset.
fn text_place(text: &str, byte: usize) -> Place {
    Cursor::default().place(text, byte)
}

/// Lines and columns of increasing byte offsets, each found from the one before: a list of
/// 1,000 units on one line would otherwise be counted from its start for every key.
#[derive(Default)]
struct Cursor {
    byte: usize,
    line: usize,
    col: usize,
}

impl Cursor {
    fn place(&mut self, text: &str, byte: usize) -> Place {
        let byte = byte.min(text.len());
        if byte < self.byte {
            *self = Cursor::default();
        }
        for &b in &text.as_bytes()[self.byte..byte] {
            if b == b'\n' {
                self.line += 1;
                self.col = 0;
            } else if b & 0xC0 != 0x80 {
                // Characters are counted by their first bytes, so an offset inside one works.
                self.col += 1;
            }
        }
        self.byte = byte;
        Place::Text {
            line: self.line + 1,
            col: self.col + 1,
        }
    }
}

/// A JSON value whose objects have no key twice (serde_json's own keeps the last silently).
struct JsonValue(Value);

impl<'de> serde::Deserialize<'de> for JsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = JsonValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("một giá trị JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::from(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::from(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::from(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::from(v)))
            }
            fn visit_string<E>(self, v: String) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::String(v)))
            }
            fn visit_unit<E>(self) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<JsonValue, A::Error> {
                let mut items = Vec::new();
                while let Some(JsonValue(v)) = seq.next_element()? {
                    items.push(v);
                }
                Ok(JsonValue(Value::Array(items)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<JsonValue, A::Error> {
                let mut object = Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    if object.contains_key(&key) {
                        return Err(serde::de::Error::custom(twice_message(&key)));
                    }
                    let JsonValue(v) = map.next_value()?;
                    object.insert(key, v);
                }
                Ok(JsonValue(Value::Object(object)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn csv_headers_become_variables_with_places() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "dv.csv",
            "\u{FEFF}Mã,Tên đơn vị,Số lượt khám\nbv-a,\"Bệnh viện A, cơ sở 2\",1200\n\nbv-b,Trung tâm Y tế Đắk Hà,9.850\n",
        );
        let units = read_units(&p).unwrap().units;
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].values["ten_don_vi"], "Bệnh viện A, cơ sở 2");
        assert_eq!(units[0].values["so_luot_kham"], 1200);
        assert_eq!(units[1].values["so_luot_kham"], "9.850");
        assert_eq!(units[1].place_of("so_luot_kham").show(&p), format!("{}:4:3", p.display()));
        assert_eq!(units[1].column_label("ten_don_vi"), "`ten_don_vi` (cột «Tên đơn vị»)");
    }

    #[test]
    fn semicolon_csv_from_vietnamese_excel() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "dv.csv", "ma;ten\nA;Bệnh viện A\n");
        assert_eq!(read_units(&p).unwrap().units[0].values["ten"], "Bệnh viện A");
        // A comma in a header or a number is no field separator there.
        let p = write(dir.path(), "dv.csv", "ma;ten;Công suất, %\nA;Bệnh viện A;86,5\nB;Trạm B;70\n");
        let units = read_units(&p).unwrap().units;
        assert_eq!(units[0].values["cong_suat"], "86,5");
        assert_eq!(units[1].values["ten"], "Trạm B");
        // A comma file whose notes hold `;` stays a comma file.
        let p = write(dir.path(), "dv.csv", "ma,ghi_chu\nA,\"tốt; đủ\"\nB,x\n");
        assert_eq!(read_units(&p).unwrap().units[0].values["ghi_chu"], "tốt; đủ");
        let p = write(dir.path(), "dv.csv", "ten\nBệnh viện A; khoa Nội\n");
        assert_eq!(read_units(&p).unwrap().units[0].values["ten"], "Bệnh viện A; khoa Nội");
    }

    #[test]
    fn csv_problems_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "dv.csv", "ma,ten\nA,B\nC,D,E\n");
        let e = read_units(&p).unwrap_err();
        assert_eq!(e.place, format!("{}:3:1", p.display()));
        assert!(e.message.contains("3 cột"), "{}", e.message);
        let p = write(dir.path(), "trung.csv", "Mã,MA\n1,2\n");
        assert!(read_units(&p).unwrap_err().message.contains("`ma`"));
        let p = dir.path().join("win.csv");
        std::fs::write(&p, b"ma,ten\n1,B\xe1nh\n").unwrap();
        assert!(read_units(&p).unwrap_err().message.contains("UTF-8"));
        let p = write(dir.path(), "rong.csv", "ma,ten\n");
        assert!(read_units(&p).unwrap_err().message.contains("không có đơn vị"));
    }

    #[test]
    fn yaml_and_json_lists_keep_nesting_and_positions() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "dv.yaml",
            "- ma: bv-a\n  khoa:\n    - {ten: Nội, giuong: 40}\n- ma: bv-b\n  khoa: []\n",
        );
        let units = read_units(&p).unwrap().units;
        assert_eq!(units[0].values["khoa"][0]["giuong"], 40);
        assert_eq!(units[1].place_of("ma"), &Place::Text { line: 4, col: 3 });
        let p = write(dir.path(), "dv.json", "[{\"ma\": \"bv-a\", \"so\": 3},\n {\"ma\": \"bv-b\"}]");
        let units = read_units(&p).unwrap().units;
        assert_eq!(units[0].values["so"], 3);
        assert_eq!(units[1].place_of("ma"), &Place::Text { line: 2, col: 3 });
        let p = write(dir.path(), "sai.json", "{\"ma\": 1}");
        assert!(read_units(&p).unwrap_err().message.contains("danh sách"));
    }

    #[test]
    fn a_unit_is_named_by_its_first_plain_value_not_by_a_list() {
        let dir = tempfile::tempdir().unwrap();
        let label = |name: &str, text: &str| {
            read_units(&write(dir.path(), name, text)).unwrap().units[0].label.clone()
        };
        // Keys in alphabetical order, as many JSON writers put them: the list comes first.
        let json = r#"[{"chi_tieu": [{"ten": "Lượt khám"}], "ghi_chu": null, "ma": "dv-07", "ten": "Trạm Y tế"}]"#;
        assert_eq!(label("dv.json", json), "dv-07");
        let yaml = "- khoa: {noi: 40}\n  ghi_chu: \"  \"\n  so: 12\n  ten: Trạm Y tế\n";
        assert_eq!(label("dv.yaml", yaml), "12");
        assert_eq!(label("khong-ten.json", r#"[{"khoa": [1, 2]}]"#), "");
    }

    #[test]
    fn json_places_count_characters_and_faults_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let read = |name: &str, text: &str| read_units(&write(dir.path(), name, text));
        // Columns in characters: "Bệnh viện" has 9 characters and 12 bytes.
        let units = read(
            "dv.json",
            "\u{feff}[\n  {\"tên\": \"Bệnh viện\", \"số\": 1.5, \"khoa\": [{\"a\": null}]}\n]",
        )
        .unwrap()
        .units;
        assert_eq!(units[0].place, Place::Text { line: 2, col: 3 });
        assert_eq!(units[0].place_of("số"), &Place::Text { line: 2, col: 24 });
        assert_eq!(units[0].label, "Bệnh viện");
        assert_eq!(units[0].values["số"], 1.5);
        assert_eq!(units[0].values["khoa"][0]["a"], Value::Null);

        let e = read("cu-phap.json", "[\n  {\"tên\": \"Trạm\" \"ma\": 1}\n]").unwrap_err();
        assert!(e.place.ends_with("cu-phap.json:2:18"), "{}", e.place);
        assert!(e.message.contains("cú pháp"), "{}", e.message);

        let e = read("hai-lan.json", "[{\"ma\": 1},\n {\"ma\": 2, \"x\": 3, \"ma\": 4}]").unwrap_err();
        assert!(e.place.ends_with("hai-lan.json:2:20"), "{}", e.place);
        assert!(e.message.contains("`ma` có hai lần"), "{}", e.message);
        let e = read("long.json", "[{\"ma\": {\"k\": 1, \"k\": 2}}]").unwrap_err();
        assert!(e.message.contains("`k` có hai lần"), "{}", e.message);

        let e = read("chuoi.json", "[{\"ma\": 1},\n  \"Trạm\"]").unwrap_err();
        assert!(e.place.ends_with("chuoi.json:2:3"), "{}", e.place);
        assert!(e.message.contains("danh sách"), "{}", e.message);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 300,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_206),
            ..Default::default()
        })]

        /// Any text in a .json data file gives units or a located error, never a panic, and
        /// every place is a line and column of the file.
        #[test]
        fn any_json_text_is_read_or_located(text in r#"[\[\]{}",: \n\\a-zđệ0-9\u{feff}]{0,60}"#) {
            let dir = tempfile::tempdir().unwrap();
            let p = write(dir.path(), "dv.json", &text);
            let lines = text.split('\n').count();
            let within = |place: &Place| match place {
                Place::Text { line, col } => *line >= 1 && *line <= lines && *col >= 1,
                Place::Cell { .. } => false,
            };
            match read_units(&p) {
                Ok(units) => {
                    for unit in &units.units {
                        proptest::prop_assert!(within(&unit.place), "{:?}", unit.place);
                        proptest::prop_assert!(unit.places.values().all(within), "{:?}", unit.places);
                    }
                }
                Err(e) => proptest::prop_assert!(e.place.contains("dv.json:"), "{}", e.place),
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 200,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_207),
            ..Default::default()
        })]

        /// In a list of objects whose keys have Vietnamese letters, escapes and line breaks,
        /// each key's place is where the key is written; a key twice is refused at its second.
        #[test]
        fn json_key_places_point_at_the_keys(
            items in proptest::collection::vec(
                proptest::collection::vec(("[a-cđệ\"\\\n]{1,4}", 0..100i32), 1..4),
                1..4,
            ),
            gap in "[ \n]{0,3}",
        ) {
            let text = format!(
                "[{}]",
                items
                    .iter()
                    .map(|pairs| {
                        let body: Vec<String> = pairs
                            .iter()
                            .map(|(k, v)| format!("{}:{gap}{v}", serde_json::to_string(k).unwrap()))
                            .collect();
                        format!("{gap}{{{}}}", body.join(&format!(",{gap}")))
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let dir = tempfile::tempdir().unwrap();
            let p = write(dir.path(), "dv.json", &text);
            let at = |place: &Place| match place {
                Place::Text { line, col } => text
                    .split('\n')
                    .nth(line - 1)
                    .map(|l| l.chars().skip(col - 1).collect::<String>())
                    .unwrap_or_default(),
                Place::Cell { .. } => String::new(),
            };
            let twice = items.iter().any(|pairs| {
                pairs.iter().enumerate().any(|(i, (k, _))| pairs[..i].iter().any(|(j, _)| j == k))
            });
            match read_units(&p) {
                Ok(units) => {
                    proptest::prop_assert!(!twice, "a key twice was not refused");
                    for (unit, pairs) in units.units.iter().zip(&items) {
                        proptest::prop_assert!(at(&unit.place).starts_with('{'), "{:?}", unit.place);
                        for (k, v) in pairs {
                            proptest::prop_assert_eq!(&unit.values[k], &Value::from(*v));
                            let key = serde_json::to_string(k).unwrap();
                            proptest::prop_assert!(at(unit.place_of(k)).starts_with(&key), "{key} {:?}", unit.place_of(k));
                        }
                    }
                }
                Err(e) => {
                    proptest::prop_assert!(twice, "{}: {}", e.place, e.message);
                    proptest::prop_assert!(e.message.contains("có hai lần"), "{}", e.message);
                }
            }
        }
    }

    #[test]
    fn long_lists_are_not_stopped_by_the_yaml_reader_limits() {
        // 3,000 units with a 14-row table each: about 310,000 nodes; serde-saphyr's default
        // budget of 250,000 stops this list at unit 2,428.
        let unit = |i: usize| {
            let rows: Vec<String> = (0..14)
                .map(|k| format!(r#"{{"ten": "Chỉ tiêu {k}", "ke_hoach": {}, "thuc_hien": {}}}"#, 1000 + k, 500 + i))
                .collect();
            format!(r#"{{"ten_don_vi": "Đơn vị {i}", "chi_tieu": [{}]}}"#, rows.join(", "))
        };
        let text = format!("[{}]", (0..3000).map(unit).collect::<Vec<_>>().join(",\n"));
        let dir = tempfile::tempdir().unwrap();
        // Written as flow YAML (JSON is YAML), so the YAML reader reads it.
        let p = write(dir.path(), "dv.yaml", &text);
        let units = read_units(&p).unwrap().units;
        assert_eq!(units.len(), 3000);
        assert_eq!(units[2999].values["chi_tieu"][13]["thuc_hien"], 3499);
        assert_eq!(units[2999].place_of("ten_don_vi"), &Place::Text { line: 3000, col: 2 });

        // Aliases keep their limits: a "billion laughs" list is refused, and says why.
        let mut bomb = String::from("- v: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for k in b'a'..b'i' {
            let (prev, next) = (k as char, (k + 1) as char);
            bomb += &format!("- v: &{next} [{}]\n", vec![format!("*{prev}"); 10].join(", "));
        }
        let p = write(dir.path(), "bom.yaml", &bomb);
        let e = read_units(&p).unwrap_err();
        assert!(e.message.contains("giới hạn"), "{}", e.message);
    }

    #[test]
    fn column_letters_like_excel() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }
}
