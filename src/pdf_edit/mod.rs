//! Changing a finished PDF by appending to it, never rewriting what is there: read its last
//! cross-reference section and the few objects a change needs ([`revision`]), write the new
//! and replaced objects as an incremental update ([`update`]). The signature fields of a new
//! PDF and a signature are both added this way.

pub mod revision;
pub mod serialize;
pub mod update;
