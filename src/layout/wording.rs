//! The profile's `[labels]` as the wording the charts and the map print and
//! say: the profile does not know the drawing modules, nor they the
//! profile, so layout hands one to the other.

use crate::chart::ChartLabels;
use crate::map::MapWording;
use crate::profile::Labels;
use crate::words::NumberFormat;

/// The wording charts print and say.
pub(crate) fn chart_labels<'a>(labels: &'a Labels, numbers: NumberFormat<'a>) -> ChartLabels<'a> {
    ChartLabels {
        undisclosed: &labels.undisclosed,
        not_shown: &labels.not_shown,
        and: &labels.and,
        numbers,
    }
}

/// The wording the map prints and says, besides the legend's ends.
pub(crate) fn map_wording<'a>(labels: &'a Labels, numbers: NumberFormat<'a>) -> MapWording<'a> {
    let alt = &labels.map_alt;
    let r = &alt.regions;
    MapWording {
        no_data: &labels.no_data,
        and: &labels.and,
        numbers,
        alt: &alt.intensities,
        alt_counts: &alt.counts,
        alt_heaviest: &alt.heaviest,
        alt_empty: &alt.empty,
        units: alt.units.as_deref(),
        regions: [
            &r.northwest,
            &r.north_central,
            &r.northeast,
            &r.west_central,
            &r.central,
            &r.east_central,
            &r.southwest,
            &r.south_central,
            &r.southeast,
        ],
        several_regions: &alt.several_regions,
    }
}
