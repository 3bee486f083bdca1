//! Checks a PDF signature independently of `vbhc sign`'s code: the byte range covers the
//! whole file but the signature, the CMS message digest is the hash of those bytes, and the
//! RSA signature over the signed attributes verifies with the signer certificate it carries.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use lopdf::{Document, Object};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use sha2::{Digest, Sha256};
use x509_cert::der::{Encode, SliceReader};

pub struct Signed {
    pub byte_range: [usize; 4],
    /// The signer certificate's subject, as text.
    pub subject: String,
    pub sub_filter: String,
    /// Whether the signature covers the whole file (it is the last revision).
    pub covers_whole_file: bool,
}

/// Verifies the signature in field `field`; an error says what is wrong.
pub fn verify(pdf: &[u8], field: &str) -> Result<Signed, String> {
    let doc = Document::load_mem(pdf).map_err(|e| format!("PDF: {e}"))?;
    let acroform = match doc.catalog().unwrap().get(b"AcroForm").unwrap() {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        o => o.as_dict().unwrap(),
    };
    let sig = acroform
        .get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| doc.get_dictionary(f.as_reference().unwrap()).unwrap())
        .find(|f| f.get(b"T").and_then(lopdf::decode_text_string).ok().as_deref() == Some(field))
        .ok_or(format!("no field {field}"))?
        .get(b"V")
        .map_err(|_| format!("field {field} is not signed"))?;
    let sig = match sig {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        o => o.as_dict().unwrap(),
    };
    let range: Vec<usize> = sig
        .get(b"ByteRange")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_i64().unwrap() as usize)
        .collect();
    let [a, b, c, d] = range[..] else {
        return Err("ByteRange has not four numbers".into());
    };
    // The range ends where its revision ends: the whole file, or an earlier revision's `%%EOF`
    // when later updates (another signature) follow.
    let revision_end = c + d;
    let ends_revision = revision_end == pdf.len()
        || (revision_end < pdf.len() && pdf[..revision_end].trim_ascii_end().ends_with(b"%%EOF"));
    if a != 0 || b >= c || !ends_revision {
        return Err(format!("ByteRange {range:?} does not cover a revision of the file of {}", pdf.len()));
    }
    // The excluded part is exactly the hex string of /Contents.
    if pdf[b] != b'<' || pdf[c - 1] != b'>' {
        return Err("ByteRange leaves out more than /Contents".into());
    }
    let contents = sig.get(b"Contents").unwrap().as_str().unwrap();
    let mut hasher = Sha256::new();
    hasher.update(&pdf[a..b]);
    hasher.update(&pdf[c..c + d]);
    let digest = hasher.finalize();

    let mut reader = SliceReader::new(contents).unwrap();
    let info: ContentInfo = x509_cert::der::Decode::decode(&mut reader).map_err(|e| format!("CMS: {e}"))?;
    let signed: SignedData = info.content.decode_as().map_err(|e| format!("SignedData: {e}"))?;
    let signer = signed.signer_infos.0.get(0).ok_or("no signer")?;
    let attrs = signer.signed_attrs.as_ref().ok_or("no signed attributes")?;
    let md_oid = const_oid::db::rfc5911::ID_MESSAGE_DIGEST;
    let md = attrs
        .iter()
        .find(|a| a.oid == md_oid)
        .ok_or("no message digest")?;
    let md = md.values.get(0).unwrap().decode_as::<x509_cert::der::asn1::OctetString>().unwrap();
    if md.as_bytes() != digest.as_slice() {
        return Err("message digest differs from the hash of the signed bytes".into());
    }
    let SignerIdentifier::IssuerAndSerialNumber(id) = &signer.sid else {
        return Err("signer identified by key id".into());
    };
    let cert = signed
        .certificates
        .as_ref()
        .ok_or("no certificates")?
        .0
        .iter()
        .find_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c)
                if c.tbs_certificate.serial_number == id.serial_number =>
            {
                Some(c.clone())
            }
            _ => None,
        })
        .ok_or("signer certificate missing")?;
    let key = rsa::RsaPublicKey::from_public_key_der(
        &cert.tbs_certificate.subject_public_key_info.to_der().unwrap(),
    )
    .unwrap();
    let signature = Signature::try_from(signer.signature.as_bytes()).map_err(|e| e.to_string())?;
    VerifyingKey::<Sha256>::new(key)
        .verify(&attrs.to_der().unwrap(), &signature)
        .map_err(|e| format!("RSA signature: {e}"))?;
    Ok(Signed {
        byte_range: [a, b, c, d],
        subject: cert.tbs_certificate.subject.to_string(),
        covers_whole_file: revision_end == pdf.len(),
        sub_filter: String::from_utf8_lossy(sig.get(b"SubFilter").unwrap().as_name().unwrap()).into(),
    })
}

/// `input` with its first page's content replaced in an incremental update appended to it,
/// as a forger would change a signed document without touching the signed bytes.
pub fn with_page_changed_after(input: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(input).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let contents = doc.get_dictionary(page).unwrap().get(b"Contents").unwrap();
    let id = match contents {
        lopdf::Object::Reference(r) => *r,
        lopdf::Object::Array(a) => a[0].as_reference().unwrap(),
        _ => panic!("contents"),
    };
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let text = String::from_utf8_lossy(input);
    let prev: usize = text.rsplit("startxref").next().unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let mut out = input.to_vec();
    out.push(b'\n');
    let at = out.len();
    out.extend(format!("{} {} obj\n<< /Length 9 >>\nstream\nBT ET q Q\nendstream\nendobj\n", id.0, id.1).bytes());
    let xref = out.len();
    out.extend(
        format!(
            "xref\n0 1\n0000000000 65535 f \n{} 1\n{at:010} {:05} n \ntrailer\n<< /Size {} /Root {} {} R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n",
            id.0, id.1, doc.max_id + 1, root.0, root.1
        )
        .bytes(),
    );
    out
}
