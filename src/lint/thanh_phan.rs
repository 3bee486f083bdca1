//! Finding the components (thể thức) of a document made by anyone, as a clerk's eye finds them:
//! by their text and their place (the header at the top, the type name centred after it, the
//! recipients and the signer side by side at the end).

use super::model::{BanDoc, CanLe, typed_rule};
use unicode_normalization::UnicodeNormalization;

/// Text compared as printed: NFC, spaces collapsed.
pub fn gon(s: &str) -> String {
    s.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether every letter is a capital (and there is one).
pub fn in_hoa(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// The components found, as paragraph indexes into `BanDoc::doan`.
#[derive(Debug, Default)]
pub struct ThanhPhan {
    pub quoc_hieu: Option<usize>,
    pub tieu_ngu: Option<usize>,
    /// The header's left column above `Số:`: parent body, issuing body.
    pub co_quan: Vec<usize>,
    pub so: Option<usize>,
    pub ngay: Option<usize>,
    pub vv: Option<usize>,
    pub ten_loai: Option<usize>,
    pub trich_yeu: Vec<usize>,
    pub can_cu: Vec<usize>,
    /// The body: from after the summary (or the header) to the recipients.
    pub than: Vec<usize>,
    pub noi_nhan: Option<usize>,
    pub noi_nhan_muc: Vec<usize>,
    /// The signer's lines: authority and title, then the name last.
    pub nguoi_ky: Vec<usize>,
}

/// How far into a document its header may reach (a long parent body, stamps).
const HEADER_REACH: usize = 20;

pub fn tim(doc: &BanDoc) -> ThanhPhan {
    let d = &doc.doan;
    let text = |i: usize| gon(&d[i].text());
    let head = 0..d.len().min(HEADER_REACH);
    let mut t = ThanhPhan {
        // Found by its start too: printed too large, it wraps and `NAM` goes to a line of its own.
        quoc_hieu: head.clone().find(|&i| {
            let s = text(i).to_uppercase();
            s.contains("XÃ HỘI CHỦ NGHĨA") || s.starts_with("CỘNG HÒA XÃ HỘI") || s.starts_with("CỘNG HOÀ XÃ HỘI")
        }),
        ..Default::default()
    };
    t.tieu_ngu = head.clone().find(|&i| {
        let s = text(i).to_lowercase();
        s.contains("độc lập") && s.contains("hạnh phúc")
    });
    t.so = head.clone().find(|&i| {
        let s = text(i);
        s.starts_with("Số") && s.contains('/') && s.len() < 80
    });
    t.ngay = head.clone().find(|&i| {
        let s = text(i).to_lowercase();
        s.contains("ngày") && s.contains("tháng") && s.contains("năm") && s.len() < 90
    });
    t.vv = head.clone().find(|&i| text(i).starts_with("V/v"));
    // The issuing bodies: the header cell that holds `Số:` (the left column), above it.
    if let Some(so) = t.so {
        let cell = d[so].vi_tri.bang.map(|(b, _, c)| (b, c));
        t.co_quan = (0..so)
            .filter(|&i| !text(i).is_empty() && !typed_rule(&text(i)))
            .filter(|&i| Some(i) != t.quoc_hieu && Some(i) != t.tieu_ngu)
            .filter(|&i| cell.is_none() || d[i].vi_tri.bang.map(|(b, _, c)| (b, c)) == cell)
            .collect();
    }
    let header_end = [t.so, t.ngay, t.vv, t.tieu_ngu].into_iter().flatten().max().map_or(0, |i| i + 1);
    let names: Vec<String> = crate::model::loai::TAT_CA.iter().map(|l| l.ten.to_string()).collect();
    // The type name alone on its line; typed in lower case it is still the type name when it
    // is set apart (centred or bold), and the rule says it is not in capitals.
    t.ten_loai = (header_end..d.len().min(header_end + 6)).find(|&i| {
        !d[i].trong_bang() && names.contains(&text(i).to_uppercase()) && (in_hoa(&text(i)) || d[i].can_le == CanLe::Giua || d[i].toan_dam())
    });
    let mut next = header_end;
    if let Some(tl) = t.ten_loai {
        // The summary: the centred lines after the type name, up to its rule or a blank.
        let mut i = tl + 1;
        // A line as wide as the text cannot show it is centred: the first line after the type
        // name is taken when bold, unless it is a numbered heading.
        let heading = |i: usize| {
            use super::rules::so_muc::{So, tach};
            tach(&text(i)).is_some_and(|(so, _)| !matches!(so, So::Chu(_)))
        };
        let summary_line = |i: usize| d[i].can_le == CanLe::Giua || (i == tl + 1 && d[i].toan_dam() && !heading(i));
        while i < d.len() && !text(i).is_empty() && summary_line(i) && t.trich_yeu.len() < 4 && !text(i).starts_with("Kính gửi") {
            t.trich_yeu.push(i);
            i += 1;
            // The rule under the summary ends it (§3.1): a centred line after it is the
            // body's (a quyết định's authority line).
            if doc.ke_duoi(i - 1).is_some() {
                break;
            }
        }
        next = i;
    }
    t.noi_nhan = (next..d.len()).find(|&i| text(i).starts_with("Nơi nhận"));
    let body_end = t.noi_nhan.unwrap_or(d.len());
    // Căn cứ: the paragraphs after the summary that give a legal basis, before the body starts.
    for i in next..body_end {
        let s = text(i);
        if s.is_empty() || d[i].trong_bang() {
            continue;
        }
        if s.starts_with("Căn cứ") || (s.starts_with("Theo đề nghị") && !t.can_cu.is_empty()) {
            t.can_cu.push(i);
        } else {
            break;
        }
    }
    t.than = (next..body_end)
        .filter(|i| !t.can_cu.contains(i) && !d[*i].trong_bang() && !text(*i).is_empty())
        .collect();
    if let Some(nn) = t.noi_nhan {
        let cell = d[nn].vi_tri.bang;
        // The list may go on below the signer's block, in the next rows of the same column.
        let same_column = |i: usize| match (cell, d[i].vi_tri.bang) {
            (Some((b, _, c)), Some((b2, _, c2))) => b == b2 && c == c2,
            (None, None) => true,
            _ => false,
        };
        let same_table = |i: usize| match (cell, d[i].vi_tri.bang) {
            (Some((b, _, _)), Some((b2, _, _))) => b == b2,
            (None, None) => true,
            _ => false,
        };
        t.noi_nhan_muc = (nn + 1..d.len())
            .take_while(|&i| same_table(i) && (cell.is_some() || text(i).is_empty() || text(i).starts_with('-') || text(i).starts_with('+')))
            .filter(|&i| same_column(i) && !text(i).is_empty())
            .collect();
        // The signer: the other cell of the recipients' row.
        if let Some((b, r, c)) = cell {
            t.nguoi_ky = (0..d.len())
                .filter(|&i| matches!(d[i].vi_tri.bang, Some((b2, r2, c2)) if b2 == b && r2 == r && c2 != c))
                .filter(|&i| !text(i).is_empty())
                .collect();
        }
    }
    t
}
