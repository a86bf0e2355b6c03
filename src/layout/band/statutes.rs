//! The third band: the state's trafficking statutes and its statewide
//! efforts (referral directory, collaborations, resources, funding,
//! campaigns).
//!
//! Statutes and effort groups are flows of list items: each arrangement
//! gives the statutes and the efforts a span of the grid and a number of
//! columns, the items are balanced across those columns, and the
//! arrangement that is shortest with the fewest holes wins.

use std::cell::RefCell;
use std::rc::Rc;

use crate::frame::{Frame, NodeId, Role};
use crate::layout::blocks::{self, ItemNodes};
use crate::layout::flow::{self, Block};
use crate::layout::grid::COLUMNS;
use crate::layout::style::palette::{INK, MUTED};
use crate::layout::style::Style;
use crate::layout::text::{self, Span};
use crate::layout::{Ctx, LayoutError};

use super::Column;
use crate::profile::EffortGroup;

/// `(statute span, statute columns, effort columns)`; the efforts take
/// the rest of the width, or the full width under the statutes when the
/// statutes take all twelve columns.
const SPLITS: [(usize, usize, usize); 7] = [
    (4, 1, 2),
    (3, 1, 3),
    (5, 1, 1),
    (6, 1, 2),
    (6, 2, 2),
    (8, 2, 1),
    (12, 3, 3),
];

/// Headings longer than this print their trailing parenthetical as a
/// subtitle under the rule.
const LONG_HEADING: usize = 40;

/// How the band is set.
#[derive(Debug, Clone, Copy)]
enum Arrangement {
    /// Statutes and efforts side by side (or stacked), each in its own
    /// columns: see [`SPLITS`].
    Split((usize, usize, usize)),
    /// One flow in three columns: the statutes, then the efforts, each
    /// heading where its part begins. For long content: the columns come
    /// out even, though the two rules no longer line up.
    Flowing,
}

impl Arrangement {
    fn draw(self, ctx: &Ctx, frame: &mut Frame, top: f32, heights: &Heights) -> (f32, f32) {
        match self {
            Arrangement::Split(split) => arrange(ctx, frame, top, split, heights),
            Arrangement::Flowing => flowing(ctx, frame, top, heights),
        }
    }
}

/// The flows of the band.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    Laws,
    Efforts,
    /// Both, one after the other ([`Arrangement::Flowing`]).
    Both,
}

/// The heights of a part's blocks by column width, measured once: the
/// arrangements share column widths, and the one chosen is drawn again.
#[derive(Default)]
struct Heights(RefCell<Vec<Measured>>);

/// A part's block heights at one column width.
struct Measured {
    part: Part,
    width: f32,
    heights: Rc<[f32]>,
}

impl Heights {
    fn of(&self, ctx: &Ctx, part: Part, width: f32, blocks: &[Block]) -> Rc<[f32]> {
        let known = self.0.borrow().iter().find_map(|m| {
            (m.part == part && m.width.to_bits() == width.to_bits()).then(|| Rc::clone(&m.heights))
        });
        known.unwrap_or_else(|| {
            let heights: Rc<[f32]> = flow::measure(blocks, ctx.page).into();
            let measured = Measured {
                part,
                width,
                heights: Rc::clone(&heights),
            };
            self.0.borrow_mut().push(measured);
            heights
        })
    }
}

pub fn draw(ctx: &Ctx, frame: &mut Frame, top: f32) -> Result<f32, LayoutError> {
    let draft = ctx.drafting();
    let heights = Heights::default();
    let arrangements = SPLITS
        .into_iter()
        .map(Arrangement::Split)
        .chain([Arrangement::Flowing])
        .map(|arrangement| {
            let mut scratch = ctx.scratch();
            let (bottom, hole) = arrangement.draw(&draft, &mut scratch, 0.0, &heights);
            (super::score(bottom, hole, ctx), arrangement)
        });
    let (_, arrangement) = super::lowest(arrangements).expect("at least one arrangement");
    Ok(arrangement.draw(ctx, frame, top, &heights).0)
}

/// Draws one arrangement; returns its bottom and the largest hole it
/// leaves (square points).
fn arrange(
    ctx: &Ctx,
    frame: &mut Frame,
    top: f32,
    (law_span, law_columns, effort_columns): (usize, usize, usize),
    heights: &Heights,
) -> (f32, f32) {
    let s = &ctx.style;
    let stacked = law_span == COLUMNS;
    let effort_start = if stacked { 0 } else { law_span };
    let effort_span = if stacked { COLUMNS } else { COLUMNS - law_span };
    let law_w = ctx.grid.span(law_span);
    let effort_w = ctx.grid.span(effort_span);
    let (heading, _) = split_heading(&ctx.profile.laws.heading);

    // Headings side by side share their rule: the shorter one moves down.
    let law_heading_h = heading_height(ctx, &heading, law_w);
    let effort_heading_h = heading_height(ctx, &ctx.profile.efforts.heading, effort_w);
    let rule_line = if stacked {
        law_heading_h
    } else {
        law_heading_h.max(effort_heading_h)
    };

    let law_sect = frame.node(Role::Sect, Frame::ROOT);
    let h2 = frame.node(Role::H2, law_sect);
    let y = law_heading(
        ctx,
        frame,
        ctx.grid.x(0),
        top + rule_line - law_heading_h,
        law_w,
        h2,
    );
    let law_nodes = blocks::list_nodes(frame, law_sect, ctx.profile.laws.items.len());
    let law_column_w = column_width(ctx, law_span, law_columns);
    let laws = law_blocks(ctx, law_column_w, &law_nodes);
    let law_xs = column_xs(ctx, 0, law_span, law_columns);
    let law_heights = heights.of(ctx, Part::Laws, law_column_w, &laws);
    let law_bottoms = flow_into(frame, &laws, &law_heights, &law_xs, y);
    let laws_bottom = law_bottoms.iter().copied().fold(y, f32::max);

    let effort_top = if stacked {
        laws_bottom + s.band_gap
    } else {
        top + rule_line - effort_heading_h
    };
    let x = ctx.grid.x(effort_start);
    let efforts = &ctx.profile.efforts;
    let sect = frame.node(Role::Sect, Frame::ROOT);
    let h2 = frame.node(Role::H2, sect);
    let mut y = blocks::heading(
        frame,
        s,
        &efforts.heading,
        s.primary,
        x,
        effort_top,
        effort_w,
        Some(h2),
    );
    if efforts.referral.is_some() {
        let p = frame.node(Role::P, sect);
        y = referral(ctx, frame, x, y, effort_w, p) + s.block_gap;
    }
    let effort_column_w = column_width(ctx, effort_span, effort_columns);
    let nodes: Vec<GroupNodes> = efforts
        .groups
        .iter()
        .map(|group| GroupNodes::new(frame, sect, group))
        .collect();
    let groups = effort_blocks(ctx, effort_column_w, &nodes);
    let effort_xs = column_xs(ctx, effort_start, effort_span, effort_columns);
    let effort_heights = heights.of(ctx, Part::Efforts, effort_column_w, &groups);
    let effort_bottoms = flow_into(frame, &groups, &effort_heights, &effort_xs, y);
    let efforts_bottom = effort_bottoms.iter().copied().fold(y, f32::max);

    let bottom = laws_bottom.max(efforts_bottom);
    // Columns that end short leave holes down to the bottom of their part
    // of the band: the statutes' part ends where the efforts begin when
    // they are stacked.
    let columns = |xs: &[f32], bottoms: &[f32], width: f32, end: f32| -> Vec<Column> {
        xs.iter()
            .zip(bottoms)
            .map(|(&x, &b)| Column {
                x,
                width,
                shortfall: end - b,
            })
            .collect()
    };
    let laws = columns(
        &law_xs,
        &law_bottoms,
        law_column_w,
        if stacked { laws_bottom } else { bottom },
    );
    let efforts = columns(&effort_xs, &effort_bottoms, effort_column_w, bottom);
    let hole = if stacked {
        super::largest_hole(ctx, &laws).max(super::largest_hole(ctx, &efforts))
    } else {
        super::largest_hole(ctx, &[laws, efforts].concat())
    };
    (bottom, hole)
}

/// "Missouri Human Trafficking Laws (Sex Trafficking, …)" → the words
/// before the parenthesis as the heading, the parenthetical as a subtitle,
/// when the whole is too long for a heading.
fn split_heading(heading: &str) -> (String, Option<&str>) {
    let trimmed = heading.trim_end();
    if trimmed.chars().count() > LONG_HEADING && trimmed.ends_with(')') {
        if let Some(open) = trimmed.rfind(" (") {
            return (trimmed[..open].to_string(), Some(&trimmed[open + 1..]));
        }
    }
    (trimmed.to_string(), None)
}

fn heading_height(ctx: &Ctx, heading: &str, width: f32) -> f32 {
    let mut scratch = ctx.scratch();
    let s = &ctx.style;
    blocks::heading(&mut scratch, s, heading, s.primary, 0.0, 0.0, width, None)
}

/// Width of one of `columns` equal columns across `span` grid columns.
fn column_width(ctx: &Ctx, span: usize, columns: usize) -> f32 {
    ctx.grid.span(span / columns)
}

fn column_xs(ctx: &Ctx, start: usize, span: usize, columns: usize) -> Vec<f32> {
    (0..columns)
        .map(|c| ctx.grid.x(start + c * span / columns))
        .collect()
}

/// Balances `blocks` of `heights` across the columns at `xs` and draws
/// them from `top`; returns the bottom of each column (an empty column ends
/// at `top`).
fn flow_into(
    frame: &mut Frame,
    blocks: &[Block],
    heights: &[f32],
    xs: &[f32],
    top: f32,
) -> Vec<f32> {
    let columns = flow::balance(blocks, heights, xs.len());
    if !frame.keeps_content() {
        // A draft that only scores the arrangement: the columns' heights
        // are known, and nothing drawn would be kept.
        let mut bottoms = vec![top; xs.len()];
        for (bottom, height) in bottoms.iter_mut().zip(&columns.heights) {
            *bottom = top + height;
        }
        return bottoms;
    }
    flow::draw(frame, blocks, &columns, xs, top)
}

/// The statutes' heading and, for a long one, its parenthetical as a
/// subtitle under the rule (part of the heading); returns the bottom.
fn law_heading(ctx: &Ctx, frame: &mut Frame, x: f32, top: f32, width: f32, h2: NodeId) -> f32 {
    let s = &ctx.style;
    let (heading, subtitle) = split_heading(&ctx.profile.laws.heading);
    let y = blocks::heading(frame, s, &heading, s.primary, x, top, width, Some(h2));
    match subtitle {
        Some(subtitle) => {
            blocks::text(
                frame,
                subtitle,
                s.fonts.regular,
                MUTED,
                Style::running(s.fonts.regular, s.small, width),
                x,
                y,
                Some(h2),
            ) + s.caption_gap
        }
        None => y,
    }
}

/// The referral directory's sentence and link; returns the bottom.
fn referral(ctx: &Ctx, frame: &mut Frame, x: f32, top: f32, width: f32, p: NodeId) -> f32 {
    let s = &ctx.style;
    let Some(referral) = &ctx.profile.efforts.referral else {
        return top;
    };
    let spans = [
        Span::new(format!("{} ", referral.text), s.fonts.regular, INK),
        Span::new(referral.label(), s.fonts.semibold, s.link)
            .link(referral.url.clone(), referral.text.clone()),
    ];
    text::paragraph(
        frame,
        &spans,
        x,
        top,
        Style::running(s.fonts.regular, s.body, width),
        Some(p),
    )
}

/// Statutes and efforts as one flow balanced over three columns; returns
/// the bottom and the largest hole.
fn flowing(ctx: &Ctx, frame: &mut Frame, top: f32, heights: &Heights) -> (f32, f32) {
    let s = &ctx.style;
    let span = COLUMNS / 3;
    let width = ctx.grid.span(span);
    let xs = column_xs(ctx, 0, COLUMNS, 3);
    // Every node first, in reading order; the blocks only draw.
    let law_sect = frame.node(Role::Sect, Frame::ROOT);
    let law_h2 = frame.node(Role::H2, law_sect);
    let law_nodes = blocks::list_nodes(frame, law_sect, ctx.profile.laws.items.len());
    let efforts = &ctx.profile.efforts;
    let sect = frame.node(Role::Sect, Frame::ROOT);
    let h2 = frame.node(Role::H2, sect);
    let referral_p = efforts.referral.as_ref().map(|_| frame.node(Role::P, sect));
    let groups: Vec<GroupNodes> = efforts
        .groups
        .iter()
        .map(|group| GroupNodes::new(frame, sect, group))
        .collect();

    let mut flow = vec![Block::new(0.0, move |frame: &mut Frame, x, top| {
        law_heading(ctx, frame, x, top, width, law_h2)
    })
    .keep_with_next()];
    flow.extend(law_blocks(ctx, width, &law_nodes));
    if let Some(last) = flow.last_mut() {
        last.gap_after = s.block_gap * 2.0;
    }
    flow.push(
        Block::new(0.0, move |frame: &mut Frame, x, top| {
            blocks::heading(
                frame,
                s,
                &efforts.heading,
                s.primary,
                x,
                top,
                width,
                Some(h2),
            )
        })
        .keep_with_next(),
    );
    if let Some(p) = referral_p {
        flow.push(
            Block::new(s.block_gap, move |frame: &mut Frame, x, top| {
                referral(ctx, frame, x, top, width, p)
            })
            .keep_with_next(),
        );
    }
    flow.extend(effort_blocks(ctx, width, &groups));
    let flow_heights = heights.of(ctx, Part::Both, width, &flow);
    let bottoms = flow_into(frame, &flow, &flow_heights, &xs, top);
    let bottom = bottoms.iter().copied().fold(top, f32::max);
    let columns: Vec<Column> = xs
        .iter()
        .zip(&bottoms)
        .map(|(&x, &b)| Column {
            x,
            width,
            shortfall: bottom - b,
        })
        .collect();
    (bottom, super::largest_hole(ctx, &columns))
}

fn law_blocks<'a>(ctx: &'a Ctx, width: f32, nodes: &[ItemNodes]) -> Vec<Block<'a>> {
    let s = &ctx.style;
    ctx.profile
        .laws
        .items
        .iter()
        .zip(nodes.iter().copied())
        .map(|(law, nodes)| {
            // A citation never breaks after its section sign.
            let citation = law
                .citation
                .replace("§ ", &format!("§{}", text::NO_BREAK_SPACE));
            let citation = Span::new(citation, s.fonts.bold, s.accent);
            let citation = match &law.url {
                Some(url) => citation.link(url.clone(), format!("{} {}", law.citation, law.title)),
                None => citation,
            };
            let body = vec![
                Span::new(format!("{} ", law.title), s.fonts.regular, INK),
                citation,
            ];
            Block::new(s.item_gap, move |frame: &mut Frame, x, top| {
                let bullet = Span::new("•", s.fonts.bold, s.accent);
                blocks::list_item(frame, bullet, &body, s.body, x, top, width, nodes)
            })
        })
        .collect()
}

/// The structure of one effort group, made before any of it is drawn so
/// that a group split across columns keeps its reading order.
struct GroupNodes<'g> {
    group: &'g EffortGroup,
    h3: NodeId,
    subtitle: Option<NodeId>,
    items: Vec<ItemNodes>,
}

impl<'g> GroupNodes<'g> {
    fn new(frame: &mut Frame, sect: NodeId, group: &'g EffortGroup) -> Self {
        let h3 = frame.node(Role::H3, sect);
        let subtitle = group.subtitle.as_ref().map(|_| frame.node(Role::P, sect));
        let items = blocks::list_nodes(frame, sect, group.items.len());
        Self {
            group,
            h3,
            subtitle,
            items,
        }
    }
}

fn effort_blocks<'a>(ctx: &'a Ctx, width: f32, groups: &[GroupNodes<'a>]) -> Vec<Block<'a>> {
    let s = &ctx.style;
    let mut out = Vec::new();
    for (g, nodes) in groups.iter().enumerate() {
        let group = nodes.group;
        let h3 = nodes.h3;
        let after_title = if group.subtitle.is_some() {
            0.0
        } else {
            s.rule_gap
        };
        out.push(
            Block::new(after_title, move |frame: &mut Frame, x, top| {
                blocks::subhead(frame, s, &group.title, x, top, width, Some(h3))
            })
            .keep_with_next(),
        );
        if let (Some(subtitle), Some(node)) = (&group.subtitle, nodes.subtitle) {
            out.push(
                Block::new(s.rule_gap, move |frame: &mut Frame, x, top| {
                    blocks::text(
                        frame,
                        subtitle,
                        s.fonts.regular,
                        MUTED,
                        Style::setting(s.small, width),
                        x,
                        top,
                        Some(node),
                    )
                })
                .keep_with_next(),
            );
        }
        let last_group = g + 1 == groups.len();
        for (i, (entry, item)) in group
            .items
            .iter()
            .zip(nodes.items.iter().copied())
            .enumerate()
        {
            let span = match &entry.url {
                Some(url) => Span::new(entry.text.clone(), s.fonts.regular, s.link)
                    .link(url.clone(), entry.text.clone()),
                None => Span::new(entry.text.clone(), s.fonts.regular, INK),
            };
            let gap = if i + 1 == group.items.len() && !last_group {
                s.block_gap
            } else {
                s.item_gap
            };
            out.push(Block::new(gap, move |frame: &mut Frame, x, top| {
                let bullet = Span::new("•", s.fonts.bold, s.accent);
                blocks::list_item(
                    frame,
                    bullet,
                    std::slice::from_ref(&span),
                    s.body,
                    x,
                    top,
                    width,
                    item,
                )
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_heading;

    #[test]
    fn a_long_heading_keeps_its_parenthetical_as_a_subtitle() {
        let (heading, subtitle) = split_heading(
            "Missouri Human Trafficking Laws (Sex Trafficking, Labor Trafficking, Safe Harbor, Vacating Convictions, etc.)",
        );
        assert_eq!(heading, "Missouri Human Trafficking Laws");
        assert_eq!(
            subtitle,
            Some("(Sex Trafficking, Labor Trafficking, Safe Harbor, Vacating Convictions, etc.)")
        );
        assert_eq!(
            split_heading("Kansas Laws (2017)"),
            ("Kansas Laws (2017)".to_string(), None)
        );
    }
}
