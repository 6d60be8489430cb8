//! Every kind of record, declared once.
//!
//! [`kinds!`] takes one line per kind (its type, its field in the record sets, its folder,
//! its noun, the file formats it is read from, what a record must hold at least, and the
//! page each record gets, if any, and where a link to one goes) and makes everything that
//! lists the kinds: [`Kind`] and its `ALL`, the loaded [`RecordSet`] and the validated
//! [`Records`], [`AnyRecord`] with its parser, and the walks over all kinds
//! (`into_records`, `retain`, `visit`, which take the hand-written `Each`, `Keep` and
//! `Visit`). A kind left out cannot be half-added: there is no second list to forget.

/// Declares the record kinds; invoked once, in `records/mod.rs`.
macro_rules! kinds {
    ($(
        $variant:ident: $type:ty {
            field: $field:ident,
            folder: $folder:literal,
            noun: $noun:literal,
            formats: [$($format:ident),+],
            at_least: $what:literal,
            page: $page:expr,
            link: $link:expr $(,)?
        }
    ),+ $(,)?) => {
        /// The kinds of record, in the order their folders are read.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($variant),+
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),+];

            /// The folder under `content/`.
            pub fn folder(self) -> &'static str {
                match self {
                    $(Kind::$variant => $folder),+
                }
            }

            pub fn noun(self) -> &'static str {
                match self {
                    $(Kind::$variant => $noun),+
                }
            }

            /// Whether this kind is read from files of `format`.
            pub fn accepts(self, format: Format) -> bool {
                match self {
                    $(Kind::$variant => matches!(format, $(Format::$format)|+)),+
                }
            }

            /// The page a record of this kind gets, by its id, if it gets one.
            pub fn page(self) -> Option<fn(&str) -> String> {
                match self {
                    $(Kind::$variant => $page),+
                }
            }

            /// The folder of this kind's pages (`people/`), from which a body's relative links
            /// start: the same for every id, since an id holds no `/`.
            pub fn page_folder(self) -> Option<String> {
                let page = self.page()?("x");
                Some(page[..page.rfind('/').map_or(0, |i| i + 1)].to_string())
            }

            /// Where a link to a record of this kind goes (`@/kind/id` in a body): its page,
            /// or its place on a page that lists them.
            pub fn link(self, id: &str) -> String {
                match self {
                    $(Kind::$variant => ($link)(id)),+
                }
            }

            /// The JSON Schema of a record of this kind (its front matter, for a Markdown
            /// one), made from the type that parses it, so the two cannot drift apart.
            pub fn schema(self) -> schemars::Schema {
                match self {
                    $(Kind::$variant => schemars::schema_for!($type)),+
                }
            }

            /// The kind whose folder is `folder`.
            pub fn of_folder(folder: &str) -> Option<Kind> {
                Kind::ALL.iter().copied().find(|kind| kind.folder() == folder)
            }

            /// The kind whose one record `word` names, in any case (`person`, `Meeting`):
            /// a folder or a link written with it meant the kind's folder.
            pub fn of_noun(word: &str) -> Option<Kind> {
                Kind::ALL.iter().copied().find(|kind| kind.noun().eq_ignore_ascii_case(word))
            }
        }

        $(
            impl Fields for $type {
                const KIND: Kind = Kind::$variant;
                const WHAT: &'static str = $what;
                fn draft(&self) -> bool {
                    self.draft
                }
                fn confidential(&self) -> bool {
                    self.confidential
                }
                fn check(&self, origin: Origin<'_>) -> Vec<Diagnostic> {
                    <$type>::check(self, origin)
                }
                fn extra(&self) -> &$crate::records::Extra {
                    &self.extra
                }
            }
        )+

        /// Every record as loaded, before cross-record checks, by kind in file order.
        #[derive(Debug, Default)]
        pub struct RecordSet {
            $(pub $field: Vec<Record<$type>>,)+
            /// Ids of files that did not parse: references to them are not reported again.
            pub unparsed: std::collections::BTreeSet<(Kind, String)>,
        }

        /// Records keyed (and so ordered) by id, one map per kind.
        #[derive(Debug, Default, Clone)]
        pub struct Records {
            $(pub $field: std::collections::BTreeMap<$crate::records::Id, Record<$type>>,)+
        }

        /// One parsed record of any kind.
        #[derive(Debug, Clone)]
        pub enum AnyRecord {
            $($variant(Record<$type>)),+
        }

        impl AnyRecord {
            /// [`AnyRecord::parse_with`], the body's words for search included.
            #[cfg(test)]
            pub fn parse(
                kind: Kind,
                id: &str,
                file: &str,
                format: Format,
                text: &str,
            ) -> (Option<AnyRecord>, Vec<Diagnostic>) {
                Self::parse_with(kind, id, file, format, text, true)
            }

            /// Parses one file's text as a record of `kind` (see [`super::parse_with`]).
            pub fn parse_with(
                kind: Kind,
                id: &str,
                file: &str,
                format: Format,
                text: &str,
                words: bool,
            ) -> (Option<AnyRecord>, Vec<Diagnostic>) {
                match kind {
                    $(Kind::$variant => {
                        let (record, problems) = parse_with::<$type>(id, file, format, text, words);
                        (record.map(AnyRecord::$variant), problems)
                    })+
                }
            }
        }

        impl RecordSet {
            pub fn push(&mut self, record: AnyRecord) {
                match record {
                    $(AnyRecord::$variant(record) => self.$field.push(record)),+
                }
            }

            /// The records by id, each kind's list made a map by `each`.
            pub fn into_records(self, each: &mut impl Each) -> Records {
                Records {
                    $($field: each.one(self.$field),)+
                }
            }
        }

        impl Records {
            /// How many records there are of every kind.
            pub fn count(&self) -> usize {
                0 $(+ self.$field.len())+
            }

            /// A digest of every record, its kind, id, fields and body: two sets with the
            /// same key hold the same records. What is made from all of them at once (the
            /// search index, the exports) is kept by it.
            pub fn key(&self) -> crate::digest::Key {
                use std::hash::Hash;
                crate::digest::digest(|w| {
                    $(
                        Kind::$variant.hash(w);
                        self.$field.len().hash(w);
                        for (id, record) in &self.$field {
                            id.hash(w);
                            record.digest.hash(w);
                            record.body.as_ref().map(|b| b.digest).hash(w);
                        }
                    )+
                })
            }

            /// Keeps the records `keep` keeps.
            /// Moves the records `keep` turns down into `left_out`.
            pub fn retain(&mut self, keep: &impl Keep, left_out: &mut Records) {
                $(left_out.$field.extend(self.$field.extract_if(.., |_, record| !keep.keep(record)));)+
            }

            /// The digest of the record of `kind` with this id, if there is one.
            pub fn digest_of(&self, kind: Kind, id: &str) -> Option<crate::digest::Key> {
                match kind {
                    $(Kind::$variant => self.$field.get(id).map(|r| r.digest)),+
                }
            }

            /// Whether the record of `kind` called `id` is marked draft, and confidential,
            /// if there is one.
            pub fn marks_of(&self, kind: Kind, id: &str) -> Option<(bool, bool)> {
                match kind {
                    $(Kind::$variant => self
                        .$field
                        .get(id)
                        .map(|r| (r.fields.draft(), r.fields.confidential()))),+
                }
            }

            /// The ids of the records of `kind`, in order.
            pub fn ids_of(&self, kind: Kind) -> Box<dyn Iterator<Item = &str> + '_> {
                match kind {
                    $(Kind::$variant => Box::new(self.$field.keys().map(|id| &**id))),+
                }
            }

            /// Every record's kind, id, digest and body, kind after kind, each in id order.
            pub fn each_digest(
                &self,
            ) -> impl Iterator<Item = (Kind, &str, crate::digest::Key, Option<&Body>)> {
                std::iter::empty()
                    $(.chain(self.$field.iter().map(|(id, r)| {
                        (Kind::$variant, &**id, r.digest, r.body.as_ref())
                    })))+
            }

            /// Calls `visit` with every kind's records.
            pub fn visit(&self, visit: &mut impl Visit) {
                $(visit.kind(&self.$field);)+
            }
        }
    };
}

pub(crate) use kinds;
