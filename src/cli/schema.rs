//! `vbhc schema`: a JSON Schema (draft 2020-12) of the input, for editors with
//! yaml-language-server (completion and checking as the clerk types) and for the tests. It is
//! built from the same registries the validator uses (`model::loai`, `model::kieu`).

use crate::model::{kieu, loai};
use serde_json::{Value, json};
use std::process::ExitCode;

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn list_of_text(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

pub fn schema() -> Value {
    let slugs: Vec<&str> = loai::TAT_CA.iter().map(|l| l.slug).collect();
    let section = json!({ "$ref": "#/$defs/muc" });
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
    // Sizes a user may set, each within the decree's range.
    let mut sizes = serde_json::Map::new();
    for (key, lo, hi) in crate::nd30::SIZE_RANGES {
        sizes.insert(
            key.to_string(),
            json!({ "type": "number", "minimum": lo, "maximum": hi }),
        );
    }
    let co_chu = json!({ "type": "object", "additionalProperties": false, "properties": sizes, "description": "Cỡ chữ từng thành phần, trong khoảng Nghị định 30 cho phép" });
    let mut properties = json!({
        "loai": { "enum": slugs, "description": "Loại văn bản (Phụ lục III), ví dụ ke-hoach, cong-van" },
        "mau": text("Tệp mẫu minijinja của bạn, đường dẫn tính từ tệp YAML"),
        "co_quan": {
            "type": "object",
            "description": "Cơ quan: chu_quan, ten (bắt buộc), viet_tat (bắt buộc), ten_day_du",
            "additionalProperties": false,
            "required": ["ten", "viet_tat"],
            "properties": {
                "chu_quan": text("Cơ quan chủ quản, ví dụ UBND TỈNH KON TUM"),
                "ten": text("Cơ quan ban hành, ví dụ SỞ Y TẾ"),
                "viet_tat": text("Chữ viết tắt dùng trong ký hiệu, ví dụ SYT"),
                "ten_day_du": text("Tên cơ quan viết thường trong câu, ví dụ Sở Y tế (dùng ở dòng Kèm theo của phụ lục)"),
            },
        },
        "so": { "type": ["integer", "number", "string", "null"], "description": "Số văn bản; null khi chưa cấp số" },
        "ky_hieu": text("Ký hiệu sau dấu /, ví dụ KH-SYT, SYT-NVY"),
        "dia_danh": text("Địa danh của dòng ngày tháng"),
        "ngay": {
            "type": ["string", "integer"],
            "pattern": "^[0-9]{4}(-[0-9]{1,2}(-[0-9]{1,2})?)?$",
            "description": "YYYY-MM-DD, hoặc YYYY-MM / YYYY cho bản dự thảo",
        },
        "trich_yeu": text("Trích yếu nội dung"),
        "can_cu": list_of_text("Các căn cứ, mỗi căn cứ một dòng"),
        "mo_dau": text("Đoạn mở đầu"),
        "noi_nhan": list_of_text("Nơi nhận"),
        "luu": list_of_text("Mã lưu, ví dụ [VT, TCHC]"),
        "nguoi_ky": {
            "type": "object",
            "description": "Người ký: quyen_han (TM./KT./Q./TL./TUQ.), chuc_vu, ho_ten, chu_ky (ảnh chữ ký PNG)",
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
                "chu_ky": text("Ảnh chữ ký (PNG nền trong, màu xanh), đường dẫn tính từ thư mục tệp YAML"),
            },
        },
        "con_dau": text("Ảnh con dấu (PNG nền trong, màu đỏ, đúng kích thước thật), đường dẫn tính từ thư mục tệp YAML"),
        "kinh_gui": { "type": ["string", "array"], "items": { "type": "string" }, "description": "Kính gửi: một hoặc nhiều nơi" },
        "quyen_ban_hanh": text("Quyết định: thẩm quyền ban hành, ví dụ GIÁM ĐỐC SỞ Y TẾ"),
        "dieu": { "type": "array", "items": { "$ref": "#/$defs/khoi" }, "description": "Quyết định: các Điều" },
        "dia_diem": text("Giấy mời: địa điểm"),
        "chu_tri": text("Giấy mời: chủ trì"),
        "do_mat": { "enum": ["mat", "toi-mat", "tuyet-mat"], "description": "Độ mật (ô 10a)" },
        "do_khan": { "enum": ["khan", "thuong-khan", "hoa-toc"], "description": "Mức độ khẩn (ô 10b)" },
        "luu_hanh": { "enum": ["xem-xong-tra-lai", "luu-hanh-noi-bo"], "description": "Phạm vi lưu hành (ô 11)" },
        "du_thao": { "type": ["boolean", "integer", "string"], "description": "Dấu dự thảo: true, hoặc số lần dự thảo" },
        "nguoi_soan": text("Chữ viết tắt tên người soạn thảo (ô 12), ví dụ PL"),
        "so_ban": { "type": ["integer", "string"], "description": "Số bản phát hành (ô 12)" },
        "dia_chi": text("Địa chỉ, điện thoại, e-mail, website của cơ quan, cuối trang 1 (ô 13)"),
        "phu_luc": {
            "type": "array",
            "description": "Các phụ lục, mỗi phụ lục {tieu_de, noi_dung}, sang trang mới, đánh số trang lại từ 1",
            "items": { "$ref": "#/$defs/tieu_muc" },
        },
        "le": { "enum": ["mac-dinh", "nghi-dinh"], "description": "Lề trang: mac-dinh 20/20/30/15 mm, nghi-dinh 25/20/35/20 mm" },
        "kho_chu": { "enum": ["mac-dinh", "mau"], "description": "Bộ cỡ chữ: mac-dinh (Phụ lục I) hoặc mau (các Mẫu Phụ lục III)" },
        "co_chu": co_chu,
    });
    for key in kieu::SECTIONS {
        properties[key] = section.clone();
    }
    // Each shipped type: its required keys (a user's template decides for itself).
    let conditions: Vec<Value> = kieu::KIEU
        .iter()
        .map(|k| {
            let required: Vec<&str> = k.required.to_vec();
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
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vbhc.invalid/vbhc.schema.json",
        "title": "vbhc: văn bản hành chính theo Nghị định 30/2020/NĐ-CP",
        "type": "object",
        "additionalProperties": false,
        "required": ["loai", "co_quan", "dia_danh", "ngay", "noi_nhan", "nguoi_ky"],
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
