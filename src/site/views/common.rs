//! What several views show alike: labels for readers, links to people, tiles, icons' words.

use crate::indicators::{Figure, Reading, Status, whole_percent};
use crate::records::keyword;
use crate::site::icons;
use crate::site::reader::{PersonRef, Reader};
use crate::spc::{Assurance, Chart, Variation};
use crate::style::When;
use crate::urls;
use serde::Serialize;

/// A record's word as a reader's label: `paired-learning` → `Paired learning`.
pub fn label(word: &str) -> String {
    let special = match word {
        "ahp" => Some("Allied health professional"),
        "non-executive-director" => Some("Non-executive director"),
        "associate-non-executive-director" => Some("Associate non-executive director"),
        "well-led" => Some("Well-led"),
        _ => None,
    };
    if let Some(special) = special {
        return special.into();
    }
    capitalised(&word.replace('-', " "))
}

/// `text` with its first letter a capital: `non-voting` → `Non-voting`.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn labelled<T: Serialize>(value: &T) -> String {
    label(&keyword(value))
}

/// A link to a person as shown: a name and a link. A person outside the build (a
/// confidential record) has none: the caller shows nothing, so no name is left behind.
#[derive(Serialize, Clone)]
pub struct PersonLink<'m> {
    pub id: &'m str,
    pub name: &'m str,
    pub href: String,
    pub confidential: bool,
}

impl<'m> PersonLink<'m> {
    fn of(person: PersonRef<'m>) -> PersonLink<'m> {
        PersonLink {
            id: person.id,
            name: person.name,
            href: urls::person(person.id),
            confidential: person.confidential,
        }
    }

    /// Where the person comes in a list by name: by [`crate::words::name_key`], then as
    /// written, then by id, so the order never depends on the records' order.
    pub fn sort_key(&self) -> (String, &'m str, &'m str) {
        (crate::words::name_key(self.name), self.name, self.id)
    }
}

/// A link to the person `id`, if they are in this build.
pub fn person_link<'m>(reader: &Reader<'_, 'm>, id: &str) -> Option<PersonLink<'m>> {
    reader.person_ref(id).map(PersonLink::of)
}

#[derive(Serialize)]
pub struct Tile {
    pub label: String,
    pub summary: String,
    pub status: Status,
    pub status_label: &'static str,
    pub href: String,
    /// Whom or what the indicator is about, when its value is a list.
    pub items: Vec<Item>,
    /// What moved since the last quarter end before the report date.
    pub change: Option<String>,
    /// A measure's variation and assurance icons.
    pub icons: Vec<String>,
    /// What the icons say, in Making Data Count's short words ("Concern (high) ·
    /// Consistently fails"): their colour alone told improvement from concern, and in
    /// greyscale not even that (WCAG 1.4.1); their names were only in each icon's title.
    pub icon_words: Option<String>,
    /// The national IHM figure shown beside survey shares.
    pub reference: Option<String>,
}
/// A line under a tile or a flag: whom or what it is about, linked to its page, and what of
/// them.
#[derive(Serialize)]
pub struct Item {
    pub name: String,
    pub href: Option<String>,
    pub text: String,
    /// The record it names is confidential (in a `--confidential` build): marked as its
    /// own page and list rows mark it ([`mark_confidential`]).
    pub confidential: bool,
}

impl Item {
    pub fn person(id: &str, name: &str, text: String) -> Item {
        Item {
            name: name.to_string(),
            href: Some(urls::person(id)),
            text,
            confidential: false,
        }
    }
}

/// Marks each item of `tiles` that names a confidential record: FORMAT.md has such a
/// record "marked on every page that shows it", and a tile's list named it plainly. Only a
/// `--confidential` build holds one ([`Reader::confidential_links`]).
pub fn mark_confidential(reader: &Reader, tiles: &mut [Tile]) {
    let hidden = reader.confidential_links();
    if hidden.is_empty() {
        return;
    }
    for item in tiles.iter_mut().flat_map(|t| t.items.iter_mut()) {
        item.confidential = item.href.as_ref().is_some_and(|href| hidden.contains(href));
    }
}

pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Ok => "OK",
        Status::Warn => "Attention",
        Status::Breach => "Breach",
        Status::Info => "For information",
    }
}

pub fn tile(indicator: &(impl Reading + ?Sized), href: &str) -> Tile {
    tile_since(indicator, href, None)
}

/// A tile that says what moved since `since` (the last quarter end before the report
/// date), if the indicator is a count or a share.
pub fn tile_since(indicator: &(impl Reading + ?Sized), href: &str, since: Option<When>) -> Tile {
    let change = since.and_then(|since| {
        let (now, then) = indicator.change()?;
        Some(change_since(now, then, &since.text))
    });
    Tile {
        change,
        icons: Vec::new(),
        icon_words: None,
        label: indicator.label().to_string(),
        summary: indicator.summary().to_string(),
        status: indicator.status(),
        status_label: status_label(indicator.status()),
        href: href.to_string(),
        items: Vec::new(),
        reference: None,
    }
}

/// A tile with the lines of its list.
pub fn tile_with(indicator: &(impl Reading + ?Sized), href: &str, items: Vec<Item>) -> Tile {
    Tile {
        items,
        ..tile(indicator, href)
    }
}

/// What moved between `then` and `now`: "up 4 points since 30 June 2026" for a share, "up
/// 2 since 30 June 2026" for a count, "no change since ...", or that there was no figure.
pub fn change_since(now: Figure, then: Option<Figure>, since: &str) -> String {
    let (Some(now_value), Some(then_value)) = (now.value(), then.and_then(Figure::value)) else {
        return format!("no figure to compare on {since}");
    };
    let (difference, unit) = match now {
        // The change between the percentages a reader sees, this quarter's and the last's:
        // 50.4% and 49.6% both read "50%", and "down 1 point" beside them read as a mistake.
        Figure::Share(_) => (
            whole_percent(now_value) - whole_percent(then_value),
            Some("point"),
        ),
        Figure::Count(_) => ((now_value - then_value).round(), None),
    };
    let size = difference.abs();
    let amount = match unit {
        Some(unit) if size == 1.0 => format!("1 {unit}"),
        Some(unit) => format!("{size} {unit}s"),
        None => size.to_string(),
    };
    if difference > 0.0 {
        format!("up {amount} since {since}")
    } else if difference < 0.0 {
        format!("down {amount} since {since}")
    } else {
        format!("no change since {since}")
    }
}

/// A status as a badge shows it.
#[derive(Serialize)]
pub struct StatusBadge {
    pub id: &'static str,
    pub label: &'static str,
}

/// A measure's status (`indicators::measures::status`), as the dashboard shows it.
pub fn status_of(chart: &Chart) -> StatusBadge {
    let status = crate::indicators::measures::status(chart);
    StatusBadge {
        id: status.id(),
        label: status_label(status),
    }
}

/// The variation icon and its words. `id` and `kind` are for the theme's classes; a
/// reader sees the icon and `text`.
#[derive(Serialize)]
pub struct VariationLabel {
    pub id: &'static str,
    /// Its short name, for a table.
    pub text: &'static str,
    /// What it says in full, as its accessible name.
    pub description: &'static str,
    pub kind: &'static str,
    pub svg: String,
}

pub fn variation_label(variation: Variation) -> VariationLabel {
    let kind = match variation {
        Variation::CommonCause => "common-cause",
        Variation::ImprovementHigh | Variation::ImprovementLow => "improvement",
        Variation::ConcernHigh | Variation::ConcernLow => "concern",
        Variation::NeitherHigh | Variation::NeitherLow => "neither",
    };
    VariationLabel {
        id: variation.id(),
        text: icons::variation_short(variation),
        description: icons::variation_name(variation),
        kind,
        svg: icons::variation(variation),
    }
}

/// The assurance icon and its words.
#[derive(Serialize)]
pub struct AssuranceLabel {
    pub id: &'static str,
    /// Its short name, for a table.
    pub text: &'static str,
    /// What it says in full, as its accessible name.
    pub description: &'static str,
    pub svg: String,
}

pub fn assurance_label(assurance: Assurance) -> AssuranceLabel {
    AssuranceLabel {
        id: assurance.id(),
        text: icons::assurance_short(assurance),
        description: icons::assurance_name(assurance),
        svg: icons::assurance(assurance),
    }
}

/// A link with its title, as the data and filter lists show them.
#[derive(Serialize)]
pub struct Link {
    pub title: String,
    pub href: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_in_words() {
        let since = "30 June 2026";
        let share = |v| Figure::Share(Some(v));
        assert_eq!(
            change_since(share(0.42), Some(share(0.38)), since),
            "up 4 points since 30 June 2026"
        );
        assert_eq!(
            change_since(share(0.38), Some(share(0.385)), since),
            "down 1 point since 30 June 2026"
        );
        assert_eq!(
            change_since(share(0.38), Some(share(0.38)), since),
            "no change since 30 June 2026"
        );
        // Worked out from the percentages as shown: both read "50%".
        assert_eq!(
            change_since(share(0.496), Some(share(0.504)), since),
            "no change since 30 June 2026"
        );
        // 14.5% reads "15%" (half away from zero), 13.6% "14%".
        assert_eq!(
            change_since(share(29.0 / 200.0), Some(share(0.136)), since),
            "up 1 point since 30 June 2026"
        );
        assert_eq!(
            change_since(share(0.004), Some(share(0.0)), since),
            "no change since 30 June 2026"
        );
        assert_eq!(
            change_since(Figure::Count(13.0), Some(Figure::Count(11.0)), since),
            "up 2 since 30 June 2026"
        );
        assert_eq!(
            change_since(share(0.5), Some(Figure::Share(None)), since),
            "no figure to compare on 30 June 2026"
        );
        assert_eq!(
            change_since(share(0.5), None, since),
            "no figure to compare on 30 June 2026"
        );
    }

    #[test]
    fn labels_for_readers() {
        assert_eq!(label("paired-learning"), "Paired learning");
        assert_eq!(label("ahp"), "Allied health professional");
        assert_eq!(label("non-executive-director"), "Non-executive director");
        assert_eq!(label("chief-executive"), "Chief executive");
        assert_eq!(label(""), "");
    }
}
