//! Page layout: places a checked profile on one page as a [`Frame`].
//!
//! The sheet is a title band and four bands on a twelve-column grid
//! ([`grid`]): the map with the intro and demographics; the top-5 venue
//! lists, the charts and the disclaimer; statutes and statewide efforts;
//! the hotlines; then a footer. Each band picks, among arrangements on the
//! grid, the one that leaves the fewest holes ([`band`]). The fit
//! ([`layout`]) then looks for the largest type that fits, in this order:
//! arrangements first, then tighter spacing, then smaller type down to the
//! floors of the type scale ([`style`]); past the floors layout fails
//! naming the section that does not fit. Spare height goes to the gaps
//! between bands, so the page never ends in a blank strip.

mod band;
mod blocks;
pub mod flow;
pub mod grid;
mod heights;
pub mod style;
pub mod text;
pub(crate) mod wording;

use std::cell::OnceCell;
use std::rc::Rc;

use crate::chart;
use crate::frame::{Frame, Rgb};
use crate::map;
use crate::profile::{self, Profile};
use grid::Grid;
use heights::Heights;
use style::{Style, BODY_FLOOR, BODY_MAX, BODY_STEP, SPACINGS};

pub use crate::profile::Paper as PageSize;
pub use style::palette;

/// Width and height of the paper, in points.
pub fn dimensions(page: PageSize) -> (f32, f32) {
    match page {
        PageSize::Letter => (612.0, 792.0),
        PageSize::A4 => (595.28, 841.89),
    }
}

/// Half an inch on every side.
pub const MARGIN: f32 = 36.0;

/// Why a profile could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// The content is taller than the page even at the smallest type.
    #[error(
        "the sheet does not fit on one page even with {} pt body text: \
         the {section} section runs {over:.0} pt past the bottom margin; \
         shorten its text or drop entries",
        BODY_FLOOR
    )]
    Overflow { section: &'static str, over: f32 },
    #[error("chart `{title}`: {error}")]
    Chart {
        title: String,
        #[source]
        error: chart::ChartError,
    },
    #[error("heat map: {0}")]
    Map(#[source] map::MapError),
}

/// Layout settings that are not part of the profile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Overrides the profile's `theme.page`; Letter when neither is set.
    pub page: Option<PageSize>,
}

/// A laid-out sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub frame: Frame,
    /// The body text size the content fitted at, in points.
    pub body: f32,
    /// The twelve-column grid every band is placed on.
    pub grid: Grid,
}

/// What every band draws with in one attempt.
pub(crate) struct Ctx<'a> {
    pub profile: &'a Profile,
    /// Chart colours from the theme; empty for the charts' default.
    pub palette: &'a [Rgb],
    pub style: Style,
    pub grid: Grid,
    /// Paper width and height.
    pub page: (f32, f32),
    /// Measuring only: costly drawing that cannot change the geometry
    /// (the map) is skipped.
    pub draft: bool,
    /// Height the page has to spare beyond what the gaps between bands
    /// take: the map grows into it.
    pub grow: f32,
    /// The state's map, resolved and projected (or why it cannot be) by
    /// the first attempt: it depends on the profile alone, not on the type
    /// or spacing tried.
    pub map: &'a OnceCell<Result<map::StateMap, map::MapError>>,
    /// What the fit's drafts measured that depends on the type size alone.
    pub heights: &'a Heights,
}

impl Ctx<'_> {
    /// A scratch page to measure on.
    pub fn scratch(&self) -> Frame {
        Frame::measuring(self.page.0, self.page.1)
    }

    /// The heights `measure` finds for `what` at this type size and `at`,
    /// measured once a fit (see [`heights`]): nothing but the type size and
    /// `at` may change them.
    pub fn remembered(
        &self,
        what: &'static str,
        at: &[f32],
        measure: impl FnOnce() -> Vec<f32>,
    ) -> Rc<[f32]> {
        self.heights.remembered(what, self.style.body, at, measure)
    }

    /// [`Ctx::remembered`] for a measure that may fail.
    pub fn try_remembered<E>(
        &self,
        what: &'static str,
        at: &[f32],
        measure: impl FnOnce() -> Result<Vec<f32>, E>,
    ) -> Result<Rc<[f32]>, E> {
        self.heights
            .try_remembered(what, self.style.body, at, measure)
    }

    /// The bottom of what `draw` draws on a scratch page, measured once a
    /// fit as [`Ctx::remembered`]: nothing but the type size and `at` may
    /// change it.
    pub fn measured(
        &self,
        what: &'static str,
        at: &[f32],
        draw: impl FnOnce(&mut Frame) -> f32,
    ) -> f32 {
        self.remembered(what, at, || vec![draw(&mut self.scratch())])[0]
    }

    /// This context for drafts that only measure.
    pub fn drafting(&self) -> Ctx<'_> {
        Ctx {
            draft: true,
            grow: 0.0,
            ..*self
        }
    }
}

/// The body sizes the fit tries, largest first.
fn body_sizes() -> Vec<f32> {
    let steps = ((BODY_MAX - BODY_FLOOR) / BODY_STEP).round() as usize;
    (0..=steps)
        .map(|i| BODY_MAX - i as f32 * BODY_STEP)
        .collect()
}

/// The first of `count` candidates (largest type or loosest spacing first)
/// that fits, and its attempt. Larger type and looser spacing never make
/// the page shorter, so halving finds it in a few drafts instead of one per
/// candidate. The last candidate is drafted only when no other fits (its
/// attempt may be `known` already); when it does not fit either, its
/// attempt is returned, overflowing.
fn first_fitting(
    count: usize,
    known: Option<band::Attempt>,
    mut attempt: impl FnMut(usize) -> Result<band::Attempt, LayoutError>,
) -> Result<(usize, band::Attempt), LayoutError> {
    let (mut low, mut high) = (0, count - 1);
    let mut fitted = None;
    while low < high {
        let mid = (low + high) / 2;
        let trial = attempt(mid)?;
        if trial.overflow.is_none() {
            high = mid;
            fitted = Some(trial);
        } else {
            low = mid + 1;
        }
    }
    let fitted = match (fitted, known) {
        (Some(fitted), _) | (None, Some(fitted)) => fitted,
        (None, None) => attempt(high)?,
    };
    Ok((high, fitted))
}

/// Lays the profile out on one page at the largest type that fits.
pub fn layout(profile: &Profile, options: Options) -> Result<Sheet, LayoutError> {
    crate::fonts::remembering_lines(|| fit(profile, options))
}

fn fit(profile: &Profile, options: Options) -> Result<Sheet, LayoutError> {
    let palette: Vec<Rgb> = profile
        .theme
        .palette
        .iter()
        .filter_map(|c| profile::parse_color(c))
        .collect();
    let paper = options
        .page
        .or(profile.theme.page)
        .unwrap_or(PageSize::Letter);
    let page = dimensions(paper);
    let grid = Grid::new(MARGIN, page.0 - 2.0 * MARGIN);
    let map = OnceCell::new();
    let heights = Heights::default();
    let attempt = |(body, spacing): (f32, f32), spread: f32, grow: f32, draft: bool| {
        let ctx = Ctx {
            profile,
            palette: &palette,
            style: Style::at(body, spacing, spread, profile),
            grid,
            page,
            draft,
            grow,
            map: &map,
            heights: &heights,
        };
        band::page(&ctx)
    };
    // The largest type that fits with the tightest spacing, then at that
    // size the loosest spacing that fits: type never steps down while
    // tighter spacing would do.
    let sizes = body_sizes();
    let tightest = SPACINGS[SPACINGS.len() - 1];
    let (size, at_size) = first_fitting(sizes.len(), None, |i| {
        attempt((sizes[i], tightest), 0.0, 0.0, true)
    })?;
    if let Some((section, over)) = at_size.overflow {
        return Err(LayoutError::Overflow { section, over });
    }
    let body = sizes[size];
    let (loosest, fitted) = first_fitting(SPACINGS.len(), Some(at_size), |i| {
        attempt((body, SPACINGS[i]), 0.0, 0.0, true)
    })?;
    let spacing = SPACINGS[loosest];
    // Share what is left of the page between the bands, so the sheet does
    // not end in a blank strip above the footer; what the gaps cannot take
    // without opening holes goes to the map. The drafts measured; the
    // final run draws everything.
    let room = Style::at(body, spacing, 0.0, profile).band_gap_room();
    let spread = (fitted.slack / band::GAPS as f32).min(room);
    let grow = fitted.slack - spread * band::GAPS as f32;
    let sheet = attempt((body, spacing), spread, grow, false)?;
    Ok(Sheet {
        frame: sheet.frame,
        body,
        grid,
    })
}
