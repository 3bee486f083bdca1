//! The typst World: a fixed main file (the document's layout, or a signature's appearance) and
//! the module of blocks it imports, virtual JSON files with the document and with the shared
//! layout, the embedded fonts under the family name the DOCX uses. Nothing is read from disk.

use crate::fonts;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

const MAIN: &str = include_str!("layout.typ");
const BLOCKS: &str = include_str!("blocks.typ");
const APPEARANCE: &str = include_str!("appearance.typ");

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    blocks: Source,
    appearance: Source,
    data_id: FileId,
    layout_id: FileId,
    source_id: FileId,
    image_id: FileId,
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("valid virtual path"),
    )
    .intern()
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let mut fonts_loaded = Vec::new();
    let mut infos = Vec::new();
    for data in fonts::ALL {
        let bytes = Bytes::new(data);
        for (index, info) in FontInfo::iter(data).enumerate() {
            let mut info = info.clone();
            // Served as Times New Roman, the family the decree and the DOCX name; the glyphs
            // are VBHC Serif's (Liberation Serif's), which has the same metrics.
            info.family = fonts::FAMILY.to_string();
            infos.push(info);
            fonts_loaded.push(Font::new(bytes.clone(), index as u32).expect("embedded font loads"));
        }
    }
    Shared {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(FontBook::from_infos(infos)),
        fonts: fonts_loaded,
        main: Source::new(file_id("/main.typ"), MAIN.to_string()),
        blocks: Source::new(file_id("/blocks.typ"), BLOCKS.to_string()),
        appearance: Source::new(file_id("/appearance.typ"), APPEARANCE.to_string()),
        data_id: file_id("/data.json"),
        layout_id: file_id("/layout.json"),
        source_id: file_id(&format!("/{}", super::SOURCE_NAME)),
        image_id: file_id("/anh.png"),
    }
});

pub struct VbhcWorld {
    main: &'static Source,
    data: Bytes,
    /// The shared layout and the decree's fixed texts, read by `blocks.typ` (a document's
    /// world only).
    layout: Option<Bytes>,
    /// The input file, attached to a PDF/A-3b.
    source: Option<Bytes>,
    /// A signature appearance's image (PNG): the signer's signature or the agency's seal.
    image: Option<Bytes>,
}

impl VbhcWorld {
    /// The world of a document: its data and the shared layout, both as JSON.
    pub fn new(json: Vec<u8>, layout: Vec<u8>, source: Option<Vec<u8>>) -> Self {
        VbhcWorld {
            main: &SHARED.main,
            data: Bytes::new(json),
            layout: Some(Bytes::new(layout)),
            source: source.map(Bytes::new),
            image: None,
        }
    }

    /// The world of a signature's appearance (`appearance.typ`), its image served as
    /// `/anh.png`.
    pub fn appearance(json: Vec<u8>, image: Option<std::sync::Arc<[u8]>>) -> Self {
        VbhcWorld {
            main: &SHARED.appearance,
            data: Bytes::new(json),
            layout: None,
            source: None,
            image: image.map(Bytes::new),
        }
    }
}

/// The date written into the PDF metadata: fixed, so the same input gives the same bytes.
pub fn fixed_timestamp() -> typst_pdf::Timestamp {
    typst_pdf::Timestamp::new_utc(Datetime::from_ymd_hms(2020, 1, 1, 0, 0, 0).expect("valid date"))
}

impl World for VbhcWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == SHARED.blocks.id() {
            Ok(SHARED.blocks.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == SHARED.data_id {
            Ok(self.data.clone())
        } else if id == SHARED.layout_id
            && let Some(layout) = &self.layout
        {
            Ok(layout.clone())
        } else if id == SHARED.source_id
            && let Some(source) = &self.source
        {
            Ok(source.clone())
        } else if id == SHARED.image_id
            && let Some(png) = &self.image
        {
            Ok(png.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(2020, 1, 1)
    }
}
