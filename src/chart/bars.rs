//! Horizontal bars (label above each bar, count at its end) and vertical
//! bars, single or grouped by category, on a value axis with nice ticks.

use plotters::style::text_anchor::{HPos, VPos};

use super::{
    format_count, format_number, line_height, nice_ticks, retry_for_headroom, text_box, text_width,
    undisclosed, Canvas, ChartError, ChartSpec, Style, AXIS, GRID,
};
use crate::fonts;
use crate::frame::{Point, Rect, Rgb};

/// Length of the bar drawn for an undisclosed count (the same for 1 and 2,
/// so the bar gives nothing away).
pub(super) const STUB: f32 = 1.0;

/// Gap between a bar's end and its value label.
const LABEL_GAP: f32 = 2.0;

/// Horizontal bars for narrow columns: each category label on its own
/// line(s) above its bar, full width, and the count right after the bar.
pub(super) fn horizontal(
    c: &Canvas,
    body: Rect,
    spec: &ChartSpec,
    style: &Style,
    color: Rgb,
) -> Result<(), ChartError> {
    let values = &spec.series[0].values;
    let size = style.size;
    let lh = line_height(style.fonts.regular, size);
    let labels: Vec<Vec<String>> = spec
        .categories
        .iter()
        .map(|cat| fonts::wrap(style.fonts.regular, size, cat, body.width))
        .collect();
    let texts: Vec<String> = values
        .iter()
        .map(|&v| format_count(v, spec.labels.undisclosed))
        .collect();
    let widest = texts
        .iter()
        .map(|t| text_width(style.fonts.regular, size, t))
        .fold(0.0, f32::max);
    let max_len = (body.width - widest - LABEL_GAP).max(STUB * 4.0);
    let max_value = values
        .iter()
        .copied()
        .filter(|&v| !undisclosed(v))
        .fold(0.0, f64::max);

    let lens: Vec<f32> = values
        .iter()
        .map(|&v| bar_length(v, max_value, max_len))
        .collect();
    // Each count sits right after its bar; where it would run into the
    // category label above or below (short bars under long labels), the
    // rows move apart. Try thick bars first, thinner ones if space is short.
    let value_x: Vec<f32> = lens
        .iter()
        .map(|&len| {
            if len > 0.0 {
                body.x + len + LABEL_GAP
            } else {
                body.x
            }
        })
        .collect();
    let line_w = |line: &String| text_width(style.fonts.regular, size, line);
    let layout = |thickness: f32, row_gap: f32| -> (f32, Vec<(f32, f32)>) {
        let mut y = body.y;
        let mut bar_tops = Vec::new();
        let mut prev_value_box: Option<Rect> = None;
        for (i, lines) in labels.iter().enumerate() {
            if let (Some(vb), Some(first)) = (prev_value_box, lines.first()) {
                if vb.x < body.x + line_w(first) {
                    y = y.max(vb.bottom());
                }
            }
            let label_top = y;
            y += lines.len() as f32 * lh;
            let label_bottom = y;
            let mut top = label_bottom + 0.8;
            if lines
                .last()
                .is_some_and(|l| value_x[i] < body.x + line_w(l))
            {
                top = top.max(label_bottom + (lh - thickness) / 2.0);
            }
            bar_tops.push((label_top, top));
            let mid = top + thickness / 2.0;
            prev_value_box = Some(Rect::new(value_x[i], mid - lh / 2.0, 1.0, lh));
            y = top + thickness + row_gap;
        }
        let bottom = bar_tops.last().map_or(body.y, |&(_, t)| {
            (t + thickness / 2.0 + lh / 2.0).max(t + thickness)
        });
        (bottom - body.y, bar_tops)
    };
    let mut chosen = None;
    for step in 0..=12 {
        let thickness = (lh * 0.95 - step as f32 * 0.5).max(4.0);
        for row_gap in [3.0, 2.0, 1.0] {
            let (h, tops) = layout(thickness, row_gap);
            if h <= body.height + 0.01 {
                chosen = Some((thickness, tops));
                break;
            }
        }
        if chosen.is_some() || thickness <= 4.0 {
            break;
        }
    }
    let Some((thickness, tops)) = chosen else {
        return Err(ChartError::TooSmall {
            needed_height: layout(4.0, 1.0).0,
        });
    };

    for (i, lines) in labels.iter().enumerate() {
        let (label_top, top) = tops[i];
        let face = style.fonts.regular;
        c.lines(
            lines,
            body.x,
            label_top,
            face,
            size,
            style.color,
            HPos::Left,
        )?;
        let mid = top + thickness / 2.0;
        if lens[i] > 0.0 {
            c.rect(Rect::new(body.x, top, lens[i], thickness), color)?;
        }
        c.text(
            &texts[i],
            value_x[i],
            mid,
            style.fonts.regular,
            size,
            style.color,
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// The drawn length of a bar: proportional, a fixed stub when undisclosed.
pub(super) fn bar_length(value: f64, max_value: f64, max_len: f32) -> f32 {
    if undisclosed(value) {
        STUB
    } else if value <= 0.0 || max_value <= 0.0 {
        0.0
    } else {
        (value / max_value) as f32 * max_len
    }
}

/// A value axis: ticks from zero, gridlines, labels at the left.
pub(super) struct Axis {
    pub step: f64,
    pub top: f64,
    /// Page y of zero and of `top`.
    pub y0: f32,
    pub y1: f32,
}

impl Axis {
    pub fn y(&self, v: f64) -> f32 {
        self.y0 - ((v / self.top) as f32) * (self.y0 - self.y1)
    }

    pub fn ticks(&self) -> Vec<f64> {
        let n = (self.top / self.step).round() as usize;
        (0..=n).map(|i| i as f64 * self.step).collect()
    }
}

/// The plot of a column or line chart: a value axis at the left and the
/// categories in equal slots along the bottom, labelled below.
pub(super) struct CategoryPlot {
    pub axis: Axis,
    /// Left edge of the plot, right of the tick labels.
    pub x: f32,
    /// Width of one category's slot.
    pub slot: f32,
    /// Each category's label, wrapped to its slot.
    cat_lines: Vec<Vec<String>>,
}

impl CategoryPlot {
    /// A first width for the tick-label column, before the plot height
    /// (and so the ticks) are known.
    pub fn first_axis_width(body: Rect, max_value: f64, style: &Style) -> f32 {
        let (step, top) = pick_ticks(max_value, body.height * 0.6, style);
        axis_label_width(step, top, style)
    }

    /// Settles the plot inside `body`, leaving `headroom` above it. The
    /// tick column and the ticks depend on each other through the plot's
    /// height: `axis_w` carries the column's width, which only grows.
    pub fn settle(
        body: Rect,
        spec: &ChartSpec,
        style: &Style,
        max_value: f64,
        headroom: f32,
        axis_w: &mut f32,
    ) -> Result<Self, ChartError> {
        let (face, size) = (style.fonts.regular, style.size);
        let lh = line_height(face, size);
        loop {
            let x = body.x + *axis_w;
            let slot = (body.right() - x) / spec.categories.len() as f32;
            let cat_lines: Vec<Vec<String>> = spec
                .categories
                .iter()
                .map(|cat| fonts::wrap(face, size, cat, slot - 1.0))
                .collect();
            let cat_h = cat_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh;
            let bottom = body.bottom() - cat_h - 2.0;
            let top = body.y + headroom;
            let height = bottom - top;
            let min_height = 30.0;
            if height < min_height {
                return Err(ChartError::TooSmall {
                    needed_height: body.height + (min_height - height),
                });
            }
            let (step, top_value) = pick_ticks(max_value, height, style);
            // The tick column may have grown with the final ticks.
            let needed_w = axis_label_width(step, top_value, style);
            if needed_w > *axis_w + 0.01 {
                *axis_w = needed_w;
                continue;
            }
            let axis = Axis {
                step,
                top: top_value,
                y0: bottom,
                y1: top,
            };
            return Ok(Self {
                axis,
                x,
                slot,
                cat_lines,
            });
        }
    }

    /// The middle of category `i`'s slot.
    pub fn center(&self, i: usize) -> f32 {
        self.x + self.slot * (i as f32 + 0.5)
    }

    /// Gridlines, the zero rule and the tick labels.
    pub fn draw_axis(&self, c: &Canvas, body: Rect, style: &Style) -> Result<(), ChartError> {
        draw_axis(c, &self.axis, self.x, body.right(), self.x - 3.0, style)
    }

    /// The category labels under their slots.
    pub fn draw_categories(&self, c: &Canvas, style: &Style) -> Result<(), ChartError> {
        for (i, lines) in self.cat_lines.iter().enumerate() {
            c.lines(
                lines,
                self.center(i),
                self.axis.y0 + 2.0,
                style.fonts.regular,
                style.size,
                style.color,
                HPos::Center,
            )?;
        }
        Ok(())
    }
}

/// Width of the tick-label column for a given axis.
fn axis_label_width(step: f64, top: f64, style: &Style) -> f32 {
    let n = (top / step).round() as usize;
    (0..=n)
        .map(|i| {
            text_width(
                style.fonts.regular,
                style.small_size,
                &format_number(i as f64 * step),
            )
        })
        .fold(0.0, f32::max)
        + 3.0
}

/// Picks nice ticks for `max` on a plot `height` tall.
fn pick_ticks(max: f64, height: f32, style: &Style) -> (f64, f64) {
    let tick_h = line_height(style.fonts.regular, style.small_size);
    let max_ticks = ((height / (tick_h * 1.8)).floor() as usize).clamp(1, 6);
    nice_ticks(max, max_ticks)
}

/// Gridlines (decoration), the zero rule, and tick labels right-aligned
/// at `label_right`.
fn draw_axis(
    c: &Canvas,
    axis: &Axis,
    x0: f32,
    x1: f32,
    label_right: f32,
    style: &Style,
) -> Result<(), ChartError> {
    for t in axis.ticks() {
        let y = axis.y(t);
        let (color, width) = if t == 0.0 { (AXIS, 0.75) } else { (GRID, 0.5) };
        c.polyline(&[Point::new(x0, y), Point::new(x1, y)], color, width, true)?;
        c.text(
            &format_number(t),
            label_right,
            y,
            style.fonts.regular,
            style.small_size,
            style.color,
            HPos::Right,
            VPos::Center,
        )?;
    }
    Ok(())
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
    let mut axis_w = CategoryPlot::first_axis_width(body, max_value, style);
    loop {
        attempt += 1;
        let plot = CategoryPlot::settle(body, spec, style, max_value, headroom, &mut axis_w)?;
        let (slot, plot_bottom) = (plot.slot, plot.axis.y0);
        let plot_h = plot.axis.y0 - plot.axis.y1;
        let top = plot.axis.top;

        // Bars and their labels, placed before drawing to check for room.
        let group_w = slot * if m > 1 { 0.84 } else { 0.64 };
        let inner_gap = if m > 1 { 0.75 } else { 0.0 };
        let bar_w = (group_w - inner_gap * (m - 1) as f32) / m as f32;
        let mut bars: Vec<(Rect, Rgb)> = Vec::new();
        let mut labels: Vec<(String, Rect)> = Vec::new();
        for i in 0..n {
            let gx = plot.center(i) - group_w / 2.0;
            for (j, s) in spec.series.iter().enumerate() {
                let v = s.values[i];
                let x = gx + j as f32 * (bar_w + inner_gap);
                let len = bar_length(v, top, plot_h);
                if len > 0.0 {
                    bars.push((
                        Rect::new(x, plot_bottom - len, bar_w, len),
                        palette[j % palette.len()],
                    ));
                }
                let text = format_count(v, spec.labels.undisclosed);
                let mut rect = text_box(
                    &text,
                    x + bar_w / 2.0,
                    plot_bottom - len - 1.0,
                    style.fonts.regular,
                    size,
                    HPos::Center,
                    VPos::Bottom,
                );
                // Neighbouring labels may collide: lift the later one above.
                while let Some(hit) = labels.iter().find(|(_, r)| r.overlaps(&rect)) {
                    rect.y = hit.1.y - rect.height - 0.2;
                }
                labels.push((text, rect));
            }
        }
        if retry_for_headroom(&labels, body, attempt, &mut headroom)? {
            continue;
        }

        plot.draw_axis(c, body, style)?;
        for (rect, color) in &bars {
            c.rect(*rect, *color)?;
        }
        c.value_labels(&labels, size, style.color)?;
        plot.draw_categories(c, style)?;
        return Ok(());
    }
}
