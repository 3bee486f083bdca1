//! What holds the signer's private key and signs with it: the key of a `.p12` file, or a key
//! on a USB token (`token.rs`). Both sign the same bytes (the DER of the signed attributes)
//! with SHA-256, and say which algorithm CMS must name.

use super::SignError;
use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912;
use der::Any;
use x509_cert::spki::AlgorithmIdentifierOwned;

pub trait KhoaKy {
    /// The signature algorithm, as CMS names it.
    fn algorithm(&self) -> AlgorithmIdentifierOwned;
    /// The signature of `data` (hashed with SHA-256 by the key's side).
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// sha256WithRSAEncryption, its parameters NULL (RFC 4055 §5).
pub fn rsa_sha256() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
        parameters: Some(Any::null()),
    }
}

/// ecdsa-with-SHA256 (RFC 5758 §3.2).
pub const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// ecdsa-with-SHA256, no parameters.
pub fn ecdsa_sha256() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: ECDSA_WITH_SHA256,
        parameters: None,
    }
}

/// The RSA key of a `.p12` file.
pub struct KhoaRsa(pub rsa::RsaPrivateKey);

impl KhoaKy for KhoaRsa {
    fn algorithm(&self) -> AlgorithmIdentifierOwned {
        rsa_sha256()
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, SignError> {
        use rsa::signature::{SignatureEncoding, Signer};
        let key = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(self.0.clone());
        Ok(key.try_sign(data).map_err(|e| SignError::Cms(e.to_string()))?.to_vec())
    }
}
