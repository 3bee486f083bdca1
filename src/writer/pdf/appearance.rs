//! The appearance of a digital signature, laid out by typst with the embedded font, so that a
//! Vietnamese name prints with every diacritic and the signed PDF keeps its fonts embedded
//! (PDF/A). `vbhc sign` turns the one page returned here into the field's appearance.

use super::{PdfError, messages};
use super::world::VbhcWorld;
use serde::Serialize;
use typst::foundations::Smart;
use typst_layout::PagedDocument;

/// How the signature shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A person's signature: dark blue, centred, as large as the field allows; framed when
    /// it has no image, its lines small under the image when it has one.
    NguoiKy,
    /// The agency's seal (§3.8): the seal image at the field's size (its real size), nothing
    /// else.
    ConDau,
    /// The agency's signature on an appendix or an electronic copy (§3.13): no image, Times
    /// New Roman 10 pt upright black, no frame.
    CoQuan,
}

/// A signature's image: the PNG bytes, and the widest it may be drawn, in points.
pub struct Image {
    pub png: std::sync::Arc<[u8]>,
    pub max_width: f64,
}

#[derive(Serialize)]
struct Data<'a> {
    width: f64,
    height: f64,
    size: f64,
    color: &'static str,
    frame: bool,
    centred: bool,
    inset: f64,
    /// The widest the image may be, or none without an image.
    image_width: Option<f64>,
    lines: &'a [String],
}

/// The colour of a person's signature: the dark blue of ink, told apart from the printed text.
const INK: &str = "#1a237e";
/// §3.13: the agency's signature information is 10 pt.
const AGENCY_SIZE: f64 = 10.0;
/// Under a signer's image, who signed and when, small enough to leave the image the room.
const UNDER_IMAGE_SIZE: f64 = 6.5;

/// A one-page PDF of `width` × `height` points with `lines` (and the image, if any) in the
/// given style; the text shrinks until the lines fit.
pub fn appearance_pdf(
    width: f64,
    height: f64,
    lines: &[String],
    style: Style,
    image: Option<&Image>,
) -> Result<Vec<u8>, PdfError> {
    let mut size = match (style, image) {
        (Style::NguoiKy, Some(_)) => UNDER_IMAGE_SIZE,
        // As large as a line of 11 pt allows, down to 6 pt for a small field.
        (Style::NguoiKy | Style::ConDau, _) => {
            (height / (lines.len().max(1) as f64 * 1.6)).clamp(6.0, 11.0)
        }
        (Style::CoQuan, _) => AGENCY_SIZE,
    };
    let ink = style != Style::CoQuan;
    loop {
        let json = serde_json::to_vec(&Data {
            width,
            height,
            size,
            color: if ink { INK } else { "#000000" },
            frame: ink && image.is_none(),
            centred: ink,
            inset: if style == Style::ConDau && image.is_some() { 0.0 } else { 3.0 },
            image_width: image.map(|i| i.max_width.min(width)),
            lines,
        })
        .map_err(|e| PdfError::Layout(e.to_string()))?;
        let world = VbhcWorld::appearance(json, image.map(|i| i.png.clone()));
        let doc = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errs| PdfError::Layout(messages(&errs)))?;
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
        return typst_pdf::pdf(&doc, &options).map_err(|errs| PdfError::Export(messages(&errs)));
    }
}
