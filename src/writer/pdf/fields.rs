//! Unsigned signature fields, so that any signing program (a USB token's, VNPT SmartCA,
//! Viettel-CA, VGCA, or `vbhc sign`) signs into the right place: `nguoi_ky` over the signing
//! space of the signature block, `con_dau` (the agency's seal) over its left third (§3.8), and
//! on each appendix `co_quan_phu_luc_N` at the top right of its first page (§3.13).
//!
//! Where the signing space is comes from the layout itself: `layout.typ` marks its top with
//! labelled metadata, and typst's introspector gives its position. The fields
//! are then added to the exported PDF with lopdf as AcroForm widgets, each printable and with
//! an (empty) appearance, as PDF/A requires.

use crate::nd30::Layout;
use crate::writer::geometry::seal_centre;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use typst::foundations::{Label, Selector};
use typst::introspection::Introspector;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The signer's field, the seal's, and the prefix of the appendices' fields.
pub const NGUOI_KY: &str = "nguoi_ky";
pub const CON_DAU: &str = "con_dau";
pub const CO_QUAN_PHU_LUC: &str = "co_quan_phu_luc_";

/// A field: its name, its page (0-based) and its rectangle in PDF points (x0, y0, x1, y1 from
/// the bottom left of the page).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub page: usize,
    pub rect: [f64; 4],
}

/// Every position of the elements with `label`, in document order: (page 0-based, y from top).
fn positions(doc: &PagedDocument, label: &str) -> Vec<(usize, f64)> {
    let Some(label) = Label::new(PicoStr::intern(label)) else {
        return Vec::new();
    };
    let introspector = doc.introspector();
    introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|c| introspector.position(c.location()?))
        .map(|p| (p.page.get() - 1, p.point.y.to_pt()))
        .collect()
}

/// The fields of a laid-out document.
pub fn signing_fields(doc: &PagedDocument, layout: &Layout) -> Vec<Field> {
    let h = layout.page_height;
    let mut fields = Vec::new();
    // The signature column, as the header grid places it.
    let x0 = layout.margin_left - layout.header_shift + layout.col_left;
    let x1 = x0 + layout.col_right;
    // The signing space: its top from the layout, its height as `layout.typ` makes it.
    let height = layout.signing_space_height();
    if let Some(&(page, top)) = positions(doc, "vbhc-ky").first() {
        let bottom = top + height;
        fields.push(Field {
            name: NGUOI_KY.into(),
            page,
            rect: [x0, h - bottom, x1, h - top],
        });
        // The seal: real size, centred where the seal image goes.
        let (dx, dy) = seal_centre(layout);
        let (cx, cy) = (x0 + dx, h - (top + dy));
        let r = layout.seal_size / 2.0;
        fields.push(Field {
            name: CON_DAU.into(),
            page,
            rect: [cx - r, cy - r, cx + r, cy + r],
        });
    }
    let right = layout.page_width - layout.margin_right;
    for (i, (page, _)) in positions(doc, "vbhc-phu-luc").into_iter().enumerate() {
        let top = h - layout.header_distance;
        fields.push(Field {
            name: format!("{CO_QUAN_PHU_LUC}{}", i + 1),
            page,
            rect: [
                right - layout.agency_field_width,
                top - layout.agency_field_height,
                right,
                top,
            ],
        });
    }
    fields
}

/// Adds the fields to a PDF as unsigned signature widgets in its AcroForm.
pub fn add_fields(pdf: &[u8], fields: &[Field]) -> Result<Vec<u8>, lopdf::Error> {
    if fields.is_empty() {
        return Ok(pdf.to_vec());
    }
    let mut doc = lopdf::Document::load_mem(pdf)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut refs = Vec::new();
    for f in fields {
        let Some(&page) = pages.get(f.page) else {
            continue;
        };
        let [x0, y0, x1, y1] = f.rect;
        // An empty appearance: PDF/A wants every widget to have one; the signer draws its own.
        let appearance = doc.add_object(Stream::new(
            Dictionary::from_iter([
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Form".to_vec())),
                (
                    "BBox",
                    Object::Array(vec![0.into(), 0.into(), real(x1 - x0), real(y1 - y0)]),
                ),
            ]),
            Vec::new(),
        ));
        let widget = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            ("FT", Object::Name(b"Sig".to_vec())),
            ("T", Object::string_literal(f.name.as_str())),
            ("Rect", Object::Array(vec![real(x0), real(y0), real(x1), real(y1)])),
            // Print, and nothing else: PDF/A forbids hidden or non-printing widgets.
            ("F", Object::Integer(4)),
            ("P", Object::Reference(page)),
            (
                "AP",
                Object::Dictionary(Dictionary::from_iter([("N", Object::Reference(appearance))])),
            ),
        ]));
        let page_dict = doc.get_object_mut(page)?.as_dict_mut()?;
        match page_dict.get_mut(b"Annots") {
            Ok(Object::Array(annots)) => annots.push(Object::Reference(widget)),
            _ => page_dict.set("Annots", Object::Array(vec![Object::Reference(widget)])),
        }
        refs.push(Object::Reference(widget));
    }
    let acroform = doc.add_object(Dictionary::from_iter([("Fields", Object::Array(refs))]));
    doc.catalog_mut()?.set("AcroForm", Object::Reference(acroform));
    let mut out = Vec::with_capacity(pdf.len() + 4096);
    doc.save_to(&mut out)?;
    Ok(out)
}

/// A coordinate rounded to a hundredth of a point, so the file does not depend on float noise.
fn real(v: f64) -> Object {
    Object::Real(((v * 100.0).round() / 100.0) as f32)
}
