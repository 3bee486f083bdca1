//! From the events a template emits to the document tree, applying the decree's rules that do
//! not depend on the type or the format: automatic numbering (§3.5), capitals (§3), the
//! punctuation of căn cứ and Nơi nhận (§3.5, §3.7) and the `./.` end mark.

use super::{
    Block, Centred, Division, Document, Header, Heading, HuongTrang, KinhGui, ParaKind, Paragraph,
    PhuLuc, Run, Signature, Stamp, Title, inline,
};
use crate::nd30::DAU_KET_THUC;
use serde::Deserialize;

/// One thing a template says, as a JSON object `{"t": "...", ...}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    DauTrang {
        chu_quan: Option<String>,
        co_quan: String,
        so_ky_hieu: String,
        dong_ngay: String,
        #[serde(default)]
        vv: Option<String>,
        #[serde(default)]
        do_mat: Option<String>,
        #[serde(default)]
        do_khan: Option<String>,
        #[serde(default)]
        du_thao: Option<String>,
        #[serde(default)]
        dia_chi: Option<String>,
        #[serde(default)]
        luu_hanh: Option<String>,
    },
    TenLoai {
        ten: String,
        trich_yeu: Option<String>,
    },
    CanCu {
        text: String,
    },
    Doan {
        text: String,
    },
    /// The opening sentence that closes the preamble ("Sở Y tế xây dựng Kế hoạch … như
    /// sau:"): the last căn cứ before it ends with `;` (§9).
    MoDau {
        text: String,
    },
    /// Opens a heading one level below the current one; closed by `het_muc`.
    Muc {
        tieu_de: String,
    },
    HetMuc,
    /// Opens a lettered part (`A.`, `B.`) at the top of a body; its `I.` headings are
    /// numbered afresh. Closed by `het_phan`.
    Phan {
        tieu_de: String,
    },
    HetPhan,
    /// A quyết định's chapter (`Chương I`) and a chapter's section (`Mục 1`): a centred label
    /// over the articles that follow, which keep their numbers running (§3.5, scheme a).
    Chuong {
        tieu_de: String,
    },
    MucChuong {
        tieu_de: String,
    },
    /// What follows, up to `het_ngang`, is on landscape pages (§1).
    Ngang,
    HetNgang,
    /// A table (`table.rs`): its columns, possibly nested, and its rows of cells, possibly
    /// merged.
    Bang {
        cot: Vec<super::table::Cot>,
        dong: Vec<Vec<super::table::O>>,
    },
    ChuKy {
        noi_nhan: Vec<String>,
        luu: Vec<String>,
        quyen_han: Vec<String>,
        chuc_vu: String,
        ho_ten: String,
        #[serde(default)]
        soan: Option<String>,
    },
    KinhGui {
        items: Vec<String>,
    },
    /// A centred bold line.
    Giua {
        text: String,
    },
    /// An article `Điều N.`: with a title, a heading the next blocks belong to; without, one
    /// paragraph that starts with the bold number.
    Dieu {
        tieu_de: Option<String>,
        text: Option<String>,
    },
    /// A fixed line with a bold label: `Thời gian: …`.
    Nhan {
        nhan: String,
        text: String,
    },
    /// Points lettered `a)`, `b)`, … in the Vietnamese order.
    Diem {
        items: Vec<String>,
    },
    /// An appendix starts; its headings are numbered afresh. `ngang`: on landscape pages.
    PhuLuc {
        tieu_de: String,
        tham_chieu: String,
        #[serde(default)]
        ngang: bool,
    },
}

/// Builds the tree; fails only when the template's events do not nest.
pub fn build(events: Vec<Event>) -> Result<Document, String> {
    let mut blocks = Vec::new();
    // counters[k]: headings seen so far at level k + 1 under the current parent.
    let mut counters: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut articles = 0;
    let mut in_article = false;
    let mut can_cu: Vec<usize> = Vec::new();
    let mut mo_dau: Option<usize> = None;
    let mut parts = 0;
    let mut part_open = false;
    let (mut chapters, mut chapter_sections) = (0, 0);
    let mut landscape: usize = 0;
    for ev in events {
        match ev {
            Event::DauTrang {
                chu_quan,
                co_quan,
                so_ky_hieu,
                dong_ngay,
                vv,
                do_mat,
                do_khan,
                du_thao,
                dia_chi,
                luu_hanh,
            } => {
                let mut stamps = Vec::new();
                if let Some(t) = do_mat {
                    stamps.push(Stamp {
                        text: t.to_uppercase(),
                        width_mm: None,
                        red: true,
                    });
                }
                if let Some(t) = do_khan {
                    let t = t.to_uppercase();
                    stamps.push(Stamp {
                        width_mm: crate::nd30::urgency_width_mm(&t),
                        text: t,
                        red: true,
                    });
                }
                if let Some(t) = du_thao {
                    stamps.push(Stamp {
                        text: t.to_uppercase(),
                        width_mm: None,
                        red: false,
                    });
                }
                blocks.push(Block::Header(Header {
                    chu_quan: chu_quan.map(|s| s.to_uppercase()),
                    co_quan: co_quan.to_uppercase(),
                    so_ky_hieu,
                    dong_ngay,
                    vv: vv.map(|v| paragraphs(&v).join(" ")),
                    stamps,
                    dia_chi,
                    luu_hanh: luu_hanh.map(|t| t.to_uppercase()),
                }))
            }
            Event::KinhGui { items } => blocks.push(Block::KinhGui(KinhGui {
                lines: kinh_gui_lines(&items),
            })),
            Event::Giua { text } => blocks.push(Block::Centred(Centred {
                text: text.to_uppercase(),
            })),
            Event::Dieu { tieu_de, text } => {
                // Articles are flat: the sub-headings of one are its clauses 1., 2., …
                if in_article {
                    depth -= 1;
                }
                articles += 1;
                in_article = true;
                depth += 1;
                counters.truncate(1);
                counters.resize(1, 0);
                let number = format!("Điều {articles}.");
                if let Some(t) = tieu_de {
                    blocks.push(Block::Heading(Heading::new(2, number.clone(), t)));
                }
                if let Some(t) = text {
                    for (i, part) in paragraphs(&t).into_iter().enumerate() {
                        let mut runs = inline::parse(&part, false);
                        if i == 0 {
                            runs.insert(
                                0,
                                Run {
                                    text: format!("{number} "),
                                    bold: true,
                                    italic: false,
                                },
                            );
                        }
                        blocks.push(Block::Paragraph(Paragraph {
                            kind: ParaKind::Body,
                            runs,
                        }));
                    }
                }
            }
            Event::PhuLuc {
                tieu_de,
                tham_chieu,
                ngang,
            } => {
                if depth != 0 || part_open || landscape != 0 {
                    return Err("`phu_luc` trong một mục, phần hoặc trang ngang chưa đóng".into());
                }
                counters.clear();
                parts = 0;
                blocks.push(Block::PhuLuc(PhuLuc {
                    nhan: String::new(),
                    tieu_de: tieu_de.to_uppercase(),
                    tham_chieu,
                    ngang,
                }));
            }
            Event::Phan { tieu_de } => {
                if depth != 0 || part_open {
                    return Err("`phan` chỉ mở ở cấp cao nhất, ngoài mục và phần khác".into());
                }
                part_open = true;
                parts += 1;
                // The `I.` headings of each part are numbered afresh.
                counters.clear();
                let number = format!("{}.", part_letter(parts));
                blocks.push(Block::Heading(Heading::new(0, number, tieu_de.to_uppercase())));
            }
            Event::HetPhan => {
                if !part_open || depth != 0 {
                    return Err("`het_phan` không có `phan` mở tương ứng".into());
                }
                part_open = false;
            }
            Event::Chuong { tieu_de } => {
                // A chapter ends the article before it; articles keep counting.
                if in_article {
                    depth -= 1;
                    in_article = false;
                }
                chapters += 1;
                chapter_sections = 0;
                blocks.push(Block::Division(Division {
                    nhan: format!("Chương {}", roman(chapters)),
                    tieu_de: tieu_de.to_uppercase(),
                }));
            }
            Event::MucChuong { tieu_de } => {
                if in_article {
                    depth -= 1;
                    in_article = false;
                }
                chapter_sections += 1;
                blocks.push(Block::Division(Division {
                    nhan: format!("Mục {chapter_sections}"),
                    tieu_de: tieu_de.to_uppercase(),
                }));
            }
            Event::Ngang => {
                landscape += 1;
                if landscape == 1 {
                    blocks.push(Block::HuongTrang(HuongTrang { ngang: true }));
                }
            }
            Event::HetNgang => {
                landscape = landscape
                    .checked_sub(1)
                    .ok_or("`het_ngang` không có `ngang` mở tương ứng")?;
                if landscape == 0 {
                    blocks.push(Block::HuongTrang(HuongTrang { ngang: false }));
                }
            }
            Event::Diem { items } => {
                for (i, item) in items.iter().enumerate() {
                    let letter = super::DIEM_LETTERS[i % super::DIEM_LETTERS.len()]
                        .repeat(i / super::DIEM_LETTERS.len() + 1);
                    let mut runs = vec![Run {
                        text: format!("{letter}) "),
                        bold: false,
                        italic: false,
                    }];
                    runs.extend(inline::parse(&paragraphs(item).join(" "), false));
                    blocks.push(Block::Paragraph(Paragraph {
                        kind: ParaKind::Body,
                        runs,
                    }));
                }
            }
            Event::Nhan { nhan, text } => {
                let mut runs = vec![Run {
                    text: format!("{nhan}: "),
                    bold: true,
                    italic: false,
                }];
                runs.extend(inline::parse(&paragraphs(&text).join(" "), false));
                blocks.push(Block::Paragraph(Paragraph {
                    kind: ParaKind::Body,
                    runs,
                }));
            }
            Event::TenLoai { ten, trich_yeu } => blocks.push(Block::Title(Title {
                ten_loai: ten.to_uppercase(),
                trich_yeu: trich_yeu.map(|t| paragraphs(&t).join(" ")),
            })),
            Event::CanCu { text } => {
                for part in paragraphs(&text) {
                    can_cu.push(blocks.len());
                    blocks.push(Block::Paragraph(Paragraph {
                        kind: ParaKind::CanCu,
                        runs: inline::parse(&part, true),
                    }));
                }
            }
            Event::MoDau { text } => {
                mo_dau = Some(blocks.len());
                for part in paragraphs(&text) {
                    blocks.push(Block::Paragraph(Paragraph {
                        kind: ParaKind::Body,
                        runs: inline::parse(&part, false),
                    }));
                }
            }
            Event::Doan { text } => {
                for part in paragraphs(&text) {
                    blocks.push(Block::Paragraph(Paragraph {
                        kind: ParaKind::Body,
                        runs: inline::parse(&part, false),
                    }));
                }
            }
            Event::Muc { tieu_de } => {
                depth += 1;
                // Deeper counters restart under each new heading.
                counters.truncate(depth);
                counters.resize(depth, 0);
                counters[depth - 1] += 1;
                let number = numbering(&counters);
                let text = if depth == 1 {
                    tieu_de.to_uppercase()
                } else {
                    tieu_de
                };
                blocks.push(Block::Heading(Heading::new(depth, number, text)));
            }
            Event::HetMuc => {
                depth = depth
                    .checked_sub(1)
                    .ok_or("`het_muc` không có `muc` mở tương ứng")?;
            }
            Event::Bang { cot, dong } => {
                let columns: usize = cot.iter().map(super::table::Cot::leaves).sum();
                let table = super::table::build(&cot, &dong).map_err(|e| e.message(columns))?;
                blocks.push(Block::Table(table))
            }
            Event::ChuKy {
                noi_nhan,
                luu,
                quyen_han,
                chuc_vu,
                ho_ten,
                soan,
            } => {
                if in_article {
                    depth -= 1;
                    in_article = false;
                }
                end_mark(&mut blocks);
                let mut chuc_danh: Vec<String> =
                    quyen_han.iter().map(|s| s.to_uppercase()).collect();
                chuc_danh.push(chuc_vu.to_uppercase());
                blocks.push(Block::Signature(Signature {
                    noi_nhan: noi_nhan_lines(&noi_nhan, &luu),
                    chuc_danh,
                    ho_ten,
                    soan,
                }));
            }
        }
    }
    if depth != 0 {
        return Err("thiếu `het_muc` đóng mục".into());
    }
    if part_open || landscape != 0 {
        return Err("thiếu `het_phan` hoặc `het_ngang`".into());
    }
    punctuate_can_cu(&mut blocks, &can_cu, mo_dau);
    label_appendices(&mut blocks);
    Ok(Document::new(blocks))
}

/// The letter of the `n`th part: `A`, `B`, … `Z`, then `AA`.
fn part_letter(n: usize) -> String {
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    letter.to_string().repeat((n - 1) / 26 + 1)
}

/// `Phụ lục` when there is one appendix, `Phụ lục I`, `Phụ lục II` … when there are more.
fn label_appendices(blocks: &mut [Block]) {
    let n = blocks
        .iter()
        .filter(|b| matches!(b, Block::PhuLuc(_)))
        .count();
    let mut i = 0;
    for b in blocks.iter_mut() {
        if let Block::PhuLuc(p) = b {
            i += 1;
            p.nhan = if n == 1 {
                "Phụ lục".into()
            } else {
                format!("Phụ lục {}", roman(i))
            };
        }
    }
}

/// `I.` at level 1; `1.`, `1.1.`, `1.1.1.` below (scheme (b) of §3.5).
fn numbering(counters: &[usize]) -> String {
    match counters {
        [n] => format!("{}.", roman(*n)),
        [_, rest @ ..] => rest.iter().map(|n| format!("{n}.")).collect(),
        [] => String::new(),
    }
}

pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// One paragraph per blank-line-separated part; single line breaks inside a part are spaces.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| {
            p.split('\n')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect()
}

fn strip_end_punct(s: &str) -> &str {
    s.trim_end().trim_end_matches([';', ',', '.']).trim_end()
}

/// Sets the final mark of a paragraph's last run, replacing what was typed (`;`, `,`, `.`).
fn set_final_mark(p: &mut Paragraph, mark: &str) {
    if let Some(last) = p.runs.iter_mut().rev().find(|r| !r.text.trim().is_empty()) {
        if last.text.trim_end().ends_with(DAU_KET_THUC) && mark == DAU_KET_THUC {
            return;
        }
        let kept = strip_end_punct(&last.text).to_string();
        last.text = kept + mark;
    }
}

/// Căn cứ: `;` at each line end; `.` at the last unless the opening sentence follows it
/// directly (the preamble then goes on: "Sở Y tế xây dựng Kế hoạch ... như sau:"), as in the
/// seeds (§9). A body paragraph that is not the opening sentence does not continue it.
fn punctuate_can_cu(blocks: &mut [Block], can_cu: &[usize], mo_dau: Option<usize>) {
    let Some(&last) = can_cu.last() else { return };
    let followed_by_text = mo_dau == Some(last + 1);
    for &i in can_cu {
        if let Block::Paragraph(p) = &mut blocks[i] {
            let mark = if i == last && !followed_by_text {
                "."
            } else {
                ";"
            };
            set_final_mark(p, mark);
        }
    }
}

/// The body ends with `./.` (Phụ lục III, every Mẫu): on the last paragraph, or on a line of
/// its own after a closing table or heading.
fn end_mark(blocks: &mut Vec<Block>) {
    match blocks.last_mut() {
        Some(Block::Paragraph(p)) if p.kind == ParaKind::Body => set_final_mark(p, DAU_KET_THUC),
        _ => blocks.push(Block::Paragraph(Paragraph {
            kind: ParaKind::Body,
            runs: vec![Run {
                text: DAU_KET_THUC.into(),
                bold: false,
                italic: false,
            }],
        })),
    }
}

/// One addressee as typed (no final mark, §3.6); several as `- A;` … `- B.`.
fn kinh_gui_lines(items: &[String]) -> Vec<String> {
    let clean = |it: &str| strip_end_punct(it.trim().trim_start_matches("- ").trim()).to_string();
    match items {
        [one] => vec![clean(one)],
        _ => {
            let n = items.len();
            items
                .iter()
                .enumerate()
                .map(|(i, it)| format!("- {}{}", clean(it), if i + 1 == n { "." } else { ";" }))
                .collect()
        }
    }
}

/// `- item;` for each recipient, `- Lưu: VT, TCHC.` last; without `luu`, the last item ends `.`.
fn noi_nhan_lines(items: &[String], luu: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = items
        .iter()
        .map(|it| {
            let it = it
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches('-')
                .trim();
            format!("- {};", strip_end_punct(it))
        })
        .collect();
    if luu.is_empty() {
        if let Some(last) = lines.last_mut() {
            last.pop();
            last.push('.');
        }
    } else {
        lines.push(format!(
            "- Lưu: {}.",
            luu.iter()
                .map(|s| strip_end_punct(s))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doan(t: &str) -> Event {
        Event::Doan { text: t.into() }
    }
    fn muc(t: &str) -> Event {
        Event::Muc { tieu_de: t.into() }
    }

    fn headings(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(format!("{} {}", h.number, h.text)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn numbers_never_skip_or_repeat() {
        let ev = vec![
            muc("mục đích, yêu cầu"),
            muc("Mục đích"),
            doan("a"),
            Event::HetMuc,
            muc("Yêu cầu"),
            doan("b"),
            Event::HetMuc,
            Event::HetMuc,
            muc("Nội dung"),
            muc("Một"),
            muc("Một một"),
            muc("sâu"),
            doan("x"),
            Event::HetMuc,
            Event::HetMuc,
            muc("Một hai"),
            Event::HetMuc,
            Event::HetMuc,
            muc("Hai"),
            Event::HetMuc,
            Event::HetMuc,
            muc("c"),
            Event::HetMuc,
            muc("d"),
            Event::HetMuc,
        ];
        let doc = build(ev).unwrap();
        assert_eq!(
            headings(&doc),
            [
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Mục đích",
                "2. Yêu cầu",
                "II. NỘI DUNG",
                "1. Một",
                "1.1. Một một",
                "1.1.1. sâu",
                "1.2. Một hai",
                "2. Hai",
                "III. C",
                "IV. D"
            ]
        );
    }

    #[test]
    fn roman_numerals() {
        let r: Vec<String> = (1..=12).map(roman).collect();
        assert_eq!(
            r,
            [
                "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"
            ]
        );
    }

    #[test]
    fn unbalanced_events_are_an_error() {
        assert!(build(vec![muc("a")]).is_err());
        assert!(build(vec![Event::HetMuc]).is_err());
    }

    #[test]
    fn noi_nhan_punctuation() {
        assert_eq!(
            noi_nhan_lines(
                &["Lãnh đạo Sở".into(), "- Các đơn vị.".into()],
                &["VT".into(), "TCHC".into()]
            ),
            ["- Lãnh đạo Sở;", "- Các đơn vị;", "- Lưu: VT, TCHC."]
        );
        assert_eq!(
            noi_nhan_lines(&["A;".into(), "B".into()], &[]),
            ["- A;", "- B."]
        );
    }

    #[test]
    fn end_mark_and_can_cu() {
        let doc = build(vec![
            Event::CanCu {
                text: "Căn cứ A,".into(),
            },
            Event::CanCu {
                text: "Căn cứ B;".into(),
            },
            Event::MoDau {
                text: "Câu cuối.".into(),
            },
            Event::ChuKy {
                noi_nhan: vec!["A".into()],
                luu: vec![],
                quyen_han: vec![],
                chuc_vu: "giám đốc".into(),
                ho_ten: "X".into(),
                soan: None,
            },
        ])
        .unwrap();
        let texts: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| {
                if let Block::Paragraph(p) = b {
                    Some(p.plain_text())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(texts, ["Căn cứ A;", "Căn cứ B;", "Câu cuối./."]);
        let Some(Block::Signature(s)) = doc.blocks.last() else {
            panic!()
        };
        assert_eq!(s.chuc_danh, ["GIÁM ĐỐC"]);
        let doc = build(vec![Event::CanCu {
            text: "Căn cứ A;".into(),
        }])
        .unwrap();
        let Block::Paragraph(p) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(p.plain_text(), "Căn cứ A.");
    }

    #[test]
    fn the_last_can_cu_ends_with_a_semicolon_only_before_the_opening_sentence() {
        let last_can_cu = |after: Event| {
            let doc = build(vec![
                Event::CanCu {
                    text: "Căn cứ A;".into(),
                },
                after,
            ])
            .unwrap();
            let Block::Paragraph(p) = &doc.blocks[0] else {
                panic!()
            };
            p.plain_text()
        };
        let mo_dau = Event::MoDau {
            text: "Sở Y tế đề nghị như sau:".into(),
        };
        assert_eq!(last_can_cu(mo_dau), "Căn cứ A;");
        // A công văn without `mo_dau`: its body is not the rest of the căn cứ's sentence.
        assert_eq!(last_can_cu(doan("Thời gian qua, dịch tăng.")), "Căn cứ A.");
    }

    #[test]
    fn points_follow_the_vietnamese_alphabet() {
        let items: Vec<String> = (0..7).map(|i| format!("ý {i}")).collect();
        let doc = build(vec![Event::Diem { items }]).unwrap();
        let starts: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| {
                if let Block::Paragraph(p) = b {
                    Some(p.plain_text()[..3].trim_end().to_string())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(starts, ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]);
    }

    #[test]
    fn blank_lines_split_paragraphs() {
        assert_eq!(paragraphs("một\nhai\n\nba\n"), ["một hai", "ba"]);
    }
}
