//! `vbhc verify`: every signature of a PDF, checked the way a reader's signature panel checks
//! it: the bytes it covers are those it signed (intact), the signature over them is the
//! signer's (valid), what was added after it is only what a later signature may add (form
//! filling and signing, or nothing at all under a "no changes" certification), and, given the
//! CA certificates the user trusts, the signer's certificate chains up to one of them.

mod changes;
mod cms_check;
mod trust;

use lopdf::{Dictionary, Document, Object};
use serde::Serialize;
use x509_cert::Certificate;

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("không đọc được tệp PDF: {0}")]
    Pdf(String),
    #[error("tệp PDF không có chữ ký số nào")]
    NoSignature,
}

/// What one signature covers.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum PhamVi {
    /// The whole file.
    ToanBo,
    /// An earlier revision; the file goes on after it.
    PhienBan,
    /// Neither: the byte range does not end a revision.
    KhongRo,
}

/// One signature, as `vbhc verify` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct KetQua {
    /// The signature field's name.
    pub truong: String,
    /// The signer certificate's common name.
    pub nguoi_ky: String,
    /// The signing time the signature claims (`/M`), ISO 8601.
    pub thoi_gian: Option<String>,
    /// The digest of the covered bytes is the one signed.
    pub nguyen_ven: bool,
    /// The signature over the signed attributes verifies with the signer's certificate.
    pub hop_le: bool,
    pub pham_vi: PhamVi,
    /// What was changed after this signature beyond what is allowed after it, if anything.
    pub thay_doi_sau: Vec<String>,
    /// Whether the signer's chain reaches a trusted CA; `None` without CA certificates.
    pub tin_cay: Option<bool>,
    /// Why it is not trusted, when it is not.
    pub ly_do_tin_cay: Option<String>,
    /// A certification signature's permission (DocMDP `/P`): 1, 2 or 3.
    pub chung_thuc: Option<i64>,
    /// Whether an RFC 3161 timestamp is attached (PAdES B-T).
    pub dau_thoi_gian: bool,
    /// What is wrong with the signature itself, in Vietnamese.
    pub loi: Vec<String>,
}

impl KetQua {
    /// Broken: not intact, not valid, or changed after beyond what is allowed.
    pub fn hong(&self) -> bool {
        !self.nguyen_ven || !self.hop_le || !self.thay_doi_sau.is_empty() || self.pham_vi == PhamVi::KhongRo
    }
}

/// Checks every signature of `pdf`, in the order they were made; `trusted` are the CA
/// certificates the user trusts (none: trust is not judged).
pub fn verify(pdf: &[u8], trusted: &[Certificate]) -> Result<Vec<KetQua>, VerifyError> {
    let doc = Document::load_mem(pdf).map_err(|e| VerifyError::Pdf(e.to_string()))?;
    let mut signatures = signed_fields(&doc);
    if signatures.is_empty() {
        return Err(VerifyError::NoSignature);
    }
    signatures.sort_by_key(|(_, sig)| byte_range(sig).map(|r| r[2] + r[3]).unwrap_or(usize::MAX));
    let certification = certification_of(&doc);
    let mut results = Vec::new();
    for (name, sig) in &signatures {
        results.push(check_one(pdf, &doc, name, sig, trusted, certification.as_ref()));
    }
    Ok(results)
}

fn check_one(
    pdf: &[u8],
    doc: &Document,
    name: &str,
    sig: &Dictionary,
    trusted: &[Certificate],
    certification: Option<&(Vec<u8>, i64)>,
) -> KetQua {
    let mut loi = Vec::new();
    let range = byte_range(sig);
    let contents = sig.get(b"Contents").and_then(Object::as_str).unwrap_or_default();
    let this_certifies = certification.filter(|(c, _)| c.as_slice() == contents).map(|(_, p)| *p);
    let (pham_vi, end) = match range {
        Some([0, b, c, d]) if b < c && c.checked_add(d).is_some_and(|e| e <= pdf.len()) && pdf.get(b) == Some(&b'<') && pdf.get(c - 1) == Some(&b'>') => {
            let end = c + d;
            if end == pdf.len() {
                (PhamVi::ToanBo, end)
            } else if pdf[..end].trim_ascii_end().ends_with(b"%%EOF") {
                (PhamVi::PhienBan, end)
            } else {
                (PhamVi::KhongRo, end)
            }
        }
        _ => {
            loi.push("vùng byte được ký (/ByteRange) không hợp lệ".to_string());
            (PhamVi::KhongRo, 0)
        }
    };
    let checked = range.filter(|_| pham_vi != PhamVi::KhongRo).map(|r| cms_check::check(pdf, r, contents));
    let (nguyen_ven, hop_le, signer, dau_thoi_gian, chain) = match checked {
        Some(Ok(c)) => (c.digest_ok, c.signature_ok, Some(c.signer), c.timestamp, c.certificates),
        Some(Err(e)) => {
            loi.push(e);
            (false, false, None, false, Vec::new())
        }
        None => (false, false, None, false, Vec::new()),
    };
    if !nguyen_ven && loi.is_empty() {
        loi.push("nội dung được ký đã bị thay đổi (mã băm không khớp)".into());
    }
    if nguyen_ven && !hop_le {
        loi.push("chữ ký không khớp với chứng thư số của người ký".into());
    }
    // What came after this signature's revision, judged by the strictest permission in force:
    // the certification's, when the document is certified, else signing and form filling.
    let thay_doi_sau = if pham_vi == PhamVi::PhienBan {
        let permission = certification.map_or(2, |(_, p)| *p);
        changes::beyond_allowed(&pdf[..end], doc, permission)
    } else {
        Vec::new()
    };
    let (tin_cay, ly_do_tin_cay) = match (&signer, trusted.is_empty()) {
        (_, true) => (None, None),
        (None, false) => (Some(false), Some("không đọc được chứng thư số của người ký".into())),
        (Some(cert), false) => match trust::chain_to(cert, &chain, trusted, signing_time(sig)) {
            Ok(()) => (Some(true), None),
            Err(why) => (Some(false), Some(why)),
        },
    };
    KetQua {
        truong: name.to_string(),
        nguoi_ky: signer
            .as_ref()
            .map(|c| crate::sign::identity::common_name(c).unwrap_or_else(|| c.tbs_certificate.subject.to_string()))
            .unwrap_or_default(),
        thoi_gian: signing_time(sig).map(|t| t.to_rfc3339()),
        nguyen_ven,
        hop_le,
        pham_vi,
        thay_doi_sau,
        tin_cay,
        ly_do_tin_cay,
        chung_thuc: this_certifies,
        dau_thoi_gian,
        loi,
    }
}

fn byte_range(sig: &Dictionary) -> Option<[usize; 4]> {
    let r: Vec<usize> = sig
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .ok()?
        .iter()
        .map(|o| o.as_i64().ok().and_then(|n| usize::try_from(n).ok()))
        .collect::<Option<_>>()?;
    r.try_into().ok()
}

/// `/M`: `D:20261123140512+07'00'`.
fn signing_time(sig: &Dictionary) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let raw = sig.get(b"M").and_then(lopdf::decode_text_string).ok()?;
    let s = raw.trim_start_matches("D:").replace('\'', "");
    chrono::DateTime::parse_from_str(&s, "%Y%m%d%H%M%S%z")
        .ok()
        .or_else(|| chrono::NaiveDateTime::parse_from_str(s.trim_end_matches('Z'), "%Y%m%d%H%M%S").ok().map(|t| t.and_utc().fixed_offset()))
}

/// The certification signature's `/Contents` and its permission, from the catalog's
/// `/Perms /DocMDP` (ISO 32000-1 §12.8.2.2); 2 when the reference gives none.
fn certification_of(doc: &Document) -> Option<(Vec<u8>, i64)> {
    let resolve = |o: &Object| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
        other => other.as_dict().ok().cloned(),
    };
    let perms = resolve(doc.catalog().ok()?.get(b"Perms").ok()?)?;
    let sig = resolve(perms.get(b"DocMDP").ok()?)?;
    let contents = sig.get(b"Contents").and_then(Object::as_str).ok()?.to_vec();
    let p = crate::sign::docmdp_permission(doc, &sig).unwrap_or(2);
    Some((contents, p))
}

/// The signed signature fields: each field's full name and its signature dictionary.
fn signed_fields(doc: &Document) -> Vec<(String, Dictionary)> {
    let mut found = Vec::new();
    let Ok(form) = doc.catalog().and_then(|c| c.get(b"AcroForm")) else { return found };
    let form = match form {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        other => other.as_dict().ok(),
    };
    let Some(fields) = form.and_then(|f| f.get(b"Fields").and_then(Object::as_array).ok()) else {
        return found;
    };
    let mut stack: Vec<(Object, String)> = fields.iter().map(|f| (f.clone(), String::new())).collect();
    // A field tree is small; the bound keeps a malformed, cyclic one from looping.
    let mut budget = 10_000;
    while let Some((field, parent)) = stack.pop() {
        budget -= 1;
        if budget == 0 {
            break;
        }
        let Ok(dict) = (match &field {
            Object::Reference(id) => doc.get_dictionary(*id),
            other => other.as_dict(),
        }) else {
            continue;
        };
        let partial = dict.get(b"T").and_then(lopdf::decode_text_string).unwrap_or_default();
        let full = match (parent.is_empty(), partial.is_empty()) {
            (true, _) => partial,
            (false, true) => parent,
            (false, false) => format!("{parent}.{partial}"),
        };
        if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
            stack.extend(kids.iter().map(|k| (k.clone(), full.clone())));
            continue;
        }
        let is_sig = dict.get(b"FT").and_then(Object::as_name).is_ok_and(|n| n == b"Sig");
        let value = dict.get(b"V").ok().and_then(|v| match v {
            Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
            other => other.as_dict().ok().cloned(),
        });
        if let (true, Some(sig)) = (is_sig, value) {
            found.push((full, sig));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn the_signing_time_is_read_with_its_zone() {
        let sig = dictionary! { "M" => Object::string_literal("D:20261123140512+07'00'") };
        assert_eq!(signing_time(&sig).unwrap().to_rfc3339(), "2026-11-23T14:05:12+07:00");
        let utc = dictionary! { "M" => Object::string_literal("D:20261123070512Z") };
        assert_eq!(signing_time(&utc).unwrap().to_rfc3339(), "2026-11-23T07:05:12+00:00");
        assert!(signing_time(&dictionary! {}).is_none());
    }

    #[test]
    fn a_byte_range_is_four_non_negative_numbers() {
        let ok = dictionary! { "ByteRange" => vec![0.into(), 10.into(), 20.into(), 5.into()] };
        assert_eq!(byte_range(&ok), Some([0, 10, 20, 5]));
        let negative = dictionary! { "ByteRange" => vec![0.into(), (-1).into(), 20.into(), 5.into()] };
        assert_eq!(byte_range(&negative), None);
        let three = dictionary! { "ByteRange" => vec![0.into(), 10.into(), 20.into()] };
        assert_eq!(byte_range(&three), None);
    }

    #[test]
    fn an_unsigned_pdf_has_no_signature_to_verify() {
        let mut doc = Document::with_version("1.7");
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog" });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        assert!(matches!(verify(&bytes, &[]), Err(VerifyError::NoSignature)));
        assert!(matches!(verify(b"not a pdf", &[]), Err(VerifyError::Pdf(_))));
    }
}
