//! Content as clerks write it (§9): long tables with URLs, tall cells, long lists, deep
//! headings, what a clerk types before a recipient. Each test renders an input the way a user
//! does and reads both outputs back.

mod common;

use common::docx::{Docx, paragraphs_of};
use common::*;
use std::path::{Path, PathBuf};

/// The head of a công văn, up to its body.
const CONG_VAN: &str = "loai: cong-van
co_quan: {chu_quan: UBND TỈNH KON TUM, ten: SỞ Y TẾ, viet_tat: SYT}
so: 2325
ky_hieu: SYT-NVY
dia_danh: Kon Tum
ngay: 2023-09-14
trich_yeu: Tăng cường phòng, chống dịch sốt xuất huyết
kinh_gui: Các đơn vị trực thuộc
luu: [VT, NVY]
nguoi_ky: {quyen_han: [KT. GIÁM ĐỐC], chuc_vu: PHÓ GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
";

/// Writes `yaml` as `name.yaml` in a fresh folder and renders it there; returns the folder
/// and the command's output.
fn render(name: &str, yaml: &str) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(format!("{name}.yaml"));
    std::fs::write(&input, yaml).unwrap();
    let out = run(vbhc().arg("render").arg(&input).arg("-o").arg(dir.path()));
    (dir, out)
}

fn rendered_ok(name: &str, yaml: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, out) = render(name, yaml);
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join(format!("{name}.pdf"));
    let docx = dir.path().join(format!("{name}.docx"));
    (dir, pdf, docx)
}

fn docx_texts(path: &Path) -> Vec<String> {
    paragraphs_of(Docx::read(path).part("word/document.xml"))
        .into_iter()
        .map(|p| p.text)
        .collect()
}

#[test]
fn a_recipient_typed_with_its_dash_is_printed_once() {
    let yaml = format!("{CONG_VAN}noi_dung: [Đề nghị thực hiện.]\nnoi_nhan: [\"- Như trên;\", Giám đốc Sở]\n");
    let (_dir, _pdf, docx) = rendered_ok("nhu-tren", &yaml);
    let texts = docx_texts(&docx);
    let nhu_tren = texts.iter().filter(|t| t.contains("Như trên")).count();
    assert_eq!(nhu_tren, 1, "{texts:?}");
    assert!(texts.iter().any(|t| t == "- Như trên;"));
}

#[test]
fn a_decision_names_its_article_once_when_the_clerk_typed_it() {
    let yaml = "loai: quyet-dinh
co_quan: {chu_quan: UBND TỈNH KON TUM, ten: SỞ Y TẾ, viet_tat: SYT}
so: 15
dia_danh: Kon Tum
ngay: 2023-09-14
trich_yeu: Về việc thành lập Tổ công tác
quyen_ban_hanh: GIÁM ĐỐC SỞ Y TẾ
dieu:
  - Thành lập Tổ công tác.
  - Quyết định có hiệu lực từ ngày ký.
  - Các ông, bà có tên tại Điều 1 chịu trách nhiệm thi hành.
noi_nhan: [\"-Như Điều 3;\", Lưu trữ]
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Nguyễn Văn A}
";
    let (_dir, _pdf, docx) = rendered_ok("qd", yaml);
    let texts = docx_texts(&docx);
    assert_eq!(texts.iter().filter(|t| t.contains("Như Điều")).count(), 1, "{texts:?}");
}

#[test]
fn the_last_can_cu_of_a_cong_van_without_an_opening_sentence_ends_with_a_full_stop() {
    let yaml = format!(
        "{CONG_VAN}can_cu:\n  - Căn cứ Luật Phòng, chống bệnh truyền nhiễm năm 2007;\n  - Căn cứ Quyết định số 123/QĐ-UBND ngày 01/02/2023 của UBND tỉnh;\nnoi_dung: [Đề nghị các đơn vị thực hiện.]\nnoi_nhan: [Như trên]\n"
    );
    let (_dir, _pdf, docx) = rendered_ok("can-cu", &yaml);
    let texts = docx_texts(&docx);
    let last = texts
        .iter()
        .find(|t| t.starts_with("Căn cứ Quyết định"))
        .unwrap();
    assert!(last.ends_with("UBND tỉnh."), "{last}");
    // With an opening sentence, the basis goes on into it.
    let yaml = yaml.replace("noi_dung:", "mo_dau: \"Sở Y tế đề nghị như sau:\"\nnoi_dung:");
    let (_dir, _pdf, docx) = rendered_ok("can-cu-mo-dau", &yaml);
    let texts = docx_texts(&docx);
    assert!(texts.iter().any(|t| t.ends_with("UBND tỉnh;")), "{texts:?}");
}

/// `levels` nested sub-headings in a body without section headings, each with a paragraph.
fn nested(levels: usize) -> String {
    let mut yaml = String::from("noi_dung:\n");
    for l in 0..levels {
        let pad = "    ".repeat(l);
        yaml.push_str(&format!("{pad}  - tieu_de: Cấp {}\n{pad}    noi_dung:\n", l + 1));
    }
    yaml.push_str(&format!("{}  - Nội dung cấp cuối.\n", "    ".repeat(levels)));
    yaml
}

#[test]
fn five_and_six_heading_levels_are_numbered() {
    for (levels, deepest) in [(5, "1.1.1.1. Cấp 5"), (6, "1.1.1.1.1. Cấp 6")] {
        let yaml = format!("{CONG_VAN}{}noi_nhan: [Như trên]\n", nested(levels));
        let (_dir, _pdf, docx) = rendered_ok("cap", &yaml);
        let texts = docx_texts(&docx);
        assert!(texts.iter().any(|t| t == "I. CẤP 1"), "{texts:?}");
        assert!(texts.iter().any(|t| t == deepest), "{levels}: {texts:?}");
    }
    let yaml = format!("{CONG_VAN}{}noi_nhan: [Như trên]\n", nested(7));
    let (dir, out) = render("qua-sau", &yaml);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("qua-sau.yaml:") && err.contains("quá sâu"), "{err}");
    assert!(!dir.path().join("qua-sau.pdf").exists());
}
