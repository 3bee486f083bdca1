//! The rules, by the decree's sections. Each pushes findings into one list; the rule ids are
//! the contract of `vbhc lint --json` (issue 33): `kho-giay`, `le`, `phong-chu`, `co-chu`,
//! `kieu-chu`, `quoc-hieu`, `ngay`, `so-muc`, `can-cu`, `noi-nhan`, `chu-ky`, `so-trang`,
//! `trich-yeu`, and `so-ky-hieu`, `co-quan` (the issuing body's rule), `thut-dau-dong` (the
//! body's first-line indent), `gian-dong` (line spacing), `ket-thuc` (the closing `./.`).

mod cuoi;
mod dau;
mod ke;
mod than;
pub(crate) mod so_muc;
mod trang;

use super::model::{BanDoc, Doan};
use super::thanh_phan::{self, ThanhPhan};
use super::{Finding, MucDo};

/// Findings of one rule about one component: at most this many paragraphs are named, then
/// one finding counts the rest.
const MAX_PER_KIND: usize = 5;

pub struct Ctx<'a> {
    pub doc: &'a BanDoc,
    pub tp: ThanhPhan,
    pub out: Vec<Finding>,
}

impl Ctx<'_> {
    pub fn doan(&self, i: usize) -> &Doan {
        &self.doc.doan[i]
    }

    pub fn text(&self, i: usize) -> String {
        thanh_phan::gon(&self.doc.doan[i].text())
    }

    /// A finding about paragraph `i`.
    pub fn at(&mut self, i: usize, rule: &'static str, severity: MucDo, spec: &'static str, message: impl Into<String>) {
        let d = &self.doc.doan[i];
        let text: String = thanh_phan::gon(&d.text()).chars().take(120).collect();
        self.out.push(Finding {
            rule,
            severity,
            page: d.trang,
            paragraph: Some(d.so),
            text,
            message: message.into(),
            spec,
        });
    }

    /// A finding about the document as a whole (a component missing, the page).
    pub fn whole(&mut self, rule: &'static str, severity: MucDo, spec: &'static str, message: impl Into<String>) {
        self.out.push(Finding {
            rule,
            severity,
            page: 1,
            paragraph: None,
            text: String::new(),
            message: message.into(),
            spec,
        });
    }

    /// The size rule for a component: every size of its text within `lo..=hi`.
    pub fn sizes(&mut self, items: &[usize], what: &str, lo: f32, hi: f32, spec: &'static str) {
        let mut named = 0;
        for &i in items {
            let wrong: Vec<f32> = self.doan(i).cac_co().into_iter().filter(|c| *c < lo || *c > hi).collect();
            if wrong.is_empty() {
                continue;
            }
            named += 1;
            if named > MAX_PER_KIND {
                continue;
            }
            let range = if lo == hi { format!("{lo} pt") } else { format!("{lo}–{hi} pt") };
            let sizes: Vec<String> = wrong.iter().map(|c| format!("{c} pt")).collect();
            self.at(i, "co-chu", MucDo::Loi, spec, format!("{what} cỡ chữ {}, Nghị định 30 quy định {range}", sizes.join(", ")));
        }
        if named > MAX_PER_KIND {
            let first = items[0];
            self.at(first, "co-chu", MucDo::Loi, spec, format!("và {} đoạn {what} khác sai cỡ chữ", named - MAX_PER_KIND));
        }
    }

    /// The style rule: bold (`dam`) and italic (`nghieng`) as the component asks (None: either).
    pub fn style(&mut self, i: usize, what: &str, dam: Option<bool>, nghieng: Option<bool>, spec: &'static str) {
        let d = self.doan(i);
        if d.chay_co_chu().next().is_none() {
            return;
        }
        let mut wrong = Vec::new();
        match dam {
            Some(true) if !d.toan_dam() => wrong.push("phải in đậm"),
            Some(false) if d.chay_co_chu().any(|c| c.dam) => wrong.push("không in đậm"),
            _ => {}
        }
        match nghieng {
            Some(true) if !d.toan_nghieng() => wrong.push("phải in nghiêng"),
            Some(false) if d.chay_co_chu().any(|c| c.nghieng) => wrong.push("không in nghiêng"),
            _ => {}
        }
        if !wrong.is_empty() {
            self.at(i, "kieu-chu", MucDo::Loi, spec, format!("{what} {}", wrong.join(", ")));
        }
    }
}

pub fn check(doc: &BanDoc) -> Vec<Finding> {
    let mut ctx = Ctx {
        doc,
        tp: thanh_phan::tim(doc),
        out: Vec::new(),
    };
    trang::check(&mut ctx);
    dau::check(&mut ctx);
    ke::check(&mut ctx);
    than::check(&mut ctx);
    so_muc::check(&mut ctx);
    cuoi::check(&mut ctx);
    ctx.out
}
