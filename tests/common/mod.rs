//! Shared helpers of the end-to-end tests: running the binary, reading the outputs back, and
//! what an input says its document must contain.
#![allow(dead_code)] // each test binary uses a different part of this module

pub mod docx;
pub mod docx_tay;
pub mod editor;
pub mod webdriver;
pub mod sinh;
pub mod pdf;
pub mod pki;
pub mod signature;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn vbhc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vbhc"))
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example in `data/`.
pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    v.sort();
    assert!(v.len() >= 5, "data/ lost its examples");
    v
}

/// Whether an example uses the default page and sizes (no `le`, `kho_chu`, `co_chu`): the
/// tests that check the default numbers read only these; the others have their own test.
pub fn default_layout(example: &Path) -> bool {
    let v = input(example);
    ["le", "kho_chu", "co_chu"]
        .iter()
        .all(|k| v.get(*k).is_none())
}

/// The files in a folder, sorted, without vbhc's own bookkeeping there (the ledger of what it
/// wrote and the lock, `output::folder`); a missing folder has none.
pub fn files_in(dir: &Path) -> Vec<String> {
    use vbhc::output::folder::{LEDGER, LOCK};
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != LEDGER && n != LOCK)
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

/// Renders every example once per test binary; returns the output directory.
pub fn rendered() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = run(vbhc()
            .arg("render")
            .args(examples())
            .arg("-o")
            .arg(dir.path()));
        assert!(
            out.status.success(),
            "render failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .path()
}

pub fn output_of(example: &Path, ext: &str) -> PathBuf {
    rendered().join(format!(
        "{}.{ext}",
        example.file_stem().unwrap().to_string_lossy()
    ))
}

/// Lower case, NFC, no whitespace, no markup asterisks: how texts are compared.
pub fn squash(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .to_lowercase()
}

/// The input as generic data.
pub fn input(example: &Path) -> serde_json::Value {
    let src = std::fs::read_to_string(example).unwrap();
    serde_saphyr::from_str(&src).unwrap()
}

fn collect_blocks(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_blocks(i, out)),
        // A cell merged down several rows: typst draws it after the rows it spans, so its text
        // is not in reading order in the PDF (`merged_tables_keep_every_cell`).
        serde_json::Value::Object(m) if m.get("gop_dong").is_some_and(|n| n.as_u64() > Some(1)) => {}
        serde_json::Value::Object(m) => {
            // Titles of groups (parts, chapters, sections, sub-headings).
            for key in ["phan", "chuong", "muc", "tieu_de"] {
                if let Some(t) = m.get(key).filter(|t| t.is_string()) {
                    collect_blocks(t, out);
                }
            }
            if let Some(n) = m.get("noi_dung") {
                collect_blocks(n, out);
            }
            if let Some(d) = m.get("diem") {
                collect_blocks(d, out);
            }
            if let Some(b) = m.get("bang") {
                // Header rows of nested columns are two-dimensional: the same test of them.
                let nested = b["cot"].as_array().is_some_and(|c| c.iter().any(|c| c.is_object()));
                if !nested {
                    collect_blocks(&b["cot"], out);
                }
                collect_blocks(&b["dong"], out);
            }
        }
        _ => {}
    }
}

/// The texts of the preamble and body, in the order they must appear. Final punctuation is
/// left out: the end mark and the căn cứ rule may change it.
pub fn body_texts(example: &Path) -> Vec<String> {
    let v = input(example);
    let mut out = Vec::new();
    let keys: &[&str] = match loai(example).as_str() {
        "quyet-dinh" => &["trich_yeu", "quyen_ban_hanh", "can_cu", "dieu"],
        "giay-moi" | "giay-gioi-thieu" => &[
            "trich_yeu",
            "kinh_gui",
            "can_cu",
            "mo_dau",
            "noi_dung",
            "thoi_gian",
            "dia_diem",
            "chu_tri",
        ],
        _ => &[
            "trich_yeu",
            "kinh_gui",
            "can_cu",
            "mo_dau",
            "muc_dich",
            "yeu_cau",
            "thoi_gian",
            "noi_dung",
            "kinh_phi",
            "to_chuc_thuc_hien",
            "ket_qua",
            "ton_tai_han_che",
            "phuong_huong",
            "kien_nghi",
        ],
    };
    for key in keys {
        collect_blocks(&v[*key], &mut out);
    }
    // `\*` is typed for a literal asterisk.
    out.iter()
        .map(|s| squash(s.replace("\\*", "*").trim_end_matches(['.', ';', ',', ':'])))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The document type slug of an example.
pub fn loai(example: &Path) -> String {
    input(example)["loai"].as_str().unwrap().to_string()
}

/// The type name printed in box 5a, or `None` for a công văn, which has none.
pub fn ten_loai(example: &Path) -> Option<String> {
    let slug = loai(example);
    (slug != "cong-van").then(|| vbhc::model::loai::tim(&slug).unwrap().ten.to_string())
}

/// `KH-SYT`, or the typed symbol.
pub fn ky_hieu(example: &Path) -> String {
    let v = input(example);
    match v["ky_hieu"].as_str() {
        Some(k) => k.to_string(),
        None => {
            let abbr = vbhc::model::loai::tim(&loai(example))
                .unwrap()
                .viet_tat
                .unwrap();
            format!("{abbr}-{}", v["co_quan"]["viet_tat"].as_str().unwrap())
        }
    }
}

/// The recipients' lines the document must print: a document with addressees starts with
/// `Như trên`, a quyết định with `Như Điều <last>`, unless typed; then the archive line.
pub fn noi_nhan_count(example: &Path) -> usize {
    let v = input(example);
    let items = v["noi_nhan"].as_array().unwrap();
    let typed_nhu = items[0].as_str().unwrap().starts_with("Như ");
    let added = !typed_nhu && (v.get("kinh_gui").is_some() || loai(example) == "quyet-dinh");
    items.len() + added as usize + v.get("luu").is_some() as usize
}

/// Asserts that `needles` occur in `haystack` one after the other.
pub fn assert_in_order(haystack: &str, needles: &[String], what: &str) {
    let mut from = 0;
    for n in needles {
        match haystack[from..].find(n.as_str()) {
            Some(i) => from += i + n.len(),
            None => panic!("{what}: text missing or out of order: {n}"),
        }
    }
}

/// `Kon Tum, ngày 30 tháng 6 năm 2021`, computed here independently of the program.
pub fn expected_date_line(example: &Path) -> String {
    let v = input(example);
    let place = v["dia_danh"].as_str().unwrap().to_string();
    let ngay = match &v["ngay"] {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let parts: Vec<u32> = ngay.split('-').map(|p| p.parse().unwrap()).collect();
    let blank = "      ";
    let day = parts
        .get(2)
        .map(|d| format!(" {d:02} "))
        .unwrap_or(blank.into());
    let month = parts
        .get(1)
        .map(|&m| {
            if m <= 2 {
                format!(" {m:02} ")
            } else {
                format!(" {m} ")
            }
        })
        .unwrap_or(blank.into());
    format!("{place}, ngày{day}tháng{month}năm {}", parts[0])
}
