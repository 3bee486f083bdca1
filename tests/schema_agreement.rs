//! `vbhc schema` and `vbhc check` agree: every input of the suite (the examples, the fuzz
//! corpus) and every variation of an example that drops a key, or gives a key a value it does
//! not take, gets the same verdict from both, except for the rules a JSON Schema cannot state,
//! listed in `BEYOND_SCHEMA` by what `vbhc check` says.

mod common;

use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// What `vbhc check` refuses that a JSON Schema cannot state: the date must exist, the text
/// must be clean, lists must not repeat, images must be there.
const BEYOND_SCHEMA: &[&str] = &[
    // Files: a template or an image named must be there and be right.
    "không tìm thấy tệp ảnh",
    "không đọc được mẫu",
    "lỗi mẫu",
    // Text: what the font can print and which way it is written.
    "có ký tự của chữ viết từ phải",
    "có ký tự không có trong phông",
    // A section whose blocks are all empty once cleaned.
    "mục không có nội dung",
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Variations of one example: each key dropped, each key given a value of the wrong kind.
fn variations(doc: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let Some(map) = doc.as_object() else { return out };
    for key in map.keys() {
        let mut v = doc.clone();
        v.as_object_mut().unwrap().remove(key);
        out.push((format!("bo-{key}"), v));
        for (what, wrong) in [("so", json!(42)), ("danh-sach", json!(["a"])), ("bang", json!({"x": "y"})), ("chu", json!("chữ lạ"))] {
            let mut v = doc.clone();
            v[key] = wrong;
            out.push((format!("{key}-{what}"), v));
        }
    }
    for loai in ["chi-thi", "khong-co"] {
        let mut v = doc.clone();
        v["loai"] = json!(loai);
        out.push((format!("loai-{loai}"), v));
    }
    out
}

#[test]
fn schema_and_check_agree_on_every_input() {
    let o = run(vbhc().arg("schema"));
    let schema: Value = serde_json::from_slice(&o.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("data"), dir.path());
    let mut inputs: Vec<(PathBuf, Value)> = Vec::new();
    for e in examples() {
        let mut doc = input(&e);
        // `so: 03` is text to vbhc and 3.0 to JSON: the variations keep it a whole number.
        if let Some(n) = doc["so"].as_f64() {
            doc["so"] = json!(n as i64);
        }
        let stem = e.file_stem().unwrap().to_string_lossy().into_owned();
        inputs.push((dir.path().join(e.file_name().unwrap()), doc.clone()));
        for (name, v) in variations(&doc) {
            let path = dir.path().join(format!("{stem}--{name}.yaml"));
            std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
            inputs.push((path, v));
        }
    }
    for e in std::fs::read_dir(root().join("tests/fuzz-corpus")).unwrap() {
        let path = e.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap_or_default();
        // A file that is not YAML at all has no JSON for the schema to judge.
        if let Ok(v) = serde_saphyr::from_str::<Value>(&src) {
            let copy = dir.path().join(format!("{}.yaml", path.file_name().unwrap().to_string_lossy()));
            std::fs::write(&copy, &src).unwrap();
            inputs.push((copy, v));
        }
    }
    let o = run(vbhc().arg("check").args(inputs.iter().map(|(p, _)| p)));
    let said = String::from_utf8_lossy(&o.stderr).into_owned();
    let mut disagree = Vec::new();
    for (path, v) in &inputs {
        let name = path.display().to_string();
        let check_ok = said.lines().any(|l| l.starts_with(&format!("{name}: hợp lệ")));
        let errors: Vec<&str> = said.lines().filter(|l| l.starts_with(&format!("{name}:")) && l.contains(": lỗi: ")).collect();
        let schema_ok = validator.is_valid(v);
        if schema_ok == check_ok {
            continue;
        }
        let beyond = !check_ok && errors.iter().all(|e| BEYOND_SCHEMA.iter().any(|b| e.contains(b)));
        if !beyond || errors.is_empty() {
            let why: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).take(2).collect();
            disagree.push(format!("{}: schema {schema_ok}, check {check_ok}: {errors:?} {why:?}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(inputs.len() > 500, "{}", inputs.len());
    assert!(disagree.is_empty(), "{} of {}:\n{}", disagree.len(), inputs.len(), disagree.join("\n"));
}
