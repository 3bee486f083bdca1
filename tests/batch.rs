//! `vbhc batch`: one DOCX and one PDF per unit from CSV, XLSX, YAML and JSON data, the
//! manifest, running numbers, the summary document, isolation of a broken unit, a fault of
//! the base reported once, and Ctrl-C leaving only complete files.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn hang_loat(name: &str) -> PathBuf {
    root().join("data/hang-loat").join(name)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}


/// The manifest's rows, each as column → value.
fn manifest(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(dir.join("bang-ke.csv")).unwrap();
    let text = text.strip_prefix('\u{FEFF}').expect("a BOM for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Runs `vbhc batch BASE --data DATA -o OUT` with `extra` arguments after them.
fn batch(base: &Path, data: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    run(vbhc()
        .arg("batch")
        .arg(base)
        .arg("--data")
        .arg(data)
        .arg("-o")
        .arg(out)
        .args(extra))
}

fn sha256(path: &Path) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file of a finished unit is complete: the PDF parses to its last page, the DOCX
/// is a zip with its document; no temporary file is left.
fn assert_complete(dir: &Path) {
    for name in files_in(dir) {
        let path = dir.join(&name);
        assert!(!name.ends_with(".tmp"), "temporary file left: {name}");
        if name.ends_with(".pdf") {
            let bytes = std::fs::read(&path).unwrap();
            assert!(bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"), "{name} cut short");
            lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        } else if name.ends_with(".docx") {
            let docx = common::docx::Docx::read(&path);
            assert!(docx.part("word/document.xml").contains("</w:document>"), "{name}");
        }
    }
}

#[test]
fn csv_batch_with_names_numbers_manifest_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ra");
    let tong_hop = hang_loat("tong-hop.yaml");
    let o = batch(
        &hang_loat("bao-cao-kham-chua-benh.yaml"),
        &hang_loat("don-vi.csv"),
        &out,
        &[
            "--ten",
            "{{ ma }}-bao-cao",
            "--so-bat-dau",
            "120",
            "--tong-hop",
            tong_hop.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = manifest(&out);
    assert_eq!(rows.len(), 7, "six units and the summary");
    let units = &rows[..6];
    let expected_names = [
        "ttyt-dak-ha",
        "ttyt-dak-to",
        "ttyt-ngoc-hoi",
        "ttyt-kon-plong",
        "bvdk-tinh",
        "bv-yhct",
    ];
    for (i, (row, ma)) in units.iter().zip(expected_names).enumerate() {
        assert_eq!(row["stt"], (i + 1).to_string());
        assert_eq!(row["don_vi"], ma);
        assert_eq!(row["trang_thai"], "da_tao");
        assert_eq!(row["hang"], format!("{}:{}:1", hang_loat("don-vi.csv").display(), i + 2));
        assert_eq!(row["tep_pdf"], format!("{ma}-bao-cao.pdf"));
        assert_eq!(row["tep_docx"], format!("{ma}-bao-cao.docx"));
        // Running numbers, one per unit in order; the symbol is the unit's own.
        assert!(
            row["so_ky_hieu"].starts_with(&format!("Số: {}/BC-", 120 + i)),
            "{}",
            row["so_ky_hieu"]
        );
        for (file, hash) in [("tep_pdf", "sha256_pdf"), ("tep_docx", "sha256_docx")] {
            assert_eq!(sha256(&out.join(&row[file])), row[hash], "{file} of {ma}");
        }
        let pdf = common::pdf::read(&out.join(&row["tep_pdf"]));
        assert_eq!(row["so_trang"], pdf.pages.len().to_string());
    }
    // Each unit's own values, with Vietnamese numbers, in both formats.
    let pdf = common::pdf::read(&out.join("bvdk-tinh-bao-cao.pdf"));
    let text = squash(&pdf.all_text());
    for needle in [
        "BỆNH VIỆN ĐA KHOA TỈNH KON TUM",
        "Số: 124/BC-BVĐK",
        "Kon Tum, ngày 05 tháng 7 năm 2024",
        "221.390",
        "104,3",
        "Quá tải ở khoa Nội và khoa Nhi.",
        "Phạm Đức Thọ",
    ] {
        assert!(text.contains(&squash(needle)), "PDF lacks {needle}");
    }
    let docx = common::docx::Docx::read(&out.join("ttyt-kon-plong-bao-cao.docx"));
    let text = squash(&docx.text());
    for needle in ["TRUNG TÂM Y TẾ HUYỆN KON PLÔNG", "Số: 123/BC-TTYT", "Kon Plông, ngày", "18.544", "A Thương"] {
        assert!(text.contains(&squash(needle)), "DOCX lacks {needle}");
    }
    // The summary: one row per unit and the totals.
    let summary = &rows[6];
    assert_eq!(summary["stt"], "0");
    assert_eq!(summary["trang_thai"], "da_tao");
    let text = squash(&common::pdf::read(&out.join(&summary["tep_pdf"])).all_text());
    assert!(text.contains(&squash("399.133")), "total of the six units");
    assert!(text.contains(&squash("6 Bệnh viện Y dược cổ truyền")));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("bang-ke.json")).unwrap()).unwrap();
    assert_eq!(json["da_tao"], 6);
    assert_eq!(json["don_vi"][5]["so_ky_hieu"], "Số: 125/BC-BVYDCT");
    assert_eq!(json["tong_hop"]["tep_docx"], "tong-hop.docx");
    assert_complete(&out);
}

#[test]
fn xlsx_yaml_and_json_data() {
    let dir = tempfile::tempdir().unwrap();
    let base = hang_loat("bao-cao-kham-chua-benh.yaml");
    for (data, first_place) in [
        ("don-vi.xlsx", "Đơn vị!A2".to_string()),
        ("don-vi.yaml", ":2:3".to_string()),
    ] {
        let out = dir.path().join(data);
        let o = batch(&base, &hang_loat(data), &out, &["-f", "pdf"]);
        assert!(o.status.success(), "{data}: {}", stderr(&o));
        let rows = manifest(&out);
        assert_eq!(rows.len(), 6);
        assert!(rows[0]["hang"].ends_with(&first_place), "{}", rows[0]["hang"]);
        assert_eq!(rows[0]["tep_pdf"], "bao-cao-kham-chua-benh-001.pdf");
        assert_eq!(rows[0]["tep_docx"], "");
        let text = squash(&common::pdf::read(&out.join(&rows[0]["tep_pdf"])).all_text());
        // Excel keeps 86,5 as the number 86.5; `| so` prints it the Vietnamese way.
        for needle in ["TRUNG TÂM Y TẾ HUYỆN ĐẮK HÀ", "48.215", "86,5", "Nguyễn Văn Hùng"] {
            assert!(text.contains(&squash(needle)), "{data}: PDF lacks {needle}");
        }
        assert_eq!(files_in(&out).iter().filter(|f| f.ends_with(".docx")).count(), 0);
    }

    // JSON with nested data: the table gets one row per department of each unit.
    let out = dir.path().join("json");
    let o = batch(
        &hang_loat("bao-cao-giuong-benh.yaml"),
        &hang_loat("don-vi-khoa.json"),
        &out,
        &["--ten", "{{ ten_don_vi }}"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = manifest(&out);
    assert_eq!(rows[2]["tep_pdf"], "Benh-vien-Da-khoa-tinh-Kon-Tum.pdf");
    let pdf = common::pdf::read(&out.join(&rows[2]["tep_pdf"]));
    let text = squash(&pdf.all_text());
    for needle in [
        "1 Khoa Nội tổng hợp 120 141 117,5",
        "3 Khoa Nhi 80 97 121,3",
        "4 Khoa Hồi sức tích cực - Chống độc 30 29 96,7",
        "Cộng 330 363",
        "báo cáo tình hình sử dụng giường bệnh của 4 khoa",
        "vượt kế hoạch",
    ] {
        assert!(text.contains(&squash(needle)), "PDF lacks {needle}");
    }
    let text = squash(&common::pdf::read(&out.join(&rows[1]["tep_pdf"])).all_text());
    assert!(text.contains(&squash("2 Khoa Ngoại 25 18 72,0")));
    assert!(!text.contains(&squash("Khoa Nhi")), "another unit's row leaked in");
    assert!(text.contains(&squash("nằm trong kế hoạch")));
}

const BASE: &str = "loai: bao-cao
co_quan: {chu_quan: SỞ Y TẾ TỈNH KON TUM, ten: \"{{ ten | upper }}\", viet_tat: TTYT}
so: null
dia_danh: Kon Tum
ngay: \"{{ ngay }}\"
trich_yeu: Kết quả công tác của {{ ten }}
kinh_gui: Sở Y tế
ket_qua:
  - \"Đơn vị {{ ten }} báo cáo: {{ ghi_chu }}\"
noi_nhan: [Ban Giám đốc]
luu: [VT]
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Lê Văn A}
";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_broken_row_is_named_and_isolated() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "goc.yaml", BASE);
    let data = write(
        dir.path(),
        "dv.csv",
        "ma,ten,ngay,ghi_chu\n\
         a,Trạm Y tế xã Đắk Cấm,2024-07-01,\"Giá trị có {{ 7*7 }}, dấu: hai chấm, # và *sao*\"\n\
         b,Trạm Y tế xã Ngọk Bay,2024-02-31,tốt\n\
         c,Trạm Y tế xã Vinh Quang,2024-07-02,tốt\n",
    );
    let out = dir.path().join("ra");
    let o = batch(&base, &data, &out, &["--ten", "{{ ma }}"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // Row 3 (line 3 of the file), column 3 (`ngay`), and the base line that used it.
    let place = format!("{}:3:3: lỗi:", data.display());
    assert!(err.contains(&place), "{err}");
    assert!(err.contains("`ngay`") && err.contains(&format!("{}:5:", base.display())), "{err}");
    assert_eq!(
        files_in(&out),
        ["a.docx", "a.pdf", "bang-ke.csv", "bang-ke.json", "c.docx", "c.pdf"]
    );
    let rows = manifest(&out);
    assert_eq!(rows[1]["trang_thai"], "loi");
    assert!(rows[1]["loi"].contains(&place), "{}", rows[1]["loi"]);
    assert_eq!(rows[1]["tep_pdf"], "");
    assert_eq!(rows[2]["trang_thai"], "da_tao");
    // A value is data, never a template or YAML: it comes out literally.
    let text = common::pdf::read(&out.join("a.pdf")).all_text();
    assert!(
        squash(&text).contains(&squash("Giá trị có {{ 7*7 }}, dấu: hai chấm, # và *sao*")),
        "{text}"
    );
    assert_complete(&out);

    // Fail fast: stops at the broken unit; what was not attempted is marked so.
    let out = dir.path().join("dung");
    let o = batch(&base, &data, &out, &["--dung-khi-loi", "-j", "1"]);
    assert_eq!(o.status.code(), Some(1));
    let status: Vec<String> = manifest(&out).iter().map(|r| r["trang_thai"].clone()).collect();
    assert_eq!(status, ["da_tao", "loi", "bo_qua"]);
}

/// A file in the way of a unit's output (here a folder where `b.docx` goes, in other runs the
/// clerk's own `bang-ke.csv` or a DOCX edited in Word) is not vbhc's to replace: the batch says
/// so, for every such file, before it writes anything.
#[test]
fn a_file_in_the_way_stops_the_batch_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "goc.yaml", BASE);
    let data = write(
        dir.path(),
        "dv.csv",
        "ma,ten,ngay,ghi_chu\n\
         a,Trạm Y tế xã Đắk Cấm,2024-07-01,tốt\n\
         b,Trạm Y tế xã Ngọk Bay,2024-07-01,tốt\n\
         c,Trạm Y tế xã Vinh Quang,2024-07-02,tốt\n",
    );
    let out = dir.path().join("ra");
    std::fs::create_dir_all(out.join("b.docx").join("ben-trong")).unwrap();
    std::fs::write(out.join("bang-ke.csv"), "danh sách của văn thư\n").unwrap();
    let o = batch(&base, &data, &out, &["--ten", "{{ ma }}"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for name in ["b.docx", "bang-ke.csv"] {
        assert!(err.contains(&format!("{}: lỗi: tệp đã có", out.join(name).display())), "{err}");
    }
    assert_eq!(files_in(&out), ["b.docx", "bang-ke.csv"]);
    assert_eq!(std::fs::read_to_string(out.join("bang-ke.csv")).unwrap(), "danh sách của văn thư\n");
}

/// The clerk's unit list in the output folder, under the manifest's name, is never replaced.
#[test]
fn the_unit_list_under_the_manifests_name_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ra");
    std::fs::create_dir_all(&out).unwrap();
    let base = write(dir.path(), "goc.yaml", BASE);
    let list = "ma,ten,ngay,ghi_chu\na,Trạm A,2024-07-01,x\n";
    let data = write(&out, "bang-ke.csv", list);
    let o = batch(&base, &data, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&data).unwrap(), list);
    assert_eq!(files_in(&out), ["bang-ke.csv"]);
}

/// A unit named like the summary takes another name; the summary and the manifest keep theirs.
#[test]
fn a_unit_named_like_the_summary_does_not_replace_it() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "goc.yaml", BASE);
    let summary = write(
        dir.path(),
        "tong-hop.yaml",
        &BASE
            .replace("{{ ten | upper }}", "SỞ Y TẾ")
            .replace("{{ ngay }}", "2024-07-15")
            .replace("{{ ten }}", "{{ so_don_vi }} đơn vị")
            .replace("{{ ghi_chu }}", "{{ don_vi | map(attribute='ten') | join(', ') }}"),
    );
    let data = write(
        dir.path(),
        "dv.csv",
        "ma,ten,ngay,ghi_chu\ntong-hop,Trạm A,2024-07-01,x\nbang-ke,Trạm B,2024-07-01,y\n",
    );
    let out = dir.path().join("ra");
    let o = batch(&base, &data, &out, &["--ten", "{{ ma }}", "--tong-hop", summary.to_str().unwrap()]);
    let err = stderr(&o);
    let rows = manifest(&out);
    let files: Vec<&str> = rows.iter().map(|r| r["tep_pdf"].as_str()).collect();
    assert_eq!(files, ["tong-hop-2.pdf", "bang-ke-2.pdf", "tong-hop.pdf"], "{err}");
    let hashes: std::collections::HashSet<&str> = rows.iter().map(|r| r["sha256_pdf"].as_str()).collect();
    assert_eq!(hashes.len(), 3, "three different files");
    for r in &rows {
        assert_eq!(r["sha256_pdf"], sha256(&out.join(&r["tep_pdf"])));
    }
}

/// Two batches into one folder at once: the second is refused, the first's files and manifest
/// stay right.
#[test]
fn a_second_batch_into_a_folder_in_use_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ra");
    let held = vbhc::output::folder::OutputFolder::open(&out, false).unwrap();
    let base = write(dir.path(), "goc.yaml", BASE);
    let data = write(dir.path(), "dv.csv", "ma,ten,ngay,ghi_chu\na,Trạm A,2024-07-01,x\n");
    let o = batch(&base, &data, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("một lần chạy vbhc khác đang ghi vào thư mục này"), "{}", stderr(&o));
    assert!(files_in(&out).is_empty());
    drop(held);
    let o = batch(&base, &data, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_fault_of_the_base_is_reported_once_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "goc.yaml", &BASE.replace("{{ ghi_chu }}", "{{ ghi_chuu }}"));
    let data = write(
        dir.path(),
        "dv.csv",
        "ma,ten,ngay,ghi_chu\na,Trạm A,2024-07-01,x\nb,Trạm B,2024-07-01,y\n",
    );
    let out = dir.path().join("ra");
    let o = batch(&base, &data, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err.matches("lỗi:").count(), 1, "{err}");
    assert!(err.contains(&format!("{}:9:", base.display())), "{err}");
    assert!(err.contains("`ghi_chu`"), "suggests the column: {err}");
    assert!(files_in(&out).iter().all(|f| !f.ends_with(".pdf")), "{:?}", files_in(&out));

    // A mistake in the base's syntax: located in the base, before any unit.
    let bad = write(dir.path(), "sai.yaml", "loai: bao-cao\nbang:\n  - lap: k trong ds\n    moi_lan: x\n");
    let o = batch(&bad, &data, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&format!("{}:3:", bad.display())), "{}", stderr(&o));
}

#[test]
fn ctrl_c_leaves_only_complete_files() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "goc.yaml", BASE);
    let mut rows = String::from("ma,ten,ngay,ghi_chu\n");
    for i in 0..400 {
        rows.push_str(&format!("d{i},Trạm Y tế số {i},2024-07-01,Ghi chú {i}\n"));
    }
    let data = write(dir.path(), "dv.csv", &rows);
    let out = dir.path().join("ra");
    let mut child = vbhc()
        .arg("batch")
        .arg(&base)
        .arg("--data")
        .arg(&data)
        .args(["-o", out.to_str().unwrap()])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Interrupt once some documents are written.
    let started = std::time::Instant::now();
    while files_in_or_empty(&out).iter().filter(|f| f.ends_with(".pdf")).count() < 5 {
        assert!(started.elapsed().as_secs() < 60, "no output");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    let rows = manifest(&out);
    let made = rows.iter().filter(|r| r["trang_thai"] == "da_tao").count();
    if status.code() == Some(130) {
        assert!(made < 400, "stopped early");
        assert!(rows.iter().any(|r| r["trang_thai"] == "bo_qua"));
    } else {
        // The machine was fast enough to finish first.
        assert_eq!(status.code(), Some(0));
    }
    assert_eq!(
        files_in(&out).iter().filter(|f| f.ends_with(".pdf")).count(),
        made,
        "a PDF per finished unit, no other"
    );
    assert_complete(&out);
}

fn files_in_or_empty(dir: &Path) -> Vec<String> {
    if dir.exists() { files_in(dir) } else { Vec::new() }
}

/// A base naming a seal image per unit (as older bases did): every unit is made, none shows
/// the image (it belongs to the agency's digital signature, §3.8), and the warning says so.
#[test]
fn a_seal_image_in_a_base_is_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(hang_loat("bao-cao-kham-chua-benh.yaml")).unwrap()
        + "con_dau: \"anh/{{ ma }}.png\"\n";
    let base_path = dir.path().join("goc.yaml");
    std::fs::write(&base_path, base).unwrap();
    let out = dir.path().join("ra");
    let o = batch(&base_path, &hang_loat("don-vi.csv"), &out, &["--ten", "{{ ma }}"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("vbhc không in ảnh con dấu vào văn bản"), "{}", stderr(&o));
    assert!(manifest(&out).iter().all(|r| r["trang_thai"] == "da_tao"));
    for name in files_in(&out).iter().filter(|n| n.ends_with(".pdf")) {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("/Subtype /Image"), "{name}");
    }
    assert_complete(&out);
}

/// The numbers in a line of `vbhc bench batch`'s output that follow `after` and precede `unit`.
fn figure(out: &str, after: &str, unit: &str) -> f64 {
    let line = out.lines().find(|l| l.contains(after)).unwrap_or_else(|| panic!("{out}"));
    let rest = &line[line.find(after).unwrap() + after.len()..];
    rest[..rest.find(unit).unwrap_or_else(|| panic!("{line}"))]
        .trim()
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("{line}"))
}

#[test]
fn bench_batch_measures_in_rounds_and_prints_medians_and_memory() {
    let o = run(vbhc().args(["bench", "batch", "4", "--lan", "2"]));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{out}{}", stderr(&o));
    for round in ["lượt 1: batch", "lượt 2: batch", "trung vị của 2 lượt:"] {
        assert!(out.contains(round), "{out}");
    }
    // Four two-page reports made, and rates that are figures, not placeholders.
    assert!(out.contains("vbhc batch, 4 đơn vị (2–2 trang mỗi văn bản)"), "{out}");
    assert!(figure(&out, "trang mỗi văn bản): ", "văn bản/giây") > 0.0, "{out}");
    assert!(figure(&out, "1 tiến trình cùng lúc): ", "văn bản/giây") > 0.0, "{out}");
    assert!(figure(&out, "batch tốn ít hơn ", "×") > 0.0, "{out}");
    // Peak memory of the batch process, read from the system. Without transparent huge pages
    // (main.rs) this batch peaks at 48–49 MB; with them mimalloc's arenas took 92 MB.
    let peak = figure(&out, "bộ nhớ đỉnh của tiến trình batch: ", "MB");
    assert!(peak > 5.0 && peak < 60.0, "{out}");
}

/// A unit's value is text, never markup: `6*4*3 m` prints as typed, not with an italic 4; an
/// empty value inside the base's `**…**` leaves no stray asterisks.
#[test]
fn a_units_values_are_text_not_markup() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        dir.path(),
        "goc.yaml",
        &BASE.replace(
            "Đơn vị {{ ten }} báo cáo: {{ ghi_chu }}",
            "Diện tích kho {{ ghi_chu }}; đã khám **{{ luot }}** lượt",
        ),
    );
    let data = write(
        dir.path(),
        "dv.csv",
        "ma,ten,ngay,ghi_chu,luot\na,Trạm A,2024-07-01,6*4*3 m,\n",
    );
    let out = dir.path().join("ra");
    let o = batch(&base, &data, &out, &["--ten", "{{ ma }}"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docx = common::docx::Docx::read(&out.join("a.docx"));
    let xml = docx.part("word/document.xml");
    // One run: no italic 4, no asterisks left around the empty count.
    assert!(xml.contains(">Diện tích kho 6*4*3 m; đã khám lượt./.</w:t>"), "{xml}");
    assert!(!docx.text().contains("**"), "{}", docx.text());
    let pdf = common::pdf::read(&out.join("a.pdf"));
    assert!(pdf.all_text().contains("6*4*3m"), "{}", pdf.all_text());
}

/// A minimal XLSX: one sheet `Đơn vị` of `rows` (`<c>` elements by row, written as given),
/// with cell styles 1 = `0.0%` and 2 = `h:mm`.
fn xlsx(path: &Path, rows: &[&str]) {
    use std::io::Write;
    let ns = "http://schemas.openxmlformats.org";
    let parts = [
        ("[Content_Types].xml", format!(r#"<Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#)),
        ("_rels/.rels", format!(r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
        ("xl/workbook.xml", format!(r#"<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Đơn vị" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", format!(r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#)),
        ("xl/styles.xml", format!(r#"<styleSheet xmlns="{ns}/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="20" applyNumberFormat="1"/></cellXfs></styleSheet>"#)),
        ("xl/worksheets/sheet1.xml", format!(r#"<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>"#,
            rows.iter().enumerate().map(|(i, r)| format!(r#"<row r="{}">{r}</row>"#, i + 1)).collect::<String>())),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// Spreadsheet values as the clerk saw them: a `0.0%` cell showing 86,5 % is 86.5, `=0.1+0.2`
/// is 0,3, TRUE is TRUE, a time is 12:00; a cell showing `#DIV/0!` or a formula never
/// calculated fails its unit, naming the sheet and cell, and the unit is not marked made.
#[test]
fn spreadsheet_values_as_shown_and_bad_cells_named() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        dir.path(),
        "goc.yaml",
        &BASE.replace(
            "Đơn vị {{ ten }} báo cáo: {{ ghi_chu }}",
            "Công suất {{ cong_suat | so }}%, tổng {{ tong | so }}, {{ dung }}, lúc {{ gio }}",
        ),
    );
    let t = |r: &str, s: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#);
    let head = ["ma", "ten", "ngay", "cong_suat", "tong", "dung", "gio"]
        .iter()
        .zip("ABCDEFG".chars())
        .map(|(h, c)| t(&format!("{c}1"), h))
        .collect::<String>();
    let unit = |n: usize, ma: &str, tong: &str| {
        format!(
            r#"{}{}{}<c r="D{n}" s="1"><v>0.865</v></c>{tong}<c r="F{n}" t="b"><v>1</v></c><c r="G{n}" s="2"><v>0.5</v></c>"#,
            t(&format!("A{n}"), ma),
            t(&format!("B{n}"), "Trạm Y tế"),
            t(&format!("C{n}"), "2024-07-01"),
        )
    };
    let rows = [
        head,
        unit(2, "a", r#"<c r="E2"><f>0.1+0.2</f><v>0.30000000000000004</v></c>"#),
        unit(3, "b", r#"<c r="E3"><f>D3*2</f></c>"#),
        unit(4, "c", r#"<c r="E4" t="e"><f>1/0</f><v>#DIV/0!</v></c>"#),
    ];
    let data = dir.path().join("dv.xlsx");
    xlsx(&data, &rows.iter().map(String::as_str).collect::<Vec<_>>());
    let out = dir.path().join("ra");
    let o = batch(&base, &data, &out, &["--ten", "{{ ma }}"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let docx = common::docx::Docx::read(&out.join("a.docx"));
    assert!(docx.text().contains("Côngsuất86,5%,tổng0,3,TRUE,lúc12:00"), "{}", docx.text());
    assert!(err.contains(&format!("{}:Đơn vị!E3: lỗi: ô có công thức `=D3*2` nhưng chưa được tính", data.display())), "{err}");
    assert!(err.contains(&format!("{}:Đơn vị!E4: lỗi: ô hiện lỗi #DIV/0!", data.display())), "{err}");
    let rows = manifest(&out);
    let status: Vec<&str> = rows.iter().map(|r| r["trang_thai"].as_str()).collect();
    assert_eq!(status, ["da_tao", "loi", "loi"]);
    assert_eq!(files_in(&out), ["a.docx", "a.pdf", "bang-ke.csv", "bang-ke.json"]);
}

/// A disk that fills up mid-batch, simulated by a limit on the size of any file the process
/// writes (RLIMIT_FSIZE: the small ledger and manifest fit, no document does): one Vietnamese
/// message per unit, naming it; the batch stops after three in a row; the manifest says what
/// was made and why the rest was not; exit 1; no temporary file left.
#[cfg(unix)]
#[test]
fn a_full_disk_stops_the_batch_and_the_manifest_says_why() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "goc.yaml", BASE);
    let rows: String = (1..=12)
        .map(|i| format!("dv{i:02},Trạm Y tế xã số {i},2024-07-01,tốt\n"))
        .collect();
    let data = write(dir.path(), "dv.csv", &format!("ma,ten,ngay,ghi_chu\n{rows}"));
    let out = dir.path().join("ra");
    let mut cmd = vbhc();
    cmd.arg("batch").arg(&base).arg("--data").arg(&data).arg("-o").arg(&out);
    cmd.args(["--ten", "{{ ma }}", "-j", "1"]);
    // SAFETY: between fork and exec only async-signal-safe calls (setrlimit, signal).
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit { rlim_cur: 16 * 1024, rlim_max: 16 * 1024 };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            // Past the limit a write fails (EFBIG) instead of killing the process.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let o = run(&mut cmd);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // One worker: exactly the three units in a row, each named by its row, then the stop.
    let per_unit: Vec<&str> = err.lines().filter(|l| l.contains(": lỗi: không ghi được")).collect();
    assert_eq!(per_unit.len(), 3, "{err}");
    for (line, unit) in per_unit.iter().zip(["dv01", "dv02", "dv03"]) {
        assert!(line.contains(&format!("dv.csv:")) && line.contains(&format!("{unit}.pdf")), "{line}");
        assert!(line.ends_with("tệp quá lớn với hệ thống tệp"), "{line}");
    }
    assert!(err.contains("Đã dừng: 3 đơn vị liên tiếp không ghi được"), "{err}");
    assert!(!err.contains(".vbhc-") && !err.contains("File too large"), "{err}");
    let rows = manifest(&out);
    let status: Vec<&str> = rows.iter().map(|r| r["trang_thai"].as_str()).collect();
    assert_eq!(status, [["loi"; 3].as_slice(), &["bo_qua"; 9]].concat(), "{rows:?}");
    assert!(rows[..3].iter().all(|r| r["loi"].contains("tệp quá lớn")), "{rows:?}");
    assert!(rows[3..].iter().all(|r| r["loi"].contains("đã dừng sau 3 đơn vị")), "{rows:?}");
    // Nothing half-written: no document, no temporary file (`files_in` skips vbhc's own).
    assert_eq!(files_in(&out), ["bang-ke.csv", "bang-ke.json"]);
    assert!(std::fs::read_dir(&out).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".tmp")));
}
