//! `vbhc sign`: a PAdES baseline B-B signature into an empty signature field of a PDF, by an
//! incremental update, so the bytes already there (and any earlier signature) stay untouched.
//!
//! The route: find the field → lay out its appearance (signer and time) with typst → append
//! the signature dictionary with a zero-filled `/Contents` of fixed size, the field now
//! pointing to it, and the AcroForm with `/SigFlags 3` → hash every byte but `/Contents` →
//! write the CMS signature of that hash into `/Contents`.

mod appearance;
pub mod cms;
pub(crate) mod identity;
mod dictionary;
pub mod khoa_ky;
pub mod timestamp;
pub mod token;
mod permissions;

pub use identity::Identity;
pub use permissions::docmdp_of_signature as docmdp_permission;

use crate::input::anh::Anh;
use crate::pdf_edit::update::Update;
use crate::writer::pdf::{AppearanceImage, AppearanceStyle, fields};
use chrono::{DateTime, FixedOffset};
use lopdf::{Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};

/// Room for the CMS signature, in bytes: a 4096-bit RSA signature and a chain of several
/// certificates fit with room to spare.
const SIGNATURE_SIZE: usize = 16_384;

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("không mở được tệp chứng thư số (.p12): {0}; kiểm tra lại tệp và mật khẩu")]
    Pkcs12(String),
    #[error("dấu thời gian: {0}")]
    Timestamp(String),
    #[error("thiết bị ký (PKCS#11): {0}")]
    Token(String),
    #[error("tệp .p12 không chứa khóa bí mật")]
    NoKey,
    #[error("tệp .p12 không chứa chứng thư số của khóa bí mật")]
    NoCertificate,
    #[error("khóa không phải RSA hay ECDSA; vbhc ký bằng khóa RSA (tệp .p12, thiết bị ký) hoặc ECDSA (thiết bị ký)")]
    UnsupportedKey,
    #[error("chứng thư số đã hết hạn từ ngày {0}; không thể ký")]
    Expired(String),
    #[error("chứng thư số chỉ có hiệu lực từ ngày {0}; chưa thể ký")]
    NotYetValid(String),
    #[error("chứng thư số không được phép dùng để ký (thiếu mục đích digitalSignature/nonRepudiation)")]
    KeyUsage,
    #[error("không đọc được tệp PDF: {0}")]
    Pdf(String),
    #[error("tệp PDF được mã hóa; vbhc không ký tệp mã hóa")]
    Encrypted,
    #[error("tệp PDF không có trường chữ ký `{0}`{1}")]
    NoField(String, String),
    #[error("tệp PDF đã được chứng thực (ký số) với quyền \"không cho phép thay đổi\"; ký thêm sẽ làm mất hiệu lực chữ ký đó, vbhc không ký")]
    NoChangesAllowed,
    #[error("trường `{0}` đã được ký; ký vào một trường khác hoặc một bản chưa ký")]
    AlreadySigned(String),
    #[error("chữ ký của cơ quan trên phụ lục (`{0}`) chỉ ghi số, ký hiệu và thời gian ký (Phụ lục I), không có ảnh; bỏ --anh")]
    ImageOnAppendix(String),
    #[error("tệp PDF không có chữ ký nào đang chờ hoàn tất (tạo bằng `vbhc prepare`)")]
    NotPrepared,
    #[error("không tạo được hình chữ ký: {0}")]
    Appearance(String),
    #[error("không tạo được chữ ký CMS: {0}")]
    Cms(String),
}

/// Signs `pdf` into the empty signature field `field`, at `time`, and returns the signed PDF.
/// `image` is what the signature shows (§3.8): the signer's signature image in `nguoi_ky`,
/// the agency's seal image in `con_dau`; an appendix's agency signature takes none (§3.13).
/// With `tsa`, the signature gets a timestamp from that authority (PAdES B-T).
pub fn sign_pdf(
    pdf: &[u8],
    identity: &Identity,
    field: &str,
    time: DateTime<FixedOffset>,
    image: Option<&Anh>,
    tsa: Option<&str>,
) -> Result<Vec<u8>, SignError> {
    let reserved = reserve(pdf, &identity.name, field, time, image)?;
    let attributes = cms::signed_attributes(&reserved.digest(), &identity.certificate)?;
    let value = identity.key.sign(&cms::to_be_signed(&attributes)?)?;
    let stamp = tsa.map(|url| timestamp::attribute(url, &value)).transpose()?;
    let cms = cms::content_info(&identity.certificate, &identity.chain, attributes, identity.key.algorithm(), &value, stamp)?;
    reserved.fill(&cms)
}

/// `pdf` with the signature's room made in `field`: the field's appearance (who signs, `name`,
/// and when, `time`), the signature dictionary with its byte range, and `/Contents` zeros,
/// written as an incremental update; what is left is to sign [`Reserved::digest`].
pub fn reserve(
    pdf: &[u8],
    name: &str,
    field: &str,
    time: DateTime<FixedOffset>,
    image: Option<&Anh>,
) -> Result<Reserved, SignError> {
    let doc = Document::load_mem(pdf).map_err(|e| SignError::Pdf(e.to_string()))?;
    if doc.trailer.has(b"Encrypt") {
        return Err(SignError::Encrypted);
    }
    // P=1 forbids any change; P=2 and 3 allow signing, which is all vbhc adds.
    if permissions::strictest(&doc) == Some(1) {
        return Err(SignError::NoChangesAllowed);
    }
    let (field_id, mut field_dict) = find_field(&doc, field)?;
    if field_dict.has(b"V") {
        return Err(SignError::AlreadySigned(field.to_string()));
    }
    let mut update = Update::new(&doc.trailer, doc.max_id + 1, doc.xref_start);

    let rect = field_rect(&field_dict);
    let (lines, style) = appearance_lines(&doc, field, name, time, image.is_some());
    if style == AppearanceStyle::CoQuan && image.is_some() {
        return Err(SignError::ImageOnAppendix(field.to_string()));
    }
    let image = image.map(|a| AppearanceImage {
        png: a.png.clone(),
        max_width: crate::nd30::Layout::mac_dinh().chu_ky_max_width,
    });
    let appearance_pdf =
        crate::writer::pdf::appearance_pdf(rect.0, rect.1, &lines, style, image.as_ref())
            .map_err(|e| SignError::Appearance(e.to_string()))?;
    let form = appearance::import_as_form(&appearance_pdf, rect, &mut update)?;

    let sig_id = update.reserve();
    field_dict.set("V", Object::Reference(sig_id));
    field_dict.set(
        "AP",
        Object::Dictionary(Dictionary::from_iter([("N", Object::Reference(form))])),
    );
    update.replace(field_id, Object::Dictionary(field_dict));
    set_sig_flags(&doc, &mut update)?;

    let mut signature =
        dictionary::signature_dictionary(&mut update, sig_id, name, time, SIGNATURE_SIZE);
    let finished = update.finish(pdf);
    signature.locate(&finished)?;
    let mut bytes = finished.bytes;
    let contents = signature.fill_byte_range(&mut bytes);
    Ok(Reserved { bytes, contents })
}

/// A PDF whose last signature has its room made and is not signed yet.
pub struct Reserved {
    pub bytes: Vec<u8>,
    /// Where `/Contents <…>` is, `<` to after `>`: the bytes the signature leaves out.
    contents: (usize, usize),
}

impl Reserved {
    /// A prepared PDF read back: the signature whose byte range runs to the end of the file
    /// and whose `/Contents` is still zeros.
    pub fn read(bytes: Vec<u8>) -> Result<Reserved, SignError> {
        let doc = Document::load_mem(&bytes).map_err(|e| SignError::Pdf(e.to_string()))?;
        let not_prepared = || SignError::NotPrepared;
        for object in doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Sig".as_slice()) {
                continue;
            }
            let zeros = dict.get(b"Contents").and_then(Object::as_str).is_ok_and(|c| c.iter().all(|b| *b == 0));
            let range: Option<Vec<usize>> = dict
                .get(b"ByteRange")
                .and_then(Object::as_array)
                .ok()
                .and_then(|r| r.iter().map(|o| o.as_i64().ok().and_then(|n| usize::try_from(n).ok())).collect());
            if let (true, Some([0, b, c, d])) = (zeros, range.as_deref()) {
                let (b, c, d) = (*b, *c, *d);
                if c + d == bytes.len() && b < c && bytes[b] == b'<' && bytes[c - 1] == b'>' {
                    return Ok(Reserved { bytes, contents: (b, c) });
                }
            }
        }
        Err(not_prepared())
    }

    /// The SHA-256 of every byte but `/Contents`: what the signature's message digest says.
    pub fn digest(&self) -> Vec<u8> {
        let (start, end) = self.contents;
        let mut hasher = Sha256::new();
        hasher.update(&self.bytes[..start]);
        hasher.update(&self.bytes[end..]);
        hasher.finalize().to_vec()
    }

    /// The PDF with the CMS signature `cms` in its `/Contents`.
    pub fn fill(mut self, cms: &[u8]) -> Result<Vec<u8>, SignError> {
        let (start, end) = self.contents;
        let room = (end - start - 2) / 2;
        if cms.len() > room {
            return Err(SignError::Cms(format!("chữ ký dài {} byte, vượt chỗ dành sẵn {room} byte", cms.len())));
        }
        let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
        self.bytes[start + 1..start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// What the signature shows. A person's: who and when, the time as a clerk reads it. The
/// agency's seal, with its image: the image alone. The agency's on an appendix (§3.13): the
/// document's number and symbol (the PDF's subject, as `vbhc render` writes it; the signer's
/// name for a PDF without one) and the time in ISO 8601 with its zone.
fn appearance_lines(
    doc: &Document,
    field: &str,
    name: &str,
    time: DateTime<FixedOffset>,
    with_image: bool,
) -> (Vec<String>, AppearanceStyle) {
    if field == fields::CON_DAU && with_image {
        (Vec::new(), AppearanceStyle::ConDau)
    } else if field.starts_with(fields::CO_QUAN_PHU_LUC) {
        let first = match document_subject(doc).filter(|s| !s.is_empty()) {
            Some(subject) => format!("Số: {subject}"),
            None => name.to_string(),
        };
        let lines = vec![
            first,
            format!("Thời gian ký: {}", time.format("%Y-%m-%dT%H:%M:%S%:z")),
        ];
        (lines, AppearanceStyle::CoQuan)
    } else {
        (
            vec![
                format!("Ký số bởi: {name}"),
                format!("Thời gian: {}", time.format("%d/%m/%Y %H:%M:%S %:z")),
            ],
            AppearanceStyle::NguoiKy,
        )
    }
}

/// The document information's `/Subject`.
fn document_subject(doc: &Document) -> Option<String> {
    let info = match doc.trailer.get(b"Info").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        other => other.as_dict().ok()?,
    };
    info.get(b"Subject").and_then(lopdf::decode_text_string).ok()
}

/// The terminal field named `name` (its partial name `/T`, or its full dotted name) with its
/// dictionary, among the AcroForm's fields and their kids.
fn find_field(doc: &Document, name: &str) -> Result<(ObjectId, Dictionary), SignError> {
    let mut found = Vec::new();
    if let Ok(fields) = acroform(doc).and_then(|a| a.get(b"Fields")).and_then(Object::as_array) {
        let mut stack: Vec<(ObjectId, String)> = fields
            .iter()
            .filter_map(|f| f.as_reference().ok())
            .map(|id| (id, String::new()))
            .collect();
        // A field tree is small; the bound keeps a malformed, cyclic one from looping.
        let mut budget = 10_000;
        while let Some((id, parent)) = stack.pop() {
            budget -= 1;
            if budget == 0 {
                break;
            }
            let Ok(dict) = doc.get_dictionary(id) else { continue };
            let partial = dict
                .get(b"T")
                .and_then(lopdf::decode_text_string)
                .unwrap_or_default();
            let full = match (parent.is_empty(), partial.is_empty()) {
                (true, _) => partial.clone(),
                (false, true) => parent.clone(),
                (false, false) => format!("{parent}.{partial}"),
            };
            if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
                stack.extend(kids.iter().filter_map(|k| k.as_reference().ok()).map(|k| (k, full.clone())));
                continue;
            }
            let is_sig = dict.get(b"FT").and_then(Object::as_name).is_ok_and(|n| n == b"Sig");
            if is_sig {
                if full == name || partial == name {
                    return Ok((id, dict.clone()));
                }
                found.push(full);
            }
        }
    }
    found.sort();
    let hint = if found.is_empty() {
        "; tệp không có trường chữ ký nào (tạo lại PDF bằng vbhc render)".to_string()
    } else {
        format!("; các trường có: {}", found.join(", "))
    };
    Err(SignError::NoField(name.to_string(), hint))
}

fn acroform(doc: &Document) -> lopdf::Result<&Dictionary> {
    match doc.catalog()?.get(b"AcroForm")? {
        Object::Reference(id) => doc.get_dictionary(*id),
        other => other.as_dict(),
    }
}

/// The width and height of the field's rectangle.
fn field_rect(field: &Dictionary) -> (f64, f64) {
    let numbers: Vec<f64> = field
        .get(b"Rect")
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|o| o.as_float().ok().map(f64::from)).collect())
        .unwrap_or_default();
    match numbers[..] {
        [x0, y0, x1, y1] => ((x1 - x0).abs().max(1.0), (y1 - y0).abs().max(1.0)),
        _ => (1.0, 1.0),
    }
}

/// `/SigFlags 3` (signatures exist, append only) on the AcroForm, written anew in the update.
fn set_sig_flags(doc: &Document, update: &mut Update) -> Result<(), SignError> {
    let err = |e: lopdf::Error| SignError::Pdf(e.to_string());
    let catalog_id = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(err)?;
    let mut catalog = doc.catalog().map_err(err)?.clone();
    match catalog.get(b"AcroForm").map_err(err)? {
        Object::Reference(id) => {
            let id = *id;
            let mut form = doc.get_dictionary(id).map_err(err)?.clone();
            form.set("SigFlags", Object::Integer(3));
            update.replace(id, Object::Dictionary(form));
        }
        Object::Dictionary(form) => {
            let mut form = form.clone();
            form.set("SigFlags", Object::Integer(3));
            catalog.set("AcroForm", Object::Dictionary(form));
            update.replace(catalog_id, Object::Dictionary(catalog));
        }
        _ => return Err(SignError::Pdf("AcroForm hỏng".into())),
    }
    Ok(())
}
