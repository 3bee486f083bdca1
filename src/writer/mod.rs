//! The writers: the document tree and the shared layout in, file bytes out.

pub mod columns;
pub mod docx;
pub mod fit;
pub mod fitted;
pub mod geometry;
pub mod sections;
#[cfg(feature = "pdf")]
pub mod pdf;
