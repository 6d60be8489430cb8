//! The board pack: one PDF typeset in-process by Typst from the theme's `pdf/*.typ` layout
//! and the pack's view data, so it needs nothing installed on the machine.
//!
//! Records never become Typst code: the layout reads the data as JSON (`json("/data.json")`)
//! and shows its strings as text, and charts as SVG files (`image("/charts/…")`). The PDF is
//! tagged and conforms to PDF/UA-1; its date is the report date and its identifier fixed, so
//! the same records give the same bytes.

pub mod fit;
mod text;
mod world;

pub use text::{Block, blocks_named};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use typst::foundations::Smart;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// Where the layout starts: `pdf/board-pack.typ` in the theme.
pub const MAIN: &str = "board-pack.typ";

/// What the layout is given besides its own files: the data as JSON and other files
/// (charts), by their path from the root (`/data.json`, `/charts/x.svg`).
pub struct Input<'a> {
    /// The theme's `pdf/` files: name, text and where it came from (for errors).
    pub layout: &'a [(String, String, String)],
    pub files: Vec<(String, Vec<u8>)>,
    /// The report date: the document's date.
    pub as_of: Date,
    /// Whether the pack is one of a series (`watch` and `serve` make one after another):
    /// Typst then keeps only what this one used, which the next after a save mostly
    /// reuses. A one-shot build leaves Typst's memo to the end of the process: freeing it
    /// would only delay the build (the pack is its longest task), by up to a tenth of the
    /// build's time at 10,000 initiatives in one noisy measurement.
    pub series: bool,
}

/// Typesets the pack. A problem in the layout is reported at its file and line.
pub fn typeset(input: Input<'_>) -> Result<Vec<u8>, Diagnostic> {
    let made = typeset_now(&input);
    // Typst keeps every result it memoised, process-wide, until told to let go: without
    // this each pack `watch` made added its layout to the last (12 MB a save for the
    // example's 19 pages, 130 MB for 246).
    if input.series {
        typst::comemo::evict(1);
    }
    made
}

fn typeset_now(input: &Input<'_>) -> Result<Vec<u8>, Diagnostic> {
    let world = world::PackWorld::new(input)?;
    let document = typst::compile::<typst_layout::PagedDocument>(&world)
        .output
        .map_err(|errors| world.problem(&errors))?;
    let date = typst::foundations::Datetime::from_ymd(
        i32::from(input.as_of.year()),
        input.as_of.month() as u8,
        input.as_of.day() as u8,
    );
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|e| Diagnostic::general(format!("the board pack: PDF/UA-1: {}", e.message())))?;
    let options = PdfOptions {
        ident: Smart::Custom("boardpack board pack".into()),
        creator: Smart::Custom(Some("boardpack".into())),
        timestamp: date.map(typst_pdf::Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| world.problem(&errors))
}
