//! The field's new appearance: the one page typst laid out (`appearance_pdf`) turned into a
//! form XObject, its fonts and other resources copied into the signed PDF under new numbers.

use super::SignError;
use crate::pdf_edit::update::Update;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::BTreeMap;

/// Adds the page of `appearance` as a form XObject of `size` (width, height) to the update and
/// returns its id.
pub fn import_as_form(
    appearance: &[u8],
    size: (f64, f64),
    update: &mut Update,
) -> Result<ObjectId, SignError> {
    let err = |e: lopdf::Error| SignError::Appearance(e.to_string());
    let doc = Document::load_mem(appearance).map_err(err)?;
    let page_id = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| SignError::Appearance("trang trống".into()))?;
    let page = doc.get_dictionary(page_id).map_err(err)?;
    let resources = match page.get(b"Resources").map_err(err)? {
        Object::Reference(id) => Object::Dictionary(doc.get_dictionary(*id).map_err(err)?.clone()),
        other => other.clone(),
    };
    // The page's content: one stream or several, joined as they are (typst writes one).
    let mut content = Vec::new();
    let mut filter = None;
    let ids: Vec<ObjectId> = match page.get(b"Contents").map_err(err)? {
        Object::Reference(id) => vec![*id],
        Object::Array(items) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    };
    if let [id] = ids[..] {
        let stream = doc.get_object(id).and_then(Object::as_stream).map_err(err)?;
        content = stream.content.clone();
        filter = stream.dict.get(b"Filter").ok().cloned();
    } else {
        for id in ids {
            let stream = doc.get_object(id).and_then(Object::as_stream).map_err(err)?;
            content.extend(stream.decompressed_content().map_err(err)?);
            content.push(b'\n');
        }
    }

    // Copy every object the resources reach, renumbered into the update.
    let mut copied: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    let resources = copy_references(&doc, &resources, &mut copied, update);
    let mut dict = Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Form".to_vec())),
        (
            "BBox",
            Object::Array(vec![0.into(), 0.into(), Object::Real(size.0 as f32), Object::Real(size.1 as f32)]),
        ),
        ("Resources", resources),
    ]);
    if let Some(filter) = filter {
        dict.set("Filter", filter);
    }
    let form = update.reserve();
    update.replace(form, Object::Stream(Stream::new(dict, content)));
    Ok(form)
}

/// `object` with each reference replaced by the id of its copy in the update, copying the
/// referenced objects (and theirs) the first time they are met.
fn copy_references(
    doc: &Document,
    object: &Object,
    copied: &mut BTreeMap<ObjectId, ObjectId>,
    update: &mut Update,
) -> Object {
    match object {
        Object::Reference(id) => {
            if let Some(new) = copied.get(id) {
                return Object::Reference(*new);
            }
            let new = update.reserve();
            copied.insert(*id, new);
            let target = doc.get_object(*id).cloned().unwrap_or(Object::Null);
            let target = copy_references(doc, &target, copied, update);
            update.replace(new, target);
            Object::Reference(new)
        }
        Object::Array(items) => Object::Array(
            items.iter().map(|o| copy_references(doc, o, copied, update)).collect(),
        ),
        Object::Dictionary(dict) => Object::Dictionary(copy_dictionary(doc, dict, copied, update)),
        Object::Stream(stream) => {
            let mut stream = stream.clone();
            stream.dict = copy_dictionary(doc, &stream.dict, copied, update);
            Object::Stream(stream)
        }
        other => other.clone(),
    }
}

fn copy_dictionary(
    doc: &Document,
    dict: &Dictionary,
    copied: &mut BTreeMap<ObjectId, ObjectId>,
    update: &mut Update,
) -> Dictionary {
    dict.iter()
        // A resource never needs the page tree; following /Parent would copy the whole file.
        .filter(|(k, _)| k.as_slice() != b"Parent")
        .map(|(k, v)| (k.clone(), copy_references(doc, v, copied, update)))
        .collect()
}
