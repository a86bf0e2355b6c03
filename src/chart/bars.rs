//! Bars. Horizontal bars are rows of label | bar | count on a scale that
//! may be shared by several blocks of rows ([`RowScale`], used by the bar
//! chart and by every demographic group of a sheet); vertical bars, single
//! or grouped by category, stand on a [`CategoryPlot`]. Both are drawn as
//! plotters `Rectangle`s in chart coordinates.

use plotters::chart::ChartBuilder;
use plotters::prelude::{PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use super::canvas::{check, plot_color, stroke, text_box, Canvas};
use super::plot::CategoryPlot;
use super::scale::Points;
use super::{
    lift_clear_of, line_height, retry_for_headroom, text_width, undisclosed, ChartError,
    ChartLabels, ChartSpec, Style,
};
use crate::fonts::{self, Face};
use crate::frame::{Rect, Rgb};

/// Length of the bar drawn for an undisclosed count (the same for 1 and 2,
/// so the bar gives nothing away).
pub(super) const STUB: f32 = 1.0;
/// Width of the hairline that marks a zero at the axis.
pub(super) const ZERO_HAIRLINE: f32 = 0.75;
/// Between a bar's end and its count.
const COUNT_GAP: f32 = 2.5;
/// Between the label column and the axis.
const LABEL_GAP: f32 = 5.0;
/// The label column takes at most this share of the width; longer labels wrap.
const MAX_LABEL_SHARE: f32 = 0.42;
/// ... and at least this share, however long the counts.
const MIN_LABEL_SHARE: f32 = 0.2;
/// The longest bar is at least this long while the labels can give way.
const MIN_BAR: f32 = 12.0;

/// Where rows of label | bar | count go across a given width, and how long
/// a bar is per unit: one scale for every row drawn with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RowScale {
    /// Width of the label column.
    pub label_w: f32,
    /// From the left edge to the axis where every bar starts.
    pub axis_x: f32,
    /// The length of the bar of `max_value`.
    pub max_len: f32,
    pub max_value: f64,
}

impl RowScale {
    /// A scale for rows `width` wide holding `labels` and `values` (of
    /// every block that shares it).
    pub fn new<'s>(
        width: f32,
        labels: impl Iterator<Item = &'s str>,
        values: &[f64],
        face: Face,
        size: f32,
        wording: &ChartLabels,
    ) -> Self {
        let widest_label = labels
            .map(|l| text_width(face, size, l))
            .fold(0.0, f32::max);
        let widest_count = values
            .iter()
            .map(|&v| text_width(face, size, &wording.count(v)))
            .fold(0.0, f32::max);
        // In a narrow column the labels wrap before the longest bar gets
        // shorter than MIN_BAR or its count runs past the edge.
        let room = width - LABEL_GAP - COUNT_GAP - widest_count - MIN_BAR;
        let label_w = widest_label
            .min(width * MAX_LABEL_SHARE)
            .min(room)
            .max(width * MIN_LABEL_SHARE);
        let axis_x = label_w + LABEL_GAP;
        let max_len = (width - axis_x - COUNT_GAP - widest_count).max(STUB * 4.0);
        let max_value = values
            .iter()
            .copied()
            .filter(|&v| !undisclosed(v))
            .fold(0.0, f64::max);
        Self {
            label_w,
            axis_x,
            max_len,
            max_value,
        }
    }

    /// A scale for rows whose labels sit above their bars: every bar
    /// starts at the left edge, and the longest leaves room for its count.
    pub fn under_labels(
        width: f32,
        values: &[f64],
        face: Face,
        size: f32,
        wording: &ChartLabels,
    ) -> Self {
        let full = Self::new(width, std::iter::empty(), values, face, size, wording);
        Self {
            label_w: 0.0,
            axis_x: 0.0,
            max_len: (full.max_len + full.axis_x).max(STUB * 4.0),
            ..full
        }
    }

    /// The drawn length of a bar: proportional, a fixed stub when
    /// undisclosed, nothing for zero.
    pub fn length(&self, value: f64) -> f32 {
        if undisclosed(value) {
            STUB
        } else if value <= 0.0 || self.max_value <= 0.0 {
            0.0
        } else {
            (value / self.max_value) as f32 * self.max_len
        }
    }
}

/// One block of rows, laid out: each row's label lines and its top, the
/// bar's thickness, the block's height.
pub(crate) struct Rows {
    lines: Vec<Vec<String>>,
    tops: Vec<f32>,
    heights: Vec<f32>,
    /// Labels above their bars (heights of the label lines per row), or
    /// beside them (`None`).
    above: Option<Vec<f32>>,
    pub thickness: f32,
    pub height: f32,
}

impl Rows {
    /// Rows stacked from 0 with `gap` between them: each as tall as its
    /// label or its bar, whichever is taller.
    pub fn stack(
        categories: &[String],
        scale: &RowScale,
        style: &Style,
        thickness: f32,
        gap: f32,
    ) -> Self {
        let lh = line_height(style.fonts.regular, style.size);
        let lines = wrap_labels(categories, scale.label_w, style);
        let heights: Vec<f32> = lines
            .iter()
            .map(|l| (l.len() as f32 * lh).max(thickness))
            .collect();
        let (tops, height) = stack_tops(&heights, gap);
        Self {
            lines,
            tops,
            heights,
            above: None,
            thickness,
            height,
        }
    }

    /// Rows with each label above its bar, wrapped to `width`. Row `i`
    /// reserves `label_heights[i]` for its label (at least the label's
    /// own), so blocks side by side given the same heights keep their
    /// bars level.
    pub fn under_labels(
        categories: &[String],
        width: f32,
        label_heights: &[f32],
        style: &Style,
        thickness: f32,
        gap: f32,
    ) -> Self {
        let lh = line_height(style.fonts.regular, style.size);
        let lines = wrap_labels(categories, width, style);
        let above: Vec<f32> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| (l.len() as f32 * lh).max(label_heights.get(i).copied().unwrap_or(0.0)))
            .collect();
        // The count beside a bar is a line of text: the row is at least
        // that tall.
        let bar_row = thickness.max(lh);
        let heights: Vec<f32> = above.iter().map(|a| a + bar_row).collect();
        let (tops, height) = stack_tops(&heights, gap);
        Self {
            lines,
            tops,
            heights,
            above: Some(above),
            thickness,
            height,
        }
    }

    /// Height of row `i`'s label lines when labels sit above the bars.
    pub fn label_lines(categories: &[String], width: f32, style: &Style) -> Vec<f32> {
        let lh = line_height(style.fonts.regular, style.size);
        wrap_labels(categories, width, style)
            .iter()
            .map(|lines| lines.len() as f32 * lh)
            .collect()
    }

    /// Spreads the rows evenly over `height` (at least their own).
    fn spread(&mut self, height: f32) {
        let n = self.tops.len();
        if n > 1 && height > self.height {
            let extra = (height - self.height) / (n - 1) as f32;
            for (i, top) in self.tops.iter_mut().enumerate() {
                *top += extra * i as f32;
            }
        }
        self.height = self.height.max(height);
    }

    /// Draws the rows with their top-left corner at (`x`, `y`): labels and
    /// counts as text, bars as `Rectangle`s on a cartesian chart whose x
    /// runs from zero to the scale's largest value.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &self,
        c: &Canvas,
        x: f32,
        y: f32,
        values: &[f64],
        scale: &RowScale,
        style: &Style,
        wording: &ChartLabels,
        color: Rgb,
    ) -> Result<(), ChartError> {
        let (face, size) = (style.fonts.regular, style.size);
        let lh = line_height(face, size);
        // A bar sits in the middle of its row, or of what is left of it
        // under its label.
        let middles: Vec<f32> = self
            .tops
            .iter()
            .zip(&self.heights)
            .enumerate()
            .map(|(i, (t, h))| match &self.above {
                Some(above) => t + above[i] + (h - above[i]) / 2.0,
                None => t + h / 2.0,
            })
            .collect();
        // The bars' chart: values across, points down.
        let area = c.sub(Rect::new(
            x + scale.axis_x,
            y,
            scale.max_len,
            self.height.max(1.0),
        ));
        let max_value = if scale.max_value > 0.0 {
            scale.max_value
        } else {
            1.0
        };
        let per_pt = max_value / f64::from(scale.max_len);
        let mut chart = check(
            ChartBuilder::on(&area)
                .build_cartesian_2d(0.0..max_value, Points(f64::from(self.height))),
        )?;
        let half = f64::from(self.thickness / 2.0);
        let fill = plot_color(color).filled();
        // Row by row, so a row reads label, then count.
        for (i, &v) in values.iter().enumerate() {
            let lines = &self.lines[i];
            let top = match &self.above {
                Some(_) => y + self.tops[i],
                None => y + middles[i] - lines.len() as f32 * lh / 2.0,
            };
            c.lines(lines, x, top, face, size, style.color, HPos::Left)?;
            let mid = f64::from(middles[i]);
            let len = scale.length(v);
            if len > 0.0 {
                let end = if undisclosed(v) {
                    f64::from(STUB) * per_pt
                } else {
                    v
                };
                check(chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, mid - half), (end, mid + half)],
                    fill,
                ))))?;
            } else {
                check(chart.draw_series(std::iter::once(PathElement::new(
                    vec![(0.0, mid - half), (0.0, mid + half)],
                    stroke(color, ZERO_HAIRLINE),
                ))))?;
            }
            let count_x = x + scale.axis_x + len.max(ZERO_HAIRLINE / 2.0) + COUNT_GAP;
            c.text(
                &wording.count(v),
                count_x,
                y + middles[i],
                face,
                size,
                style.color,
                HPos::Left,
                VPos::Center,
            )?;
        }
        Ok(())
    }
}

/// Each category's label wrapped to `width` (with a hair of slack, so the
/// widest label, which set the width, never wraps on rounding).
fn wrap_labels(categories: &[String], width: f32, style: &Style) -> Vec<Vec<String>> {
    categories
        .iter()
        .map(|c| fonts::wrap(style.fonts.regular, style.size, c, width + 0.01))
        .collect()
}

/// The tops of rows of `heights` stacked from 0 with `gap` between them,
/// and the stack's height.
fn stack_tops(heights: &[f32], gap: f32) -> (Vec<f32>, f32) {
    let mut tops = Vec::with_capacity(heights.len());
    let mut y = 0.0;
    for h in heights {
        tops.push(y);
        y += h + gap;
    }
    (tops, (y - gap).max(0.0))
}

/// The bar chart of a `[[charts]]` entry: rows of label | bar | count
/// spread over the body's height, bars as thick as the rows allow.
pub(super) fn horizontal(
    c: &Canvas,
    body: Rect,
    spec: &ChartSpec,
    style: &Style,
    color: Rgb,
) -> Result<(), ChartError> {
    let values = &spec.series[0].values;
    let lh = line_height(style.fonts.regular, style.size);
    let scale = RowScale::new(
        body.width,
        spec.categories.iter().map(String::as_str),
        values,
        style.fonts.regular,
        style.size,
        &spec.labels,
    );
    let n = values.len() as f32;
    // Thick bars when the height allows, thinner ones when it is short.
    let pitch = body.height / n;
    let thickness = (pitch * 0.55).clamp(4.0, lh * 1.6);
    let mut rows = Rows::stack(spec.categories, &scale, style, thickness, 2.0);
    if rows.height > body.height + 0.01 {
        rows = Rows::stack(spec.categories, &scale, style, 4.0, 1.0);
        if rows.height > body.height + 0.01 {
            return Err(ChartError::TooSmall {
                needed_height: rows.height,
            });
        }
    }
    rows.spread(body.height);
    rows.draw(
        c,
        body.x,
        body.y,
        values,
        &scale,
        style,
        &spec.labels,
        color,
    )
}

/// Vertical bars: one series (simple) or several side by side per category
/// (grouped), a value axis, counts above the bars, categories below.
pub(super) fn columns(
    c: &Canvas,
    body: Rect,
    spec: &ChartSpec,
    style: &Style,
    palette: &[Rgb],
) -> Result<(), ChartError> {
    let n = spec.categories.len();
    let m = spec.series.len();
    let size = style.size;
    let lh = line_height(style.fonts.regular, size);
    let max_value = spec
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .filter(|&v| !undisclosed(v))
        .fold(0.0, f64::max);

    let mut headroom = lh + 1.0;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let plot = CategoryPlot::settle(body, spec, style, max_value, headroom)?;
        // In slot units: a group of bars centred in each slot.
        let group_w = if m > 1 { 0.84 } else { 0.64 };
        let inner_gap = if m > 1 {
            f64::from(0.75 / plot.slot())
        } else {
            0.0
        };
        let bar_w = (group_w - inner_gap * (m - 1) as f64) / m as f64;
        let mut bars: Vec<([(f64, f64); 2], Rgb)> = Vec::new();
        let mut labels: Vec<(String, Rect)> = Vec::new();
        for i in 0..n {
            let gx = i as f64 + (1.0 - group_w) / 2.0;
            for (j, s) in spec.series.iter().enumerate() {
                let v = s.values[i];
                let x0 = gx + j as f64 * (bar_w + inner_gap);
                let len = if undisclosed(v) {
                    STUB
                } else {
                    plot.plot.height * (v / plot.axis.top) as f32
                };
                if len > 0.0 {
                    let top = if undisclosed(v) {
                        plot.value_of_length(STUB)
                    } else {
                        v
                    };
                    bars.push(([(x0, 0.0), (x0 + bar_w, top)], palette[j % palette.len()]));
                }
                let text = spec.labels.count(v);
                let rect = text_box(
                    &text,
                    plot.x(x0 + bar_w / 2.0),
                    plot.plot.bottom() - len - 1.0,
                    style.fonts.regular,
                    size,
                    HPos::Center,
                    VPos::Bottom,
                );
                // Neighbouring labels may collide: lift the later one above.
                let rect = lift_clear_of(&labels, rect);
                labels.push((text, rect));
            }
        }
        if retry_for_headroom(&labels, body, attempt, &mut headroom)? {
            continue;
        }
        plot.draw(c, style, spec, |chart| {
            check(
                chart.draw_series(
                    bars.iter().map(|&(corners, color)| {
                        Rectangle::new(corners, plot_color(color).filled())
                    }),
                ),
            )
            .map(|_| ())
        })?;
        c.value_labels(&labels, size, style.color)?;
        return Ok(());
    }
}
