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

/// A plain Vietnamese paragraph of `n` words.
fn words(n: usize) -> String {
    let vocab = [
        "công", "tác", "phòng", "chống", "dịch", "bệnh", "tại", "các", "đơn", "vị", "y", "tế",
        "trên", "địa", "bàn", "tỉnh", "được", "triển", "khai", "đồng", "bộ", "hiệu", "quả",
    ];
    (0..n).map(|i| vocab[(i * 7 + i / 3) % vocab.len()]).collect::<Vec<_>>().join(" ")
}

fn pdf_pages(path: &Path) -> common::pdf::Pdf {
    common::pdf::read(path)
}

/// Every page: no two glyph runs drawn over each other, nothing across the side margins.
fn assert_clean_pages(pdf: &common::pdf::Pdf, what: &str) {
    for (i, page) in pdf.pages.iter().enumerate() {
        let over = common::pdf::overlaps(page);
        assert!(over.is_empty(), "{what} page {}: overlapping {:?}", i + 1, &over[..over.len().min(5)]);
        let out = common::pdf::outside_margins(page, 0.5);
        assert!(out.is_empty(), "{what} page {}: outside the margins {:?}", i + 1, &out[..out.len().min(5)]);
    }
}

#[test]
fn a_row_taller_than_a_page_splits_and_keeps_every_word() {
    let cell = words(3000);
    let yaml = format!(
        "{CONG_VAN}noi_dung:\n  - Bảng sau.\n  - bang:\n      cot: [STT, Nội dung]\n      dong:\n        - [\"1\", \"{cell}\"]\nnoi_nhan: [Như trên]\n"
    );
    let (_dir, pdf, docx) = rendered_ok("o-cao", &yaml);
    let pdf = pdf_pages(&pdf);
    assert!(pdf.pages.len() >= 4, "{} pages", pdf.pages.len());
    // The header row repeats at the top of each page the table reaches: leave it out.
    let text = squash(&pdf.all_text()).replace(&squash("STT Nội dung"), "");
    assert_eq!(text.matches(&squash(&cell)).count(), 1, "every word of the cell, in order");
    assert_clean_pages(&pdf, "tall cell");
    // The DOCX lets that row split too (no w:cantSplit on it).
    let d = Docx::read(&docx);
    let doc = roxmltree::Document::parse(d.part("word/document.xml")).unwrap();
    let row = doc
        .descendants()
        .filter(|n| n.has_tag_name((common::docx::W, "tr")))
        .find(|tr| tr.descendants().any(|t| t.text().is_some_and(|t| t.starts_with("công các bàn quả"))))
        .unwrap();
    assert!(!row.descendants().any(|n| n.has_tag_name((common::docx::W, "cantSplit"))));
}

#[test]
fn seventy_recipients_flow_onto_the_next_pages_without_overprinting() {
    let items: String = (1..=71)
        .map(|i| format!("  - Trung tâm Y tế huyện số {i} (để thực hiện)\n"))
        .collect();
    let yaml = format!("{CONG_VAN}noi_dung: [Đề nghị các đơn vị thực hiện.]\nnoi_nhan:\n{items}");
    let (_dir, pdf, _docx) = rendered_ok("noi-nhan", &yaml);
    let pdf = pdf_pages(&pdf);
    let text = squash(&pdf.all_text());
    for i in 1..=71 {
        assert!(text.contains(&squash(&format!("huyện số {i} (để"))), "recipient {i}");
    }
    assert!(text.ends_with(&squash("- Lưu: VT, NVY.")), "the Lưu line last");
    assert!(pdf.pages.len() >= 3);
    assert_clean_pages(&pdf, "70 recipients");
    // The signer's title, space and name stay on one page, under the first recipients.
    let signer_pages: Vec<usize> = pdf
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.runs.iter().any(|r| r.text.contains("GIÁM ĐỐC") || r.text.contains("Nguyễn Văn A")))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(signer_pages.len(), 1, "{signer_pages:?}");
}

#[test]
fn a_table_with_a_url_keeps_every_text_inside_its_cells() {
    let url = "https://soyte.kontum.gov.vn/portal/don-vi/benh-vien-da-khoa-huyen-1/thong-tin-chi-tiet?id=123456789&tab=lien-he";
    let rows: String = (1..=20)
        .map(|i| format!("        - [\"{i}\", Bệnh viện đa khoa huyện số {i}, \"15/03/2024\", BV-{i:04}-KT, \"0260.3862.{i:03}\", Đang hoạt động, \"{url}\"]\n"))
        .collect();
    let link = format!("https://dichvucong.kontum.gov.vn/{}", "thutuchanhchinhlinhvucyte/".repeat(12));
    let yaml = format!(
        "{CONG_VAN}noi_dung:\n  - \"Xem tại {link} để biết thêm.\"\n  - bang:\n      cot: [STT, Đơn vị, Ngày, Mã, Điện thoại, Trạng thái, Cổng thông tin]\n      dong:\n{rows}noi_nhan: [Như trên]\n"
    );
    let (_dir, pdf, _docx) = rendered_ok("url", &yaml);
    let pdf = pdf_pages(&pdf);
    assert_clean_pages(&pdf, "url table");
    let text = squash(&pdf.all_text());
    assert!(text.contains(&squash(&link)), "the 300-character link whole");
    assert_eq!(text.matches(&squash(url)).count(), 20);
    for date in ["15/03/2024", "0260.3862.007"] {
        // Dates and numbers stay on one line: they are found whole in a single run. (A code
        // such as `BV-0007-KT` may wrap after a hyphen, as in Word.)
        assert!(
            pdf.pages.iter().flat_map(|p| &p.runs).any(|r| r.text.contains(date)),
            "{date} cut"
        );
    }
    // The header row repeats at the top of the next page.
    let page2 = common::pdf::lines(&pdf.pages[1]);
    let first = page2.iter().find(|l| l.y > 60.0).unwrap();
    assert!(first.text.starts_with("STT"), "{first:?}");
}

#[test]
fn a_fifty_thousand_letter_word_is_printed_whole() {
    let word = "a".repeat(50_000);
    let yaml = format!("{CONG_VAN}noi_dung: [\"Từ {word} hết.\"]\nnoi_nhan: [Như trên]\n");
    let (_dir, pdf, docx) = rendered_ok("tu-dai", &yaml);
    let pdf = pdf_pages(&pdf);
    assert!(pdf.all_text().contains(&format!("Từ{word}hết")));
    assert_clean_pages(&pdf, "long word");
    assert_eq!(Docx::read(&docx).text().matches('a').count(), 50_000 + "Như trên".matches('a').count());
}

/// A two-row header ("Kết quả" over "Số lượt | Tỷ lệ"), a cell merged across two columns and
/// one merged down two rows (`data/bao-cao-nam.yaml`): every cell's text in both formats, and
/// the DOCX merges them the way Word does (`w:gridSpan`, `w:vMerge`), both header rows
/// repeated on each page.
#[test]
fn merged_tables_keep_every_cell() {
    let e = root().join("data/bao-cao-nam.yaml");
    let (_dir, pdf, docx) = rendered_ok("bao-cao-nam", &std::fs::read_to_string(&e).unwrap());
    let text = squash(&pdf_pages(&pdf).all_text());
    let d = Docx::read(&docx);
    let docx_text = squash(&d.text());
    for cell in ["STT", "Đơn vị", "Kết quả", "Số lượt", "Tỷ lệ (%)", "Tổng cộng", "570.000", "Ngọc Hồi", "Chưa đạt"] {
        assert!(text.contains(&squash(cell)), "PDF: {cell}");
        assert!(docx_text.contains(&squash(cell)), "DOCX: {cell}");
    }
    let xml = d.part("word/document.xml");
    let doc = roxmltree::Document::parse(xml).unwrap();
    let w = common::docx::W;
    let spans: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((w, "gridSpan")))
        .filter_map(|n| n.attribute((w, "val")))
        .collect();
    assert_eq!(spans, ["2", "2"], "Kết quả over two columns, Tổng cộng across two");
    let restarts = doc
        .descendants()
        .filter(|n| n.has_tag_name((w, "vMerge")) && n.attribute((w, "val")) == Some("restart"))
        .count();
    // STT and Đơn vị down the two header rows, and `2` down two body rows.
    assert_eq!(restarts, 3);
    let header_rows = doc.descendants().filter(|n| n.has_tag_name((w, "tblHeader"))).count();
    assert_eq!(header_rows, 2 + 1 + 1, "two header rows, and one in each other table");
}

#[test]
fn a_table_the_page_cannot_hold_is_refused_at_its_line_before_anything_is_written() {
    let cols: Vec<String> = (1..=20).map(|i| format!("Cột {i}")).collect();
    let row: Vec<String> = (1..=20).map(|i| format!("\"{i}\"")).collect();
    let table = |ngang: &str| {
        format!(
            "{CONG_VAN}noi_dung:\n  - tieu_de: Bảng chỉ tiêu\n{ngang}    noi_dung:\n      - bang:\n          cot: [{}]\n          dong:\n            - [{}]\nnoi_nhan: [Như trên]\n",
            cols.join(", "),
            row.join(", ")
        )
    };
    let (dir, out) = render("rong", &table(""));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rong.yaml:15:") && err.contains("bảng quá rộng"), "{err}");
    assert!(err.contains("ngang: true"), "the way out: {err}");
    assert_eq!(files_in(dir.path()), ["rong.yaml"], "only the input");
    // On a landscape page the same table fits.
    let (_dir, out) = render("rong", &table("    ngang: true\n"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn rows_that_do_not_fill_their_table_are_refused_at_the_cell() {
    let yaml = format!(
        "{CONG_VAN}noi_dung:\n  - bang:\n      cot: [STT, A, B]\n      dong:\n        - [\"1\", {{noi_dung: x, gop_dong: 2}}, y]\n        - [\"2\", z, w]\nnoi_nhan: [Như trên]\n"
    );
    let (_dir, out) = render("gop", &yaml);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    // Row 2 has three cells but the merged `x` covers its second column.
    assert!(err.contains("gop.yaml:16:") && err.contains("dòng 2 của bảng"), "{err}");
}
