//! The `boardpack` command: parses arguments, calls the library, prints the outcome and
//! chooses the exit code (0 clean, 1 problems in the project, 2 usage errors).

use boardpack::diagnostic;
use boardpack::terminal::{out, say, say_line};
use boardpack::{Address, BuildOptions, Error, PreviewOptions, Project, Timings};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

// A build makes and frees millions of small strings and maps on both cores (records, Tera's
// values, pages); glibc's malloc and free took about a tenth of a build's samples at 10,000
// initiatives. With jemalloc the one-shot build there takes about an eighth less time, and
// a save's build in `watch` a third less (BENCHMARKS.md, the tenth step); mimalloc was
// slower (the sixth step).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "boardpack",
    version = concat!(env!("CARGO_PKG_VERSION"), " (record format v2)"),
    about = "Board reports on clinical leadership, from YAML and Markdown records"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only problems: no summary or "wrote ..." line on success
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Validate every record and print each problem
    Check {
        /// The project folder (holding boardpack.yaml and content/), or a record in it: its
        /// problems are shown first
        #[arg(default_value = ".")]
        project: PathBuf,
        /// How to print problems
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Validate the records and build the report site
    Build {
        /// The project folder (holding boardpack.yaml and content/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Output folder [default: PROJECT/site]
        #[arg(short, long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        include: Include,
        /// Do not make the board pack (board-pack.pdf)
        #[arg(long)]
        no_pdf: bool,
        /// Print how long each phase took (load, validate, indicators, render, write; pages
        /// are written while they render, so "write" is the rest and the swap)
        #[arg(long)]
        timings: bool,
    },
    /// Build, then rebuild the site on every change to the records, settings or themes
    Watch {
        /// The project folder (holding boardpack.yaml and content/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Output folder [default: PROJECT/site]
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Look for changes on a timer: for network drives, containers and WSL
        #[arg(long)]
        poll: bool,
        #[command(flatten)]
        include: Include,
        /// Do not make the board pack (board-pack.pdf)
        #[arg(long)]
        no_pdf: bool,
    },
    /// Preview the report in a browser; pages reload after every change
    Serve {
        /// The project folder (holding boardpack.yaml and content/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// The port to listen on (0 lets the system choose)
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// The address to listen on; the default lets only this computer connect
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the report in your web browser (or $BROWSER) once it is built
        #[arg(long)]
        open: bool,
        /// Look for changes on a timer: for network drives, containers and WSL
        #[arg(long)]
        poll: bool,
        #[command(flatten)]
        include: Include,
        /// Do not make the board pack (board-pack.pdf)
        #[arg(long)]
        no_pdf: bool,
    },
    /// Start a report: write a small, valid starter project into DIR
    Init {
        /// The folder to start the report in (made if missing; must not hold a project)
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write JSON Schemas for boardpack.yaml and each kind of record, for editors
    Schema {
        /// The folder to write them to
        dir: PathBuf,
    },
    /// Add a record: `boardpack new person "Dr Jo O'Neill"` writes content/people/jo-oneill.yaml
    New {
        /// The kind of record: person, meeting, initiative, measure, survey, action or page
        kind: String,
        /// Its name or title; its id (the file name) is made from it
        name: String,
        /// The project folder (holding boardpack.yaml and content/)
        #[arg(long, default_value = ".")]
        project: PathBuf,
    },
    /// Print the summary indicators without building the site
    Indicators {
        /// The project folder (holding boardpack.yaml and content/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// How to print them: a table to read, or the JSON of data/indicators.json
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        #[command(flatten)]
        include: Include,
    },
}

/// Which records beyond the public ones a build includes.
#[derive(Args)]
struct Include {
    /// Include records marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Include records marked `confidential: true` (never publish such a build)
    #[arg(long)]
    confidential: bool,
}

impl Include {
    /// The options of a build that makes the board pack unless `no_pdf`.
    fn with_pdf(self, no_pdf: bool) -> BuildOptions {
        BuildOptions {
            no_pdf,
            ..self.into()
        }
    }
}

impl From<Include> for BuildOptions {
    fn from(include: Include) -> BuildOptions {
        BuildOptions {
            drafts: include.drafts,
            confidential: include.confidential,
            no_pdf: false,
            served: false,
            checking: false,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A path as the user reads it: `site`, not `./site`, when the project is the current folder.
fn shown(path: &std::path::Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

/// The project folder a `check` argument names, and the file inside it when it names a
/// record: the nearest folder above the file that holds `boardpack.yaml` or `content/`.
fn project_of(path: &std::path::Path) -> (PathBuf, Option<String>) {
    if !path.is_file() {
        return (path.to_path_buf(), None);
    }
    // The folder made canonical, so `content/people/../people/a.yaml` names the record as
    // its problems do; the file's own name kept, so a record that is a link to a file
    // elsewhere is still found in the project that holds the link.
    let absolute = match (path.parent(), path.file_name()) {
        (Some(folder), Some(name)) => {
            let folder = if folder.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                folder
            };
            std::fs::canonicalize(folder).map(|folder| folder.join(name))
        }
        _ => std::fs::canonicalize(path),
    }
    .or_else(|_| std::path::absolute(path))
    .unwrap_or_else(|_| path.to_path_buf());
    for folder in absolute.ancestors().skip(1) {
        if folder.join("boardpack.yaml").is_file() || folder.join("content").is_dir() {
            let file = absolute
                .strip_prefix(folder)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .ok();
            return (folder.to_path_buf(), file);
        }
    }
    (path.to_path_buf(), None)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    // What a successful command says besides its problems; `--quiet` leaves it out.
    let tell = |text: &str| {
        if !quiet {
            say_line(text);
        }
    };
    match cli.command {
        Command::Check { project, format } => {
            // A record's path checks the project that holds it, that file's problems first.
            let (project, file) = project_of(&project);
            let mut checked = Project::new(project).check();
            if let Some(file) = file {
                checked
                    .report
                    .problems
                    .sort_by_key(|problem| problem.file != file);
            }
            // A reader that stops early does not turn a failed check into a passed one.
            let code = if checked.error_count() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
            match format {
                Format::Text => say(&checked.report.render()),
                Format::Json => {
                    let json = format!("{}\n", diagnostic::to_json(&checked.report.problems));
                    if out(&json).is_err() {
                        return code;
                    }
                }
            }
            if checked.error_count() == 0 && matches!(format, Format::Text) {
                tell(&checked.summary());
            }
            code
        }
        Command::Build {
            project,
            out,
            include,
            no_pdf,
            timings: show_timings,
        } => {
            let mut timings = Timings::default();
            let out = out.unwrap_or_else(|| project.join("site"));
            let shown = shown(&out);
            let project = Project::new(project);
            if let Err(error) = project.check_output(&out) {
                return failed(&error);
            }
            let unchanged = || say_line(&format!("nothing was written; {shown} is unchanged"));
            let mut site = match project.build_to(include.with_pdf(no_pdf), &out, &mut timings) {
                Ok(site) => site,
                Err(error) => {
                    let code = failed(&error);
                    unchanged();
                    return code;
                }
            };
            say(&site.warnings.render());
            let count = site.count();
            match timings.time("write", || site.write(&out)) {
                Ok(None) => {}
                Ok(Some(leftover)) => say(&boardpack::diagnostic::Report::of(leftover).render()),
                Err(error) => {
                    let code = failed(&error);
                    if !matches!(error, Error::PartlyWritten(_)) {
                        unchanged();
                    }
                    return code;
                }
            }
            tell(&site.summary);
            tell(&format!("wrote {count} files to {shown}"));
            if show_timings {
                say(&timings.report());
            }
            ExitCode::SUCCESS
        }
        Command::Watch {
            project,
            out,
            poll,
            include,
            no_pdf,
        } => {
            let out = out.unwrap_or_else(|| project.join("site"));
            if let Err(error) = Project::new(&project).check_output(&out) {
                return failed(&error);
            }
            let options = PreviewOptions {
                project,
                build: include.with_pdf(no_pdf),
                poll,
            };
            done(boardpack::watch(options, &out))
        }
        Command::Serve {
            project,
            port,
            bind,
            open,
            poll,
            include,
            no_pdf,
        } => {
            let options = PreviewOptions {
                project,
                build: BuildOptions {
                    served: true,
                    ..include.with_pdf(no_pdf)
                },
                poll,
            };
            done(boardpack::serve(options, Address { bind, port, open }))
        }
        Command::Init { dir } => match boardpack::init(&dir) {
            Ok(files) => {
                tell(&format!(
                    "wrote a starter report with {} files to {}; build it with `boardpack build {}`",
                    files.len(),
                    dir.display(),
                    dir.display()
                ));
                ExitCode::SUCCESS
            }
            Err(error) => failed(&error),
        },
        Command::Schema { dir } => match boardpack::write_schemas(&dir) {
            Ok(files) => {
                for file in files {
                    let _ = out(&format!("{}\n", file.display()));
                }
                ExitCode::SUCCESS
            }
            Err(error) => failed(&error),
        },
        Command::New {
            kind,
            name,
            project,
        } => {
            let today = jiff::Zoned::now().date().to_string();
            match boardpack::new_record(&project, &kind, &name, &today) {
                // The path on standard output, for a script or an editor to open.
                Ok(path) => {
                    let _ = out(&format!("{}\n", shown(&path)));
                    ExitCode::SUCCESS
                }
                Err(error) => failed(&error),
            }
        }
        Command::Indicators {
            project,
            format,
            include,
        } => {
            let figures = match Project::new(project).indicators(include.into()) {
                Ok(figures) => figures,
                Err(error) => return failed(&error),
            };
            say(&figures.warnings.render());
            // The reader going away early (`| head -1`) ends the command quietly.
            match format {
                TableFormat::Table => {
                    let heading = format!("{}\n\n", figures.heading);
                    let _ = out(&heading).and_then(|()| out(&figures.table));
                }
                TableFormat::Json => match serde_json::to_string_pretty(&figures.json) {
                    Ok(json) => {
                        let _ = out(&format!("{json}\n"));
                    }
                    Err(error) => {
                        say_line(&format!(
                            "error: could not write the indicators as JSON: {error}"
                        ));
                        return ExitCode::from(1);
                    }
                },
            }
            ExitCode::SUCCESS
        }
    }
}

/// Prints what went wrong and chooses the exit code: 2 for a mistake in the command
/// (as for clap's own), 1 for the rest.
fn failed(error: &Error) -> ExitCode {
    say(&error.report().render());
    match error {
        Error::Usage(_) => ExitCode::from(2),
        Error::Project(_) | Error::Environment(_) | Error::PartlyWritten(_) => ExitCode::from(1),
    }
}

fn done(result: Result<(), Error>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => failed(&error),
    }
}
