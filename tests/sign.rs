//! `vbhc sign`: a rendered plan signed with a throw-away certificate, checked independently;
//! refusals for expired and non-signing certificates, a wrong or missing password, a missing
//! or already signed field; nothing written when it refuses.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A rendered plan (PDF only) in a fresh directory.
fn plan(dir: &Path) -> PathBuf {
    rendered(dir, "ke-hoach-mau")
}

/// The example `data/STEM.yaml` rendered (PDF only) into `dir`.
fn rendered(dir: &Path, stem: &str) -> PathBuf {
    let out = run(vbhc()
        .arg("render")
        .arg(root().join(format!("data/{stem}.yaml")))
        .args(["-f", "pdf", "-o"])
        .arg(dir));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir.join(format!("{stem}.pdf"))
}

fn sign(dir: &Path, input: &Path, kind: pki::Kind, field: Option<&str>, out: &str) -> std::process::Output {
    sign_with(dir, input, kind, field, None, out)
}

/// `vbhc sign`, with the signature's image `anh` when given.
fn sign_with(
    dir: &Path,
    input: &Path,
    kind: pki::Kind,
    field: Option<&str>,
    anh: Option<&Path>,
    out: &str,
) -> std::process::Output {
    let p12 = dir.join("nguoi-ky.p12");
    std::fs::write(&p12, pki::p12(kind)).unwrap();
    let mut cmd = vbhc();
    cmd.arg("sign").arg(input).arg("--p12").arg(&p12).arg("-o").arg(dir.join(out));
    if let Some(f) = field {
        cmd.args(["--field", f]);
    }
    if let Some(a) = anh {
        cmd.arg("--anh").arg(a);
    }
    run(cmd.env("VBHC_P12_PASSWORD", pki::PASSWORD))
}

#[test]
fn signs_a_plan_into_its_field_covering_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    let out = sign(dir.path(), &input, pki::Kind::Valid, None, "da-ky.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let original = std::fs::read(&input).unwrap();
    let signed = std::fs::read(dir.path().join("da-ky.pdf")).unwrap();
    // An incremental update: the unsigned file is kept byte for byte.
    assert!(signed.starts_with(&original));
    let s = signature::verify(&signed, "nguoi_ky").unwrap();
    assert_eq!(s.sub_filter, "ETSI.CAdES.detached");
    assert!(s.covers_whole_file);
    assert!(s.subject.contains(pki::SIGNER_NAME), "{}", s.subject);
    assert!(s.byte_range[1] > original.len(), "the signature is in the update");
    assert_appearance_has_embedded_font(&signed);

    // One byte changed after signing breaks it.
    let mut broken = signed.clone();
    let at = original.len() / 2;
    broken[at] ^= 0x01;
    assert!(signature::verify(&broken, "nguoi_ky").is_err());
}

/// The signed field's appearance draws text with a font embedded in the file (PDF/A).
fn assert_appearance_has_embedded_font(pdf: &[u8]) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let field = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"T").and_then(lopdf::decode_text_string).ok().as_deref() == Some("nguoi_ky") && d.has(b"V"))
        .expect("the signed field");
    let ap = field.get(b"AP").unwrap().as_dict().unwrap().get(b"N").unwrap().as_reference().unwrap();
    let form = doc.get_object(ap).unwrap().as_stream().unwrap();
    assert!(!form.decompressed_content().unwrap().is_empty());
    let fonts = form.dict.get(b"Resources").unwrap().as_dict().unwrap().get(b"Font").unwrap().as_dict().unwrap();
    assert!(!fonts.is_empty());
    for (_, font) in fonts.iter() {
        let font = doc.get_dictionary(font.as_reference().unwrap()).unwrap();
        let descendant = font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0].as_reference().unwrap();
        let descriptor = doc.get_dictionary(descendant).unwrap().get(b"FontDescriptor").unwrap().as_reference().unwrap();
        let descriptor = doc.get_dictionary(descriptor).unwrap();
        assert!(descriptor.has(b"FontFile2") || descriptor.has(b"FontFile3"), "font not embedded");
    }
}

#[test]
fn a_second_signature_keeps_the_first_valid() {
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    let out = sign(dir.path(), &input, pki::Kind::Valid, None, "mot.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let once = dir.path().join("mot.pdf");
    let out = sign(dir.path(), &once, pki::Kind::Valid, Some("con_dau"), "hai.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let twice = std::fs::read(dir.path().join("hai.pdf")).unwrap();
    let first = signature::verify(&twice, "nguoi_ky").unwrap();
    let second = signature::verify(&twice, "con_dau").unwrap();
    // The first covers the file as it was then, the second all of it.
    assert_eq!(first.byte_range[2] + first.byte_range[3], std::fs::read(&once).unwrap().len());
    assert!(!first.covers_whole_file && second.covers_whole_file);

    // The same field twice is refused.
    let out = sign(dir.path(), &once, pki::Kind::Valid, Some("nguoi_ky"), "ba.pdf");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("đã được ký"));
    assert!(!dir.path().join("ba.pdf").exists());
}

/// A refusal: exit 1, the message, and no output file.
fn refused(out: &std::process::Output, dir: &Path, name: &str, message: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
    assert!(stderr.contains(":1:1: lỗi:"), "{stderr}");
    assert!(!dir.join(name).exists());
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".vbhc-") && n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn refuses_expired_and_non_signing_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    let out = sign(dir.path(), &input, pki::Kind::Expired, None, "x.pdf");
    refused(&out, dir.path(), "x.pdf", "chứng thư số đã hết hạn từ ngày");
    let out = sign(dir.path(), &input, pki::Kind::NoSigning, None, "y.pdf");
    refused(&out, dir.path(), "y.pdf", "không được phép dùng để ký");
}

#[test]
fn refuses_a_wrong_or_missing_password_and_an_unknown_field() {
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    let p12 = dir.path().join("k.p12");
    std::fs::write(&p12, pki::p12(pki::Kind::Valid)).unwrap();
    let base = || {
        let mut c = vbhc();
        c.arg("sign").arg(&input).arg("--p12").arg(&p12).arg("-o").arg(dir.path().join("z.pdf"));
        c
    };
    let out = run(base().env("VBHC_P12_PASSWORD", "sai"));
    refused(&out, dir.path(), "z.pdf", "kiểm tra lại tệp và mật khẩu");
    // No variable and no terminal: told how to give it, never asked for an argument.
    let out = run(base().env_remove("VBHC_P12_PASSWORD").stdin(std::process::Stdio::null()));
    refused(&out, dir.path(), "z.pdf", "VBHC_P12_PASSWORD");
    let out = run(base().env("VBHC_P12_PASSWORD", pki::PASSWORD).args(["--field", "giam_doc"]));
    refused(&out, dir.path(), "z.pdf", "các trường có: con_dau, nguoi_ky");
}

/// §3.13: the agency's signature on an appendix shows, in 10 pt, the document's number and
/// symbol and the signing time in ISO 8601 with Vietnam's zone; a person's is larger.
#[test]
fn the_agency_signature_on_an_appendix_is_10_pt() {
    let dir = tempfile::tempdir().unwrap();
    let input = rendered(dir.path(), "ke-hoach-day-du");
    let out = sign(dir.path(), &input, pki::Kind::Valid, Some("co_quan_phu_luc_1"), "pl.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let signed = std::fs::read(dir.path().join("pl.pdf")).unwrap();
    signature::verify(&signed, "co_quan_phu_luc_1").unwrap();
    assert_eq!(text_sizes(&signed, "co_quan_phu_luc_1"), [10.0]);
    let out = sign(dir.path(), &input, pki::Kind::Valid, None, "nk.pdf");
    assert!(out.status.success());
    let sizes = text_sizes(&std::fs::read(dir.path().join("nk.pdf")).unwrap(), "nguoi_ky");
    assert!(sizes.iter().all(|&s| s > 10.0), "{sizes:?}");
}

/// The font sizes the appearance of the signed field `name` sets (`Tf`).
fn text_sizes(pdf: &[u8], name: &str) -> Vec<f32> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let field = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"T").and_then(lopdf::decode_text_string).ok().as_deref() == Some(name) && d.has(b"V"))
        .expect("the signed field");
    let ap = field.get(b"AP").unwrap().as_dict().unwrap().get(b"N").unwrap().as_reference().unwrap();
    let form = doc.get_object(ap).unwrap().as_stream().unwrap();
    let content = lopdf::content::Content::decode(&form.decompressed_content().unwrap()).unwrap();
    let mut sizes: Vec<f32> = content
        .operations
        .iter()
        .filter(|op| op.operator == "Tf")
        .map(|op| op.operands[1].as_float().unwrap())
        .collect();
    sizes.dedup();
    sizes
}

/// `input` with a certification signature's permission `p` in its catalog (its signature's
/// bytes are not checked by `vbhc sign`, which reads only what it allows).
fn certified(dir: &Path, input: &Path, p: i64) -> PathBuf {
    use lopdf::{Object, dictionary};
    let mut doc = lopdf::Document::load(input).unwrap();
    let sig = doc.add_object(dictionary! {
        "Type" => "Sig",
        "Reference" => vec![Object::Dictionary(dictionary! {
            "Type" => "SigRef",
            "TransformMethod" => "DocMDP",
            "TransformParams" => dictionary! { "Type" => "TransformParams", "P" => p, "V" => "1.2" },
        })],
    });
    doc.catalog_mut().unwrap().set("Perms", dictionary! { "DocMDP" => sig });
    let path = dir.join(format!("chung-thuc-{p}.pdf"));
    doc.save(&path).unwrap();
    path
}

/// A document certified "no changes" (DocMDP P=1) is refused: a signature would break the
/// certification. One that allows form filling and signing (P=2) is signed.
#[test]
fn signs_only_what_a_certification_allows() {
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    let locked = certified(dir.path(), &input, 1);
    let out = sign(dir.path(), &locked, pki::Kind::Valid, None, "x.pdf");
    refused(&out, dir.path(), "x.pdf", "không cho phép thay đổi");
    let open = certified(dir.path(), &input, 2);
    let out = sign(dir.path(), &open, pki::Kind::Valid, None, "y.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let signed = std::fs::read(dir.path().join("y.pdf")).unwrap();
    assert!(signed.starts_with(&std::fs::read(&open).unwrap()));
    assert!(signature::verify(&signed, "nguoi_ky").is_ok());
}

/// The rule of every file vbhc writes holds for `sign -o`: the clerk's own file by that name
/// is never replaced; a signed file vbhc wrote may be, until someone changes it.
#[test]
fn sign_never_replaces_a_file_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    std::fs::write(dir.path().join("cua-toi.pdf"), b"the clerk's").unwrap();
    let out = sign(dir.path(), &input, pki::Kind::Valid, None, "cua-toi.pdf");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cua-toi.pdf: lỗi: tệp đã có và không do vbhc tạo"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("cua-toi.pdf")).unwrap(), b"the clerk's");

    let out = sign(dir.path(), &input, pki::Kind::Valid, None, "da-ky.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = sign(dir.path(), &input, pki::Kind::Valid, None, "da-ky.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(dir.path().join("da-ky.pdf"), b"edited").unwrap();
    let out = sign(dir.path(), &input, pki::Kind::Valid, None, "da-ky.pdf");
    assert!(String::from_utf8_lossy(&out.stderr).contains("đã được sửa sau khi vbhc tạo"));
    assert_eq!(std::fs::read(dir.path().join("da-ky.pdf")).unwrap(), b"edited");
}

/// The signed field `name`: its rectangle's size, and the pixel sizes of the images its
/// appearance draws (in its own resources or in the forms they hold).
fn appearance_images(pdf: &[u8], name: &str) -> ((f64, f64), Vec<(i64, i64)>) {
    use lopdf::Object;
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let field = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"T").and_then(lopdf::decode_text_string).ok().as_deref() == Some(name) && d.has(b"V"))
        .expect("the signed field");
    let rect: Vec<f64> = field.get(b"Rect").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap() as f64).collect();
    let ap = field.get(b"AP").unwrap().as_dict().unwrap().get(b"N").unwrap().as_reference().unwrap();
    let mut images = Vec::new();
    let mut todo = vec![ap];
    while let Some(id) = todo.pop() {
        let stream = doc.get_object(id).unwrap().as_stream().unwrap();
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice()) {
            let n = |k: &[u8]| stream.dict.get(k).unwrap().as_i64().unwrap();
            images.push((n(b"Width"), n(b"Height")));
            continue;
        }
        let Ok(resources) = stream.dict.get(b"Resources") else { continue };
        let resources = match resources {
            Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
            other => other.as_dict().unwrap(),
        };
        if let Ok(xobjects) = resources.get(b"XObject").and_then(Object::as_dict) {
            todo.extend(xobjects.iter().filter_map(|(_, o)| o.as_reference().ok()));
        }
    }
    ((rect[2] - rect[0], rect[3] - rect[1]), images)
}

/// §3.8: the images belong to the signatures. The signer's image is in the signer's signature
/// appearance, the seal image, at the seal field's size (its real size), in the agency's; both
/// signatures verify; the page itself still draws no image.
#[test]
fn the_signature_and_seal_images_come_with_the_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    let anh = |n: &str| root().join("data/anh").join(n);
    let chu_ky = anh("chu-ky-mau.png");
    let out = sign_with(dir.path(), &input, pki::Kind::Valid, None, Some(&chu_ky), "ky.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let signed = dir.path().join("ky.pdf");
    let seal = anh("con-dau-mau.png");
    let out = sign_with(dir.path(), &signed, pki::Kind::Valid, Some("con_dau"), Some(&seal), "dau.pdf");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let both = std::fs::read(dir.path().join("dau.pdf")).unwrap();
    signature::verify(&both, "con_dau").unwrap();
    let (_, images) = appearance_images(&both, "nguoi_ky");
    assert_eq!(images, [(500, 200)]);
    let ((w, h), images) = appearance_images(&both, "con_dau");
    assert_eq!(images, [(425, 425)]);
    let l = vbhc::nd30::Layout::mac_dinh();
    assert!((w - l.seal_size).abs() < 0.1 && (h - l.seal_size).abs() < 0.1, "{w} × {h}");
    // The first signature still covers its revision, byte for byte.
    let first = std::fs::read(&signed).unwrap();
    assert!(both.starts_with(&first));
    signature::verify(&first, "nguoi_ky").unwrap();
    let original = std::fs::read(&input).unwrap();
    assert!(!String::from_utf8_lossy(&original).contains("/Subtype /Image"));
}

/// An appendix's agency signature is text alone (§3.13); a broken image is refused, named.
#[test]
fn images_are_refused_where_they_do_not_belong_or_do_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = rendered(dir.path(), "ke-hoach-day-du");
    let seal = root().join("data/anh/con-dau-mau.png");
    let out = sign_with(dir.path(), &input, pki::Kind::Valid, Some("co_quan_phu_luc_1"), Some(&seal), "pl.pdf");
    refused(&out, dir.path(), "pl.pdf", "không có ảnh; bỏ --anh");
    let broken = dir.path().join("hong.png");
    std::fs::write(&broken, b"GIF89a not a png").unwrap();
    let out = sign_with(dir.path(), &input, pki::Kind::Valid, None, Some(&broken), "x.pdf");
    refused(&out, dir.path(), "x.pdf", "không phải ảnh PNG đọc được");
    assert!(String::from_utf8_lossy(&out.stderr).contains("hong.png:1:1: lỗi:"));
}

/// `vbhc verify` with the test CA: a plan signed by the signer then the agency is intact,
/// valid and trusted, the first signature covering its revision with only signing after it;
/// one byte changed breaks both; a page changed in an update after signing is named; exit 1
/// for both; JSON for scripts.
#[test]
fn verify_tells_an_intact_document_from_a_changed_one() {
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    let out = sign(dir.path(), &input, pki::Kind::Valid, None, "ky.pdf");
    assert!(out.status.success());
    let out = sign(dir.path(), &dir.path().join("ky.pdf"), pki::Kind::Valid, Some("con_dau"), "dau.pdf");
    assert!(out.status.success());
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki::ca_pem()).unwrap();
    let verify = |pdf: &Path| {
        let o = run(vbhc().arg("verify").arg(pdf).arg("--ca").arg(&ca).arg("--json"));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
        (o.status.code(), v)
    };
    let signed = dir.path().join("dau.pdf");
    let (code, v) = verify(&signed);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v.as_array().unwrap().len(), 2);
    for (s, field, scope) in [(&v[0], "nguoi_ky", "phien-ban"), (&v[1], "con_dau", "toan-bo")] {
        assert_eq!(s["truong"], field);
        assert_eq!(s["nguoi_ky"], pki::SIGNER_NAME);
        assert_eq!((&s["nguyen_ven"], &s["hop_le"], &s["tin_cay"]), (&true.into(), &true.into(), &true.into()), "{s}");
        assert_eq!(s["pham_vi"], scope);
        assert_eq!(s["thay_doi_sau"], serde_json::json!([]));
    }

    let mut bytes = std::fs::read(&signed).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    let broken = dir.path().join("hong.pdf");
    std::fs::write(&broken, &bytes).unwrap();
    let (code, v) = verify(&broken);
    assert_eq!(code, Some(1));
    assert_eq!(v[0]["nguyen_ven"], false, "{v}");

    let changed = dir.path().join("sua.pdf");
    std::fs::write(&changed, signature::with_page_changed_after(&std::fs::read(&signed).unwrap())).unwrap();
    let (code, v) = verify(&changed);
    assert_eq!(code, Some(1), "{v}");
    for s in v.as_array().unwrap() {
        assert_eq!(s["nguyen_ven"], true, "the signed bytes are untouched: {s}");
        let changes = s["thay_doi_sau"].as_array().unwrap();
        assert!(changes.iter().any(|c| c.as_str().unwrap().contains("luồng nội dung")), "{s}");
    }
    // Text for people.
    let o = run(vbhc().arg("verify").arg(&changed));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("HỎNG") && text.contains("Thay đổi không được phép"), "{text}");
}

/// The `/Contents` (the CMS) of the signature in field `name`.
fn cms_of(pdf: &[u8], name: &str) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let field = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| d.get(b"T").and_then(lopdf::decode_text_string).ok().as_deref() == Some(name) && d.has(b"V"))
        .unwrap();
    let sig = doc.get_dictionary(field.get(b"V").unwrap().as_reference().unwrap()).unwrap();
    sig.get(b"Contents").unwrap().as_str().unwrap().to_vec()
}

/// Remote signing in two steps: `vbhc prepare` gives the hash, a service (here the test key)
/// signs that hash alone, `vbhc finish` completes a signature that verifies and is trusted. A
/// signature over another hash, and a CMS from another document, are refused, nothing written.
#[test]
fn prepare_and_finish_sign_as_a_remote_service_does() {
    use base64::Engine;
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::signature::hazmat::PrehashSigner;
    use rsa::signature::SignatureEncoding;
    let dir = tempfile::tempdir().unwrap();
    let input = plan(dir.path());
    let (key_pem, cert_der) = pki::key_and_certificate(pki::Kind::Valid);
    let cert = dir.path().join("nguoi-ky.cer");
    std::fs::write(&cert, &cert_der).unwrap();
    let o = run(vbhc().arg("prepare").arg(&input).arg("--cert").arg(&cert).arg("-o").arg(dir.path().join("cho-ky.pdf")));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(said["truong"], "nguoi_ky");
    assert_eq!(said["nguoi_ky"], pki::SIGNER_NAME);
    let hash = base64::engine::general_purpose::STANDARD.decode(said["bam_base64"].as_str().unwrap()).unwrap();
    assert_eq!(hash.len(), 32);

    // The service: an RSA signature over the hash it was given.
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(&key_pem).unwrap();
    let service = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key);
    let signed_by_service = |hash: &[u8]| {
        let signature = service.sign_prehash(hash).unwrap().to_vec();
        base64::engine::general_purpose::STANDARD.encode(signature)
    };
    let finish = |extra: &[&std::ffi::OsStr], out: &str| {
        run(vbhc().arg("finish").arg(dir.path().join("cho-ky.pdf")).args(extra).arg("-o").arg(dir.path().join(out)))
    };
    let wrong = dir.path().join("sai.b64");
    std::fs::write(&wrong, signed_by_service(&[7u8; 32])).unwrap();
    let o = finish(&[ "--chu-ky".as_ref(), wrong.as_os_str(), "--cert".as_ref(), cert.as_os_str()], "x.pdf");
    refused(&o, dir.path(), "x.pdf", "không khớp với văn bản đã chuẩn bị");
    // A CMS made for another document (the same plan signed into another field).
    let other = sign(dir.path(), &input, pki::Kind::Valid, Some("con_dau"), "khac.pdf");
    assert!(other.status.success());
    let foreign = dir.path().join("khac.p7s");
    std::fs::write(&foreign, cms_of(&std::fs::read(dir.path().join("khac.pdf")).unwrap(), "con_dau")).unwrap();
    let o = finish(&["--cms".as_ref(), foreign.as_os_str()], "y.pdf");
    refused(&o, dir.path(), "y.pdf", "không khớp với văn bản đã chuẩn bị");

    let right = dir.path().join("chu-ky.b64");
    std::fs::write(&right, signed_by_service(&hash)).unwrap();
    let o = finish(&["--chu-ky".as_ref(), right.as_os_str(), "--cert".as_ref(), cert.as_os_str()], "da-ky.pdf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let signed = std::fs::read(dir.path().join("da-ky.pdf")).unwrap();
    let s = signature::verify(&signed, "nguoi_ky").unwrap();
    assert!(s.covers_whole_file);
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pki::ca_pem()).unwrap();
    let o = run(vbhc().arg("verify").arg(dir.path().join("da-ky.pdf")).arg("--ca").arg(&ca));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

/// A batch's folder signed in one run: every PDF of the manifest, in place, the manifest then
/// saying `da_ky` with the signed file's SHA-256; a PDF the clerk changed since the batch is
/// named, left as it is and marked, and the others are signed all the same (exit 1).
#[test]
fn a_batch_folder_is_signed_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ra");
    let o = run(vbhc()
        .arg("batch")
        .arg(root().join("data/hang-loat/bao-cao-kham-chua-benh.yaml"))
        .arg("--data")
        .arg(root().join("data/hang-loat/don-vi.csv"))
        .args(["-f", "pdf", "--ten", "{{ ma }}", "-o"])
        .arg(&out));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest = || -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join("bang-ke.json")).unwrap()).unwrap()
    };
    let units: Vec<String> = manifest()["don_vi"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["tep_pdf"].as_str().unwrap().to_string())
        .collect();
    assert!(units.len() >= 3);
    std::fs::write(out.join(&units[1]), b"%PDF-1.7 the clerk's own").unwrap();

    let p12 = dir.path().join("k.p12");
    std::fs::write(&p12, pki::p12(pki::Kind::Valid)).unwrap();
    let o = run(vbhc().arg("sign").arg(&out).arg("--p12").arg(&p12).env("VBHC_P12_PASSWORD", pki::PASSWORD));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{}:1:1: lỗi: tệp đã bị sửa sau khi vbhc tạo", out.join(&units[1]).display())), "{err}");
    assert_eq!(std::fs::read(out.join(&units[1])).unwrap(), b"%PDF-1.7 the clerk's own");
    let m = manifest();
    for (i, row) in m["don_vi"].as_array().unwrap().iter().enumerate() {
        let path = out.join(row["tep_pdf"].as_str().unwrap());
        if i == 1 {
            assert!(row["ky_so"].as_str().unwrap().starts_with("loi: tệp đã bị sửa"), "{row}");
            continue;
        }
        assert_eq!(row["ky_so"], "da_ky", "{row}");
        let bytes = std::fs::read(&path).unwrap();
        signature::verify(&bytes, "nguoi_ky").unwrap();
        use sha2::Digest;
        let hash: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(row["sha256_pdf"], hash.as_str());
    }
    let csv = std::fs::read_to_string(out.join("bang-ke.csv")).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",loi,ky_so"), "{csv}");
}
