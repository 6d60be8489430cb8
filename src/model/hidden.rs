//! What a build that leaves out drafts, confidential records or records dated after the
//! report date must also leave out, so that they leave no trace: the actions agreed at a
//! meeting it leaves out, and the papers only such records name.

use super::Records;
use super::links::LeftOut;
use std::collections::BTreeSet;

/// Moves the actions of meetings that are not in `records` into `left_out`.
pub fn leave_out_actions(records: &mut Records, left_out: &mut Records) {
    let meetings = &records.meetings;
    left_out
        .actions
        .extend(records.actions.extract_if(.., |_, action| {
            !meetings.contains_key(action.fields.meeting.value.as_str())
        }));
}

/// The papers the build copies: every paper but those that only left-out records name.
pub fn papers_shown(
    records: &Records,
    left_out: &LeftOut,
    files: BTreeSet<String>,
) -> BTreeSet<String> {
    let mut named = papers(&left_out.hidden);
    named.extend(papers(&left_out.later));
    // Most builds leave out nothing that names a paper: then the shown records' papers,
    // a pass over every body, are not needed.
    if named.is_empty() {
        return files;
    }
    let shown = papers(records);
    files
        .into_iter()
        .filter(|file| !named.contains(file) || shown.contains(file))
        .collect()
}

/// The papers (paths under `content/files/`) that records name in `paper:` and `minutes:`
/// fields and in links and images of their bodies.
pub fn papers(records: &Records) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for meeting in records.meetings.values() {
        let fields = &meeting.fields;
        let named = fields
            .agenda
            .iter()
            .filter_map(|item| item.paper.as_ref())
            .chain(&fields.minutes);
        for paper in named {
            if let Some(inside) = paper.value.strip_prefix(crate::urls::FILES) {
                out.insert(inside.to_string());
            }
        }
    }
    let mut bodies = Bodies(&mut out);
    records.visit(&mut bodies);
    out
}

struct Bodies<'a>(&'a mut BTreeSet<String>);

impl crate::records::Visit for Bodies<'_> {
    fn kind<T: crate::records::Fields>(
        &mut self,
        records: &std::collections::BTreeMap<crate::records::Id, crate::records::Record<T>>,
    ) {
        // A body's relative links start from its page's folder, as a browser reads them
        // (`../files/x.pdf` from `pages/`); papers' own form starts at the site's root.
        let dir = T::KIND.page_folder().unwrap_or_default();
        let dir = dir.as_str();
        for record in records.values() {
            let Some(body) = &record.body else { continue };
            for reference in body.references.iter() {
                if let Some(target) = crate::markdown::site_target(&reference.url, dir)
                    && let Some(inside) = target.strip_prefix(crate::urls::FILES)
                {
                    self.0.insert(inside.to_string());
                }
            }
        }
    }
}
