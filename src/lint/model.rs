//! A document as a clerk's eye reads it, whatever made it: its pages' size and margins, and its
//! paragraphs in reading order with how each run of text is printed (font, size, bold,
//! italic), where it sits (its alignment, the table cell it is in), and what the page header
//! and footer hold. The rules (`rules/`) read only this; the readers (`docx/`) fill it.

/// How a paragraph is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CanLe {
    #[default]
    Trai,
    Giua,
    Phai,
    Deu,
}

/// A run of text printed one way.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chay {
    pub text: String,
    /// The font family, when it is known.
    pub phong: Option<String>,
    /// The size in points, when it is known.
    pub co: Option<f32>,
    pub dam: bool,
    pub nghieng: bool,
    pub gach_chan: bool,
}

/// Where a paragraph is: in the body, or in a table's cell (table, row, column; 0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ViTri {
    pub bang: Option<(usize, usize, usize)>,
    /// A merged cell: the columns it spans (1 for a plain cell), and whether it continues the
    /// cell above it (a vertical merge).
    pub gop_cot: usize,
    pub noi_tiep: bool,
}

/// A paragraph of the body.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doan {
    /// 1-based, in reading order, counting the paragraphs inside tables.
    pub so: usize,
    /// The page it starts on, as far as the file says (explicit and rendered page breaks).
    pub trang: usize,
    pub chay: Vec<Chay>,
    pub can_le: CanLe,
    /// The first-line indent in mm (negative: hanging).
    pub thut_dau_dong: f32,
    /// Line spacing as a multiple of single (Times' single line is 1.15 times its size): what a
    /// DOCX sets, what a PDF shows between the lines of a paragraph; none where neither says.
    pub gian_dong: Option<f32>,
    pub vi_tri: ViTri,
    /// The rules drawn with it: a paragraph border, a line shape.
    pub ke: Ke,
}

/// The rules a paragraph carries, as the file draws them (§3.1).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ke {
    /// A border over it (vbhc's rule: an empty paragraph with a top border).
    pub tren: bool,
    /// A border under it, or (in a PDF) a line drawn just under its text.
    pub duoi: bool,
    /// How many line shapes are anchored in it (Word's Insert → Shapes → Line).
    pub hinh: usize,
    /// The length of its rule in mm, where the file says it (a shape's extent, a PDF's line).
    pub dai: Option<f32>,
}

/// How a rule under a line is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KieuKe {
    /// Drawn: a border or a line.
    Ve,
    /// The text itself underlined: the rule is as long as the text.
    GachChan,
    /// Typed: `______` or `-------`.
    KyTu,
}

impl Doan {
    /// Its text as printed, with a list number Word adds in front of it.
    pub fn text(&self) -> String {
        self.chay.iter().map(|c| c.text.as_str()).collect()
    }

    /// The runs that print something.
    pub fn chay_co_chu(&self) -> impl Iterator<Item = &Chay> {
        self.chay.iter().filter(|c| !c.text.trim().is_empty())
    }

    pub fn toan_dam(&self) -> bool {
        self.chay_co_chu().all(|c| c.dam) && self.chay_co_chu().next().is_some()
    }

    pub fn toan_nghieng(&self) -> bool {
        self.chay_co_chu().all(|c| c.nghieng) && self.chay_co_chu().next().is_some()
    }

    /// Every size its text is printed in.
    pub fn cac_co(&self) -> Vec<f32> {
        let mut v: Vec<f32> = self.chay_co_chu().filter_map(|c| c.co).collect();
        v.sort_by(f32::total_cmp);
        v.dedup();
        v
    }

    pub fn trong_bang(&self) -> bool {
        self.vi_tri.bang.is_some()
    }
}

/// A section's page: size and margins in mm.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct KhoGiay {
    pub rong: f32,
    pub cao: f32,
    pub tren: f32,
    pub duoi: f32,
    pub trai: f32,
    pub phai: f32,
}

/// Where page numbers are printed in a section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SoTrang {
    /// A page number field in the header of the pages after the first, and its alignment.
    pub dau_trang: Option<CanLe>,
    /// One in the footer (the decree puts them in the top margin).
    pub chan_trang: bool,
    /// One on the first page.
    pub trang_dau: bool,
}

/// A section of the document: its first paragraph, its page, its page numbers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Phan {
    pub tu_doan: usize,
    pub kho: KhoGiay,
    pub so_trang: SoTrang,
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BanDoc {
    pub doan: Vec<Doan>,
    pub phan: Vec<Phan>,
    /// The number of pages, when the file says (a DOCX's `docProps/app.xml`).
    pub so_trang: Option<usize>,
    /// The first page's footer text (box 13, the agency's address), when it has one.
    pub chan_trang_dau: Option<String>,
    /// The first page's header text (box 11, how far the document may go), when it has one.
    pub dau_trang_dau: Option<String>,
    /// Each table's grid, by its index in `ViTri::bang`, where the file says it (a DOCX).
    pub luoi_bang: std::collections::BTreeMap<usize, LuoiBang>,
}

/// A table's grid as a DOCX gives it: each column's width and the room its cells keep free
/// across (left and right padding together), in millimetres.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LuoiBang {
    pub cot: Vec<f32>,
    pub dem_ngang: f32,
}

/// A line that is only a rule typed with characters (`______`, `-------`), not text.
pub fn typed_rule(s: &str) -> bool {
    let s = s.trim();
    s.chars().count() >= 3 && s.chars().all(|c| matches!(c, '_' | '-' | '–' | '—' | '…' | '.'))
}

/// The height of a single-spaced line of Times New Roman (and its metric twins), in sizes.
pub const DONG_DON: f32 = 1.15;

impl BanDoc {
    /// The length in mm of the rule drawn with paragraph `i` or with the empty one after it,
    /// where the file says it.
    pub fn do_dai_ke(&self, i: usize) -> Option<f32> {
        let d = self.doan.get(i)?;
        if d.ke.duoi || d.ke.hinh > 0 {
            return d.ke.dai;
        }
        self.doan.get(i + 1).filter(|n| n.vi_tri.bang == d.vi_tri.bang && n.text().trim().is_empty()).and_then(|n| n.ke.dai)
    }

    /// The rule under paragraph `i`, if any: drawn with it (a bottom border, a line shape, a
    /// line under it in a PDF), drawn with the empty paragraph after it in the same place (a
    /// top border, a shape), its text underlined, or typed on the next line.
    pub fn ke_duoi(&self, i: usize) -> Option<KieuKe> {
        let d = self.doan.get(i)?;
        if d.ke.duoi || d.ke.hinh > 0 {
            return Some(KieuKe::Ve);
        }
        let next = self.doan.get(i + 1).filter(|n| n.vi_tri.bang == d.vi_tri.bang);
        let next_text = next.map(|n| n.text().trim().to_string()).unwrap_or_default();
        if next.is_some_and(|n| next_text.is_empty() && (n.ke.tren || n.ke.duoi || n.ke.hinh > 0)) {
            return Some(KieuKe::Ve);
        }
        if d.chay_co_chu().next().is_some() && d.chay_co_chu().all(|c| c.gach_chan) {
            return Some(KieuKe::GachChan);
        }
        typed_rule(&next_text).then_some(KieuKe::KyTu)
    }

    /// Whether the paragraph at index `i` is on a landscape page (its section's page wider than
    /// tall; sections start at a paragraph's number, which counts from 1).
    pub fn ngang(&self, i: usize) -> bool {
        self.phan.iter().rev().find(|p| p.tu_doan <= i + 1).is_some_and(|p| p.kho.rong > p.kho.cao)
    }
}
