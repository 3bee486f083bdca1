//! The whole pipeline for one input: YAML text → validated model → template → document tree,
//! then the writers. The CLI, the benchmark and the tests all go through here.

use crate::diag::Diag;
use crate::model::{self, VanBan};
use crate::nd30::Layout;
use crate::template::{self, TemplateError};
use crate::tree::Document;
use crate::writer::{docx, pdf};

/// A document ready to be written.
pub struct Prepared {
    pub van_ban: VanBan,
    pub tree: Document,
    pub warnings: Vec<Diag>,
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
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// A writer thread stopped unexpectedly (a bug, reported instead of a panic trace).
    #[error("lỗi nội bộ khi tạo văn bản; xin báo lại cho nhóm phát triển kèm tệp đầu vào")]
    Internal,
}

/// Reads, validates and lays out the structure of one document.
pub fn prepare(src: &str) -> Result<Prepared, PipelineError> {
    let raw = crate::reader::read_van_ban(src).map_err(PipelineError::Input)?;
    let (van_ban, warnings) = model::validate(raw).map_err(PipelineError::Input)?;
    let tree = template::render(&van_ban)?;
    Ok(Prepared { van_ban, tree, warnings })
}

pub fn to_docx(p: &Prepared, layout: &Layout) -> Result<Vec<u8>, PipelineError> {
    Ok(docx::write_docx(&p.tree, layout)?)
}

/// The PDF bytes and the page count.
pub fn to_pdf(p: &Prepared, layout: &Layout) -> Result<(Vec<u8>, usize), PipelineError> {
    Ok(pdf::write_pdf(&p.tree, layout)?)
}
