//! The search index: every record with a place in the site, and the site's own pages, as
//! documents of a title, keywords and body text; written as a script (`search-index.js`)
//! that the search page loads, since a page opened from disk cannot `fetch` a JSON file.
//!
//! The index is a sorted word list with, for each word, the documents holding it and the
//! best field it is in: the page finds every word a query word starts (so "train" finds
//! "training") by binary search. It is built from the build's model, so a record left out
//! of a build (a draft, a confidential record) is never in it.

use super::views::common::label;
use crate::digest::{Key, digest};
use crate::model::Model;
use crate::records::Kind;
use crate::style::Style;
use crate::tokens::{self, STOP, words};
use crate::urls;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::Hash;
use std::sync::Arc;

/// Where a word is found, best first: the page ranks a title match above a keyword match
/// above one in the body.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Title = 0,
    Keywords = 1,
    Body = 2,
}

const FIELDS: u32 = 3;

/// One search result as the page shows it, and what it is found by.
pub struct Document {
    /// "Person", "Initiative": shown by the result.
    pub kind: &'static str,
    pub title: String,
    /// From the site's root.
    pub href: String,
    /// A line under the title: role and profession, status and category, a date.
    pub about: String,
    pub keywords: String,
    /// Text found by its words, besides the body's: a meeting's agenda and decisions, a
    /// measure's description, an action's progress.
    pub body: std::sync::Arc<str>,
    /// The record's body as its words ([`tokens::distinct`]), kept from the load.
    pub body_words: std::sync::Arc<str>,
}

impl Document {
    fn new(kind: &'static str, title: impl Into<String>, href: impl Into<String>) -> Document {
        Document {
            kind,
            title: title.into(),
            href: href.into(),
            about: String::new(),
            keywords: String::new(),
            body: "".into(),
            body_words: "".into(),
        }
    }

    fn about(mut self, about: impl Into<String>) -> Document {
        self.about = about.into();
        self
    }

    fn keywords(mut self, words: &[&str]) -> Document {
        self.keywords = words.join(" ");
        self
    }

    fn body(mut self, body: Option<&crate::records::Body>) -> Document {
        if let Some(body) = body {
            self.body_words = body.words.clone();
        }
        self
    }
}

/// Every document of the build: its records with a place in the site, kind by kind (a
/// new kind does not compile until it says where it is found), then the fixed pages.
/// Each kind's are made in parallel: at 100,000 initiatives, one core took a tenth of a
/// second over them at the end of the build.
pub fn documents(model: &Model, style: Style) -> Vec<Document> {
    let records = &model.records;
    let name_of = |id: &str| records.people.get(id).map(|p| p.fields.name.value.as_str());
    let mut out = Vec::new();
    for kind in Kind::ALL {
        match kind {
            Kind::Person => out.par_extend(records.people.par_iter().map(|(_, r)| {
                let p = &r.fields;
                let profession = label(&crate::records::keyword(&p.profession));
                let role = p
                    .board
                    .as_ref()
                    .map(|b| label(&crate::records::keyword(&b.role.value)));
                let position = p.job_title.clone().or(role.clone()).unwrap_or_default();
                let about = [position.as_str(), profession.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                let committees: Vec<&str> = p
                    .board
                    .iter()
                    .flat_map(|b| b.committees.iter().map(|c| c.value.as_str()))
                    .collect();
                let mut keywords = vec![
                    profession.as_str(),
                    role.as_deref().unwrap_or(""),
                    p.job_title.as_deref().unwrap_or(""),
                ];
                keywords.extend(committees);
                let mut doc = Document::new("Person", &p.name.value, urls::person(&r.id))
                    .about(about)
                    .keywords(&keywords)
                    .body(r.body.as_ref());
                // Their declared interests, as their page and the register show them: a
                // reader looks up a hospice or a supplier by name.
                let interests: Vec<&str> = p
                    .interests
                    .iter()
                    .filter_map(|i| i.description.as_ref().map(|d| d.value.as_str()))
                    .collect();
                doc.body = interests.join(" ").into();
                doc
            })),
            Kind::Meeting => out.par_extend(records.meetings.par_iter().map(|(_, r)| {
                let m = &r.fields;
                let body = label(&m.body.value);
                let title = m.title_text().map_or_else(|| body.clone(), str::to_string);
                let date = style.date(m.date.value);
                let session = label(&crate::records::keyword(&m.session));
                // The agenda and what was decided are what a reader looks a meeting up by.
                let mut text = String::new();
                for item in &m.agenda {
                    text.push_str(&item.title.value);
                    text.push(' ');
                }
                for decision in &m.decisions {
                    text.push_str(&decision.text.value);
                    text.push(' ');
                }
                // Who declared what, and who was there: a member's name finds the meetings
                // they sat at, as the page lists them.
                // One by someone this build leaves out tells of them: the page drops it too.
                for declaration in m
                    .declarations
                    .iter()
                    .filter(|d| records.people.contains_key(d.person.value.as_str()))
                {
                    text.push_str(&declaration.interest.value);
                    text.push(' ');
                }
                for person in m.present.iter().chain(&m.apologies).chain(&m.in_attendance) {
                    if let Some(name) = name_of(&person.value) {
                        text.push_str(name);
                        text.push(' ');
                    }
                }
                let (quorum, inquorate) = match m.quorate {
                    Some(false) => (", not quorate", "not quorate inquorate"),
                    _ => ("", ""),
                };
                let mut doc =
                    Document::new("Meeting", format!("{title}, {date}"), urls::meeting(&r.id))
                        .about(format!("{body}, {session}{quorum}"))
                        .keywords(&[&body, &session, &date, inquorate]);
                doc.body = text.into();
                doc
            })),
            Kind::Action => out.par_extend(records.actions.par_iter().map(|(_, r)| {
                let a = &r.fields;
                let owner = name_of(&a.owner.value).unwrap_or_default();
                let meeting = records
                    .meetings
                    .get(a.meeting.value.as_str())
                    .and_then(|m| m.fields.title_text())
                    .unwrap_or_default();
                let mut doc = Document::new("Action", &a.title.value, urls::action(&r.id))
                    .about(format!("{owner}, due {}", style.date(a.due.value)))
                    .keywords(&[owner, meeting]);
                if let Some(progress) = &a.progress {
                    doc.body = progress.as_str().into();
                }
                doc
            })),
            Kind::Initiative => out.par_extend(records.initiatives.par_iter().map(|(_, r)| {
                let i = &r.fields;
                let status = label(&crate::records::keyword(&i.status.value));
                let category = label(&crate::records::keyword(&i.category));
                let mut keywords = vec![status.as_str(), category.as_str()];
                keywords.extend(i.tags.iter().map(String::as_str));
                keywords.extend(name_of(&i.lead.value));
                keywords.extend(i.sponsor.as_ref().and_then(|s| name_of(&s.value)));
                Document::new("Initiative", &i.title.value, urls::initiative(&r.id))
                    .about(format!("{status}, {category}"))
                    .keywords(&keywords)
                    .body(r.body.as_ref())
            })),
            Kind::Measure => out.par_extend(records.measures.par_iter().map(|(_, r)| {
                let m = &r.fields;
                let domain = label(&crate::records::keyword(&m.domain));
                let mut doc = Document::new("Measure", &m.title.value, urls::measure(&r.id))
                    .about(domain.clone())
                    .keywords(&[&domain, m.unit.as_deref().unwrap_or("")])
                    .body(r.body.as_ref());
                if let Some(description) = &m.description {
                    doc.body = description.as_str().into();
                }
                doc
            })),
            Kind::Survey => out.par_extend(records.surveys.par_iter().map(|(_, r)| {
                let s = &r.fields;
                Document::new("Survey", &s.title.value, urls::survey(&r.id))
                    .about(style.date(s.date.value))
                    .body(r.body.as_ref())
            })),
            Kind::Page => out.par_extend(records.pages.par_iter().map(|(_, r)| {
                Document::new("Page", &r.fields.title.value, urls::page(&r.id))
                    .body(r.body.as_ref())
            })),
        }
    }
    for (title, href, keywords) in [
        ("Dashboard", urls::DASHBOARD, "summary overview indicators"),
        (
            "Board",
            urls::BOARD,
            "composition attendance flags members directors",
        ),
        ("People", urls::PEOPLE, "everyone staff names"),
        (
            "Meetings",
            urls::MEETINGS,
            "agenda papers minutes decisions",
        ),
        ("Action log", urls::ACTIONS, "actions overdue owners"),
        (
            "Register of interests",
            urls::INTERESTS,
            "declarations interests conflicts",
        ),
        ("Initiatives", urls::INITIATIVES, "programmes projects"),
        (
            "Measures",
            urls::MEASURES,
            "integrated performance report statistical process control SPC",
        ),
        ("Survey", urls::SURVEYS, "relationship clinicians managers"),
        (
            "Indicators needing attention",
            urls::ATTENTION,
            "breach attention",
        ),
        (
            "Accessibility statement",
            urls::ACCESSIBILITY,
            "accessibility WCAG contact",
        ),
    ] {
        out.push(Document::new("Section", title, href).keywords(&[keywords]));
    }
    out
}

/// A word's hits, ascending, written as differences (smaller numbers, a smaller file):
/// in one or more lists, each after the one before.
struct Deltas<'a>(&'a [&'a [u32]]);

impl Serialize for Deltas<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut previous = 0;
        serializer.collect_seq(self.0.iter().flat_map(|hits| hits.iter()).map(|&hit| {
            let delta = hit - previous;
            previous = hit;
            delta
        }))
    }
}

/// The script for `documents` and their words in byte order, each with its hits: an
/// object of `stop` (the words not indexed), `fields`, `docs` ([kind, title, href, about]
/// for each document), `words`, and `hits` (for each word, `document × fields + field` of
/// each document holding it, as [`Deltas`]).
fn write(documents: &[Document], postings: &[(&str, &[&[u32]])]) -> String {
    // The arrays are written in parallel runs and joined, in one buffer: at 100,000
    // initiatives the index is 27 MB, and written on one core it was the end of the build.
    const START: &[u8] = b"window.boardpackSearch = ";
    let docs = || {
        json_array(documents, |doc, out| {
            serde_json::to_writer(out, &[doc.kind, &doc.title, &doc.href, &doc.about])
        })
    };
    let words = || json_array(postings, |(word, _), out| serde_json::to_writer(out, word));
    let hits = || {
        json_array(postings, |(_, hits), out| {
            serde_json::to_writer(out, &Deltas(hits))
        })
    };
    let (docs, (words, hits)) = rayon::join(docs, || rayon::join(words, hits));
    // Made as large as it will be at once: grown by doubling, its last copy held twice the
    // index at the build's peak of memory.
    let parts = [&docs, &words, &hits];
    let size = parts
        .iter()
        .map(|part| part.as_ref().map_or(0, Vec::len))
        .sum::<usize>();
    let mut script = Vec::with_capacity(START.len() + size + 1024);
    script.extend_from_slice(START);
    let written = (|| -> serde_json::Result<()> {
        script.extend_from_slice(b"{\"stop\":");
        serde_json::to_writer(&mut script, &STOP)?;
        script.extend_from_slice(format!(",\"fields\":{FIELDS},\"docs\":").as_bytes());
        script.extend_from_slice(&docs?);
        script.extend_from_slice(b",\"words\":");
        script.extend_from_slice(&words?);
        script.extend_from_slice(b",\"hits\":");
        script.extend_from_slice(&hits?);
        script.push(b'}');
        Ok(())
    })();
    // Plain data cannot fail to serialize.
    if written.is_err() {
        script.truncate(START.len());
        script.extend_from_slice(b"{}");
    }
    script.extend_from_slice(b";\n");
    // serde_json writes UTF-8.
    String::from_utf8(script).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// `items` as the JSON array serde_json writes (no spaces), each written by `each`, in
/// parallel runs joined in order.
fn json_array<T: Sync>(
    items: &[T],
    each: impl Fn(&T, &mut Vec<u8>) -> serde_json::Result<()> + Sync,
) -> serde_json::Result<Vec<u8>> {
    let run = items
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4)
        .max(256);
    let runs: Vec<Vec<u8>> = items
        .par_chunks(run)
        .map(|chunk| {
            let mut out = Vec::new();
            for (i, item) in chunk.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                each(item, &mut out)?;
            }
            Ok(out)
        })
        .collect::<serde_json::Result<_>>()?;
    let mut out = Vec::with_capacity(runs.iter().map(|r| r.len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (i, run) in runs.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(run);
    }
    out.push(b']');
    Ok(out)
}

/// Every word of a document with the field it is in, best fields first, so a word's first
/// hit in it has its best field.
fn each_word(doc: &Document) -> impl Iterator<Item = (Field, Cow<'_, str>)> {
    [
        (Field::Title, doc.title.as_str()),
        (Field::Keywords, doc.keywords.as_str()),
        (Field::Keywords, doc.kind),
        (Field::Body, &doc.body),
    ]
    .into_iter()
    .flat_map(|(field, text)| words(text).map(move |word| (field, word)))
    .chain(tokens::lines(&doc.body_words).map(|word| (Field::Body, Cow::Borrowed(word))))
}

/// The index as the script `search-index.js`, which sets `window.boardpackSearch`.
pub fn script(documents: &[Document]) -> String {
    // Documents in runs, each run's words gathered and sorted on its own thread, then the
    // runs merged in order, so every word's hits come out ascending.
    let run = documents
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4)
        .max(64);
    let runs: Vec<Vec<(Cow<str>, Vec<u32>)>> = documents
        .par_chunks(run)
        .enumerate()
        .map(|(k, chunk)| {
            let mut postings: FxHashMap<Cow<str>, Vec<u32>> = FxHashMap::default();
            for (i, doc) in chunk.iter().enumerate() {
                let document = k * run + i;
                let number = hit(document, 0) / FIELDS;
                for (field, word) in each_word(doc) {
                    let hits = postings.entry(word).or_default();
                    if hits.last().is_none_or(|last| last / FIELDS != number) {
                        hits.push(hit(document, field as u8));
                    }
                }
            }
            let mut sorted: Vec<_> = postings.into_iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            sorted
        })
        .collect();
    let ranges = merge(&runs);
    let postings: Vec<(&str, &[&[u32]])> = ranges
        .iter()
        .flat_map(|range| {
            range
                .words
                .iter()
                .map(|&(word, from, to)| (word, &range.hits[from..to]))
        })
        .collect();
    write(documents, &postings)
}

/// A range of words merged from every run, in byte order.
struct Merged<'a> {
    /// Each word and where its hits are in `hits`.
    words: Vec<(&'a str, usize, usize)>,
    /// Each word's hits from each run that has it, in the runs' order.
    hits: Vec<&'a [u32]>,
}

/// The words of `runs` (each sorted, in document order) in byte order, in ranges, each
/// with its hits from every run in turn, borrowed rather than copied (at 100,000
/// initiatives the hits are 40 MB, at the end of the build, where its memory peaks).
/// Merged in parallel, a range of words on each thread: merged on one, they took a
/// twentieth of a second at 100,000 initiatives with a core idle.
fn merge<'a>(runs: &'a [Vec<(Cow<'a, str>, Vec<u32>)>]) -> Vec<Merged<'a>> {
    // The ranges start at words spread evenly through the longest run.
    let longest = runs.iter().map(Vec::len).max().unwrap_or(0);
    let parts = rayon::current_num_threads().max(1) * 4;
    let mut starts: Vec<&str> = runs
        .iter()
        .find(|run| !run.is_empty() && run.len() == longest)
        .map(|run| {
            (1..parts)
                .map(|p| run[p * run.len() / parts].0.as_ref())
                .collect()
        })
        .unwrap_or_default();
    starts.dedup();
    (0..=starts.len())
        .into_par_iter()
        .map(|p| {
            // Range p holds the words from starts[p - 1] and below starts[p].
            let before = |word: &str| p > 0 && word < starts[p - 1];
            let within = |word: &str| p == starts.len() || word < starts[p];
            // Each run's words in the range, run by run: a stable sort by word keeps
            // each word's runs in order.
            let mut entries: Vec<(&str, &[u32])> = runs
                .iter()
                .flat_map(|run| {
                    let a = run.partition_point(|(w, _)| before(w));
                    let b = run.partition_point(|(w, _)| within(w));
                    run[a..b].iter().map(|(w, h)| (w.as_ref(), h.as_slice()))
                })
                .collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let mut words: Vec<(&str, usize, usize)> = Vec::with_capacity(entries.len());
            let mut hits = Vec::with_capacity(entries.len());
            for (at, (word, list)) in entries.into_iter().enumerate() {
                match words.last_mut() {
                    Some((last, _, to)) if *last == word => *to = at + 1,
                    _ => words.push((word, at, at + 1)),
                }
                hits.push(list);
            }
            Merged { words, hits }
        })
        .collect()
}

/// What `watch` and `serve` keep of the index between builds, so a save that changes one
/// document of thousands re-reads only that document's words instead of every body.
#[derive(Default)]
pub struct Kept {
    /// Each document's key (every text of it the index holds), in document order.
    keys: Vec<Key>,
    /// Each document's words, each once with the best field it is in.
    words: Vec<Vec<(Arc<str>, u8)>>,
    /// Every word with its hits (`document × fields + field`), ascending.
    postings: BTreeMap<Arc<str>, Vec<u32>>,
}

fn key(doc: &Document) -> Key {
    digest(|w| {
        for text in [
            doc.kind,
            &doc.title,
            &doc.href,
            &doc.about,
            &doc.keywords,
            &doc.body,
            &doc.body_words,
        ] {
            text.hash(w);
        }
    })
}

/// A document's words, each once with the best field it is in.
fn document_words(doc: &Document) -> Vec<(Arc<str>, u8)> {
    let mut found: FxHashMap<Cow<str>, u8> = FxHashMap::default();
    for (field, word) in each_word(doc) {
        found.entry(word).or_insert(field as u8);
    }
    found
        .into_iter()
        .map(|(w, f)| (Arc::from(w.as_ref()), f))
        .collect()
}

/// How many changed documents [`Kept::update`] takes one by one, at least.
const CHANGED_AT_MOST: usize = 32;

fn hit(document: usize, field: u8) -> u32 {
    u32::try_from(document).unwrap_or(u32::MAX / FIELDS) * FIELDS + u32::from(field)
}

impl Kept {
    /// The index of all of `documents`, from scratch.
    fn new(documents: &[Document]) -> Kept {
        let (keys, words): (Vec<Key>, Vec<_>) = documents
            .par_iter()
            .map(|doc| (key(doc), document_words(doc)))
            .unzip();
        let mut postings: FxHashMap<Arc<str>, Vec<u32>> = FxHashMap::default();
        for (document, list) in words.iter().enumerate() {
            for (word, field) in list {
                postings
                    .entry(word.clone())
                    .or_default()
                    .push(hit(document, *field));
            }
        }
        let mut sorted: Vec<_> = postings.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Kept {
            keys,
            words,
            // From sorted pairs, a map is built in one pass.
            postings: sorted.into_iter().collect(),
        }
    }

    /// Brings the index up to `documents`: when a few documents' texts changed (the same
    /// number of documents), only those are read again; otherwise every document is.
    fn update(&mut self, documents: &[Document]) {
        if self.keys.len() != documents.len() {
            *self = Kept::new(documents);
            return;
        }
        let keys: Vec<Key> = documents.par_iter().map(key).collect();
        let changed = keys.iter().zip(&self.keys).filter(|(a, b)| a != b).count();
        // Each changed document moves hits within its words' lists, and a word most
        // documents hold has a list as long as the index: past a few, as when a record is
        // renamed and every later document shifts, making it afresh is faster.
        if changed > CHANGED_AT_MOST.max(documents.len() / 64) {
            *self = Kept::new(documents);
            return;
        }
        for (document, doc) in documents.iter().enumerate() {
            if keys[document] == self.keys[document] {
                continue;
            }
            for (word, field) in std::mem::take(&mut self.words[document]) {
                let hit = hit(document, field);
                if let Some(hits) = self.postings.get_mut(&word) {
                    let at = hits.binary_search(&hit);
                    debug_assert!(at.is_ok(), "a kept word without its hit");
                    if let Ok(at) = at {
                        hits.remove(at);
                    }
                    if hits.is_empty() {
                        self.postings.remove(&word);
                    }
                }
            }
            let words = document_words(doc);
            for (word, field) in &words {
                let hit = hit(document, *field);
                let hits = self.postings.entry(word.clone()).or_default();
                if let Err(at) = hits.binary_search(&hit) {
                    hits.insert(at, hit);
                }
            }
            self.words[document] = words;
        }
        self.keys = keys;
    }

    fn script(&self, documents: &[Document]) -> String {
        let hits: Vec<&[u32]> = self.postings.values().map(Vec::as_slice).collect();
        let postings: Vec<(&str, &[&[u32]])> = self
            .postings
            .keys()
            .zip(&hits)
            .map(|(word, hits)| (word.as_ref(), std::slice::from_ref(hits)))
            .collect();
        write(documents, &postings)
    }
}

/// The index, made with what `kept` holds from the last build (and left there for the
/// next). In check mode it is also made from scratch, and a difference is an error.
pub fn script_kept(
    documents: &[Document],
    kept: &mut Option<Kept>,
    verify: bool,
) -> Result<String, String> {
    let fresh = kept.is_none();
    let index = kept.get_or_insert_with(|| Kept::new(documents));
    if !fresh {
        index.update(documents);
    }
    let script = index.script(documents);
    if verify && script != self::script(documents) {
        *kept = None;
        return Err("the search index kept from the last build differs from one made afresh (a bug in boardpack)".into());
    }
    Ok(script)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, keywords: &str, body: &str) -> Document {
        Document {
            kind: "Initiative",
            title: title.into(),
            href: "x.html".into(),
            about: String::new(),
            keywords: keywords.into(),
            body: body.into(),
            body_words: "".into(),
        }
    }

    fn index(docs: &[Document]) -> serde_json::Value {
        let script = script(docs);
        let json = script
            .strip_prefix("window.boardpackSearch = ")
            .and_then(|s| s.strip_suffix(";\n"))
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    /// The documents holding `word` with the field each holds it in, decoded as the page does.
    fn hits(index: &serde_json::Value, word: &str) -> Vec<(u64, u64)> {
        let words = index["words"].as_array().unwrap();
        let at = words.iter().position(|w| w == word).unwrap();
        let mut total = 0;
        index["hits"][at]
            .as_array()
            .unwrap()
            .iter()
            .map(|delta| {
                total += delta.as_u64().unwrap();
                (total / 3, total % 3)
            })
            .collect()
    }

    /// A record's body reaches the index as the words the load kept of it: the index is
    /// the one its text would make, word for word and field for field.
    #[test]
    fn a_bodys_kept_words_index_as_its_text_did() {
        let text = "Paired learning: clinicians and managers learning together, in pairs. \
                    Learning reviewed by the Board; ÜNIT ünit İstanbul 2026 x 7";
        let as_text = [
            doc("Paired learning", "workforce", text),
            doc("Shadowing", "", "Shadow the board"),
        ];
        let mut as_words = [
            doc("Paired learning", "workforce", ""),
            doc("Shadowing", "", "Shadow the board"),
        ];
        as_words[0].body_words = tokens::distinct(text).into();
        assert_eq!(script(&as_words), script(&as_text));
        assert_eq!(hits(&index(&as_words), "learning"), [(0, 0)]);
        assert_eq!(hits(&index(&as_words), "board"), [(0, 2), (1, 2)]);
        let mut kept = None;
        assert_eq!(
            script_kept(&as_words, &mut kept, true).unwrap(),
            script(&as_text)
        );
    }

    #[test]
    fn each_word_keeps_its_best_field_and_hits_ascend() {
        let docs = [
            doc(
                "Paired learning",
                "workforce",
                "Pairs of clinicians and managers learning",
            ),
            doc("Shadowing", "learning", "Managers shadow clinical teams"),
            doc("Coaching", "", "Learning by coaching"),
        ];
        let index = index(&docs);
        assert_eq!(hits(&index, "learning"), [(0, 0), (1, 1), (2, 2)]);
        assert_eq!(hits(&index, "managers"), [(0, 2), (1, 2)]);
        assert_eq!(
            hits(&index, "initiative"),
            [(0, 1), (1, 1), (2, 1)],
            "the kind is a keyword"
        );
        let words: Vec<&str> = index["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        assert_eq!(words, sorted, "the page searches the words by bisection");
        assert!(!words.contains(&"and") && !words.contains(&"of"));
        assert_eq!(index["docs"][0][1], "Paired learning");
    }

    #[test]
    fn a_kept_index_brought_up_to_date_equals_one_made_afresh() {
        let mut docs = vec![
            doc(
                "Paired learning",
                "workforce",
                "Pairs of clinicians and managers",
            ),
            doc("Shadowing", "learning", "Managers shadow clinical teams"),
            doc("Coaching", "", "Learning by coaching"),
        ];
        let mut kept = None;
        assert_eq!(script_kept(&docs, &mut kept, true).unwrap(), script(&docs));
        // A word only this document had goes, one it gains is new, one moves field.
        docs[1] = doc("Shadowing rota", "", "Managers shadow ward teams; learning");
        let updated = script_kept(&docs, &mut kept, false).unwrap();
        assert_eq!(updated, script(&docs));
        let index = index(&docs);
        assert!(
            !index["words"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w == "clinical")
        );
        assert_eq!(hits(&index, "rota"), [(1, 0)]);
        assert_eq!(hits(&index, "learning"), [(0, 0), (1, 2), (2, 2)]);
        // A document more or fewer: made again from all of them.
        docs.push(doc("Mentoring", "", "clinical"));
        assert_eq!(script_kept(&docs, &mut kept, false).unwrap(), script(&docs));
        docs.remove(0);
        assert_eq!(script_kept(&docs, &mut kept, false).unwrap(), script(&docs));
        // An unchanged set reads nothing again and says the same.
        assert_eq!(script_kept(&docs, &mut kept, true).unwrap(), script(&docs));
    }

    #[test]
    fn a_kept_index_follows_documents_that_moved() {
        let made = |which: usize| match which {
            0 => doc("Paired learning", "workforce", "Pairs of clinicians"),
            1 => doc("Shadowing", "learning", "Managers shadow clinical teams"),
            2 => doc("Coaching", "", "Learning by coaching"),
            _ => doc("Mentoring", "clinical", "Mentors for new consultants"),
        };
        let mut kept = None;
        // Two swap places: their hits change documents, the words stay. Then one goes and
        // one comes in the same save, so every later document shifts; then all move.
        for set in [[0, 1, 2], [1, 0, 2], [0, 2, 3], [3, 2, 0]] {
            let docs: Vec<Document> = set.into_iter().map(made).collect();
            assert_eq!(script_kept(&docs, &mut kept, true).unwrap(), script(&docs));
        }
    }

    #[test]
    fn a_kept_index_with_most_documents_changed_is_made_afresh() {
        let made = |shift: usize| -> Vec<Document> {
            (0..200)
                .map(|i| (i + shift) % 200)
                .map(|i| doc(&format!("Initiative {i}"), "ward", &format!("body {i}")))
                .collect()
        };
        let mut kept = None;
        script_kept(&made(0), &mut kept, false).unwrap();
        // Every document shifts one place, as when the first record is renamed to sort last.
        let after = made(1);
        assert_eq!(
            script_kept(&after, &mut kept, true).unwrap(),
            script(&after)
        );
    }

    #[test]
    fn a_kept_index_that_went_wrong_is_caught_in_check_mode() {
        let docs = vec![doc("Coaching", "", "Learning by coaching")];
        let mut kept = None;
        script_kept(&docs, &mut kept, true).unwrap();
        // As if an update had missed a word.
        kept.as_mut().unwrap().postings.clear();
        let error = script_kept(&docs, &mut kept, true).unwrap_err();
        assert!(error.contains("differs from one made afresh"), "{error}");
        assert!(kept.is_none(), "a wrong index is not kept");
    }

    #[test]
    fn the_script_is_plain_data_whatever_the_titles_hold() {
        let docs = [doc("</script><script>alert(1)</script>", "", "\u{2028}")];
        let script = script(&docs);
        assert!(script.starts_with("window.boardpackSearch = {"));
        let json: serde_json::Value = index(&docs);
        assert_eq!(json["docs"][0][1], "</script><script>alert(1)</script>");
    }

    /// Enough documents, with words shared between them at different strides, that the
    /// words are gathered in several runs, merged in several ranges and written in several
    /// parts.
    fn many_documents() -> Vec<Document> {
        (0..2000)
            .map(|i| {
                let title = format!("Initiative w{} x{}", i % 37, i % 101);
                let body = format!("shared w{} y{} z{i} {}", i % 13, i % 997, "é".repeat(i % 3));
                let mut d = doc(&title, &format!("k{}", i % 7), &body);
                d.about = format!("about \"{i}\"\u{2028}");
                d
            })
            .collect()
    }

    /// The index made in parallel runs and ranges is the one made word by word in one
    /// pass, whatever the number of threads.
    #[test]
    fn an_index_made_in_parallel_equals_one_made_in_one_pass() {
        let docs = many_documents();
        let one_pass = Kept::new(&docs).script(&docs);
        for threads in [1, 2, 3, 8] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            assert_eq!(
                pool.install(|| script(&docs)),
                one_pass,
                "{threads} threads"
            );
        }
        let index = index(&docs);
        // In the title of every 37th document from 12, in the body of every 13th.
        assert_eq!(
            hits(&index, "w12")[..4],
            [(12, 0), (25, 2), (38, 2), (49, 0)]
        );
        assert_eq!(hits(&index, "z1999"), [(1999, 2)]);
    }

    /// The script's object is what serde_json writes for the same fields in the same order,
    /// byte for byte, though its arrays are written in parts.
    #[test]
    fn the_script_is_the_json_serde_json_writes() {
        #[derive(Serialize)]
        struct Whole<'a> {
            stop: &'a [&'a str],
            fields: u32,
            docs: Vec<[&'a str; 4]>,
            words: Vec<&'a str>,
            hits: Vec<Vec<u32>>,
        }
        let docs = many_documents();
        let kept = Kept::new(&docs);
        let whole = Whole {
            stop: &STOP,
            fields: FIELDS,
            docs: docs
                .iter()
                .map(|d| [d.kind, d.title.as_str(), d.href.as_str(), d.about.as_str()])
                .collect(),
            words: kept.postings.keys().map(|w| w.as_ref()).collect(),
            hits: kept
                .postings
                .values()
                .map(|hits| {
                    let mut previous = 0;
                    hits.iter()
                        .map(|&hit| std::mem::replace(&mut previous, hit))
                        .zip(hits)
                        .map(|(before, hit)| hit - before)
                        .collect()
                })
                .collect(),
        };
        let expected = format!(
            "window.boardpackSearch = {};\n",
            serde_json::to_string(&whole).unwrap()
        );
        assert_eq!(script(&docs), expected);
        // No documents: empty arrays, not nothing.
        assert!(script(&[]).contains(r#""docs":[],"words":[],"hits":[]}"#));
        // Documents with no word kept (a kind that is a stop word, nothing else): runs of
        // no words are merged into none.
        let mut quiet: Vec<Document> = (0..300).map(|_| doc("the", "", "a")).collect();
        for d in &mut quiet {
            d.kind = "and";
        }
        assert!(script(&quiet).contains(r#""words":[],"hits":[]}"#));
    }
}
