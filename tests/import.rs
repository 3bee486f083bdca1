//! `vbhc import`: vbhc's own DOCX come back as the same document (the DOCX rendered from the
//! imported YAML is the same, byte for byte, for every example); a plan made by hand the way
//! a clerk makes it passes `vbhc check` and keeps its words in order.

mod common;

use common::docx_tay::KeHoach;
use std::path::Path;

/// A folder for imported YAML files, holding the examples' own templates (`data/mau`) as
/// `data/` does: a type vbhc does not ship is imported with the template found there.
fn folder_with_templates() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mau = dir.path().join("mau");
    std::fs::create_dir(&mau).unwrap();
    for f in std::fs::read_dir(common::root().join("data/mau")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, mau.join(f.file_name().unwrap())).unwrap();
    }
    dir
}

fn import(docx: &Path, out: &Path) -> std::process::Output {
    common::vbhc().arg("import").arg(docx).arg("-o").arg(out).output().unwrap()
}

/// Every part of a DOCX by its name.
fn parts(docx: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut v).unwrap();
            (f.name().to_string(), v)
        })
        .collect()
}

/// Every example's DOCX imported and rendered again is the same document, byte for byte in
/// every part (column widths, landscape sections, parts, a template's own type included); so
/// every imported example passes `vbhc check`.
#[test]
fn vbhc_own_docx_come_back_as_the_same_document() {
    let dir = folder_with_templates();
    for example in common::examples() {
        let name = example.file_stem().unwrap().to_string_lossy().to_string();
        let docx = common::output_of(&example, "docx");
        let yaml = dir.path().join(format!("{name}.yaml"));
        let out = import(&docx, &yaml);
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let again = dir.path().join("lai");
        let r = common::run(common::vbhc().arg("render").arg(&yaml).arg("-o").arg(&again).args(["-f", "docx"]));
        assert!(r.status.success(), "{name}");
        let (before, after) = (parts(&docx), parts(&again.join(format!("{name}.docx"))));
        for (part, bytes) in &before {
            assert!(
                after.get(part) == Some(bytes),
                "{name}: {part} differs after import:\n{}",
                std::fs::read_to_string(&yaml).unwrap()
            );
        }
        assert_eq!(before.len(), after.len(), "{name}");
    }
}

/// A type vbhc does not ship, without its template beside the YAML: the import says where to
/// put it, and the check fails on the type instead of writing a document of another type.
#[test]
fn a_type_without_its_template_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let docx = common::output_of(&common::root().join("data/giay-gioi-thieu-mau-rieng.yaml"), "docx");
    let out = import(&docx, &dir.path().join("ggt.yaml"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("mau/giay-gioi-thieu.j2"), "{err}");
    assert!(std::fs::read_to_string(dir.path().join("ggt.yaml")).unwrap().contains("loai: giay-gioi-thieu"));
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

/// Tables typed into a plan in Word: one whose columns the clerk dragged to their widths keeps
/// them (`rong`, as vbhc would not choose them), one left as Word inserts it (equal columns) is
/// laid out by vbhc; both keep every cell.
#[test]
fn a_clerks_tables_keep_their_cells_and_chosen_widths() {
    use common::docx_tay::data_table;
    let dir = tempfile::tempdir().unwrap();
    let mut plan = KeHoach::sach();
    let at = plan.body.iter().position(|p| p.text.starts_with("3. Các hoạt động")).unwrap();
    let dragged = [850, 5200, 3304];
    plan.tables.push((at, data_table(&dragged, &[&["TT", "Hoạt động", "Đơn vị thực hiện"], &["1", "Tập huấn giám sát ca bệnh", "Trung tâm Kiểm soát bệnh tật"], &["2", "Kiểm tra, giám sát", "Phòng Nghiệp vụ Y"]])));
    plan.tables.push((at, data_table(&[3118, 3118, 3118], &[&["Đơn vị", "Số ca", "Ghi chú"], &["Đắk Hà", "12", ""], &["Kon Rẫy", "3", "Ổ dịch cũ"]])));
    let docx = dir.path().join("co-bang.docx");
    plan.write(&docx);
    let yaml = dir.path().join("co-bang.yaml");
    let out = import(&docx, &yaml);
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(out.status.success(), "{}\n{text}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("{ten: TT, rong: 15}") && text.contains("cot: [Đơn vị, Số ca, Ghi chú]"), "{text}");
    assert!(text.contains("\"Kiểm tra, giám sát\"") && text.contains("Ổ dịch cũ"), "{text}");
    let again = dir.path().join("lai");
    assert!(common::run(common::vbhc().arg("render").arg(&yaml).arg("-o").arg(&again).args(["-f", "docx"])).status.success());
    let rendered = again.join("co-bang.docx");
    let grids: Vec<Vec<f32>> = vbhc::lint::docx::read(&rendered).unwrap().luoi_bang.into_values().map(|g| g.cot).collect();
    let first = grids.iter().find(|g| g.len() == 3).expect("the dragged table");
    for (got, want) in first.iter().zip(dragged) {
        assert!((got - want as f32 / 56.693).abs() < 0.1, "{first:?}");
    }
    let (before, after) = (words(&docx), words(&rendered));
    assert!(kept_in_order(&before, &after) as f64 >= 0.98 * before.len() as f64);
}
