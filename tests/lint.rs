//! `vbhc lint`: vbhc's own DOCX give no error; a plan made by hand in Word's way gives none;
//! the same plan with one known defect gives exactly that defect, under its rule, as `loi`.

mod common;

use common::docx_tay::{KeHoach, p};
use serde_json::Value;
use std::collections::BTreeSet;

fn lint_json(path: &std::path::Path) -> (bool, Vec<Value>) {
    let out = common::vbhc().args(["lint", "--json"]).arg(path).output().unwrap();
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)));
    (out.status.success(), findings)
}

/// The rules with an error (`loi`).
fn errors(findings: &[Value]) -> BTreeSet<String> {
    findings.iter().filter(|f| f["severity"] == "loi").map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

#[test]
fn vbhc_own_docx_outputs_have_no_error() {
    for example in common::examples() {
        let docx = common::output_of(&example, "docx");
        let (ok, findings) = lint_json(&docx);
        assert!(ok && errors(&findings).is_empty(), "{}: {findings:#?}", example.display());
    }
}

#[test]
fn a_clean_hand_made_plan_has_no_error_and_the_json_has_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sach.docx");
    KeHoach::sach().write(&path);
    let (ok, findings) = lint_json(&path);
    assert!(ok, "{findings:#?}");
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    // The same plan with its headings numbered by Word's list numbering.
    let mut listed = KeHoach::sach();
    for (start, level) in [("I. ", 0), ("1. Mục đích", 1), ("2. Yêu cầu", 1), ("II. ", 0), ("1. Giám sát", 1), ("a) ", 2), ("b) ", 2), ("2. Truyền", 1), ("III. ", 0)] {
        let para = listed.body_mut(start);
        para.text = para.text.split_once(' ').unwrap().1.to_string();
        para.list = Some((1, level));
    }
    let path = dir.path().join("danh-so-tu-dong.docx");
    listed.write(&path);
    let (_, findings) = lint_json(&path);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    // The quốc hiệu and the tiêu ngữ typed in one paragraph, a line break between them.
    let mut one = KeHoach::sach();
    one.header_right.remove(1);
    one.header_right[0] = p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", 13.0).b().c().ke(100.0, 1.0);
    let path = dir.path().join("xuong-dong.docx");
    one.write(&path);
    let (_, findings) = lint_json(&path);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    // The tiêu ngữ's rule half its line: a warning with both lengths, no error.
    let mut short = KeHoach::sach();
    short.header_right[1] = short.header_right[1].clone().ke(100.0, 0.5);
    let path = dir.path().join("ke-ngan.docx");
    short.write(&path);
    let (_, findings) = lint_json(&path);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    assert!(
        findings.iter().any(|f| f["rule"] == "quoc-hieu" && f["severity"] == "canh-bao" && f["message"].as_str().unwrap().contains("dài 28 mm, dòng chữ 56 mm")),
        "{findings:#?}"
    );
    // Lines 1.5 apart, as the decree allows at most.
    let mut airy = KeHoach::sach();
    airy.body.iter_mut().for_each(|p| p.line = Some(360));
    let path = dir.path().join("gian-dong-1-5.docx");
    airy.write(&path);
    let (_, findings) = lint_json(&path);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    // The rules typed as underscores on the line under: a warning each, no error.
    let mut typed = KeHoach::sach();
    typed.header_right[1].rule = None;
    typed.header_right.insert(2, p("________________", 13.0).c());
    typed.header_left[1].rule = None;
    typed.header_left.insert(2, p("_______", 13.0).c());
    let path = dir.path().join("go-gach.docx");
    typed.write(&path);
    let (_, findings) = lint_json(&path);
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let mut warned: Vec<&str> = findings.iter().filter(|f| f["message"].as_str().unwrap().contains("gõ bằng ký tự")).map(|f| f["rule"].as_str().unwrap()).collect();
    warned.sort();
    assert_eq!(warned, ["co-quan", "quoc-hieu"], "{findings:#?}");
}

/// Each defect, and the one rule it must be reported under.
fn defects() -> Vec<(&'static str, &'static str, KeHoach)> {
    let base = KeHoach::sach;
    let mut v = Vec::new();
    let mut k = base();
    k.header_right[2].text = "Kon Tum, ngày 05 tháng 05 năm 2024".into();
    v.push(("tháng 05", "ngay", k));
    let mut k = base();
    k.header_right[2].text = "Kon Tum, ngày 5 tháng 3 năm 2024".into();
    v.push(("ngày 5", "ngay", k));
    let mut k = base();
    k.body_mut("III. ").text = "IV. TỔ CHỨC THỰC HIỆN".into();
    v.push(("mục III bị bỏ qua", "so-muc", k));
    let mut k = base();
    k.body_mut("III. ").text = "II. TỔ CHỨC THỰC HIỆN".into();
    v.push(("mục II lặp lại", "so-muc", k));
    let mut k = base();
    k.body_mut("b) ").text = "f) Giám sát tại cơ sở y tế.".into();
    v.push(("điểm f)", "so-muc", k));
    let mut k = base();
    k.body_mut("Căn cứ Kế hoạch").text = "Căn cứ Kế hoạch số 12/KH-UBND ngày 10/01/2024 của Ủy ban nhân dân tỉnh,".into();
    v.push(("căn cứ cuối bằng dấu phẩy", "can-cu", k));
    let mut k = base();
    k.body_mut("Chủ động").font = "Arial".into();
    v.push(("phông Arial", "phong-chu", k));
    let mut k = base();
    k.body_mut("Các đơn vị triển khai đồng bộ").size = 12.0;
    v.push(("thân 12 pt", "co-chu", k));
    let mut k = base();
    k.page[4] = 1134;
    v.push(("lề trái 20 mm", "le", k));
    let mut k = base();
    k.page[0] = 12240;
    k.page[1] = 15840;
    v.push(("khổ Letter", "kho-giay", k));
    let mut k = base();
    k.recipients[0] = p("Nơi nhận:", 12.0);
    v.push(("Nơi nhận không đậm nghiêng", "kieu-chu", k));
    let mut k = base();
    k.page_number = "footer";
    v.push(("số trang ở chân trang", "so-trang", k));
    let mut k = base();
    k.page_number = "none";
    v.push(("không có số trang", "so-trang", k));
    let mut k = base();
    k.header_right[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT".into();
    k.header_right.insert(1, p("NAM", 12.0).b().c());
    v.push(("quốc hiệu hai dòng", "quoc-hieu", k));
    let mut k = base();
    k.header_right[1].text = "Độc lập – Tự do – Hạnh phúc".into();
    v.push(("tiêu ngữ gạch ngang dài", "quoc-hieu", k));
    let mut k = base();
    k.signer[0].text = "KT GIÁM ĐỐC".into();
    v.push(("KT không có dấu chấm", "chu-ky", k));
    let mut k = base();
    k.signer[4].text = "NGUYỄN VĂN AN".into();
    v.push(("họ tên in hoa", "chu-ky", k));
    let mut k = base();
    k.title.truncate(1);
    v.push(("thiếu trích yếu", "trich-yeu", k));
    let mut k = base();
    k.title[1].text = "Phòng, chống dịch bệnh mùa hè năm 2024 trên địa bàn tỉnh.".into();
    v.push(("trích yếu có dấu chấm", "trich-yeu", k));
    let mut k = base();
    k.recipients[4].text = "- Lưu: VT, NVY;".into();
    v.push(("nơi nhận cuối bằng chấm phẩy", "noi-nhan", k));
    let mut k = base();
    k.title[0].bold = false;
    v.push(("tên loại không đậm", "kieu-chu", k));
    let mut k = base();
    k.header_right[0].size = 14.0;
    v.push(("quốc hiệu 14 pt", "co-chu", k));
    let mut k = base();
    k.header_right[1].rule = None;
    v.push(("không kẻ dưới tiêu ngữ", "quoc-hieu", k));
    let mut k = base();
    k.header_left[1].rule = None;
    v.push(("không kẻ dưới tên cơ quan", "co-quan", k));
    let mut k = base();
    k.title[1].rule = None;
    v.push(("không kẻ dưới trích yếu", "trich-yeu", k));
    let mut k = base();
    k.signer[0].text = "KT.GIÁM ĐỐC".into();
    v.push(("KT. liền chữ", "chu-ky", k));
    let mut k = base();
    k.title[0].text = "Kế hoạch".into();
    v.push(("tên loại chữ thường", "kieu-chu", k));
    let mut k = base();
    k.body_mut("II. ").bold = false;
    v.push(("mục II không đậm", "kieu-chu", k));
    let mut k = base();
    k.body.iter_mut().for_each(|p| p.flush = true);
    v.push(("không lùi đầu dòng", "thut-dau-dong", k));
    let mut k = base();
    k.body.iter_mut().for_each(|p| p.line = Some(480));
    v.push(("giãn dòng đôi", "gian-dong", k));
    v
}

#[test]
fn each_known_defect_is_reported_under_its_rule_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    for (n, (what, rule, k)) in defects().into_iter().enumerate() {
        let path = dir.path().join(format!("loi-{n}.docx"));
        k.write(&path);
        let (ok, findings) = lint_json(&path);
        let got = errors(&findings);
        if ok || got != BTreeSet::from([rule.to_string()]) {
            wrong.push(format!("{what}: expected [{rule}], got {got:?}: {findings:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn vbhc_own_pdf_outputs_have_no_error() {
    for example in common::examples() {
        let pdf = common::output_of(&example, "pdf");
        let (ok, findings) = lint_json(&pdf);
        assert!(ok && errors(&findings).is_empty(), "{}: {findings:#?}", example.display());
    }
}

/// The PDF LibreOffice makes of a DOCX, in `dir`.
fn libreoffice_pdf(docx: &std::path::Path, dir: &std::path::Path) -> std::path::PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("LibreOffice (.ci/run installs it)");
    assert!(status.success());
    dir.join(docx.file_stem().unwrap()).with_extension("pdf")
}

/// The same documents as LibreOffice prints them: the clean plan has no error, each defect is
/// found under its rule from the PDF alone. One defect shows twice in print: a quốc hiệu at
/// 14 pt does not fit its column, and LibreOffice wraps it (§6.2), which is reported too. And
/// in print, a paragraph typed flush after a full line cannot be told from that line's
/// paragraph going on: with no first-line indents, paragraphs run together, and what follows
/// from that (a căn cứ running into the opening) may be reported beside the missing indent.
#[test]
#[ignore = "needs LibreOffice (.ci/run installs it)"]
fn libreoffice_pdfs_of_the_hand_made_plans_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("sach.docx");
    KeHoach::sach().write(&clean);
    let (_, findings) = lint_json(&libreoffice_pdf(&clean, dir.path()));
    assert!(errors(&findings).is_empty(), "{findings:#?}");
    let mut wrong = Vec::new();
    for (n, (what, rule, k)) in defects().into_iter().enumerate() {
        let docx = dir.path().join(format!("loi-{n}.docx"));
        k.write(&docx);
        let (ok, findings) = lint_json(&libreoffice_pdf(&docx, dir.path()));
        let mut got = errors(&findings);
        if what == "quốc hiệu 14 pt" {
            got.remove("quoc-hieu");
        }
        let found = if what == "không lùi đầu dòng" { got.contains(rule) } else { got == BTreeSet::from([rule.to_string()]) };
        if ok || !found {
            wrong.push(format!("{what}: expected [{rule}], got {got:?}: {findings:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_file_lint_cannot_read_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("hong.docx");
    std::fs::write(&bad, "không phải zip").unwrap();
    let out = common::vbhc().arg("lint").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hong.docx") && err.contains("không phải tệp DOCX"), "{err}");
}
