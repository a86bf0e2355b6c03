//! The second band: the top-5 sex and labor trafficking venues, the charts
//! and the disclaimer.
//!
//! With one chart: the two lists in the first two thirds of the grid with
//! the disclaimer under them, and the chart in the last third, as tall as
//! the lists and disclaimer together. With several charts the disclaimer
//! takes the last third and the charts a row of their own.

use crate::chart::{self, ChartSpec};
use crate::frame::{Frame, NodeId, Path, Rect, Role};
use crate::layout::blocks;
use crate::layout::grid::GUTTER;
use crate::layout::style::palette::{INK, TINT};
use crate::layout::style::{Style, PANEL_EDGE};
use crate::layout::text::Span;
use crate::layout::wording;
use crate::layout::{Ctx, LayoutError};
use crate::profile::{self, ChartKind};

/// Columns of one venue list, and of the chart beside them.
const THIRD: usize = 4;

/// A chart never gets flatter than this, height over width.
const CHART_MIN_ASPECT: f32 = 0.55;

pub fn draw(ctx: &Ctx, frame: &mut Frame, top: f32) -> Result<f32, LayoutError> {
    let s = &ctx.style;
    let venues = &ctx.profile.venues;
    let width = ctx.grid.span(THIRD);
    let mut lists_bottom = top;
    for (i, (heading, items)) in [
        (&venues.sex_heading, &venues.sex),
        (&venues.labor_heading, &venues.labor),
    ]
    .into_iter()
    .enumerate()
    {
        let x = ctx.grid.x(i * THIRD);
        let sect = frame.node(Role::Sect, Frame::ROOT);
        let label = frame.node(Role::P, sect);
        let y = blocks::text(
            frame,
            &venues.top_label.to_uppercase(),
            s.fonts.extrabold,
            s.accent,
            Style::display(s.small, width),
            x,
            top,
            Some(label),
        );
        let h2 = frame.node(Role::H2, sect);
        let mut y = blocks::heading(frame, s, heading, s.primary, x, y, width, Some(h2));
        let nodes = blocks::list_nodes(frame, sect, items.len());
        for (rank, (venue, nodes)) in items.iter().zip(nodes).enumerate() {
            let label = Span::new(format!("{}.", rank + 1), s.fonts.extrabold, s.accent);
            let body = [Span::new(venue.clone(), s.fonts.regular, INK)];
            y = blocks::list_item(frame, label, &body, s.body, x, y, width, nodes) + s.item_gap;
        }
        lists_bottom = lists_bottom.max(y - s.item_gap);
    }

    let charts = &ctx.profile.charts;
    let chart_x = ctx.grid.x(2 * THIRD);
    if charts.len() <= 1 {
        let lists_width = ctx.grid.span(2 * THIRD);
        let disclaimer_bottom = disclaimer(
            ctx,
            frame,
            ctx.grid.x(0),
            lists_bottom + s.block_gap,
            lists_width,
        );
        let mut bottom = disclaimer_bottom;
        for chart in charts {
            bottom = bottom.max(chart_block(
                ctx,
                frame,
                chart,
                chart_x,
                top,
                width,
                disclaimer_bottom,
            )?);
        }
        Ok(bottom)
    } else {
        // Several charts: the disclaimer takes the third column and the
        // charts a row of their own, up to three abreast on the grid.
        let mut y = disclaimer(ctx, frame, chart_x, top, width).max(lists_bottom) + s.band_gap;
        for row in charts.chunks(3) {
            let span = crate::layout::grid::COLUMNS / row.len();
            let width = ctx.grid.span(span);
            let mut bottom = y;
            for (i, chart) in row.iter().enumerate() {
                let x = ctx.grid.x(i * span);
                bottom = bottom.max(chart_block(ctx, frame, chart, x, y, width, y)?);
            }
            y = bottom + s.block_gap;
        }
        Ok(y - s.block_gap)
    }
}

/// Draws a chart as a Figure under `parent`; returns its bottom.
fn figure(
    frame: &mut Frame,
    spec: &ChartSpec,
    title: &str,
    area: Rect,
    parent: NodeId,
) -> Result<f32, LayoutError> {
    let figure = frame.node(
        Role::Figure {
            alt: String::new(),
            lang: None,
        },
        parent,
    );
    // A chart is measured by drawing it: a draft's page keeps nothing, so
    // there it is drawn on a page of its own.
    let mut own_page = (!frame.keeps_content()).then(|| Frame::new(frame.width, frame.height));
    let page = own_page.as_mut().unwrap_or(frame);
    // Labels wrapped onto more lines than planned: the chart takes the
    // height it asks for, and the page fit decides whether it stays.
    let drawn = chart::draw_growing(page, area, spec, Some(figure)).map_err(|error| {
        LayoutError::Chart {
            title: title.to_string(),
            error,
        }
    })?;
    frame.nodes[figure].role = Role::Figure {
        alt: drawn.alt,
        lang: None,
    };
    Ok(drawn.bounds.bottom())
}

/// A chart under its title as a section, reaching down to `bottom` (or
/// taller when its width asks for it); returns its bottom.
fn chart_block(
    ctx: &Ctx,
    frame: &mut Frame,
    chart: &profile::Chart,
    x: f32,
    top: f32,
    width: f32,
    bottom: f32,
) -> Result<f32, LayoutError> {
    let s = &ctx.style;
    let sect = frame.node(Role::Sect, Frame::ROOT);
    let h2 = frame.node(Role::H2, sect);
    let y = blocks::subhead(frame, s, &chart.title, x, top, width, Some(h2)) + s.caption_gap;
    let series: Vec<chart::Series> = chart
        .series
        .iter()
        .map(|series| chart::Series {
            name: series.name.clone(),
            values: series.values.clone(),
        })
        .collect();
    let kind = match chart.kind {
        ChartKind::Bar => chart::ChartKind::HorizontalBar,
        ChartKind::Column => chart::ChartKind::VerticalBar,
        ChartKind::GroupedBar => chart::ChartKind::GroupedBar,
        ChartKind::Donut => chart::ChartKind::Donut,
        ChartKind::Pie => chart::ChartKind::Pie,
        ChartKind::Line => chart::ChartKind::Line,
    };
    let spec = ChartSpec {
        kind,
        title: None,
        categories: &chart.categories,
        series: &series,
        source: chart.source.as_deref(),
        palette: ctx.palette,
        text_size: s.small,
        text_color: INK,
        fonts: s.fonts,
        labels: wording::chart_labels(&ctx.profile.labels, ctx.profile.number_format()),
    };
    let height = (bottom - y).max((width * CHART_MIN_ASPECT).round());
    figure(
        frame,
        &spec,
        &chart.title,
        Rect::new(x, y, width, height),
        sect,
    )
}

/// The disclaimer on a tint with an accent edge; returns its bottom. A
/// panel wider than a line of running text sets it in two columns.
fn disclaimer(ctx: &Ctx, frame: &mut Frame, x: f32, top: f32, width: f32) -> f32 {
    let s = &ctx.style;
    let pad = s.panel_pad * 0.7;
    let spans = [Span::new(
        ctx.profile.disclaimer.text.clone(),
        s.fonts.italic,
        INK,
    )];
    let inner = width - 2.0 * pad - PANEL_EDGE;
    let full = Style::running(s.fonts.italic, s.small, inner);
    let (columns, setting) = if full.width < inner {
        let column = (inner - GUTTER) / 2.0;
        (2, Style::running(s.fonts.italic, s.small, column))
    } else {
        (1, full)
    };
    // Measured on scratch first: the panel is painted before its text.
    let mut scratch = ctx.scratch();
    let text_x = x + PANEL_EDGE + pad;
    let height = blocks::text_in_columns(
        &mut scratch,
        &spans,
        setting,
        columns,
        GUTTER,
        text_x,
        0.0,
        None,
    ) + 2.0 * pad;
    if !frame.keeps_content() {
        // A draft's page: the height is all it needs.
        return top + height;
    }
    frame.path(Path::rect(Rect::new(x, top, width, height), TINT), None);
    frame.path(
        Path::rect(Rect::new(x, top, PANEL_EDGE, height), s.accent),
        None,
    );
    let p = frame.node(Role::P, Frame::ROOT);
    blocks::text_in_columns(
        frame,
        &spans,
        setting,
        columns,
        GUTTER,
        text_x,
        top + pad,
        Some(p),
    );
    top + height
}
