//! What a build that leaves out drafts or confidential records must also leave out so that
//! they leave no trace: the actions agreed at a meeting it leaves out, and the papers only
//! hidden records name.

use super::Records;
use super::links::Everything;
use std::collections::BTreeSet;

/// Leaves out of `records` the actions of meetings that are not in it, and returns the
/// papers the build copies: every paper but those that only left-out records name.
pub fn leave_out(
    records: &mut Records,
    everything: &Everything,
    files: BTreeSet<String>,
) -> BTreeSet<String> {
    let meetings = &records.meetings;
    records
        .actions
        .retain(|_, action| meetings.contains_key(&action.fields.meeting.value));
    let shown = papers(records);
    let hidden: BTreeSet<&String> = everything
        .papers
        .iter()
        .filter(|paper| !shown.contains(*paper))
        .collect();
    files
        .into_iter()
        .filter(|file| !hidden.contains(file))
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
        records: &std::collections::BTreeMap<String, crate::records::Record<T>>,
    ) {
        for body in records.values().filter_map(|r| r.body.as_ref()) {
            for reference in body.references.iter() {
                // Papers are named from the site's root (FORMAT.md v2) whatever the page.
                if let Some(target) = crate::markdown::site_target(&reference.url, "")
                    && let Some(inside) = target.strip_prefix(crate::urls::FILES)
                {
                    self.0.insert(inside.to_string());
                }
            }
        }
    }
}
