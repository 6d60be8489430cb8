//! The Typst `World` of one board pack: the theme's layout files and the pack's data,
//! all in memory, and the fonts compiled into the binary. Nothing is read from the disk or
//! the network, and "today" is the report date, never the clock.

use super::{Input, MAIN};
use crate::diagnostic::Diagnostic;
use crate::glyphs::FONTS;
use std::collections::HashMap;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};

static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

pub struct PackWorld {
    /// Where each layout file came from (`themes/default/pdf/board-pack.typ (built in)`).
    origins: HashMap<String, String>,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

fn id(path: &str) -> Option<FileId> {
    let path = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

impl PackWorld {
    pub fn new(input: &Input<'_>) -> Result<PackWorld, Diagnostic> {
        let bad = |name: &str| {
            Diagnostic::general(format!(
                "the board pack: `{name}` is not a usable file name"
            ))
        };
        let mut sources = HashMap::new();
        let mut origins = HashMap::new();
        for (name, text, origin) in input.layout {
            origins.insert(name.clone(), origin.clone());
            let file = id(&format!("/{name}")).ok_or_else(|| bad(name))?;
            sources.insert(file, Source::new(file, text.clone()));
        }
        let main = id(&format!("/{MAIN}")).ok_or_else(|| bad(MAIN))?;
        if !sources.contains_key(&main) {
            return Err(Diagnostic::general(format!(
                "the theme has no `pdf/{MAIN}`, the board pack's layout"
            ))
            .with_help("add it to the theme, or build with --no-pdf"));
        }
        let mut files = HashMap::new();
        for (path, bytes) in &input.files {
            let file = id(path).ok_or_else(|| bad(path))?;
            files.insert(file, Bytes::new(bytes.clone()));
        }
        let date = input.as_of;
        Ok(PackWorld {
            origins,
            main,
            sources,
            files,
            today: Datetime::from_ymd(i32::from(date.year()), date.month() as u8, date.day() as u8),
        })
    }

    /// The first error of a failed compile, at its place in the layout when it has one.
    pub fn problem(&self, errors: &[SourceDiagnostic]) -> Diagnostic {
        let Some(error) = errors.first() else {
            return Diagnostic::general("the board pack could not be made");
        };
        let message = format!("the board pack: {}", error.message);
        let place = error.span.id().and_then(|file| {
            let source = self.sources.get(&file)?;
            let range = self.range(error.span)?;
            let (line, column) = source.lines().byte_to_line_column(range.start)?;
            let name = file.get().vpath().get_without_slash().to_string();
            Some((name, line + 1, column + 1))
        });
        let mut problem = match place {
            Some((name, line, column)) => {
                let file = self
                    .origins
                    .get(&name)
                    .cloned()
                    .unwrap_or_else(|| format!("pdf/{name}"));
                Diagnostic::error(file, line, column, message)
            }
            None => Diagnostic::general(message),
        };
        if let Some(hint) = error.hints.first() {
            problem = problem.with_help(hint.v.to_string());
        }
        problem
    }
}

impl World for PackWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| {
            FileError::NotFound(std::path::PathBuf::from(id.get().vpath().get_with_slash()))
        })
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        self.sources
            .get(&id)
            .map(|source| Bytes::from_string(source.clone()))
            .ok_or_else(|| {
                FileError::NotFound(std::path::PathBuf::from(id.get().vpath().get_with_slash()))
            })
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}
