//! The pieces every band is made of: section headings with their rule,
//! sub-heads, paragraphs and list items, each drawn at a position and
//! returning its bottom.

use crate::fonts::Face;
use crate::frame::{Frame, NodeId, Path, Point, Rgb, Role, Stroke};

use super::style::palette::{ON_NAVY_SOFT, WHITE};
use super::style::{Style, RULE_WIDTH};
use super::text::{self as settext, paragraph, Setting, Span};

/// A horizontal rule from `x` across `width`.
pub fn rule(frame: &mut Frame, x: f32, y: f32, width: f32, color: Rgb, thickness: f32) {
    frame.path(
        Path::line(
            Point::new(x, y),
            Point::new(x + width, y),
            Stroke {
                color,
                width: thickness,
            },
        ),
        None,
    );
}

/// A section heading: capitals in bold, a thin rule under it. `color` is
/// the text's; on a dark band (white text) the rule is light too.
/// Returns the y below the rule.
#[allow(clippy::too_many_arguments)]
pub fn heading(
    frame: &mut Frame,
    style: &Style,
    text: &str,
    color: Rgb,
    x: f32,
    top: f32,
    width: f32,
    node: Option<NodeId>,
) -> f32 {
    let spans = [Span::new(text.to_uppercase(), style.fonts.bold, color)];
    let bottom = paragraph(
        frame,
        &spans,
        x,
        top,
        Style::display(style.heading, width),
        node,
    );
    let rule_y = bottom + style.rule_gap;
    let rule_color = if color == WHITE {
        ON_NAVY_SOFT
    } else {
        style.accent
    };
    rule(frame, x, rule_y, width, rule_color, RULE_WIDTH);
    rule_y + style.rule_gap * 1.5 + RULE_WIDTH
}

/// A sub-head inside a section: bold, sentence case, body size.
pub fn subhead(
    frame: &mut Frame,
    style: &Style,
    text: &str,
    x: f32,
    top: f32,
    width: f32,
    node: Option<NodeId>,
) -> f32 {
    let spans = [Span::new(text, style.fonts.bold, style.primary)];
    paragraph(
        frame,
        &spans,
        x,
        top,
        Style::setting(style.subhead, width),
        node,
    )
}

/// Running text of one face and colour.
#[allow(clippy::too_many_arguments)]
pub fn text(
    frame: &mut Frame,
    text: &str,
    face: Face,
    color: Rgb,
    setting: Setting,
    x: f32,
    top: f32,
    node: Option<NodeId>,
) -> f32 {
    paragraph(
        frame,
        &[Span::new(text, face, color)],
        x,
        top,
        setting,
        node,
    )
}

/// The structure nodes of one list item: LI, its label and its body.
#[derive(Debug, Clone, Copy)]
pub struct ItemNodes {
    pub label: NodeId,
    pub body: NodeId,
}

/// An L node under `parent` with `count` items, created up front so that
/// items drawn later (in any column) keep their reading order.
pub fn list_nodes(frame: &mut Frame, parent: NodeId, count: usize) -> Vec<ItemNodes> {
    let list = frame.node(Role::L, parent);
    (0..count)
        .map(|_| {
            let item = frame.node(Role::LI, list);
            ItemNodes {
                label: frame.node(Role::Lbl, item),
                body: frame.node(Role::LBody, item),
            }
        })
        .collect()
}

/// How far a list item's body hangs in from its label, in its text size.
const LIST_INDENT: f32 = 1.3;

/// One list item: its label (a rank or a bullet) hanging left of the body.
/// Returns the bottom of the body.
#[allow(clippy::too_many_arguments)]
pub fn list_item(
    frame: &mut Frame,
    label: Span,
    body: &[Span],
    size: f32,
    x: f32,
    top: f32,
    width: f32,
    nodes: ItemNodes,
) -> f32 {
    let indent = (size * LIST_INDENT).round();
    let setting = Style::setting(size, width - indent);
    paragraph(
        frame,
        &[label],
        x,
        top,
        Setting {
            width: indent,
            ..setting
        },
        Some(nodes.label),
    );
    paragraph(frame, body, x + indent, top, setting, Some(nodes.body))
}

/// A paragraph set in `columns` side by side, each `setting.width` wide
/// and `gap` apart, its lines split evenly (the first columns take any
/// extra line). Returns the bottom of the longest column.
#[allow(clippy::too_many_arguments)]
pub fn text_in_columns(
    frame: &mut Frame,
    spans: &[Span],
    setting: Setting,
    columns: usize,
    gap: f32,
    x: f32,
    top: f32,
    node: Option<NodeId>,
) -> f32 {
    let lines = settext::set(spans, setting);
    let per_column = lines.len().div_ceil(columns.max(1)).max(1);
    let mut bottom = top;
    for (c, chunk) in lines.chunks(per_column).enumerate() {
        let cx = x + c as f32 * (setting.width + gap);
        bottom = bottom.max(settext::draw_lines(
            frame, spans, chunk, cx, top, setting, node,
        ));
    }
    bottom
}
