//! The bands of the sheet, top to bottom, and the page they make.
//!
//! Each band draws itself from a top edge and returns its bottom; where it
//! has a choice of arrangement it drafts each on a scratch page and keeps
//! the one that is shortest with the fewest holes.

mod hotlines;
mod overview;
mod statutes;
mod title;
mod venues;

use crate::frame::Frame;

use super::{Ctx, LayoutError, MARGIN};

/// Gaps between bands that share spare height: after the title band and
/// between the four bands below it.
pub const GAPS: usize = 4;

/// Of `candidates` as `(score, candidate)`, preferred first, the one with
/// the lowest score: a later one must beat an earlier one by more than
/// [`TIE`].
pub fn lowest<T>(candidates: impl IntoIterator<Item = (f32, T)>) -> Option<(f32, T)> {
    candidates
        .into_iter()
        .fold(None, |best, (score, candidate)| match best {
            Some((lowest, _)) if score >= lowest - TIE => best,
            _ => Some((score, candidate)),
        })
}

/// Holes up to this size (square points; 1.2 sq in) cost an arrangement
/// nothing: it is judged by its height alone. Larger ones weigh against it.
const HOLE_BUDGET: f32 = 1.2 * 72.0 * 72.0;

/// Arrangements whose scores differ by less than this are a tie; the one
/// tried first (the larger map, the preferred split) wins.
pub const TIE: f32 = 0.5;

/// A column of a band: its left edge, width and how much shorter than the
/// band it ends.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub x: f32,
    pub width: f32,
    pub shortfall: f32,
}

/// The largest empty area under the columns of a band (given left to
/// right): neighbouring short columns make one hole, and a hole runs on
/// through the gap under the band.
pub fn largest_hole(ctx: &Ctx, columns: &[Column]) -> f32 {
    let mut largest = 0.0f32;
    for (i, first) in columns.iter().enumerate() {
        let mut depth = f32::INFINITY;
        for last in &columns[i..] {
            depth = depth.min(last.shortfall);
            if depth <= TIE {
                break;
            }
            let width = last.x + last.width - first.x;
            largest = largest.max((depth + ctx.style.band_gap) * width);
        }
    }
    largest
}

/// How an arrangement of a band compares with the others: its height,
/// plus its largest hole beyond the budget weighed as full-width height.
pub fn score(height: f32, hole: f32, ctx: &Ctx) -> f32 {
    height + 4.0 * (hole - HOLE_BUDGET).max(0.0) / ctx.grid.width()
}

/// One attempt at the page.
pub struct Attempt {
    pub frame: Frame,
    /// The first section that crossed the footer, and by how much.
    pub overflow: Option<(&'static str, f32)>,
    /// Unused height above the footer when everything fits.
    pub slack: f32,
}

/// A band: draws from `top`, returns its bottom.
type Band = fn(&Ctx, &mut Frame, f32) -> Result<f32, LayoutError>;

/// Lays out the whole page with `ctx`'s type and spacing. A draft is
/// laid out on a page that keeps nothing drawn: only its height counts.
pub fn page(ctx: &Ctx) -> Result<Attempt, LayoutError> {
    let mut frame = if ctx.draft {
        ctx.scratch()
    } else {
        Frame::new(ctx.page.0, ctx.page.1)
    };
    let limit = title::footer_top(ctx) - ctx.style.block_gap;
    let bands: [(&'static str, Band); 4] = [
        ("map and demographics", overview::draw),
        ("venues and chart", venues::draw),
        ("laws and statewide efforts", statutes::draw),
        ("hotlines", hotlines::draw),
    ];
    let mut y = title::draw(ctx, &mut frame, MARGIN) + ctx.style.band_gap;
    let mut overflow = None;
    for (i, (section, band)) in bands.into_iter().enumerate() {
        y = band(ctx, &mut frame, y)?;
        if overflow.is_none() && y > limit {
            overflow = Some((section, y - limit));
        }
        if i + 1 < bands.len() {
            y += ctx.style.band_gap;
        }
    }
    title::footer(ctx, &mut frame);
    Ok(Attempt {
        frame,
        overflow,
        slack: (limit - y).max(0.0),
    })
}
