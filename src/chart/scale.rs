//! Value axes: where an axis ends and which ticks it carries, as plotters
//! coordinate specs ([`ValueAxis`] for counts, [`Slots`] for categories and
//! [`Points`] for lengths in points), so `ChartBuilder` maps data to the
//! page and the mesh draws exactly these ticks.

use std::ops::Range;

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};

/// An axis never ends more than this fraction above its largest value.
pub const MAX_HEADROOM: f64 = 0.25;

/// Tick steps are these times a power of ten.
const NICE_STEPS: [f64; 4] = [1.0, 2.0, 2.5, 5.0];

/// A value axis from zero to `top` with a tick every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueAxis {
    pub step: f64,
    pub top: f64,
}

impl ValueAxis {
    /// The axis for values up to `max`: it ends at the first tick at or
    /// above `max`, at most [`MAX_HEADROOM`] above it. Of the steps that do
    /// so, the finest with at most `max_ticks` intervals wins; when none
    /// has so few, the coarsest that keeps the headroom.
    pub fn for_max(max: f64, max_ticks: usize) -> Self {
        let max = if max > 0.0 { max } else { 1.0 };
        let max_ticks = max_ticks.max(1);
        let lowest = (max.log10().floor() as i32) - 2;
        let candidates = |whole_only: bool| -> Vec<ValueAxis> {
            let mut fitting = Vec::new();
            for exp in lowest..=lowest + 4 {
                for m in NICE_STEPS {
                    let step = m * 10f64.powi(exp);
                    let top = (max / step - 1e-9).ceil() * step;
                    if (!whole_only || step.fract() == 0.0)
                        && top <= max * (1.0 + MAX_HEADROOM) + 1e-9
                    {
                        fitting.push(ValueAxis { step, top });
                    }
                }
            }
            fitting
        };
        // Counts get whole-number ticks unless none keeps the headroom
        // (all values 1 or 2, say).
        let mut fitting = candidates(true);
        if fitting.is_empty() {
            fitting = candidates(false);
        }
        let intervals = |a: &ValueAxis| (a.top / a.step).round() as usize;
        fitting
            .iter()
            .filter(|a| intervals(a) <= max_ticks)
            .min_by(|a, b| a.step.total_cmp(&b.step))
            .or_else(|| fitting.iter().max_by(|a, b| a.step.total_cmp(&b.step)))
            .copied()
            .unwrap_or(ValueAxis {
                step: max,
                top: max,
            })
    }

    pub fn ticks(&self) -> Vec<f64> {
        let n = (self.top / self.step).round() as usize;
        (0..=n).map(|i| i as f64 * self.step).collect()
    }
}

/// Maps `v` of `range` linearly onto the pixel `limit`.
fn linear(v: f64, range: Range<f64>, limit: (i32, i32)) -> i32 {
    let span = range.end - range.start;
    let t = if span == 0.0 {
        0.0
    } else {
        (v - range.start) / span
    };
    (f64::from(limit.0) + t * f64::from(limit.1 - limit.0)).round() as i32
}

impl Ranged for ValueAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        linear(*value, self.range(), limit)
    }

    /// Every tick, whatever the hint: the axis was chosen to carry them.
    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks()
    }

    fn range(&self) -> Range<f64> {
        0.0..self.top
    }
}

/// `n` equal category slots: slot `i` spans `i..i + 1`, its key point (and
/// label) at the middle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slots(pub usize);

impl Ranged for Slots {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        linear(*value, self.range(), limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        (0..self.0).map(|i| i as f64 + 0.5).collect()
    }

    fn range(&self) -> Range<f64> {
        0.0..self.0 as f64
    }
}

/// A length in points down the page, for layouts whose rows have uneven
/// heights: `0` at the top, `self.0` at the bottom. No key points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Points(pub f64);

impl Ranged for Points {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    /// plotters hands a vertical axis its limits bottom first; this axis
    /// runs down the page, so it maps onto them reversed.
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        linear(*value, self.range(), (limit.1, limit.0))
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        Vec::new()
    }

    fn range(&self) -> Range<f64> {
        0.0..self.0
    }
}

// The mesh formats labels with the chart's own formatters; these are the
// fallbacks plotters requires to exist.
impl ValueFormatter<f64> for ValueAxis {
    fn format(value: &f64) -> String {
        value.to_string()
    }
}

impl ValueFormatter<f64> for Slots {
    fn format(value: &f64) -> String {
        value.to_string()
    }
}

impl ValueFormatter<f64> for Points {
    fn format(value: &f64) -> String {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(max: f64, max_ticks: usize) -> (f64, f64) {
        let a = ValueAxis::for_max(max, max_ticks);
        (a.step, a.top)
    }

    #[test]
    fn axes_end_at_the_first_nice_tick_at_most_a_quarter_above() {
        assert_eq!(axis(421.0, 5), (100.0, 500.0));
        assert_eq!(axis(421.0, 10), (50.0, 450.0));
        assert_eq!(axis(135.0, 4), (50.0, 150.0));
        assert_eq!(axis(9.0, 5), (2.0, 10.0));
        assert_eq!(axis(26727.0, 5), (10000.0, 30000.0));
        assert_eq!(axis(0.0, 5).1, 1.0);
        // Too few ticks allowed for the headroom rule: more ticks, not more air.
        assert_eq!(axis(101.0, 2), (25.0, 125.0));
        for max in [
            1.0, 3.0, 7.0, 41.0, 99.0, 101.0, 251.0, 421.0, 999.0, 1001.0, 18243.0,
        ] {
            for ticks in 1..=8 {
                let a = ValueAxis::for_max(max, ticks);
                assert!(a.top >= max, "{max}: {a:?}");
                assert!(a.top <= max * 1.25 + 1e-9, "{max}/{ticks}: {a:?}");
                assert!(a.step.fract() == 0.0, "{max}: whole steps {a:?}");
                let last = *a.ticks().last().unwrap();
                assert!((last - a.top).abs() < 1e-9, "the top is a tick");
            }
        }
    }

    #[test]
    fn coordinates_map_linearly() {
        let a = ValueAxis {
            step: 100.0,
            top: 500.0,
        };
        assert_eq!(a.map(&250.0, (1000, 0)), 500);
        assert_eq!(
            a.key_points(3usize),
            vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0]
        );
        assert_eq!(Slots(4).key_points(4usize), vec![0.5, 1.5, 2.5, 3.5]);
        assert_eq!(Points(10.0).map(&0.0, (1000, 0)), 0);
    }
}
