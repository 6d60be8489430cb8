//! The YAML records are mostly written in, read without the general deserialiser.
//!
//! serde-saphyr takes about 25 µs for an initiative's 300 bytes of front matter, its event
//! parser alone 12 µs (other YAML crates take 10–11 µs): at 100,000 records, seconds of the
//! load. Records are nearly always written in a small part of YAML: block mappings and
//! sequences, flow mappings and sequences of scalars on one line, and one-line plain or
//! quoted scalars. This module reads that part and gives up on anything else: block or
//! multi-line scalars, anchors, aliases, tags, escapes, tabs, carriage returns, a key that
//! is not a plain word, a value the record's types ask for in another form, and any value
//! they refuse. The caller then parses the block with serde-saphyr, which gives the value,
//! or the error with its message. So this module never decides that a record is wrong, and
//! whenever it gives a value it is the one serde-saphyr gives: a test compares the two over
//! every record of the example and the test fixtures and over random changes to them.

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use std::borrow::Cow;

/// Parses `text` into `T`, or `None` when it is not written in the part of YAML read here
/// or `T` does not take it: the caller then asks serde-saphyr.
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let root = Parser::new(text)?.document()?;
    T::deserialize(Value(&root)).ok()
}

/// Nesting deeper than this is left to serde-saphyr, which has its own limit.
const MAX_DEPTH: usize = 32;
/// A block larger than this is left to serde-saphyr (a record's front matter is a few
/// hundred bytes to a few kilobytes).
const MAX_BYTES: usize = 1 << 20;
/// A mapping of more keys than this is left to serde-saphyr: a record has a few dozen at
/// most, and looking for a repeated key among them is a scan.
const MAX_KEYS: usize = 100;

/// Where a value starts: its line in the block and its column in characters, from 1, as
/// serde-saphyr counts them.
#[derive(Debug, Clone, Copy)]
struct Place {
    line: u32,
    column: u32,
}

#[derive(Debug)]
enum Node<'a> {
    /// A key with nothing after it.
    Empty,
    Plain(&'a str, Place),
    Quoted(Cow<'a, str>, Place),
    Map(Vec<(&'a str, Node<'a>)>, Place),
    /// A sequence and its place, if serde-saphyr's is known: for a block sequence at its
    /// key's indentation it gives the place its scanner is at after the first `-`, which
    /// depends on what follows it.
    Seq(Vec<Node<'a>>, Option<Place>),
}

/// A line holding something: its number from 1 and its text.
#[derive(Clone, Copy)]
struct Line<'a> {
    number: u32,
    text: &'a str,
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// The line being read.
    at: usize,
    /// Where in it: past the `- ` of a sequence item whose value is a mapping, whose keys
    /// are then indented to there.
    from: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Option<Parser<'a>> {
        // A large block is left to serde-saphyr, whose budget limits the nodes, events and
        // text a record may hold (a node takes at least two bytes, so 1 MiB cannot reach
        // them), and which is linear where this reader may not be.
        if text.len() > MAX_BYTES {
            return None;
        }
        // Tabs, carriage returns and other control characters (`yaml::parse_all` refuses those
        // first), the document markers and byte order marks (which serde-saphyr refuses
        // inside a block) are left to serde-saphyr; 0xEF starts a byte order mark and the
        // other characters from U+F000, which are rare in records.
        if text
            .bytes()
            .any(|b| (b < 0x20 && b != b'\n') || b == 0x7F || b == 0xEF)
        {
            return None;
        }
        let mut lines = Vec::new();
        for (i, text) in text.split('\n').enumerate() {
            let content = text.trim_start_matches(' ');
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            if text.starts_with("---") || text.starts_with("...") || text.starts_with('%') {
                return None;
            }
            lines.push(Line {
                number: u32::try_from(i + 1).ok()?,
                text,
            });
        }
        Some(Parser {
            lines,
            at: 0,
            from: 0,
        })
    }

    fn document(mut self) -> Option<Node<'a>> {
        let (indent, _) = self.current()?;
        if indent != 0 {
            return None;
        }
        let root = self.map(0, 0)?;
        (self.at == self.lines.len()).then_some(root)
    }

    /// The line being read: its indentation and its text after it.
    fn current(&self) -> Option<(usize, &'a str)> {
        let line = self.lines.get(self.at)?;
        let rest = &line.text[self.from..];
        let content = rest.trim_start_matches(' ');
        Some((self.from + rest.len() - content.len(), content))
    }

    fn advance(&mut self) {
        self.at += 1;
        self.from = 0;
    }

    fn place(&self, byte: usize) -> Option<Place> {
        let line = self.lines.get(self.at)?;
        let column = chars(line.text.get(..byte)?);
        Some(Place {
            line: line.number,
            column: u32::try_from(column + 1).ok()?,
        })
    }

    /// A block mapping or sequence starting on the line being read, at `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let (_, content) = self.current()?;
        if is_item(content) {
            self.seq(indent, depth)
        } else {
            self.map(indent, depth)
        }
    }

    fn map(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let place = self.place(indent)?;
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        while let Some((at, content)) = self.current() {
            if at < indent {
                break;
            }
            if at > indent || is_item(content) {
                return None;
            }
            let (key, rest) = key(content)?;
            if entries.len() == MAX_KEYS || entries.iter().any(|(k, _)| *k == key) {
                return None;
            }
            let value_at = at + content.len() - rest.len();
            let value = if rest.is_empty() || rest.starts_with('#') {
                self.advance();
                match self.current() {
                    Some((next, _)) if next > indent => self.block(next, depth + 1)?,
                    Some((next, content)) if next == indent && is_item(content) => {
                        match self.seq(indent, depth + 1)? {
                            Node::Seq(items, _) => Node::Seq(items, None),
                            other => other,
                        }
                    }
                    _ => Node::Empty,
                }
            } else {
                let value = self.inline(rest, value_at, at)?;
                self.advance();
                value
            };
            entries.push((key, value));
        }
        Some(Node::Map(entries, place))
    }

    fn seq(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let place = self.place(indent)?;
        let mut items = Vec::new();
        while let Some((at, content)) = self.current() {
            if at < indent || (at == indent && !is_item(content)) {
                break;
            }
            if at > indent {
                return None;
            }
            let rest = content[1..].trim_start_matches(' ');
            let rest_at = at + content.len() - rest.len();
            let item = if rest.is_empty() || rest.starts_with('#') {
                self.advance();
                match self.current() {
                    Some((next, _)) if next > indent => self.block(next, depth + 1)?,
                    _ => return None,
                }
            } else if is_item(rest) {
                return None;
            } else if key(rest).is_some() {
                // `- key: value`: a mapping whose keys line up under the first.
                self.from = rest_at;
                self.map(rest_at, depth + 1)?
            } else {
                let item = self.inline(rest, rest_at, at)?;
                self.advance();
                item
            };
            items.push(item);
        }
        Some(Node::Seq(items, Some(place)))
    }

    /// A value written on the line after its key or dash, at byte `at` of the line; nothing
    /// but a comment may follow it, and no more indented line.
    fn inline(&self, text: &'a str, at: usize, owner: usize) -> Option<Node<'a>> {
        let place = self.place(at)?;
        let (node, rest) = match text.as_bytes()[0] {
            b'{' => self.flow(text, at, b'}')?,
            b'[' => self.flow(text, at, b']')?,
            b'"' | b'\'' => {
                let (value, rest) = quoted(text)?;
                (Node::Quoted(value, place), rest)
            }
            _ => {
                let value = match text.find(" #") {
                    Some(end) => &text[..end],
                    None => text,
                }
                .trim_end_matches(' ');
                if !plain_block(value) {
                    return None;
                }
                (Node::Plain(value, place), "")
            }
        };
        // Only a comment may follow, after a space.
        if !(rest.is_empty()
            || rest.starts_with(' ') && {
                let comment = rest.trim_start_matches(' ');
                comment.is_empty() || comment.starts_with('#')
            })
        {
            return None;
        }
        // A line indented more than the key or dash `owner` is at would continue a plain
        // value over lines.
        if let Some(next) = self.lines.get(self.at + 1)
            && next.text.len() - next.text.trim_start_matches(' ').len() > owner
        {
            return None;
        }
        Some(node)
    }

    /// A flow mapping or sequence of scalars on one line, from `{` or `[` to `close`;
    /// returns it and the text after it.
    fn flow(&self, text: &'a str, at: usize, close: u8) -> Option<(Node<'a>, &'a str)> {
        let place = self.place(at)?;
        // Columns counted as the collection is read, not from the line's start for each
        // value: a long line of values would take their number times its length.
        let mut counted = (0, place.column);
        let mut place_at = |i: usize| -> Option<Place> {
            let (from, column) = counted;
            counted = (i, column + u32::try_from(chars(text.get(from..i)?)).ok()?);
            Some(Place {
                line: place.line,
                column: counted.1,
            })
        };
        let bytes = text.as_bytes();
        let mut i = 1;
        let mut entries = Vec::new();
        let mut items = Vec::new();
        let skip = |i: &mut usize| {
            while bytes.get(*i) == Some(&b' ') {
                *i += 1;
            }
        };
        skip(&mut i);
        if bytes.get(i) == Some(&close) {
            i += 1;
        } else {
            loop {
                let key = if close == b'}' {
                    let start = i;
                    while bytes.get(i).is_some_and(|b| is_key_byte(*b)) {
                        i += 1;
                    }
                    let key = &text[start..i];
                    if !plain_key(key)
                        || bytes.get(i) != Some(&b':')
                        || bytes.get(i + 1) != Some(&b' ')
                    {
                        return None;
                    }
                    i += 1;
                    skip(&mut i);
                    Some(key)
                } else {
                    None
                };
                let value_place = place_at(i)?;
                let value = match bytes.get(i)? {
                    b'"' | b'\'' => {
                        let (value, rest) = quoted(&text[i..])?;
                        i = text.len() - rest.len();
                        Node::Quoted(value, value_place)
                    }
                    b',' | b'}' | b']' if key.is_some() => Node::Empty,
                    _ => {
                        let start = i;
                        while bytes
                            .get(i)
                            .is_some_and(|b| !matches!(b, b',' | b'}' | b']'))
                        {
                            i += 1;
                        }
                        let value = text[start..i].trim_end_matches(' ');
                        if !plain_flow(value) {
                            return None;
                        }
                        Node::Plain(value, value_place)
                    }
                };
                match key {
                    Some(key) => {
                        if entries.len() == MAX_KEYS || entries.iter().any(|(k, _)| *k == key) {
                            return None;
                        }
                        entries.push((key, value));
                    }
                    None => items.push(value),
                }
                skip(&mut i);
                match bytes.get(i)? {
                    b',' => {
                        i += 1;
                        skip(&mut i);
                        // A trailing comma is left to serde-saphyr.
                        if bytes.get(i) == Some(&close) {
                            return None;
                        }
                    }
                    b if *b == close => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let node = if close == b'}' {
            Node::Map(entries, place)
        } else {
            Node::Seq(items, Some(place))
        };
        Some((node, &text[i..]))
    }
}

/// How many characters `text` holds, as serde-saphyr counts columns: mostly ASCII, so its
/// bytes where they are all ASCII.
fn chars(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// Whether a line's content is a sequence item (`- x`, or `-` alone).
fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Whether `key` is a word read the same here and by serde-saphyr: not one it reads as
/// null or true, and starting with a letter, digit or `_`.
fn plain_key(key: &str) -> bool {
    key.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !is_special(key)
}

/// A plain word key and what follows its `:`, trimmed; `None` if `content` is not one.
fn key(content: &str) -> Option<(&str, &str)> {
    let end = content.bytes().position(|b| !is_key_byte(b))?;
    let key = &content[..end];
    if !plain_key(key) {
        return None;
    }
    let rest = content[end..].strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim_start_matches(' ')))
}

/// A quoted scalar at the start of `text` and the text after it; `None` for one with an
/// escape or that does not close on this line.
fn quoted(text: &str) -> Option<(Cow<'_, str>, &str)> {
    let quote = text.as_bytes()[0];
    let body = &text[1..];
    if quote == b'"' {
        let end = body.find(['"', '\\'])?;
        if body.as_bytes()[end] == b'\\' {
            return None;
        }
        return Some((Cow::Borrowed(&body[..end]), &body[end + 1..]));
    }
    // Single quotes: `''` is one quote.
    let mut value: Option<String> = None;
    let mut from = 0;
    loop {
        let end = from + body[from..].find('\'')?;
        if body.as_bytes().get(end + 1) == Some(&b'\'') {
            value
                .get_or_insert_with(String::new)
                .push_str(&body[from..=end]);
            from = end + 2;
            continue;
        }
        let value = match value {
            Some(mut owned) => {
                owned.push_str(&body[from..end]);
                Cow::Owned(owned)
            }
            None => Cow::Borrowed(&body[..end]),
        };
        return Some((value, &body[end + 1..]));
    }
}

/// Whether `value` reads as the same plain scalar here and to serde-saphyr in a block:
/// it starts with no indicator, and holds no `: ` or ` #` and does not end in `:`.
fn plain_block(value: &str) -> bool {
    let Some(first) = value.bytes().next() else {
        return false;
    };
    let starts_well = match first {
        b'-' => value.len() > 1 && value.as_bytes()[1] != b' ',
        b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b',' | b'[' | b']' | b'{'
        | b'}' | b'#' | b'?' | b':' | b'"' | b'\'' => false,
        _ => true,
    };
    starts_well && !value.contains(": ") && !value.ends_with(':')
}

/// The same inside a flow collection, where `[`, `]`, `{`, `}`, `,` and any `:` and `#`
/// are left to serde-saphyr too.
fn plain_flow(value: &str) -> bool {
    plain_block(value)
        && !value
            .bytes()
            .any(|b| matches!(b, b'[' | b']' | b'{' | b'}' | b':' | b'#'))
}

/// Giving up: the block is parsed again by serde-saphyr, so the reason does not matter.
#[derive(Debug)]
pub struct Bail;

impl std::fmt::Display for Bail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("left to serde-saphyr")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: std::fmt::Display>(_: T) -> Bail {
        Bail
    }
}

/// What serde-saphyr's [`serde_saphyr::Spanned`] asks for to learn where a value is.
const SPANNED: &str = "__yaml_spanned";
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// Null as serde-saphyr reads a plain scalar.
fn is_null(plain: &str) -> bool {
    matches!(plain, "~" | "null" | "Null" | "NULL")
}

/// Plain scalars YAML's schemas read as something other than their text: null, booleans
/// of YAML 1.1 and 1.2, and the special floats. Left to serde-saphyr as a key, a string or
/// an enum's value, although it refuses only the null words as a string: a record with
/// one is rare, and giving it up costs nothing but time.
fn is_special(plain: &str) -> bool {
    is_null(plain)
        || matches!(
            plain.to_ascii_lowercase().as_str(),
            "true"
                | "false"
                | "yes"
                | "no"
                | "on"
                | "off"
                | "y"
                | "n"
                | ".nan"
                | ".inf"
                | "-.inf"
                | "+.inf"
        )
}

/// A decimal written plainly: `-12`, `3.5`. Leading zeros, signs, exponents and
/// underscores are left to serde-saphyr.
fn decimal(plain: &str) -> bool {
    let digits = plain.strip_prefix('-').unwrap_or(plain);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole)
        && !(whole.len() > 1 && whole.starts_with('0'))
        && fraction.is_none_or(all_digits)
}

struct Value<'n, 'a>(&'n Node<'a>);

impl IntoDeserializer<'_, Bail> for Value<'_, '_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Value<'_, '_> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        // Untyped values (`extra:`) take serde-saphyr's reading of every scalar.
        Err(Bail)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.0 {
            Node::Plain("true", _) => visitor.visit_bool(true),
            Node::Plain("false", _) => visitor.visit_bool(false),
            _ => Err(Bail),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.0 {
            Node::Plain(text, _) if decimal(text) && !text.contains('.') => {
                visitor.visit_i64(text.parse().map_err(|_| Bail)?)
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.0 {
            Node::Plain(text, _) if decimal(text) && !text.contains(['.', '-']) => {
                visitor.visit_u64(text.parse().map_err(|_| Bail)?)
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.0 {
            Node::Plain(text, _) if decimal(text) => {
                // Too many digits for a double make infinity here, an error there.
                let value: f64 = text.parse().map_err(|_| Bail)?;
                if !value.is_finite() {
                    return Err(Bail);
                }
                visitor.visit_f64(value)
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Bail> {
        Err(Bail)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.0 {
            Node::Plain(text, _) if !is_special(text) => visitor.visit_str(text),
            Node::Quoted(text, _) => visitor.visit_str(text),
            _ => Err(Bail),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.0 {
            Node::Empty => visitor.visit_none(),
            Node::Plain(text, _) if is_null(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.0 {
            Node::Seq(items, _) => {
                visitor.visit_seq(de::value::SeqDeserializer::new(items.iter().map(Value)))
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.0 {
            Node::Map(entries, _) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(Bail),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        match self.0 {
            // A unit variant; serde refuses the others through this access.
            Node::Plain(text, _) if !is_special(text) => {
                visitor.visit_enum(StrDeserializer::<Bail>::new(text))
            }
            _ => Err(Bail),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Bail> {
        if name == SPANNED {
            let place = match self.0 {
                Node::Plain(_, place)
                | Node::Quoted(_, place)
                | Node::Map(_, place)
                | Node::Seq(_, Some(place)) => *place,
                Node::Seq(_, None) | Node::Empty => return Err(Bail),
            };
            visitor.visit_newtype_struct(Spanned {
                node: self.0,
                place,
                state: 0,
            })
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple tuple_struct ignored_any
    }
}

struct Entries<'n, 'a> {
    entries: std::slice::Iter<'n, (&'a str, Node<'a>)>,
    value: Option<&'n Node<'a>>,
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(StrDeserializer::<Bail>::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        seed.deserialize(Value(self.value.take().ok_or(Bail)?))
    }
}

/// A value with its place, given as serde-saphyr gives it to [`serde_saphyr::Spanned`]:
/// a map of a marker, the value, and where it is referenced and defined (the same place,
/// since aliases are left to serde-saphyr).
struct Spanned<'n, 'a> {
    node: &'n Node<'a>,
    place: Place,
    state: u8,
}

impl<'de> de::Deserializer<'de> for Spanned<'_, '_> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> de::MapAccess<'de> for Spanned<'_, '_> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        let key = match self.state {
            0 => SPANNED_MARKER,
            1 => "value",
            2 => "referenced",
            3 => "defined",
            _ => return Ok(None),
        };
        self.state += 1;
        seed.deserialize(StrDeserializer::<Bail>::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        match self.state {
            1 => seed.deserialize(true.into_deserializer()),
            2 => seed.deserialize(Value(self.node)),
            3 | 4 => seed.deserialize(location(self.place)),
            _ => Err(Bail),
        }
    }
}

/// A place as serde-saphyr's `Location` reads itself: its line and column.
fn location(
    place: Place,
) -> de::value::MapDeserializer<'static, std::array::IntoIter<(&'static str, u32), 2>, Bail> {
    de::value::MapDeserializer::new([("line", place.line), ("column", place.column)].into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Action, Initiative, Measure, Meeting, Page, Person, Survey};
    use std::fmt::Debug;

    /// What serde-saphyr makes of `text`, as `yaml::parse_all` asks it.
    fn saphyr<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_saphyr::with_deserializer_from_str_with_options(text, super::super::options(), |d| {
            T::deserialize(d)
        })
        .map_err(|e| e.to_string())
    }

    /// Whether the two readers agree on `text`: when this one gives a value, serde-saphyr
    /// gives the same. Returns whether this one gave it.
    fn agree<T: DeserializeOwned + Debug>(text: &str, what: &str) -> bool {
        let Some(quick) = parse::<T>(text) else {
            return false;
        };
        match saphyr::<T>(text) {
            Ok(full) => assert_eq!(
                format!("{quick:?}"),
                format!("{full:?}"),
                "{what}: the readers differ on\n{text}"
            ),
            Err(error) => {
                panic!("{what}: serde-saphyr refuses ({error}) what was read from\n{text}")
            }
        }
        true
    }

    fn agree_as(kind: &str, text: &str, what: &str) -> bool {
        match kind {
            "initiatives" => agree::<Initiative>(text, what),
            "people" => agree::<Person>(text, what),
            "meetings" => agree::<Meeting>(text, what),
            "measures" => agree::<Measure>(text, what),
            "surveys" => agree::<Survey>(text, what),
            "actions" => agree::<Action>(text, what),
            "pages" => agree::<Page>(text, what),
            "config" => agree::<crate::config::Config>(text, what),
            _ => false,
        }
    }

    /// Every record of the example and the test fixtures, as (kind, file, YAML).
    fn corpus() -> Vec<(String, String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        for folder in ["content", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
                let entry = entry.unwrap();
                let path = entry.path();
                let name = path.to_string_lossy().into_owned();
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                // The kind is the folder under `content/`.
                let kind = if path.file_name().is_some_and(|n| n == "boardpack.yaml") {
                    "config".to_string()
                } else {
                    let parts: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
                    match parts.iter().position(|p| *p == "content") {
                        Some(at) if at + 2 < parts.len() => {
                            parts[at + 1].to_string_lossy().into_owned()
                        }
                        _ => continue,
                    }
                };
                let yaml = match path.extension().and_then(|e| e.to_str()) {
                    Some("yaml" | "yml") => text,
                    Some("md") => match crate::records::frontmatter::split(&text) {
                        Ok(split) => split.yaml.to_string(),
                        Err(_) => continue,
                    },
                    _ => continue,
                };
                found.push((kind, name, yaml));
            }
        }
        found
    }

    #[test]
    fn the_example_and_fixtures_read_the_same_and_mostly_here() {
        let corpus = corpus();
        let read = corpus
            .iter()
            .filter(|(kind, name, yaml)| agree_as(kind, yaml, name))
            .count();
        // The point is speed on the records people write: most of them must be read here
        // (the rest use text blocks or lists over lines, or are the invalid fixtures).
        assert!(corpus.len() > 100, "{}", corpus.len());
        assert!(read * 3 > corpus.len() * 2, "{read} of {}", corpus.len());
    }

    /// A small generator, so the changes are the same on every run.
    struct Random(u64);

    impl Random {
        fn next(&mut self, below: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % below as u64) as usize
        }
    }

    const VALUES: &[&str] = &[
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "true",
        "false",
        "True",
        "FALSE",
        "yes",
        "No",
        "on",
        "off",
        "y",
        "n",
        "0",
        "7",
        "-3",
        "012",
        "+5",
        "1.5",
        "-0.25",
        "1e3",
        ".5",
        "1_000",
        "0x1F",
        "0o7",
        ".inf",
        ".nan",
        "12:30",
        "2026-09-30",
        "2026-13-45",
        "2026-09",
        "2026-Q3",
        "2024",
        "doctor",
        "medical-director",
        "Paired Learning",
        "paired-learning",
        "active",
        "red",
        "\"quoted\"",
        "'single'",
        "'it''s'",
        "\"a\\\"b\"",
        "\"\"",
        "''",
        "[a, b]",
        "[]",
        "{}",
        "{ title: X, due: 2026-01-01 }",
        "[2026-01-01]",
        "a: b",
        "a:",
        "#x",
        "x # comment",
        "x#y",
        "- x",
        "&a x",
        "*a",
        "!!str x",
        "|",
        ">",
        "Sîan Ó Dálaigh",
        "“curly”",
        "a, b",
        "[a, [b]]",
        "{a: {b: c}}",
        "'unclosed",
        "\"unclosed",
        "`x`",
        "@x",
        "%x",
        "?x",
        "-x",
        "x:y",
        "http://example.org/a#b",
        "person-00001",
        "[person-00001, person-00002]",
        "{ period: 2024-10, value: 29 }",
        "-0",
        "-0.0",
        "00",
        "0.0",
        "1.",
        "-.5",
        "1.5e3",
        "18446744073709551616",
        "4294967296",
        "-1.25",
        "9007199254740993.5",
        "\u{a0}x",
        "x\u{2028}y",
        "\u{feff}x",
    ];

    const MARKS: &[&str] = &[
        " ", "  ", "-", "- ", ":", ": ", "#", " #", "'", "\"", "[", "]", "{", "}", ",", "\n",
        "\n  ", "\n- ", "?", "&", "*", "!", "|", ">", "\\", "\t", "\r", "\u{2028}", "\u{85}",
        "\u{a0}", "\u{feff}", "é", "---", "...",
    ];

    /// `yaml` changed once at random: a value replaced, a mark put in or a character
    /// taken out, or a line indented or outdented.
    fn change(yaml: &str, random: &mut Random) -> String {
        let lines: Vec<&str> = yaml.split('\n').collect();
        let line = random.next(lines.len());
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        match random.next(4) {
            0 => {
                let value = VALUES[random.next(VALUES.len())];
                if let Some(colon) = out[line].find(": ") {
                    out[line] = format!("{}: {value}", &out[line][..colon]);
                } else if let Some(dash) = out[line].find("- ") {
                    out[line] = format!("{}- {value}", &out[line][..dash]);
                } else {
                    out[line].push_str(value);
                }
            }
            1 => {
                let text = &out[line];
                let at = (0..=text.len())
                    .filter(|i| text.is_char_boundary(*i))
                    .nth(random.next(text.chars().count() + 1))
                    .unwrap_or(text.len());
                out[line].insert_str(at, MARKS[random.next(MARKS.len())]);
            }
            2 => {
                let text = &out[line];
                let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                if !boundaries.is_empty() {
                    out[line].remove(boundaries[random.next(boundaries.len())]);
                }
            }
            _ => {
                if random.next(2) == 0 {
                    out[line].insert_str(0, "  ");
                } else if out[line].starts_with(' ') {
                    out[line].remove(0);
                }
            }
        }
        out.join("\n")
    }

    #[test]
    fn changed_records_are_read_the_same_or_left_to_serde_saphyr() {
        let corpus = corpus();
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let (mut tried, mut read) = (0, 0);
        for (kind, name, yaml) in &corpus {
            for _ in 0..100 {
                let mut changed = change(yaml, &mut random);
                if random.next(3) == 0 {
                    changed = change(&changed, &mut random);
                }
                tried += 1;
                read += usize::from(agree_as(kind, &changed, name));
            }
        }
        // Many changes still read: the comparison is not only of refusals.
        assert!(read * 8 > tried, "{read} of {tried}");
    }

    #[test]
    fn values_are_placed_where_serde_saphyr_places_them() {
        // A list at its key's indentation is placed where serde-saphyr's scanner is after
        // the first `-`: it is left to serde-saphyr where a place is asked for.
        let points = "title: M\nimprovement: down\npoints:\n- period: 2026-01\n  value: 1\n";
        assert!(parse::<Measure>(points).is_none());
        assert!(saphyr::<Measure>(points).is_ok());
        let milestones = "title: A\nstatus: active\ncategory: shadowing\nlead: p\nmilestones:\n- { title: A, due: 2026-01-01 }\n";
        assert!(agree::<Initiative>(
            milestones,
            "a list at its key's indentation"
        ));
        let text = "title: Sîan's plan\nstatus: active\ncategory: shadowing\nlead: person-1\n\
                    sponsor: 'person-2'\ndue: 2026-01-01\nbudget: 1500.50\n\
                    measures:\n  - m-1\n  - \"m-2\"\nmilestones:\n- title: A\n  due: 2026-02-01\n\
                    - { title: B, due: 2026-03-01 }\n";
        assert!(agree::<Initiative>(text, "placed"));
        let measures = "title: M\nunit: days\nimprovement: down\npoints:\n  - { period: 2026-01, value: 3 }\n  - period: 2026-02\n    value: 4\n";
        assert!(agree::<Measure>(measures, "placed"));
    }

    #[test]
    fn numbers_and_words_read_as_serde_saphyr_reads_them() {
        let base = "title: A\nstatus: active\ncategory: shadowing\nlead: p\n";
        for budget in [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "1.50",
            "5000",
            "-12.25",
            "9007199254740993",
        ] {
            let text = format!("{base}budget: {budget}\n");
            assert!(agree::<Initiative>(&text, budget), "{budget} not read");
        }
        for pairs in ["0", "7", "4294967295", "null", "~", ""] {
            let text = format!("{base}pairs: {pairs}\n");
            assert!(agree::<Initiative>(&text, pairs), "{pairs} not read");
        }
        for title in [
            "2024",
            "-5",
            "1.5",
            "x:y",
            "C# and F#",
            "a, b",
            "it's",
            "Sîan",
        ] {
            let text = format!("lead: p\nstatus: active\ncategory: shadowing\ntitle: {title}\n");
            assert!(agree::<Initiative>(&text, title), "{title} not read");
        }
        // Read differently by YAML's schemas, or refused as the type: left to serde-saphyr.
        // Too many digits for a double: infinity to Rust, an error to serde-saphyr.
        let huge = format!("{base}budget: 1{}\n", "0".repeat(400));
        assert!(parse::<Initiative>(&huge).is_none() && saphyr::<Initiative>(&huge).is_err());
        for pairs in ["-1", "4294967296", "007", "+7", "1e3", "0x10", "1_000"] {
            let text = format!("{base}pairs: {pairs}\n");
            assert!(parse::<Initiative>(&text).is_none(), "{pairs}");
        }
    }

    #[test]
    fn what_is_left_to_serde_saphyr() {
        let base = "title: A\nstatus: active\ncategory: shadowing\nlead: p\n";
        assert!(parse::<Initiative>(base).is_some());
        for extra in [
            "tags: [a, [b]]\n",
            "due: &d 2026-01-01\n",
            "title2: |\n  text\n",
            "sponsor: >\n  p\n",
            "sponsor: \"a\\tb\"\n",
            "sponsor: p\n  continued\n",
            "sponsor:\tp\n",
            "extra:\n  a: 1\n",
            "? sponsor\n: p\n",
            "sponsor: !!str p\n",
        ] {
            let text = format!("{base}{extra}");
            assert!(parse::<Initiative>(&text).is_none(), "{text}");
        }
        assert!(
            parse::<Initiative>(&format!("{base}title: B\n")).is_none(),
            "duplicate key"
        );
        assert!(parse::<Initiative>("---\ntitle: A\n").is_none());
        assert!(parse::<Initiative>("").is_none());
        // A mapping of very many keys, which would take a while to look through for a
        // repeated one.
        let keys = |n: usize| -> String { (0..n).map(|k| format!("k{k}: v\n")).collect() };
        let read = |text: &str| Parser::new(text).and_then(Parser::document).is_some();
        assert!(read(&keys(MAX_KEYS)) && !read(&keys(MAX_KEYS + 1)));
        // Control characters, which `yaml::parse_all` refuses before asking either reader.
        assert!(parse::<Initiative>(&format!("{base}sponsor: a\u{c}b\n")).is_none());
        assert!(parse::<Initiative>(&format!("{base}sponsor: a\0b\n")).is_none());
        // Larger than any record's front matter: serde-saphyr's budget applies.
        let long = format!("{base}tags:\n{}", "- a\n".repeat(MAX_BYTES / 4));
        assert!(parse::<Initiative>(&long).is_none());
        // A long flow list is read in time linear in its length.
        let many = format!("{base}tags: [{}a]\n", "a, ".repeat(100_000));
        assert!(parse::<Initiative>(&many).is_some());
        let deep = (0..40).fold(String::from("x"), |inner, _| format!("{{a: {inner}}}"));
        assert!(parse::<Initiative>(&format!("{base}tags: {deep}\n")).is_none());
    }
}
