//! The document tree: the one representation both writers read (pandoc's AST, in small).
//! It knows blocks and inline runs, not document types and not output formats.

mod build;
pub mod inline;
mod metadata;
pub mod table;

/// Điểm letters in the Vietnamese order (§3.5): no f, j, w, z; `đ` after `d`.
pub const DIEM_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

pub use build::{Event, build, roman};
use serde::Serialize;
pub use metadata::Metadata;
pub use table::{Cell, Table};

/// What the writers read, and all they read: the blocks, the page and sizes to lay them out
/// with, and the metadata.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// The page and sizes the document asks for (`le:`, `kho_chu:`, `co_chu:`; §1, §3).
    #[serde(skip)]
    pub layout: crate::nd30::Layout,
    #[serde(skip)]
    pub metadata: Metadata,
}

impl Document {
    /// The blocks on the default page; the metadata is the template's to give
    /// (`Metadata::of`, once it knows the number and symbol).
    pub fn new(blocks: Vec<Block>) -> Document {
        Document {
            blocks,
            layout: crate::nd30::Layout::mac_dinh(),
            metadata: Metadata::default(),
        }
    }

    /// The header (boxes 1–5b, 10–13), which the page-level boxes 11 and 13 come from too.
    pub fn header(&self) -> Option<&Header> {
        self.blocks.iter().find_map(|b| {
            if let Block::Header(h) = b {
                Some(h)
            } else {
                None
            }
        })
    }

    /// The signature block (boxes 7–9b, 12).
    pub fn signature(&self) -> Option<&Signature> {
        self.blocks.iter().find_map(|b| {
            if let Block::Signature(s) = b {
                Some(s)
            } else {
                None
            }
        })
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "block", rename_all = "snake_case")]
pub enum Block {
    /// Boxes 1–4: the two-column header.
    Header(Header),
    /// Box 5a: type name, summary and the rule under it.
    Title(Title),
    /// Box 6: a paragraph of the preamble or the body.
    Paragraph(Paragraph),
    /// A numbered heading (`I.`, `1.`, `1.1.` …).
    Heading(Heading),
    Table(Table),
    /// Boxes 7–9b: Nơi nhận on the left, the signer on the right.
    Signature(Signature),
    /// Box 9a: `Kính gửi:` and the addressees.
    KinhGui(KinhGui),
    /// A line centred in bold capitals (a quyết định's authority, `QUYẾT ĐỊNH:`).
    Centred(Centred),
    /// The start of an appendix: a new page, its page numbers restarting at 1 (§3.9).
    PhuLuc(PhuLuc),
    /// A chapter or a chapter's section of a quyết định: its label (`Chương I`, `Mục 1`) and
    /// title on two centred bold lines (§3.5, scheme a).
    Division(Division),
    /// The pages turn here, to landscape or back to portrait (§1): a new page.
    HuongTrang(HuongTrang),
}

#[derive(Debug, Clone, Serialize)]
pub struct Division {
    pub nhan: String,
    pub tieu_de: String,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct HuongTrang {
    pub ngang: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhuLuc {
    /// `Phụ lục` alone, or `Phụ lục I`, `Phụ lục II` … when there are several.
    pub nhan: String,
    pub tieu_de: String,
    /// `(Kèm theo Kế hoạch số … ngày … của …)`, italic.
    pub tham_chieu: String,
    /// On landscape pages (§1: appendices may be).
    pub ngang: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Parent body, upper case, not bold.
    pub chu_quan: Option<String>,
    /// Issuing body, upper case, bold; may hold line breaks typed by the user.
    pub co_quan: String,
    pub so_ky_hieu: String,
    pub dong_ngay: String,
    /// Box 5b (công văn): `V/v …` under the number.
    pub vv: Option<String>,
    /// Boxes 10a, 10b and the draft box, in that order, under the number.
    pub stamps: Vec<Stamp>,
    /// Box 13: the address line(s) at the foot of page 1.
    pub dia_chi: Option<String>,
    /// Box 11: the circulation note, boxed in the top margin of page 1 over the quốc hiệu.
    pub luu_hanh: Option<String>,
}

/// A boxed label of the left column (§3.10, §3.11).
#[derive(Debug, Clone, Serialize)]
pub struct Stamp {
    pub text: String,
    /// Urgency boxes have the decree's width (20, 40 or 30 mm); the others fit their text.
    pub width_mm: Option<f64>,
    /// Urgency and secrecy stamps are red; the draft box is black.
    pub red: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Title {
    pub ten_loai: String,
    pub trich_yeu: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParaKind {
    /// Upright body text.
    Body,
    /// A legal basis (căn cứ): italic.
    CanCu,
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub kind: ParaKind,
    pub runs: Vec<Run>,
}

impl Paragraph {
    pub fn plain_text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// Levels 0 and 1 are upright bold capitals, 2–3 bold, deeper bold italic (§3.5 division
/// schemes).
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// 0 for a lettered part `A.`, 1 for `I.`, 2 for `1.`, 3 for `1.1.` …
    pub level: usize,
    pub number: String,
    pub text: String,
    /// Set in italic as well as bold (`nd30::heading_italic`): the writers read this.
    pub italic: bool,
}

impl Heading {
    pub fn new(level: usize, number: String, text: String) -> Heading {
        Heading {
            level,
            number,
            text,
            italic: crate::nd30::heading_italic(level),
        }
    }
}

/// The addressees as printed after `Kính gửi: `: one without a mark, several as `- A;` …
/// `- B.` (§3.6).
#[derive(Debug, Clone, Serialize)]
pub struct KinhGui {
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Centred {
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    /// Recipient lines, already `- item;` … `- Lưu: VT, TCHC.`
    pub noi_nhan: Vec<String>,
    /// Authority lines then the signer's title, upper case.
    pub chuc_danh: Vec<String>,
    pub ho_ten: String,
    /// Box 12: drafter's initials and copies, after the Lưu line (`PL.(300)`).
    pub soan: Option<String>,
}
