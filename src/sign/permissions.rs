//! What earlier signatures allow after them. A certification signature (the catalog's
//! `/Perms /DocMDP`, ISO 32000-1 §12.8.2.2) states it in its `/TransformParams /P`: 1 allows
//! no change at all, 2 allows filling forms and signing, 3 also annotations; a signed field
//! may carry a lock (`/Lock`, ISO 32000-2 §12.7.5.5) with the same `/P`. A signature added
//! against P=1 breaks the certification, so `vbhc sign` refuses; with 2 or 3, what vbhc adds
//! (the field's value and appearance, `/SigFlags`) is signing, which is allowed.

use lopdf::{Dictionary, Document, Object};

/// The strictest `/P` an earlier signature sets (1 the strictest), or `None` when none does.
pub fn strictest(doc: &Document) -> Option<i64> {
    let certification = catalog_perms(doc)
        .and_then(|perms| resolve(doc, perms.get(b"DocMDP").ok()?))
        .and_then(|sig| docmdp_of_signature(doc, sig));
    let locks = signed_field_locks(doc);
    certification.into_iter().chain(locks).min()
}

fn catalog_perms(doc: &Document) -> Option<&Dictionary> {
    resolve(doc, doc.catalog().ok()?.get(b"Perms").ok()?)
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        other => other.as_dict().ok(),
    }
}

/// The `/P` of a signature dictionary's DocMDP reference; 2 when the reference gives none
/// (the default, ISO 32000-1 table 254).
pub fn docmdp_of_signature(doc: &Document, sig: &Dictionary) -> Option<i64> {
    let references = sig.get(b"Reference").ok()?;
    let references = match references {
        Object::Reference(id) => doc.get_object(*id).ok()?.as_array().ok()?,
        other => other.as_array().ok()?,
    };
    references
        .iter()
        .filter_map(|r| resolve(doc, r))
        .find(|r| r.get(b"TransformMethod").and_then(Object::as_name).is_ok_and(|m| m == b"DocMDP"))
        .map(|r| permission_of(doc, r.get(b"TransformParams").ok()))
}

fn permission_of(doc: &Document, params: Option<&Object>) -> i64 {
    params
        .and_then(|p| resolve(doc, p))
        .and_then(|p| p.get(b"P").and_then(Object::as_i64).ok())
        .unwrap_or(2)
}

/// The `/P` of the locks of fields already signed (a lock binds once its field is signed).
fn signed_field_locks(doc: &Document) -> Vec<i64> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"FT").and_then(Object::as_name).is_ok_and(|n| n == b"Sig"))
        .filter(|d| d.has(b"V"))
        .filter_map(|d| d.get(b"Lock").ok())
        .filter_map(|lock| resolve(doc, lock))
        .filter_map(|lock| lock.get(b"P").and_then(Object::as_i64).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn document_certified(p: Option<i64>) -> Document {
        let mut doc = Document::with_version("1.7");
        let mut params = dictionary! { "Type" => "TransformParams", "V" => "1.2" };
        if let Some(p) = p {
            params.set("P", p);
        }
        let sig = doc.add_object(dictionary! {
            "Type" => "Sig",
            "Reference" => vec![Object::Dictionary(dictionary! {
                "Type" => "SigRef",
                "TransformMethod" => "DocMDP",
                "TransformParams" => params,
            })],
        });
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Perms" => dictionary! { "DocMDP" => sig },
        });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn a_certification_states_its_permission_two_when_silent() {
        assert_eq!(strictest(&document_certified(Some(1))), Some(1));
        assert_eq!(strictest(&document_certified(Some(3))), Some(3));
        assert_eq!(strictest(&document_certified(None)), Some(2));
    }

    #[test]
    fn an_uncertified_document_sets_nothing_and_a_signed_fields_lock_binds() {
        let mut doc = document_certified(Some(3));
        doc.catalog_mut().unwrap().remove(b"Perms");
        assert_eq!(strictest(&doc), None);
        // A lock on a field not yet signed binds nothing; once signed it does.
        let id = doc.add_object(dictionary! {
            "FT" => "Sig", "T" => Object::string_literal("a"),
            "Lock" => dictionary! { "Type" => "SigFieldLock", "Action" => "All", "P" => 1 },
        });
        assert_eq!(strictest(&doc), None);
        doc.get_dictionary_mut(id).unwrap().set("V", dictionary! {});
        assert_eq!(strictest(&doc), Some(1));
    }
}
