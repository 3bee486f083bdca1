//! The DOCX package (ECMA-376 Part 2, Open Packaging Conventions): the parts, their content
//! types and relationships, in a ZIP archive. Deterministic: fixed times, fixed ids, parts in
//! a fixed order, so the same input gives the same bytes.

use super::xml::Xml;
use std::io::Write;

pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub const NS_WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
pub const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
pub const NS_PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// Fixed creation time, so the same input gives the same bytes.
const FIXED_TIME: &str = "2020-01-01T00:00:00Z";

/// A header or footer part.
pub struct HeaderFooter {
    /// Relationship id, as the section properties name it.
    pub id: &'static str,
    /// Its file in `word/`, without `.xml`: `header1`, `footer2`.
    pub file: &'static str,
    pub footer: bool,
    pub xml: Vec<u8>,
}

pub struct Package {
    pub document: Vec<u8>,
    pub styles: std::sync::Arc<[u8]>,
    pub headers: Vec<HeaderFooter>,
}

/// The opening tag of a part whose content is WordprocessingML (document, header, footer).
pub fn open_story(x: &mut Xml, root: &str) {
    x.open(
        root,
        &[
            ("xmlns:w", NS_W),
            ("xmlns:r", NS_R),
            ("xmlns:wp", NS_WP),
            ("xmlns:a", NS_A),
            ("xmlns:pic", NS_PIC),
        ],
    );
}

impl HeaderFooter {
    fn part_name(&self) -> String {
        format!("word/{}.xml", self.file)
    }
}

impl Package {
    pub fn zip(&self) -> zip::result::ZipResult<Vec<u8>> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // Stored, not deflated: a DOCX is small, and storing costs nothing. The default time
        // (1980-01-01) is fixed.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut put = |name: &str, bytes: &[u8]| -> zip::result::ZipResult<()> {
            zip.start_file(name, options)?;
            zip.write_all(bytes)?;
            Ok(())
        };
        put("[Content_Types].xml", &self.content_types())?;
        put("_rels/.rels", &package_rels())?;
        put("docProps/core.xml", &core())?;
        put("docProps/app.xml", &app())?;
        put("word/_rels/document.xml.rels", &self.document_rels())?;
        put("word/document.xml", &self.document)?;
        put("word/styles.xml", &self.styles)?;
        put("word/settings.xml", &settings())?;
        put("word/fontTable.xml", &font_table())?;
        for h in &self.headers {
            put(&h.part_name(), &h.xml)?;
        }
        Ok(zip.finish()?.into_inner())
    }

    fn content_types(&self) -> Vec<u8> {
        let mut x = Xml::new();
        x.open(
            "Types",
            &[(
                "xmlns",
                "http://schemas.openxmlformats.org/package/2006/content-types",
            )],
        );
        let rels = "application/vnd.openxmlformats-package.relationships+xml";
        x.empty("Default", &[("Extension", "rels"), ("ContentType", rels)]);
        x.empty(
            "Default",
            &[("Extension", "xml"), ("ContentType", "application/xml")],
        );
        let mut over = |part: &str, ct: &str| {
            x.empty("Override", &[("PartName", part), ("ContentType", ct)]);
        };
        over(
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
        );
        over(
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        );
        over(
            "/word/document.xml",
            &format!("{CT_MAIN}.document.main+xml"),
        );
        over("/word/styles.xml", &format!("{CT_MAIN}.styles+xml"));
        over("/word/settings.xml", &format!("{CT_MAIN}.settings+xml"));
        over("/word/fontTable.xml", &format!("{CT_MAIN}.fontTable+xml"));
        for h in &self.headers {
            let kind = if h.footer { "footer" } else { "header" };
            over(
                &format!("/{}", h.part_name()),
                &format!("{CT_MAIN}.{kind}+xml"),
            );
        }
        x.close("Types");
        x.into_bytes()
    }

    fn document_rels(&self) -> Vec<u8> {
        let mut x = open_rels();
        let mut rel = |id: &str, kind: &str, target: &str| {
            x.empty(
                "Relationship",
                &[
                    ("Id", id),
                    ("Type", &format!("{REL}/{kind}")),
                    ("Target", target),
                ],
            );
        };
        rel("rIdStyles", "styles", "styles.xml");
        rel("rIdSettings", "settings", "settings.xml");
        rel("rIdFontTable", "fontTable", "fontTable.xml");
        for h in &self.headers {
            let kind = if h.footer { "footer" } else { "header" };
            rel(h.id, kind, &format!("{}.xml", h.file));
        }
        x.close("Relationships");
        x.into_bytes()
    }
}

fn open_rels() -> Xml {
    let mut x = Xml::new();
    x.open(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
    );
    x
}

fn package_rels() -> Vec<u8> {
    let mut x = open_rels();
    for (id, kind, target) in [
        ("rId1", format!("{REL}/officeDocument"), "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{REL}/extended-properties"),
            "docProps/app.xml",
        ),
    ] {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", &kind), ("Target", target)],
        );
    }
    x.close("Relationships");
    x.into_bytes()
}

fn core() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    for tag in ["dcterms:created", "dcterms:modified"] {
        x.leaf(tag, &[("xsi:type", "dcterms:W3CDTF")], FIXED_TIME);
    }
    x.close("cp:coreProperties");
    x.into_bytes()
}

fn app() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    );
    x.leaf("Application", &[], "vbhc");
    x.close("Properties");
    x.into_bytes()
}

/// Settings (CT_Settings's order: zoom, defaultTabStop, compat). The compatibility options
/// are Word 2013's (mode 15). A justified line that ends in a forced break (`writer/fit.rs`)
/// is stretched, as Word does by default and typst is told to (`blocks.typ`).
fn settings() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", NS_W)]);
    x.empty("w:zoom", &[("w:percent", "100")]);
    x.empty("w:defaultTabStop", &[("w:val", "840")]);
    x.open("w:compat", &[]);
    for flag in [
        "w:spaceForUL",
        "w:balanceSingleByteDoubleByteWidth",
        "w:doNotLeaveBackslashAlone",
        "w:ulTrailSpace",
        "w:useFELayout",
    ] {
        x.empty(flag, &[]);
    }
    for (name, val) in [
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
        ("differentiateMultirowTableHeaders", "1"),
        ("useWord2013TrackBottomHyphenation", "0"),
    ] {
        x.empty(
            "w:compatSetting",
            &[
                ("w:name", name),
                ("w:uri", "http://schemas.microsoft.com/office/word"),
                ("w:val", val),
            ],
        );
    }
    x.close("w:compat");
    x.close("w:settings");
    x.into_bytes()
}

fn font_table() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:fonts", &[("xmlns:w", NS_W)]);
    x.open("w:font", &[("w:name", crate::fonts::FAMILY)]);
    x.empty("w:charset", &[("w:val", "00")]);
    x.empty("w:family", &[("w:val", "roman")]);
    x.empty("w:pitch", &[("w:val", "variable")]);
    x.close("w:font");
    x.close("w:fonts");
    x.into_bytes()
}
