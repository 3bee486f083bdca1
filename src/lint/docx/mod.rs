//! A DOCX made by anyone (Word, LibreOffice, WPS, vbhc) read into the linter's model: the body's
//! paragraphs in order, table cells included, each run with its effective formatting
//! (`styles.rs`), Word's list numbers in front of their paragraphs, each section's page and
//! margins, and where its page numbers are.

mod styles;

use super::model::{BanDoc, CanLe, Chay, DONG_DON, Doan, Ke, KhoGiay, LuoiBang, Phan, SoTrang, ViTri};
use roxmltree::Node;
use std::collections::HashMap;
use std::io::Read;
use styles::{GianDong, Numbering, ParaProps, RunProps, Styles, W, attr, child};

/// The largest part read from a package (a document.xml of 2,000 pages is far less).
const MAX_PART: u64 = 64 * 1024 * 1024;
const MAX_FILE: u64 = 100 * 1024 * 1024;
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const TWIPS_PER_MM: f32 = 56.693;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("không đọc được tệp: {0}")]
    Io(#[from] std::io::Error),
    #[error("không phải tệp DOCX (gói zip của Word): {0}")]
    Zip(String),
    #[error("tệp DOCX thiếu phần `{0}`")]
    Thieu(&'static str),
    #[error("phần `{0}` của tệp DOCX hỏng: {1}")]
    Xml(String, String),
}

struct Package {
    zip: zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
}

impl Package {
    fn part(&mut self, name: &str) -> Option<String> {
        let file = self.zip.by_name(name).ok()?;
        let mut text = String::new();
        file.take(MAX_PART).read_to_string(&mut text).ok()?;
        Some(text)
    }
}

pub fn read(path: &std::path::Path) -> Result<BanDoc, DocxError> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_FILE).read_to_end(&mut bytes)?;
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| DocxError::Zip(e.to_string()))?;
    let mut pkg = Package { zip };
    let document = pkg.part("word/document.xml").ok_or(DocxError::Thieu("word/document.xml"))?;
    let mut styles = Styles::read(pkg.part("word/styles.xml").as_deref());
    (styles.theme_minor, styles.theme_major) = styles::theme_fonts(pkg.part("word/theme/theme1.xml").as_deref());
    let numbering = Numbering::read(pkg.part("word/numbering.xml").as_deref());
    let rels = relationships(pkg.part("word/_rels/document.xml.rels").as_deref());
    let so_trang = pkg.part("docProps/app.xml").and_then(|x| {
        let doc = roxmltree::Document::parse(&x).ok()?;
        doc.descendants().find(|n| n.tag_name().name() == "Pages")?.text()?.trim().parse().ok()
    });
    let doc = roxmltree::Document::parse(&document).map_err(|e| DocxError::Xml("word/document.xml".into(), e.to_string()))?;
    let body = child(doc.root_element(), "body").ok_or(DocxError::Thieu("w:body"))?;
    let rendered_breaks = doc.descendants().any(|n| n.has_tag_name((W, "lastRenderedPageBreak")));
    let mut reader = Reader {
        styles: &styles,
        numbering,
        doan: Vec::new(),
        trang: 1,
        rendered_breaks,
        sections: Vec::new(),
        section_start: 1,
        luoi_bang: Default::default(),
    };
    reader.block(body, ViTri::default());
    let sections = std::mem::take(&mut reader.sections);
    let chan_trang_dau = sections.first().and_then(|(_, s)| first_page_text(s, &s.footers, &rels, &mut pkg));
    let dau_trang_dau = sections.first().and_then(|(_, s)| first_page_text(s, &s.headers, &rels, &mut pkg));
    let phan = sections
        .into_iter()
        .map(|(tu_doan, sect)| Phan {
            tu_doan,
            kho: page_of(sect.clone()),
            so_trang: page_numbers(sect, &rels, &mut pkg, &styles),
        })
        .collect();
    Ok(BanDoc {
        doan: reader.doan,
        phan,
        so_trang,
        chan_trang_dau,
        dau_trang_dau,
        luoi_bang: reader.luoi_bang,
    })
}

fn relationships(xml: Option<&str>) -> HashMap<String, String> {
    let Some(doc) = xml.and_then(|x| roxmltree::Document::parse(x).ok()) else { return HashMap::new() };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter_map(|n| Some((n.attribute("Id")?.to_string(), n.attribute("Target")?.trim_start_matches('/').trim_start_matches("word/").to_string())))
        .collect()
}

struct Reader<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    doan: Vec<Doan>,
    trang: usize,
    rendered_breaks: bool,
    /// Each section's first paragraph and its `w:sectPr` (kept as the XML text's node ids).
    sections: Vec<(usize, SectPr)>,
    section_start: usize,
    luoi_bang: std::collections::BTreeMap<usize, LuoiBang>,
}

/// What a section's `w:sectPr` says, read out of the XML.
#[derive(Debug, Clone, Default)]
struct SectPr {
    size: Option<(f32, f32)>,
    margins: Option<(f32, f32, f32, f32)>,
    title_pg: bool,
    headers: Vec<(String, String)>,
    footers: Vec<(String, String)>,
}

fn sect_pr(n: Node) -> SectPr {
    let twips = |node: Option<Node>, name: &str| node.and_then(|n| attr(n, name)).and_then(|v| v.parse::<f32>().ok());
    let size = child(n, "pgSz");
    let mar = child(n, "pgMar");
    let refs = |name: &str| {
        n.children()
            .filter(|c| c.has_tag_name((W, name)))
            .filter_map(|c| Some((attr(c, "type").unwrap_or("default").to_string(), c.attribute((R, "id"))?.to_string())))
            .collect()
    };
    SectPr {
        size: twips(size, "w").zip(twips(size, "h")),
        margins: match (twips(mar, "top"), twips(mar, "bottom"), twips(mar, "left"), twips(mar, "right")) {
            (Some(t), Some(b), Some(l), Some(r)) => Some((t, b, l, r)),
            _ => None,
        },
        title_pg: child(n, "titlePg").is_some_and(|t| !matches!(attr(t, "val"), Some("0" | "false"))),
        headers: refs("headerReference"),
        footers: refs("footerReference"),
    }
}

fn page_of(s: SectPr) -> KhoGiay {
    let mm = |t: f32| t / TWIPS_PER_MM;
    let (w, h) = s.size.unwrap_or((11906.0, 16838.0));
    let (t, b, l, r) = s.margins.unwrap_or((1440.0, 1440.0, 1800.0, 1800.0));
    KhoGiay {
        rong: mm(w),
        cao: mm(h),
        tren: mm(t.abs()),
        duoi: mm(b.abs()),
        trai: mm(l),
        phai: mm(r),
    }
}

/// Whether a header or footer part prints the page number, and how its paragraph is aligned.
fn page_field(xml: &str, styles: &Styles) -> Option<CanLe> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    for p in doc.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        let has_page = p.descendants().any(|n| {
            let instr = if n.has_tag_name((W, "fldSimple")) {
                attr(n, "instr").map(str::to_string)
            } else if n.has_tag_name((W, "instrText")) {
                n.text().map(str::to_string)
            } else {
                None
            };
            instr.is_some_and(|i| i.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("PAGE")))
        });
        if has_page {
            let ppr = child(p, "pPr");
            let style = ppr.and_then(|pp| child(pp, "pStyle")).and_then(|s| attr(s, "val"));
            return Some(alignment(styles.para(style, &ParaProps::read(ppr)).jc.as_deref()));
        }
    }
    None
}

fn page_numbers(s: SectPr, rels: &HashMap<String, String>, pkg: &mut Package, styles: &Styles) -> SoTrang {
    let mut field = |refs: &[(String, String)], kind: &str| {
        let id = refs.iter().find(|(t, _)| t == kind).map(|(_, id)| id)?;
        let xml = pkg.part(&format!("word/{}", rels.get(id)?))?;
        page_field(&xml, styles)
    };
    let default = field(&s.headers, "default");
    let first = if s.title_pg { field(&s.headers, "first") } else { default };
    let footer = field(&s.footers, "default").is_some() || field(&s.footers, "first").is_some();
    SoTrang {
        dau_trang: default,
        chan_trang: footer,
        trang_dau: first.is_some(),
    }
}

/// The text of the first page's footer (its lines), when it has any.
/// The text of the first page's footer or header (`parts`: the section's references to them).
fn first_page_text(s: &SectPr, parts: &[(String, String)], rels: &HashMap<String, String>, pkg: &mut Package) -> Option<String> {
    let kind = if s.title_pg { "first" } else { "default" };
    let id = parts.iter().find(|(t, _)| t == kind).map(|(_, id)| id)?;
    let xml = pkg.part(&format!("word/{}", rels.get(id)?))?;
    let doc = roxmltree::Document::parse(&xml).ok()?;
    let lines: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| p.descendants().filter(|t| t.has_tag_name((W, "t"))).filter_map(|t| t.text()).collect::<String>())
        // A page number's cached digits are not an address.
        .filter(|t| !t.trim().is_empty() && !t.trim().chars().all(|c| c.is_ascii_digit()))
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A line drawn as a shape: DrawingML's preset `line` or a straight connector, VML's
/// `v:line` or its straight connector shape type (`_x0000_t32`).
fn is_line_shape(n: Node) -> bool {
    match n.tag_name().name() {
        "prstGeom" => matches!(n.attribute("prst"), Some("line" | "straightConnector1")),
        "line" => n.tag_name().namespace() == Some("urn:schemas-microsoft-com:vml"),
        "shape" => n.tag_name().namespace() == Some("urn:schemas-microsoft-com:vml") && n.attribute("type").is_some_and(|t| t.ends_with("_x0000_t32")),
        _ => false,
    }
}

/// A table's grid: `w:tblGrid`'s columns, and the cells' padding across from `w:tblCellMar`
/// (Word's 108 twips a side when the table does not say).
fn grid(tbl: Node) -> Option<LuoiBang> {
    let cot: Vec<f32> = child(tbl, "tblGrid")?
        .children()
        .filter(|c| c.has_tag_name((W, "gridCol")))
        .filter_map(|c| attr(c, "w")?.parse::<f32>().ok())
        .map(|twips| twips / TWIPS_PER_MM)
        .collect();
    let mar = child(tbl, "tblPr").and_then(|p| child(p, "tblCellMar"));
    let side = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|n| mar.and_then(|m| child(m, n)).and_then(|c| attr(c, "w")).and_then(|w| w.parse::<f32>().ok()))
            .unwrap_or(108.0)
    };
    let dem_ngang = (side(["left", "start"]) + side(["right", "end"])) / TWIPS_PER_MM;
    (!cot.is_empty()).then_some(LuoiBang { cot, dem_ngang })
}

/// A paragraph's runs cut at its line breaks: one list of runs per printed line (at least one).
pub(crate) fn split_lines(chay: Vec<Chay>) -> Vec<Vec<Chay>> {
    let mut lines: Vec<Vec<Chay>> = vec![Vec::new()];
    for c in chay {
        let mut parts = c.text.split('\n').peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                lines.last_mut().expect("a line").push(Chay { text: part.to_string(), ..c.clone() });
            }
            if parts.peek().is_some() {
                lines.push(Vec::new());
            }
        }
    }
    // A break at the very end (or start) leaves no empty line behind.
    if lines.len() > 1 {
        lines.retain(|l| !l.is_empty());
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

fn alignment(jc: Option<&str>) -> CanLe {
    match jc {
        Some("center") => CanLe::Giua,
        Some("right" | "end") => CanLe::Phai,
        Some("both" | "distribute" | "justify" | "lowKashida" | "mediumKashida" | "highKashida") => CanLe::Deu,
        _ => CanLe::Trai,
    }
}

impl Reader<'_> {
    fn block(&mut self, n: Node, at: ViTri) {
        let mut table = 0;
        for c in n.children().filter(|c| c.is_element() && c.tag_name().namespace() == Some(W)) {
            match c.tag_name().name() {
                "p" => self.paragraph(c, at),
                "tbl" => {
                    let base = self.doan.iter().filter_map(|d| d.vi_tri.bang.map(|b| b.0 + 1)).max().unwrap_or(0);
                    self.table(c, base + table);
                    table += 1;
                }
                "sdt" => {
                    if let Some(content) = child(c, "sdtContent") {
                        self.block(content, at);
                    }
                }
                "sectPr" => {
                    self.sections.push((self.section_start, sect_pr(c)));
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, tbl: Node, index: usize) {
        if let Some(luoi) = grid(tbl) {
            self.luoi_bang.insert(index, luoi);
        }
        for (row, tr) in tbl.children().filter(|c| c.has_tag_name((W, "tr"))).enumerate() {
            let mut col = 0;
            for tc in tr.children().filter(|c| c.has_tag_name((W, "tc"))) {
                let tcpr = child(tc, "tcPr");
                let span = tcpr.and_then(|p| child(p, "gridSpan")).and_then(|g| attr(g, "val")).and_then(|v| v.parse().ok()).unwrap_or(1usize);
                let noi_tiep = tcpr.and_then(|p| child(p, "vMerge")).is_some_and(|m| attr(m, "val") != Some("restart"));
                self.block(tc, ViTri { bang: Some((index, row, col)), gop_cot: span, noi_tiep });
                col += span;
            }
        }
    }

    fn paragraph(&mut self, p: Node, at: ViTri) {
        let ppr = child(p, "pPr");
        let style = ppr.and_then(|pp| child(pp, "pStyle")).and_then(|s| attr(s, "val"));
        let props = self.styles.para(style, &ParaProps::read(ppr));
        if ppr.and_then(|pp| child(pp, "pageBreakBefore")).is_some() && !self.rendered_breaks {
            self.trang += 1;
        }
        let trang = self.trang;
        let mut chay = Vec::new();
        if let Some((id, level)) = &props.num {
            if let Some(label) = self.numbering.next(id, *level) {
                // Word prints the number as the paragraph mark is formatted.
                let mark = RunProps::read(ppr.and_then(|pp| child(pp, "rPr")));
                let first = self.styles.run(style, None, &mark);
                chay.push(self.chay(format!("{label} "), &first));
            }
        }
        self.runs(p, style, &mut chay);
        // In a centred paragraph a line break (Shift+Enter) starts a line the eye reads as its
        // own: a quốc hiệu and its tiêu ngữ typed in one paragraph are two components. In
        // running text a break is only where a line ends (vbhc breaks a long URL so).
        let can_le = alignment(props.jc.as_deref());
        let size = chay.iter().find_map(|c| c.co).unwrap_or(13.0);
        let lines = if can_le == CanLe::Giua { split_lines(chay) } else { vec![chay] };
        let border = props.border.unwrap_or((false, false));
        let gian_dong = props.line.map(|l| match l {
            GianDong::Boi(m) => m,
            GianDong::Diem(pt) => pt / (DONG_DON * size),
        });
        // A shape Word also writes as VML for older readers (`mc:Fallback`) counts once.
        let shapes: Vec<Node> = p.descendants().filter(|n| is_line_shape(*n) && !n.ancestors().any(|a| a.tag_name().name() == "Fallback")).collect();
        let line_shapes = shapes.len();
        // One line's length: its drawing's extent (EMU; 36 000 a millimetre).
        let shape_mm = match shapes.as_slice() {
            [one] => one
                .ancestors()
                .find(|a| matches!(a.tag_name().name(), "anchor" | "inline"))
                .and_then(|a| a.children().find(|c| c.tag_name().name() == "extent"))
                .and_then(|e| e.attribute("cx")?.parse::<f32>().ok())
                .map(|cx| cx / 36_000.0),
            _ => None,
        };
        let mut so = self.doan.len();
        let count = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            so = self.doan.len() + 1;
            // A border over the paragraph is over its first line; what is under it, under its last.
            let last = k + 1 == count;
            self.doan.push(Doan {
                so,
                trang,
                chay: line,
                can_le,
                thut_dau_dong: props.first_line.unwrap_or(0) as f32 / TWIPS_PER_MM,
                gian_dong,
                vi_tri: at,
                ke: Ke { tren: border.0 && k == 0, duoi: border.1 && last, hinh: if last { line_shapes } else { 0 }, dai: if last { shape_mm } else { None } },
            });
        }
        // A section ends with this paragraph: the next starts a page (unless continuous).
        if let Some(sect) = ppr.and_then(|pp| child(pp, "sectPr")) {
            self.sections.push((self.section_start, sect_pr(sect)));
            self.section_start = so + 1;
            let continuous = child(sect, "type").and_then(|t| attr(t, "val")) == Some("continuous");
            if !continuous && !self.rendered_breaks {
                self.trang += 1;
            }
        }
    }

    fn chay(&self, text: String, props: &RunProps) -> Chay {
        Chay {
            text,
            phong: self.styles.font_of(props),
            co: props.half_points.map(|h| h as f32 / 2.0),
            dam: props.bold.unwrap_or(false),
            nghieng: props.italic.unwrap_or(false),
            gach_chan: props.underline.unwrap_or(false),
        }
    }

    /// The runs of a paragraph, through hyperlinks, fields, insertions and smart tags; deleted
    /// text and field codes are not printed.
    fn runs(&mut self, n: Node, style: Option<&str>, out: &mut Vec<Chay>) {
        for c in n.children().filter(|c| c.is_element()) {
            match c.tag_name().name() {
                "r" => self.run(c, style, out),
                "pPr" | "del" | "moveFrom" | "instrText" | "rPr" => {}
                _ => self.runs(c, style, out),
            }
        }
    }

    fn run(&mut self, r: Node, style: Option<&str>, out: &mut Vec<Chay>) {
        let rpr = child(r, "rPr");
        let rstyle = rpr.and_then(|p| child(p, "rStyle")).and_then(|s| attr(s, "val"));
        let props = self.styles.run(style, rstyle, &RunProps::read(rpr));
        let mut text = String::new();
        for c in r.children().filter(|c| c.is_element()) {
            match c.tag_name().name() {
                "t" => text.push_str(c.text().unwrap_or("")),
                "tab" | "ptab" => text.push('\t'),
                "br" | "cr" => {
                    if attr(c, "type") == Some("page") {
                        if !self.rendered_breaks {
                            self.trang += 1;
                        }
                    } else {
                        text.push('\n');
                    }
                }
                "lastRenderedPageBreak" => self.trang += 1,
                "noBreakHyphen" => text.push('-'),
                _ => {}
            }
        }
        if !text.is_empty() {
            out.push(self.chay(text, &props));
        }
    }
}
