//! Changing a finished PDF by appending to it, never rewriting what is there: the new and
//! replaced objects as an incremental update ([`update`]).

pub mod serialize;
pub mod update;
