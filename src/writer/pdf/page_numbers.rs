//! Page numbers (§1): centred in the top margin from page 2 on, each appendix counting again
//! from 1 with no number on its first page. They are drawn onto the laid-out pages here rather
//! than by `layout.typ`: a typst page that asks for its own number (`counter(page)`) can only
//! learn it from a second layout of the whole document (typst's introspection loop), and that
//! second layout was about a tenth of a batch's time. The logical numbers are known after one
//! layout: typst counts them while it finishes the pages, the appendices' resets included.
//!
//! The number is set as `layout.typ` set it before: regular Times New Roman at the page-number
//! size, its line's top at the header distance from the page's top, centred over the text
//! width. Digits need no shaping beyond the font's advances: `layout.typ` turns kerning and
//! ligatures off.

use super::PdfError;
use crate::nd30::Layout;
use typst::World;
use typst::layout::{Abs, Em, FrameItem, Point};
use typst::model::Document;
use typst::syntax::Span;
use typst::text::{FontVariant, FontVariations, Glyph, Lang, TextItem};
use typst::visualize::Color;
use typst_layout::PagedDocument;

/// The document with its page numbers drawn; unchanged when no page has one.
pub fn number_pages(paged: PagedDocument, world: &dyn World, layout: &Layout) -> Result<PagedDocument, PdfError> {
    if paged.pages().iter().all(|p| p.number <= 1) {
        return Ok(paged);
    }
    let family = crate::fonts::FAMILY.to_lowercase();
    let font = world
        .book()
        .select(&family, FontVariant::default())
        .and_then(|i| world.font(i))
        .ok_or_else(|| PdfError::Layout(format!("thiếu phông {} thường", crate::fonts::FAMILY)))?;
    let size = Abs::pt(layout.size.page_number);
    let font = font.instantiate(FontVariant::default(), size, &FontVariations::default());
    let mut pages = paged.pages().to_vec();
    for page in pages.iter_mut().filter(|p| p.number > 1) {
        let text = page.number.to_string();
        let glyphs = text
            .char_indices()
            .map(|(i, c)| {
                let id = font
                    .ttf()
                    .glyph_index(c)
                    .ok_or_else(|| PdfError::Layout(format!("phông thiếu chữ số {c}")))?
                    .0;
                Ok(Glyph {
                    id,
                    x_advance: font.x_advance(id).unwrap_or_default(),
                    x_offset: Em::zero(),
                    y_advance: Em::zero(),
                    y_offset: Em::zero(),
                    range: i as u16..(i + c.len_utf8()) as u16,
                    span: (Span::detached(), 0),
                })
            })
            .collect::<Result<Vec<_>, PdfError>>()?;
        let item = TextItem {
            font: font.clone(),
            size,
            fill: Color::BLACK.into(),
            stroke: None,
            lang: Lang::VIETNAMESE,
            region: None,
            text: text.into(),
            glyphs,
        };
        // The baseline: the line's top plus the font's ascent (`top-edge` in `layout.typ`).
        // Centred on the page's own text width: a landscape page is wider (§1).
        let text_width = page.frame.width().to_pt() - layout.margin_left - layout.margin_right;
        let x = layout.margin_left + (text_width - item.width().to_pt()) / 2.0;
        let y = layout.header_distance + layout.line_ascent * layout.size.page_number;
        page.frame.push(Point::new(Abs::pt(x), Abs::pt(y)), FrameItem::Text(item));
    }
    Ok(PagedDocument::new(pages.into_iter().collect(), paged.info().clone()))
}
