//! A PDF as far as an incremental update needs it: its cross-reference tables (classic tables,
//! as typst writes them), its trailer, and single objects, each parsed by lopdf only when asked
//! for. Loading a whole PDF with lopdf parses every object, a millisecond for a two-page
//! document, while adding the signature fields needs five of them.

use lopdf::xref::{Xref, XrefEntry, XrefType};
use lopdf::{Dictionary, Object, ObjectId, Reader};
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum RevisionError {
    #[error("tệp PDF không kết thúc bằng bảng tham chiếu chéo (xref) dạng bảng")]
    NoXrefTable,
    #[error("không đọc được đối tượng PDF {} {}: {source}", .id.0, .id.1)]
    Object { id: ObjectId, source: lopdf::Error },
    #[error("cấu trúc PDF không như mong đợi: {0}")]
    Structure(&'static str),
}

pub struct Revision<'a> {
    reader: Reader<'a>,
    /// The last trailer.
    pub trailer: Dictionary,
    /// Where the last cross-reference section starts.
    pub xref_start: usize,
    /// One more than the highest object number.
    pub size: u32,
}

/// How far from the end `startxref` may be: the standard puts it in the last 1024 bytes.
const TAIL: usize = 1024;

impl<'a> Revision<'a> {
    pub fn read(pdf: &'a [u8]) -> Result<Self, RevisionError> {
        let xref_start = startxref(pdf).ok_or(RevisionError::NoXrefTable)?;
        let mut xref = Xref::new(0, XrefType::CrossReferenceTable);
        let trailer = section(pdf, xref_start, &mut xref)?;
        // Older sections, for a PDF already updated: the newest entry of each object wins.
        let mut prev = trailer.get(b"Prev").and_then(Object::as_i64).ok();
        let mut seen = vec![xref_start];
        while let Some(at) = prev.and_then(|p| usize::try_from(p).ok()) {
            if seen.contains(&at) {
                return Err(RevisionError::Structure("bảng xref lặp vòng"));
            }
            seen.push(at);
            let older = section(pdf, at, &mut xref)?;
            prev = older.get(b"Prev").and_then(Object::as_i64).ok();
        }
        let size = trailer
            .get(b"Size")
            .and_then(Object::as_i64)
            .ok()
            .and_then(|s| u32::try_from(s).ok())
            .ok_or(RevisionError::Structure("trailer không có /Size"))?;
        Ok(Revision {
            reader: reader(pdf, xref),
            trailer,
            xref_start,
            size,
        })
    }

    pub fn object(&self, id: ObjectId) -> Result<Object, RevisionError> {
        self.reader
            .get_object(id, &mut Default::default())
            .map_err(|source| RevisionError::Object { id, source })
    }

    pub fn dictionary(&self, id: ObjectId) -> Result<Dictionary, RevisionError> {
        match self.object(id)? {
            Object::Dictionary(d) => Ok(d),
            _ => Err(RevisionError::Structure("một đối tượng lẽ ra là từ điển")),
        }
    }

    /// The catalog's id and dictionary.
    pub fn catalog(&self) -> Result<(ObjectId, Dictionary), RevisionError> {
        let id = self
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|_| RevisionError::Structure("trailer không có /Root"))?;
        Ok((id, self.dictionary(id)?))
    }

    /// Every page's id, in order, from the page tree under `root` (the catalog's `/Pages`).
    pub fn pages(&self, root: ObjectId) -> Result<Vec<ObjectId>, RevisionError> {
        let mut pages = Vec::new();
        let mut stack = vec![(root, 0)];
        while let Some((id, depth)) = stack.pop() {
            // A real page tree is a few levels deep; a deeper one is a cycle.
            if depth > 32 {
                return Err(RevisionError::Structure("cây trang lặp vòng"));
            }
            let node = self.dictionary(id)?;
            match node.get(b"Kids").and_then(Object::as_array) {
                Ok(kids) => {
                    // Pushed in reverse, so the first kid comes off the stack first.
                    for kid in kids.iter().rev() {
                        let kid = kid
                            .as_reference()
                            .map_err(|_| RevisionError::Structure("/Kids không phải tham chiếu"))?;
                        stack.push((kid, depth + 1));
                    }
                }
                Err(_) => pages.push(id),
            }
        }
        Ok(pages)
    }
}

/// The offset after the last `startxref`.
fn startxref(pdf: &[u8]) -> Option<usize> {
    let tail = &pdf[pdf.len().saturating_sub(TAIL)..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let digits: String = tail[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    digits.parse().ok()
}

/// Reads the cross-reference table at `at` into `xref` (entries already there are newer and
/// kept) and returns the trailer after it, parsed by lopdf.
fn section(pdf: &[u8], at: usize, xref: &mut Xref) -> Result<Dictionary, RevisionError> {
    let mut pos = at;
    if !pdf.get(pos..).is_some_and(|s| s.starts_with(b"xref")) {
        return Err(RevisionError::NoXrefTable);
    }
    pos = skip_eol(pdf, pos + 4);
    loop {
        let rest = pdf.get(pos..).ok_or(RevisionError::NoXrefTable)?;
        if rest.starts_with(b"trailer") {
            pos += 7;
            break;
        }
        // A subsection: `first count`, then `count` entries of exactly 20 bytes.
        let line_end = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .ok_or(RevisionError::NoXrefTable)?;
        let header =
            std::str::from_utf8(&rest[..line_end]).map_err(|_| RevisionError::NoXrefTable)?;
        let mut numbers = header.split_whitespace().map(str::parse::<u32>);
        let (Some(Ok(first)), Some(Ok(count)), None) =
            (numbers.next(), numbers.next(), numbers.next())
        else {
            return Err(RevisionError::NoXrefTable);
        };
        pos = skip_eol(pdf, pos + line_end);
        for k in 0..count {
            let entry = pdf.get(pos..pos + 20).ok_or(RevisionError::NoXrefTable)?;
            let number = |range: std::ops::Range<usize>| {
                std::str::from_utf8(&entry[range])
                    .ok()
                    .and_then(|s| s.parse::<u32>().ok())
            };
            let (Some(offset), Some(generation)) = (number(0..10), number(11..16)) else {
                return Err(RevisionError::NoXrefTable);
            };
            let id = first + k;
            if entry[17] == b'n' && xref.get(id).is_none() {
                let generation =
                    u16::try_from(generation).map_err(|_| RevisionError::NoXrefTable)?;
                xref.insert(id, XrefEntry::Normal { offset, generation });
            }
            pos += 20;
        }
    }
    // The trailer dictionary, read by lopdf's parser as the body of a made-up object.
    let end = pdf[pos..]
        .windows(9)
        .position(|w| w == b"startxref")
        .map_or(pdf.len(), |p| pos + p);
    let mut wrapped = b"1 0 obj\n".to_vec();
    wrapped.extend_from_slice(&pdf[pos..end]);
    wrapped.extend_from_slice(b"\nendobj\n");
    let mut one = Xref::new(2, XrefType::CrossReferenceTable);
    one.insert(
        1,
        XrefEntry::Normal {
            offset: 0,
            generation: 0,
        },
    );
    let trailer = reader(&wrapped, one)
        .get_object((1, 0), &mut Default::default())
        .map_err(|source| RevisionError::Object { id: (0, 0), source })?;
    match trailer {
        Object::Dictionary(d) => Ok(d),
        _ => Err(RevisionError::Structure("trailer không phải từ điển")),
    }
}

/// lopdf's reader over `buffer`, finding objects by `xref` and parsing one when asked.
fn reader(buffer: &[u8], xref: Xref) -> Reader<'_> {
    let mut document = lopdf::Document::new();
    document.reference_table = xref;
    Reader {
        buffer,
        document,
        encryption_state: None,
        raw_objects: BTreeMap::new(),
    }
}

fn skip_eol(pdf: &[u8], mut pos: usize) -> usize {
    while pdf.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF of two revisions, written by hand: the second replaces object 2.
    fn two_revisions() -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let one = pdf.len();
        pdf.extend_from_slice(b"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n");
        let two = pdf.len();
        pdf.extend_from_slice(b"2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n");
        let three = pdf.len();
        pdf.extend_from_slice(b"3 0 obj\n<</Type/Page/Parent 2 0 R>>\nendobj\n");
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!(
                "xref\n0 4\n0000000000 65535 f \n{one:010} 00000 n \n{two:010} 00000 n \n{three:010} 00000 n \ntrailer\n<</Size 4/Root 1 0 R/ID[<AB><CD>]>>\nstartxref\n{xref}\n%%EOF\n"
            )
            .as_bytes(),
        );
        let two_new = pdf.len();
        pdf.extend_from_slice(b"2 0 obj\n<</Type/Pages/Kids[4 0 R 3 0 R]/Count 2>>\nendobj\n");
        let four = pdf.len();
        pdf.extend_from_slice(b"4 0 obj\n<</Type/Page/Parent 2 0 R>>\nendobj\n");
        let xref2 = pdf.len();
        pdf.extend_from_slice(
            format!(
                "xref\n2 1\n{two_new:010} 00000 n\r\n4 1\n{four:010} 00000 n\r\ntrailer\n<</Size 5/Root 1 0 R/Prev {xref}/ID[<AB><EF>]>>\nstartxref\n{xref2}\n%%EOF\n"
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn reads_the_newest_objects_across_revisions() {
        let pdf = two_revisions();
        let revision = Revision::read(&pdf).unwrap();
        assert_eq!(revision.size, 5);
        let (id, catalog) = revision.catalog().unwrap();
        assert_eq!(id, (1, 0));
        let root = catalog.get(b"Pages").unwrap().as_reference().unwrap();
        // The page tree of the second revision: the new page first.
        assert_eq!(revision.pages(root).unwrap(), vec![(4, 0), (3, 0)]);
        assert_eq!(
            revision.trailer.get(b"ID").unwrap().as_array().unwrap()[1],
            Object::String(vec![0xEF], lopdf::StringFormat::Hexadecimal)
        );
    }

    #[test]
    fn refuses_what_is_not_a_classic_table() {
        assert!(matches!(
            Revision::read(b"%PDF-1.7\nstartxref\n999\n%%EOF"),
            Err(RevisionError::NoXrefTable)
        ));
        assert!(matches!(
            Revision::read(b""),
            Err(RevisionError::NoXrefTable)
        ));
        // A cross-reference stream (PDF 1.5) is not read.
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let at = pdf.len();
        pdf.extend_from_slice(b"5 0 obj\n<</Type/XRef/Size 6>>stream\nendstream\nendobj\n");
        pdf.extend_from_slice(format!("startxref\n{at}\n%%EOF").as_bytes());
        assert!(matches!(
            Revision::read(&pdf),
            Err(RevisionError::NoXrefTable)
        ));
    }
}
