//! A key on a USB token (VGCA, VNPT-CA, Viettel-CA, FPT-CA; SoftHSM2 in the tests), through
//! the token maker's PKCS#11 module: the token chosen by its label, the private key by its
//! label or id, its certificate found beside it by the same id; the PIN given once. The key
//! signs on the token and never leaves it.

use super::SignError;
use super::khoa_ky::{KhoaKy, ecdsa_sha256, rsa_sha256};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use der::Decode;
use x509_cert::Certificate;
use x509_cert::spki::AlgorithmIdentifierOwned;

/// Which token and which key: both optional when the module shows only one.
pub struct Chon<'a> {
    pub token: Option<&'a str>,
    /// The key's label, or its id in hexadecimal.
    pub key: Option<&'a str>,
}

/// A logged-in session and the key it signs with.
pub struct KhoaToken {
    session: Session,
    key: ObjectHandle,
    kind: KeyType,
}

fn pkcs11(e: CkError) -> SignError {
    match e {
        CkError::Pkcs11(RvError::PinIncorrect, _) => SignError::Token("mã PIN không đúng".into()),
        CkError::Pkcs11(RvError::PinLocked, _) => {
            SignError::Token("thiết bị ký đã bị khóa mã PIN; liên hệ nơi cấp chứng thư số".into())
        }
        CkError::LibraryLoading(e) => SignError::Token(format!("không nạp được thư viện PKCS#11: {e}")),
        e => SignError::Token(e.to_string()),
    }
}

/// Opens `module`, finds the token and the key as `chon` says, logs in with `pin`; returns
/// the key and its certificate.
pub fn open(module: &std::path::Path, chon: &Chon, pin: &str) -> Result<(KhoaToken, Certificate), SignError> {
    let ctx = Pkcs11::new(module).map_err(pkcs11)?;
    ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)).map_err(pkcs11)?;
    let mut labels = Vec::new();
    let mut found = None;
    for slot in ctx.get_slots_with_token().map_err(pkcs11)? {
        let label = ctx.get_token_info(slot).map_err(pkcs11)?.label().trim().to_string();
        if chon.token.is_none_or(|t| t == label) && found.is_none() {
            found = Some(slot);
        }
        labels.push(label);
    }
    let slot = found.ok_or_else(|| match chon.token {
        Some(t) if !labels.is_empty() => {
            SignError::Token(format!("không có thiết bị ký `{t}`; các thiết bị đang cắm: {}", labels.join(", ")))
        }
        _ => SignError::Token("không thấy thiết bị ký nào (cắm USB token rồi thử lại)".into()),
    })?;
    let session = ctx.open_ro_session(slot).map_err(pkcs11)?;
    session.login(UserType::User, Some(&AuthPin::from(pin.to_string()))).map_err(pkcs11)?;

    let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
    match chon.key {
        Some(k) => match hex_id(k) {
            Some(id) => template.push(Attribute::Id(id)),
            None => template.push(Attribute::Label(k.as_bytes().to_vec())),
        },
        None => {}
    }
    let keys = session.find_objects(&template).map_err(pkcs11)?;
    let key = match (keys.as_slice(), chon.key) {
        ([one], _) => *one,
        ([], Some(k)) => return Err(SignError::Token(format!("không có khóa `{k}` trên thiết bị ký"))),
        ([], None) => return Err(SignError::Token("thiết bị ký không có khóa bí mật nào".into())),
        (_, _) => {
            return Err(SignError::Token(
                "thiết bị ký có nhiều khóa; chọn một bằng --key (nhãn hoặc mã id)".into(),
            ));
        }
    };
    let attributes = session
        .get_attributes(key, &[AttributeType::Id, AttributeType::KeyType])
        .map_err(pkcs11)?;
    let (mut id, mut kind) = (None, None);
    for a in attributes {
        match a {
            Attribute::Id(i) => id = Some(i),
            Attribute::KeyType(k) => kind = Some(k),
            _ => {}
        }
    }
    let kind = kind.ok_or_else(|| SignError::Token("không đọc được loại khóa".into()))?;
    if kind != KeyType::RSA && kind != KeyType::EC {
        return Err(SignError::UnsupportedKey);
    }
    let certificate = certificate_of(&session, id)?;
    Ok((KhoaToken { session, key, kind }, certificate))
}

/// The certificate stored beside the key, under the same id.
fn certificate_of(session: &Session, id: Option<Vec<u8>>) -> Result<Certificate, SignError> {
    let mut template = vec![Attribute::Class(ObjectClass::CERTIFICATE)];
    template.extend(id.map(Attribute::Id));
    let handle = *session
        .find_objects(&template)
        .map_err(pkcs11)?
        .first()
        .ok_or(SignError::NoCertificate)?;
    let value = session
        .get_attributes(handle, &[AttributeType::Value])
        .map_err(pkcs11)?
        .into_iter()
        .find_map(|a| match a {
            Attribute::Value(v) => Some(v),
            _ => None,
        })
        .ok_or(SignError::NoCertificate)?;
    Certificate::from_der(&value).map_err(|e| SignError::Token(format!("chứng thư số trên thiết bị không đọc được: {e}")))
}

/// `01ab…` read as an id; anything else is a label.
fn hex_id(s: &str) -> Option<Vec<u8>> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    if s.is_empty() || s.len() % 2 != 0 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

impl KhoaKy for KhoaToken {
    fn algorithm(&self) -> AlgorithmIdentifierOwned {
        if self.kind == KeyType::EC { ecdsa_sha256() } else { rsa_sha256() }
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, SignError> {
        if self.kind == KeyType::EC {
            // Hashed here and signed raw (CKM_ECDSA): many tokens, and SoftHSM, have no
            // CKM_ECDSA_SHA256.
            let hash = <sha2::Sha256 as sha2::Digest>::digest(data);
            let raw = self.session.sign(&Mechanism::Ecdsa, self.key, &hash).map_err(pkcs11)?;
            ecdsa_der(&raw)
        } else {
            self.session.sign(&Mechanism::Sha256RsaPkcs, self.key, data).map_err(pkcs11)
        }
    }
}

/// PKCS#11 returns an ECDSA signature as r ‖ s; CMS wants the DER `Ecdsa-Sig-Value`
/// (RFC 5753 §7.2).
fn ecdsa_der(raw: &[u8]) -> Result<Vec<u8>, SignError> {
    #[derive(der::Sequence)]
    struct EcdsaSig<'a> {
        r: der::asn1::UintRef<'a>,
        s: der::asn1::UintRef<'a>,
    }
    use der::Encode;
    let half = raw.len() / 2;
    let bad = |e: der::Error| SignError::Cms(e.to_string());
    let sig = EcdsaSig {
        r: der::asn1::UintRef::new(&raw[..half]).map_err(bad)?,
        s: der::asn1::UintRef::new(&raw[half..]).map_err(bad)?,
    };
    sig.to_der().map_err(bad)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hex_id_or_a_label() {
        assert_eq!(super::hex_id("01ab"), Some(vec![0x01, 0xab]));
        assert_eq!(super::hex_id("0x02"), Some(vec![0x02]));
        assert_eq!(super::hex_id("giam-doc"), None);
        assert_eq!(super::hex_id("abc"), None);
    }
}
