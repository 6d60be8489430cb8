//! boardpack: a static-site report generator for governance boards.
//!
//! The pipeline runs one way: config → records → validated model → indicators → pages →
//! files ([`build`]). [`watch`], [`rebuild`] and [`serve`] run it again on every change; each
//! stage reports problems as [`diagnostic::Diagnostic`]s.

pub mod build;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod digest;
pub mod export;
pub mod facts;
pub mod indicators;
pub mod live;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod project;
pub mod rebuild;
pub mod records;
pub mod serve;
pub mod site;
pub mod spc;
pub mod suggest;
pub mod terminal;
pub mod theme;
pub mod timings;
pub mod urls;
pub mod watch;
pub mod words;
pub mod yaml;
