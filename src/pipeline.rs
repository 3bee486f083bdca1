//! The whole pipeline for one input: YAML text → validated model → template → document tree,
//! then the writers. The CLI, the benchmark and the tests all go through here.

use crate::diag::Diag;
use crate::input;
use crate::model::{self, VanBan};
use crate::template::{self, TemplateError};
pub use crate::template::UserTemplate;
use crate::tree::Document;
use crate::writer::columns::FitError;
use crate::writer::docx;
use crate::writer::fitted::{self, Fitted};
use std::sync::OnceLock;
#[cfg(feature = "pdf")]
use crate::writer::pdf;

/// A document ready to be written.
pub struct Prepared {
    pub van_ban: VanBan,
    pub tree: Document,
    pub warnings: Vec<Diag>,
    /// The tree fitted to its pages, made once for both writers (`writer/fitted.rs`).
    fitted: OnceLock<Result<Fitted, FitError>>,
}

impl Prepared {
    fn fitted(&self) -> Result<&Fitted, FitError> {
        self.fitted
            .get_or_init(|| fitted::fit(&self.tree))
            .as_ref()
            .map_err(Clone::clone)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The input is invalid: every problem found, with positions.
    #[error("đầu vào không hợp lệ ({} lỗi)", .0.len())]
    Input(Vec<Diag>),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
    #[cfg(feature = "pdf")]
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// A writer thread stopped unexpectedly (a bug, reported instead of a panic trace).
    #[error("lỗi nội bộ khi tạo văn bản; xin báo lại cho nhóm phát triển kèm tệp đầu vào")]
    Internal,
}

/// Reads, validates and lays out the structure of one document with the shipped templates.
pub fn prepare(src: &str) -> Result<Prepared, PipelineError> {
    prepare_with(src, None, None)
}

/// As [`prepare`], with the template given on the command line (`--template`), or else the
/// one the input names in `mau:`, read relative to `base_dir` (the input's folder).
pub fn prepare_with(
    src: &str,
    template: Option<&UserTemplate>,
    base_dir: Option<&std::path::Path>,
) -> Result<Prepared, PipelineError> {
    let raw = crate::reader::read_van_ban(src).map_err(PipelineError::Input)?;
    let from_key = match (&raw.mau, template) {
        (Some(mau), None) => Some(input::read_mau(mau, base_dir).map_err(PipelineError::Input)?),
        _ => None,
    };
    let user = template.or(from_key.as_ref());
    let image_keys = input::image_keys(&raw);
    let (van_ban, mut warnings) = model::validate(raw, user.is_some()).map_err(PipelineError::Input)?;
    warnings.extend(image_keys);
    let tree = template::render(&van_ban, user)?;
    Ok(Prepared {
        van_ban,
        tree,
        warnings,
        fitted: OnceLock::new(),
    })
}

/// Each table's column widths in points, in document order, as both writers lay them out.
pub fn table_widths(p: &Prepared) -> Result<Vec<Vec<f64>>, FitError> {
    Ok(p.fitted()?.geo.tables.iter().map(|t| t.widths.clone()).collect())
}

/// The DOCX, laid out as the document asks (`van_ban.layout`).
pub fn to_docx(p: &Prepared) -> Result<Vec<u8>, PipelineError> {
    let fitted = p.fitted().map_err(docx::DocxError::from)?;
    Ok(docx::write_fitted(fitted)?)
}

#[cfg(feature = "pdf")]
pub use crate::writer::pdf::{Output as PdfOutput, Standard as PdfStandard};

/// The PDF (PDF/A-2b) bytes and the page count.
#[cfg(feature = "pdf")]
pub fn to_pdf(p: &Prepared) -> Result<(Vec<u8>, usize), PipelineError> {
    to_pdf_as(p, PdfOutput::default())
}

/// As [`to_pdf`], in the standard asked for (`--chuan-pdf`).
#[cfg(feature = "pdf")]
pub fn to_pdf_as(p: &Prepared, output: PdfOutput) -> Result<(Vec<u8>, usize), PipelineError> {
    let fitted = p.fitted().map_err(pdf::PdfError::from)?;
    Ok(pdf::write_fitted(fitted, output)?)
}

/// Each page as an SVG image, laid out as [`to_pdf`] lays it out (the editor's preview); the
/// pages whose hash is in `known` are not drawn again.
#[cfg(feature = "pdf")]
pub fn to_svg_pages(p: &Prepared, known: &[String]) -> Result<pdf::SvgPages, PipelineError> {
    let fitted = p.fitted().map_err(pdf::PdfError::from)?;
    Ok(pdf::svg_pages(fitted, known)?)
}
