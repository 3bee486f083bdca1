//! The signature value put into the PDF: a detached CMS SignedData (CAdES baseline B, as
//! PAdES requires for `/SubFilter /ETSI.CAdES.detached`): signed attributes content-type,
//! message-digest and signing-certificate-v2, and no signing-time (the time goes in the
//! signature dictionary's `/M`, ETSI EN 319 142-1 §5.2.1); SHA-256.
//!
//! Built in two steps, so that what signs may be a key in a file, a token or a remote
//! service, which all sign the same bytes: [`signed_attributes`] (their DER is what the key
//! signs), then [`content_info`] with the signature the key returned.

use super::SignError;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Encode};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::spki::AlgorithmIdentifierOwned;

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

fn err(e: impl std::fmt::Display) -> SignError {
    SignError::Cms(e.to_string())
}

fn sha256() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: rfc5912::ID_SHA_256,
        parameters: None,
    }
}

/// The signed attributes for `digest` (the SHA-256 of the signed byte ranges), signed by the
/// holder of `certificate`.
pub fn signed_attributes(digest: &[u8], certificate: &Certificate) -> Result<SetOfVec<Attribute>, SignError> {
    let attribute = |oid, value: Any| -> Result<Attribute, SignError> {
        Ok(Attribute {
            oid,
            values: SetOfVec::try_from(vec![value]).map_err(err)?,
        })
    };
    let content_type = attribute(rfc5911::ID_CONTENT_TYPE, Any::encode_from(&rfc5911::ID_DATA).map_err(err)?)?;
    let message_digest = attribute(
        rfc5911::ID_MESSAGE_DIGEST,
        Any::encode_from(&OctetString::new(digest.to_vec()).map_err(err)?).map_err(err)?,
    )?;
    // Binds the signature to the signer's certificate, so it cannot be swapped for another
    // with the same key (ESS, RFC 5035); PAdES B-B requires it.
    let cert_der = certificate.to_der().map_err(err)?;
    let signing_certificate = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(&cert_der).to_vec()).map_err(err)?,
        }],
    };
    let signing_certificate =
        attribute(SIGNING_CERTIFICATE_V2, Any::encode_from(&signing_certificate).map_err(err)?)?;
    SetOfVec::try_from(vec![content_type, message_digest, signing_certificate]).map_err(err)
}

/// The DER of the bytes a key signs: the signed attributes as a SET (RFC 5652 §5.4).
pub fn to_be_signed(attributes: &SetOfVec<Attribute>) -> Result<Vec<u8>, SignError> {
    attributes.to_der().map_err(err)
}

/// The DER of the CMS ContentInfo: `signature` (by `algorithm`) over `attributes`, with the
/// signer's `certificate` and the rest of its `chain`.
pub fn content_info(
    certificate: &Certificate,
    chain: &[Certificate],
    attributes: SetOfVec<Attribute>,
    algorithm: AlgorithmIdentifierOwned,
    signature: &[u8],
    unsigned: Option<Attribute>,
) -> Result<Vec<u8>, SignError> {
    let tbs = &certificate.tbs_certificate;
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer.clone(),
            serial_number: tbs.serial_number.clone(),
        }),
        digest_alg: sha256(),
        signed_attrs: Some(attributes),
        signature_algorithm: algorithm,
        signature: OctetString::new(signature.to_vec()).map_err(err)?,
        unsigned_attrs: unsigned
            .map(|a| SetOfVec::try_from(vec![a]))
            .transpose()
            .map_err(err)?,
    };
    let mut certificates: Vec<CertificateChoices> =
        vec![CertificateChoices::Certificate(certificate.clone())];
    certificates.extend(
        chain
            .iter()
            .filter(|c| *c != certificate)
            .map(|c| CertificateChoices::Certificate(c.clone())),
    );
    let signed = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256()]).map_err(err)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: rfc5911::ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certificates).map_err(err)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(err)?),
    };
    ContentInfo {
        content_type: rfc5911::ID_SIGNED_DATA,
        content: Any::encode_from(&signed).map_err(err)?,
    }
    .to_der()
    .map_err(err)
}
