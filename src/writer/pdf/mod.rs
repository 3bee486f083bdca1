//! PDF writer: typst compiled in-process. One fixed typst program (`layout.typ`) reads the
//! document tree, the shared [`Layout`] and [`Geometry`] as JSON from a virtual file, so user
//! text reaches typst only as string values, never as markup.

mod line_breaks;
mod world;

use super::geometry::geometry;
use crate::nd30::Layout;
use crate::tree::Document;
use serde::Serialize;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use world::VbhcWorld;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("lỗi dàn trang PDF: {0}")]
    Layout(String),
    #[error("lỗi xuất PDF: {0}")]
    Export(String),
}

#[derive(Serialize)]
struct Data<'a> {
    layout: &'a Layout,
    geometry: super::geometry::Geometry,
    dash_width: f64,
    quoc_hieu: &'static str,
    kinh_gui: &'static str,
    stamp_red: &'static str,
    tieu_ngu: &'static str,
    /// PDF metadata: the type name and summary, and the issuing body.
    title: String,
    author: String,
    document: &'a Document,
}

/// Lays the document out and returns the PDF bytes and the number of pages.
pub fn write_pdf(doc: &Document, layout: &Layout) -> Result<(Vec<u8>, usize), PdfError> {
    let data = Data {
        layout,
        geometry: geometry(doc, layout),
        dash_width: crate::fonts::measure("- ", layout.size.noi_nhan_item, false, false),
        quoc_hieu: crate::nd30::QUOC_HIEU,
        kinh_gui: super::geometry::KINH_GUI,
        stamp_red: crate::nd30::STAMP_RED,
        tieu_ngu: crate::nd30::TIEU_NGU,
        title: metadata_title(doc),
        author: metadata_author(doc),
        document: doc,
    };
    let mut value = serde_json::to_value(&data).map_err(|e| PdfError::Layout(e.to_string()))?;
    line_breaks::add_parts(&mut value["document"]);
    let json = serde_json::to_vec(&value).map_err(|e| PdfError::Layout(e.to_string()))?;
    let world = VbhcWorld::new(json);
    let warned = typst::compile::<PagedDocument>(&world);
    // A warning here means the fixed program or the fonts are wrong (an unknown font family
    // silently falls back): refuse rather than print a document that looks almost right.
    if let Some(w) = warned.warnings.first() {
        return Err(PdfError::Layout(w.message.to_string()));
    }
    let paged = warned.output.map_err(|errs| {
        PdfError::Layout(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom("vbhc".into()),
        timestamp: Some(world::fixed_timestamp()),
        // No structure tree: nothing in the decree asks for it, text still copies out in order,
        // and it takes 6 % of a fresh `vbhc render` (issue #5 adds PDF/A-2b, which needs none).
        tagged: false,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&paged, &options).map_err(|errs| {
        PdfError::Export(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let pages = paged.pages().len();
    // typst memoises across documents; keep the cache from growing without bound in batches.
    comemo::evict(10);
    Ok((pdf, pages))
}

fn metadata_title(doc: &Document) -> String {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            crate::tree::Block::Title(t) => Some(
                format!("{} {}", t.ten_loai, t.trich_yeu.as_deref().unwrap_or(""))
                    .trim()
                    .to_string(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

fn metadata_author(doc: &Document) -> String {
    doc.header()
        .map(|h| h.co_quan.replace('\n', " "))
        .unwrap_or_default()
}
