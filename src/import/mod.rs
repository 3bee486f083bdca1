//! `vbhc import FILE.docx`: a Word document made by hand becomes vbhc's YAML. It is read as
//! `vbhc lint` reads it (`lint::docx`, the components found by `lint::thanh_phan`), then each
//! component goes to its key: the header, type and summary, căn cứ, the body's numbered
//! headings as nested blocks (their numbers dropped: vbhc numbers them), paragraphs with
//! **bold** and *italic*, points, tables, recipients, the signer. What has no key stays a
//! paragraph, and is reported.

mod bang;
mod dau;
mod rong;
mod than;
pub mod yaml_out;

use crate::lint::model::{BanDoc, Doan};
use crate::lint::thanh_phan::{self, ThanhPhan};
use unicode_normalization::UnicodeNormalization;
use yaml_out::Yaml;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Docx(#[from] crate::lint::docx::DocxError),
    #[error("chỉ nhập được tệp .docx")]
    KieuTep,
}

/// The YAML, and what the import could not place or had to change.
pub struct Imported {
    pub yaml: String,
    pub canh_bao: Vec<String>,
}

/// A paragraph's text with its bold and italic as the input writes them (`**`, `*`), a
/// literal asterisk escaped. Callers take a heading's or a căn cứ's plain text instead: there
/// the bold or italic is the component's style, not a marking.
pub fn markdown(d: &Doan) -> String {
    // Runs printed alike are one piece of text; a run of spaces goes with the run before it.
    let mut pieces: Vec<(String, bool, bool)> = Vec::new();
    for c in &d.chay {
        let text: String = c.text.nfc().collect::<String>().replace('*', "\\*").replace('\t', " ");
        let style = match pieces.last() {
            Some((_, b, i)) if text.trim().is_empty() => (*b, *i),
            _ => (c.dam, c.nghieng),
        };
        match pieces.last_mut() {
            Some((t, b, i)) if (*b, *i) == style => t.push_str(&text),
            _ => pieces.push((text, style.0, style.1)),
        }
    }
    let mut out = String::new();
    for (text, bold, italic) in pieces {
        // Spaces stay outside the marks: `**a** b`, not `**a **b`.
        let (lead, rest) = text.split_at(text.len() - text.trim_start().len());
        let core = rest.trim_end();
        let trail = &rest[core.len()..];
        let mark = match (bold, italic) {
            _ if core.is_empty() => "",
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            _ => "",
        };
        out.push_str(&format!("{lead}{mark}{core}{mark}{trail}"));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub struct Ctx<'a> {
    pub doc: &'a BanDoc,
    pub tp: ThanhPhan,
    pub canh_bao: Vec<String>,
    /// The folder the YAML is for: where a type's own template (`mau:`) is looked for.
    pub thu_muc: &'a std::path::Path,
    /// The template of the document's type, shipped or the folder's own.
    pub mau: Option<String>,
}

impl Ctx<'_> {
    pub fn text(&self, i: usize) -> String {
        thanh_phan::gon(&self.doc.doan[i].text())
    }
}

/// Imports `path`; `thu_muc` is the folder the YAML will be in (its `mau:` is relative to it).
pub fn import(path: &std::path::Path, thu_muc: &std::path::Path) -> Result<Imported, ImportError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ext.as_deref() != Some("docx") {
        return Err(ImportError::KieuTep);
    }
    let doc = crate::lint::docx::read(path)?;
    let mut ctx = Ctx {
        tp: thanh_phan::tim(&doc),
        doc: &doc,
        canh_bao: Vec::new(),
        thu_muc,
        mau: None,
    };
    let mut out: Vec<(String, Yaml)> = Vec::new();
    let loai = dau::header(&mut ctx, &mut out);
    than::body(&mut ctx, &loai, &mut out);
    dau::end(&mut ctx, &mut out);
    than::appendices(&mut ctx, &mut out);
    dau::layout(&ctx, &mut out);
    rong::keep_needed(&mut out, thu_muc);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let header = format!("# Nhập từ {name} bằng `vbhc import`: đọc lại và sửa trước khi dùng.\n");
    Ok(Imported {
        yaml: yaml_out::to_yaml(&out, &header),
        canh_bao: ctx.canh_bao,
    })
}
