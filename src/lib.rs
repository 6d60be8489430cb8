//! boardpack: a static-site report generator for governance boards.
//!
//! The pipeline runs one way: config → records → validated model → derived facts and
//! indicators → pages → files (docs/ARCHITECTURE.md). The public API is small: a
//! [`Project`] to check, to work out the figures of and to build; [`watch`] and [`serve`],
//! which build again on every change; the options they take; and [`Error`], which the
//! binary prints. Everything else is the crate's own.

mod aside;
mod build;
mod check;
mod config;
mod date;
mod decimal;
pub mod diagnostic;
mod digest;
mod error;
mod export;
mod facts;
mod glyphs;
mod indicators;
mod live;
mod load;
mod markdown;
mod model;
mod output;
mod pdf;
mod project;
mod rebuild;
mod records;
mod scaffold;
mod serve;
mod site;
mod spc;
mod style;
mod suggest;
pub mod terminal;
mod theme;
mod timings;
mod tokens;
mod urls;
mod watch;
mod words;
mod yaml;

pub use build::{Cache, Site};
pub use check::Checked;
pub use error::Error;
pub use live::{Address, Options as PreviewOptions, serve, watch};
pub use load::Touched;
pub use model::BuildOptions;
pub use output::{Bytes, File};
pub use project::{Figures, Project};
pub use rebuild::Folder as SiteFolder;
pub use scaffold::{init, new_record, write_schemas};
pub use timings::Timings;
