//! DOCX files made the way a clerk makes them in Word: a Normal style in Calibri 11, every
//! piece formatted directly (font, size, bold, italic, centring), the header and the signature
//! as borderless tables, headings numbered by hand or by Word's list numbering, the page number
//! a PAGE field in the header. `KeHoach::sach()` is a clean plan; a test changes one thing.

use std::io::Write;

/// A paragraph as typed: its text and its direct formatting.
#[derive(Clone, Debug)]
pub struct P {
    pub text: String,
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub center: bool,
    pub font: String,
    /// Word list numbering: (numId, level) instead of a typed number.
    pub list: Option<(u32, u32)>,
    /// A line drawn under it as clerks draw one (Insert → Shapes → Line, floating, anchored
    /// in this paragraph): its length and its left offset in its column, in mm.
    pub rule: Option<(f32, f32)>,
    /// Typed flush with the margin (no first-line indent).
    pub flush: bool,
    /// Line spacing set in Word's Paragraph dialog, as `w:spacing/@line` (240 is single).
    pub line: Option<u32>,
}

pub fn p(text: &str, size: f32) -> P {
    P { text: text.into(), size, bold: false, italic: false, center: false, font: "Times New Roman".into(), list: None, rule: None, flush: false, line: None }
}

impl P {
    pub fn b(mut self) -> P {
        self.bold = true;
        self
    }
    pub fn i(mut self) -> P {
        self.italic = true;
        self
    }
    pub fn c(mut self) -> P {
        self.center = true;
        self
    }
    /// A rule `ratio` times as long as the text, centred in a column `column_mm` wide (§3.1).
    pub fn ke(mut self, column_mm: f32, ratio: f32) -> P {
        let last_line = self.text.rsplit('\n').next().unwrap_or_default();
        let text_mm = vbhc::fonts::measure(last_line, self.size as f64, self.bold, self.italic) as f32 * 25.4 / 72.0;
        let len = text_mm * ratio;
        self.rule = Some((len, (column_mm - len) / 2.0));
        self
    }
}

/// A plan as a clerk lays it out.
#[derive(Clone, Debug)]
pub struct KeHoach {
    pub header_left: Vec<P>,
    pub header_right: Vec<P>,
    pub title: Vec<P>,
    pub body: Vec<P>,
    pub recipients: Vec<P>,
    pub signer: Vec<P>,
    /// Page size and margins in twips: w, h, top, bottom, left, right.
    pub page: [u32; 6],
    /// Where the page number is: "header", "footer" or "none".
    pub page_number: &'static str,
    pub title_pg: bool,
    pub pages: u32,
    /// Tables typed into the body: (after which body paragraph, the table's XML).
    pub tables: Vec<(usize, String)>,
}

impl KeHoach {
    pub fn sach() -> KeHoach {
        let mut k = KeHoach::ngan();
        // A plan runs over two pages, its paragraphs over several lines, as clerks write them.
        let at = k.body.iter().position(|p| p.text.starts_with("3. Các hoạt động")).unwrap() + 1;
        for n in 1..=9 {
            let text = format!(
                "Hoạt động thứ {n}: các đơn vị tổ chức rà soát, cập nhật kế hoạch phòng, chống dịch bệnh của đơn vị mình; \
                 bố trí nhân lực, thuốc, vật tư, trang thiết bị sẵn sàng đáp ứng khi có dịch; phối hợp chặt chẽ với chính quyền \
                 địa phương trong giám sát, phát hiện sớm và xử lý kịp thời các ổ dịch, không để lây lan ra cộng đồng."
            );
            k.body.insert(at + n - 1, p(&text, 14.0));
        }
        k
    }

    /// The plan's skeleton, on one page.
    fn ngan() -> KeHoach {
        KeHoach {
            header_left: vec![p("UBND TỈNH KON TUM", 13.0).c(), p("SỞ Y TẾ", 13.0).b().c().ke(LEFT_MM, 0.5), p("Số: 245/KH-SYT", 13.0).c()],
            header_right: vec![
                p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.0).b().c(),
                p("Độc lập - Tự do - Hạnh phúc", 13.0).b().c().ke(RIGHT_MM, 1.0),
                p("Kon Tum, ngày 05 tháng 3 năm 2024", 14.0).i().c(),
            ],
            title: vec![
                p("KẾ HOẠCH", 14.0).b().c(),
                p("Phòng, chống dịch bệnh mùa hè năm 2024 trên địa bàn tỉnh", 14.0).b().c().ke(TEXT_MM, 1.0 / 3.0),
            ],
            body: vec![
                p("Căn cứ Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007;", 14.0).i(),
                p("Căn cứ Kế hoạch số 12/KH-UBND ngày 10/01/2024 của Ủy ban nhân dân tỉnh.", 14.0).i(),
                p("Sở Y tế xây dựng Kế hoạch như sau:", 14.0),
                p("I. MỤC ĐÍCH, YÊU CẦU", 14.0).b(),
                p("1. Mục đích", 14.0).b(),
                p("Chủ động phòng, chống dịch bệnh, không để dịch lớn xảy ra.", 14.0),
                p("2. Yêu cầu", 14.0).b(),
                p("Các đơn vị triển khai đồng bộ, hiệu quả.", 14.0),
                p("II. NỘI DUNG", 14.0).b(),
                p("1. Giám sát dịch tễ", 14.0).b(),
                p("a) Giám sát tại cộng đồng;", 14.0),
                p("b) Giám sát tại cơ sở y tế.", 14.0),
                p("2. Truyền thông", 14.0).b(),
                p("Tuyên truyền trên các phương tiện thông tin đại chúng.", 14.0),
                p("3. Các hoạt động chuyên môn", 14.0).b(),
                p("III. TỔ CHỨC THỰC HIỆN", 14.0).b(),
                p("Các đơn vị triển khai thực hiện Kế hoạch này./.", 14.0),
            ],
            recipients: vec![
                p("Nơi nhận:", 12.0).b().i(),
                p("- Bộ Y tế (để b/c);", 11.0),
                p("- UBND tỉnh (để b/c);", 11.0),
                p("- Các đơn vị trực thuộc;", 11.0),
                p("- Lưu: VT, NVY.", 11.0),
            ],
            signer: vec![
                p("KT. GIÁM ĐỐC", 14.0).b().c(),
                p("PHÓ GIÁM ĐỐC", 14.0).b().c(),
                p("", 14.0),
                p("", 14.0),
                p("Nguyễn Văn An", 14.0).b().c(),
            ],
            page: [11906, 16838, 1134, 1134, 1701, 851],
            page_number: "header",
            title_pg: true,
            pages: 2,
            tables: Vec::new(),
        }
    }

    /// The body paragraph whose text starts with `start`.
    pub fn body_mut(&mut self, start: &str) -> &mut P {
        self.body.iter_mut().find(|p| p.text.starts_with(start)).unwrap_or_else(|| panic!("no paragraph {start}"))
    }

    pub fn write(&self, path: &std::path::Path) {
        let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut put = |name: &str, text: String| {
            z.start_file(name, o).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        };
        put("[Content_Types].xml", CONTENT_TYPES.into());
        put("_rels/.rels", ROOT_RELS.into());
        put("word/_rels/document.xml.rels", DOC_RELS.into());
        put("word/styles.xml", STYLES.into());
        put("word/numbering.xml", NUMBERING.into());
        put("docProps/app.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Pages>{}</Pages></Properties>"#, self.pages));
        let page_field = format!(r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple></w:p>"#);
        let empty = "<w:p/>".to_string();
        let (header, footer) = match self.page_number {
            "header" => (page_field.clone(), empty.clone()),
            "footer" => (empty.clone(), page_field.clone()),
            _ => (empty.clone(), empty.clone()),
        };
        put("word/header1.xml", format!(r#"<w:hdr xmlns:w="{W}">{header}</w:hdr>"#));
        put("word/header2.xml", format!(r#"<w:hdr xmlns:w="{W}"><w:p/></w:hdr>"#));
        put("word/footer1.xml", format!(r#"<w:ftr xmlns:w="{W}">{footer}</w:ftr>"#));
        put("word/document.xml", self.document());
        z.finish().unwrap();
    }

    fn document(&self) -> String {
        let mut body = String::new();
        body.push_str(&table(&[(&self.header_left, &self.header_right)]));
        for para in &self.title {
            body.push_str(&paragraph(para));
        }
        for (i, para) in self.body.iter().enumerate() {
            body.push_str(&paragraph(para));
            for (_, t) in self.tables.iter().filter(|(after, _)| *after == i) {
                body.push_str(t);
            }
        }
        body.push_str(&table(&[(&self.recipients, &self.signer)]));
        let [w, h, top, bottom, left, right] = self.page;
        let title_pg = if self.title_pg { "<w:titlePg/>" } else { "" };
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH2"/><w:footerReference w:type="default" r:id="rIdF1"/><w:pgSz w:w="{w}" w:h="{h}"/><w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="567" w:footer="567" w:gutter="0"/>{title_pg}</w:sectPr></w:body></w:document>"#
        )
    }
}

/// The header table's columns and the text width, in mm (3685 and 5669 twips, A4 less
/// 30 and 15 mm margins).
const LEFT_MM: f32 = 65.0;
const RIGHT_MM: f32 = 100.0;
const TEXT_MM: f32 = 165.0;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

pub fn paragraph(para: &P) -> String {
    let mut ppr = String::new();
    if let Some((num, lvl)) = para.list {
        ppr.push_str(&format!(r#"<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr>"#));
    }
    if let Some(line) = para.line {
        ppr.push_str(&format!(r#"<w:spacing w:line="{line}" w:lineRule="auto"/>"#));
    }
    ppr.push_str(match (para.center, para.flush) {
        (true, _) => r#"<w:jc w:val="center"/>"#,
        (false, true) => r#"<w:jc w:val="both"/>"#,
        (false, false) => r#"<w:ind w:firstLine="567"/><w:jc w:val="both"/>"#,
    });
    let mut rpr = format!(r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}"/>"#, f = para.font);
    if para.bold {
        rpr.push_str("<w:b/>");
    }
    if para.italic {
        rpr.push_str("<w:i/>");
    }
    rpr.push_str(&format!(r#"<w:sz w:val="{}"/>"#, (para.size * 2.0) as u32));
    // A line break typed with Shift+Enter is a `w:br` inside the run.
    let run = if para.text.is_empty() {
        String::new()
    } else {
        let lines: Vec<String> = para.text.split('\n').map(|l| format!(r#"<w:t xml:space="preserve">{}</w:t>"#, escape(l))).collect();
        format!(r#"<w:r><w:rPr>{rpr}</w:rPr>{}</w:r>"#, lines.join("<w:br/>"))
    };
    let lines = para.text.split('\n').count();
    let shape = para.rule.map(|(len, left)| line_shape(len, left, para.size * lines as f32)).unwrap_or_default();
    format!("<w:p><w:pPr>{ppr}<w:rPr>{rpr}</w:rPr></w:pPr>{run}{shape}</w:p>")
}

/// A floating straight line as Word inserts it, just under the last line of its paragraph,
/// clear of its descenders
/// (`height`: the size times the lines).
fn line_shape(len_mm: f32, left_mm: f32, height: f32) -> String {
    static ID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let id = ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let emu = |mm: f32| (mm * 36000.0) as i64;
    let (cx, x, y) = (emu(len_mm), emu(left_mm), (height * 1.3 * 12700.0) as i64);
    format!(
        r#"<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="{id}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV><wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="{id}" name="Straight Connector {id}"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"#
    )
}

/// A table inserted in Word: single borders, the columns as wide as the clerk dragged them
/// (`widths`, twips), the first row bold and centred, the others plain.
pub fn data_table(widths: &[u32], rows: &[&[&str]]) -> String {
    let grid: String = widths.iter().map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#)).collect();
    let border = r#"w:val="single" w:sz="4" w:space="0" w:color="auto""#;
    let mut out = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"#
    );
    for (r, row) in rows.iter().enumerate() {
        out.push_str("<w:tr>");
        for (text, w) in row.iter().zip(widths) {
            let mut cell = p(text, 13.0);
            if r == 0 {
                cell = cell.b().c();
            }
            out.push_str(&format!(r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{}</w:tc>"#, paragraph(&cell)));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn table(rows: &[(&Vec<P>, &Vec<P>)]) -> String {
    let mut out = String::from(r#"<w:tbl><w:tblPr><w:tblW w:w="9354" w:type="dxa"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="3685"/><w:gridCol w:w="5669"/></w:tblGrid>"#);
    for (left, right) in rows {
        out.push_str("<w:tr>");
        for (cell, width) in [(left, 3685), (right, 5669)] {
            out.push_str(&format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#));
            for para in cell.iter() {
                out.push_str(&paragraph(para));
            }
            if cell.is_empty() {
                out.push_str("<w:p/>");
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdH2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/><Relationship Id="rIdF1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

/// Word's Normal: Calibri 11, what a new document starts with; the clerk formats over it.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#;

/// A list as Word makes one for headings: `I.`, `1.`, `a)` (Word's own letters, with `f`).
const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
