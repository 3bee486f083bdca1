//! What was changed after a signature's revision, beyond what may change after it. After an
//! approval signature, or a certification allowing it (DocMDP P=2, ISO 32000-1 §12.8.2.2),
//! later revisions may sign empty signature fields and add fields for it (new objects, a
//! field's value and appearance, the form's `/SigFlags` and `/Fields`, a page's `/Annots`);
//! P=3 also allows annotations. Under P=1 nothing may change. Everything else (a page's
//! content, a signed field, any other object) is reported.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The changes of `now` (the whole file) to the objects of the `signed` revision that the
/// permission `p` does not allow, as messages.
pub fn beyond_allowed(signed: &[u8], now: &Document, p: i64) -> Vec<String> {
    let Ok(before) = Document::load_mem(signed) else {
        return vec!["không đọc được phiên bản đã ký".into()];
    };
    let changed: Vec<(ObjectId, Option<&Object>, &Object)> = now
        .objects
        .iter()
        .filter(|(id, o)| before.objects.get(id) != Some(*o))
        .filter(|(_, o)| !is_structure(o))
        .map(|(id, o)| (*id, before.objects.get(id), o))
        .collect();
    if p == 1 {
        return if changed.is_empty() {
            Vec::new()
        } else {
            vec!["văn bản được chứng thực \"không cho phép thay đổi\" nhưng đã có thay đổi (ký thêm hoặc sửa) sau đó".into()]
        };
    }
    changed
        .into_iter()
        .filter_map(|(id, old, new)| match old {
            None => None,
            Some(old) if allowed(old, new, p) => None,
            Some(old) => Some(format!("{} (đối tượng {} {}) đã bị sửa sau khi ký", kind(old), id.0, id.1)),
        })
        .collect()
}

/// Cross-reference and object streams: each revision writes its own.
fn is_structure(o: &Object) -> bool {
    let dict = match o {
        Object::Stream(s) => &s.dict,
        _ => return false,
    };
    matches!(dict.get(b"Type").and_then(Object::as_name), Ok(b"XRef" | b"ObjStm"))
}

fn allowed(old: &Object, new: &Object, p: i64) -> bool {
    match (old, new) {
        (Object::Dictionary(a), Object::Dictionary(b)) => {
            let differ = differing_keys(a, b);
            let only = |keys: &[&[u8]]| differ.iter().all(|k| keys.contains(&k.as_slice()));
            if is_sig_field(a) {
                // Signing an empty field: its value and appearance; a signed one stays as it is.
                !a.has(b"V") && only(&[b"V", b"AP", b"F"])
            } else if a.has(b"Fields") {
                only(&[b"SigFlags", b"Fields", b"DR", b"DA", b"NeedAppearances"])
            } else if type_is(a, b"Catalog") {
                only(&[b"AcroForm", b"DSS", b"Extensions"])
            } else if type_is(a, b"Page") {
                only(&[b"Annots"])
            } else if is_document_info(a) && is_document_info(b) {
                // The document information a signing program updates (`/ModDate`, `/Producer`).
                true
            } else {
                p == 3 && type_is(a, b"Annot")
            }
        }
        // The XMP metadata a signing program updates along with the document information.
        (Object::Stream(a), Object::Stream(b)) => type_is(&a.dict, b"Metadata") && type_is(&b.dict, b"Metadata"),
        // A page's annotation list kept in an object of its own: added to, nothing removed.
        (Object::Array(a), Object::Array(b)) => a.iter().all(|o| b.contains(o)),
        _ => false,
    }
}

fn differing_keys(a: &Dictionary, b: &Dictionary) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = a.iter().chain(b.iter()).map(|(k, _)| k.clone()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter().filter(|k| a.get(k).ok() != b.get(k).ok()).collect()
}

/// The trailer's `/Info`: only its standard keys.
fn is_document_info(d: &Dictionary) -> bool {
    const KEYS: [&[u8]; 9] = [
        b"Title", b"Author", b"Subject", b"Keywords", b"Creator", b"Producer", b"CreationDate", b"ModDate", b"Trapped",
    ];
    !d.is_empty() && d.iter().all(|(k, _)| KEYS.contains(&k.as_slice()))
}

fn is_sig_field(d: &Dictionary) -> bool {
    d.get(b"FT").and_then(Object::as_name).is_ok_and(|n| n == b"Sig")
}

fn type_is(d: &Dictionary, t: &[u8]) -> bool {
    d.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == t)
}

/// What an object is, as a clerk would name it.
fn kind(o: &Object) -> &'static str {
    match o {
        Object::Stream(_) => "luồng nội dung (chữ, hình trên trang)",
        Object::Dictionary(d) if type_is(d, b"Page") => "trang",
        Object::Dictionary(d) if is_sig_field(d) => "trường chữ ký đã ký",
        Object::Dictionary(d) if type_is(d, b"Catalog") => "mục lục văn bản",
        Object::Dictionary(d) if type_is(d, b"Annot") => "chú thích",
        _ => "một phần của văn bản",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn signing_an_empty_field_is_allowed_changing_a_signed_one_is_not() {
        let empty = Object::Dictionary(dictionary! { "FT" => "Sig", "T" => Object::string_literal("a") });
        let mut signed = empty.as_dict().unwrap().clone();
        signed.set("V", Object::Reference((9, 0)));
        signed.set("AP", dictionary! { "N" => Object::Reference((10, 0)) });
        assert!(allowed(&empty, &Object::Dictionary(signed.clone()), 2));
        let mut resigned = signed.clone();
        resigned.set("V", Object::Reference((11, 0)));
        assert!(!allowed(&Object::Dictionary(signed), &Object::Dictionary(resigned), 2));
    }

    #[test]
    fn a_pages_content_may_not_change_its_annotations_may_grow() {
        let page = dictionary! { "Type" => "Page", "Contents" => Object::Reference((4, 0)), "Annots" => vec![Object::Reference((5, 0))] };
        let mut more = page.clone();
        more.set("Annots", vec![Object::Reference((5, 0)), Object::Reference((12, 0))]);
        assert!(allowed(&Object::Dictionary(page.clone()), &Object::Dictionary(more), 2));
        let mut other = page.clone();
        other.set("Contents", Object::Reference((13, 0)));
        assert!(!allowed(&Object::Dictionary(page), &Object::Dictionary(other), 2));
        let list = Object::Array(vec![Object::Reference((5, 0))]);
        assert!(allowed(&list, &Object::Array(vec![Object::Reference((5, 0)), Object::Reference((6, 0))]), 2));
        assert!(!allowed(&list, &Object::Array(vec![]), 2));
    }

    #[test]
    fn the_form_and_catalog_may_take_what_signing_adds_and_annotations_need_p3() {
        let form = dictionary! { "Fields" => vec![Object::Reference((3, 0))] };
        let mut flagged = form.clone();
        flagged.set("SigFlags", 3);
        assert!(allowed(&Object::Dictionary(form.clone()), &Object::Dictionary(flagged), 2));
        let mut drops = form.clone();
        drops.set("XFA", Object::Reference((20, 0)));
        assert!(!allowed(&Object::Dictionary(form), &Object::Dictionary(drops), 2));
        let note = dictionary! { "Type" => "Annot", "Subtype" => "Text", "Contents" => Object::string_literal("a") };
        let mut changed = note.clone();
        changed.set("Contents", Object::string_literal("b"));
        assert!(!allowed(&Object::Dictionary(note.clone()), &Object::Dictionary(changed.clone()), 2));
        assert!(allowed(&Object::Dictionary(note), &Object::Dictionary(changed), 3));
    }
}
