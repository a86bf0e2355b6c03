//! The plot of a column or line chart: categories in equal slots along the
//! bottom, a value axis at the left ending at the first nice tick above
//! the largest value. [`CategoryPlot::settle`] sizes it inside the chart
//! body; [`CategoryPlot::draw`] builds it with `ChartBuilder`, draws the
//! mesh and hands the chart context to the series.

use plotters::chart::{ChartBuilder, ChartContext, LabelAreaPosition};
use plotters::coord::cartesian::Cartesian2d;
use plotters::prelude::PathElement;
use plotters::style::{ShapeStyle, TRANSPARENT};

use super::backend::{units, FrameBackend};
use super::canvas::{check, stroke, Canvas};
use super::scale::{Slots, ValueAxis};
use super::{line_height, text_width, ChartError, ChartSpec, Style, AXIS, GRID};
use crate::fonts;
use crate::frame::Rect;

/// From the axis to its labels (plotters puts labels two tick lengths out).
const LABEL_GAP: f32 = 3.0;
/// The lowest a plot may be.
const MIN_PLOT_HEIGHT: f32 = 30.0;
/// At most this many tick intervals, however tall the plot.
const MAX_TICKS: usize = 6;

/// The chart context a category plot hands its series.
pub(super) type PlotContext<'a, 'f> =
    ChartContext<'a, FrameBackend<'f>, Cartesian2d<Slots, ValueAxis>>;

pub(super) struct CategoryPlot {
    pub axis: ValueAxis,
    /// The plot on the page: zero at the bottom, `axis.top` at the top.
    pub plot: Rect,
    /// Width of the tick-label column left of the plot.
    axis_w: f32,
    /// Height of the category labels under the plot, gap included.
    cat_h: f32,
    /// Each category's label wrapped to its slot, lines joined by `\n`.
    cat_labels: Vec<String>,
}

impl CategoryPlot {
    /// Settles the plot inside `body`, leaving `headroom` above it. The
    /// tick column and the ticks depend on each other through the plot's
    /// height, so this iterates until the column stops growing.
    pub fn settle(
        body: Rect,
        spec: &ChartSpec,
        style: &Style,
        max_value: f64,
        headroom: f32,
    ) -> Result<Self, ChartError> {
        let (face, size) = (style.fonts.regular, style.size);
        let lh = line_height(face, size);
        let tick_h = line_height(face, style.small_size);
        let n = spec.categories.len();
        let mut axis_w = 0.0f32;
        loop {
            let slot = (body.width - axis_w) / n as f32;
            let wrapped: Vec<Vec<String>> = spec
                .categories
                .iter()
                .map(|cat| fonts::wrap(face, size, cat, slot - 1.0))
                .collect();
            // A hair over, for the rounding of backend units.
            let cat_h =
                wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + LABEL_GAP + 0.05;
            let height = body.height - headroom - cat_h;
            if height < MIN_PLOT_HEIGHT {
                return Err(ChartError::TooSmall {
                    needed_height: body.height + (MIN_PLOT_HEIGHT - height),
                });
            }
            let max_ticks = ((height / (tick_h * 1.8)).floor() as usize).clamp(1, MAX_TICKS);
            let axis = ValueAxis::for_max(max_value, max_ticks);
            let needed_w = axis
                .ticks()
                .iter()
                .map(|&t| text_width(face, style.small_size, &spec.labels.numbers.format(t)))
                .fold(0.0, f32::max)
                + LABEL_GAP;
            if needed_w > axis_w + 0.01 {
                axis_w = needed_w;
                continue;
            }
            return Ok(Self {
                axis,
                plot: Rect::new(
                    body.x + axis_w,
                    body.y + headroom,
                    body.width - axis_w,
                    height,
                ),
                axis_w,
                cat_h,
                cat_labels: wrapped.iter().map(|lines| lines.join("\n")).collect(),
            });
        }
    }

    fn slots(&self) -> usize {
        self.cat_labels.len()
    }

    /// Width of one category's slot.
    pub fn slot(&self) -> f32 {
        self.plot.width / self.slots() as f32
    }

    /// Page x of a position along the slots (`i + 0.5` is slot `i`'s middle).
    pub fn x(&self, at: f64) -> f32 {
        self.plot.x + at as f32 * self.slot()
    }

    /// Page y of a value.
    pub fn y(&self, v: f64) -> f32 {
        self.plot.bottom() - (v / self.axis.top) as f32 * self.plot.height
    }

    /// The value a length of `pt` points up the plot stands for.
    pub fn value_of_length(&self, pt: f32) -> f64 {
        f64::from(pt / self.plot.height) * self.axis.top
    }

    /// Builds the plot with `ChartBuilder`, draws gridlines and the zero
    /// rule (decoration) and the tick and category labels, then `series`.
    pub fn draw(
        &self,
        c: &Canvas,
        style: &Style,
        spec: &ChartSpec,
        series: impl FnOnce(&mut PlotContext) -> Result<(), ChartError>,
    ) -> Result<(), ChartError> {
        let area = c.sub(Rect::new(
            self.plot.x - self.axis_w,
            self.plot.y,
            self.plot.width + self.axis_w,
            self.plot.height + self.cat_h,
        ));
        let mut chart = check(
            ChartBuilder::on(&area)
                .set_label_area_size(LabelAreaPosition::Left, units(self.axis_w))
                .set_label_area_size(LabelAreaPosition::Bottom, units(self.cat_h))
                .build_cartesian_2d(Slots(self.slots()), self.axis),
        )?;
        let hidden = ShapeStyle {
            color: TRANSPARENT,
            filled: false,
            stroke_width: 1,
        };
        let n = self.slots() as f64;
        c.decoration(|| {
            check(
                chart
                    .configure_mesh()
                    .disable_x_mesh()
                    .disable_axes()
                    .y_labels(self.axis.ticks().len())
                    .bold_line_style(stroke(GRID, 0.5))
                    .light_line_style(hidden)
                    .draw(),
            )?;
            check(chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (n, 0.0)],
                stroke(AXIS, 0.75),
            ))))
            .map(|_| ())
        })?;
        let number = |v: &f64| spec.labels.numbers.format(*v);
        let category = |v: &f64| {
            self.cat_labels
                .get(v.floor().max(0.0) as usize)
                .cloned()
                .unwrap_or_default()
        };
        let regular = style.fonts.regular;
        check(
            chart
                .configure_mesh()
                .disable_mesh()
                .axis_style(hidden)
                .set_all_tick_mark_size(units(LABEL_GAP / 2.0))
                .x_labels(self.slots())
                .y_labels(self.axis.ticks().len())
                .x_label_style(c.font(regular, style.size, style.color))
                .y_label_style(c.font(regular, style.small_size, style.color))
                .x_label_formatter(&category)
                .y_label_formatter(&number)
                .draw(),
        )?;
        series(&mut chart)
    }
}
