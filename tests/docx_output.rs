//! The DOCX of every example, read back: page setup, styles, fonts, the header table, rules
//! as paragraph borders, text and numbering, the signature table.

mod common;

use common::docx::{Docx, W, attr, paragraphs_of, paragraphs_of_node};
use common::*;
use vbhc::nd30::{QUOC_HIEU, TIEU_NGU};

fn docxs() -> Vec<(std::path::PathBuf, Docx)> {
    examples()
        .into_iter()
        .filter(|e| default_layout(e))
        .map(|e| {
            let d = Docx::read(&output_of(&e, "docx"));
            (e, d)
        })
        .collect()
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).expect("well-formed XML")
}

fn style<'a>(styles: &'a roxmltree::Document<'a>, id: &str) -> roxmltree::Node<'a, 'a> {
    styles
        .descendants()
        .find(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some(id))
        .unwrap_or_else(|| panic!("no style {id}"))
}

fn child_attr(node: roxmltree::Node, tag: &str, a: &str) -> Option<String> {
    node.descendants()
        .find(|n| n.has_tag_name((W, tag)))
        .and_then(|n| n.attribute((W, a)))
        .map(str::to_string)
}

fn has(node: roxmltree::Node, tag: &str) -> bool {
    node.descendants().any(|n| n.has_tag_name((W, tag)))
}

#[test]
fn page_is_a4_with_the_decree_margins_and_numbers_from_page_two() {
    for (e, d) in docxs() {
        let doc = d.part("word/document.xml");
        assert_eq!(
            attr(doc, "pgSz", "w").as_deref(),
            Some("11906"),
            "{}",
            e.display()
        );
        assert_eq!(attr(doc, "pgSz", "h").as_deref(), Some("16838"));
        for (side, v) in [
            ("top", "1134"),
            ("bottom", "1134"),
            ("left", "1701"),
            ("right", "851"),
            ("header", "567"),
        ] {
            assert_eq!(
                attr(doc, "pgMar", side).as_deref(),
                Some(v),
                "{}: margin {side}",
                e.display()
            );
        }
        let xml = parse(doc);
        let sect = xml
            .descendants()
            .find(|n| n.has_tag_name((W, "sectPr")))
            .unwrap();
        assert!(has(sect, "titlePg"), "titlePg: no number on page 1");
        let kinds: Vec<&str> = sect
            .children()
            .filter(|n| n.has_tag_name((W, "headerReference")))
            .filter_map(|n| n.attribute((W, "type")))
            .collect();
        assert!(kinds.contains(&"default") && kinds.contains(&"first"));
        // One header holds the PAGE field, the other (first page) holds no text.
        let headers: Vec<&String> = d
            .parts
            .iter()
            .filter(|(k, _)| k.starts_with("word/header"))
            .map(|(_, v)| v)
            .collect();
        assert_eq!(headers.len(), 2);
        assert_eq!(headers.iter().filter(|h| h.contains("PAGE")).count(), 1);
        // The first page's header is empty, or holds box 11 in a box.
        let first = headers.iter().find(|h| !h.contains("PAGE")).unwrap();
        match input(&e)["luu_hanh"].as_str() {
            None => assert!(paragraphs_of(first).iter().all(|p| p.text.is_empty())),
            Some(_) => {
                let texts: Vec<String> = paragraphs_of(first).into_iter().map(|p| p.text).collect();
                assert!(
                    texts
                        .iter()
                        .any(|t| t == "LƯU HÀNH NỘI BỘ" || t == "XEM XONG TRẢ LẠI"),
                    "{texts:?}"
                );
                assert!(first.contains("w:pBdr"), "box 11 is boxed");
            }
        }
    }
}

#[test]
fn fonts_are_times_new_roman_and_the_language_is_vietnamese() {
    for (e, d) in docxs() {
        let styles = d.part("word/styles.xml");
        for a in ["ascii", "hAnsi", "cs", "eastAsia"] {
            assert_eq!(
                attr(styles, "rFonts", a).as_deref(),
                Some("Times New Roman"),
                "{}: {a}",
                e.display()
            );
        }
        assert_eq!(attr(styles, "lang", "val").as_deref(), Some("vi-VN"));
        for (name, part) in &d.parts {
            let xml = parse(part);
            for f in xml.descendants().filter(|n| n.has_tag_name((W, "rFonts"))) {
                for a in f.attributes() {
                    assert_eq!(
                        a.value(),
                        "Times New Roman",
                        "{}: {name} names another font",
                        e.display()
                    );
                }
            }
        }
    }
}

#[test]
fn normal_style_is_the_decree_body() {
    let (_, d) = docxs().remove(0);
    let styles = parse(d.part("word/styles.xml"));
    let normal: Vec<_> = styles
        .descendants()
        .filter(|n| n.attribute((W, "styleId")) == Some("Normal"))
        .collect();
    assert_eq!(normal.len(), 1, "exactly one Normal style");
    let n = normal[0];
    assert_eq!(child_attr(n, "jc", "val").as_deref(), Some("both"));
    assert_eq!(child_attr(n, "ind", "firstLine").as_deref(), Some("567"));
    assert_eq!(child_attr(n, "spacing", "before").as_deref(), Some("120"));
    assert_eq!(child_attr(n, "spacing", "line").as_deref(), Some("240"));
    assert_eq!(
        child_attr(n, "spacing", "lineRule").as_deref(),
        Some("auto")
    );
    assert_eq!(child_attr(n, "sz", "val").as_deref(), Some("28"));
    // Component styles: sizes in half-points and emphasis per §3.
    for (id, sz, bold, italic) in [
        ("QuocHieu", "24", true, false),
        ("TieuNgu", "26", true, false),
        ("CoQuanChuQuan", "24", false, false),
        ("CoQuan", "24", true, false),
        ("SoKyHieu", "26", false, false),
        ("NgayThang", "26", false, true),
        ("TenLoai", "28", true, false),
        ("TrichYeu", "28", true, false),
        ("NoiNhan", "24", true, true),
        ("NoiNhanMuc", "22", false, false),
        ("ChucDanh", "28", true, false),
        ("HoTen", "28", true, false),
        ("SoTrang", "28", false, false),
        ("CanCu", "", false, true),
    ] {
        let s = style(&styles, id);
        if !sz.is_empty() {
            assert_eq!(child_attr(s, "sz", "val").as_deref(), Some(sz), "{id}");
        }
        assert_eq!(has(s, "b"), bold, "{id} bold");
        assert_eq!(has(s, "i"), italic, "{id} italic");
    }
    for id in ["TenLoai", "TrichYeu", "Muc1", "Muc2", "Muc3", "Muc4"] {
        assert!(
            has(style(&styles, id), "keepNext"),
            "{id} keeps with the next paragraph"
        );
    }
}

#[test]
fn header_is_a_borderless_fixed_table_with_a_grid() {
    for (e, d) in docxs() {
        let xml = parse(d.part("word/document.xml"));
        let table = xml
            .descendants()
            .find(|n| n.has_tag_name((W, "tbl")))
            .unwrap();
        assert_eq!(
            child_attr(table, "tblLayout", "type").as_deref(),
            Some("fixed")
        );
        let grid: Vec<String> = table
            .descendants()
            .filter(|n| n.has_tag_name((W, "gridCol")))
            .filter_map(|n| n.attribute((W, "w")).map(str::to_string))
            .collect();
        assert_eq!(grid, ["3685", "5669"], "{}", e.display());
        let borders = table
            .descendants()
            .find(|n| n.has_tag_name((W, "tblBorders")))
            .unwrap();
        for b in borders.children().filter(|n| n.is_element()) {
            assert!(
                matches!(b.attribute((W, "val")), Some("nil") | Some("none")),
                "{}: border {:?}",
                e.display(),
                b.tag_name()
            );
        }
        let paras = paragraphs_of(d.part("word/document.xml"));
        let text_of = |style: &str| {
            paras
                .iter()
                .find(|p| p.style.as_deref() == Some(style))
                .map(|p| p.text.clone())
                .unwrap_or_default()
        };
        assert_eq!(text_of("QuocHieu"), QUOC_HIEU);
        assert_eq!(text_of("TieuNgu"), TIEU_NGU);
        assert_eq!(text_of("NgayThang"), expected_date_line(&e));
        assert_eq!(text_of("TenLoai"), ten_loai(&e).unwrap_or_default());
        if ten_loai(&e).is_none() {
            assert!(
                text_of("VvTrichYeu").starts_with("V/v "),
                "{}: box 5b",
                e.display()
            );
        }
        let v = input(&e);
        let number = match &v["so"] {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.parse::<u32>().unwrap()),
            n => Some(n.as_f64().unwrap() as u32),
        };
        let symbol = ky_hieu(&e);
        let expected = match number {
            Some(n) => format!("Số: {n:02}/{symbol}"),
            None => format!("Số:      /{symbol}"),
        };
        assert_eq!(text_of("SoKyHieu"), expected);
        let co_quan: String = paras
            .iter()
            .filter(|p| p.style.as_deref() == Some("CoQuan"))
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            co_quan,
            v["co_quan"]["ten"].as_str().unwrap().trim().to_uppercase()
        );
    }
}

/// §3.1: rules are empty paragraphs with a top border, as wide as the decree says.
#[test]
fn rules_are_paragraph_borders_of_computed_width() {
    for (e, d) in docxs() {
        let styles = parse(d.part("word/styles.xml"));
        let duong = style(&styles, "Duong");
        let top = duong
            .descendants()
            .find(|n| n.has_tag_name((W, "top")))
            .expect("top border");
        assert_eq!(top.attribute((W, "val")), Some("single"));
        assert_eq!(top.attribute((W, "sz")), Some("4"), "0.5 pt");
        let xml = parse(d.part("word/document.xml"));
        let rules: Vec<_> = xml
            .descendants()
            .filter(|n| n.has_tag_name((W, "p")))
            .filter(|p| {
                p.descendants().any(|s| {
                    s.has_tag_name((W, "pStyle")) && s.attribute((W, "val")) == Some("Duong")
                })
            })
            .collect();
        let appendices = input(&e)
            .get("phu_luc")
            .and_then(|p| p.as_array())
            .map_or(0, |a| a.len());
        let expected = if ten_loai(&e).is_some() { 3 } else { 2 } + appendices;
        assert_eq!(
            rules.len(),
            expected,
            "{}: agency, motto (and summary) rules",
            e.display()
        );
        assert!(
            rules
                .iter()
                .all(|p| !p.descendants().any(|n| n.has_tag_name((W, "t")))),
            "rules hold no text"
        );
        let indent = |p: &roxmltree::Node, a: &str| {
            child_attr(*p, "ind", a)
                .and_then(|v| v.parse::<i32>().ok())
                .unwrap_or(0)
        };
        // The motto rule: the right column minus both indents is the motto's width, 159.1 pt.
        let motto = &rules[1];
        let width_tw = 5669 - indent(motto, "left") - indent(motto, "right");
        assert!(
            (width_tw - 3182).abs() <= 4,
            "{}: motto rule {width_tw} twips",
            e.display()
        );
        assert_eq!(indent(motto, "left"), indent(motto, "right"), "centred");
        for r in &rules {
            assert_eq!(indent(r, "left"), indent(r, "right"), "centred");
            assert!(!p_text_is_underscores(r));
        }
    }
}

fn p_text_is_underscores(p: &roxmltree::Node) -> bool {
    p.descendants()
        .filter_map(|n| n.text())
        .any(|t| t.contains("___") || t.contains("---"))
}

#[test]
fn all_text_is_present_in_order_and_headings_are_numbered() {
    for (e, d) in docxs() {
        let name = e.display().to_string();
        assert_in_order(&squash(&d.text()), &body_texts(&e), &name);
        let paras = d.paragraphs();
        let romans = ["I", "II", "III", "IV", "V", "VI", "VII"];
        // The body's own headings: appendices (after the first `PhuLucNhan`) number theirs afresh.
        let body_end = paras
            .iter()
            .position(|p| p.style.as_deref() == Some("PhuLucNhan"))
            .unwrap_or(paras.len());
        // Level-1 headings run I., II., … afresh in each lettered part (A., B., …).
        let mut level1: Vec<Vec<String>> = vec![Vec::new()];
        let mut parts = Vec::new();
        for p in &paras[..body_end] {
            let number = || p.text.split_once(". ").unwrap().0.to_string();
            match p.style.as_deref() {
                Some("Muc1") => level1.last_mut().unwrap().push(number()),
                Some("Phan") => {
                    parts.push(number());
                    level1.push(Vec::new());
                }
                _ => {}
            }
        }
        for run in &level1 {
            assert_eq!(*run, romans[..run.len()].to_vec(), "{name}");
        }
        assert_eq!(parts, ["A", "B", "C", "D"][..parts.len()].to_vec(), "{name}");
        assert!(
            paras
                .iter()
                .filter(|p| p.style.as_deref() == Some("Muc1"))
                .all(|p| p.text == p.text.to_uppercase()),
            "{name}: level 1 in capitals"
        );
        for p in paras.iter().filter(|p| p.style.as_deref() == Some("Muc2")) {
            let text = p.text.strip_prefix("Điều ").unwrap_or(&p.text);
            let num = text.split_once(' ').unwrap().0;
            assert!(
                num.ends_with('.') && num[..num.len() - 1].parse::<u32>().is_ok(),
                "{name}: {}",
                p.text
            );
        }
        let body_end: Vec<&str> = paras
            .iter()
            .map(|p| p.text.as_str())
            .filter(|t| t.contains("./."))
            .collect();
        assert_eq!(body_end.len(), 1, "{name}: one end mark");
        assert!(body_end[0].ends_with("./."), "{name}");
    }
}

#[test]
fn signature_table_keeps_together() {
    for (e, d) in docxs() {
        let xml = parse(d.part("word/document.xml"));
        let body = xml
            .descendants()
            .find(|n| n.has_tag_name((W, "body")))
            .unwrap();
        let blocks: Vec<_> = body.children().filter(|n| n.is_element()).collect();
        let sig = blocks
            .iter()
            .find(|n| {
                n.has_tag_name((W, "tbl")) && n.descendants().any(|t| t.text() == Some("Nơi nhận:"))
            })
            .unwrap();
        let rows: Vec<_> = sig
            .children()
            .filter(|n| n.has_tag_name((W, "tr")))
            .collect();
        // The first row holds the signer whole (title, space, name); Nơi nhận lines that do
        // not fit beside it follow a row each, so a long list flows onto the next page.
        assert!(
            rows.iter().all(|r| has(*r, "cantSplit")),
            "{}: no signature row splits",
            e.display()
        );
        let styles_in = |row: &roxmltree::Node| -> Vec<String> {
            paragraphs_of_node(row).into_iter().filter_map(|p| p.style).collect()
        };
        assert!(styles_in(&rows[0]).iter().any(|s| s == "HoTen"));
        for r in &rows[1..] {
            assert!(styles_in(r).iter().all(|s| ["NoiNhanMuc", "NguoiSoan"].contains(&s.as_str())));
        }
        let before = blocks.iter().position(|n| n == sig).unwrap() - 1;
        assert!(
            has(blocks[before], "keepNext"),
            "{}: the last paragraph keeps with the signature",
            e.display()
        );
        let paras = paragraphs_of(d.part("word/document.xml"));
        let v = input(&e);
        assert!(
            paras
                .iter()
                .any(|p| p.style.as_deref() == Some("NoiNhan") && p.text == "Nơi nhận:")
        );
        assert!(paras.iter().any(|p| p.style.as_deref() == Some("HoTen")
            && p.text == v["nguoi_ky"]["ho_ten"].as_str().unwrap()));
        let items: Vec<&str> = paras
            .iter()
            .filter(|p| p.style.as_deref() == Some("NoiNhanMuc"))
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(
            items.len(),
            noi_nhan_count(&e),
            "{}: {items:?}",
            e.display()
        );
        assert!(items.iter().all(|i| i.starts_with("- ")));
        assert!(
            items.last().unwrap().ends_with('.')
                && items[..items.len() - 1].iter().all(|i| i.ends_with(';'))
        );
    }
}

/// Boxes 10a, 10b and the draft box: bordered paragraphs, red for the stamps; box 12 after
/// the Lưu line; box 13 in the first-page footer under a rule.
#[test]
fn stamps_and_boxes_12_and_13() {
    let mut seen = (false, false);
    for (e, d) in docxs() {
        let v = input(&e);
        let xml = parse(d.part("word/document.xml"));
        let stamps: Vec<_> = xml
            .descendants()
            .filter(|n| n.has_tag_name((W, "p")))
            .filter(|p| {
                p.descendants().any(|s| {
                    s.has_tag_name((W, "pStyle")) && s.attribute((W, "val")) == Some("DauHieu")
                })
            })
            .collect();
        let expected = ["do_mat", "do_khan", "du_thao"]
            .iter()
            .filter(|k| v.get(**k).is_some())
            .count();
        assert_eq!(stamps.len(), expected, "{}", e.display());
        for p in &stamps {
            let borders = p
                .descendants()
                .find(|n| n.has_tag_name((W, "pBdr")))
                .expect("a box");
            assert_eq!(
                borders.children().filter(|n| n.is_element()).count(),
                4,
                "four sides"
            );
        }
        if v.get("do_khan").is_some() {
            seen.0 = true;
            let text: String = stamps
                .iter()
                .map(|p| p.descendants().filter_map(|n| n.text()).collect::<String>())
                .collect();
            assert!(text.contains("HỎA TỐC") || text.contains("KHẨN"));
            assert!(
                d.part("word/document.xml")
                    .contains("w:color w:val=\"FF0000\""),
                "stamps in red"
            );
        }
        if let Some(addr) = v.get("dia_chi").and_then(|a| a.as_str()) {
            seen.1 = true;
            let footer = d
                .parts
                .iter()
                .find(|(k, x)| k.starts_with("word/footer") && x.contains("DiaChi"))
                .expect("a first-page footer")
                .1;
            assert!(addr.lines().all(|l| footer.contains(l.trim())), "{footer}");
            assert!(footer.contains("w:top"), "a rule above the address");
            assert!(
                d.part("word/document.xml")
                    .contains("footerReference w:type=\"first\"")
            );
            if let Some(n) = v.get("nguoi_soan") {
                let box12 = format!("{}.({})", n.as_str().unwrap(), v["so_ban"]);
                assert!(d.text().contains(&box12), "box 12 {box12}");
            }
        }
    }
    assert!(seen.0 && seen.1, "the examples exercise urgency and box 13");
}

/// `le: nghi-dinh` and `kho_chu: mau`: the decree file's margins and header table, and the
/// Mẫu sizes (§1, §3, §4.3).
#[test]
fn decree_file_margins_and_mau_sizes() {
    let e = examples()
        .into_iter()
        .find(|e| input(e).get("le").is_some())
        .expect("an example with `le`");
    let d = Docx::read(&output_of(&e, "docx"));
    let doc = d.part("word/document.xml");
    for (side, v) in [
        ("top", "1418"),
        ("bottom", "1134"),
        ("left", "1985"),
        ("right", "1134"),
    ] {
        assert_eq!(
            attr(doc, "pgMar", side).as_deref(),
            Some(v),
            "margin {side}"
        );
    }
    let xml = parse(doc);
    let table = xml
        .descendants()
        .find(|n| n.has_tag_name((W, "tbl")))
        .unwrap();
    let grid: Vec<&str> = table
        .descendants()
        .filter(|n| n.has_tag_name((W, "gridCol")))
        .filter_map(|n| n.attribute((W, "w")))
        .collect();
    assert_eq!(grid, ["3829", "5670"]);
    assert_eq!(child_attr(table, "tblInd", "w").as_deref(), Some("-199"));
    let styles = parse(d.part("word/styles.xml"));
    for (id, sz) in [
        ("QuocHieu", "26"),
        ("TieuNgu", "28"),
        ("CoQuan", "26"),
        ("NgayThang", "28"),
        ("ChucDanh", "26"),
        ("HoTen", "28"),
    ] {
        assert_eq!(
            child_attr(style(&styles, id), "sz", "val").as_deref(),
            Some(sz),
            "{id}"
        );
    }
    let p = common::pdf::read(&output_of(&e, "pdf"));
    let ls = common::pdf::lines(&p.pages[0]);
    let qh = ls.iter().find(|l| l.text == QUOC_HIEU).unwrap();
    assert_eq!(qh.size, 13.0);
    let l = vbhc::nd30::Layout::mac_dinh().le_nghi_dinh();
    let right_centre = l.margin_left - l.header_shift + l.col_left + l.col_right / 2.0;
    assert!(
        (qh.centre() - right_centre).abs() < 0.5,
        "{} vs {right_centre}",
        qh.centre()
    );
    assert!(
        ls.iter()
            .filter(|x| x.y > 150.0 && x.size == 14.0)
            .all(|x| x.x >= l.margin_left - 0.01),
        "body inside the 35 mm margin"
    );
}

/// Appendices are sections of their own: each ends the one before with its properties, page
/// numbers restart at 1 with the first page unnumbered, and box 13 stays on page 1 (§3.9).
#[test]
fn appendices_are_sections_with_their_own_numbers() {
    // Landscape sections add sections of their own: `landscape_sections_turn_their_pages`.
    let (e, d) = docxs()
        .into_iter()
        .find(|(e, _)| {
            input(e).get("phu_luc").is_some() && !std::fs::read_to_string(e).unwrap().contains("ngang:")
        })
        .expect("an example with appendices");
    let n = input(&e)["phu_luc"].as_array().unwrap().len();
    let xml = parse(d.part("word/document.xml"));
    let sects: Vec<_> = xml
        .descendants()
        .filter(|x| x.has_tag_name((W, "sectPr")))
        .collect();
    assert_eq!(sects.len(), n + 1, "the body and each appendix");
    for (i, s) in sects.iter().enumerate() {
        assert!(has(*s, "titlePg"), "section {i}: first page unnumbered");
        assert_eq!(child_attr(*s, "pgSz", "w").as_deref(), Some("11906"));
        let start = child_attr(*s, "pgNumType", "start");
        assert_eq!(
            start.as_deref(),
            if i == 0 { None } else { Some("1") },
            "section {i}"
        );
    }
    let first_footers: Vec<String> = sects
        .iter()
        .filter_map(|s| {
            s.children().find(|c| {
                c.has_tag_name((W, "footerReference")) && c.attribute((W, "type")) == Some("first")
            })
        })
        .filter_map(|c| {
            c.attribute((
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "id",
            ))
            .map(str::to_string)
        })
        .collect();
    assert_eq!(first_footers.len(), n + 1);
    assert!(
        first_footers[1..].iter().all(|r| r != &first_footers[0]),
        "box 13 on page 1 only: {first_footers:?}"
    );
    let labels: Vec<String> = d
        .paragraphs()
        .into_iter()
        .filter(|p| p.style.as_deref() == Some("PhuLucNhan"))
        .map(|p| p.text)
        .collect();
    let expected: Vec<String> = (1..=n)
        .map(|i| {
            if n == 1 {
                "Phụ lục".to_string()
            } else {
                format!("Phụ lục {}", ["I", "II", "III", "IV"][i - 1])
            }
        })
        .collect();
    assert_eq!(labels, expected);
    let refs: Vec<String> = d
        .paragraphs()
        .into_iter()
        .filter(|p| p.style.as_deref() == Some("PhuLucThamChieu"))
        .map(|p| p.text)
        .collect();
    assert!(
        refs.iter()
            .all(|r| r.starts_with("(Kèm theo Kế hoạch số ") && r.ends_with(')')),
        "{refs:?}"
    );
}

/// No DOCX carries an image or a drawing: the signature's and the seal's images belong to the
/// digital signatures (§3.8), so an unsigned document never looks signed.
#[test]
fn no_docx_carries_a_signature_or_seal_image() {
    for (e, d) in docxs() {
        assert!(d.parts.keys().all(|name| !name.starts_with("word/media/")), "{}", e.display());
        let xml = d.part("word/document.xml");
        assert!(!xml.contains("<w:drawing") && !xml.contains("<wp:anchor"), "{}", e.display());
    }
}

/// Every property element of every part of every output has its children in the order
/// ECMA-376 fixes: Word repairs or drops children out of sequence, and Word for the web opens
/// such a file read-only.
#[test]
fn property_elements_follow_the_schema_order() {
    let mut checked = 0;
    for (e, d) in docxs() {
        for (name, xml) in &d.parts {
            if !name.ends_with(".xml") || name.starts_with("docProps") || name.contains("Content_Types") {
                continue;
            }
            let (bad, n) = common::docx::order_violations(xml);
            checked += n;
            assert!(bad.is_empty(), "{} {name}: {:?}", e.display(), &bad[..bad.len().min(10)]);
        }
    }
    assert!(checked > 5_000, "only {checked} children checked");
}

#[test]
fn the_order_check_finds_a_child_out_of_sequence() {
    let xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:p><w:pPr><w:rPr/><w:pStyle w:val="x"/></w:pPr></w:p><w:p><w:pPr><w:pStyle w:val="y"/><w:foo/></w:pPr></w:p></w:body></w:document>"#
    );
    let (bad, _) = common::docx::order_violations(&xml);
    assert_eq!(bad, ["<pStyle> after <rPr> in <pPr>", "<foo> is not a child of <pPr>"]);
}

/// A landscape section of the body and a landscape appendix (§1): each a section of its own,
/// its page turned (`w:orient`, width and height swapped), the body's page numbers running on
/// across it, the appendix's starting at 1.
#[test]
fn landscape_sections_turn_their_pages() {
    let e = root().join("data/bao-cao-nam.yaml");
    let d = Docx::read(&output_of(&e, "docx"));
    let xml = parse(d.part("word/document.xml"));
    let sects: Vec<_> = xml
        .descendants()
        .filter(|x| x.has_tag_name((W, "sectPr")))
        .collect();
    // Portrait body, landscape section, portrait body again, landscape appendix.
    let shape: Vec<(Option<String>, Option<String>, bool, Option<String>)> = sects
        .iter()
        .map(|s| {
            (
                child_attr(*s, "pgSz", "w"),
                child_attr(*s, "pgSz", "orient"),
                has(*s, "titlePg"),
                child_attr(*s, "pgNumType", "start"),
            )
        })
        .collect();
    let portrait = (Some("11906".to_string()), None, false, None);
    let landscape = (Some("16838".to_string()), Some("landscape".to_string()), false, None);
    assert_eq!(
        shape,
        [
            (Some("11906".to_string()), None, true, None),
            landscape.clone(),
            portrait,
            (landscape.0, landscape.1, true, Some("1".to_string())),
        ]
    );
}
