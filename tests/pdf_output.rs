//! The PDF of every example, read back: page size, fonts, text, positions of the decree's
//! components, page numbers, numbering.

mod common;

use common::pdf::{self, Line, Pdf, lines};
use common::*;
use vbhc::nd30::{Layout, QUOC_HIEU, TIEU_NGU};

fn pdfs() -> Vec<(std::path::PathBuf, Pdf)> {
    examples()
        .into_iter()
        .filter(|e| default_layout(e))
        .map(|e| {
            let p = pdf::read(&output_of(&e, "pdf"));
            (e, p)
        })
        .collect()
}

fn find<'a>(ls: &'a [Line], text: &str) -> &'a Line {
    ls.iter().find(|l| l.text == text).unwrap_or_else(|| {
        panic!(
            "no line {text:?} in {:#?}",
            ls.iter().map(|l| &l.text).collect::<Vec<_>>()
        )
    })
}

/// Every page is A4; portrait, but for the landscape sections an input asks for (§1).
#[test]
fn every_page_is_a4_and_turned_only_where_asked() {
    for (e, p) in pdfs() {
        assert!(!p.pages.is_empty());
        let asks = std::fs::read_to_string(&e).unwrap().contains("ngang: true");
        let mut turned = 0;
        for page in &p.pages {
            let [x0, y0, x1, y1] = page.media_box;
            let (w, h) = (x1 - x0, y1 - y0);
            let portrait = (w - 595.28).abs() < 0.05 && (h - 841.89).abs() < 0.05;
            let landscape = (w - 841.89).abs() < 0.05 && (h - 595.28).abs() < 0.05;
            assert!(portrait || landscape, "{}: {:?}", e.display(), page.media_box);
            turned += landscape as usize;
        }
        assert_eq!(asks, turned > 0, "{}", e.display());
    }
}

/// `bao-cao-nam`: portrait, a landscape section, portrait, a landscape appendix; the landscape
/// section's page numbered 2 in its top margin, centred on its own text width.
#[test]
fn landscape_pages_carry_their_number_where_the_decree_puts_it() {
    let e = root().join("data/bao-cao-nam.yaml");
    let p = pdf::read(&output_of(&e, "pdf"));
    let turned: Vec<bool> = p.pages.iter().map(|pg| pg.media_box[2] > pg.media_box[3]).collect();
    assert_eq!(turned, [false, true, false, true]);
    let l = Layout::mac_dinh().ngang();
    let page = &p.pages[1];
    let number = lines(page)
        .into_iter()
        .find(|x| x.y < l.margin_top)
        .expect("a page number");
    assert_eq!(number.text, "2");
    let centre = l.margin_left + l.text_width() / 2.0;
    assert!((number.centre() - centre).abs() < 0.5, "{number:?}");
    // The appendix's first page has none.
    assert!(lines(&p.pages[3]).iter().all(|x| x.y > l.margin_top));
}

#[test]
fn every_font_is_embedded_and_metric_compatible_with_times() {
    for (e, p) in pdfs() {
        assert!(!p.fonts.is_empty());
        for f in &p.fonts {
            assert!(f.embedded, "{}: {} not embedded", e.display(), f.name);
            assert!(
                f.name.starts_with("VBHCSerif"),
                "{}: unexpected font {}",
                e.display(),
                f.name
            );
        }
    }
}

#[test]
fn all_text_is_present_in_order() {
    for (e, p) in pdfs() {
        let text = squash(&p.all_text());
        assert_in_order(&text, &body_texts(&e), &e.display().to_string());
        assert_eq!(
            text.matches("./.").count(),
            1,
            "{}: one end mark",
            e.display()
        );
    }
}

#[test]
fn header_follows_the_decree() {
    let l = Layout::mac_dinh();
    let right_centre = l.margin_left + l.col_left + l.col_right / 2.0;
    let left_centre = l.margin_left + l.col_left / 2.0;
    let text_centre = l.margin_left + l.text_width() / 2.0;
    for (e, p) in pdfs() {
        let name = e.display().to_string();
        let ls = lines(&p.pages[0]);
        let qh = find(&ls, QUOC_HIEU);
        assert!(qh.bold && !qh.italic && qh.size == 12.0, "{name}: {qh:?}");
        assert!(
            (qh.centre() - right_centre).abs() < 0.5,
            "{name}: quốc hiệu centred in the right column"
        );
        // The top of the first line sits on the top margin.
        assert!(
            (qh.y - (l.margin_top + l.line_ascent * 12.0 + l.line_gap * 12.0)).abs() < 0.5,
            "{name}: {}",
            qh.y
        );
        let tn = find(&ls, TIEU_NGU);
        assert!(
            tn.bold && tn.size == 13.0 && tn.y > qh.y && (tn.centre() - right_centre).abs() < 0.5,
            "{name}: {tn:?}"
        );
        let date = find(&ls, &expected_date_line(&e));
        assert!(
            date.italic
                && !date.bold
                && date.size == 13.0
                && (date.centre() - right_centre).abs() < 0.5,
            "{name}: {date:?}"
        );
        let so = ls.iter().find(|x| x.text.starts_with("Số:")).unwrap();
        assert!(
            so.size == 13.0 && !so.bold && !so.italic && (so.centre() - left_centre).abs() < 0.5,
            "{name}: {so:?}"
        );
        assert!(
            (so.y - date.y).abs() < 0.1,
            "{name}: Số and the date share a baseline"
        );
        match ten_loai(&e) {
            Some(ten) => {
                let title = find(&ls, &ten);
                assert!(
                    title.bold
                        && title.size == 14.0
                        && (title.centre() - text_centre).abs() < 0.5
                        && title.y > date.y,
                    "{name}: {title:?}"
                );
            }
            None => {
                // Công văn: the summary `V/v …` under the number, 12 pt, centred in the left column.
                let vv = ls
                    .iter()
                    .find(|x| x.text.starts_with("V/v "))
                    .unwrap_or_else(|| panic!("{name}: no V/v"));
                assert!(
                    vv.size == 12.0
                        && !vv.bold
                        && (vv.centre() - left_centre).abs() < 0.5
                        && vv.y > so.y,
                    "{name}: {vv:?}"
                );
            }
        }
        let v = input(&e);
        // The issuing body, one PDF line per typed line (none of the examples wraps).
        for ten in v["co_quan"]["ten"].as_str().unwrap().trim().lines() {
            let co_quan = find(&ls, &ten.to_uppercase());
            assert!(
                co_quan.bold
                    && co_quan.size == 12.0
                    && (co_quan.centre() - left_centre).abs() < 0.5,
                "{name}: {co_quan:?}"
            );
        }
    }
}

#[test]
fn page_numbers_from_page_two_centred_in_the_top_margin() {
    let l = Layout::mac_dinh();
    for (e, p) in pdfs() {
        // Numbers restart at 1 on each appendix's first page (§3.9), hidden there as on page 1.
        let mut number = 0;
        for (i, page) in p.pages.iter().enumerate() {
            // Centred on the page's own text width, a landscape page's too.
            let width = page.media_box[2] - page.media_box[0];
            let text_centre = l.margin_left + (width - l.margin_left - l.margin_right) / 2.0;
            let ls = lines(page);
            let body_first = ls
                .iter()
                .find(|x| x.y >= l.margin_top)
                .map(|x| x.text.clone())
                .unwrap_or_default();
            number = if body_first.starts_with("Phụ lục") {
                1
            } else {
                number + 1
            };
            // Box 11 (`LƯU HÀNH NỘI BỘ`) also sits in the top margin of a section's first page.
            let box11 = ["XEM XONG TRẢ LẠI", "LƯU HÀNH NỘI BỘ"];
            let in_margin: Vec<&Line> = ls
                .iter()
                .filter(|x| x.y < l.margin_top && !box11.contains(&x.text.as_str()))
                .collect();
            if i == 0 && input(&e).get("luu_hanh").is_some() {
                let b = ls
                    .iter()
                    .find(|x| box11.contains(&x.text.as_str()))
                    .expect("box 11 on page 1");
                assert!(
                    b.bold
                        && b.size == 13.0
                        && b.y < l.margin_top
                        && b.x > l.margin_left + l.text_width() / 2.0,
                    "{b:?}"
                );
            }
            if number == 1 {
                assert!(
                    in_margin.is_empty(),
                    "{}: page {} shows {in_margin:?}",
                    e.display(),
                    i + 1
                );
            } else {
                assert_eq!(in_margin.len(), 1, "{}: page {}", e.display(), i + 1);
                let n = in_margin[0];
                assert_eq!(
                    n.text,
                    number.to_string(),
                    "{}: page {}",
                    e.display(),
                    i + 1
                );
                assert!(
                    n.size == 14.0 && !n.bold && (n.centre() - text_centre).abs() < 0.5,
                    "{n:?}"
                );
            }
        }
    }
}

#[test]
fn body_stays_inside_the_margins() {
    for (e, p) in pdfs() {
        for (i, page) in p.pages.iter().enumerate() {
            // A landscape page keeps the margins on their sides.
            let l = if page.media_box[2] > page.media_box[3] {
                Layout::mac_dinh().ngang()
            } else {
                Layout::mac_dinh()
            };
            let (left, right) = (l.margin_left, l.page_width - l.margin_right);
            for line in lines(page) {
                assert!(
                    line.x >= left - 0.01 && line.x_end <= right + 0.05,
                    "{} page {}: {line:?}",
                    e.display(),
                    i + 1
                );
                // Box 13 is the first page's footer, in the bottom margin.
                let footer =
                    i == 0 && line.size == l.size.dia_chi && input(&e).get("dia_chi").is_some();
                if line.y > l.margin_top && !footer {
                    assert!(
                        line.y <= l.page_height - l.margin_bottom,
                        "{} page {}: below the margin {line:?}",
                        e.display(),
                        i + 1
                    );
                }
            }
        }
    }
}

/// Level-1 headings run I., II., III. … without a gap or a repeat, afresh in each lettered
/// part (A., B., …), in every example.
#[test]
fn top_level_numbers_never_skip_or_repeat() {
    let romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
    for (e, p) in pdfs() {
        let mut seen: Vec<Vec<String>> = vec![Vec::new()];
        let mut parts = Vec::new();
        for page in &p.pages {
            if lines(page).iter().any(|x| x.text.starts_with("Phụ lục")) {
                break; // appendices number their own headings
            }
            for line in lines(page) {
                if let Some((num, rest)) = line.text.split_once(". ")
                    && line.bold
                    && rest == rest.to_uppercase()
                {
                    if romans.contains(&num) {
                        seen.last_mut().unwrap().push(num.to_string());
                    } else if num.len() == 1 && num.chars().all(|c| c.is_ascii_uppercase()) {
                        parts.push(num.to_string());
                        seen.push(Vec::new());
                    }
                }
            }
        }
        if loai(&e) == "ke-hoach" || loai(&e) == "bao-cao" {
            assert!(seen.iter().any(|s| !s.is_empty()), "{}: {seen:?}", e.display());
        }
        for run in &seen {
            assert_eq!(*run, romans[..run.len()].to_vec(), "{}", e.display());
        }
        assert_eq!(parts, ["A", "B", "C"][..parts.len()].to_vec(), "{}", e.display());
    }
}

#[test]
fn signature_block_is_on_one_page_with_its_parts() {
    for (e, p) in pdfs() {
        let v = input(&e);
        let name = v["nguoi_ky"]["ho_ten"].as_str().unwrap();
        let page = p
            .pages
            .iter()
            .find(|pg| lines(pg).iter().any(|x| x.text == "Nơi nhận:"))
            .expect("a signature");
        let ls = lines(page);
        let label = find(&ls, "Nơi nhận:");
        assert!(
            label.bold && label.italic && label.size == 12.0,
            "{label:?}"
        );
        let chuc_vu = find(
            &ls,
            &v["nguoi_ky"]["chuc_vu"].as_str().unwrap().to_uppercase(),
        );
        assert!(chuc_vu.bold && chuc_vu.size == 14.0);
        let signer = find(&ls, name);
        assert!(signer.bold && signer.size == 14.0);
        // The signing space: at least five lines of 14 pt between the title and the name.
        assert!(
            signer.y - chuc_vu.y >= 5.0 * 14.0 * 1.149,
            "{}: {}",
            e.display(),
            signer.y - chuc_vu.y
        );
        // Recipient items, a wrapped item joined to its first line.
        let mut items: Vec<String> = Vec::new();
        // Box 12 (`PL.(300)`) follows the recipients at the same size.
        let box12 = v
            .get("nguoi_soan")
            .map(|n| format!("{}.({})", n.as_str().unwrap(), v["so_ban"]));
        let bottom = Layout::mac_dinh().page_height - Layout::mac_dinh().margin_bottom;
        for l in ls
            .iter()
            .filter(|l| l.size == 11.0 && Some(&l.text) != box12.as_ref() && l.y < bottom)
        {
            match items.last_mut() {
                Some(last) if !l.text.starts_with("- ") => *last = format!("{last} {}", l.text),
                _ => items.push(l.text.clone()),
            }
        }
        assert_eq!(
            items.len(),
            noi_nhan_count(&e),
            "{}: {items:?}",
            e.display()
        );
        if let Some(b) = &box12 {
            assert!(
                ls.iter().any(|l| &l.text == b && l.size == 11.0),
                "{}: box 12",
                e.display()
            );
        }
        assert!(
            items.last().unwrap().ends_with('.'),
            "{}: last recipient ends with .",
            e.display()
        );
        assert!(
            items[..items.len() - 1]
                .iter()
                .all(|t| t.starts_with("- ") && t.ends_with(';')),
            "{items:?}"
        );
        if let Some(luu) = v["luu"].as_array() {
            let codes: Vec<&str> = luu.iter().map(|c| c.as_str().unwrap()).collect();
            assert_eq!(
                items.last().unwrap(),
                &format!("- Lưu: {}.", codes.join(", "))
            );
        }
    }
}

#[test]
fn text_is_nfc() {
    use unicode_normalization::UnicodeNormalization;
    for (e, p) in pdfs() {
        let t = p.all_text();
        assert_eq!(t, t.nfc().collect::<String>(), "{}", e.display());
        assert!(!t.contains('\u{FFFD}'), "{}: unmapped glyph", e.display());
    }
}

/// §3.1: the rules under the issuing body, the motto and the summary: lengths, centring,
/// thickness, each just under its text.
#[test]
fn rules_have_the_decree_lengths() {
    let l = Layout::mac_dinh();
    let right_centre = l.margin_left + l.col_left + l.col_right / 2.0;
    let left_centre = l.margin_left + l.col_left / 2.0;
    let text_centre = l.margin_left + l.text_width() / 2.0;
    for (e, p) in pdfs() {
        let name = e.display().to_string();
        let page = &p.pages[0];
        let ls = lines(page);
        // Rules of the header and title are the ones above the first body paragraph.
        let Some(ten) = ten_loai(&e) else {
            // Công văn: no title, no summary rule; the two header rules only.
            let so_y = ls.iter().find(|x| x.text.starts_with("Số:")).unwrap().y;
            let ys: Vec<f64> = page
                .rules
                .iter()
                .filter(|r| r.width <= 1.0 && r.y < so_y)
                .map(|r| r.y)
                .collect();
            assert_eq!(ys.len(), 2, "{name}: {ys:?}");
            continue;
        };
        let title_y = find(&ls, &ten).y;
        let rules: Vec<&pdf::Rule> = page.rules.iter().filter(|r| r.width <= 1.0).collect();
        let centre = |r: &pdf::Rule| (r.x0 + r.x1) / 2.0;
        let tn_line = find(&ls, TIEU_NGU);
        let tn = rules
            .iter()
            .find(|r| (centre(r) - right_centre).abs() < 0.5 && r.y < title_y)
            .expect("motto rule");
        assert!(
            (tn.x1 - tn.x0 - 159.1).abs() < 0.3,
            "{name}: motto rule {:?}",
            tn
        );
        assert!(
            (tn.x1 - tn.x0 - (tn_line.x_end - tn_line.x)).abs() < 0.1,
            "{name}: motto rule = motto width"
        );
        assert!(
            tn.y > tn_line.y && tn.y - tn_line.y < 8.0,
            "{name}: right under the motto"
        );
        assert!((tn.width - 0.5).abs() < 0.01);
        let cq = rules
            .iter()
            .find(|r| (centre(r) - left_centre).abs() < 0.5 && r.y < title_y)
            .expect("agency rule");
        let agency_w = cq.x1 - cq.x0;
        assert!(
            agency_w >= vbhc::nd30::PT_PER_MM * 5.0 && agency_w <= l.col_left,
            "{name}: agency rule {agency_w}"
        );
        // The first such rule under the title: box 13's rule, across the text width at the
        // foot of the page, is centred there too.
        let ty_rule = rules
            .iter()
            .filter(|r| (centre(r) - text_centre).abs() < 0.5 && r.y > title_y)
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .expect("summary rule");
        let summary: Vec<&Line> = ls
            .iter()
            .filter(|x| x.bold && x.size == 14.0 && x.y > title_y && x.y < ty_rule.y)
            .collect();
        // Without a summary (giấy giới thiệu) the rule goes under the type name.
        let title_line = find(&ls, &ten);
        let widest = if summary.is_empty() {
            title_line.x_end - title_line.x
        } else {
            summary.iter().map(|x| x.x_end - x.x).fold(0.0, f64::max)
        };
        let ratio = (ty_rule.x1 - ty_rule.x0) / widest;
        assert!(
            (ratio - 1.0 / 3.0).abs() < 0.01,
            "{name}: summary rule is a third of the widest line ({ratio})"
        );
    }
}

/// The XMP packet of a PDF (uncompressed in typst's output), `&amp;` and friends decoded.
fn xmp(path: &std::path::Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let catalog = doc.catalog().unwrap();
    let id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8(bytes)
        .unwrap()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn xmp_field<'a>(xmp: &'a str, tag: &str) -> &'a str {
    let start = xmp
        .find(&format!("<{tag}>"))
        .unwrap_or_else(|| panic!("no {tag} in the XMP"));
    let rest = &xmp[start..];
    let rest = &rest[rest.find("<rdf:li").map_or(tag.len() + 2, |i| i + rest[i..].find('>').unwrap() + 1)..];
    &rest[..rest.find('<').unwrap()]
}

/// PDF/A-2b by default, with the document's own metadata: title the trích yếu, author the
/// issuing body, subject the number and symbol, language Vietnamese, and an output intent.
#[test]
fn every_pdf_is_pdfa_2b_with_the_documents_metadata() {
    for e in examples() {
        let path = output_of(&e, "pdf");
        let x = xmp(&path);
        assert!(x.contains("<pdfaid:part>2</pdfaid:part>"), "{}", e.display());
        assert!(x.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "{}", e.display());
        let v = input(&e);
        if let Some(trich_yeu) = v["trich_yeu"].as_str() {
            assert_eq!(squash(xmp_field(&x, "dc:title")), squash(trich_yeu), "{}", e.display());
        }
        assert_eq!(
            squash(xmp_field(&x, "dc:creator")),
            squash(v["co_quan"]["ten"].as_str().unwrap()),
            "{}",
            e.display()
        );
        let subject = xmp_field(&x, "dc:description");
        assert!(subject.ends_with(&ky_hieu(&e)), "{}: {subject}", e.display());
        if let Some(so) = v["so"].as_str().or(v["so"].as_u64().map(|_| "")) {
            assert!(subject.starts_with(so), "{}: {subject}", e.display());
        }
        assert!(x.contains("<rdf:li>vi</rdf:li>"), "language: {}", e.display());
        let doc = lopdf::Document::load(&path).unwrap();
        let catalog = doc.catalog().unwrap();
        assert!(catalog.has(b"OutputIntents"), "{}", e.display());
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"vi");
    }
}

/// A signature field as the PDF has it: name, page (0-based), rectangle in points from the
/// bottom left; and whether it is an unsigned, printable signature widget with an appearance.
struct SigField {
    name: String,
    page: usize,
    rect: [f64; 4],
    well_formed: bool,
}

fn sig_fields(path: &std::path::Path) -> Vec<SigField> {
    let doc = lopdf::Document::load(path).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let form = doc.catalog().unwrap().get(b"AcroForm").unwrap();
    let form = doc.dereference(form).unwrap().1.as_dict().unwrap();
    form.get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let f = doc.dereference(f).unwrap().1.as_dict().unwrap();
            let num = |o: &lopdf::Object| o.as_float().map(f64::from).unwrap();
            let rect: Vec<f64> = f.get(b"Rect").unwrap().as_array().unwrap().iter().map(num).collect();
            let page = f.get(b"P").unwrap().as_reference().unwrap();
            SigField {
                name: String::from_utf8(f.get(b"T").unwrap().as_str().unwrap().to_vec()).unwrap(),
                page: pages.iter().position(|p| *p == page).unwrap(),
                rect: [rect[0], rect[1], rect[2], rect[3]],
                well_formed: f.get(b"FT").unwrap().as_name().unwrap() == b"Sig"
                    && f.get(b"F").unwrap().as_i64().unwrap() == 4
                    && f.get(b"V").is_err()
                    && f.get(b"AP").unwrap().as_dict().unwrap().has(b"N"),
            }
        })
        .collect()
}

/// Every PDF carries unsigned signature fields: the signer's exactly over the signing space
/// (from under the title to above the name, across the signature column), the seal's, real
/// size, centred on its left third, and one at the top right of each appendix's first page.
#[test]
fn signature_fields_sit_over_the_signing_space() {
    let l = Layout::mac_dinh();
    for (e, p) in pdfs() {
        let v = input(&e);
        let fields = sig_fields(&output_of(&e, "pdf"));
        let appendices = v["phu_luc"].as_array().map_or(0, Vec::len);
        let mut names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        names.sort();
        let mut expected = vec!["con_dau".to_string(), "nguoi_ky".to_string()];
        expected.extend((1..=appendices).map(|i| format!("co_quan_phu_luc_{i}")));
        expected.sort();
        assert_eq!(names, expected, "{}", e.display());
        assert!(fields.iter().all(|f| f.well_formed), "{}", e.display());

        let signer = fields.iter().find(|f| f.name == "nguoi_ky").unwrap();
        let page = &p.pages[signer.page];
        let ls = lines(page);
        let chuc_vu = find(&ls, &v["nguoi_ky"]["chuc_vu"].as_str().unwrap().to_uppercase());
        let name = find(&ls, v["nguoi_ky"]["ho_ten"].as_str().unwrap());
        let h = page.media_box[3];
        let (top, bottom) = (h - signer.rect[3], h - signer.rect[1]);
        let line = 14.0 * 1.149;
        assert!(top > chuc_vu.y && top < chuc_vu.y + line, "{}: top {top}, title {}", e.display(), chuc_vu.y);
        assert!(bottom < name.y && bottom > name.y - line, "{}: bottom {bottom}, name {}", e.display(), name.y);
        assert!(signer.rect[0] < name.x && signer.rect[2] > name.x_end, "{}", e.display());
        assert!(
            ((signer.rect[0] + signer.rect[2]) / 2.0 - (chuc_vu.x + chuc_vu.x_end) / 2.0).abs() < 1.0,
            "{}: centred on the signature column",
            e.display()
        );

        let seal = fields.iter().find(|f| f.name == "con_dau").unwrap();
        assert_eq!(seal.page, signer.page);
        for side in [seal.rect[2] - seal.rect[0], seal.rect[3] - seal.rect[1]] {
            assert!((side - l.seal_size).abs() < 0.1, "seal {side} pt");
        }
        let third = signer.rect[0] + (signer.rect[2] - signer.rect[0]) / 3.0;
        assert!(((seal.rect[0] + seal.rect[2]) / 2.0 - third).abs() < 0.1);
        assert!(((seal.rect[1] + seal.rect[3]) / 2.0 - (signer.rect[1] + signer.rect[3]) / 2.0).abs() < 0.1);

        // The pages whose first line is an appendix label, in order.
        let appendix_pages: Vec<usize> = (0..p.pages.len())
            .filter(|&i| {
                lines(&p.pages[i])
                    .iter()
                    .filter(|l| !l.text.chars().all(|c| c.is_ascii_digit()))
                    .min_by(|a, b| a.y.total_cmp(&b.y))
                    .is_some_and(|l| l.text.starts_with("Phụ lục"))
            })
            .collect();
        assert_eq!(appendix_pages.len(), appendices, "{}", e.display());
        for (i, &page) in appendix_pages.iter().enumerate() {
            let f = fields
                .iter()
                .find(|f| f.name == format!("co_quan_phu_luc_{}", i + 1))
                .unwrap();
            assert_eq!(f.page, page, "{}: {}", e.display(), f.name);
            assert!((f.rect[2] - (l.page_width - l.margin_right)).abs() < 0.1);
            assert!((f.rect[3] - (l.page_height - l.header_distance)).abs() < 0.1);
        }
    }
}

/// No rendered PDF shows an image: the signature's and the seal's images belong to the
/// digital signatures (§3.8), so an unsigned document never looks signed; the signing space
/// is left for them.
#[test]
fn no_rendered_pdf_shows_a_signature_or_seal_image() {
    for e in examples() {
        let pdf = output_of(&e, "pdf");
        for (n, page) in pdf::read(&pdf).pages.iter().enumerate() {
            assert!(page.images.is_empty(), "{} page {}: {:?}", e.display(), n + 1, page.images);
        }
    }
}

