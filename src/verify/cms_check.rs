//! The CMS signature of one PDF signature: the digest of the covered bytes against the signed
//! message-digest attribute, and the signer's signature over the signed attributes.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use const_oid::ObjectIdentifier;
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::OctetString;
use der::{Decode, Encode, SliceReader};
use sha2::Digest;
use x509_cert::Certificate;

use crate::sign::timestamp::TIMESTAMP_TOKEN;

pub struct Checked {
    pub digest_ok: bool,
    pub signature_ok: bool,
    pub signer: Certificate,
    /// Every certificate the signature carries, for building the chain.
    pub certificates: Vec<Certificate>,
    pub timestamp: bool,
}

/// Checks the CMS `contents` of a signature over `pdf`'s byte range `[a, b, c, d]`.
pub fn check(pdf: &[u8], [a, b, c, d]: [usize; 4], contents: &[u8]) -> Result<Checked, String> {
    let bad = |what: &str| format!("chữ ký không đọc được ({what})");
    let mut reader = SliceReader::new(contents).map_err(|_| bad("CMS"))?;
    let info = ContentInfo::decode(&mut reader).map_err(|_| bad("CMS"))?;
    let signed: SignedData = info.content.decode_as().map_err(|_| bad("SignedData"))?;
    let signer = signed.signer_infos.0.get(0).ok_or_else(|| bad("không có người ký"))?;
    let certificates: Vec<Certificate> = signed
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let cert = signer_certificate(signer, &certificates).ok_or_else(|| bad("thiếu chứng thư số của người ký"))?;
    let covered = [&pdf[a..a + b], &pdf[c..c + d]];
    let digest_alg = signer.digest_alg.oid;
    let digest = hash(digest_alg, &covered).ok_or_else(|| bad("thuật toán băm chưa hỗ trợ"))?;
    let (digest_ok, signature_ok) = match &signer.signed_attrs {
        Some(attrs) => {
            let md = attrs
                .iter()
                .find(|a| a.oid == rfc5911::ID_MESSAGE_DIGEST)
                .and_then(|a| a.values.get(0))
                .and_then(|v| v.decode_as::<OctetString>().ok());
            let digest_ok = md.is_some_and(|md| md.as_bytes() == digest.as_slice());
            let signed_bytes = attrs.to_der().map_err(|_| bad("thuộc tính ký"))?;
            (digest_ok, verify_signature(&cert, signer, digest_alg, &signed_bytes)?)
        }
        // Without signed attributes the signature is over the content itself.
        None => {
            let content: Vec<u8> = covered.concat();
            let ok = verify_signature(&cert, signer, digest_alg, &content)?;
            (ok, ok)
        }
    };
    let timestamp = signer
        .unsigned_attrs
        .as_ref()
        .is_some_and(|attrs| attrs.iter().any(|a| a.oid == TIMESTAMP_TOKEN));
    Ok(Checked {
        digest_ok,
        signature_ok,
        signer: cert,
        certificates,
        timestamp,
    })
}

fn signer_certificate(signer: &SignerInfo, certificates: &[Certificate]) -> Option<Certificate> {
    certificates
        .iter()
        .find(|c| match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                c.tbs_certificate.issuer == id.issuer && c.tbs_certificate.serial_number == id.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => c
                .tbs_certificate
                .get::<x509_cert::ext::pkix::SubjectKeyIdentifier>()
                .ok()
                .flatten()
                .is_some_and(|(_, k)| k == *ski),
        })
        .cloned()
}

/// The digest of `parts` with the algorithm named, if it is one vbhc knows.
pub fn hash(alg: ObjectIdentifier, parts: &[&[u8]]) -> Option<Vec<u8>> {
    fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
        let mut h = D::new();
        parts.iter().for_each(|p| h.update(p));
        h.finalize().to_vec()
    }
    match alg {
        rfc5912::ID_SHA_256 => Some(run::<sha2::Sha256>(parts)),
        rfc5912::ID_SHA_384 => Some(run::<sha2::Sha384>(parts)),
        rfc5912::ID_SHA_512 => Some(run::<sha2::Sha512>(parts)),
        _ => None,
    }
}

fn verify_signature(cert: &Certificate, signer: &SignerInfo, digest_alg: ObjectIdentifier, message: &[u8]) -> Result<bool, String> {
    let sig_alg = signer.signature_algorithm.oid;
    if sig_alg == crate::sign::khoa_ky::ECDSA_WITH_SHA256 {
        return Ok(super::trust::p256_verifies(cert, message, signer.signature.as_bytes()));
    }
    let rsa = [
        rfc5912::RSA_ENCRYPTION,
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
        rfc5912::SHA_384_WITH_RSA_ENCRYPTION,
        rfc5912::SHA_512_WITH_RSA_ENCRYPTION,
    ];
    if !rsa.contains(&sig_alg) {
        return Err(format!("chưa kiểm tra được chữ ký theo thuật toán {sig_alg}"));
    }
    Ok(super::trust::rsa_verifies(cert, digest_alg, message, signer.signature.as_bytes()))
}
