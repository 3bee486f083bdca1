//! `vbhc import`: vbhc's own DOCX come back as the same document (the DOCX rendered from the
//! imported YAML is the same, byte for byte, for the examples listed); a plan made by hand the
//! way a clerk makes it passes `vbhc check` and keeps its words in order.

mod common;

use common::docx_tay::KeHoach;
use std::path::Path;

/// The examples whose round trip is exact today; the others are listed in CHANGELOG.md with
/// what they lose (two-row table headers, a template's own type, column widths).
const EXACT: [&str; 17] = [
    "000-giao-duc-chinh-tri-kon-tum",
    "001-thi-dua-110-nam-kon-tum",
    "002-hoc-tap-chuyen-de-thanh-hoa",
    "003-tuyen-truyen-60-nam-ha-nam",
    "bao-cao-tiem-chung",
    "chuong-trinh-truyen-thong",
    "cong-van-ky-dien-tu",
    "cong-van-sot-xuat-huyet",
    "de-an-y-te-so",
    "giay-moi-hop-giao-ban",
    "huong-dan-bao-cao-dich",
    "ke-hoach-mau",
    "phuong-an-cap-cuu",
    "quyet-dinh-quy-che",
    "quyet-dinh-thanh-lap-to-cong-tac",
    "thong-bao-lich-truc",
    "to-trinh-kinh-phi",
];

fn import(docx: &Path, out: &Path) -> std::process::Output {
    common::vbhc().arg("import").arg(docx).arg("-o").arg(out).output().unwrap()
}

fn document_xml(docx: &Path) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut f = zip.by_name("word/document.xml").unwrap();
    let mut v = Vec::new();
    std::io::Read::read_to_end(&mut f, &mut v).unwrap();
    v
}

#[test]
fn vbhc_own_docx_come_back_as_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXACT {
        let example = common::root().join("data").join(format!("{name}.yaml"));
        let docx = common::output_of(&example, "docx");
        let yaml = dir.path().join(format!("{name}.yaml"));
        let out = import(&docx, &yaml);
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let again = dir.path().join("lai");
        let r = common::run(common::vbhc().arg("render").arg(&yaml).arg("-o").arg(&again).args(["-f", "docx"]));
        assert!(r.status.success(), "{name}");
        assert!(
            document_xml(&docx) == document_xml(&again.join(format!("{name}.docx"))),
            "{name}: the imported document renders differently:\n{}",
            std::fs::read_to_string(&yaml).unwrap()
        );
    }
}

/// Every example imports to a YAML that passes `vbhc check` (merged and two-row table headers,
/// lettered parts, landscape sections included), but the one whose type is its own template:
/// a DOCX does not say which template file made it.
#[test]
fn every_example_imports_to_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    for example in common::examples() {
        let name = example.file_stem().unwrap().to_string_lossy().to_string();
        if name == "giay-gioi-thieu-mau-rieng" {
            continue;
        }
        let out = import(&common::output_of(&example, "docx"), &dir.path().join(format!("{name}.yaml")));
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The words of a DOCX's body, in order, as printed (list numbers included).
fn words(docx: &Path) -> Vec<String> {
    let doc = vbhc::lint::docx::read(docx).unwrap();
    doc.doan.iter().flat_map(|d| d.text().split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect()
}

/// How many of `a`'s words `b` keeps in the same order (longest common subsequence).
fn kept_in_order(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        prev = cur;
    }
    prev[b.len()]
}

#[test]
fn a_hand_made_plan_imports_checks_and_keeps_its_words_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut listed = KeHoach::sach();
    for (start, level) in [("I. ", 0), ("II. ", 0), ("III. ", 0)] {
        let para = listed.body_mut(start);
        para.text = para.text.split_once(' ').unwrap().1.to_string();
        para.list = Some((1, level));
    }
    for (name, plan) in [("go-tay", KeHoach::sach()), ("danh-so-word", listed)] {
        let docx = dir.path().join(format!("{name}.docx"));
        plan.write(&docx);
        let yaml = dir.path().join(format!("{name}.yaml"));
        let out = import(&docx, &yaml);
        let text = std::fs::read_to_string(&yaml).unwrap();
        assert!(out.status.success(), "{name}: {}\n{text}", String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("loai: ke-hoach") && text.contains("viet_tat: SYT") && text.contains("ngay: 2024-03-05"), "{text}");
        let again = dir.path().join(format!("{name}-out"));
        let r = common::run(common::vbhc().arg("render").arg(&yaml).arg("-o").arg(&again).args(["-f", "docx"]));
        assert!(r.status.success());
        let (before, after) = (words(&docx), words(&again.join(format!("{name}.docx"))));
        let kept = kept_in_order(&before, &after);
        assert!(kept as f64 >= 0.98 * before.len() as f64, "{name}: {kept} of {} words kept in order\n{text}", before.len());
    }
}

#[test]
fn import_writes_a_new_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("kh.docx");
    KeHoach::sach().write(&docx);
    let yaml = dir.path().join("kh.yaml");
    std::fs::write(&yaml, "của tôi").unwrap();
    let out = import(&docx, &yaml);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("đã có tệp"));
    assert_eq!(std::fs::read_to_string(&yaml).unwrap(), "của tôi");
}
