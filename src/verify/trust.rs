//! Whether a signer's certificate chains up to a CA the user trusts: each certificate signed by
//! the next one's key, each valid at the signing time, the last issued by (or being) a trusted
//! certificate. Revocation is not checked (no network, no CRL given).

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912;
use der::Encode;
use rsa::pkcs8::DecodePublicKey;
use x509_cert::Certificate;

/// Longest chain followed: real ones are three or four certificates.
const MAX_DEPTH: usize = 8;

pub fn chain_to(
    signer: &Certificate,
    carried: &[Certificate],
    trusted: &[Certificate],
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> Result<(), String> {
    let at = at.map_or_else(|| chrono::Utc::now().timestamp(), |t| t.timestamp());
    let mut current = signer.clone();
    for _ in 0..MAX_DEPTH {
        valid_at(&current, at)?;
        if trusted.contains(&current) {
            return Ok(());
        }
        if let Some(ca) = trusted.iter().find(|ca| ca.tbs_certificate.subject == current.tbs_certificate.issuer) {
            return if signed_by(&current, ca) {
                valid_at(ca, at)
            } else {
                Err(format!("chữ ký trên chứng thư `{}` không khớp với CA tin cậy", current.tbs_certificate.subject))
            };
        }
        let Some(issuer) = carried
            .iter()
            .find(|c| c.tbs_certificate.subject == current.tbs_certificate.issuer && **c != current)
        else {
            return Err(format!(
                "không tìm thấy CA tin cậy cấp chứng thư `{}` (nơi cấp: {})",
                current.tbs_certificate.subject, current.tbs_certificate.issuer
            ));
        };
        if !signed_by(&current, issuer) {
            return Err(format!("chữ ký trên chứng thư `{}` không khớp với nơi cấp", current.tbs_certificate.subject));
        }
        current = issuer.clone();
    }
    Err("chuỗi chứng thư quá dài".into())
}

fn valid_at(cert: &Certificate, at: i64) -> Result<(), String> {
    let v = &cert.tbs_certificate.validity;
    let from = v.not_before.to_unix_duration().as_secs() as i64;
    let until = v.not_after.to_unix_duration().as_secs() as i64;
    if at < from || at > until {
        return Err(format!("chứng thư `{}` không còn hiệu lực vào lúc ký", cert.tbs_certificate.subject));
    }
    Ok(())
}

/// Whether `cert` carries a valid signature by `issuer`'s key.
fn signed_by(cert: &Certificate, issuer: &Certificate) -> bool {
    let digest = match cert.signature_algorithm.oid {
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION => rfc5912::ID_SHA_256,
        rfc5912::SHA_384_WITH_RSA_ENCRYPTION => rfc5912::ID_SHA_384,
        rfc5912::SHA_512_WITH_RSA_ENCRYPTION => rfc5912::ID_SHA_512,
        _ => return false,
    };
    let Ok(tbs) = cert.tbs_certificate.to_der() else { return false };
    let Some(signature) = cert.signature.as_bytes() else { return false };
    rsa_verifies(issuer, digest, &tbs, signature)
}

/// An ECDSA P-256 signature (DER) over `message` with SHA-256, by `cert`'s key.
pub fn p256_verifies(cert: &Certificate, message: &[u8], signature: &[u8]) -> bool {
    use p256::ecdsa::signature::Verifier;
    use p256::pkcs8::DecodePublicKey;
    let Ok(spki) = cert.tbs_certificate.subject_public_key_info.to_der() else { return false };
    let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki) else { return false };
    let Ok(signature) = p256::ecdsa::Signature::from_der(signature) else { return false };
    key.verify(message, &signature).is_ok()
}

/// An RSA PKCS#1 v1.5 signature over `message` with `digest`, by `cert`'s key.
pub fn rsa_verifies(cert: &Certificate, digest: ObjectIdentifier, message: &[u8], signature: &[u8]) -> bool {
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::signature::Verifier;
    let Ok(spki) = cert.tbs_certificate.subject_public_key_info.to_der() else { return false };
    let Ok(key) = rsa::RsaPublicKey::from_public_key_der(&spki) else { return false };
    let Ok(signature) = Signature::try_from(signature) else { return false };
    match digest {
        rfc5912::ID_SHA_256 => VerifyingKey::<sha2::Sha256>::new(key).verify(message, &signature).is_ok(),
        rfc5912::ID_SHA_384 => VerifyingKey::<sha2::Sha384>::new(key).verify(message, &signature).is_ok(),
        rfc5912::ID_SHA_512 => VerifyingKey::<sha2::Sha512>::new(key).verify(message, &signature).is_ok(),
        _ => false,
    }
}
