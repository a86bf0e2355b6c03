//! The first band: the state's heat map with its legend and caption, the
//! intro, and the demographics of potential persons trafficked.
//!
//! Two arrangements on the grid: the map beside a column that holds the
//! intro and the demographics (states about as tall as they are wide), or
//! the intro over a wide map beside the demographics (wide states). Each is
//! tried at a few column spans; the map's height then evens out the two
//! columns, within what the state's shape allows.

use crate::chart;
use crate::frame::{Frame, NodeId, Point, Rect, Role};
use crate::layout::blocks;
use crate::layout::grid::{COLUMNS, GUTTER};
use crate::layout::style::palette::{INK, MUTED};
use crate::layout::style::Style;
use crate::layout::text::{paragraph, Span};
use crate::layout::wording;
use crate::layout::{Ctx, LayoutError};
use crate::map::{self, CountyValue, MapSpec};

/// Where the intro goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Arrangement {
    /// Map and caption on the left; intro and demographics on the right.
    MapBeside,
    /// Intro, map and caption on the left; demographics on the right.
    IntroOverMap,
}

/// A choice of arrangement, its spans and the map's height.
#[derive(Debug, Clone, Copy)]
struct Plan {
    arrangement: Arrangement,
    /// Grid columns of the left column.
    left_span: usize,
    map_height: f32,
    /// The map's height when it fills its column.
    full: f32,
    /// Heights of the two columns.
    left: f32,
    right: f32,
    /// How much the map grows into the page's spare height.
    grow: f32,
    /// Band height plus the holes it leaves, weighed as height.
    score: f32,
}

/// Gaps of the text column that open up, by up to two body sizes each,
/// beside a map that grows into spare height.
const STRETCH_GAPS: f32 = 2.0;

/// Demographic groups go side by side when each gets at least this many
/// body sizes of width; otherwise they stack.
const GROUP_MIN_WIDTH: f32 = 10.0;

/// A map is never drawn shorter than this (unless its full height is).
const MAP_MIN_HEIGHT: f32 = 120.0;

pub fn draw(ctx: &Ctx, frame: &mut Frame, top: f32) -> Result<f32, LayoutError> {
    let values = county_values(ctx);
    let spec = map_spec(ctx, &values);
    let shape = ctx
        .map
        .get_or_init(|| map::shape(&spec))
        .as_ref()
        .map_err(|e| LayoutError::Map(e.clone()))?;
    let mut plans = Vec::new();
    for (arrangement, spans) in [
        (Arrangement::MapBeside, &[7, 6, 5, 4, 3][..]),
        (Arrangement::IntroOverMap, &[8, 7][..]),
    ] {
        for &left_span in spans {
            plans.push(plan(ctx, shape, arrangement, left_span)?);
        }
    }
    let mut best = super::lowest(plans.iter().map(|&plan| (plan.score, plan))).map(|(_, p)| p);
    // With height to spare, the arrangement whose map can grow the most
    // into it, as long as the other column can open up to match.
    if ctx.grow > 0.0 {
        let shortest = best.expect("at least one arrangement").score;
        let limit = shortest + ctx.grow;
        let stretch = STRETCH_GAPS * 2.0 * ctx.style.body;
        let grown = |p: &Plan| -> Option<f32> {
            let height = p.left.max(p.right);
            // Only arrangements with no hole beyond the budget, that fit.
            if p.score > height + super::TIE || height > limit {
                return None;
            }
            let map = (p.map_height + limit - p.left).min(p.full.max(p.map_height));
            let left = p.left + map - p.map_height;
            (left <= p.right + stretch || left <= p.left).then_some(map)
        };
        if let Some((plan, map)) = plans
            .iter()
            .filter_map(|p| grown(p).map(|map| (*p, map)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
        {
            best = Some(Plan {
                grow: map - plan.map_height,
                ..plan
            });
        }
    }
    let plan = best.expect("at least one arrangement");
    render(ctx, frame, top, &spec, shape, plan)
}

/// Measures an arrangement and sizes its map.
fn plan(
    ctx: &Ctx,
    shape: &map::StateMap,
    arrangement: Arrangement,
    left_span: usize,
) -> Result<Plan, LayoutError> {
    let draft = ctx.drafting();
    let s = &ctx.style;
    let left_w = ctx.grid.span(left_span);
    let right_w = ctx.grid.span(COLUMNS - left_span);
    // Each column's text is measured once a fit: the plans and the drafts
    // at one body size share its widths.
    let intro_w = if arrangement == Arrangement::MapBeside {
        right_w
    } else {
        left_w
    };
    let intro = ctx.measured("overview: intro", &[intro_w], |scratch| {
        intro(&draft, scratch, 0.0, 0.0, intro_w)
    }) + s.block_gap;
    let caption = s.caption_gap
        + ctx.measured("overview: caption", &[left_w], |scratch| {
            caption(&draft, scratch, 0.0, 0.0, left_w, None)
        });
    // The demographics' gaps follow the spacing.
    let demographics = ctx.try_remembered(
        "overview: demographics",
        &[right_w, s.block_gap, s.item_gap],
        || demographics(&draft, &mut ctx.scratch(), 0.0, 0.0, right_w, 0.0).map(|b| vec![b]),
    )?[0];
    let (fixed_left, right) = match arrangement {
        Arrangement::MapBeside => (caption, intro + demographics),
        Arrangement::IntroOverMap => (intro + caption, demographics),
    };
    let full = shape.height_for_width(left_w);
    let map_height = (right - fixed_left).clamp(MAP_MIN_HEIGHT.min(full), full);
    let left = fixed_left + map_height;
    // Holes: under the shorter column, and beside a map drawn narrower
    // than its column.
    let height = left.max(right);
    let under = super::largest_hole(
        ctx,
        &[
            super::Column {
                x: 0.0,
                width: left_w,
                shortfall: height - left,
            },
            super::Column {
                x: left_w + GUTTER,
                width: right_w,
                shortfall: height - right,
            },
        ],
    );
    let beside = (1.0 - map_height / full) * left_w * map_height;
    let hole = under.max(beside);
    Ok(Plan {
        arrangement,
        left_span,
        map_height,
        full,
        left,
        right,
        grow: 0.0,
        score: crate::layout::band::score(left.max(right), hole, ctx),
    })
}

fn render(
    ctx: &Ctx,
    frame: &mut Frame,
    top: f32,
    spec: &MapSpec,
    shape: &map::StateMap,
    plan: Plan,
) -> Result<f32, LayoutError> {
    let s = &ctx.style;
    let left_x = ctx.grid.x(0);
    let left_w = ctx.grid.span(plan.left_span);
    let right_x = ctx.grid.x(plan.left_span);
    let right_w = ctx.grid.span(COLUMNS - plan.left_span);
    // Spare height on the page makes the map larger; the other column
    // opens its gaps to match, each by no more than two body sizes.
    let map_height = plan.map_height + plan.grow;
    let gaps = if plan.arrangement == Arrangement::MapBeside {
        STRETCH_GAPS
    } else {
        STRETCH_GAPS / 2.0
    };
    let stretch =
        ((plan.left + map_height - plan.map_height - plan.right) / gaps).clamp(0.0, 2.0 * s.body);
    let mut left = top;
    let mut right = top;
    if plan.arrangement == Arrangement::MapBeside {
        right = intro(ctx, frame, right_x, right, right_w) + s.block_gap + stretch;
    } else {
        left = intro(ctx, frame, left_x, left, left_w) + s.block_gap;
    }
    let sect = frame.node(Role::Sect, Frame::ROOT);
    let area = Rect::new(left_x, left, left_w, map_height);
    map_figure(ctx, frame, area, spec, shape, sect);
    left = caption(
        ctx,
        frame,
        left_x,
        left + map_height + s.caption_gap,
        left_w,
        Some(sect),
    );
    right = demographics(ctx, frame, right_x, right, right_w, stretch)?;
    Ok(left.max(right))
}

fn intro(ctx: &Ctx, frame: &mut Frame, x: f32, top: f32, width: f32) -> f32 {
    let node = frame.node(Role::P, Frame::ROOT);
    let s = &ctx.style;
    blocks::text(
        frame,
        &ctx.profile.intro,
        s.fonts.regular,
        INK,
        Style::running(s.fonts.regular, s.lead, width),
        x,
        top,
        Some(node),
    )
}

fn county_values(ctx: &Ctx) -> Vec<CountyValue> {
    ctx.profile
        .heat_map
        .counties
        .iter()
        .filter_map(|(key, value)| {
            let value = value.as_float().or(value.as_integer().map(|v| v as f64))?;
            Some(CountyValue {
                key: key.clone(),
                value,
            })
        })
        .collect()
}

fn map_spec<'a>(ctx: &'a Ctx, values: &'a [CountyValue]) -> MapSpec<'a> {
    MapSpec {
        state_code: &ctx.profile.state_code,
        values,
        counts: ctx.profile.heat_map.values_are_counts,
        legend_low: &ctx.profile.labels.legend_fewer,
        legend_high: &ctx.profile.labels.legend_more,
        face: ctx.style.fonts.regular,
        wording: wording::map_wording(&ctx.profile.labels, ctx.profile.number_format()),
    }
}

/// The map as a Figure; drafts leave it out (it stays inside its area).
fn map_figure(
    ctx: &Ctx,
    frame: &mut Frame,
    area: Rect,
    spec: &MapSpec,
    shape: &map::StateMap,
    sect: NodeId,
) {
    if ctx.draft {
        return;
    }
    let figure = frame.node(
        Role::Figure {
            alt: String::new(),
            lang: None,
        },
        sect,
    );
    let drawn = map::draw_shape(frame, area, spec, shape, Some(figure));
    frame.nodes[figure].role = Role::Figure {
        alt: drawn.alt,
        lang: None,
    };
}

fn caption(
    ctx: &Ctx,
    frame: &mut Frame,
    x: f32,
    top: f32,
    width: f32,
    sect: Option<NodeId>,
) -> f32 {
    let node = sect.map(|sect| frame.node(Role::P, sect));
    let s = &ctx.style;
    blocks::text(
        frame,
        &ctx.profile.heat_map.caption,
        s.fonts.italic,
        MUTED,
        Style::running(s.fonts.italic, s.small, width),
        x,
        top,
        node,
    )
}

/// The demographics heading, one block of bars per group, the note and the
/// link to more statistics; returns the bottom.
fn demographics(
    ctx: &Ctx,
    frame: &mut Frame,
    x: f32,
    top: f32,
    width: f32,
    stretch: f32,
) -> Result<f32, LayoutError> {
    let s = &ctx.style;
    let demographics = &ctx.profile.demographics;
    let sect = frame.node(Role::Sect, Frame::ROOT);
    let h2 = frame.node(Role::H2, sect);
    let mut y = blocks::heading(
        frame,
        s,
        &demographics.heading,
        s.primary,
        x,
        top,
        width,
        Some(h2),
    );
    // Drafts only measure the chart: drawn on a scratch page it costs as
    // much as the rest of the band. Its height depends on the type size,
    // the width and its top alone, so the fit measures it once for the
    // arrangements and drafts that share them.
    let bottom = if ctx.draft {
        ctx.try_remembered("demographics chart", &[width, y], || {
            with_chart(ctx, width, |spec| {
                chart::demographics::bottom(Point::new(x, y), width, spec).map(|b| vec![b])
            })
        })
        .map(|bottom| bottom[0])
    } else {
        with_chart(ctx, width, |spec| {
            chart::demographics::draw(frame, Point::new(x, y), width, spec, sect)
                .map(|r| r.bottom())
        })
    }
    .map_err(|error| LayoutError::Chart {
        title: demographics.heading.clone(),
        error,
    })?;
    y = bottom + s.block_gap + stretch;
    let note = frame.node(Role::P, sect);
    y = blocks::text(
        frame,
        &demographics.note,
        s.fonts.italic,
        MUTED,
        Style::running(s.fonts.italic, s.small, width),
        x,
        y,
        Some(note),
    );
    if let Some(more) = &demographics.more {
        let p = frame.node(Role::P, sect);
        let spans = [
            Span::new(format!("{} ", more.text), s.fonts.regular, INK),
            Span::new(more.label(), s.fonts.semibold, s.link)
                .link(more.url.clone(), more.text.clone()),
            Span::new(".", s.fonts.regular, INK),
        ];
        y = paragraph(
            frame,
            &spans,
            x,
            y + s.item_gap,
            Style::running(s.fonts.regular, s.body, width),
            Some(p),
        );
    }
    Ok(y)
}

/// Calls `f` with the demographics chart as set in a column `width` wide.
fn with_chart<R>(
    ctx: &Ctx,
    width: f32,
    f: impl FnOnce(&chart::demographics::Demographics) -> R,
) -> R {
    let s = &ctx.style;
    let demographics = &ctx.profile.demographics;
    let groups: Vec<(Vec<String>, Vec<f64>)> = demographics
        .groups
        .iter()
        .map(|g| {
            (
                g.items.iter().map(|c| c.label.clone()).collect(),
                g.items.iter().map(|c| c.count as f64).collect(),
            )
        })
        .collect();
    let groups: Vec<chart::demographics::Group> = demographics
        .groups
        .iter()
        .zip(&groups)
        .map(|(g, (categories, counts))| chart::demographics::Group {
            title: &g.title,
            categories,
            counts,
        })
        .collect();
    f(&chart::demographics::Demographics {
        groups: &groups,
        heading: chart::demographics::Heading {
            face: s.fonts.bold,
            size: s.subhead,
            color: s.primary,
        },
        label_size: s.small,
        text_color: INK,
        bar_color: ctx.palette.first().copied(),
        fonts: s.fonts,
        labels: wording::chart_labels(&ctx.profile.labels, ctx.profile.number_format()),
        columns: if (width - GUTTER * (groups.len().max(1) - 1) as f32) / groups.len().max(1) as f32
            >= GROUP_MIN_WIDTH * s.body
        {
            groups.len()
        } else {
            1
        },
        gap: GUTTER,
    })
}
