//! The whole pipeline for one input: YAML text → validated model → template → document tree,
//! then the writers. The CLI, the benchmark and the tests all go through here.

use crate::diag::Diag;
use crate::model::anh::{self, Anh};
use crate::model::{self, VanBan};
use crate::template::{self, TemplateError};
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
            .get_or_init(|| fitted::fit(&self.tree, &self.van_ban.layout))
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

/// A template of the user's, read from a file at run time: no rebuild needed.
#[derive(Debug, Clone)]
pub struct UserTemplate {
    /// The path as the user gave it, for messages.
    pub name: String,
    pub source: String,
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
        (Some(mau), None) => Some(read_mau(mau, base_dir)?),
        _ => None,
    };
    let user = template.or(from_key.as_ref());
    let images = read_images(&raw, base_dir)?;
    let (van_ban, warnings) = model::validate(raw, user.is_some()).map_err(PipelineError::Input)?;
    let mut tree = template::render(&van_ban, user)?;
    for block in &mut tree.blocks {
        if let crate::tree::Block::Signature(s) = block {
            s.chu_ky = images.0.clone();
            s.con_dau = images.1.clone();
        }
    }
    Ok(Prepared {
        van_ban,
        tree,
        warnings,
        fitted: OnceLock::new(),
    })
}

/// The signature and seal images the input names (`nguoi_ky.chu_ky`, `con_dau`), read
/// relative to `base_dir`; every unreadable one reported at its key.
fn read_images(
    raw: &crate::reader::RawVanBan,
    base_dir: Option<&std::path::Path>,
) -> Result<(Option<Anh>, Option<Anh>), PipelineError> {
    let mut errors = Vec::new();
    let mut read = |key: Option<&serde_saphyr::Spanned<String>>| {
        let key = key?;
        let path = base_dir
            .unwrap_or(std::path::Path::new("."))
            .join(key.value.trim());
        anh::read_png(&path)
            .map_err(|message| {
                errors.push(
                    Diag::error(crate::reader::pos_of(&key.referenced), message)
                        .with_hint("ảnh PNG nền trong suốt; đường dẫn tính từ thư mục chứa tệp YAML"),
                )
            })
            .ok()
    };
    let chu_ky = read(raw.nguoi_ky.value.chu_ky.as_ref());
    let con_dau = read(raw.con_dau.as_ref());
    if errors.is_empty() {
        Ok((chu_ky, con_dau))
    } else {
        Err(PipelineError::Input(errors))
    }
}

fn read_mau(
    mau: &serde_saphyr::Spanned<String>,
    base_dir: Option<&std::path::Path>,
) -> Result<UserTemplate, PipelineError> {
    let path = base_dir
        .unwrap_or(std::path::Path::new("."))
        .join(mau.value.trim());
    let fail = |message: String| {
        PipelineError::Input(vec![
            Diag::error(crate::reader::pos_of(&mau.referenced), message)
                .with_hint("đường dẫn `mau:` tính từ thư mục chứa tệp YAML"),
        ])
    };
    match crate::bounded_read::read_text(&path, crate::template::MAX_TEMPLATE_BYTES) {
        Ok(Ok(source)) => Ok(UserTemplate {
            name: path.display().to_string(),
            source,
        }),
        Ok(Err(())) => Err(fail(format!("mẫu `{}` không phải văn bản UTF-8", path.display()))),
        Err(e) => Err(fail(format!("không đọc được mẫu `{}`: {e}", path.display()))),
    }
}

/// The DOCX, laid out as the document asks (`van_ban.layout`).
pub fn to_docx(p: &Prepared) -> Result<Vec<u8>, PipelineError> {
    let fitted = p.fitted().map_err(docx::DocxError::from)?;
    Ok(docx::write_fitted(fitted, &p.van_ban.layout)?)
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
    Ok(pdf::write_fitted(fitted, &p.van_ban.layout, output)?)
}
