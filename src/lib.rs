//! hardline: guided security hardening of telephony and unified-communications servers.
//!
//! The core (`catalog`, `session`, `plan`, `export`) is pure; `store` does all I/O; `tui` and
//! `cli` are thin shells over it.

pub mod catalog;
pub mod cli;
pub mod export;
pub mod plan;
pub mod session;
pub mod store;
pub mod theme;
pub mod tui;
