//! The signature dictionary, written into the incremental update with placeholders for its
//! byte range and its `/Contents`; both are filled in once the file's offsets are known.

use super::SignError;
use crate::pdf_edit::serialize::write_hex_string;
use crate::pdf_edit::update::{Finished, Update};
use chrono::{DateTime, FixedOffset};
use lopdf::ObjectId;

/// Where the signature dictionary's placeholders are, as offsets into its object's body.
pub struct SignaturePlaceholders {
    id: ObjectId,
    byte_range: usize,
    contents: usize,
    contents_len: usize,
    /// Set once the update is written: where the object's body starts in the file.
    body_at: usize,
}

/// The byte range's placeholder: three numbers of ten digits, filled in once offsets are known.
const BYTE_RANGE_PLACEHOLDER: &str = "[0 0000000000 0000000000 0000000000]";

/// Writes the signature dictionary (PAdES: `/SubFilter /ETSI.CAdES.detached`) into `update`
/// under `id`, with a zero-filled `/Contents` of `size` bytes and a placeholder byte range.
pub fn signature_dictionary(
    update: &mut Update,
    id: ObjectId,
    name: &str,
    time: DateTime<FixedOffset>,
    size: usize,
) -> SignaturePlaceholders {
    let mut body = Vec::new();
    body.extend_from_slice(
        b"<</Type /Sig/Filter /Adobe.PPKLite/SubFilter /ETSI.CAdES.detached/ByteRange ",
    );
    let byte_range = body.len();
    body.extend_from_slice(BYTE_RANGE_PLACEHOLDER.as_bytes());
    body.extend_from_slice(b"/Contents ");
    let contents = body.len();
    body.push(b'<');
    body.resize(body.len() + 2 * size, b'0');
    body.push(b'>');
    let contents_len = body.len() - contents;
    body.extend_from_slice(b"/M ");
    write_hex_string(&mut body, pdf_date(time).as_bytes());
    body.extend_from_slice(b"/Name ");
    write_hex_string(&mut body, &utf16_text(name));
    body.extend_from_slice(b">>");
    update.replace_raw(id, body);
    SignaturePlaceholders {
        id,
        byte_range,
        contents,
        contents_len,
        body_at: 0,
    }
}

impl SignaturePlaceholders {
    /// Finds the dictionary in the written file: call before filling anything in.
    pub fn locate(&mut self, finished: &Finished) -> Result<(), SignError> {
        self.body_at = finished
            .body_at(self.id)
            .ok_or_else(|| SignError::Pdf("thiếu từ điển chữ ký trong phần cập nhật".into()))?;
        Ok(())
    }

    /// Writes the byte range (everything but `/Contents <…>`) into the file; returns where the
    /// excluded `/Contents` value starts and ends.
    pub fn fill_byte_range(&self, file: &mut [u8]) -> (usize, usize) {
        let start = self.body_at + self.contents;
        let end = start + self.contents_len;
        let range = format!("[0 {start} {end} {}]", file.len() - end);
        // Padded with spaces to the placeholder's width, so no offset moves.
        let padded = format!("{range:<width$}", width = BYTE_RANGE_PLACEHOLDER.len());
        let at = self.body_at + self.byte_range;
        file[at..at + padded.len()].copy_from_slice(padded.as_bytes());
        (start, end)
    }
}

/// A PDF date: `D:20261123140512+07'00'`.
fn pdf_date(time: DateTime<FixedOffset>) -> String {
    let offset = time.offset().local_minus_utc();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    format!(
        "D:{}{sign}{:02}'{:02}'",
        time.format("%Y%m%d%H%M%S"),
        offset / 3600,
        offset % 3600 / 60
    )
}

/// A PDF text string in UTF-16BE with its byte-order mark: any Vietnamese name, unescaped.
fn utf16_text(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_carry_the_offset() {
        let t = DateTime::parse_from_rfc3339("2026-11-23T14:05:12+07:00").unwrap();
        assert_eq!(pdf_date(t), "D:20261123140512+07'00'");
        let t = DateTime::parse_from_rfc3339("2026-01-02T03:04:05-03:30").unwrap();
        assert_eq!(pdf_date(t), "D:20260102030405-03'30'");
    }

    #[test]
    fn names_are_utf16_with_a_bom() {
        assert_eq!(utf16_text("Ấ"), vec![0xFE, 0xFF, 0x1E, 0xA4]);
    }
}
