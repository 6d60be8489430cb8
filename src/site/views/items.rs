//! The lines under the tiles and flags of list indicators: names and titles linked to their
//! pages, dates in words. (The terminal table shows the same lists by id, for the
//! secretary; a reader of the site never sees an id.)

use super::common::{Item, label};
use crate::indicators::board::{FitAndProper, Tenure, TermEnding};
use crate::indicators::initiatives::Overdue;
use crate::indicators::leaders::Overrun;
use crate::indicators::number;
use crate::site::reader::Reader;
use crate::style::{Style, tenure_beyond};
use crate::urls;
use crate::words::plural;

pub fn terms_ending(style: Style, list: &[TermEnding]) -> Vec<Item> {
    list.iter()
        .map(|t| {
            let text = format!(
                "term ends {} ({})",
                style.date(t.term_ends),
                crate::words::in_days(t.days.unsigned_abs() as usize)
            );
            Item::person(t.id, t.name, text)
        })
        .collect()
}

pub fn tenures(reader: &Reader, list: &[Tenure]) -> Vec<Item> {
    let style = reader.style();
    list.iter()
        .map(|t| {
            let text = format!(
                "in post {} (since {})",
                tenure_beyond(t.first_appointed, reader.as_of()),
                style.date(t.first_appointed)
            );
            Item::person(t.id, t.name, text)
        })
        .collect()
}

pub fn fit_and_proper(style: Style, list: &[FitAndProper]) -> Vec<Item> {
    list.iter()
        .map(|f| {
            let text = match f.fit_and_proper {
                Some(date) => format!("last assessed {}", style.date(date)),
                None => "no assessment recorded".to_string(),
            };
            Item::person(f.id, f.name, text)
        })
        .collect()
}

/// The tile of the mandatory roles no voting member holds: how many, with each role in
/// words under it (the indicator's own summary names them all, for the terminal).
pub fn roles_missing_tile(
    indicator: &crate::indicators::Indicator<Vec<&'static str>>,
    href: &str,
) -> super::common::Tile {
    let mut tile = super::common::tile_with(indicator, href, roles_missing(&indicator.value));
    if !indicator.value.is_empty() {
        tile.summary = crate::words::plural(indicator.value.len(), "role");
    }
    tile
}

pub fn roles_missing(list: &[&str]) -> Vec<Item> {
    list.iter()
        .map(|role| Item {
            name: label(role),
            href: None,
            text: "no voting member in post".into(),
            confidential: false,
        })
        .collect()
}

pub fn overdue_initiatives(style: Style, list: &[Overdue]) -> Vec<Item> {
    list.iter()
        .map(|o| Item {
            name: o.title.to_string(),
            href: Some(urls::initiative(o.id)),
            text: format!(
                "due {}, {} overdue",
                style.date(o.due),
                plural(o.days_overdue.unsigned_abs() as usize, "day")
            ),
            confidential: false,
        })
        .collect()
}

/// Each milestone under its initiative's title (`Overdue` names the initiative by id).
pub fn overdue_milestones(reader: &Reader, list: &[Overdue]) -> Vec<Item> {
    let style = reader.style();
    list.iter()
        .map(|o| {
            let initiative = reader.initiative(o.id);
            Item {
                name: initiative.map_or_else(|| o.id.to_string(), |i| i.fields.title.value.clone()),
                href: Some(urls::initiative(o.id)),
                text: format!(
                    "“{}” due {}, {} overdue",
                    o.title,
                    style.date(o.due),
                    plural(o.days_overdue.unsigned_abs() as usize, "day")
                ),
                confidential: false,
            }
        })
        .collect()
}

pub fn overruns(list: &[Overrun]) -> Vec<Item> {
    list.iter()
        .map(|o| {
            let text = format!(
                "{} management PAs a week recorded against {} planned",
                number(o.actual),
                number(o.planned)
            );
            Item::person(o.id, o.name, text)
        })
        .collect()
}
