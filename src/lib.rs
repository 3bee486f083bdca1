//! vbhc: Vietnamese administrative documents (văn bản hành chính) from YAML to DOCX and PDF,
//! formatted per Nghị định 30/2020/NĐ-CP.
//!
//! The pipeline, one module per stage:
//! `reader` (YAML → raw input with positions) → `model` (validated document) →
//! `template` (minijinja, one per document type) → `tree` (blocks and runs) →
//! `writer` (DOCX with docx-rs, PDF with typst), all reading one `nd30::Layout`.

#[cfg(feature = "pdf")]
pub mod batch;
pub mod bounded_read;
#[cfg(feature = "pdf")]
pub mod cli;
pub mod diag;
#[cfg(feature = "pdf")]
pub mod editor;
pub mod fonts;
pub mod import;
pub mod input;
pub mod lint;
pub mod model;
pub mod nd30;
pub mod output;
#[cfg(feature = "pdf")]
pub mod pdf_edit;
pub mod pipeline;
pub mod reader;
#[cfg(feature = "pdf")]
pub mod sign;
pub mod template;
pub mod tree;
#[cfg(feature = "pdf")]
pub mod verify;
pub mod writer;
