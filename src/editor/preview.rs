//! One edit's answer: the document checked as `vbhc check` checks it, each problem placed on its
//! line and its field, and the pages as the PDF prints them, as SVG images. The browser says
//! which pages it already shows (by a hash of each), and only the others are sent again.

use super::guard::Folder;
use super::yaml_view;
use crate::diag::{Diag, Severity};
use crate::pipeline::{self, PipelineError};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::path::Path;
use std::time::{Duration, Instant};

/// What the browser sends: the YAML text and the hashes of the pages it shows.
#[derive(Deserialize)]
pub struct YeuCau {
    pub yaml: String,
    #[serde(default)]
    pub da_co: Vec<String>,
}

/// One problem, where the text and the form show it.
#[derive(Serialize, Debug)]
pub struct ChanDoan {
    /// `loi` or `canh-bao`.
    pub muc: &'static str,
    pub dong: usize,
    pub cot: usize,
    pub thong_bao: String,
    pub goi_y: Option<String>,
    /// The field's key path (`noi_nhan.2`), when the form can show it.
    pub duong_dan: Option<String>,
}

/// One page: a hash of its content, and its SVG unless the browser has it already.
#[derive(Serialize, Debug)]
pub struct Trang {
    pub h: String,
    pub svg: Option<String>,
}

/// Where an edit's time went, in milliseconds.
#[derive(Serialize, Debug, Default, Clone, Copy)]
pub struct ThoiGian {
    /// Read, validate, template: the document tree.
    pub van_ban: f64,
    /// typst's layout of the pages.
    pub dan_trang: f64,
    /// The new pages drawn as SVG.
    pub anh: f64,
}

/// The answer to one edit.
#[derive(Serialize, Debug)]
pub struct Xem {
    /// The document for the form (keys in the file's order), unless it cannot show it.
    pub du_lieu: Option<Box<RawValue>>,
    /// Why the form cannot show it.
    pub bieu_mau_loi: Option<String>,
    pub chan_doan: Vec<ChanDoan>,
    /// The pages, or none when the document has errors (the browser keeps the last good ones).
    pub trang: Option<Vec<Trang>>,
    pub thoi_gian: ThoiGian,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn chan_doan(d: &Diag, cho: &[yaml_view::Cho]) -> ChanDoan {
    ChanDoan {
        muc: match d.severity {
            Severity::Error => "loi",
            Severity::Warning => "canh-bao",
        },
        dong: d.pos.line,
        cot: d.pos.col,
        thong_bao: d.message.clone(),
        goi_y: d.hint.clone(),
        duong_dan: (d.pos.line > 0)
            .then(|| yaml_view::path_at(cho, d.pos.line).map(str::to_string))
            .flatten(),
    }
}

/// A template named by the document (`mau:`) is read only from inside the folder. Read as the
/// reader reads it (with its position), or, for a batch's base that the reader cannot take
/// yet (`{{ }}` in it), from the YAML as written.
pub fn template_outside(src: &str, folder: &Folder) -> Option<Diag> {
    let (mau, pos) = match crate::reader::read_van_ban(src) {
        Ok(raw) => {
            let mau = raw.mau?;
            (mau.value.trim().to_string(), crate::reader::pos_of(&mau.referenced))
        }
        Err(_) => {
            let view = yaml_view::view(src).ok()?;
            let json: serde_json::Value = serde_json::from_str(&view.json).ok()?;
            (json.get("mau")?.as_str()?.trim().to_string(), Default::default())
        }
    };
    if folder.contains(Path::new(&mau)) {
        return None;
    }
    Some(
        Diag::error(pos, format!("mẫu `{mau}` không nằm trong thư mục đang soạn"))
            .with_hint("đặt tệp mẫu trong thư mục đang soạn (hoặc thư mục con của nó)"),
    )
}

/// Checks the document and lays out its pages.
pub fn xem(yc: &YeuCau, folder: &Folder) -> Xem {
    let started = Instant::now();
    let (du_lieu, bieu_mau_loi, cho) = match yaml_view::view(&yc.yaml) {
        Ok(v) => (RawValue::from_string(v.json).ok(), None, v.cho),
        Err(e) => (None, Some(e.to_string()), Vec::new()),
    };
    let mut thoi_gian = ThoiGian::default();
    let place = |diags: &[Diag]| diags.iter().map(|d| chan_doan(d, &cho)).collect::<Vec<_>>();
    let mut answer = Xem {
        du_lieu,
        bieu_mau_loi,
        chan_doan: Vec::new(),
        trang: None,
        thoi_gian,
    };
    if let Some(d) = template_outside(&yc.yaml, folder) {
        answer.chan_doan = place(&[d]);
        return answer;
    }
    let prepared = match pipeline::prepare_with(&yc.yaml, None, Some(folder.root())) {
        Ok(p) => p,
        Err(e) => {
            answer.chan_doan = failure(e, &place);
            return answer;
        }
    };
    thoi_gian.van_ban = ms(started.elapsed());
    answer.chan_doan = place(&prepared.warnings);
    match pipeline::to_svg_pages(&prepared, &yc.da_co) {
        Ok(pages) => {
            thoi_gian.dan_trang = ms(pages.lay_out);
            thoi_gian.anh = ms(pages.export);
            answer.trang = Some(pages.pages.into_iter().map(|(h, svg)| Trang { h, svg }).collect());
        }
        Err(e) => answer.chan_doan.extend(failure(e, &place)),
    }
    answer.thoi_gian = thoi_gian;
    answer
}

/// A failed render as problems: the input's own, or one without a line (a table too wide...).
fn failure(e: PipelineError, place: &dyn Fn(&[Diag]) -> Vec<ChanDoan>) -> Vec<ChanDoan> {
    match e {
        PipelineError::Input(diags) => place(&diags),
        other => place(&[Diag::error(Default::default(), other.to_string())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, Folder) {
        let dir = tempfile::tempdir().unwrap();
        let f = Folder::new(dir.path()).unwrap();
        (dir, f)
    }

    const KE_HOACH: &str = include_str!("../../data/ke-hoach-mau.yaml");

    #[test]
    fn an_edit_sends_only_the_pages_that_changed() {
        let (_d, f) = folder();
        let first = xem(&YeuCau { yaml: KE_HOACH.into(), da_co: vec![] }, &f);
        let pages = first.trang.expect("pages");
        assert!(pages.iter().all(|p| p.svg.as_deref().is_some_and(|s| s.starts_with("<svg"))));
        let known: Vec<String> = pages.iter().map(|p| p.h.clone()).collect();
        let again = xem(&YeuCau { yaml: KE_HOACH.into(), da_co: known.clone() }, &f);
        assert!(again.trang.unwrap().iter().all(|p| p.svg.is_none()), "nothing changed");
        let edited = KE_HOACH.replace("Lãnh đạo Sở Y tế", "Lãnh đạo Sở Y tế tỉnh");
        let after = xem(&YeuCau { yaml: edited, da_co: known }, &f).trang.unwrap();
        assert!(after.iter().any(|p| p.svg.is_some()), "the page with Nơi nhận changed");
        if after.len() > 1 {
            assert!(after[0].svg.is_none(), "the first page did not change");
        }
    }

    #[test]
    fn errors_are_placed_on_their_line_and_field() {
        let (_d, f) = folder();
        let broken = KE_HOACH.replace("luu: [VT, TCHC]", "luu: [VT, TCHC]\nso_ban: nhiều");
        let x = xem(&YeuCau { yaml: broken, da_co: vec![] }, &f);
        assert!(x.trang.is_none());
        let e = x.chan_doan.iter().find(|d| d.muc == "loi").expect("an error");
        assert_eq!(e.duong_dan.as_deref(), Some("so_ban"), "{e:?}");
        assert!(e.dong > 1);
        let data: serde_json::Value = serde_json::from_str(x.du_lieu.unwrap().get()).unwrap();
        assert_eq!(data["so_ban"], "nhiều");
    }

    #[test]
    fn a_template_outside_the_folder_is_refused() {
        let (_d, f) = folder();
        let x = xem(&YeuCau { yaml: format!("mau: ../ngoai.j2\n{KE_HOACH}"), da_co: vec![] }, &f);
        assert!(x.trang.is_none());
        assert!(x.chan_doan[0].thong_bao.contains("không nằm trong thư mục"), "{:?}", x.chan_doan);
        assert_eq!(x.chan_doan[0].duong_dan.as_deref(), Some("mau"));
    }
}
