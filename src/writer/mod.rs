//! The writers: the document tree and the shared layout in, file bytes out.

pub mod docx;
pub mod geometry;
#[cfg(feature = "pdf")]
pub mod pdf;
