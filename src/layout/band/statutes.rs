//! The third band: the state's trafficking statutes and its statewide
//! efforts (referral directory, collaborations, resources, funding,
//! campaigns).
//!
//! Statutes and effort groups are flows of list items: each arrangement
//! gives the statutes and the efforts a span of the grid and a number of
//! columns, the items are balanced across those columns, and the
//! arrangement that is shortest with the fewest holes wins.
//!
//! A flow is a list of [`Piece`]s, each naming what it draws and how it
//! joins the next; their heights depend on the type size and the column
//! width alone, so the fit measures them once for all the arrangements and
//! drafts that share them, and an arrangement is scored without drawing.

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
    /// Draws the arrangement; returns its bottom and the largest hole it
    /// leaves (square points). Scoring only measures: its flows are
    /// balanced but not drawn.
    fn draw(self, ctx: &Ctx, frame: &mut Frame, top: f32, scoring: bool) -> (f32, f32) {
        match self {
            Arrangement::Split(split) => arrange(ctx, frame, top, split, scoring),
            Arrangement::Flowing => flowing(ctx, frame, top, scoring),
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

/// One block of a flow: what it draws and how it joins the next.
#[derive(Debug, Clone, Copy)]
struct Piece {
    kind: Kind,
    /// Space below it when another piece follows in the same column.
    gap_after: f32,
    /// A heading: never the last piece of a column.
    keep_with_next: bool,
}

/// What a piece draws.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// The statutes' heading and its subtitle (flowing only).
    LawHeading,
    /// The statute of this index.
    Law(usize),
    /// The efforts' heading (flowing only).
    EffortHeading,
    /// The referral directory's sentence (flowing only).
    Referral,
    /// The effort group of this index: its title, its subtitle, or an item.
    GroupTitle(usize),
    GroupSubtitle(usize),
    Effort {
        group: usize,
        item: usize,
    },
}

/// The pieces of `part`, in reading order.
fn pieces(ctx: &Ctx, part: Part) -> Vec<Piece> {
    let s = &ctx.style;
    let piece = |kind, gap_after| Piece {
        kind,
        gap_after,
        keep_with_next: false,
    };
    let heading = |kind, gap_after| Piece {
        keep_with_next: true,
        ..piece(kind, gap_after)
    };
    let mut out = Vec::new();
    if part == Part::Both {
        out.push(heading(Kind::LawHeading, 0.0));
    }
    if part != Part::Efforts {
        out.extend((0..ctx.profile.laws.items.len()).map(|i| piece(Kind::Law(i), s.item_gap)));
    }
    let efforts = &ctx.profile.efforts;
    if part == Part::Both {
        if let Some(last) = out.last_mut() {
            last.gap_after = s.block_gap * 2.0;
        }
        out.push(heading(Kind::EffortHeading, 0.0));
        if efforts.referral.is_some() {
            out.push(heading(Kind::Referral, s.block_gap));
        }
    }
    if part != Part::Laws {
        for (g, group) in efforts.groups.iter().enumerate() {
            let after_title = if group.subtitle.is_some() {
                0.0
            } else {
                s.rule_gap
            };
            out.push(heading(Kind::GroupTitle(g), after_title));
            if group.subtitle.is_some() {
                out.push(heading(Kind::GroupSubtitle(g), s.rule_gap));
            }
            let last_group = g + 1 == efforts.groups.len();
            for item in 0..group.items.len() {
                let gap = if item + 1 == group.items.len() && !last_group {
                    s.block_gap
                } else {
                    s.item_gap
                };
                out.push(piece(Kind::Effort { group: g, item }, gap));
            }
        }
    }
    out
}

/// The flow of `part` in columns `width` wide: its pieces and, as
/// balancing sees them, its blocks.
fn flow(ctx: &Ctx, part: Part, width: f32) -> (Vec<Piece>, Vec<Block>) {
    let pieces = pieces(ctx, part);
    let heights = heights(ctx, part, &pieces, width);
    let blocks = pieces
        .iter()
        .zip(heights.iter())
        .map(|(piece, &height)| Block {
            height,
            gap_after: piece.gap_after,
            keep_with_next: piece.keep_with_next,
        })
        .collect();
    (pieces, blocks)
}

/// The heights of `pieces`, the flow of `part`, in columns `width` wide.
/// They depend on the type size and the width alone, so they are measured
/// once a fit. Both parts in one flow are the statutes' pieces and the
/// efforts', in order, each part after its heading: their heights are the
/// parts' own.
fn heights(ctx: &Ctx, part: Part, pieces: &[Piece], width: f32) -> Rc<[f32]> {
    let what = match part {
        Part::Laws => "statutes: laws",
        Part::Efforts => "statutes: efforts",
        Part::Both => "statutes: laws and efforts",
    };
    ctx.remembered(what, &[width], || {
        let mut scratch = ctx.scratch();
        let mut nodes = Nodes::laws(&mut scratch, ctx);
        nodes.add_efforts(&mut scratch, ctx);
        let mut measure = |kind| draw_piece(ctx, &mut scratch, kind, &nodes, 0.0, 0.0, width);
        if part != Part::Both {
            return pieces.iter().map(|piece| measure(piece.kind)).collect();
        }
        let of = |part| heights(ctx, part, &self::pieces(ctx, part), width);
        let (laws, efforts) = (of(Part::Laws), of(Part::Efforts));
        let (mut laws, mut efforts) = (laws.iter(), efforts.iter());
        let in_order = "a part's pieces come in the same order in both parts' flow";
        pieces
            .iter()
            .map(|piece| match piece.kind {
                Kind::Law(_) => *laws.next().expect(in_order),
                Kind::GroupTitle(_) | Kind::GroupSubtitle(_) | Kind::Effort { .. } => {
                    *efforts.next().expect(in_order)
                }
                Kind::LawHeading | Kind::EffortHeading | Kind::Referral => measure(piece.kind),
            })
            .collect()
    })
}

/// The structure nodes of the band's pieces, made before any of them is
/// drawn so that pieces split across columns keep their reading order.
struct Nodes<'p> {
    law_heading: NodeId,
    laws: Vec<ItemNodes>,
    /// Made once the statutes are drawn, in the arrangements that draw the
    /// two parts one after the other.
    efforts: Option<EffortNodes<'p>>,
}

struct EffortNodes<'p> {
    heading: NodeId,
    referral: Option<NodeId>,
    groups: Vec<GroupNodes<'p>>,
}

impl<'p> Nodes<'p> {
    /// No structure, for an arrangement only scored: its headings are
    /// measured on scratch pages and its pieces are not drawn.
    fn none() -> Self {
        Nodes {
            law_heading: Frame::ROOT,
            laws: Vec::new(),
            efforts: None,
        }
    }

    /// The statutes' section, heading and list.
    fn laws(frame: &mut Frame, ctx: &Ctx<'p>) -> Self {
        let sect = frame.node(Role::Sect, Frame::ROOT);
        let law_heading = frame.node(Role::H2, sect);
        Nodes {
            law_heading,
            laws: blocks::list_nodes(frame, sect, ctx.profile.laws.items.len()),
            efforts: None,
        }
    }

    /// The efforts' section, heading, referral and groups.
    fn add_efforts(&mut self, frame: &mut Frame, ctx: &Ctx<'p>) {
        let efforts = &ctx.profile.efforts;
        let sect = frame.node(Role::Sect, Frame::ROOT);
        let heading = frame.node(Role::H2, sect);
        let referral = efforts.referral.as_ref().map(|_| frame.node(Role::P, sect));
        let groups = efforts
            .groups
            .iter()
            .map(|group| GroupNodes::new(frame, sect, group))
            .collect();
        self.efforts = Some(EffortNodes {
            heading,
            referral,
            groups,
        });
    }

    fn efforts(&self) -> &EffortNodes<'p> {
        self.efforts
            .as_ref()
            .expect("the efforts' nodes are made before the efforts are drawn")
    }
}

/// The structure of one effort group.
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

pub fn draw(ctx: &Ctx, frame: &mut Frame, top: f32) -> Result<f32, LayoutError> {
    let draft = ctx.drafting();
    let arrangements = SPLITS
        .into_iter()
        .map(Arrangement::Split)
        .chain([Arrangement::Flowing])
        .map(|arrangement| {
            let mut scratch = ctx.scratch();
            let (bottom, hole) = arrangement.draw(&draft, &mut scratch, 0.0, true);
            (super::score(bottom, hole, ctx), arrangement)
        });
    let (_, arrangement) = super::lowest(arrangements).expect("at least one arrangement");
    Ok(arrangement.draw(ctx, frame, top, false).0)
}

/// Draws one arrangement; returns its bottom and the largest hole it
/// leaves (square points).
fn arrange(
    ctx: &Ctx,
    frame: &mut Frame,
    top: f32,
    (law_span, law_columns, effort_columns): (usize, usize, usize),
    scoring: bool,
) -> (f32, f32) {
    let s = &ctx.style;
    let stacked = law_span == COLUMNS;
    let effort_start = if stacked { 0 } else { law_span };
    let effort_span = if stacked { COLUMNS } else { COLUMNS - law_span };
    let law_w = ctx.grid.span(law_span);
    let effort_w = ctx.grid.span(effort_span);
    let (heading, _) = split_heading(&ctx.profile.laws.heading);

    // Headings side by side share their rule: the shorter one moves down.
    // (The efforts' heading from a top of 0 is the one `place` measures
    // below, and is remembered as the same.)
    let heading_height = |what, heading: &str, width| {
        ctx.measured(what, &[width], |scratch| {
            blocks::heading(scratch, s, heading, s.primary, 0.0, 0.0, width, None)
        })
    };
    let law_heading_h = heading_height("statutes: law heading without subtitle", heading, law_w);
    let effort_heading_h = heading_height(
        "statutes: effort heading",
        &ctx.profile.efforts.heading,
        effort_w,
    );
    let rule_line = if stacked {
        law_heading_h
    } else {
        law_heading_h.max(effort_heading_h)
    };

    // Scoring draws no piece (see `flow_into`): it makes no structure.
    let mut nodes = if scoring {
        Nodes::none()
    } else {
        Nodes::laws(frame, ctx)
    };
    let law_top = top + rule_line - law_heading_h;
    let y = place(
        ctx,
        frame,
        scoring,
        "statutes: law heading",
        law_w,
        law_top,
        |frame| law_heading(ctx, frame, ctx.grid.x(0), law_top, law_w, nodes.law_heading),
    );
    let law_column_w = column_width(ctx, law_span, law_columns);
    let law_xs = column_xs(ctx, 0, law_span, law_columns);
    let law_bottoms = flow_into(
        ctx,
        frame,
        Part::Laws,
        law_column_w,
        &nodes,
        &law_xs,
        y,
        scoring,
    );
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
    let mut y = place(
        ctx,
        frame,
        scoring,
        "statutes: effort heading",
        effort_w,
        effort_top,
        |frame| {
            blocks::heading(
                frame,
                s,
                &efforts.heading,
                s.primary,
                x,
                effort_top,
                effort_w,
                Some(h2),
            )
        },
    );
    let referral_p = efforts.referral.as_ref().map(|_| frame.node(Role::P, sect));
    if let Some(p) = referral_p {
        y = place(
            ctx,
            frame,
            scoring,
            "statutes: referral",
            effort_w,
            y,
            |frame| referral(ctx, frame, x, y, effort_w, p),
        ) + s.block_gap;
    }
    let effort_column_w = column_width(ctx, effort_span, effort_columns);
    if !scoring {
        nodes.efforts = Some(EffortNodes {
            heading: h2,
            referral: referral_p,
            groups: efforts
                .groups
                .iter()
                .map(|group| GroupNodes::new(frame, sect, group))
                .collect(),
        });
    }
    let effort_xs = column_xs(ctx, effort_start, effort_span, effort_columns);
    let effort_bottoms = flow_into(
        ctx,
        frame,
        Part::Efforts,
        effort_column_w,
        &nodes,
        &effort_xs,
        y,
        scoring,
    );
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
fn split_heading(heading: &str) -> (&str, Option<&str>) {
    let trimmed = heading.trim_end();
    if trimmed.chars().count() > LONG_HEADING && trimmed.ends_with(')') {
        if let Some(open) = trimmed.rfind(" (") {
            return (&trimmed[..open], Some(&trimmed[open + 1..]));
        }
    }
    (trimmed, None)
}

/// Draws with `draw` `width` wide from `top` on `frame` and returns its
/// bottom; when only scoring, measures it once a fit (it depends on the
/// type size, the width and the top alone, not on the x).
fn place(
    ctx: &Ctx,
    frame: &mut Frame,
    scoring: bool,
    what: &'static str,
    width: f32,
    top: f32,
    draw: impl FnOnce(&mut Frame) -> f32,
) -> f32 {
    if scoring {
        ctx.measured(what, &[width, top], draw)
    } else {
        draw(frame)
    }
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

/// Balances the flow of `part` across columns `width` wide at `xs` and,
/// unless only scoring, draws it from `top` under `nodes`; returns the
/// bottom of each column (an empty column ends at `top`).
#[allow(clippy::too_many_arguments)]
fn flow_into(
    ctx: &Ctx,
    frame: &mut Frame,
    part: Part,
    width: f32,
    nodes: &Nodes,
    xs: &[f32],
    top: f32,
    scoring: bool,
) -> Vec<f32> {
    let (pieces, blocks) = flow(ctx, part, width);
    let columns = flow::balance(&blocks, xs.len());
    if scoring {
        // The columns' heights are known, and nothing drawn would be kept.
        let mut bottoms = vec![top; xs.len()];
        for (bottom, height) in bottoms.iter_mut().zip(&columns.heights) {
            *bottom = top + height;
        }
        return bottoms;
    }
    flow::draw(frame, &blocks, &columns, xs, top, |frame, i, x, top| {
        draw_piece(ctx, frame, pieces[i].kind, nodes, x, top, width)
    })
}

/// Draws a piece `width` wide from `(x, top)`; returns its bottom.
fn draw_piece(
    ctx: &Ctx,
    frame: &mut Frame,
    kind: Kind,
    nodes: &Nodes,
    x: f32,
    top: f32,
    width: f32,
) -> f32 {
    let s = &ctx.style;
    let bullet = || Span::new("•", s.fonts.bold, s.accent);
    match kind {
        Kind::LawHeading => law_heading(ctx, frame, x, top, width, nodes.law_heading),
        Kind::Law(i) => {
            let law = &ctx.profile.laws.items[i];
            // A citation never breaks after its section sign.
            let citation = law
                .citation
                .replace("§ ", &format!("§{}", text::NO_BREAK_SPACE));
            let citation = Span::new(citation, s.fonts.bold, s.accent);
            let citation = match &law.url {
                Some(url) => citation.link(url.clone(), format!("{} {}", law.citation, law.title)),
                None => citation,
            };
            let body = [
                Span::new(format!("{} ", law.title), s.fonts.regular, INK),
                citation,
            ];
            blocks::list_item(frame, bullet(), &body, s.body, x, top, width, nodes.laws[i])
        }
        Kind::EffortHeading => blocks::heading(
            frame,
            s,
            &ctx.profile.efforts.heading,
            s.primary,
            x,
            top,
            width,
            Some(nodes.efforts().heading),
        ),
        Kind::Referral => {
            let p = nodes
                .efforts()
                .referral
                .expect("a referral piece only where there is a referral");
            referral(ctx, frame, x, top, width, p)
        }
        Kind::GroupTitle(g) => {
            let group = &nodes.efforts().groups[g];
            blocks::subhead(frame, s, &group.group.title, x, top, width, Some(group.h3))
        }
        Kind::GroupSubtitle(g) => {
            let group = &nodes.efforts().groups[g];
            blocks::text(
                frame,
                group.group.subtitle.as_deref().unwrap_or_default(),
                s.fonts.regular,
                MUTED,
                Style::setting(s.small, width),
                x,
                top,
                group.subtitle,
            )
        }
        Kind::Effort { group, item } => {
            let group = &nodes.efforts().groups[group];
            let entry = &group.group.items[item];
            let span = match &entry.url {
                Some(url) => Span::new(entry.text.clone(), s.fonts.regular, s.link)
                    .link(url.clone(), entry.text.clone()),
                None => Span::new(entry.text.clone(), s.fonts.regular, INK),
            };
            blocks::list_item(
                frame,
                bullet(),
                std::slice::from_ref(&span),
                s.body,
                x,
                top,
                width,
                group.items[item],
            )
        }
    }
}

/// The statutes' heading and, for a long one, its parenthetical as a
/// subtitle under the rule (part of the heading); returns the bottom.
fn law_heading(ctx: &Ctx, frame: &mut Frame, x: f32, top: f32, width: f32, h2: NodeId) -> f32 {
    let s = &ctx.style;
    let (heading, subtitle) = split_heading(&ctx.profile.laws.heading);
    let y = blocks::heading(frame, s, heading, s.primary, x, top, width, Some(h2));
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
fn flowing(ctx: &Ctx, frame: &mut Frame, top: f32, scoring: bool) -> (f32, f32) {
    let span = COLUMNS / 3;
    let width = ctx.grid.span(span);
    let xs = column_xs(ctx, 0, COLUMNS, 3);
    // Every node first, in reading order; the pieces only draw. Scoring
    // draws no piece.
    let nodes = if scoring {
        Nodes::none()
    } else {
        let mut nodes = Nodes::laws(frame, ctx);
        nodes.add_efforts(frame, ctx);
        nodes
    };
    let bottoms = flow_into(ctx, frame, Part::Both, width, &nodes, &xs, top, scoring);
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
            ("Kansas Laws (2017)", None)
        );
    }
}
