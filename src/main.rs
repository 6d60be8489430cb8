//! The `boardpack` command: parses arguments, calls the library, prints the outcome and
//! chooses the exit code (0 clean, 1 problems in the project, 2 usage errors).

use boardpack::build;
use boardpack::diagnostic::{self, Diagnostic};
use boardpack::indicators;
use boardpack::model::BuildOptions;
use boardpack::project::{self, Outcome};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "boardpack",
    version,
    about = "Board reports on clinical leadership, from YAML and Markdown records"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate every record and print each problem
    Check {
        /// The project folder (holding boardpack.yaml and content/)
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
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include records marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Include records marked `confidential: true` (never publish this build)
        #[arg(long)]
        confidential: bool,
    },
    /// Print the summary indicators without building the site
    Indicators {
        /// The project folder (holding boardpack.yaml and content/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// How to print them: a table to read, or the JSON of data/indicators.json
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// Include records marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Include records marked `confidential: true`
        #[arg(long)]
        confidential: bool,
    },
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

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { project, format } => {
            let outcome = project::open(&project, BuildOptions::ALL);
            match format {
                Format::Text => print_text(&outcome),
                Format::Json => println!("{}", diagnostic::to_json(&outcome.problems)),
            }
            if outcome.error_count() == 0 {
                if matches!(format, Format::Text) {
                    eprintln!("{}", summary_ok(&outcome));
                }
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Build {
            project,
            out,
            drafts,
            confidential,
        } => {
            let options = BuildOptions {
                drafts,
                confidential,
            };
            let outcome = project::open(&project, options);
            print_text(&outcome);
            if outcome.error_count() > 0 {
                return ExitCode::from(1);
            }
            let out = out.unwrap_or_else(|| project.join("site"));
            let Some(model) = &outcome.model else {
                return ExitCode::from(1);
            };
            match build::write_site(model, &project, &out) {
                Ok(count) => {
                    eprintln!("{}", summary_ok(&outcome));
                    eprintln!("wrote {count} files to {}", out.display());
                    ExitCode::SUCCESS
                }
                Err(problem) => {
                    eprint!("{}", diagnostic::render(&problem, &outcome.sources));
                    eprintln!("nothing was written; {} is unchanged", out.display());
                    ExitCode::from(1)
                }
            }
        }
        Command::Indicators {
            project,
            format,
            drafts,
            confidential,
        } => {
            let outcome = project::open(
                &project,
                BuildOptions {
                    drafts,
                    confidential,
                },
            );
            print_text(&outcome);
            let Some(model) = outcome
                .model
                .as_ref()
                .filter(|_| outcome.error_count() == 0)
            else {
                return ExitCode::from(1);
            };
            let indicators = indicators::compute(model);
            match format {
                TableFormat::Table => {
                    let who = model
                        .config
                        .organisation
                        .as_deref()
                        .unwrap_or(&model.config.title);
                    println!("{who}: indicators as of {}\n", model.as_of);
                    print!("{}", indicators.to_table());
                }
                TableFormat::Json => match serde_json::to_string_pretty(&indicators.to_json()) {
                    Ok(json) => println!("{json}"),
                    Err(error) => {
                        eprintln!("error: could not write the indicators as JSON: {error}");
                        return ExitCode::from(1);
                    }
                },
            }
            ExitCode::SUCCESS
        }
    }
}

fn print_text(outcome: &Outcome) {
    for problem in &outcome.problems {
        eprint!("{}", diagnostic::render(problem, &outcome.sources));
    }
    let errors = outcome.error_count();
    if errors > 0 {
        let files: std::collections::BTreeSet<&str> = outcome
            .problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d: &Diagnostic| d.file.as_str())
            .collect();
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        eprintln!(
            "{} in {}",
            plural(errors, "error"),
            plural(files.len(), "file")
        );
    }
}

fn summary_ok(outcome: &Outcome) -> String {
    let Some(model) = &outcome.model else {
        return "ok".into();
    };
    let r = &model.records;
    let count = r.people.len()
        + r.meetings.len()
        + r.initiatives.len()
        + r.measures.len()
        + r.surveys.len()
        + r.pages.len();
    format!("ok: {count} records, report date {}", model.as_of)
}
