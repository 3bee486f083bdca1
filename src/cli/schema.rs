//! `vbhc schema`: a JSON Schema (draft 2020-12) of the input, for editors with
//! yaml-language-server (completion and checking as the clerk types) and for the tests. It is
//! built from the same registries the validator uses (`model::loai`, `model::kieu`).

use crate::model::khoa::{self, BatBuoc, GiaTri};
use crate::model::{kieu, loai};
use serde_json::{Value, json};
use std::process::ExitCode;

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

/// The schema of one key's value, from its declaration (`model::khoa`).
fn value(key: &khoa::Khoa) -> Value {
    let mut v = match key.gia_tri {
        // YAML reads `dia_danh: 42` as a number; vbhc takes any scalar as its text.
        GiaTri::Chu => json!({ "type": ["string", "number"] }),
        GiaTri::DanhSachChu => json!({ "type": "array", "items": { "type": ["string", "number"] } }),
        GiaTri::ChuHoacDanhSach => json!({ "type": ["string", "array"], "items": { "type": ["string", "number"] } }),
        GiaTri::KyHieu => json!({ "anyOf": [{ "type": "integer", "minimum": 0 }, { "type": "string", "pattern": "^\\s*[\\p{L}\\p{N}-]+\\s*$" }] }),
        GiaTri::Chon(choices) => {
            let words: Vec<&str> = choices.iter().map(|(word, _)| *word).collect();
            json!({ "enum": words })
        }
        GiaTri::NoiDungMuc => json!({ "$ref": "#/$defs/muc" }),
        GiaTri::DanhSachKhoi => json!({ "type": "array", "items": { "$ref": "#/$defs/khoi" } }),
        GiaTri::DanhSachTieuMuc => json!({ "type": "array", "items": { "$ref": "#/$defs/tieu_muc" } }),
        GiaTri::Loai => {
            let slugs: Vec<&str> = loai::TAT_CA.iter().map(|l| l.slug).collect();
            json!({ "enum": slugs })
        }
        GiaTri::CoQuan => json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["ten", "viet_tat"],
            "properties": {
                "chu_quan": text("Cơ quan chủ quản, ví dụ UBND TỈNH KON TUM"),
                "ten": text("Cơ quan ban hành, ví dụ SỞ Y TẾ"),
                "viet_tat": text("Chữ viết tắt dùng trong ký hiệu, ví dụ SYT"),
                "ten_day_du": text("Tên cơ quan viết thường trong câu, ví dụ Sở Y tế (dùng ở dòng Kèm theo của phụ lục)"),
            },
        }),
        GiaTri::NguoiKy => json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["chuc_vu", "ho_ten"],
            "properties": {
                "quyen_han": {
                    "type": "array",
                    "items": { "type": "string", "pattern": "^(TM|KT|Q|TL|TUQ)\\. " },
                    "description": "Các dòng TM./KT./Q./TL./TUQ.",
                },
                "chuc_vu": text("Chức vụ người ký, ví dụ GIÁM ĐỐC"),
                "ho_ten": text("Họ tên người ký"),
                "chu_ky": text("Không dùng nữa: ảnh chữ ký đi kèm chữ ký số (vbhc sign --anh ẢNH.png), không in vào văn bản"),
            },
        }),
        GiaTri::SoVanBan => json!({ "anyOf": [
            { "type": "null" },
            { "type": "integer", "minimum": 1 },
            { "type": "string", "pattern": "^\\s*0*[1-9][0-9]*\\s*$" },
        ] }),
        GiaTri::Ngay => json!({ "anyOf": [
            { "type": "string", "pattern": "^\\s*[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?\\s*$" },
            { "type": "integer", "minimum": 1000, "maximum": 9999 },
        ] }),
        GiaTri::DuThao => json!({ "anyOf": [
            { "type": ["boolean", "null"] },
            { "type": "integer", "minimum": 1 },
            { "type": "string", "pattern": "^\\s*(true|yes|co|false|no|khong|0*[1-9][0-9]*)\\s*$" },
        ] }),
        GiaTri::SoBan => json!({ "anyOf": [
            { "type": "integer", "minimum": 0 },
            { "type": "string", "pattern": "^\\s*[0-9]+\\s*$" },
        ] }),
        GiaTri::CoChu => {
            // Sizes a user may set, each within the decree's range.
            let mut sizes = serde_json::Map::new();
            for (key, lo, hi) in crate::nd30::SIZE_RANGES {
                sizes.insert(key.to_string(), json!({ "type": "number", "minimum": lo, "maximum": hi }));
            }
            json!({ "type": "object", "additionalProperties": false, "properties": sizes })
        }
    };
    v["description"] = json!(key.mo_ta);
    v
}

pub fn schema() -> Value {
    let slugs: Vec<&str> = kieu::KIEU.iter().map(|k| k.slug).collect();
    // A part, a chapter, a chapter's section: its title under its own key, then its blocks.
    let groups: Vec<Value> = ["phan", "chuong", "muc"]
        .iter()
        .map(|key| {
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": [key],
                "properties": {
                    *key: { "type": "string" },
                    "noi_dung": { "type": "array", "items": { "$ref": "#/$defs/khoi" } },
                },
            })
        })
        .collect();
    let properties: serde_json::Map<String, Value> =
        khoa::KHOA.iter().map(|k| (k.ten.to_string(), value(k))).collect();
    let required: Vec<&str> = khoa::KHOA
        .iter()
        .filter(|k| k.bat_buoc == BatBuoc::Luon)
        .map(|k| k.ten)
        .collect();
    let with_shipped_template: Vec<&str> = khoa::KHOA
        .iter()
        .filter(|k| k.bat_buoc == BatBuoc::MauCoSan)
        .map(|k| k.ten)
        .collect();
    // Each shipped type: its required keys (a user's template decides for itself).
    let mut conditions: Vec<Value> = kieu::KIEU
        .iter()
        .map(|k| {
            let required: Vec<&str> = with_shipped_template.iter().chain(k.required).copied().collect();
            let mut then = json!({ "required": required });
            if !k.one_of.is_empty() {
                let any: Vec<Value> = k.one_of.iter().map(|key| json!({ "required": [key] })).collect();
                then["anyOf"] = Value::Array(any);
            }
            json!({
                "if": { "properties": { "loai": { "const": k.slug } }, "required": ["loai"], "not": { "required": ["mau"] } },
                "then": then,
            })
        })
        .collect();
    // A type vbhc ships no template for needs the user's.
    conditions.push(json!({
        "if": { "properties": { "loai": { "not": { "enum": slugs } } }, "required": ["loai"] },
        "then": { "required": ["mau"] },
    }));
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vbhc.invalid/vbhc.schema.json",
        "title": "vbhc: văn bản hành chính theo Nghị định 30/2020/NĐ-CP",
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
        "allOf": conditions,
        "$defs": {
            "tieu_muc": {
                "description": "Một mục con (hoặc một phụ lục): tieu_de và các khối của nó; ngang: true đặt trên trang ngang",
                "type": "object",
                "additionalProperties": false,
                "required": ["tieu_de"],
                "properties": {
                    "tieu_de": { "type": "string" },
                    "noi_dung": { "type": "array", "items": { "$ref": "#/$defs/khoi" } },
                    "ngang": { "type": "boolean", "description": "Trình bày trên trang ngang (bảng rộng)" },
                },
            },
            "cot": {
                "description": "Một cột: tên cột, hoặc {ten, rong (mm), cot (các cột con)}",
                "anyOf": [
                    { "type": ["string", "number"] },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["ten"],
                        "properties": {
                            "ten": { "type": "string" },
                            "rong": { "type": "number", "minimum": 5, "maximum": 400, "description": "Độ rộng cột, mm" },
                            "cot": { "type": "array", "items": { "$ref": "#/$defs/cot" }, "minItems": 1 },
                        },
                    },
                ],
            },
            "o": {
                "description": "Một ô: nội dung, hoặc {noi_dung, gop_cot, gop_dong} cho ô gộp",
                "anyOf": [
                    { "type": ["string", "number", "boolean", "null"] },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["noi_dung"],
                        "properties": {
                            "noi_dung": { "type": ["string", "number"] },
                            "gop_cot": { "type": "integer", "minimum": 1, "description": "Số cột ô chiếm" },
                            "gop_dong": { "type": "integer", "minimum": 1, "description": "Số dòng ô chiếm" },
                        },
                    },
                ],
            },
            "nhom": {
                "description": "Một nhóm có tiêu đề: phần (phan: A., B.), chương (chuong: Chương I), mục của chương (muc: Mục 1)",
                "anyOf": groups,
            },
            "khoi": {
                "description": "Một đoạn văn, một mục con {tieu_de, noi_dung}, một phần {phan, noi_dung}, một chương {chuong, noi_dung} hoặc mục của chương {muc, noi_dung}, một bảng {bang: {cot, dong}} hoặc các điểm {diem: [...]}",
                "anyOf": [
                    { "type": ["string", "number"] },
                    { "$ref": "#/$defs/tieu_muc" },
                    { "$ref": "#/$defs/nhom" },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["diem"],
                        "properties": { "diem": { "type": "array", "items": { "type": "string" }, "minItems": 1 } },
                    },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["bang"],
                        "properties": {
                            "bang": {
                                "type": "object",
                                "additionalProperties": false,
                                "required": ["cot"],
                                "properties": {
                                    "cot": { "type": "array", "items": { "$ref": "#/$defs/cot" }, "minItems": 1 },
                                    "dong": { "type": "array", "items": { "type": "array", "items": { "$ref": "#/$defs/o" } } },
                                },
                            },
                        },
                    },
                ],
            },
            "muc": {
                "description": "Một mục: danh sách khối, một đoạn văn, hoặc {tieu_de, noi_dung}",
                "anyOf": [
                    { "type": "string" },
                    { "type": "array", "items": { "$ref": "#/$defs/khoi" } },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "properties": {
                            "tieu_de": { "type": "string" },
                            "noi_dung": { "type": "array", "items": { "$ref": "#/$defs/khoi" } },
                            "ngang": { "type": "boolean", "description": "Trình bày trên trang ngang (bảng rộng)" },
                        },
                    },
                ],
            },
        },
    })
}

pub fn print() -> ExitCode {
    println!(
        "{}",
        serde_json::to_string_pretty(&schema()).expect("the schema serialises")
    );
    ExitCode::SUCCESS
}
