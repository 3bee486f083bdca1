//! DOCX writer. Knows the decree's format, not the document type: it reads the tree, the shared
//! [`Layout`] and the shared [`Geometry`]. Every component has a named paragraph style, so a
//! clerk can keep editing the file in Word or LibreOffice.
//!
//! The XML is written here, not by a DOCX library: every property element must have its
//! children in the schema's order (`props.rs`), which desktop Word and Word for the web
//! require, and a header row must be marked to repeat (`w:tblHeader`).

mod body;
mod package;
mod props;
mod styles;
mod table;
mod xml;

use super::columns::FitError;
use super::geometry::Geometry;
use super::fitted::Fitted;
use super::sections::Section;
use crate::nd30::{Layout, twips};
use crate::tree::{Block, Document};
use body::Body;
use package::{HeaderFooter, Package};
use props::{ParaProps, RunProps, SectionProps};
use xml::Xml;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("không ghi được DOCX: {0}")]
    Zip(String),
    #[error(transparent)]
    Fit(#[from] FitError),
}

/// The header and footer parts: relationship id and file.
const PAGE_NUMBER: (&str, &str) = ("rIdHeader1", "header1");
const FIRST_HEADER: (&str, &str) = ("rIdHeader2", "header2");
const DIA_CHI: (&str, &str) = ("rIdFooter1", "footer1");
const EMPTY_FOOTER: (&str, &str) = ("rIdFooter2", "footer2");

pub fn write_docx(doc: &Document) -> Result<Vec<u8>, DocxError> {
    write_fitted(&super::fitted::fit(doc)?)
}

/// The DOCX of a document already fitted to its pages (`fitted.rs`), shared with the PDF.
pub fn write_fitted(fitted: &Fitted) -> Result<Vec<u8>, DocxError> {
    let (doc, geo) = (&fitted.doc, &fitted.geo);
    let layout = &doc.layout;
    let header = doc.header();
    let dia_chi = header.and_then(|h| h.dia_chi.as_deref());
    let luu_hanh = header.and_then(|h| h.luu_hanh.as_deref());
    let mut headers = vec![
        story(layout, &geo, PAGE_NUMBER, false, |b| page_number(&mut b.x)),
        story(layout, &geo, FIRST_HEADER, false, |b| match luu_hanh {
            Some(t) => b.luu_hanh(t),
            None => body::paragraph(&mut b.x, &style("SoTrang"), |_| {}),
        }),
    ];
    if let Some(text) = dia_chi {
        headers.push(story(layout, &geo, DIA_CHI, true, |b| b.dia_chi(text)));
        headers.push(story(layout, &geo, EMPTY_FOOTER, true, |b| {
            body::paragraph(&mut b.x, &style("NgatVung"), |_| {})
        }));
    }
    let package = Package {
        document: document(doc, layout, &geo, dia_chi.is_some()),
        styles: styles::styles_part(layout),
        headers,
    };
    package.zip().map_err(|e| DocxError::Zip(e.to_string()))
}

fn style(id: &str) -> ParaProps<'_> {
    ParaProps {
        style: Some(id),
        ..Default::default()
    }
}

/// A header or footer part whose paragraphs `content` writes.
fn story(
    layout: &Layout,
    geo: &Geometry,
    (id, file): (&'static str, &'static str),
    footer: bool,
    content: impl FnOnce(&mut Body),
) -> HeaderFooter {
    let root = if footer { "w:ftr" } else { "w:hdr" };
    let mut b = Body {
        x: Xml::new(),
        layout,
        geo,
    };
    package::open_story(&mut b.x, root);
    content(&mut b);
    b.x.close(root);
    HeaderFooter {
        id,
        file,
        footer,
        xml: b.x.into_bytes(),
    }
}

/// The page number (§1): a centred `PAGE` field.
fn page_number(x: &mut Xml) {
    body::paragraph(x, &style("SoTrang"), |x| {
        x.open("w:r", &[]);
        x.empty("w:fldChar", &[("w:fldCharType", "begin")]);
        x.close("w:r");
        x.open("w:r", &[]);
        x.leaf("w:instrText", &[("xml:space", "preserve")], " PAGE ");
        x.close("w:r");
        x.open("w:r", &[]);
        x.empty("w:fldChar", &[("w:fldCharType", "separate")]);
        x.close("w:r");
        body::run(x, "2", RunProps::default());
        x.open("w:r", &[]);
        x.empty("w:fldChar", &[("w:fldCharType", "end")]);
        x.close("w:r");
    });
}

/// The page of a section (`sections.rs`): portrait or landscape; the first page of the
/// document and of each appendix without a page number (§1, §3.9), an appendix's numbers
/// starting at 1; box 13 at the foot of the document's first page only.
fn section_props(s: &Section, first: bool, layout: &Layout, has_dia_chi: bool) -> SectionProps {
    let title_page = first || s.phu_luc;
    let left = twips(layout.margin_left);
    let width = twips(layout.page_width);
    let mut headers = vec![("default", PAGE_NUMBER.0.to_string())];
    if title_page {
        headers.push(("first", FIRST_HEADER.0.to_string()));
    }
    let mut footers = Vec::new();
    if has_dia_chi {
        footers.push(("default", EMPTY_FOOTER.0.to_string()));
        if title_page {
            let first_footer = if first { DIA_CHI } else { EMPTY_FOOTER };
            footers.push(("first", first_footer.0.to_string()));
        }
    }
    SectionProps {
        headers,
        footers,
        page_width: width,
        page_height: twips(layout.page_height),
        landscape: s.ngang,
        margin_top: twips(layout.margin_top),
        // The right margin takes what the page leaves, so the text block is exactly as wide
        // as the layout says (165 mm on a portrait page).
        margin_right: width - left - twips(layout.text_width()),
        margin_bottom: twips(layout.margin_bottom),
        margin_left: left,
        header_distance: twips(layout.header_distance),
        page_start: s.phu_luc.then_some(1),
        title_page,
    }
}

/// `word/document.xml`: the blocks in order, section by section (`sections.rs`).
fn document(doc: &Document, layout: &Layout, geo: &Geometry, has_dia_chi: bool) -> Vec<u8> {
    let layouts: Vec<Layout> = geo.sections.iter().map(|s| s.layout(layout)).collect();
    let mut b = Body {
        x: Xml::new(),
        layout,
        geo,
    };
    package::open_story(&mut b.x, "w:document");
    b.x.open("w:body", &[]);
    let mut tables = geo.tables.iter();
    let mut rules = geo.phu_luc_rules.iter();
    for (n, s) in geo.sections.iter().enumerate() {
        b.layout = &layouts[n];
        for i in s.blocks.clone() {
            // The paragraph before the signature row keeps with it (§3.8).
            let keep_next = matches!(doc.blocks.get(i + 1), Some(Block::Signature(_)));
            match &doc.blocks[i] {
                Block::Header(h) => b.header(h),
                Block::Title(t) => b.title(t),
                Block::Paragraph(p) => b.paragraph(p, keep_next),
                Block::Heading(h) => b.heading(h),
                Block::Table(t) => {
                    // Two tables one after the other would be joined into one.
                    if i > 0 && matches!(doc.blocks[i - 1], Block::Table(_)) {
                        body::paragraph(&mut b.x, &style("NgatVung"), |_| {});
                    }
                    b.table(t, tables.next().expect("one geometry per table"))
                }
                Block::Signature(s) => b.signature(s),
                Block::KinhGui(k) => b.kinh_gui(k),
                Block::Centred(c) => b.centred(c),
                Block::Division(d) => b.division(d),
                Block::PhuLuc(p) => b.phu_luc(p, *rules.next().expect("one rule per appendix")),
                Block::HuongTrang(_) => {}
            }
        }
        let props = section_props(s, n == 0, &layouts[n], has_dia_chi);
        if n + 1 < geo.sections.len() {
            // A section ends with a paragraph that carries its properties: as small as Word
            // allows.
            let ending = ParaProps {
                style: Some("NgatVung"),
                section: Some(&props),
                ..Default::default()
            };
            body::paragraph(&mut b.x, &ending, |_| {});
        } else {
            props.write(&mut b.x);
        }
    }
    b.x.close("w:body");
    b.x.close("w:document");
    b.x.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn part(docx: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// The document defaults' font size in the styles part, in half-points.
    fn default_size(docx: &[u8]) -> String {
        let styles = part(docx, "word/styles.xml");
        let defaults = &styles[styles.find("<w:rPrDefault>").unwrap()..];
        let sz = &defaults[defaults.find("<w:sz w:val=\"").unwrap() + 13..];
        sz[..sz.find('"').unwrap()].to_string()
    }

    fn tree() -> Document {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/ke-hoach-mau.yaml");
        let src = std::fs::read_to_string(path).unwrap();
        crate::pipeline::prepare_with(&src, None, None)
            .unwrap()
            .tree
    }

    #[test]
    fn the_kept_styles_part_follows_each_documents_layout() {
        let mut tree = tree();
        let normal = Layout::mac_dinh();
        let mut other = normal.clone();
        other.size.body = 13.0;
        // One process, documents of two layouts in turn (`vbhc render a.yaml b.yaml`).
        for (layout, half_points) in [(&normal, "28"), (&other, "26"), (&normal, "28")] {
            tree.layout = layout.clone();
            assert_eq!(default_size(&write_docx(&tree).unwrap()), half_points);
        }
    }

    #[test]
    fn the_same_tree_gives_the_same_bytes() {
        let tree = tree();
        assert_eq!(write_docx(&tree).unwrap(), write_docx(&tree).unwrap());
    }

    #[test]
    fn a_line_break_in_a_run_is_a_break_element() {
        let mut x = Xml::new();
        body::run(&mut x, "ab\ncd", RunProps::default());
        let s = String::from_utf8(x.into_bytes()).unwrap();
        assert!(s.ends_with(
            r#"<w:r><w:t xml:space="preserve">ab</w:t><w:br/><w:t xml:space="preserve">cd</w:t></w:r>"#
        ));
    }
}
