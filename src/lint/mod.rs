//! `vbhc lint FILE...`: a document made by anyone checked against the decree's format, the
//! rules vbhc writes by (`../shared/spec/nd30-format.md`, §9 for what a checker accepts).
//!
//! A reader turns the file into one model (`model.rs`); the components are found by their text
//! and place (`thanh_phan.rs`); each rule reads the model and the components (`rules/`).
//! DOCX (`docx/`) and PDF (`pdf/`, from what the pages show) are read.

pub mod docx;
pub mod model;
#[cfg(feature = "pdf")]
pub mod pdf;
pub(crate) mod rules;
pub mod thanh_phan;

use serde::Serialize;
use std::path::Path;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MucDo {
    /// Against the decree.
    #[serde(rename = "loi")]
    Loi,
    /// Against common practice, or a reading the decree leaves open.
    #[serde(rename = "canh-bao")]
    CanhBao,
}

/// One finding: the rule, where, the text it concerns, what the decree asks.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: MucDo,
    pub page: usize,
    /// The paragraph's number, in reading order (DOCX).
    pub paragraph: Option<usize>,
    pub text: String,
    pub message: String,
    /// The spec's section (`§3.3`).
    pub spec: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
    #[cfg(feature = "pdf")]
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    #[error("chỉ kiểm tra được tệp .docx và .pdf")]
    KieuTep,
}

/// Every finding for one file, in the order of the document.
pub fn lint(path: &Path) -> Result<Vec<Finding>, LintError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    let doc = match ext.as_deref() {
        Some("docx") => docx::read(path)?,
        #[cfg(feature = "pdf")]
        Some("pdf") => pdf::read(path)?,
        _ => return Err(LintError::KieuTep),
    };
    let mut findings = rules::check(&doc);
    findings.sort_by_key(|f| (f.paragraph.unwrap_or(0), f.rule));
    Ok(findings)
}
