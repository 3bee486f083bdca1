//! Writing lopdf objects as PDF syntax, for incremental updates. lopdf has a writer, but not a
//! public one for a single object, and its incremental saver starts the update with a second
//! `%PDF-` header; a signature needs every byte of the update under our control.

use lopdf::{Dictionary, Object};
use std::io::Write;

pub fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => write_real(out, f64::from(*r)),
        Object::Name(name) => write_name(out, name),
        // Every string as hex: no escaping to get wrong, whatever bytes it holds.
        Object::String(bytes, _) => write_hex_string(out, bytes),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", Object::Integer(stream.content.len() as i64));
            write_dictionary(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

pub fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

pub fn write_hex_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'<');
    for b in bytes {
        let _ = write!(out, "{b:02X}");
    }
    out.push(b'>');
}

/// A name, with every byte outside the regular printable characters written as `#xx`.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        let delimiter = b"()<>[]{}/%#".contains(&b);
        if (b'!'..=b'~').contains(&b) && !delimiter {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

/// A real without an exponent (PDF has none), to four decimals, trailing zeros dropped.
fn write_real(out: &mut Vec<u8>, r: f64) {
    let r = if r.is_finite() { r } else { 0.0 };
    let text = format!("{r:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    out.extend_from_slice(if text == "-0" { b"0" } else { text.as_bytes() });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(o: &Object) -> String {
        let mut out = Vec::new();
        write_object(&mut out, o);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_pdf_syntax() {
        assert_eq!(text(&Object::Real(12.5)), "12.5");
        assert_eq!(text(&Object::Real(-0.00001)), "0");
        assert_eq!(text(&Object::Real(3.0)), "3");
        assert_eq!(text(&Object::Name(b"A B/(#)".to_vec())), "/A#20B#2F#28#23#29");
        assert_eq!(text(&Object::string_literal("a)")), "<6129>");
        let dict = Dictionary::from_iter([
            ("Type", Object::Name(b"Sig".to_vec())),
            ("P", Object::Reference((7, 0))),
            ("R", Object::Array(vec![1.into(), true.into(), Object::Null])),
        ]);
        assert_eq!(text(&Object::Dictionary(dict)), "<</Type /Sig/P 7 0 R/R [1 true null]>>");
    }
}
