//! The validated model: records that passed every check, keyed by id, filtered to what a
//! build includes, with the report date fixed. Later stages read only this.

mod bound;
mod checks;
mod hidden;
mod links;

use crate::config::{self, Config};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
pub use crate::records::Records;
use crate::records::{Fields, Keep, Kind, Person, Record};
pub use links::LEAVES_OUT;

/// Which records a build includes beyond the public ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildOptions {
    pub drafts: bool,
    pub confidential: bool,
    /// Leave out the board pack (`--no-pdf`): it takes longer than the rest of a small
    /// site, and not every preview needs it.
    pub no_pdf: bool,
    /// The site is served by `serve`, from the root of its address whatever `base_url`
    /// says: the pages that start their links at `base_url` (the 404 page) start them at
    /// `/` instead, or they led to the published site, or nowhere.
    pub served: bool,
    /// `check`: every record is validated, and what the public build would warn of about
    /// its links is said as well (`build --drafts --confidential` includes as much, but
    /// shows those links, so it must not say they are plain text). Its load leaves out
    /// the bodies' words for search ([`crate::load::load_for_check`]), so no site may be
    /// rendered from a model made with it.
    pub checking: bool,
}

impl BuildOptions {
    /// Everything: what `check` validates.
    pub const ALL: BuildOptions = BuildOptions {
        drafts: true,
        confidential: true,
        no_pdf: false,
        served: false,
        checking: true,
    };

    pub fn includes<T: Fields>(&self, record: &Record<T>) -> bool {
        (self.drafts || !record.fields.draft())
            && (self.confidential || !record.fields.confidential())
    }
}

impl Keep for BuildOptions {
    fn keep<T: Fields>(&self, record: &Record<T>) -> bool {
        self.includes(record)
    }
}

#[derive(Debug)]
pub struct Model {
    pub config: Config,
    /// The report date: `as_of` from the config, or the latest meeting or measure date.
    pub as_of: Date,
    pub options: BuildOptions,
    pub records: Records,
    /// The papers under `content/files/`, by path inside it.
    pub files: std::collections::BTreeSet<String>,
    /// The files of the records this build leaves out as drafts or confidential: a
    /// preview's pages do not show the warnings in them (see [`LEAVES_OUT`]).
    pub left_out_files: std::collections::BTreeSet<String>,
    /// How many records the build leaves out, so that its count can be squared with
    /// `check`'s, which reads the drafts and confidential records too.
    pub omitted: Omitted,
}

/// Records a build leaves out, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Omitted {
    /// Drafts and confidential records, and the actions of meetings left out with them.
    pub hidden: usize,
    /// Records dated after the report date.
    pub later: usize,
}

impl Model {
    pub fn person(&self, id: &str) -> Option<&Record<Person>> {
        self.records.people.get(id)
    }

    /// The people with a board seat (in post or not), in id order: the only ones who can
    /// be members of a meeting. In a large trust most people have none, and looking
    /// through everyone for each meeting grew with people × meetings.
    pub fn seated(&self) -> Vec<&Record<Person>> {
        self.records
            .people
            .values()
            .filter(|p| p.fields.board.is_some())
            .collect()
    }

    /// The model as it stood on an earlier `date`: what is dated after it left out, as
    /// the report date does (`bound`). For the figures "since the previous quarter".
    pub fn at(&self, date: Date) -> Model {
        let mut records = self.records.clone();
        bound::to_report_date(&mut records, date, &mut Vec::new(), &mut Records::default());
        Model {
            config: self.config.clone(),
            as_of: date,
            options: self.options,
            records,
            files: self.files.clone(),
            left_out_files: self.left_out_files.clone(),
            omitted: self.omitted,
        }
    }

    /// A digest of the settings, the report date and the build's options (all of the
    /// configuration, so nothing is missed; a change to it is rare and remakes everything).
    pub fn settings_key(&self) -> crate::digest::Key {
        use std::hash::Hash;
        crate::digest::digest(|w| format!("{:?}", (&self.config, self.as_of, self.options)).hash(w))
    }

    /// A digest of everything the model is made from: the settings, the report date, the
    /// build's options and every record. What is made from the whole model at once (the
    /// search index, the exports) is the same while the key is.
    pub fn key(&self) -> crate::digest::Key {
        use std::hash::Hash;
        crate::digest::digest(|w| {
            self.settings_key().hash(w);
            self.records.key().hash(w);
            self.files.hash(w);
        })
    }

    /// Where a link to a record (`@/kind/id#place`) goes, from the site's root, when the
    /// record is in this build.
    pub fn record_link(&self, url: &str) -> Option<String> {
        let (folder, id, place) = crate::markdown::record_link(url)?;
        let kind = Kind::of_folder(folder)?;
        self.records.digest_of(kind, id)?;
        Some(format!("{}{place}", kind.link(id)))
    }

    /// How figures and dates are written for this project's readers.
    pub fn style(&self) -> crate::style::Style {
        crate::style::Style::of(&self.config.language, &self.config.currency.value)
    }
}

/// Runs the cross-record checks on everything loaded (drafts and confidential records too, so
/// `check` finds every problem), then keeps what `options` includes. Problems found while
/// loading are passed through; the model is returned only when there is no error.
pub fn build(loaded: Loaded, options: BuildOptions) -> (Option<Model>, Vec<Diagnostic>) {
    let Loaded {
        config,
        config_unreadable,
        records,
        files,
        mut problems,
        ..
    } = loaded;
    let mut records = records;
    let mut dedupe = checks::Dedupe {
        unsure: std::mem::take(&mut records.unparsed),
        problems: &mut problems,
    };
    let all = records.into_records(&mut dedupe);
    let unsure = dedupe.unsure;
    let as_of = config
        .as_of
        .or_else(|| latest_date(&all, &BuildOptions::ALL));
    // The checks judge by the date of the build being made, taken from what it shows: a
    // draft meeting next quarter put this quarter's sponsor out of post (an error) and
    // ran out members' terms (warnings) in a report dated before it. `check`, which
    // reads every record, judges for the public build, so that what it passes that
    // build does too. Where the build shows no meeting or measure, it says so below;
    // the checks take the records' date.
    let judged_for = if options.checking {
        BuildOptions::default()
    } else {
        options
    };
    let judged = config
        .as_of
        .or_else(|| latest_date(&all, &judged_for))
        .or(as_of);
    // A date taken from the records is in doubt while a file it may come from is: then,
    // like a project file that did not parse, it is not used to judge anything, and its
    // absence is not reported either (the file's own error says what to mend).
    let dated_unsure = unsure
        .iter()
        .any(|(kind, _)| matches!(kind, Kind::Meeting | Kind::Measure));
    let date_known = !config_unreadable && (config.as_of.is_some() || !dated_unsure);
    let known = checks::Known {
        unsure: &unsure,
        as_of: judged.filter(|_| date_known),
        files: &files,
    };
    checks::check_references(&all, &known, &mut problems);
    if as_of.is_none() && date_known {
        problems.push(
            Diagnostic::file_error(
                config::FILE,
                "no report date: set `as_of`, or add a meeting or a measure point to take it from",
            )
            .with_help("add a line such as `as_of: 2026-09-30` to boardpack.yaml"),
        );
    }
    if problems.iter().any(Diagnostic::is_error) {
        return (None, problems);
    }
    // `check` validates every record, so nothing is left out of it: what the public build
    // then warns of (a link to a draft or confidential record, shown as plain text) it
    // said nothing about. It is worked out on the public build's records as well.
    let public = options.checking.then(|| all.clone());
    let mut left_out = links::LeftOut::default();
    let mut records = all;
    records.retain(&options, &mut left_out.hidden);
    hidden::leave_out_actions(&mut records, &mut left_out.hidden);
    // The public build takes its date from what it shows, so a hidden meeting can neither
    // move it nor be revealed by it.
    let Some(as_of) = config
        .as_of
        .or_else(|| latest_date(&records, &BuildOptions::ALL))
    else {
        problems.push(
            Diagnostic::file_error(
                config::FILE,
                "no report date for this build: every meeting and measure is a draft or confidential",
            )
            .with_help("set `as_of` in boardpack.yaml, or build with --drafts / --confidential"),
        );
        return (None, problems);
    };
    bound::to_report_date(&mut records, as_of, &mut problems, &mut left_out.later);
    // After the report date's bound: a paper only a later meeting names is not shown either.
    let public = public.map(|records| (records, files.clone()));
    let files = hidden::papers_shown(&records, &left_out, files);
    links::check(&records, &left_out, &files, &mut problems);
    if let Some((public, files)) = public {
        let more = public_warnings(public, &config, files, &problems);
        problems.extend(more);
    }
    if problems.iter().any(Diagnostic::is_error) {
        return (None, problems);
    }
    let mut left_out_files = std::collections::BTreeSet::new();
    left_out.hidden.visit(&mut FilesOf(&mut left_out_files));
    let omitted = Omitted {
        hidden: left_out.hidden.count(),
        later: left_out.later.count(),
    };
    let model = Model {
        config,
        as_of,
        options,
        records,
        files,
        left_out_files,
        omitted,
    };
    (Some(model), problems)
}

/// Gathers the files of the records it visits.
struct FilesOf<'a>(&'a mut std::collections::BTreeSet<String>);

impl crate::records::Visit for FilesOf<'_> {
    fn kind<T: crate::records::Fields>(
        &mut self,
        records: &std::collections::BTreeMap<crate::records::Id, Record<T>>,
    ) {
        self.0.extend(records.values().map(|r| r.file.to_string()));
    }
}

/// What the public build (drafts and confidential records left out) warns of about its
/// links that a build of every record does not: those not among `already`. Its errors are
/// not repeated, since a link to a record the public build leaves out is never one.
fn public_warnings(
    mut records: Records,
    config: &config::Config,
    files: std::collections::BTreeSet<String>,
    already: &[Diagnostic],
) -> Vec<Diagnostic> {
    let mut left_out = links::LeftOut::default();
    records.retain(&BuildOptions::default(), &mut left_out.hidden);
    hidden::leave_out_actions(&mut records, &mut left_out.hidden);
    let Some(as_of) = config
        .as_of
        .or_else(|| latest_date(&records, &BuildOptions::ALL))
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    bound::to_report_date(&mut records, as_of, &mut found, &mut left_out.later);
    let files = hidden::papers_shown(&records, &left_out, files);
    found.clear();
    links::check(&records, &left_out, &files, &mut found);
    // Looked up, not searched: a body of 40,000 links with no words made 40,000 warnings
    // here and as many already, and comparing each with each took seconds.
    let already: std::collections::HashSet<(&str, usize, usize, &str)> = already
        .iter()
        .map(|a| (&*a.file, a.line, a.column, a.message.as_str()))
        .collect();
    let said = |p: &Diagnostic| already.contains(&(&*p.file, p.line, p.column, p.message.as_str()));
    // Said of the public build, which `check` is not: its words name it, and its report
    // date where that is not the one `check` names (taken from a hidden meeting).
    let later =
        format!("dated after the public build's report date ({as_of}), which it leaves out");
    found
        .into_iter()
        .filter(|p| !p.is_error() && !said(p))
        .map(|mut p| {
            p.message = p
                .message
                .replace(LEAVES_OUT, "which the public build leaves out")
                .replace(
                    "dated after the report date, which the report leaves out",
                    &later,
                );
            p
        })
        .collect()
}

/// The latest meeting date or measure period end: the default report date.
fn latest_date(records: &Records, keep: &impl Keep) -> Option<Date> {
    let meetings = records
        .meetings
        .values()
        .filter(|m| keep.keep(m))
        .map(|m| m.fields.date.value);
    let points = records
        .measures
        .values()
        .filter(|m| keep.keep(m))
        .flat_map(|m| m.fields.points.value.iter().map(|p| p.period.value.end));
    meetings.chain(points).max()
}

/// Builds models from record texts, for the unit tests of later stages.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::records::{AnyRecord, Format};

    /// `files` are `(path under content/, text)`; the kind comes from the folder. Panics with
    /// the problems if the records do not validate, since a test fixture must be valid.
    pub fn model(config: &str, files: &[(&str, &str)], options: BuildOptions) -> Model {
        let (model, problems) = built(config, files, &[], options);
        let errors: Vec<String> = problems
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}:{}: {}", d.file, d.line, d.message))
            .collect();
        assert!(errors.is_empty(), "fixture does not validate: {errors:#?}");
        model.expect("a model")
    }

    /// What [`build`] makes of `files` and the papers `papers` (paths under
    /// `content/files/`), with every problem it found.
    pub fn built(
        config: &str,
        files: &[(&str, &str)],
        papers: &[&str],
        options: BuildOptions,
    ) -> (Option<Model>, Vec<Diagnostic>) {
        let mut loaded = Loaded {
            config: config::parse(config).expect("valid config"),
            files: papers.iter().map(|p| p.to_string()).collect(),
            ..Loaded::default()
        };
        for (path, text) in files {
            let (folder, name) = path.split_once('/').expect("folder/name");
            let (id, extension) = name.rsplit_once('.').expect("name.extension");
            let format = Format::from_extension(extension).expect("yaml or md");
            let file = format!("content/{path}");
            let kind =
                Kind::of_folder(folder).unwrap_or_else(|| panic!("no record folder `{folder}`"));
            let (record, found) = AnyRecord::parse(kind, id, &file, format, text);
            loaded.problems.extend(found);
            if let Some(record) = record {
                loaded.records.push(record);
            }
        }
        build(loaded, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use testing::built;

    /// With no `as_of`, a build is judged by its own date, taken from what it shows: a
    /// draft meeting next quarter put this quarter's sponsor out of post, an error that
    /// refused the public build, and ran out a member's term, a warning beside a report
    /// dated before it. A build that shows the draft is judged by its date.
    #[test]
    fn a_hidden_later_meeting_does_not_date_the_checks() {
        let files = [
            (
                "people/jo-bell.yaml",
                "name: Jo Bell\nprofession: nurse\nboard: { role: chief-executive, first_appointed: 2020-01-01, left: 2026-12-31 }\n",
            ),
            (
                "people/kim-wu.yaml",
                "name: Kim Wu\nprofession: doctor\nboard: { role: medical-director, first_appointed: 2020-01-01, term_ends: 2026-11-30 }\n",
            ),
            (
                "meetings/board-2026-09.yaml",
                "date: 2026-09-24\npresent: [jo-bell, kim-wu]\n",
            ),
            (
                "meetings/board-2027-01.yaml",
                "date: 2027-01-21\npresent: [kim-wu]\ndraft: true\n",
            ),
            (
                "initiatives/pairs.md",
                "---\ntitle: Pairs\ncategory: other\nstatus: proposed\nlead: jo-bell\nsponsor: jo-bell\n---\n",
            ),
        ];
        let messages = |options: BuildOptions| {
            let (model, problems) = built("", &files, &[], options);
            let said: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
            (model.map(|m| m.as_of.to_string()), said)
        };
        let (public, said) = messages(BuildOptions::default());
        assert_eq!(public.as_deref(), Some("2026-09-24"), "{said:?}");
        assert!(!said.iter().any(|m| m.contains("report date")), "{said:?}");
        // `check` reads the draft too, and judges for the public build.
        let (_, said) = messages(BuildOptions::ALL);
        assert!(!said.iter().any(|m| m.contains("report date")), "{said:?}");
        // What the public build refuses, `check` refuses too: a sponsor appointed after
        // its date, though before the draft's.
        let mut later = files.to_vec();
        later[4].1 = "---\ntitle: Pairs\ncategory: other\nstatus: proposed\nlead: jo-bell\nsponsor: ann-new\n---\n";
        later.push((
            "people/ann-new.yaml",
            "name: Ann New\nprofession: lay\nboard: { role: non-executive-director, first_appointed: 2026-11-01 }\n",
        ));
        let refused =
            "`sponsor`: `ann-new` is not a board member in post on 2026-09-24 (the report date)";
        for options in [BuildOptions::default(), BuildOptions::ALL] {
            let (model, problems) = built("", &later, &[], options);
            assert!(model.is_none(), "{options:?}");
            assert!(
                problems.iter().any(|p| p.message == refused),
                "{options:?}: {problems:?}"
            );
        }
        let drafts = BuildOptions {
            drafts: true,
            ..BuildOptions::default()
        };
        let (with_drafts, said) = messages(drafts);
        assert_eq!(with_drafts, None);
        assert!(
            said.iter()
                .any(|m| m == "`sponsor`: `jo-bell` is not a board member in post on 2027-01-21 (the report date)"),
            "{said:?}"
        );
    }
}
