//! A throw-away certificate authority and signers, made at test time: nothing secret is stored
//! in the repository, and each test can ask for the certificate it needs (valid, expired,
//! without the right to sign).

use p12_keystore::{Certificate as P12Certificate, KeyStore, KeyStoreEntry, LocalKeyId, PrivateKey, PrivateKeyChain};
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::{Signature, SigningKey};
use rsa::pkcs8::EncodePrivateKey;
use sha2::Sha256;
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::{Encode, EncodePem};
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};

pub const PASSWORD: &str = "mật khẩu thử 123";
pub const SIGNER_NAME: &str = "Nguyễn Văn Ánh";

pub enum Kind {
    Valid,
    Expired,
    /// Key usage `keyEncipherment` only: not for signing.
    NoSigning,
}

struct Ca {
    key: RsaPrivateKey,
    name: Name,
    der: Vec<u8>,
}

fn key() -> RsaPrivateKey {
    RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("RSA key")
}

fn ca() -> &'static Ca {
    static CA: OnceLock<Ca> = OnceLock::new();
    CA.get_or_init(|| {
        let key = key();
        let name = Name::from_str("CN=CA thử nghiệm vbhc,O=vbhc,C=VN").unwrap();
        let signer = SigningKey::<Sha256>::new(key.clone());
        let spki = SubjectPublicKeyInfoOwned::from_key(key.to_public_key()).unwrap();
        let validity = Validity::from_now(Duration::from_secs(3600 * 24 * 365)).unwrap();
        let builder = CertificateBuilder::new(
            Profile::Root,
            SerialNumber::from(1u32),
            validity,
            name.clone(),
            spki,
            &signer,
        )
        .unwrap();
        let der = builder.build::<Signature>().unwrap().to_der().unwrap();
        Ca { key, name, der }
    })
}

/// The CA certificate in PEM, for the validators' trust store.
pub fn ca_pem() -> String {
    use x509_cert::der::Decode;
    x509_cert::Certificate::from_der(&ca().der)
        .unwrap()
        .to_pem(x509_cert::der::pem::LineEnding::LF)
        .unwrap()
}

/// A signer's key (PKCS#8 PEM, for a token to import) and certificate (DER).
pub fn key_and_certificate(kind: Kind) -> (String, Vec<u8>) {
    let (key, cert) = signer(kind);
    let pem = key.to_pkcs8_pem(rsa::pkcs8::LineEnding::LF).unwrap().to_string();
    (pem, cert)
}

/// A PKCS#12 file (key, signer certificate, CA certificate) protected by [`PASSWORD`].
pub fn p12(kind: Kind) -> Vec<u8> {
    let ca = ca();
    let (key, cert) = signer(kind);
    let chain = PrivateKeyChain::new(
        LocalKeyId(vec![1, 2, 3, 4]),
        PrivateKey::from_der(key.to_pkcs8_der().unwrap().as_bytes()).unwrap(),
        [
            P12Certificate::from_der(&cert).unwrap(),
            P12Certificate::from_der(&ca.der).unwrap(),
        ],
    );
    let mut store = KeyStore::new();
    store.add_entry("vbhc", KeyStoreEntry::PrivateKeyChain(chain));
    store.writer(PASSWORD).write().unwrap()
}

/// A valid signing certificate from the test CA for the public key `spki` (DER), whatever its
/// algorithm: a key made on a token, which never leaves it.
pub fn certificate_for(spki: &[u8]) -> Vec<u8> {
    use x509_cert::der::Decode;
    let ca = ca();
    let ca_signer = SigningKey::<Sha256>::new(ca.key.clone());
    let spki = SubjectPublicKeyInfoOwned::from_der(spki).unwrap();
    let subject = Name::from_str(&format!("CN={SIGNER_NAME},O=Sở Y tế thử nghiệm,C=VN")).unwrap();
    let profile = Profile::Leaf {
        issuer: ca.name.clone(),
        enable_key_agreement: false,
        enable_key_encipherment: false,
        include_subject_key_identifier: true,
    };
    let validity = Validity::from_now(Duration::from_secs(3600 * 24 * 30)).unwrap();
    CertificateBuilder::new(profile, SerialNumber::from(3u32), validity, subject, spki, &ca_signer)
        .unwrap()
        .build::<Signature>()
        .unwrap()
        .to_der()
        .unwrap()
}

/// A fresh key and its certificate from the test CA, of the kind asked for.
fn signer(kind: Kind) -> (RsaPrivateKey, Vec<u8>) {
    let ca = ca();
    let key = key();
    let ca_signer = SigningKey::<Sha256>::new(ca.key.clone());
    let spki = SubjectPublicKeyInfoOwned::from_key(key.to_public_key()).unwrap();
    let day = Duration::from_secs(3600 * 24);
    let validity = match kind {
        Kind::Expired => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap();
            Validity {
                not_before: Time::try_from(std::time::UNIX_EPOCH + now - 60 * day).unwrap(),
                not_after: Time::try_from(std::time::UNIX_EPOCH + now - 30 * day).unwrap(),
            }
        }
        _ => Validity::from_now(30 * day).unwrap(),
    };
    let subject = Name::from_str(&format!("CN={SIGNER_NAME},O=Sở Y tế thử nghiệm,C=VN")).unwrap();
    let profile = match kind {
        Kind::NoSigning => Profile::Manual {
            issuer: Some(ca.name.clone()),
        },
        _ => Profile::Leaf {
            issuer: ca.name.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
            include_subject_key_identifier: true,
        },
    };
    let mut builder =
        CertificateBuilder::new(profile, SerialNumber::from(2u32), validity, subject, spki, &ca_signer)
            .unwrap();
    if let Kind::NoSigning = kind {
        builder
            .add_extension(&KeyUsage(KeyUsages::KeyEncipherment.into()))
            .unwrap();
    }
    let cert = builder.build::<Signature>().unwrap().to_der().unwrap();
    (key, cert)
}
