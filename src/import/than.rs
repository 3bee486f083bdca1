//! The body of an imported document: Kính gửi, căn cứ, the opening, then the numbered headings
//! as nested blocks (`I.` → `1.` → `1.1.`; the numbers dropped, a skipped or repeated one
//! reported), points, tables and paragraphs; for a plan or a report its sections go to their
//! keys by their titles.

use super::yaml_out::Yaml;
use super::{Ctx, markdown};
use crate::lint::rules::so_muc::{So, tach};

/// A piece of the body being built.
enum Node {
    Doan(String),
    /// A heading and its blocks; `khoa` names a group of its own (`chuong`, `muc` of a
    /// chapter) instead of a numbered heading.
    /// `ngang`: its heading is on a landscape page.
    Muc { level: usize, so: Vec<u32>, tieu_de: String, con: Vec<Node>, khoa: Option<&'static str>, ngang: bool },
    Diem(Vec<String>),
    Bang(Yaml),
}

fn to_yaml(nodes: Vec<Node>) -> Vec<Yaml> {
    to_yaml_in(nodes, false)
}

/// The blocks as the input writes them; `ngang` once, on the outermost heading of landscape
/// pages (`in_ngang`: the blocks' own heading is already).
fn to_yaml_in(nodes: Vec<Node>, in_ngang: bool) -> Vec<Yaml> {
    nodes
        .into_iter()
        .map(|n| match n {
            Node::Doan(t) => Yaml::Chu(t),
            Node::Muc { tieu_de, mut con, .. } if tieu_de.is_empty() && con.len() == 1 => match con.remove(0) {
                Node::Doan(t) => Yaml::Chu(t),
                other => to_yaml_in(vec![other], in_ngang).remove(0),
            },
            Node::Muc { tieu_de, con, khoa, ngang, .. } => {
                let mut entries = vec![(khoa.unwrap_or("tieu_de"), Yaml::Chu(tieu_de))];
                if ngang && !in_ngang && khoa != Some("phan") {
                    entries.push(("ngang", Yaml::Co(true)));
                }
                entries.push(("noi_dung", Yaml::DanhSach(to_yaml_in(con, in_ngang || ngang))));
                Yaml::bang(entries)
            }
            Node::Diem(items) => Yaml::bang(vec![("diem", Yaml::DanhSach(items.into_iter().map(Yaml::Chu).collect()))]),
            Node::Bang(t) => Yaml::bang(vec![("bang", t)]),
        })
        .collect()
}

/// A heading's level and numbers, and its title: `II. NỘI DUNG` → (1, [2], `NỘI DUNG`), read
/// as `vbhc lint` reads heading numbers.
fn heading(text: &str) -> Option<(usize, Vec<u32>, String)> {
    match tach(text)? {
        (So::LaMa(r), title) => Some((1, vec![r], title.to_string())),
        (So::ARap(p), title) => Some((1 + p.len(), p, title.to_string())),
        (So::Chu(_), _) => None,
    }
}

/// An article of a quyết định: `Điều 2. Title` in bold is a titled article (its paragraphs
/// follow); `Điều 1. text` with only the label bold is an article of one paragraph.
fn dieu(rest: &str, para: &crate::lint::model::Doan) -> Node {
    let after = rest.split_once(". ").map_or("", |(_, t)| t).trim().to_string();
    if para.toan_dam() {
        Node::Muc { level: 3, so: vec![0], tieu_de: after, con: Vec::new(), khoa: None, ngang: false }
    } else {
        // The bold label `Điều N. ` is vbhc's to write: the article is the runs after it.
        let mut rest = para.clone();
        while rest.chay.first().is_some_and(|c| c.dam) {
            rest.chay.remove(0);
        }
        let body = super::markdown(&rest).strip_suffix("/.").map(str::to_string).unwrap_or_else(|| super::markdown(&rest));
        Node::Muc { level: 3, so: vec![0], tieu_de: String::new(), con: vec![Node::Doan(body)], khoa: None, ngang: false }
    }
}

/// A title printed in capitals written back as a clerk types it: `NHỮNG QUY ĐỊNH CHUNG` →
/// `Những quy định chung` (vbhc prints it in capitals again).
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a point's letter is a run of its own (`a) ` then the text), as a list prints it;
/// a letter typed into the sentence is the clerk's text, kept as typed.
fn label_run(d: &crate::lint::model::Doan) -> bool {
    d.chay.first().is_some_and(|c| {
        let t = c.text.trim();
        t.ends_with(')') && t.chars().count() == 2
    })
}

/// The lines a template prints as `Label: value` (a giấy mời's `Thời gian:`), with the key
/// each value comes from: `{"t": "nhan", "nhan": "Địa điểm", "text": {{ dia_diem | tojson }}}`
/// → (`Địa điểm:`, `dia_diem`); `muc.thoi_gian…` → `thoi_gian`.
fn labelled_lines(template: &str) -> Vec<(String, String)> {
    template
        .split("\"nhan\": \"")
        .skip(1)
        .filter_map(|rest| {
            let (label, after) = rest.split_once('"')?;
            let value = after.trim_start().strip_prefix(", \"text\": {{")?.trim_start();
            let value = value.strip_prefix("muc.").unwrap_or(value);
            let key: String = value.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            (!key.is_empty()).then(|| (format!("{label}:"), key))
        })
        .collect()
}

/// A part's title: `A. KẾT QUẢ` → `KẾT QUẢ` (a capital letter, not one of the Roman numerals
/// that number sections).
fn part(text: &str) -> Option<&str> {
    let (head, title) = text.split_once(". ")?;
    let mut chars = head.chars();
    let letter = chars.next()?;
    (chars.next().is_none() && letter.is_ascii_uppercase() && !matches!(letter, 'I' | 'V' | 'X') && !title.trim().is_empty()).then(|| title.trim())
}

/// A point: `a) text` → `text`.
fn point(text: &str) -> Option<String> {
    match tach(text)? {
        (So::Chu(_), rest) => Some(rest.to_string()),
        _ => None,
    }
}

/// The body's nodes, headings nested by level.
fn tree(items: Vec<Node>, ctx: &mut Ctx) -> Vec<Node> {
    let mut root: Vec<Node> = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    let mut last_at: Vec<u32> = Vec::new();
    fn close(stack: &mut Vec<Node>, root: &mut Vec<Node>) {
        if let Some(done) = stack.pop() {
            match stack.last_mut() {
                Some(Node::Muc { con, .. }) => con.push(done),
                _ => root.push(done),
            }
        }
    }
    for item in items {
        match item {
            Node::Muc { level, so, tieu_de, con, khoa, ngang } => {
                while matches!(stack.last(), Some(Node::Muc { level: l, .. }) if *l >= level) {
                    close(&mut stack, &mut root);
                }
                if level == 0 {
                    // A part (`A.`, §3.5): its sections are numbered afresh.
                    last_at.clear();
                    stack.push(Node::Muc { level, so, tieu_de, con, khoa, ngang });
                    continue;
                }
                let expected = last_at.get(level - 1).map_or(1, |n| n + 1);
                let n = match so.last() {
                    _ if khoa.is_some() => expected,
                    Some(0) => expected,
                    Some(n) => *n,
                    None => 1,
                };
                if n != expected {
                    ctx.canh_bao.push(format!("mục `{tieu_de}`: số {n} sau số {}; vbhc đánh số lại theo thứ tự", expected - 1));
                }
                last_at.truncate(level);
                while last_at.len() < level {
                    last_at.push(0);
                }
                last_at[level - 1] = n;
                stack.push(Node::Muc { level, so, tieu_de, con, khoa, ngang });
            }
            other => match stack.last_mut() {
                Some(Node::Muc { con, .. }) => push_block(con, other),
                _ => push_block(&mut root, other),
            },
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut root);
    }
    root
}

/// The table starting at paragraph `i` (its cells' paragraphs, up to `end`), and the index
/// after it; none when `i` is not in a table.
fn table_at(ctx: &Ctx, i: usize, end: usize) -> Option<(Node, usize)> {
    let d = &ctx.doc.doan;
    let (b, _, _) = d[i].vi_tri.bang?;
    let next = (i..end).find(|&k| d[k].vi_tri.bang.map(|x| x.0) != Some(b)).unwrap_or(end);
    Some((Node::Bang(super::bang::table(ctx, i..next)), next))
}

/// Paragraph `i` (its plain `text`, its `marked` text) as a heading, a point or a paragraph.
/// A numbered line is a heading when it is set apart (bold, or italic for the deepest
/// levels); a numbered sentence in plain text is a paragraph that keeps its number.
fn block(ctx: &Ctx, i: usize, text: &str, marked: String) -> Node {
    let para = &ctx.doc.doan[i];
    let styled = para.toan_dam() || para.toan_nghieng();
    if let Some((level, so, title)) = heading(text).filter(|(level, _, _)| *level == 1 || styled) {
        return Node::Muc { level, so, tieu_de: title, con: Vec::new(), khoa: None, ngang: ctx.doc.ngang(i) };
    }
    match point(&marked).filter(|_| label_run(para)) {
        Some(p) => Node::Diem(vec![p]),
        None => Node::Doan(marked),
    }
}

/// Points in a row make one list.
fn push_block(into: &mut Vec<Node>, n: Node) {
    if let (Node::Diem(new), Some(Node::Diem(items))) = (&n, into.last_mut()) {
        items.extend(new.iter().cloned());
        return;
    }
    into.push(n);
}

/// The plan's sections by their titles (§6.1), in the order the keys print.
const KE_HOACH: [(&str, &str); 7] = [
    ("MỤC ĐÍCH, YÊU CẦU", ""),
    ("MỤC ĐÍCH", "muc_dich"),
    ("YÊU CẦU", "yeu_cau"),
    ("THỜI GIAN", "thoi_gian"),
    ("NỘI DUNG", "noi_dung"),
    ("KINH PHÍ", "kinh_phi"),
    ("TỔ CHỨC THỰC HIỆN", "to_chuc_thuc_hien"),
];
const KE_HOACH_ORDER: [&str; 6] = ["muc_dich", "yeu_cau", "thoi_gian", "noi_dung", "kinh_phi", "to_chuc_thuc_hien"];
const BAO_CAO: [(&str, &str); 4] = [
    ("KẾT QUẢ THỰC HIỆN", "ket_qua"),
    ("TỒN TẠI, HẠN CHẾ", "ton_tai_han_che"),
    ("PHƯƠNG HƯỚNG, NHIỆM VỤ", "phuong_huong"),
    ("KIẾN NGHỊ, ĐỀ XUẤT", "kien_nghi"),
];

pub fn body(ctx: &mut Ctx, loai: &str, out: &mut Vec<(String, Yaml)>) {
    let d = &ctx.doc.doan;
    let header_table = ctx.tp.so.and_then(|i| d[i].vi_tri.bang).map(|b| b.0);
    let after_header = (0..d.len()).rev().find(|&i| header_table.is_some() && d[i].vi_tri.bang.map(|b| b.0) == header_table).map_or(0, |i| i + 1);
    let start = [Some(after_header), ctx.tp.ten_loai.map(|i| i + 1), ctx.tp.trich_yeu.last().map(|i| i + 1)].into_iter().flatten().max().unwrap_or(0);
    let end = ctx.tp.noi_nhan.unwrap_or(d.len());
    let mut items: Vec<Node> = Vec::new();
    let mut can_cu: Vec<Yaml> = Vec::new();
    let mut kinh_gui: Vec<String> = Vec::new();
    let mut in_kinh_gui = false;
    let mut quyen = None;
    let mut giay_moi: Vec<(String, Yaml)> = Vec::new();
    let labelled = ctx.mau.as_deref().map(labelled_lines).unwrap_or_default();
    let mut i = start;
    while i < end {
        let para = &d[i];
        if let Some((table, next)) = table_at(ctx, i, end) {
            items.push(table);
            i = next;
            continue;
        }
        let text = ctx.text(i);
        let at = i;
        i += 1;
        if text.is_empty() {
            continue;
        }
        if let Some(rest) = text.strip_prefix("Kính gửi:") {
            in_kinh_gui = true;
            let rest = rest.trim();
            if !rest.is_empty() {
                // `Kính gửi: - A;` starts a list; `Kính gửi: A` is one addressee.
                let item = if rest.starts_with('-') { rest.trim_start_matches(['-', ' ']).trim_end_matches([';', '.']) } else { rest };
                kinh_gui.push(item.to_string());
            }
            continue;
        }
        if in_kinh_gui && text.starts_with('-') {
            kinh_gui.push(text.trim_start_matches(['-', ' ']).trim_end_matches([';', '.']).to_string());
            continue;
        }
        in_kinh_gui = false;
        let before_body = items.is_empty();
        if before_body && (text.starts_with("Căn cứ") || (para.toan_nghieng() && !can_cu.is_empty()) || (para.toan_nghieng() && loai != "cong-van")) {
            can_cu.push(Yaml::chu(text.trim_end_matches([';', '.', ','])));
            continue;
        }
        if loai == "quyet-dinh" && before_body && quyen.is_none() && can_cu.is_empty() && para.toan_dam() {
            quyen = Some(text);
            continue;
        }
        if loai == "quyet-dinh" && text == "QUYẾT ĐỊNH:" {
            continue;
        }
        // A chapter (`Chương I`) or a section of a chapter (`Mục 1`): its title is the next line.
        let group = [("Chương ", "chuong", 1), ("Mục ", "muc", 2)].into_iter().find(|(w, _, _)| {
            text.strip_prefix(w).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric()))
        });
        if let Some((_, khoa, level)) = group.filter(|_| loai == "quyet-dinh") {
            let title = (i < end).then(|| ctx.text(i)).unwrap_or_default();
            i += 1;
            items.push(Node::Muc { level, so: vec![0], tieu_de: sentence_case(&title), con: Vec::new(), khoa: Some(khoa), ngang: ctx.doc.ngang(at) });
            continue;
        }
        if let Some((label, key)) = labelled.iter().find(|(l, _)| text.starts_with(l.as_str())) {
            // The end mark `./.` is vbhc's to write; the line keeps its own full stop.
            let value = text[label.len()..].trim();
            let value = value.strip_suffix("/.").unwrap_or(value).to_string();
            giay_moi.push((key.to_string(), Yaml::Chu(value)));
            continue;
        }
        let text_md = markdown(para);
        // The end mark `./.` is vbhc's to write: the sentence keeps its full stop.
        let text_md = text_md.strip_suffix("/.").map(str::to_string).unwrap_or(text_md);
        if let Some(article) = text.strip_prefix("Điều ").filter(|_| loai == "quyet-dinh") {
            items.push(dieu(article, para));
        } else if let Some(title) = part(&text).filter(|_| para.toan_dam()) {
            items.push(Node::Muc { level: 0, so: vec![0], tieu_de: sentence_case(title), con: Vec::new(), khoa: Some("phan"), ngang: ctx.doc.ngang(at) });
        } else {
            items.push(block(ctx, at, &text, text_md));
        }
    }
    if let Some(q) = quyen {
        out.push(("quyen_ban_hanh".into(), Yaml::Chu(q)));
    }
    if !can_cu.is_empty() {
        out.push(("can_cu".into(), Yaml::DanhSach(can_cu)));
    }
    match kinh_gui.len() {
        0 => {}
        1 => out.push(("kinh_gui".into(), Yaml::Chu(kinh_gui.remove(0)))),
        _ => out.push(("kinh_gui".into(), Yaml::DanhSach(kinh_gui.into_iter().map(Yaml::Chu).collect()))),
    }
    let nodes = tree(items, ctx);
    match loai {
        "ke-hoach" => sections(ctx, nodes, &KE_HOACH, &KE_HOACH_ORDER, out),
        "bao-cao" if nodes.iter().filter(|n| matches!(n, Node::Muc { .. })).all(|n| matches!(n, Node::Muc { tieu_de, .. } if BAO_CAO.iter().any(|(t, _)| t == tieu_de))) => {
            let order: Vec<&str> = BAO_CAO.iter().map(|(_, k)| *k).collect();
            sections(ctx, nodes, &BAO_CAO, &order, out)
        }
        "quyet-dinh" => out.push(("dieu".into(), Yaml::DanhSach(to_yaml(nodes)))),
        _ if nodes.is_empty() => {}
        _ => out.push(("noi_dung".into(), Yaml::DanhSach(to_yaml(nodes)))),
    }
    out.extend(giay_moi);
}

/// The appendices after the signature: each `Phụ lục` label, its title in capitals, its
/// reference line (vbhc writes it), then its blocks.
pub fn appendices(ctx: &mut Ctx, out: &mut Vec<(String, Yaml)>) {
    let d = &ctx.doc.doan;
    let Some(sig) = ctx.tp.noi_nhan.and_then(|i| d[i].vi_tri.bang).map(|b| b.0) else { return };
    let Some(after) = (0..d.len()).rev().find(|&i| d[i].vi_tri.bang.map(|b| b.0) == Some(sig)).map(|i| i + 1) else { return };
    let mut list: Vec<Yaml> = Vec::new();
    let mut ten_day_du = None;
    let mut i = after;
    while i < d.len() {
        let text = ctx.text(i);
        if !(text == "Phụ lục" || text.starts_with("Phụ lục ")) {
            if !text.is_empty() {
                ctx.canh_bao.push(format!("đoạn sau chữ ký chưa đặt vào đâu, đã bỏ: «{}»", text.chars().take(60).collect::<String>()));
            }
            i += 1;
            continue;
        }
        let title = (i + 1 < d.len()).then(|| ctx.text(i + 1)).unwrap_or_default();
        let ngang = ctx.doc.ngang(i);
        i += 2;
        // The reference line `(Kèm theo ...)` is written by vbhc from the document's number
        // and the body's name in a sentence (`co_quan.ten_day_du`), which only it says.
        if i < d.len() && ctx.text(i).starts_with("(Kèm theo") {
            if let Some(name) = body_in_sentence(&ctx.text(i)) {
                ten_day_du.get_or_insert(name);
            }
            i += 1;
        }
        let from = i;
        while i < d.len() && !(ctx.text(i) == "Phụ lục" || ctx.text(i).starts_with("Phụ lục ")) {
            i += 1;
        }
        let mut items = Vec::new();
        let mut j = from;
        while j < i {
            if let Some((table, next)) = table_at(ctx, j, i) {
                items.push(table);
                j = next;
                continue;
            }
            let t = ctx.text(j);
            if !t.is_empty() {
                items.push(block(ctx, j, &t, markdown(&d[j])));
            }
            j += 1;
        }
        let nodes = tree(items, ctx);
        let mut entries = vec![("tieu_de", Yaml::Chu(title))];
        if ngang {
            entries.push(("ngang", Yaml::Co(true)));
        }
        entries.push(("noi_dung", Yaml::DanhSach(to_yaml_in(nodes, ngang))));
        list.push(Yaml::bang(entries));
    }
    if !list.is_empty() {
        out.push(("phu_luc".into(), Yaml::DanhSach(list)));
    }
    let co_quan = out.iter_mut().find(|(k, _)| k == "co_quan");
    if let (Some(name), Some((_, Yaml::Bang(entries)))) = (ten_day_du, co_quan) {
        entries.push(("ten_day_du".into(), Yaml::Chu(name)));
    }
}

/// The issuing body as a sentence names it, from an appendix's reference line:
/// `(Kèm theo Kế hoạch số 07/KH-BCĐ ngày 05 tháng 01 năm 2023 của Sở Y tế)` → `Sở Y tế`.
fn body_in_sentence(line: &str) -> Option<String> {
    let inner = line.strip_prefix('(')?.strip_suffix(')')?;
    let after_year = &inner[inner.find(" năm ")? + " năm ".len()..];
    let (_, name) = after_year.split_once(" của ")?;
    (!name.trim().is_empty()).then(|| name.trim().to_string())
}

/// Sections to their keys by title; an unknown title takes the next free key after the last
/// one used, with its own heading.
fn sections(ctx: &mut Ctx, nodes: Vec<Node>, titles: &[(&str, &str)], order: &[&str], out: &mut Vec<(String, Yaml)>) {
    let mut keys: Vec<(String, Yaml)> = Vec::new();
    let mut opening = Vec::new();
    let mut last = 0;
    // The keys that sections further on name by their titles: not given to an unknown title.
    let reserved: Vec<&str> = nodes
        .iter()
        .filter_map(|n| match n {
            Node::Muc { tieu_de, .. } => titles.iter().find(|(t, _)| *t == tieu_de.to_uppercase()).map(|(_, k)| *k),
            _ => None,
        })
        .collect();
    for n in nodes {
        let Node::Muc { tieu_de, con, .. } = n else {
            match n {
                Node::Doan(t) if keys.is_empty() => opening.push(t),
                other => {
                    ctx.canh_bao.push("một khối nằm ngoài các mục được giữ ở mục trước".into());
                    if let Some((_, Yaml::DanhSach(v))) = keys.last_mut() {
                        v.extend(to_yaml(vec![other]));
                    }
                }
            }
            continue;
        };
        let upper = tieu_de.to_uppercase();
        match titles.iter().find(|(t, _)| *t == upper) {
            Some((_, "")) if !con.iter().any(|c| matches!(c, Node::Muc { tieu_de, .. } if tieu_de == "Mục đích")) => {
                // MỤC ĐÍCH, YÊU CẦU without its two sub-headings: one section, its own heading.
                keys.push(("muc_dich".into(), Yaml::bang(vec![("tieu_de", Yaml::Chu(tieu_de)), ("noi_dung", Yaml::DanhSach(to_yaml(con)))])));
                last = 2;
            }
            Some((_, "")) => {
                // MỤC ĐÍCH, YÊU CẦU: its two sub-headings are the two keys.
                for c in con {
                    match c {
                        Node::Muc { tieu_de, con, .. } if tieu_de.eq_ignore_ascii_case("Mục đích") || tieu_de == "Mục đích" => keys.push(("muc_dich".into(), Yaml::DanhSach(to_yaml(con)))),
                        Node::Muc { tieu_de, con, .. } if tieu_de == "Yêu cầu" => keys.push(("yeu_cau".into(), Yaml::DanhSach(to_yaml(con)))),
                        other => {
                            ctx.canh_bao.push("một khối của mục MỤC ĐÍCH, YÊU CẦU được đặt vào mục đích".into());
                            keys.push(("muc_dich".into(), Yaml::DanhSach(to_yaml(vec![other]))));
                        }
                    }
                }
                last = 2;
            }
            Some((_, key)) => {
                keys.push((key.to_string(), Yaml::DanhSach(to_yaml(con))));
                last = order.iter().position(|k| k == key).map_or(last, |p| p + 1);
            }
            None => {
                // The body's own section first (`noi_dung`), then the next free key in order.
                let used = |k: &str| keys.iter().any(|(u, _)| u == k) || reserved.contains(&k);
                let noi_dung = order.iter().position(|k| *k == "noi_dung").filter(|&p| p >= last && !used("noi_dung"));
                let free = match noi_dung {
                    Some(p) => Some((p, &order[p])),
                    None => order.iter().enumerate().skip(last).find(|(_, k)| !used(k)),
                };
                match free {
                    Some((p, key)) => {
                        keys.push((key.to_string(), Yaml::bang(vec![("tieu_de", Yaml::Chu(tieu_de)), ("noi_dung", Yaml::DanhSach(to_yaml(con)))])));
                        last = p + 1;
                    }
                    None => ctx.canh_bao.push(format!("mục `{tieu_de}` không còn khóa nào để đặt; xem lại ở cuối tệp")),
                }
            }
        }
    }
    match opening.len() {
        0 => {}
        1 => out.push(("mo_dau".into(), Yaml::Chu(opening.remove(0)))),
        _ => out.push(("mo_dau".into(), Yaml::Chu(opening.join("\n\n")))),
    }
    keys.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(order.len()));
    out.extend(keys);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_points_are_read_by_their_numbers() {
        assert_eq!(heading("II. NỘI DUNG"), Some((1, vec![2], "NỘI DUNG".into())));
        assert_eq!(heading("1.2. Giám sát"), Some((3, vec![1, 2], "Giám sát".into())));
        assert_eq!(heading("12.500 lượt khám"), None);
        assert_eq!(point("đ) Điểm năm"), Some("Điểm năm".into()));
        assert_eq!(point("Kết quả) khác"), None);
    }
}
