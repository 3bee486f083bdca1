//! Unsigned signature fields, so that any signing program (a USB token's, VNPT SmartCA,
//! Viettel-CA, VGCA, or `vbhc sign`) signs into the right place: `nguoi_ky` over the signing
//! space of the signature block, `con_dau` (the agency's seal) over its left third (§3.8), and
//! on each appendix `co_quan_phu_luc_N` at the top right of its first page (§3.13).
//!
//! Where the signing space is comes from the layout itself: `layout.typ` marks its top with
//! labelled metadata, and typst's introspector gives its position. The fields
//! are then appended to the exported PDF as an incremental update (`pdf_edit`): AcroForm
//! widgets, each printable and with an (empty) appearance, as PDF/A requires.

use crate::nd30::Layout;
use crate::pdf_edit::revision::{Revision, RevisionError};
use crate::pdf_edit::update::Update;
use crate::writer::geometry::seal_centre;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
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

/// Adds the fields to a PDF as unsigned signature widgets in its AcroForm, in an incremental
/// update: the widgets, their appearances and the AcroForm are new objects, and the pages that
/// hold a field and the catalog are written again with a reference to them.
pub fn add_fields(pdf: &[u8], fields: &[Field]) -> Result<Vec<u8>, RevisionError> {
    if fields.is_empty() {
        return Ok(pdf.to_vec());
    }
    let revision = Revision::read(pdf)?;
    let (catalog_id, mut catalog) = revision.catalog()?;
    let pages_root = catalog
        .get(b"Pages")
        .and_then(Object::as_reference)
        .map_err(|_| RevisionError::Structure("catalog không có /Pages"))?;
    let pages = revision.pages(pages_root)?;
    let mut update = Update::new(&revision.trailer, revision.size, revision.xref_start);
    // The pages that get a widget, each read once and written once.
    let mut changed: BTreeMap<ObjectId, Dictionary> = BTreeMap::new();
    let mut refs = Vec::new();
    for f in fields {
        let Some(&page) = pages.get(f.page) else {
            continue;
        };
        let [x0, y0, x1, y1] = f.rect;
        // An empty appearance: PDF/A wants every widget to have one; the signer draws its own.
        let appearance = update.reserve();
        update.replace(
            appearance,
            Object::Stream(Stream::new(
                Dictionary::from_iter([
                    ("Type", Object::Name(b"XObject".to_vec())),
                    ("Subtype", Object::Name(b"Form".to_vec())),
                    (
                        "BBox",
                        Object::Array(vec![0.into(), 0.into(), real(x1 - x0), real(y1 - y0)]),
                    ),
                ]),
                Vec::new(),
            )),
        );
        let widget = update.reserve();
        update.replace(
            widget,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Widget".to_vec())),
                ("FT", Object::Name(b"Sig".to_vec())),
                ("T", Object::string_literal(f.name.as_str())),
                (
                    "Rect",
                    Object::Array(vec![real(x0), real(y0), real(x1), real(y1)]),
                ),
                // Print, and nothing else: PDF/A forbids hidden or non-printing widgets.
                ("F", Object::Integer(4)),
                ("P", Object::Reference(page)),
                (
                    "AP",
                    Object::Dictionary(Dictionary::from_iter([(
                        "N",
                        Object::Reference(appearance),
                    )])),
                ),
            ])),
        );
        let page_dict = match changed.entry(page) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(page_with_annots_array(&revision, page)?),
        };
        if let Ok(Object::Array(annots)) = page_dict.get_mut(b"Annots") {
            annots.push(Object::Reference(widget));
        }
        refs.push(Object::Reference(widget));
    }
    for (id, page) in changed {
        update.replace(id, Object::Dictionary(page));
    }
    let acroform = update.reserve();
    update.replace(
        acroform,
        Object::Dictionary(Dictionary::from_iter([("Fields", Object::Array(refs))])),
    );
    catalog.set("AcroForm", Object::Reference(acroform));
    update.replace(catalog_id, Object::Dictionary(catalog));
    Ok(update.finish(pdf).bytes)
}

/// A page's dictionary with its `/Annots` as a direct array (empty, the page's own, or the
/// array its reference points to), ready for more widgets.
fn page_with_annots_array(
    revision: &Revision,
    page: ObjectId,
) -> Result<Dictionary, RevisionError> {
    let mut dict = revision.dictionary(page)?;
    let annots = match dict.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(id)) => match revision.object(*id)? {
            Object::Array(a) => a,
            _ => return Err(RevisionError::Structure("/Annots không phải mảng")),
        },
        _ => Vec::new(),
    };
    dict.set("Annots", Object::Array(annots));
    Ok(dict)
}

/// A coordinate rounded to a hundredth of a point, so the file does not depend on float noise.
fn real(v: f64) -> Object {
    Object::Real(((v * 100.0).round() / 100.0) as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF whose page already has a link annotation, its `/Annots` by reference.
    fn pdf_with_an_annotation() -> Vec<u8> {
        let objects = [
            "<</Type/Catalog/Pages 2 0 R>>",
            "<</Type/Pages/Kids[3 0 R]/Count 1>>",
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Annots 4 0 R>>",
            "[5 0 R]",
            "<</Type/Annot/Subtype/Link/Rect[0 0 10 10]>>",
        ];
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for o in offsets {
            pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!("trailer\n<</Size 6/Root 1 0 R/ID[<01><02>]>>\nstartxref\n{xref}\n%%EOF\n")
                .as_bytes(),
        );
        pdf
    }

    #[test]
    fn fields_are_appended_and_keep_the_page_annotations() {
        let original = pdf_with_an_annotation();
        let field = |name: &str| Field {
            name: name.into(),
            page: 0,
            rect: [10.0, 20.0, 110.0, 70.0],
        };
        let out = add_fields(&original, &[field(NGUOI_KY), field(CON_DAU)]).unwrap();
        // An incremental update: typst's bytes stay as they are.
        assert!(out.starts_with(&original));
        let doc = lopdf::Document::load_mem(&out).unwrap();
        let page = doc.get_dictionary((3, 0)).unwrap();
        let annots = page.get(b"Annots").unwrap().as_array().unwrap();
        // The link first, then the two widgets.
        assert_eq!(annots.len(), 3);
        assert_eq!(annots[0].as_reference().unwrap(), (5, 0));
        let catalog = doc.catalog().unwrap();
        let form = catalog.get(b"AcroForm").unwrap().as_reference().unwrap();
        let fields = doc
            .get_dictionary(form)
            .unwrap()
            .get(b"Fields")
            .unwrap()
            .as_array()
            .unwrap()
            .clone();
        let names: Vec<String> = fields
            .iter()
            .map(|f| {
                let w = doc.get_dictionary(f.as_reference().unwrap()).unwrap();
                assert_eq!(w.get(b"P").unwrap().as_reference().unwrap(), (3, 0));
                assert_eq!(w.get(b"F").unwrap().as_i64().unwrap(), 4);
                String::from_utf8(w.get(b"T").unwrap().as_str().unwrap().to_vec()).unwrap()
            })
            .collect();
        assert_eq!(names, [NGUOI_KY, CON_DAU]);
        assert_eq!(&annots[1..], &fields[..]);
        // The new trailer keeps the document's identity and counts the new objects.
        assert_eq!(doc.trailer.get(b"ID").unwrap().as_array().unwrap().len(), 2);
        assert_eq!(doc.trailer.get(b"Size").unwrap().as_i64().unwrap(), 11);
    }

    #[test]
    fn a_pdf_without_fields_is_left_as_it_is() {
        let original = pdf_with_an_annotation();
        assert_eq!(add_fields(&original, &[]).unwrap(), original);
    }
}
