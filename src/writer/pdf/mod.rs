//! PDF writer: typst compiled in-process. One fixed typst program (`layout.typ`, with the
//! blocks it draws in `blocks.typ`) reads the document tree and its [`Geometry`], and the
//! shared [`Layout`], as JSON from virtual files, so user text reaches typst only as string
//! values, never as markup.

mod appearance;
pub mod fields;
mod line_breaks;
mod page_numbers;
mod world;

use crate::nd30::Layout;
use crate::tree::Document;
use super::fitted::Fitted;
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use world::VbhcWorld;

pub use appearance::{Image as AppearanceImage, Style as AppearanceStyle, appearance_pdf};

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Fit(#[from] super::columns::FitError),
    #[error("lỗi dàn trang PDF: {0}")]
    Layout(String),
    #[error("lỗi xuất PDF: {0}")]
    Export(String),
}

/// Which kind of PDF is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// PDF/A-2b: archivable, fonts embedded, XMP metadata, output intent; what a digital
    /// signature is put on.
    #[default]
    A2b,
    /// PDF/A-3b with the input attached as the document's source (an associated file).
    A3b,
    /// A plain PDF 1.7.
    Plain,
}

/// How to write the PDF: its standard and, for PDF/A-3b, the source to attach.
#[derive(Debug, Clone, Copy, Default)]
pub struct Output<'a> {
    pub standard: Standard,
    pub source: Option<&'a [u8]>,
}

/// The name of the attached source inside a PDF/A-3b.
pub const SOURCE_NAME: &str = "nguon.yaml";

/// `/data.json`: one document.
#[derive(Serialize)]
struct Data<'a> {
    geometry: &'a super::geometry::Geometry,
    /// Whether the source is attached (PDF/A-3b), under which name.
    attach: Option<&'static str>,
    document: &'a Document,
}

/// `/layout.json`: what is the same for every document of a layout. Kept apart from the
/// document so that typst evaluates `blocks.typ` once and reuses it (see there).
#[derive(Serialize)]
struct LayoutData<'a> {
    layout: &'a Layout,
    /// The width of `- ` before each recipient, the hanging indent of their lines.
    dash_width: f64,
    quoc_hieu: &'static str,
    kinh_gui: &'static str,
    stamp_red: &'static str,
    tieu_ngu: &'static str,
    /// The space between two tables one after the other, as the DOCX puts it.
    separator: f64,
}

/// Lays the document out as PDF/A-2b and returns the PDF bytes and the number of pages.
pub fn write_pdf(doc: &Document) -> Result<(Vec<u8>, usize), PdfError> {
    write_pdf_as(doc, Output::default())
}

/// As [`write_pdf`], in the given standard.
pub fn write_pdf_as(
    doc: &Document,
    output: Output,
) -> Result<(Vec<u8>, usize), PdfError> {
    write_fitted(&super::fitted::fit(doc)?, output)
}

/// The PDF of a document already fitted to its pages (`fitted.rs`): the tree with its long
/// pieces cut, and its geometry, the same the DOCX writer lays out.
pub fn write_fitted(
    fitted: &Fitted,
    output: Output,
) -> Result<(Vec<u8>, usize), PdfError> {
    let layout = &fitted.doc.layout;
    let paged = lay_out(fitted, output)?;
    let standards = match output.standard {
        Standard::A2b => vec![typst_pdf::PdfStandard::A_2b],
        Standard::A3b => vec![typst_pdf::PdfStandard::A_3b],
        Standard::Plain => Vec::new(),
    };
    let standards =
        typst_pdf::PdfStandards::new(&standards).map_err(|e| PdfError::Export(e.message().to_string()))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom("vbhc".into()),
        standards,
        timestamp: Some(world::fixed_timestamp()),
        // No structure tree: nothing in the decree asks for it, text still copies out in order,
        // and it takes 6 % of a fresh `vbhc render`; PDF/A-2b and -3b (level b) need none.
        tagged: false,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&paged, &options).map_err(|errs| PdfError::Export(messages(&errs)))?;
    let pdf = fields::add_fields(&pdf, &fields::signing_fields(&paged, layout))
        .map_err(|e| PdfError::Export(e.to_string()))?;
    let pages = paged.pages().len();
    evict_now_and_then();
    Ok((pdf, pages))
}

/// The pages exactly as the PDF prints them, each as an SVG image (the editor's preview,
/// `editor/preview.rs`): the same layout, page numbers and fonts, drawn as outlines.
pub struct SvgPages {
    /// Each page: a hash of its laid-out content, and its SVG unless that hash was known.
    pub pages: Vec<(String, Option<String>)>,
    /// The time typst took to lay the pages out, and to draw the new ones as SVG.
    pub lay_out: std::time::Duration,
    pub export: std::time::Duration,
}

/// The pages as SVG; a page whose hash is in `known` (one the caller already has) is not
/// drawn again: most edits change one page, and drawing is most of an edit's time.
pub fn svg_pages(fitted: &Fitted, known: &[String]) -> Result<SvgPages, PdfError> {
    let started = std::time::Instant::now();
    let paged = lay_out(fitted, Output::default())?;
    let lay_out = started.elapsed();
    let options = typst_svg::SvgOptions::default();
    let pages = paged
        .pages()
        .iter()
        .map(|page| {
            let hash = format!("{:032x}", typst::utils::hash128(page));
            let svg = (!known.contains(&hash)).then(|| typst_svg::svg(page, &options));
            (hash, svg)
        })
        .collect();
    evict_now_and_then();
    Ok(SvgPages {
        pages,
        lay_out,
        export: started.elapsed() - lay_out,
    })
}

/// The fitted document laid out by typst into pages, numbered, with its metadata.
fn lay_out(fitted: &Fitted, output: Output) -> Result<PagedDocument, PdfError> {
    let layout = &fitted.doc.layout;
    let attach = output.standard == Standard::A3b && output.source.is_some();
    let layout_json = LayoutData {
        layout,
        dash_width: crate::fonts::measure("- ", layout.size.noi_nhan_item, false, false),
        quoc_hieu: crate::nd30::QUOC_HIEU,
        kinh_gui: super::geometry::KINH_GUI,
        stamp_red: crate::nd30::STAMP_RED,
        tieu_ngu: crate::nd30::TIEU_NGU,
        separator: super::geometry::SEPARATOR,
    };
    let layout_json = serde_json::to_vec(&layout_json).map_err(|e| PdfError::Layout(e.to_string()))?;
    let doc = &fitted.doc;
    let data = Data {
        geometry: &fitted.geo,
        attach: attach.then_some(SOURCE_NAME),
        document: doc,
    };
    let mut value = serde_json::to_value(&data).map_err(|e| PdfError::Layout(e.to_string()))?;
    attach_geometry(&mut value);
    line_breaks::prepare(&mut value["document"]);
    let json = serde_json::to_vec(&value).map_err(|e| PdfError::Layout(e.to_string()))?;
    let world = VbhcWorld::new(json, layout_json, output.source.filter(|_| attach).map(<[u8]>::to_vec));
    let warned = typst::compile::<PagedDocument>(&world);
    // A warning here means the fixed program or the fonts are wrong (an unknown font family
    // silently falls back): refuse rather than print a document that looks almost right.
    if let Some(w) = warned.warnings.first() {
        return Err(PdfError::Layout(w.message.to_string()));
    }
    let paged = warned.output.map_err(|errs| PdfError::Layout(messages(&errs)))?;
    let mut paged = page_numbers::number_pages(paged, &world, layout)?;
    set_metadata(&mut paged, doc);
    Ok(paged)
}

/// Gives each table block its geometry (`g`) and each appendix the width of its rule (`rule`):
/// `layout.typ` lays out the blocks section by section, and reads them there.
fn attach_geometry(value: &mut serde_json::Value) {
    let tables = value["geometry"]["tables"].take();
    let rules = value["geometry"]["phu_luc_rules"].take();
    let (mut tables, mut rules) = (
        tables.as_array().cloned().unwrap_or_default().into_iter(),
        rules.as_array().cloned().unwrap_or_default().into_iter(),
    );
    if let Some(blocks) = value["document"]["blocks"].as_array_mut() {
        for b in blocks {
            match b["block"].as_str() {
                Some("table") => b["g"] = tables.next().unwrap_or_default(),
                Some("phu_luc") => b["rule"] = rules.next().unwrap_or_default(),
                _ => {}
            }
        }
    }
}

/// How many documents are laid out between two evictions of typst's memoised results.
const EVICT_EVERY: usize = 8;

/// typst memoises across documents, and a batch gains from it (the same paragraphs, cells and
/// font subsets in many units). Every [`EVICT_EVERY`] documents, the results that no document
/// used since the eviction before are dropped, so the cache holds at most about twice that
/// many documents' worth. An eviction walks every cache under its write lock: evicting after
/// every document (as vbhc did before 2026-12-06) spent 4-6 % of a batch's time there
/// on two cores, and kept less to reuse. Every eighth document, a 40-unit batch runs 3 % fewer
/// instructions and a 1,000-unit batch peaks about 20 MB higher. A single `vbhc render` evicts
/// nothing: the process ends.
fn evict_now_and_then() {
    static LAID_OUT: AtomicUsize = AtomicUsize::new(0);
    if (LAID_OUT.fetch_add(1, Ordering::Relaxed) + 1) % EVICT_EVERY == 0 {
        comemo::evict(1);
    }
}

/// The PDF's metadata (`tree::Metadata`). Set here rather than by a `set document` rule in
/// `layout.typ`, whose styles would then differ between the units of a batch (see there).
fn set_metadata(paged: &mut PagedDocument, doc: &Document) {
    let m = &doc.metadata;
    let info = paged.info_mut();
    info.title = Some(m.tieu_de.as_str().into());
    info.author = vec![m.tac_gia.as_str().into()];
    info.description = Some(m.chu_de.as_str().into());
    info.keywords = m.tu_khoa.iter().map(|k| k.as_str().into()).collect();
}

/// typst's errors as one message.
fn messages(errs: &[typst::diag::SourceDiagnostic]) -> String {
    errs.iter()
        .map(|e| e.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
