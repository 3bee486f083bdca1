//! The signature value put into the PDF: a detached CMS SignedData (CAdES baseline B, as
//! PAdES requires for `/SubFilter /ETSI.CAdES.detached`): signed attributes content-type,
//! message-digest and signing-certificate-v2, and no signing-time (the time goes in the
//! signature dictionary's `/M`, ETSI EN 319 142-1 §5.2.1); SHA-256 with RSA PKCS#1 v1.5.

use super::SignError;
use super::identity::Identity;
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use const_oid::ObjectIdentifier;
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Encode};
use rsa::pkcs1v15::{Signature, SigningKey};
use sha2::{Digest, Sha256};
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

/// id-aa-signingCertificateV2 (RFC 5035).
const SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// ESSCertIDv2 with the default hash (SHA-256), so only the certificate's hash is written.
#[derive(der::Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

#[derive(der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// The DER of a CMS ContentInfo signing `digest` (the SHA-256 of the signed byte ranges).
pub fn signed_data(identity: &Identity, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    let err = |e: &dyn std::fmt::Display| SignError::Cms(e.to_string());
    let content = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sha256 = AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let tbs = &identity.certificate.tbs_certificate;
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: tbs.issuer.clone(),
        serial_number: tbs.serial_number.clone(),
    });
    let signer = SigningKey::<Sha256>::new(identity.key.clone());
    let mut signer_info =
        SignerInfoBuilder::new(&signer, sid, sha256.clone(), &content, Some(digest)).map_err(|e| err(&e))?;
    signer_info
        .add_signed_attribute(signing_certificate_attribute(identity)?)
        .map_err(|e| err(&e))?;
    let mut builder = SignedDataBuilder::new(&content);
    builder.add_digest_algorithm(sha256).map_err(|e| err(&e))?;
    for cert in &identity.chain {
        builder
            .add_certificate(CertificateChoices::Certificate(cert.clone()))
            .map_err(|e| err(&e))?;
    }
    builder
        .add_signer_info::<_, Signature>(signer_info)
        .map_err(|e| err(&e))?;
    let content_info = builder.build().map_err(|e| err(&e))?;
    content_info.to_der().map_err(|e| err(&e))
}

/// Binds the signature to the signer's certificate, so it cannot be swapped for another with
/// the same key (ESS, RFC 5035); PAdES B-B requires it.
fn signing_certificate_attribute(identity: &Identity) -> Result<Attribute, SignError> {
    let err = |e: der::Error| SignError::Cms(e.to_string());
    let cert_der = identity.certificate.to_der().map_err(err)?;
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(&cert_der).to_vec()).map_err(err)?,
        }],
    };
    let value = Any::encode_from(&value).map_err(err)?;
    Ok(Attribute {
        oid: SIGNING_CERTIFICATE_V2,
        values: SetOfVec::try_from(vec![value]).map_err(err)?,
    })
}
