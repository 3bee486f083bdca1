//! Checks with outside programs: poppler (`pdftotext`, `pdffonts`) and LibreOffice.
//! Ignored by default so that `cargo test` needs only cargo; `.ci/run` installs the
//! programs and runs them with `cargo test -- --ignored`.

mod common;

use common::*;
use std::process::Command;

fn tool(cmd: &mut Command) -> String {
    let o = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e} (install poppler-utils / libreoffice)"));
    assert!(
        o.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

/// The text of one page: `-layout` keeps lines as they are set, `-raw` keeps drawing order
/// (table cells whole).
fn pdftotext_page_as(pdf: &std::path::Path, page: usize, mode: &str) -> String {
    tool(
        Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string(), mode])
            .arg(pdf)
            .arg("-"),
    )
}

fn pdftotext_page(pdf: &std::path::Path, page: usize) -> String {
    pdftotext_page_as(pdf, page, "-layout")
}

fn page_count(pdf: &std::path::Path) -> usize {
    let info = tool(Command::new("pdfinfo").arg(pdf));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// The first line of text under the top margin of a page (the page number left out).
fn first_line(pdf: &std::path::Path, page: usize) -> String {
    let text = pdftotext_page(pdf, page);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    let line = if first.parse::<u32>().is_ok() {
        lines.next().unwrap_or("")
    } else {
        first
    };
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
#[ignore = "needs poppler-utils"]
fn copy_paste_gives_the_same_vietnamese() {
    use unicode_normalization::UnicodeNormalization;
    for e in examples() {
        let pdf = output_of(&e, "pdf");
        let mut text = String::new();
        for page in 1..=page_count(&pdf) {
            let t = pdftotext_page_as(&pdf, page, "-raw");
            // Pages after the first carry their number (drawn last, in the top margin).
            let mut lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
            // (Appendices restart the count: any page may show a small number, or none.)
            if let Some(at) = lines.iter().rposition(|l| {
                l.trim()
                    .parse::<u32>()
                    .is_ok_and(|n| n >= 2 && n <= page as u32)
            }) {
                lines.remove(at);
            }
            text.push_str(&lines.join("\n"));
        }
        assert_eq!(text, text.nfc().collect::<String>(), "{}: NFC", e.display());
        assert_in_order(&squash(&text), &body_texts(&e), &e.display().to_string());
    }
}

#[test]
#[ignore = "needs poppler-utils"]
fn pdffonts_lists_only_embedded_fonts() {
    for e in examples() {
        let out = tool(Command::new("pdffonts").arg(output_of(&e, "pdf")));
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "{}: {row}", e.display());
        }
    }
}

/// The lines of a page as `pdftotext -layout` sets them, spaces squeezed, blank lines dropped.
fn page_lines(pdf: &std::path::Path, page: usize) -> Vec<String> {
    pdftotext_page(pdf, page)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Each line of a page as poppler finds it (`-bbox-layout`): its words and where it ends.
fn line_ends(pdf: &std::path::Path, page: usize) -> Vec<(String, f64)> {
    let xml = tool(
        Command::new("pdftotext")
            .args(["-bbox-layout", "-f", &page.to_string(), "-l", &page.to_string()])
            .arg(pdf)
            .arg("-"),
    );
    let mut out = Vec::new();
    for chunk in xml.split("<line ").skip(1) {
        let Some(body) = chunk.split("</line>").next() else { continue };
        let x_max: f64 = body
            .split("xMax=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        let words: Vec<&str> = body
            .split("</word>")
            .filter(|w| w.contains("<word"))
            .filter_map(|w| w.rsplit('>').next())
            .collect();
        out.push((words.join(" "), x_max));
    }
    out
}

/// The paragraph of the input a line belongs to, by its first words, for the drift report.
fn paragraph_of(paragraphs: &[String], line: &str) -> String {
    let needle = squash(line);
    paragraphs
        .iter()
        .find(|p| !needle.is_empty() && squash(p).contains(&needle))
        .map(|p| {
            let words: Vec<&str> = p.split_whitespace().take(8).collect();
            format!("paragraph «{} …»", words.join(" "))
        })
        .unwrap_or_else(|| "header, table or signature".into())
}

/// The twin check: LibreOffice lays out each DOCX in as many pages as our PDF, every page
/// starts on the same line, and every line breaks at the same word. A difference is reported
/// with the paragraph it is in, so a drift can be traced to its first cause.
#[test]
#[ignore = "needs LibreOffice and poppler-utils"]
fn libreoffice_lays_out_the_docx_like_our_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let docx: Vec<_> = examples().iter().map(|e| output_of(e, "docx")).collect();
    tool(
        Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .args(&docx),
    );
    let mut report = Vec::new();
    for e in examples() {
        let ours = output_of(&e, "pdf");
        let theirs = dir
            .path()
            .join(format!("{}.pdf", e.file_stem().unwrap().to_string_lossy()));
        let (n, m) = (page_count(&ours), page_count(&theirs));
        assert_eq!(
            n,
            m,
            "{}: our PDF has {n} pages, LibreOffice's layout of the DOCX {m}",
            e.display()
        );
        let paragraphs = body_texts(&e);
        for page in 1..=n {
            let (a, b) = (first_line(&ours, page), first_line(&theirs, page));
            if a != b {
                report.push(format!(
                    "{} page {page}: ours starts {a:?}, LibreOffice {b:?}",
                    e.display()
                ));
            }
            // Justified lines end where LibreOffice's do: at the margin, not short of it.
            let their_ends = line_ends(&theirs, page);
            for (text, end) in line_ends(&ours, page) {
                let same: Vec<f64> =
                    their_ends.iter().filter(|(t, _)| *t == text).map(|(_, x)| *x).collect();
                if !same.is_empty() && same.iter().all(|x| (x - end).abs() > 2.0) {
                    report.push(format!(
                        "{} page {page}, {}: our line {text:?} ends at {end:.1} pt, LibreOffice's at {:.1} pt",
                        e.display(),
                        paragraph_of(&paragraphs, &text),
                        same[0]
                    ));
                }
            }
            let (ours_lines, theirs_lines) = (page_lines(&ours, page), page_lines(&theirs, page));
            // The first differing line only: after it, everything of the paragraph shifts.
            if let Some((i, (x, y))) = ours_lines
                .iter()
                .zip(&theirs_lines)
                .enumerate()
                .find(|(_, (x, y))| x != y)
            {
                report.push(format!(
                    "{} page {page} line {}, {}: ours {x:?}, LibreOffice {y:?}",
                    e.display(),
                    i + 1,
                    paragraph_of(&paragraphs, x)
                ));
            } else if ours_lines.len() != theirs_lines.len() {
                report.push(format!(
                    "{} page {page}: {} lines in ours, {} in LibreOffice's",
                    e.display(),
                    ours_lines.len(),
                    theirs_lines.len()
                ));
            }
        }
        // LibreOffice's layout keeps the decree's page too.
        let info = tool(Command::new("pdfinfo").arg(&theirs));
        assert!(
            info.contains("595.") && info.contains("841.") || info.contains("A4"),
            "{info}"
        );
    }
    assert!(
        report.is_empty(),
        "the twins differ:\n{}",
        report.join("\n")
    );
}

/// qpdf finds no structural error in any PDF we write (PDF/A-2b, and PDF/A-3b with the source).
#[test]
#[ignore = "needs qpdf"]
fn qpdf_checks_every_pdf() {
    let mut pdfs: Vec<std::path::PathBuf> = examples().iter().map(|e| output_of(e, "pdf")).collect();
    let dir = tempfile::tempdir().unwrap();
    let example = &examples()[0];
    let o = run(vbhc()
        .arg("render")
        .arg(example)
        .args(["-f", "pdf", "--chuan-pdf", "a-3b", "-o"])
        .arg(dir.path()));
    assert!(o.status.success());
    pdfs.push(dir.path().join(format!(
        "{}.pdf",
        example.file_stem().unwrap().to_string_lossy()
    )));
    for pdf in pdfs {
        let out = tool(Command::new("qpdf").arg("--check").arg(&pdf));
        assert!(out.contains("No syntax or stream encoding errors"), "{}: {out}", pdf.display());
    }
}

/// pdfsig (poppler) and pyHanko list the unsigned signature fields of every PDF.
#[test]
#[ignore = "needs poppler-utils and pyHanko"]
fn pdfsig_and_pyhanko_list_the_signature_fields() {
    const LIST: &str = "import sys\n\
        from pyhanko.pdf_utils.reader import PdfFileReader\n\
        from pyhanko.sign.fields import enumerate_sig_fields\n\
        r = PdfFileReader(open(sys.argv[1], 'rb'))\n\
        for name, value, _ in enumerate_sig_fields(r, filled_status=None):\n\
        \x20   print(name, 'unsigned' if value is None else 'signed')\n";
    for e in examples() {
        let pdf = output_of(&e, "pdf");
        let appendices = input(&e)["phu_luc"].as_array().map_or(0, Vec::len);
        let mut expected = vec!["nguoi_ky unsigned".to_string(), "con_dau unsigned".to_string()];
        expected.extend((1..=appendices).map(|i| format!("co_quan_phu_luc_{i} unsigned")));
        let listed = tool(Command::new("python3").args(["-c", LIST]).arg(&pdf));
        assert_eq!(listed.lines().collect::<Vec<_>>(), expected, "{}", e.display());
        let o = Command::new("pdfsig").arg(&pdf).output().unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        for name in ["nguoi_ky", "con_dau"] {
            assert!(out.contains(&format!("Signature Field Name: {name}")), "{}: {out}", e.display());
        }
        assert_eq!(out.matches("is not signed").count(), 2 + appendices, "{out}");
    }
}

/// pyHanko's verdict on each signature of a file, trusting only the test CA: one line each,
/// `field intact valid trusted coverage`.
const VALIDATE: &str = "import sys\n\
    from pyhanko.pdf_utils.reader import PdfFileReader\n\
    from pyhanko.sign.validation import validate_pdf_signature\n\
    from pyhanko_certvalidator import ValidationContext\n\
    from pyhanko.keys import load_cert_from_pemder\n\
    vc = ValidationContext(trust_roots=[load_cert_from_pemder(sys.argv[1])], allow_fetching=False)\n\
    r = PdfFileReader(open(sys.argv[2], 'rb'), strict=True)\n\
    for s in r.embedded_signatures:\n\
    \x20   st = validate_pdf_signature(s, vc)\n\
    \x20   level = st.modification_level.name if st.modification_level else 'NONE'\n\
    \x20   print(s.field_name, st.intact, st.valid, st.trusted, st.coverage.name, level)\n";

/// A plan signed by `vbhc sign` with a throw-away CA's certificate: pdfsig and pyHanko both
/// find it intact, valid and covering the whole file, in field `nguoi_ky`; qpdf finds no
/// error; one byte changed after signing makes both report it broken.
#[test]
#[ignore = "needs poppler-utils, qpdf and pyHanko"]
fn a_signed_plan_validates_with_pdfsig_and_pyhanko() {
    let dir = tempfile::tempdir().unwrap();
    let example = root().join("data/001-thi-dua-110-nam-kon-tum.yaml");
    let o = run(vbhc().arg("render").arg(&example).args(["-f", "pdf", "-o"]).arg(dir.path()));
    assert!(o.status.success());
    let unsigned = dir.path().join("001-thi-dua-110-nam-kon-tum.pdf");
    let p12 = dir.path().join("ky.p12");
    std::fs::write(&p12, pki::p12(pki::Kind::Valid)).unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki::ca_pem()).unwrap();
    let signed = dir.path().join("da-ky.pdf");
    let o = run(vbhc()
        .arg("sign")
        .arg(&unsigned)
        .arg("--p12")
        .arg(&p12)
        .arg("-o")
        .arg(&signed)
        .env("VBHC_P12_PASSWORD", pki::PASSWORD));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let o = Command::new("pdfsig").arg(&signed).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Signature Field Name: nguoi_ky"), "{out}");
    assert!(out.contains(&format!("Signer Certificate Common Name: {}", pki::SIGNER_NAME)), "{out}");
    assert!(out.contains("Signature Type: ETSI.CAdES.detached"), "{out}");
    assert!(out.contains("Total document signed"), "{out}");
    assert!(out.contains("Signature Validation: Signature is Valid."), "{out}");
    let verdict = tool(Command::new("python3").args(["-c", VALIDATE]).arg(&ca).arg(&signed));
    assert_eq!(verdict.trim(), "nguoi_ky True True True ENTIRE_FILE NONE", "{verdict}");
    let out = tool(Command::new("qpdf").arg("--check").arg(&signed));
    assert!(out.contains("No syntax or stream encoding errors"), "{out}");

    // The agency signs second, into `con_dau`: the first signature stays valid, and pyHanko
    // judges what the second update changed as form filling (allowed after a signature).
    let twice = dir.path().join("dong-dau.pdf");
    let o = run(vbhc()
        .arg("sign")
        .arg(&signed)
        .args(["--field", "con_dau", "--p12"])
        .arg(&p12)
        .arg("-o")
        .arg(&twice)
        .env("VBHC_P12_PASSWORD", pki::PASSWORD));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let verdict = tool(Command::new("python3").args(["-c", VALIDATE]).arg(&ca).arg(&twice));
    assert_eq!(
        verdict.lines().collect::<Vec<_>>(),
        [
            "nguoi_ky True True True ENTIRE_REVISION FORM_FILLING",
            "con_dau True True True ENTIRE_FILE NONE"
        ],
        "{verdict}"
    );

    // One byte of the page content changed after signing.
    let mut bytes = std::fs::read(&signed).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    let broken = dir.path().join("hong.pdf");
    std::fs::write(&broken, bytes).unwrap();
    let o = Command::new("pdfsig").arg(&broken).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Signature Validation: Digest Mismatch."), "{out}");
    let verdict = tool(Command::new("python3").args(["-c", VALIDATE]).arg(&ca).arg(&broken));
    assert!(verdict.trim().starts_with("nguoi_ky False"), "{verdict}");
}

/// §3.13 as a reader sees it: the agency's signature on an appendix's first page reads the
/// number and symbol and the ISO 8601 time with Vietnam's zone.
#[test]
#[ignore = "needs poppler-utils"]
fn the_agency_signature_on_an_appendix_reads_number_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let example = root().join("data/ke-hoach-day-du.yaml");
    let o = run(vbhc().arg("render").arg(&example).args(["-f", "pdf", "-o"]).arg(dir.path()));
    assert!(o.status.success());
    let p12 = dir.path().join("ky.p12");
    std::fs::write(&p12, pki::p12(pki::Kind::Valid)).unwrap();
    let signed = dir.path().join("pl.pdf");
    let o = run(vbhc()
        .arg("sign")
        .arg(dir.path().join("ke-hoach-day-du.pdf"))
        .args(["--field", "co_quan_phu_luc_1", "--p12"])
        .arg(&p12)
        .arg("-o")
        .arg(&signed)
        .env("VBHC_P12_PASSWORD", pki::PASSWORD));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = (1..=page_count(&signed))
        .find(|&p| pdftotext_page(&signed, p).contains("Phụ lục I"))
        .expect("the first appendix");
    let text = pdftotext_page(&signed, page);
    // The number and symbol as page 1 prints them.
    let first = pdftotext_page(&signed, 1);
    let so_ky_hieu = first
        .split("Số:")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("{first}"));
    assert!(text.contains(&format!("Số: {so_ky_hieu}")), "{so_ky_hieu}: {text}");
    let time = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Thời gian ký: "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        chrono::DateTime::parse_from_rfc3339(time.trim()).is_ok_and(|t| t.offset().local_minus_utc() == 7 * 3600),
        "{time}"
    );
}

/// pyHanko certifies a plan (an invisible field `chung_thuc`) with the permission given.
const CERTIFY: &str = "import sys\n\
    from pyhanko.sign import signers\n\
    from pyhanko.sign.fields import MDPPerm\n\
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter\n\
    signer = signers.SimpleSigner.load_pkcs12(sys.argv[1], passphrase=sys.argv[2].encode())\n\
    meta = signers.PdfSignatureMetadata(field_name='chung_thuc', certify=True, docmdp_permissions=MDPPerm[sys.argv[3]])\n\
    with open(sys.argv[4], 'rb') as inf, open(sys.argv[5], 'wb') as outf:\n\
    \x20   signers.sign_pdf(IncrementalPdfFileWriter(inf), meta, signer=signer, output=outf)\n";

/// A plan certified by pyHanko: with "no changes" `vbhc sign` refuses; with "form filling" it
/// signs, and pyHanko still finds the certification valid and the change allowed.
#[test]
#[ignore = "needs pyHanko"]
fn signing_keeps_a_pyhanko_certification_valid_or_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let example = root().join("data/ke-hoach-mau.yaml");
    let o = run(vbhc().arg("render").arg(&example).args(["-f", "pdf", "-o"]).arg(dir.path()));
    assert!(o.status.success());
    let unsigned = dir.path().join("ke-hoach-mau.pdf");
    let p12 = dir.path().join("ky.p12");
    std::fs::write(&p12, pki::p12(pki::Kind::Valid)).unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki::ca_pem()).unwrap();
    let sign = |input: &std::path::Path, out: &str| {
        run(vbhc()
            .arg("sign")
            .arg(input)
            .arg("--p12")
            .arg(&p12)
            .arg("-o")
            .arg(dir.path().join(out))
            .env("VBHC_P12_PASSWORD", pki::PASSWORD))
    };
    for (perm, allowed) in [("NO_CHANGES", false), ("FILL_FORMS", true)] {
        let certified = dir.path().join(format!("{perm}.pdf"));
        tool(Command::new("python3")
            .args(["-c", CERTIFY])
            .arg(&p12)
            .arg(pki::PASSWORD)
            .arg(perm)
            .arg(&unsigned)
            .arg(&certified));
        let out = format!("{perm}-ky.pdf");
        let o = sign(&certified, &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.success(), allowed, "{perm}: {stderr}");
        if !allowed {
            assert!(stderr.contains("không cho phép thay đổi"), "{stderr}");
            assert!(!dir.path().join(&out).exists());
            continue;
        }
        let verdict = tool(Command::new("python3").args(["-c", VALIDATE]).arg(&ca).arg(dir.path().join(&out)));
        assert_eq!(
            verdict.lines().collect::<Vec<_>>(),
            [
                "chung_thuc True True True ENTIRE_REVISION FORM_FILLING",
                "nguoi_ky True True True ENTIRE_FILE NONE"
            ],
            "{verdict}"
        );
        // vbhc verify agrees: both intact and trusted, the certification's permission read,
        // nothing after it beyond signing.
        let o = run(vbhc().arg("verify").arg(dir.path().join(&out)).arg("--ca").arg(&ca).arg("--json"));
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v[0]["truong"], "chung_thuc");
        assert_eq!(v[0]["chung_thuc"], 2);
        assert_eq!(v[0]["thay_doi_sau"], serde_json::json!([]));
        assert_eq!(v[1]["tin_cay"], true);
    }

    // A "no changes" certification changed afterwards: pyHanko and vbhc verify both say so.
    let locked = dir.path().join("NO_CHANGES.pdf");
    let changed = dir.path().join("NO_CHANGES-sua.pdf");
    std::fs::write(&changed, signature::with_page_changed_after(&std::fs::read(&locked).unwrap())).unwrap();
    const DOCMDP: &str = "import sys\n\
        from pyhanko.pdf_utils.reader import PdfFileReader\n\
        from pyhanko.sign.validation import validate_pdf_signature\n\
        r = PdfFileReader(open(sys.argv[1], 'rb'))\n\
        st = validate_pdf_signature(r.embedded_signatures[0])\n\
        print(st.intact, st.docmdp_ok)\n";
    let verdict = tool(Command::new("python3").args(["-c", DOCMDP]).arg(&changed));
    assert_eq!(verdict.trim(), "True False", "{verdict}");
    let o = run(vbhc().arg("verify").arg(&changed).arg("--json"));
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((&v[0]["nguyen_ven"], &v[0]["chung_thuc"]), (&true.into(), &1.into()), "{v}");
    assert!(v[0]["thay_doi_sau"].as_array().unwrap()[0].as_str().unwrap().contains("không cho phép thay đổi"), "{v}");
}

/// The rectangle of the signature field `name` on page 1, in points from the bottom left.
fn field_rect(pdf: &std::path::Path, name: &str) -> [f64; 4] {
    let doc = lopdf::Document::load(pdf).unwrap();
    let field = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"T").and_then(lopdf::decode_text_string).ok().as_deref() == Some(name))
        .unwrap();
    let r: Vec<f64> = field.get(b"Rect").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap() as f64).collect();
    [r[0], r[1], r[2], r[3]]
}

/// Page 1 as poppler draws it at 72 dpi (a pixel a point): its width and its RGB pixels.
fn page_pixels(pdf: &std::path::Path, dir: &std::path::Path, stem: &str) -> (usize, Vec<[u8; 3]>) {
    let prefix = dir.join(stem);
    tool(Command::new("pdftoppm").args(["-r", "72", "-f", "1", "-l", "1", "-png", "-singlefile"]).arg(pdf).arg(&prefix));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(prefix.with_extension("png")).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.line_size / info.width as usize;
    let pixels = buf[..info.line_size * info.height as usize].chunks(step).map(|p| [p[0], p[1], p[2]]).collect();
    (info.width as usize, pixels)
}

/// §3.8 on the page as a reader sees it: a rendered copy shows no red and no blue at all;
/// signed by the signer with the signature image and by the agency with the seal, the blue is
/// within the signer's field and the red within the seal's; pdfsig and pyHanko find both
/// signatures intact and valid.
#[test]
#[ignore = "needs poppler-utils and pyHanko"]
fn the_images_show_only_once_signed_where_the_decree_puts_them() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(vbhc().arg("render").arg(root().join("data/cong-van-ky-dien-tu.yaml")).args(["-f", "pdf", "-o"]).arg(dir.path()));
    assert!(o.status.success());
    let unsigned = dir.path().join("cong-van-ky-dien-tu.pdf");
    let p12 = dir.path().join("ky.p12");
    std::fs::write(&p12, pki::p12(pki::Kind::Valid)).unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki::ca_pem()).unwrap();
    let sign = |input: &std::path::Path, field: &str, anh: &str, out: &std::path::Path| {
        let o = run(vbhc().arg("sign").arg(input).arg("--p12").arg(&p12).args(["--field", field, "--anh"])
            .arg(root().join("data/anh").join(anh)).arg("-o").arg(out).env("VBHC_P12_PASSWORD", pki::PASSWORD));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let ky = dir.path().join("ky.pdf");
    sign(&unsigned, "nguoi_ky", "chu-ky-mau.png", &ky);
    let dau = dir.path().join("dau.pdf");
    sign(&ky, "con_dau", "con-dau-mau.png", &dau);

    let red = |p: &[u8; 3]| p[0] > 150 && p[1] < 110 && p[2] < 110;
    let blue = |p: &[u8; 3]| p[2] > 100 && p[0] < 90 && p[2] as i32 - p[0] as i32 > 60;
    let (_, pixels) = page_pixels(&unsigned, dir.path(), "chua-ky");
    assert_eq!(pixels.iter().filter(|p| red(p) || blue(p)).count(), 0, "an unsigned copy shows colour");
    let (width, pixels) = page_pixels(&dau, dir.path(), "da-ky");
    let height = pixels.len() / width;
    let inside = |r: [f64; 4], i: usize| {
        let (x, y) = ((i % width) as f64 + 0.5, height as f64 - (i / width) as f64 - 0.5);
        x >= r[0] - 1.0 && x <= r[2] + 1.0 && y >= r[1] - 1.0 && y <= r[3] + 1.0
    };
    let (signer, seal) = (field_rect(&dau, "nguoi_ky"), field_rect(&dau, "con_dau"));
    let reds: Vec<usize> = (0..pixels.len()).filter(|&i| red(&pixels[i])).collect();
    let blues: Vec<usize> = (0..pixels.len()).filter(|&i| blue(&pixels[i])).collect();
    assert!(reds.len() > 500 && blues.len() > 200, "{} red, {} blue", reds.len(), blues.len());
    assert!(reds.iter().all(|&i| inside(seal, i)), "red outside the seal's field");
    assert!(blues.iter().all(|&i| inside(signer, i) || inside(seal, i)), "blue outside the signer's field");

    let o = Command::new("pdfsig").arg(&dau).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.matches("Signature Validation: Signature is Valid.").count(), 2, "{out}");
    let verdict = tool(Command::new("python3").args(["-c", VALIDATE]).arg(&ca).arg(&dau));
    assert_eq!(
        verdict.lines().collect::<Vec<_>>(),
        ["nguoi_ky True True True ENTIRE_REVISION FORM_FILLING", "con_dau True True True ENTIRE_FILE NONE"],
        "{verdict}"
    );
}

/// Debian's SoftHSM2 module, a software token that behaves as a USB token does.
const SOFTHSM: &str = "/usr/lib/softhsm/libsofthsm2.so";
const SO_PIN: &str = "123456";
const PIN: &str = "654321";

/// A fresh SoftHSM2 token `vbhc-thu` in `dir` holding the test signer's key and certificate
/// under the label `giam-doc` and id 01, as a CA would deliver a token; returns the
/// configuration file the module reads (`SOFTHSM2_CONF`).
fn softhsm_token(dir: &std::path::Path) -> std::path::PathBuf {
    let tokens = dir.join("tokens");
    std::fs::create_dir_all(&tokens).unwrap();
    let conf = dir.join("softhsm2.conf");
    std::fs::write(&conf, format!("directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n", tokens.display())).unwrap();
    let util = |args: &[&str]| tool(Command::new("softhsm2-util").env("SOFTHSM2_CONF", &conf).args(args));
    util(&["--init-token", "--free", "--label", "vbhc-thu", "--so-pin", SO_PIN, "--pin", PIN]);
    let (key_pem, cert_der) = pki::key_and_certificate(pki::Kind::Valid);
    let key = dir.join("khoa.pem");
    std::fs::write(&key, key_pem).unwrap();
    util(&["--import", key.to_str().unwrap(), "--token", "vbhc-thu", "--label", "giam-doc", "--id", "01", "--pin", PIN]);
    std::fs::remove_file(&key).unwrap();
    // The certificate beside the key, written through the module as a CA's tool would.
    use cryptoki::object::{Attribute, CertificateType, ObjectClass};
    // SAFETY: set before the module is loaded, and only this test loads it.
    unsafe { std::env::set_var("SOFTHSM2_CONF", &conf) };
    let ctx = cryptoki::context::Pkcs11::new(SOFTHSM).unwrap();
    ctx.initialize(cryptoki::context::CInitializeArgs::new(cryptoki::context::CInitializeFlags::OS_LOCKING_OK)).unwrap();
    let slot = ctx
        .get_slots_with_token()
        .unwrap()
        .into_iter()
        .find(|s| ctx.get_token_info(*s).unwrap().label().trim() == "vbhc-thu")
        .unwrap();
    let session = ctx.open_rw_session(slot).unwrap();
    session.login(cryptoki::session::UserType::User, Some(&cryptoki::types::AuthPin::from(PIN.to_string()))).unwrap();
    let store_certificate = |id: u8, label: &[u8], der: Vec<u8>| {
        let cert = <x509_cert::Certificate as x509_cert::der::Decode>::from_der(&der).unwrap();
        let subject = x509_cert::der::Encode::to_der(&cert.tbs_certificate.subject).unwrap();
        session
            .create_object(&[
                Attribute::Class(ObjectClass::CERTIFICATE),
                Attribute::CertificateType(CertificateType::X_509),
                Attribute::Token(true),
                Attribute::Id(vec![id]),
                Attribute::Label(label.to_vec()),
                Attribute::Subject(subject),
                Attribute::Value(der),
            ])
            .unwrap();
    };
    store_certificate(1, b"giam-doc", cert_der);
    // An ECDSA P-256 key made on the token (id 02, `ecdsa`), its certificate from the test CA.
    let prime256v1 = vec![0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    let (public, _) = session
        .generate_key_pair(
            &cryptoki::mechanism::Mechanism::EccKeyPairGen,
            &[Attribute::Token(true), Attribute::Verify(true), Attribute::EcParams(prime256v1.clone()), Attribute::Id(vec![2])],
            &[Attribute::Token(true), Attribute::Private(true), Attribute::Sign(true), Attribute::Id(vec![2]), Attribute::Label(b"ecdsa".to_vec())],
        )
        .unwrap();
    let point = session.get_attributes(public, &[cryptoki::object::AttributeType::EcPoint]).unwrap();
    let Some(Attribute::EcPoint(point)) = point.into_iter().next() else { panic!("no EC point") };
    // CKA_EC_POINT is the point in an OCTET STRING; the SPKI wants it as a BIT STRING.
    let point = &point[2..];
    let mut spki = vec![0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
    spki.extend(&prime256v1);
    spki.extend([0x03, point.len() as u8 + 1, 0x00]);
    spki.extend(point);
    let spki = [vec![0x30, spki.len() as u8], spki].concat();
    store_certificate(2, b"ecdsa", pki::certificate_for(&spki));
    conf
}

/// A plan signed with the key of a SoftHSM2 token through PKCS#11 (the PIN from `VBHC_PIN`):
/// pdfsig, pyHanko and `vbhc verify` find it intact, valid and trusted; a wrong PIN and an
/// unknown token or key are refused, naming what to do, and nothing is written.
#[test]
#[ignore = "needs SoftHSM2, poppler-utils and pyHanko"]
fn signs_with_a_key_on_a_token_through_pkcs11() {
    let dir = tempfile::tempdir().unwrap();
    let conf = softhsm_token(dir.path());
    let o = run(vbhc().arg("render").arg(root().join("data/ke-hoach-mau.yaml")).args(["-f", "pdf", "-o"]).arg(dir.path()));
    assert!(o.status.success());
    let unsigned = dir.path().join("ke-hoach-mau.pdf");
    let sign = |pin: &str, token: &str, key: &str, out: &str| {
        run(vbhc()
            .arg("sign")
            .arg(&unsigned)
            .args(["--pkcs11", SOFTHSM, "--token", token, "--key", key, "-o"])
            .arg(dir.path().join(out))
            .env("SOFTHSM2_CONF", &conf)
            .env("VBHC_PIN", pin))
    };
    let o = sign(PIN, "vbhc-thu", "giam-doc", "da-ky.pdf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains(pki::SIGNER_NAME));
    let signed = dir.path().join("da-ky.pdf");
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki::ca_pem()).unwrap();
    let o = Command::new("pdfsig").arg(&signed).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Signature Validation: Signature is Valid."), "{out}");
    let verdict = tool(Command::new("python3").args(["-c", VALIDATE]).arg(&ca).arg(&signed));
    assert_eq!(verdict.trim(), "nguoi_ky True True True ENTIRE_FILE NONE", "{verdict}");
    let o = run(vbhc().arg("verify").arg(&signed).arg("--ca").arg(&ca));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    // The key chosen by its id works the same.
    let o = sign(PIN, "vbhc-thu", "01", "theo-id.pdf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // An ECDSA key: pdfsig, pyHanko and vbhc verify validate its signature too.
    let o = sign(PIN, "vbhc-thu", "ecdsa", "ecdsa.pdf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ecdsa = dir.path().join("ecdsa.pdf");
    let o = Command::new("pdfsig").arg(&ecdsa).output().unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("Signature Validation: Signature is Valid."), "{}", String::from_utf8_lossy(&o.stdout));
    let verdict = tool(Command::new("python3").args(["-c", VALIDATE]).arg(&ca).arg(&ecdsa));
    assert_eq!(verdict.trim(), "nguoi_ky True True True ENTIRE_FILE NONE", "{verdict}");
    let o = run(vbhc().arg("verify").arg(&ecdsa).arg("--ca").arg(&ca));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));

    for (pin, token, key, message) in [
        ("000000", "vbhc-thu", "giam-doc", "mã PIN không đúng"),
        (PIN, "khong-co", "giam-doc", "không có thiết bị ký `khong-co`; các thiết bị đang cắm: vbhc-thu"),
        (PIN, "vbhc-thu", "pho-giam-doc", "không có khóa `pho-giam-doc`"),
    ] {
        let o = sign(pin, token, key, "sai.pdf");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(message), "{err}");
        assert!(!dir.path().join("sai.pdf").exists());
    }
}

/// A time-stamping authority on the loopback: `openssl ts -reply` behind a minimal HTTP
/// server, with its own self-signed TSA certificate (extended key usage timeStamping). With
/// `replay`, it answers every request after the first with the first reply (a TSA that
/// returns a token for something else). Returns its URL and the TSA certificate's path.
fn loopback_tsa(dir: &std::path::Path, replay: bool) -> (String, std::path::PathBuf) {
    use std::io::{Read, Write};
    let cert = dir.join("tsa.pem");
    tool(Command::new("openssl").args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=TSA thu nghiem vbhc"])
        .args(["-addext", "extendedKeyUsage=critical,timeStamping", "-addext", "keyUsage=critical,digitalSignature", "-keyout"])
        .arg(dir.join("tsa.key")).arg("-out").arg(&cert));
    std::fs::write(dir.join("tsaserial"), "01\n").unwrap();
    let conf = dir.join("ts.cnf");
    std::fs::write(&conf, format!(
        "[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = {d}/tsaserial\ncrypto_device = builtin\nsigner_cert = {d}/tsa.pem\ncerts = {d}/tsa.pem\nsigner_key = {d}/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
        d = dir.display()
    )).unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        let mut first: Option<Vec<u8>> = None;
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            let body = loop {
                let n = stream.read(&mut buf).unwrap();
                request.extend_from_slice(&buf[..n]);
                if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&request[..end]).to_lowercase();
                    let len: usize = head.lines().find_map(|l| l.strip_prefix("content-length:")).map(|v| v.trim().parse().unwrap()).unwrap_or(0);
                    while request.len() < end + 4 + len {
                        let n = stream.read(&mut buf).unwrap();
                        request.extend_from_slice(&buf[..n]);
                    }
                    break request[end + 4..end + 4 + len].to_vec();
                }
            };
            std::fs::write(dir.join("req.tsq"), &body).unwrap();
            let o = Command::new("openssl").args(["ts", "-reply", "-config"]).arg(dir.join("ts.cnf"))
                .arg("-queryfile").arg(dir.join("req.tsq")).arg("-out").arg(dir.join("resp.tsr")).output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let mut reply = std::fs::read(dir.join("resp.tsr")).unwrap();
            if replay {
                reply = first.get_or_insert(reply).clone();
            }
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", reply.len());
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(&reply).unwrap();
        }
    });
    (url, cert)
}

/// PAdES B-T: `vbhc sign --tsa` gets a timestamp from a TSA (openssl on the loopback) over the
/// signature; pyHanko validates the timestamp token (trusting the TSA) and the signature;
/// `vbhc verify` reports it. A TSA answering with a token for something else is refused,
/// nothing written.
#[test]
#[ignore = "needs openssl and pyHanko"]
fn a_timestamp_from_a_tsa_makes_a_b_t_signature() {
    let dir = tempfile::tempdir().unwrap();
    let (url, tsa_cert) = loopback_tsa(dir.path(), false);
    let o = run(vbhc().arg("render").arg(root().join("data/ke-hoach-mau.yaml")).args(["-f", "pdf", "-o"]).arg(dir.path()));
    assert!(o.status.success());
    let p12 = dir.path().join("ky.p12");
    std::fs::write(&p12, pki::p12(pki::Kind::Valid)).unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki::ca_pem()).unwrap();
    let sign = |url: &str, out: &str| {
        run(vbhc().arg("sign").arg(dir.path().join("ke-hoach-mau.pdf")).arg("--p12").arg(&p12)
            .args(["--tsa", url, "-o"]).arg(dir.path().join(out)).env("VBHC_P12_PASSWORD", pki::PASSWORD))
    };
    let o = sign(&url, "b-t.pdf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let signed = dir.path().join("b-t.pdf");
    const TIMESTAMP: &str = "import sys\n\
        from pyhanko.pdf_utils.reader import PdfFileReader\n\
        from pyhanko.sign.validation import validate_pdf_signature\n\
        from pyhanko_certvalidator import ValidationContext\n\
        from pyhanko.keys import load_cert_from_pemder\n\
        roots = [load_cert_from_pemder(p) for p in sys.argv[1:3]]\n\
        vc = ValidationContext(trust_roots=roots, allow_fetching=False)\n\
        r = PdfFileReader(open(sys.argv[3], 'rb'))\n\
        st = validate_pdf_signature(r.embedded_signatures[0], vc, ts_validation_context=vc)\n\
        ts = st.timestamp_validity\n\
        print(st.intact, st.valid, st.trusted, ts is not None and ts.intact, ts is not None and ts.valid, ts is not None and ts.trusted)\n";
    let verdict = tool(Command::new("python3").args(["-c", TIMESTAMP]).arg(&ca).arg(&tsa_cert).arg(&signed));
    assert_eq!(verdict.trim(), "True True True True True True", "{verdict}");
    let o = run(vbhc().arg("verify").arg(&signed).arg("--json"));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["dau_thoi_gian"], true, "{v}");

    // A remote signature stamped at `finish`: pyHanko validates the timestamp the same way.
    {
        use base64::Engine;
        use rsa::pkcs8::DecodePrivateKey;
        use rsa::signature::hazmat::PrehashSigner;
        use rsa::signature::SignatureEncoding;
        let (key_pem, cert_der) = pki::key_and_certificate(pki::Kind::Valid);
        let cert = dir.path().join("tu-xa.cer");
        std::fs::write(&cert, &cert_der).unwrap();
        let prepared = dir.path().join("cho-ky.pdf");
        let o = run(vbhc().arg("prepare").arg(dir.path().join("ke-hoach-mau.pdf")).arg("--cert").arg(&cert).arg("-o").arg(&prepared));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let said: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD;
        let hash = b64.decode(said["bam_base64"].as_str().unwrap()).unwrap();
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(&key_pem).unwrap();
        let value = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key).sign_prehash(&hash).unwrap().to_vec();
        let sig = dir.path().join("chu-ky.b64");
        std::fs::write(&sig, b64.encode(value)).unwrap();
        let remote = dir.path().join("tu-xa.pdf");
        let o = run(vbhc().arg("finish").arg(&prepared).arg("--chu-ky").arg(&sig).arg("--cert").arg(&cert).args(["--tsa", &url, "-o"]).arg(&remote));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let verdict = tool(Command::new("python3").args(["-c", TIMESTAMP]).arg(&ca).arg(&tsa_cert).arg(&remote));
        assert_eq!(verdict.trim(), "True True True True True True", "{verdict}");
    }

    let replay_dir = dir.path().join("phat-lai");
    std::fs::create_dir(&replay_dir).unwrap();
    let (replaying, _) = loopback_tsa(&replay_dir, true);
    assert!(sign(&replaying, "lan-1.pdf").status.success());
    let o = sign(&replaying, "lan-2.pdf");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("dấu thời gian nhận về không"), "{err}");
    assert!(!dir.path().join("lan-2.pdf").exists());
}
