//! A small XML writer for the parts of a DOCX package: elements, attributes and escaped text,
//! appended to one string. User text reaches the XML only through [`Xml::text`] and attribute
//! values, both escaped here, never as markup.

pub struct Xml {
    out: String,
}

/// The declaration every part starts with.
const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

impl Xml {
    pub fn new() -> Xml {
        let mut out = String::with_capacity(16 * 1024);
        out.push_str(DECLARATION);
        Xml { out }
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }

    /// `<tag a="v">`.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start(tag, attrs);
        self.out.push('>');
    }

    /// `<tag a="v"/>`.
    pub fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start(tag, attrs);
        self.out.push_str("/>");
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// Character data, escaped.
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    /// `<tag>text</tag>`, the text escaped.
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// Escapes the five characters XML reserves. The tree carries no character XML 1.0 forbids
/// (the model and the tree builder remove or refuse control characters), so none is checked
/// here.
fn escape_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&apos;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::new();
        x.open("t", &[("a", r#"x"<'&>"#)]);
        x.text("<w:b/> & \"ý\"");
        x.close("t");
        let s = String::from_utf8(x.into_bytes()).unwrap();
        assert!(s.ends_with(
            r#"<t a="x&quot;&lt;&apos;&amp;&gt;">&lt;w:b/&gt; &amp; &quot;ý&quot;</t>"#
        ));
        roxmltree::Document::parse(&s).unwrap();
    }
}
