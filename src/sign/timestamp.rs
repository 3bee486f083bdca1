//! An RFC 3161 timestamp on a signature (PAdES B-T): the SHA-256 of the signature value sent
//! to a time-stamping authority, its token checked to stamp that hash (and answer our nonce),
//! and kept as the signer's unsigned attribute id-aa-signatureTimeStampToken (RFC 3161
//! appendix A), so the signing time no longer rests on the signer's clock.

use super::SignError;
use cms::content_info::ContentInfo;
use cms::signed_data::EncapsulatedContentInfo;
use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912;
use der::asn1::{GeneralizedTime, Int, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Reader, Sequence};
use sha2::{Digest, Sha256};
use std::time::Duration;
use x509_cert::attr::Attribute;
use x509_cert::spki::AlgorithmIdentifierOwned;

/// id-aa-signatureTimeStampToken.
pub const TIMESTAMP_TOKEN: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-ct-TSTInfo.
const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
/// How long a TSA may take to answer, and how large its answer may be.
const TIMEOUT: Duration = Duration::from_secs(30);
const MAX_REPLY: u64 = 1024 * 1024;

#[derive(Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

#[derive(Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    nonce: Int,
    cert_req: bool,
}

#[derive(Sequence)]
struct TimeStampResp {
    status: Any,
    #[asn1(optional = "true")]
    time_stamp_token: Option<ContentInfo>,
}

/// The start of TSTInfo (RFC 3161 §2.4.2); what follows `gen_time` is not read.
struct TstInfoHead {
    message_imprint: MessageImprint,
}

impl TstInfoHead {
    fn decode_value_fields(r: &mut der::NestedReader<'_, der::SliceReader<'_>>) -> der::Result<Self> {
        let _version = u8::decode(r)?;
        let _policy = ObjectIdentifier::decode(r)?;
        let message_imprint = MessageImprint::decode(r)?;
        let _serial = Int::decode(r)?;
        let _gen_time = GeneralizedTime::decode(r)?;
        // The rest (accuracy, ordering, nonce, TSA name, extensions) stays unread.
        while !r.is_finished() {
            let _ = Any::decode(r)?;
        }
        Ok(TstInfoHead { message_imprint })
    }
}

fn tsa(message: impl std::fmt::Display) -> SignError {
    SignError::Timestamp(message.to_string())
}

/// The timestamp attribute for `signature` (the signer's signature value), from the TSA at
/// `url`.
pub fn attribute(url: &str, signature: &[u8]) -> Result<Attribute, SignError> {
    if !url.starts_with("http://") {
        return Err(tsa(format!("địa chỉ `{url}` phải bắt đầu bằng http:// (máy chủ dấu thời gian trả lời đã được ký, không cần https)")));
    }
    let hash = Sha256::digest(signature).to_vec();
    let nonce: u64 = rand_nonce();
    let nonce_bytes = nonce.to_be_bytes();
    let request = TimeStampReq {
        version: 1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifierOwned { oid: rfc5912::ID_SHA_256, parameters: None },
            hashed_message: OctetString::new(hash.clone()).map_err(tsa)?,
        },
        nonce: Int::new(&nonce_bytes).map_err(tsa)?,
        cert_req: true,
    }
    .to_der()
    .map_err(tsa)?;
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(TIMEOUT)).build().into();
    let reply = agent
        .post(url)
        .header("Content-Type", "application/timestamp-query")
        .send(&request[..])
        .map_err(|e| tsa(format!("không gọi được máy chủ dấu thời gian {url}: {e}")))?
        .body_mut()
        .with_config()
        .limit(MAX_REPLY)
        .read_to_vec()
        .map_err(|e| tsa(format!("không đọc được trả lời của máy chủ dấu thời gian: {e}")))?;
    let token = token_of(&reply)?;
    check_token(&token, &hash, &nonce_bytes)?;
    Ok(Attribute {
        oid: TIMESTAMP_TOKEN,
        values: SetOfVec::try_from(vec![Any::encode_from(&token).map_err(tsa)?]).map_err(tsa)?,
    })
}

/// The token of a granted reply (status 0 or 1).
fn token_of(reply: &[u8]) -> Result<ContentInfo, SignError> {
    let resp = TimeStampResp::from_der(reply).map_err(|e| tsa(format!("trả lời không đúng RFC 3161: {e}")))?;
    // PKIStatusInfo begins with its status; the rest (text, failure bits) is not read.
    let mut reader = der::SliceReader::new(resp.status.value()).map_err(tsa)?;
    let status = u8::decode(&mut reader).map_err(tsa)?;
    if status > 1 {
        return Err(tsa(format!("máy chủ dấu thời gian từ chối (trạng thái {status})")));
    }
    resp.time_stamp_token.ok_or_else(|| tsa("trả lời không có dấu thời gian"))
}

/// The token stamps `hash` and answers `nonce`: a token for anything else is refused.
fn check_token(token: &ContentInfo, hash: &[u8], nonce: &[u8]) -> Result<(), SignError> {
    // SignedData is read up to its content only: TSAs often list their certificate twice,
    // which a strict SET OF decoder refuses, and the certificates are not needed here.
    let mut reader = der::SliceReader::new(token.content.value()).map_err(tsa)?;
    let _version = Any::decode(&mut reader).map_err(tsa)?;
    let _digest_algorithms = Any::decode(&mut reader).map_err(tsa)?;
    let encap = EncapsulatedContentInfo::decode(&mut reader).map_err(tsa)?;
    if encap.econtent_type != TST_INFO {
        return Err(tsa("dấu thời gian không chứa TSTInfo"));
    }
    let content = encap.econtent.ok_or_else(|| tsa("dấu thời gian trống"))?;
    let octets: OctetString = content.decode_as().map_err(tsa)?;
    let mut reader = der::SliceReader::new(octets.as_bytes()).map_err(tsa)?;
    let info = reader.sequence(|r| TstInfoHead::decode_value_fields(r)).map_err(tsa)?;
    if info.message_imprint.hashed_message.as_bytes() != hash {
        return Err(tsa("dấu thời gian nhận về không phải cho chữ ký này"));
    }
    // The nonce follows in TSTInfo, as the INTEGER we sent; an answer to another request
    // would not carry ours.
    let ours: Vec<u8> = [&[0x02, nonce.len() as u8][..], nonce].concat();
    if !octets.as_bytes().windows(ours.len()).any(|w| w == ours) {
        return Err(tsa("dấu thời gian nhận về không trả lời yêu cầu này (nonce)"));
    }
    Ok(())
}

/// A nonce from the system's randomness (RFC 3161 §2.4.1: a large random number).
fn rand_nonce() -> u64 {
    let mut bytes = [0u8; 8];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        let _ = std::io::Read::read_exact(&mut f, &mut bytes);
    }
    // Without /dev/urandom (Windows), the time's nanoseconds are unique enough per request.
    let time = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    // Positive with a non-zero first byte: its INTEGER is the eight bytes as they are.
    (u64::from_be_bytes(bytes) ^ time.as_nanos() as u64) & 0x7FFF_FFFF_FFFF_FFFF | 0x0100_0000_0000_0000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_that_is_not_rfc_3161_or_refuses_gives_no_token() {
        assert!(token_of(b"<html>502</html>").is_err());
        // TimeStampResp { status { rejection (2) } }: refused, with the status named.
        let rejection = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02];
        let e = token_of(&rejection).err().unwrap().to_string();
        assert!(e.contains("từ chối (trạng thái 2)"), "{e}");
    }

    #[test]
    fn only_http_urls_are_asked() {
        let e = attribute("ftp://tsa.example/", b"x").err().unwrap().to_string();
        assert!(e.contains("http://"), "{e}");
    }

    #[test]
    fn a_nonce_is_eight_bytes_as_an_integer() {
        let n = rand_nonce().to_be_bytes();
        assert!(n[0] >= 1 && n[0] < 0x80, "{n:?}");
        assert_eq!(Int::new(&n).unwrap().to_der().unwrap().len(), 10);
    }
}
