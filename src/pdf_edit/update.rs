//! An incremental update: new and replaced objects appended after the original bytes, their
//! cross-reference section, and a trailer pointing back to the original's (`/Prev`).

use super::serialize::write_object;
use lopdf::{Dictionary, Object, ObjectId};
use std::io::Write;

pub struct Update {
    next_id: u32,
    /// Objects in the order they are written: (id, the bytes between `obj` and `endobj`).
    objects: Vec<(ObjectId, Vec<u8>)>,
    trailer: Dictionary,
    prev_xref: usize,
}

/// The original followed by the update, and where each object's body starts in it.
pub struct Finished {
    pub bytes: Vec<u8>,
    bodies: Vec<(ObjectId, usize)>,
}

impl Finished {
    /// Where the body of object `id` (what follows `obj`) starts.
    pub fn body_at(&self, id: ObjectId) -> Option<usize> {
        self.bodies
            .iter()
            .find(|(i, _)| *i == id)
            .map(|&(_, at)| at)
    }
}

impl Update {
    /// An update after the revision whose trailer is `trailer`, whose objects are numbered below
    /// `size`, and whose cross-reference section starts at `prev_xref`.
    pub fn new(trailer: &Dictionary, size: u32, prev_xref: usize) -> Self {
        let mut kept = Dictionary::new();
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Ok(v) = trailer.get(key) {
                kept.set(key, v.clone());
            }
        }
        Update {
            next_id: size,
            objects: Vec::new(),
            trailer: kept,
            prev_xref,
        }
    }

    /// A new object number.
    pub fn reserve(&mut self) -> ObjectId {
        let id = (self.next_id, 0);
        self.next_id += 1;
        id
    }

    /// Writes `object` under `id`: a new object, or the new version of an existing one.
    pub fn replace(&mut self, id: ObjectId, object: Object) {
        let mut body = Vec::new();
        write_object(&mut body, &object);
        self.replace_raw(id, body);
    }

    /// As [`Update::replace`], with the object already written as PDF syntax.
    pub fn replace_raw(&mut self, id: ObjectId, body: Vec<u8>) {
        self.objects.retain(|(i, _)| *i != id);
        self.objects.push((id, body));
    }

    /// The original bytes followed by the update.
    pub fn finish(self, original: &[u8]) -> Finished {
        let mut out = Vec::with_capacity(original.len() + 64 * 1024);
        out.extend_from_slice(original);
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut offsets: Vec<(u32, usize)> = Vec::new();
        let mut bodies = Vec::new();
        for ((id, generation), body) in &self.objects {
            offsets.push((*id, out.len()));
            let _ = writeln!(out, "{id} {generation} obj");
            bodies.push(((*id, *generation), out.len()));
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        offsets.sort();
        let xref_at = out.len();
        out.extend_from_slice(b"xref\n");
        // One subsection per run of consecutive object numbers.
        let mut i = 0;
        while i < offsets.len() {
            let mut j = i + 1;
            while j < offsets.len() && offsets[j].0 == offsets[j - 1].0 + 1 {
                j += 1;
            }
            let _ = writeln!(out, "{} {}", offsets[i].0, j - i);
            for (_, offset) in &offsets[i..j] {
                // Each entry exactly 20 bytes, as the standard requires.
                let _ = write!(out, "{offset:010} 00000 n\r\n");
            }
            i = j;
        }
        let mut trailer = self.trailer;
        trailer.set("Size", Object::Integer(i64::from(self.next_id)));
        trailer.set("Prev", Object::Integer(self.prev_xref as i64));
        out.extend_from_slice(b"trailer\n");
        write_object(&mut out, &Object::Dictionary(trailer));
        let _ = write!(out, "\nstartxref\n{xref_at}\n%%EOF\n");
        Finished { bytes: out, bodies }
    }
}
