//! The dashboard: every headline indicator as a tile, the survey beside the national
//! figures, a tile per measure, and the data exports.

use super::PageOut;
use super::common::{Link, Tile, tile};
use super::surveys::survey_tiles;
use crate::indicators::Status;
use crate::site::reader::Reader;
use crate::urls;
use serde::Serialize;

#[derive(Serialize)]
struct Dashboard {
    tiles: Vec<Tile>,
    survey_tiles: Vec<Tile>,
    measure_tiles: Vec<Tile>,
    breaches: usize,
    warnings: usize,
    data_links: Vec<Link>,
}

pub fn view(reader: &Reader) -> PageOut {
    let indicators = reader.indicators();
    let (b, a, i, l) = (
        &indicators.board,
        &indicators.attendance,
        &indicators.initiatives,
        &indicators.leaders,
    );
    let flags = format!("{}#flags", urls::BOARD);
    let attendance = format!("{}#attendance", urls::BOARD);
    let leaders = format!("{}#leaders", urls::BOARD);
    let tiles = vec![
        tile(&b.members, urls::BOARD),
        tile(&b.clinical_share, urls::BOARD),
        tile(&b.independence, urls::BOARD),
        tile(&b.mandatory_roles_missing, urls::BOARD),
        tile(&b.terms_ending, &flags),
        tile(&b.tenure_breach, &flags),
        tile(&b.fit_and_proper_overdue, &flags),
        tile(&a.rate, &attendance),
        tile(&i.count, urls::INITIATIVES),
        tile(&i.on_track_share, urls::INITIATIVES),
        tile(&i.by_rag, urls::INITIATIVES),
        tile(&i.overdue, urls::INITIATIVES),
        tile(&i.overdue_milestones, urls::INITIATIVES),
        tile(&i.budget, urls::INITIATIVES),
        tile(&l.management_share, &leaders),
        tile(&l.management_overrun, &leaders),
    ];
    let measure_tiles = indicators
        .measures
        .iter()
        .map(|m| tile(&m.indicator, &urls::measure(m.id)))
        .collect();
    let exports = [
        ("All indicators (JSON)", urls::INDICATORS_JSON),
        ("All indicators (CSV)", urls::INDICATORS_CSV),
        ("Initiatives (CSV)", urls::INITIATIVES_CSV),
        ("Attendance (CSV)", urls::ATTENDANCE_CSV),
        ("Measure points (CSV)", urls::MEASURES_CSV),
    ];
    let view = Dashboard {
        tiles,
        survey_tiles: survey_tiles(indicators),
        measure_tiles,
        breaches: indicators.count(Status::Breach),
        warnings: indicators.count(Status::Warn),
        data_links: exports
            .iter()
            .map(|(title, href)| Link {
                title: title.to_string(),
                href: href.to_string(),
            })
            .collect(),
    };
    PageOut::new(
        urls::DASHBOARD,
        "index.html",
        "Dashboard",
        urls::DASHBOARD,
        &view,
    )
}
