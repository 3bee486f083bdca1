//! The command line of the contract: outputs, exit codes, located Vietnamese errors, nothing
//! written for a failing input, no panic, determinism.

mod common;

use common::*;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}


const GOOD: &str = include_str!("../data/ke-hoach-mau.yaml");

#[test]
fn render_writes_both_formats_by_default_and_only_those_asked() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "kh.yaml", GOOD);
    let out = dir.path().join("ra");
    let o = run(vbhc().arg("render").arg(&input).arg("-o").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&out), ["kh.docx", "kh.pdf"]);
    let only = dir.path().join("chi-pdf");
    let o = run(vbhc()
        .args(["render", "-f", "pdf", "-o"])
        .arg(&only)
        .arg(&input));
    assert!(o.status.success());
    assert_eq!(files_in(&only), ["kh.pdf"]);
    let o = run(vbhc()
        .args(["render", "--format", "docx,pdf", "-o"])
        .arg(&only)
        .arg(&input));
    assert!(o.status.success());
    assert_eq!(files_in(&only), ["kh.docx", "kh.pdf"]);
}

#[test]
fn default_output_directory_is_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "kh.yaml", GOOD);
    let o = run(vbhc().current_dir(dir.path()).args(["render", "kh.yaml"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&dir.path().join("out")), ["kh.docx", "kh.pdf"]);
    drop(input);
}

#[test]
fn a_failing_input_writes_nothing_and_the_others_still_render() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "tot.yaml", GOOD);
    let bad = write(
        dir.path(),
        "hong.yaml",
        &GOOD.replace("ngay: 2021-06-30", "ngay: 2021-02-30"),
    );
    let out = dir.path().join("out");
    let o = run(vbhc()
        .arg("render")
        .arg(&bad)
        .arg(&good)
        .arg("-o")
        .arg(&out));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        files_in(&out),
        ["tot.docx", "tot.pdf"],
        "no partial or temporary file left"
    );
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:6:7: lỗi:", bad.display())),
        "{err}"
    );
    assert!(err.contains("không có trên lịch"), "{err}");
}

/// vbhc replaces only what it wrote: a second render replaces its own files; a file it did not
/// write (the clerk's, or its own since edited in Word) is refused, named, and left as it is,
/// while the other inputs still render.
#[test]
fn render_replaces_only_files_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", GOOD);
    let b = write(dir.path(), "b.yaml", GOOD);
    let out = dir.path().join("ra");
    let render = |inputs: &[&Path]| run(vbhc().arg("render").args(inputs).arg("-o").arg(&out));
    assert!(render(&[&a]).status.success());
    let o = render(&[&a]);
    assert!(o.status.success(), "its own files are replaced: {}", stderr(&o));

    std::fs::write(out.join("a.docx"), "sửa trong Word").unwrap();
    std::fs::write(out.join("b.pdf"), "của văn thư").unwrap();
    let pdf_before = std::fs::read(out.join("a.pdf")).unwrap();
    let o = render(&[&a, &b]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for (name, why) in [("a.docx", "đã được sửa sau khi vbhc tạo"), ("b.pdf", "không do vbhc tạo")] {
        assert!(err.contains(&format!("{}: lỗi: tệp đã có và {why}", out.join(name).display())), "{err}");
    }
    assert!(err.contains("2/2 tệp không tạo được văn bản"), "{err}");
    assert_eq!(std::fs::read_to_string(out.join("a.docx")).unwrap(), "sửa trong Word");
    assert_eq!(std::fs::read_to_string(out.join("b.pdf")).unwrap(), "của văn thư");
    assert_eq!(std::fs::read(out.join("a.pdf")).unwrap(), pdf_before, "nothing of a refused input is written");
    assert_eq!(files_in(&out), ["a.docx", "a.pdf", "b.pdf"]);
}

/// Two inputs of one name from two folders would write the same files: both are refused
/// (names compared without case, as on Windows), and a third input still renders.
#[test]
fn two_inputs_with_one_output_name_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("x")).unwrap();
    std::fs::create_dir_all(dir.path().join("y")).unwrap();
    let first = write(&dir.path().join("x"), "kh.yaml", GOOD);
    let second = write(&dir.path().join("y"), "KH.yaml", GOOD);
    let other = write(dir.path(), "khac.yaml", GOOD);
    let out = dir.path().join("ra");
    let o = run(vbhc().arg("render").arg(&first).arg(&second).arg(&other).arg("-o").arg(&out));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{} và {} cùng ghi ra", first.display(), second.display())), "{err}");
    assert_eq!(files_in(&out), ["khac.docx", "khac.pdf"]);
}

/// Every error names file:line:col, says what was expected, in Vietnamese.
#[test]
fn errors_are_located_and_explained() {
    let cases: &[(&str, &str, &str)] = &[
        // (replace this, with this, expect in the message)
        ("trich_yeu:", "trich_yue:", "khóa không hợp lệ `trich_yue`"),
        ("trich_yeu:", "trich_yue:", "có phải ý bạn là `trich_yeu`?"),
        ("so: 2712", "so: 27.12", "số văn bản không hợp lệ"),
        ("so: 2712", "so: abc", "số văn bản không hợp lệ"),
        ("ngay: 2021-06-30", "ngay: 30/6/2021", "YYYY-MM-DD"),
        (
            "loai: ke-hoach",
            "loai: ke_hoach",
            "có phải ý bạn là `ke-hoach`?",
        ),
        (
            "nguoi_ky: {chuc_vu: GIÁM ĐỐC",
            "nguoi_ky: {quyen_han: [KT GIÁM ĐỐC], chuc_vu: PHÓ GIÁM ĐỐC",
            "viết `KT. GIÁM ĐỐC`",
        ),
        (
            "mo_dau: \"Sở Y tế xây dựng Kế hoạch thực hiện như sau:\"",
            "mo_dau: Sở Y tế xây dựng Kế hoạch thực hiện như sau:",
            "ngoặc kép",
        ),
        ("  - Việc triển khai", "  - *Việc* triển khai", "ngoặc kép"),
        (
            "  - Việc triển khai",
            "  - Yêu cầu: Việc triển khai",
            "đặt cả đoạn trong ngoặc kép",
        ),
        (
            "nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Võ Văn Thanh}",
            "nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: Võ Văn Thanh, chu_ki: x}",
            "khóa không hợp lệ `chu_ki`",
        ),
        ("co_quan: {", "co_quan:\n\tten: x\nco_quan2: {", "Tab"),
        (
            "noi_nhan: [Lãnh đạo Sở Y tế, Các đơn vị trực thuộc]",
            "noi_nhan: []",
            "`noi_nhan` trống",
        ),
        (
            "to_chuc_thuc_hien:\n  - Phòng",
            "kinh_phi:\n  - Phòng",
            "thiếu khóa bắt buộc `to_chuc_thuc_hien`",
        ),
        ("dia_danh: Kon Tum\n", "", "dia_danh"),
        (
            "so: 2712",
            "so: 2712\nco_chu: {quoc_hieu: 16}",
            "nằm ngoài khoảng",
        ),
        (
            "so: 2712",
            "so: 2712\nco_chu: {quoc_hieuu: 12}",
            "có phải ý bạn là `quoc_hieu`?",
        ),
        ("so: 2712", "so: 2712\nle: rong", "`le` không hợp lệ"),
        (
            "loai: ke-hoach",
            "loai: giay-moi",
            "khóa `muc_dich` không dùng cho giấy mời",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (from, to, expect)) in cases.iter().enumerate() {
        assert!(GOOD.contains(from), "case {i}: {from}");
        let input = write(
            dir.path(),
            &format!("case{i}.yaml"),
            &GOOD.replacen(from, to, 1),
        );
        let o = run(vbhc().arg("check").arg(&input));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "case {i}: {err}");
        assert!(
            err.contains(expect),
            "case {i}: expected {expect:?} in:\n{err}"
        );
        // file:line:col: lỗi:
        let first = err.lines().next().unwrap();
        let rest = first
            .strip_prefix(&format!("{}:", input.display()))
            .unwrap_or_else(|| panic!("case {i}: {first}"));
        let mut parts = rest.splitn(3, ':');
        let line: usize = parts
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("case {i}: {first}"));
        let col: usize = parts
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("case {i}: {first}"));
        assert!(
            line >= 1 && col >= 1 && parts.next().unwrap().starts_with(" lỗi:"),
            "case {i}: {first}"
        );
        assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"));
    }
}

#[test]
fn the_error_points_at_the_offending_line_with_a_caret() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "kh.yaml",
        &GOOD.replace("so: 2712", "so: 2.712"),
    );
    let o = run(vbhc().arg("check").arg(&input));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:4:5: lỗi:", input.display())),
        "{err}"
    );
    assert!(
        err.contains("    4 | so: 2.712") && err.contains("^"),
        "{err}"
    );
}

#[test]
fn check_writes_nothing_and_accepts_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "kh.yaml",
        &GOOD.replace(
            "  - tieu_de: Tổ chức nghiên cứu",
            "  - tieu_de: 1. Tổ chức nghiên cứu",
        ),
    );
    let o = run(vbhc().current_dir(dir.path()).arg("check").arg(&input));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("cảnh báo"), "{}", stderr(&o));
    assert_eq!(files_in(dir.path()), ["kh.yaml"]);
}

#[test]
fn wrong_usage_exits_2_and_help_is_complete() {
    assert_eq!(run(vbhc().arg("render")).status.code(), Some(2));
    assert_eq!(
        run(vbhc().args(["render", "x.yaml", "-f", "odt"]))
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(vbhc().arg("lam-gi")).status.code(), Some(2));
    let help = String::from_utf8_lossy(&run(vbhc().arg("--help")).stdout).into_owned();
    for word in ["render", "check", "bench", "Mã thoát"] {
        assert!(help.contains(word), "{help}");
    }
    let help = String::from_utf8_lossy(&run(vbhc().args(["render", "--help"])).stdout).into_owned();
    for word in ["--out", "--format", "pdf", "docx", "FILE"] {
        assert!(help.contains(word), "{help}");
    }
}

#[test]
fn hostile_input_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        "",
        "\u{0}",
        "loai",
        "- a\n- b",
        "loai: [",
        "{{",
        "*a",
        "&a x",
        "a: *b",
        ": :",
        "\t\tx: 1",
        "loai: ke-hoach\nco_quan: 5",
        "loai: ke-hoach\nnoi_dung: {bang: {cot: [a], dong: [[a, b]]}}",
        &"[".repeat(10_000),
        &"a: &x [1]\nb: [*x, *x, *x]\n".repeat(100),
    ];
    for (i, text) in inputs.iter().enumerate() {
        let input = write(dir.path(), &format!("h{i}.yaml"), text);
        let o = run(vbhc()
            .arg("render")
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join("out")));
        assert_eq!(o.status.code(), Some(1), "input {i}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "input {i}");
        assert!(
            stderr(&o).contains(":1:") || stderr(&o).contains("lỗi"),
            "input {i}: {}",
            stderr(&o)
        );
    }
    let bytes = dir.path().join("nhi-phan.yaml");
    std::fs::write(&bytes, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let o = run(vbhc().arg("check").arg(&bytes));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("UTF-8"));
    assert_eq!(files_in(&dir.path().join("out")), Vec::<String>::new());
}

/// Characters that mean something to typst, XML, minijinja or YAML come out as typed.
#[test]
fn special_characters_are_text() {
    let tricky = r#"#set page(width: 1cm) $x^2$ <tag> &amp; \ [link] _u_ @ref %pct {{ var }} {% if %} </w:t> ]]> "' `c`"#;
    let yaml = GOOD.replace(
        "  - Phòng Tổ chức - Hành chính làm đầu mối, theo dõi, đôn đốc.",
        &format!("  - {}", serde_json::to_string(tricky).unwrap()),
    );
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "kh.yaml", &yaml);
    let o = run(vbhc().arg("render").arg(&input).arg("-o").arg(dir.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    let d = common::docx::Docx::read(&dir.path().join("kh.docx"));
    let expected: String = tricky.split_whitespace().collect();
    assert!(d.text().contains(&expected), "DOCX lost characters");
    let p = common::pdf::read(&dir.path().join("kh.pdf"));
    assert!(
        p.all_text().contains(&expected),
        "PDF lost characters: {}",
        p.all_text()
    );
    assert_eq!(p.pages.len(), 1);
    assert!(
        (p.pages[0].media_box[2] - 595.28).abs() < 0.05,
        "the page size did not change"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let inputs = examples();
    assert!(
        run(vbhc().arg("render").args(&inputs).arg("-o").arg(a.path()))
            .status
            .success()
    );
    assert!(
        run(vbhc().arg("render").args(&inputs).arg("-o").arg(b.path()))
            .status
            .success()
    );
    for name in files_in(a.path()) {
        let (x, y) = (
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
        );
        assert!(x == y, "{name} differs between runs");
    }
}

#[test]
fn types_lists_every_shipped_type_and_new_prints_a_valid_skeleton() {
    let o = run(vbhc().arg("types"));
    assert!(o.status.success());
    let list = String::from_utf8_lossy(&o.stdout).into_owned();
    for slug in [
        "ke-hoach",
        "bao-cao",
        "cong-van",
        "to-trinh",
        "thong-bao",
        "quyet-dinh",
        "giay-moi",
        "huong-dan",
        "chuong-trinh",
        "phuong-an",
        "de-an",
    ] {
        assert!(list.contains(slug), "{list}");
        let o = run(vbhc().args(["new", slug]));
        assert!(o.status.success(), "{slug}");
        let dir = tempfile::tempdir().unwrap();
        let input = write(dir.path(), "moi.yaml", &String::from_utf8_lossy(&o.stdout));
        let c = run(vbhc().arg("check").arg(&input));
        assert!(
            c.status.success(),
            "`vbhc new {slug}` is not valid: {}",
            stderr(&c)
        );
    }
    // Abbreviations as Phụ lục III prints them.
    assert!(list.contains("TTr") && list.contains("CTr") && list.contains("ĐA"));
    let o = run(vbhc().args(["new", "cong-vn"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cong-van"));
}

/// A type added as a template file renders in both formats, from `mau:` or `--template`;
/// a broken template is reported with its file and line.
#[test]
fn a_users_template_adds_a_type_without_rebuilding() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let example = root().join("data/giay-gioi-thieu-mau-rieng.yaml");
    let o = run(vbhc().arg("render").arg(&example).arg("-o").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let d = common::docx::Docx::read(&out.join("giay-gioi-thieu-mau-rieng.docx"));
    assert!(d.text().contains("GIẤYGIỚITHIỆU") && d.text().contains("Được"));
    assert!(d.part("word/document.xml").contains("Số: 36/GGT-SYT"));

    let tpl = write(
        dir.path(),
        "rieng.j2",
        "{% include \"_dau.j2\" %}\n{% include \"_chu_ky.j2\" %}\n",
    );
    let input = write(dir.path(), "kh.yaml", GOOD);
    let o = run(vbhc()
        .arg("render")
        .arg("--template")
        .arg(&tpl)
        .arg(&input)
        .arg("-o")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let p = common::pdf::read(&out.join("kh.pdf"));
    assert!(
        p.all_text().contains("KẾHOẠCH") && !p.all_text().contains("MỤCĐÍCH"),
        "only what the template says"
    );

    let bad = write(
        dir.path(),
        "hong.j2",
        "{% include \"_dau.j2\" %}\n{{ khong_co_khoa }}\n",
    );
    let o = run(vbhc().arg("check").arg("--template").arg(&bad).arg(&input));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{}:2: lỗi mẫu", bad.display())),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("khong_co_khoa"),
        "names the key: {}",
        stderr(&o)
    );
    let missing = write(
        dir.path(),
        "thieu.yaml",
        &GOOD.replace("loai: ke-hoach", "loai: ke-hoach\nmau: khong-co.j2"),
    );
    let o = run(vbhc().arg("check").arg(&missing));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(":3:6: lỗi: không đọc được mẫu"),
        "{}",
        stderr(&o)
    );
}

/// `vbhc schema` is a JSON Schema every example satisfies, and it catches what the program
/// refuses.
#[test]
fn schema_validates_every_example() {
    let o = run(vbhc().arg("schema"));
    assert!(o.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for e in examples() {
        let doc = input(&e);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|err| err.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", e.display());
    }
    let good = input(&root().join("data/ke-hoach-mau.yaml"));
    for (key, value) in [
        ("trich_yue", serde_json::json!("x")),
        ("loai", serde_json::json!("ke_hoach")),
    ] {
        let mut bad = good.clone();
        bad[key] = value;
        assert!(!validator.is_valid(&bad), "{key}");
    }
    let mut bad = good.clone();
    bad["nguoi_ky"]["quyen_han"] = serde_json::json!(["KT GIÁM ĐỐC"]);
    assert!(
        !validator.is_valid(&bad),
        "authority marker without its period"
    );
    let mut bad = good.clone();
    bad.as_object_mut().unwrap().remove("to_chuc_thuc_hien");
    assert!(!validator.is_valid(&bad), "a plan needs to_chuc_thuc_hien");
}

/// `vbhc check` warns, naming the rule, on what the decree's practice forbids but an input
/// may intend; the file stays valid.
#[test]
fn check_warns_and_names_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (GOOD.replace("luu: [VT, TCHC]\n", ""), "Lưu"),
        (
            GOOD.replace("ngay: 2021-06-30", "ngay: 2099-01-05"),
            "tương lai",
        ),
        (
            GOOD.replace(
                "trich_yeu: Tăng cường công tác giáo dục chính trị, tư tưởng giai đoạn 2021 - 2026",
                "trich_yeu: TĂNG CƯỜNG CÔNG TÁC",
            ),
            "in hoa",
        ),
        (
            GOOD.replace(
                "  - tieu_de: Tổ chức nghiên cứu",
                "  - tieu_de: 2. Tổ chức nghiên cứu",
            ),
            "tự động",
        ),
        (
            GOOD.replace(
                "  - Việc triển khai phải",
                "  - \"Việc\\u200b triển khai phải\"\n  - Việc triển khai phải",
            ),
            "U+200B",
        ),
    ];
    for (i, (yaml, expect)) in cases.iter().enumerate() {
        let input = write(dir.path(), &format!("w{i}.yaml"), yaml);
        let o = run(vbhc().arg("check").arg(&input));
        let err = stderr(&o);
        assert!(o.status.success(), "case {i}: {err}");
        assert!(
            err.contains("cảnh báo") && err.contains(expect),
            "case {i}: {err}"
        );
        assert!(
            err.contains("Phụ lục") || err.contains("Điều") || err.contains("U+"),
            "case {i} names no rule: {err}"
        );
    }
}

/// `GOOD` with its body replaced by `body` (YAML under `noi_dung:`).
fn with_body(body: &str) -> String {
    let head = GOOD.split("noi_dung:").next().unwrap();
    let tail = GOOD.split("to_chuc_thuc_hien:").nth(1).unwrap();
    format!("{head}noi_dung:\n{body}to_chuc_thuc_hien:{tail}")
}

/// Long cells (about 95 bytes) for the largest input.
const LONG_CELL: &str = "\"Trung tâm Y tế huyện Đắk Hà, khoa Kiểm soát bệnh tật và HIV/AIDS, tổ Truyền thông\"";

/// A table of `rows` rows of four cells.
fn table_body(rows: usize, cell: &str) -> String {
    let mut body = String::from("  - bang:\n      cot: [A, B, C, D]\n      dong:\n");
    for _ in 0..rows {
        body.push_str(&format!("        - [{cell}, {cell}, {cell}, {cell}]\n"));
    }
    body
}

/// The limits hold the worst case to a bound: just over one is refused with its reason and
/// nothing is written; the largest table the limits allow (about 2 MB, 18,000 cells, 570 pages) renders.
/// (Measured in release on two cores: 1.8 s and 500 MB for this table, 2.0 s and 410 MB for
/// the largest input made of paragraphs; see README "Limits".)
#[test]
fn limits_refuse_just_over_and_render_the_largest_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let cases = [
        ("cells", table_body(5_001, "x"), "ô bảng"),
        (
            "blocks",
            "  - Một đoạn.\n".repeat(5_001),
            "khối",
        ),
        ("bytes", table_body(4_990, &LONG_CELL.replace("Đắk Hà", "Đắk Hà, Đắk Hà")), "tệp quá lớn"),
    ];
    for (what, body, message) in cases {
        let input = write(dir.path(), &format!("{what}.yaml"), &with_body(&body));
        let o = run(vbhc().arg("render").arg(&input).arg("-o").arg(&out));
        assert_eq!(o.status.code(), Some(1), "{what}");
        assert!(stderr(&o).contains(message), "{what}: {}", stderr(&o));
    }
    assert_eq!(files_in(&out), Vec::<String>::new());

    let input = write(dir.path(), "lon-nhat.yaml", &with_body(&table_body(4_500, LONG_CELL)));
    assert!(std::fs::metadata(&input).unwrap().len() > 1_900_000);
    let o = run(vbhc().arg("render").arg(&input).arg("-o").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = lopdf::Document::load(out.join("lon-nhat.pdf")).unwrap();
    assert!(pdf.get_pages().len() > 500, "{} pages", pdf.get_pages().len());
}

/// `--chuan-pdf a-3b` attaches the input, byte for byte, as the document's source;
/// `--chuan-pdf thuong` writes a plain PDF.
#[test]
fn pdf_a3b_carries_the_input_and_plain_is_plain() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "kh.yaml", GOOD);
    let a3 = dir.path().join("a3");
    let o = run(vbhc()
        .arg("render")
        .arg(&input)
        .args(["-f", "pdf", "--chuan-pdf", "a-3b", "-o"])
        .arg(&a3));
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(a3.join("kh.pdf")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("<pdfaid:part>3</pdfaid:part>"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let af = catalog.get(b"AF").unwrap().as_array().unwrap();
    let spec = doc.dereference(&af[0]).unwrap().1.as_dict().unwrap();
    assert_eq!(spec.get(b"AFRelationship").unwrap().as_name().unwrap(), b"Source");
    let ef = spec.get(b"EF").unwrap().as_dict().unwrap();
    let file = doc.dereference(ef.get(b"F").unwrap()).unwrap().1.as_stream().unwrap();
    assert_eq!(file.decompressed_content().unwrap(), GOOD.as_bytes());

    let plain = dir.path().join("thuong");
    let o = run(vbhc()
        .arg("render")
        .arg(&input)
        .args(["-f", "pdf", "--chuan-pdf", "thuong", "-o"])
        .arg(&plain));
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(plain.join("kh.pdf")).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("pdfaid"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert!(!doc.catalog().unwrap().has(b"OutputIntents"));
    assert!(!doc.catalog().unwrap().has(b"AF"));
}

/// An older file naming a signature or seal image still renders, without the image: a
/// warning at each key says why and how to sign with it; the file named is not even read.
#[test]
fn image_keys_render_without_the_image_and_say_how_to_sign() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = GOOD.replace("nguoi_ky: {", "nguoi_ky: {chu_ky: anh/ky.png, ") + "\ncon_dau: anh/dau.png\n";
    assert!(yaml.contains("chu_ky: anh/ky.png"), "{yaml}");
    let input = write(dir.path(), "kh.yaml", &yaml);
    let line = yaml.lines().count();
    let out = dir.path().join("ra");
    let o = run(vbhc().arg("render").arg(&input).arg("-o").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let seal = format!("kh.yaml:{line}:10: cảnh báo: vbhc không in ảnh con dấu vào văn bản");
    assert!(err.contains(&seal), "{err}");
    assert!(err.contains("`vbhc sign --field con_dau --anh anh/dau.png`"), "{err}");
    assert!(err.contains("vbhc không in ảnh chữ ký vào văn bản"), "{err}");
    assert!(err.contains("`vbhc sign --anh anh/ky.png`"), "{err}");
    assert_eq!(files_in(&out), ["kh.docx", "kh.pdf"]);
    let bytes = std::fs::read(out.join("kh.pdf")).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("/Subtype /Image"));
}

/// A file saved with old Mac line breaks (a lone CR): the error shows the line it names.
#[test]
fn errors_in_a_file_with_cr_line_breaks_show_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = GOOD.replace("\r\n", "\n").replace('\n', "\r").replacen("ngay: ", "ngay: 2024-13-01 #", 1);
    let line = GOOD.lines().position(|l| l.starts_with("ngay: ")).unwrap() + 1;
    let input = write(dir.path(), "cr.yaml", &text);
    let o = run(vbhc().arg("check").arg(&input));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("cr.yaml:{line}:7: lỗi: tháng không hợp lệ")), "{err}");
    assert!(err.contains(&format!("{line:>5} | ngay: 2024-13-01 #")), "{err}");
    assert!(!err.contains('\r'), "no raw CR reaches the terminal: {err}");
}

/// A device or a pipe given for any file vbhc reads is refused at once, naming it: nothing
/// hangs on a FIFO or fills memory from `/dev/zero`.
#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ong.yaml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let good = write(dir.path(), "kh.yaml", GOOD);
    let out = dir.path().join("ra");
    let zero = Path::new("/dev/zero");
    let zero_csv = dir.path().join("dv.csv");
    std::os::unix::fs::symlink(zero, &zero_csv).unwrap();
    let o_out = ["-o".as_ref(), out.as_os_str()];
    let signed = out.join("x.pdf");
    let runs: Vec<(Vec<&std::ffi::OsStr>, &Path)> = vec![
        (vec!["render".as_ref(), zero.as_os_str(), o_out[0], o_out[1]], zero),
        (vec!["render".as_ref(), fifo.as_os_str(), o_out[0], o_out[1]], &fifo),
        (vec!["render".as_ref(), "--template".as_ref(), fifo.as_os_str(), good.as_os_str(), o_out[0], o_out[1]], &fifo),
        (vec!["batch".as_ref(), good.as_os_str(), "--data".as_ref(), zero_csv.as_os_str(), o_out[0], o_out[1]], &zero_csv),
        (vec!["batch".as_ref(), fifo.as_os_str(), "--data".as_ref(), zero_csv.as_os_str(), o_out[0], o_out[1]], &fifo),
        (vec!["sign".as_ref(), zero.as_os_str(), "--p12".as_ref(), good.as_os_str(), "-o".as_ref(), signed.as_os_str()], zero),
        (vec!["sign".as_ref(), good.as_os_str(), "--p12".as_ref(), fifo.as_os_str(), "-o".as_ref(), signed.as_os_str()], &fifo),
    ];
    for (args, culprit) in runs {
        let o = run(vbhc().args(&args).env("VBHC_P12_PASSWORD", "x"));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(&format!("{}", culprit.display())) && err.contains("không phải một tệp thường"), "{args:?}: {err}");
    }
    assert!(files_in(&out).is_empty());
}

/// A user's template is bounded as the shipped ones are trusted to be: a runaway loop stops, a
/// template that writes without end is stopped, the text it writes passes the checks YAML
/// text gets, and a table it writes must fill its columns. Each is refused naming the template.
#[test]
fn a_users_template_is_bounded_and_its_text_checked() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "kh.yaml", GOOD);
    let cases = [
        ("vong-lap", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "mẫu chạy quá lâu"),
        ("qua-nhieu", "{% for i in range(4000) %}{{ \"x\" * 10000 }}{% endfor %}", "mẫu sinh ra quá nhiều nội dung"),
        ("dieu-khien", "{\"t\": \"doan\", \"text\": \"Nội dung\\u0007 thêm\"}", "ký tự điều khiển (U+0007)"),
        ("phai-trai", "{\"t\": \"doan\", \"text\": \"ngành\u{5A6}\"}", "từ phải sang trái (U+05A6)"),
        ("thieu-o", "{\"t\": \"bang\", \"cot\": [\"A\", \"B\", \"C\"], \"dong\": [[\"1\", \"2\"]]}", "sự kiện không hợp lệ"),
    ];
    for (name, body, expected) in cases {
        let tpl = write(dir.path(), &format!("{name}.j2"), &format!("{{% include \"_dau.j2\" %}}\n{body}\n{{% include \"_chu_ky.j2\" %}}\n"));
        let started = std::time::Instant::now();
        let o = run(vbhc().arg("check").arg("--template").arg(&tpl).arg(&input));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(&tpl.display().to_string()) && err.contains(expected), "{name}: {err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "{name} took {:?}", started.elapsed());
    }
}

/// The README's links resolve inside the repository (no `../`, no missing file or anchor).
#[test]
fn readme_links_resolve_inside_the_repository() {
    for doc in ["README.md", "docs/architecture.md", "docs/format.md", "docs/speed.md"] {
        let path = root().join(doc);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("../shared"), "{doc} points outside the repository");
        for (i, _) in text.match_indices("](") {
            let target: String = text[i + 2..].chars().take_while(|c| *c != ')').collect();
            if target.starts_with("http") {
                continue;
            }
            let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let linked = path.parent().unwrap().join(file);
            assert!(!file.contains(".."), "{doc}: {target}");
            assert!(linked.exists(), "{doc}: {target} does not exist");
            if !anchor.is_empty() {
                let heading = std::fs::read_to_string(&linked).unwrap().lines().any(|l| {
                    l.starts_with('#') && l.trim_start_matches('#').trim().to_lowercase().replace(' ', "-") == anchor
                });
                assert!(heading, "{doc}: no heading for #{anchor} in {file}");
            }
        }
    }
    let lines = std::fs::read_to_string(root().join("README.md")).unwrap().lines().count();
    assert!(lines < 400, "README has {lines} lines");
}

/// `vbhc render --watch`: renders, then again each time the file is saved, the new text in
/// the new output; a broken save reports its error and the watch goes on.
#[test]
fn render_watch_renders_again_on_each_save() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "kh.yaml", GOOD);
    let out = dir.path().join("ra");
    let log = dir.path().join("log.txt");
    let mut child = vbhc()
        .arg("render")
        .arg("--watch")
        .arg(&input)
        .args(["-f", "docx", "-o"])
        .arg(&out)
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        let start = std::time::Instant::now();
        while !done() {
            assert!(start.elapsed().as_secs() < 60, "{what}: {}", std::fs::read_to_string(&log).unwrap_or_default());
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    let docx_text = || {
        std::fs::read(out.join("kh.docx"))
            .ok()
            .filter(|b| !b.is_empty())
            .map(|_| common::docx::Docx::read(&out.join("kh.docx")).part("word/document.xml").to_string())
            .unwrap_or_default()
    };
    wait_for("first render", &|| docx_text().contains("</w:document>"));
    let edited = GOOD.replace("trich_yeu: ", "trich_yeu: Đã sửa khi theo dõi - ");
    assert_ne!(edited, GOOD);
    std::fs::write(&input, &edited).unwrap();
    wait_for("render after the save", &|| docx_text().contains("Đã sửa khi theo dõi"));
    std::fs::write(&input, format!("{edited}\nkhoa_la: 1\n")).unwrap();
    wait_for("the error of a broken save", &|| {
        std::fs::read_to_string(&log).unwrap_or_default().contains("khóa không hợp lệ `khoa_la`")
    });
    assert!(docx_text().contains("Đã sửa khi theo dõi"), "the last good output stays");
    child.kill().unwrap();
    child.wait().unwrap();
}
