//! The `boardpack` command: parses arguments, calls the library, prints the outcome and
//! chooses the exit code (0 clean, 1 problems in the project, 2 usage errors).

use boardpack::diagnostic;
use boardpack::indicators;
use boardpack::model::BuildOptions;
use boardpack::project::{self, Outcome};
use boardpack::terminal::{out, say, say_line};
use boardpack::timings::Timings;
use boardpack::{build, live, output};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::IpAddr;
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
        #[command(flatten)]
        include: Include,
        /// Print how long each phase took (load, validate, indicators, render, write)
        #[arg(long)]
        timings: bool,
    },
    /// Build, then rebuild the site on every change to the records, settings or themes
    Watch {
        /// The project folder (holding boardpack.yaml and content/)
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Output folder [default: PROJECT/site]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Look for changes on a timer: for network drives, containers and WSL
        #[arg(long)]
        poll: bool,
        #[command(flatten)]
        include: Include,
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
        /// Look for changes on a timer: for network drives, containers and WSL
        #[arg(long)]
        poll: bool,
        #[command(flatten)]
        include: Include,
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

impl From<Include> for BuildOptions {
    fn from(include: Include) -> BuildOptions {
        BuildOptions {
            drafts: include.drafts,
            confidential: include.confidential,
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

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check { project, format } => {
            let outcome = project::open(&project, BuildOptions::ALL);
            // A reader that stops early does not turn a failed check into a passed one.
            let code = if outcome.error_count() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
            match format {
                Format::Text => print_text(&outcome),
                Format::Json => {
                    let json = format!("{}\n", diagnostic::to_json(&outcome.problems));
                    if out(&json).is_err() {
                        return code;
                    }
                }
            }
            if outcome.error_count() == 0 && matches!(format, Format::Text) {
                say_line(&outcome.summary());
            }
            code
        }
        Command::Build {
            project,
            out,
            include,
            timings: show_timings,
        } => {
            let mut timings = Timings::default();
            let options = include.into();
            let out = out.unwrap_or_else(|| project.join("site"));
            // A refused output folder is a mistake in the command, like a wrong flag.
            if let Err(problem) = output::check_target(&out, &project) {
                say(&diagnostic::render(&problem, &Default::default()));
                return ExitCode::from(2);
            }
            let site = match build::render_timed(&project, options, &mut timings) {
                Ok(site) => site,
                Err(failed) => {
                    say(&failed.report);
                    say_line(&format!(
                        "nothing was written; {} is unchanged",
                        out.display()
                    ));
                    return ExitCode::from(1);
                }
            };
            say(&site.warnings);
            match timings.time("write", || output::publish(&out, &site.files)) {
                Ok(()) => {
                    say_line(&site.summary);
                    say_line(&format!(
                        "wrote {} files to {}",
                        site.files.len(),
                        out.display()
                    ));
                    if show_timings {
                        say(&timings.report());
                    }
                    ExitCode::SUCCESS
                }
                Err(problem) => {
                    say(&diagnostic::render(&problem, &Default::default()));
                    say_line(&format!(
                        "nothing was written; {} is unchanged",
                        out.display()
                    ));
                    ExitCode::from(1)
                }
            }
        }
        Command::Watch {
            project,
            out,
            poll,
            include,
        } => {
            let out = out.unwrap_or_else(|| project.join("site"));
            if let Err(problem) = output::check_target(&out, &project) {
                say(&diagnostic::render(&problem, &Default::default()));
                return ExitCode::from(2);
            }
            let options = live::Options {
                project,
                build: include.into(),
                poll,
            };
            exit_with(live::watch(options, &out))
        }
        Command::Serve {
            project,
            port,
            bind,
            poll,
            include,
        } => {
            let options = live::Options {
                project,
                build: include.into(),
                poll,
            };
            exit_with(live::serve(options, live::Address { bind, port }))
        }
        Command::Indicators {
            project,
            format,
            include,
        } => {
            let outcome = project::open(&project, include.into());
            print_text(&outcome);
            let Some(model) = outcome
                .model
                .as_ref()
                .filter(|_| outcome.error_count() == 0)
            else {
                return ExitCode::from(1);
            };
            let indicators = indicators::compute(&boardpack::facts::Facts::of(model));
            // The reader going away early (`| head -1`) ends the command quietly.
            match format {
                TableFormat::Table => {
                    let who = model
                        .config
                        .organisation
                        .as_deref()
                        .unwrap_or(&model.config.title);
                    let heading = format!("{who}: indicators as of {}\n\n", model.as_of);
                    let _ = out(&heading).and_then(|()| out(&indicators.to_table()));
                }
                TableFormat::Json => match serde_json::to_string_pretty(&indicators.to_json()) {
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

/// 0 when `result` is Ok; otherwise prints the problem and returns 1.
fn exit_with(result: Result<(), diagnostic::Diagnostic>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            say(&diagnostic::render(&problem, &Default::default()));
            ExitCode::from(1)
        }
    }
}

fn print_text(outcome: &Outcome) {
    say(&outcome.report());
}
