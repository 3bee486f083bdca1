//! The signer: a private key and its certificate chain, from a PKCS#12 file (.p12/.pfx) or a
//! token (`token.rs`), checked before anything is signed: the key matches the certificate,
//! the certificate is valid now, and it may sign (key usage `digitalSignature` or
//! `nonRepudiation`).

use super::SignError;
use super::khoa_ky::{KhoaKy, KhoaRsa};
use der::{Decode, Encode};
use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
use rsa::RsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use std::time::{Duration, SystemTime};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

pub struct Identity {
    pub key: Box<dyn KhoaKy>,
    /// The signer's certificate.
    pub certificate: Certificate,
    /// The signer's certificate first, then the rest of the chain the file holds.
    pub chain: Vec<Certificate>,
    /// The signer's name: the certificate's common name (CN).
    pub name: String,
}

impl Identity {
    /// Opens a PKCS#12 file with its password and checks the certificate at `now`.
    pub fn from_pkcs12(data: &[u8], password: &str, now: SystemTime) -> Result<Self, SignError> {
        let store = KeyStore::from_pkcs12(data, password, Pkcs12ImportPolicy::Relaxed)
            .map_err(|e| SignError::Pkcs12(e.to_string()))?;
        let (_, chain) = store.private_key_chain().ok_or(SignError::NoKey)?;
        let key = RsaPrivateKey::from_pkcs8_der(chain.key().as_der())
            .map_err(|_| SignError::UnsupportedKey)?;
        let public = rsa::RsaPublicKey::from(&key);
        let mut certificates = chain
            .certs()
            .iter()
            .map(|c| Certificate::from_der(c.as_der()).map_err(|e| SignError::Pkcs12(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        // The signer's certificate is the one whose public key is the key's.
        let position = certificates
            .iter()
            .position(|c| {
                c.tbs_certificate
                    .subject_public_key_info
                    .to_der()
                    .ok()
                    .and_then(|spki| rsa::RsaPublicKey::from_public_key_der(&spki).ok())
                    .is_some_and(|k| k == public)
            })
            .ok_or(SignError::NoCertificate)?;
        let certificate = certificates.remove(position);
        Identity::checked(Box::new(KhoaRsa(key)), certificate, certificates, now)
    }

    /// The signer of `key`, whose certificate is `certificate` (with the rest of its chain),
    /// once the certificate is checked at `now`.
    pub fn checked(
        key: Box<dyn KhoaKy>,
        certificate: Certificate,
        rest: Vec<Certificate>,
        now: SystemTime,
    ) -> Result<Self, SignError> {
        check_validity(&certificate, now)?;
        check_key_usage(&certificate)?;
        let name = common_name(&certificate).unwrap_or_else(|| certificate.tbs_certificate.subject.to_string());
        let mut chain = vec![certificate.clone()];
        chain.extend(rest);
        Ok(Identity {
            key,
            certificate,
            chain,
            name,
        })
    }
}

fn check_validity(cert: &Certificate, now: SystemTime) -> Result<(), SignError> {
    let validity = &cert.tbs_certificate.validity;
    let now = now.duration_since(SystemTime::UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let from = validity.not_before.to_unix_duration();
    let until = validity.not_after.to_unix_duration();
    if now < from {
        return Err(SignError::NotYetValid(format_date(from)));
    }
    if now > until {
        return Err(SignError::Expired(format_date(until)));
    }
    Ok(())
}

/// A certificate without the key-usage extension may be used for anything (RFC 5280 §4.2.1.3);
/// one with it must allow signing.
fn check_key_usage(cert: &Certificate) -> Result<(), SignError> {
    let usage = cert
        .tbs_certificate
        .get::<KeyUsage>()
        .map_err(|e| SignError::Pkcs12(e.to_string()))?;
    match usage {
        Some((_, KeyUsage(flags)))
            if !flags.contains(KeyUsages::DigitalSignature)
                && !flags.contains(KeyUsages::NonRepudiation) =>
        {
            Err(SignError::KeyUsage)
        }
        _ => Ok(()),
    }
}

/// The subject's common name, whatever string type the CA encoded it in.
pub(crate) fn common_name(cert: &Certificate) -> Option<String> {
    use der::asn1::{BmpString, PrintableStringRef, TeletexStringRef, Utf8StringRef};
    let cn = const_oid::db::rfc4519::CN;
    cert.tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == cn)
        .and_then(|atv| {
            let v = &atv.value;
            v.decode_as::<Utf8StringRef>()
                .map(|s| s.as_str().to_string())
                .or_else(|_| v.decode_as::<PrintableStringRef>().map(|s| s.as_str().to_string()))
                .or_else(|_| v.decode_as::<BmpString>().map(|s| s.to_string()))
                .or_else(|_| v.decode_as::<TeletexStringRef>().map(|s| s.as_str().to_string()))
                .ok()
        })
}

/// A date as a clerk reads it: `dd/mm/yyyy`.
fn format_date(since_epoch: Duration) -> String {
    chrono::DateTime::from_timestamp(since_epoch.as_secs() as i64, 0)
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}
