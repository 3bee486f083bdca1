//! The appearance of a digital signature, laid out by typst with the embedded font, so that a
//! Vietnamese name prints with every diacritic and the signed PDF keeps its fonts embedded
//! (PDF/A). `vbhc sign` turns the one page returned here into the field's appearance.

use super::world::VbhcWorld;
use super::PdfError;
use serde::Serialize;
use typst::foundations::Smart;
use typst_layout::PagedDocument;

#[derive(Serialize)]
struct Data<'a> {
    width: f64,
    height: f64,
    size: f64,
    color: &'static str,
    lines: &'a [String],
}

/// The colour of the appearance: the dark blue of a signature in ink, so it is told apart from
/// the printed text.
const COLOR: &str = "#1a237e";

/// A one-page PDF of `width` × `height` points with `lines` centred in a thin frame; the size
/// of the text shrinks until the lines fit.
pub fn appearance_pdf(width: f64, height: f64, lines: &[String]) -> Result<Vec<u8>, PdfError> {
    // As large as a line of 11 pt allows, down to 6 pt for a small field.
    let size = (height / (lines.len().max(1) as f64 * 1.6)).clamp(6.0, 11.0);
    let mut size = size;
    loop {
        let json = serde_json::to_vec(&Data {
            width,
            height,
            size,
            color: COLOR,
            lines,
        })
        .map_err(|e| PdfError::Layout(e.to_string()))?;
        let world = VbhcWorld::appearance(json);
        let doc = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errs| PdfError::Layout(errs.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")))?;
        // Too long a name wraps onto a second page: shrink and lay it out again.
        if doc.pages().len() > 1 && size > 4.0 {
            size -= 0.5;
            continue;
        }
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom("vbhc-chu-ky".into()),
            timestamp: Some(super::world::fixed_timestamp()),
            tagged: false,
            ..Default::default()
        };
        return typst_pdf::pdf(&doc, &options).map_err(|errs| {
            PdfError::Export(errs.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
        });
    }
}
