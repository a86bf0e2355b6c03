//! The demographics block: every demographic group of a sheet drawn as one
//! block in one column, each group a sub-head and rows of label | bar |
//! count. One scale serves every bar of every group, so a bar's length
//! compares across groups; one label column serves every group, so all
//! bars start at the same x.

use super::bars::{RowScale, Rows};
use super::canvas::Canvas;
use super::{
    alt, default_palette, legible, line_height, validate_values, ChartError, ChartLabels, Style,
    MIN_TEXT_SIZE,
};
use crate::fonts::{self, Face, FontSet};
use crate::frame::{Frame, NodeId, Point, Rect, Rgb, Role, TextRun};

/// The smallest a demographic label may be set.
pub const MIN_LABEL_SIZE: f32 = 7.0;

/// One group: its sub-head and one count per category.
#[derive(Debug, Clone, Copy)]
pub struct Group<'a> {
    pub title: &'a str,
    pub categories: &'a [String],
    pub counts: &'a [f64],
}

/// How the sub-heads are set (the layout's heading style).
#[derive(Debug, Clone, Copy)]
pub struct Heading {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
}

/// What to draw.
#[derive(Debug, Clone, Copy)]
pub struct Demographics<'a> {
    pub groups: &'a [Group<'a>],
    pub heading: Heading,
    /// Labels and counts, in points (raised to [`MIN_LABEL_SIZE`]).
    pub label_size: f32,
    pub text_color: Rgb,
    /// The bars' colour; the first palette colour when `None`.
    pub bar_color: Option<Rgb>,
    pub fonts: FontSet,
    pub labels: ChartLabels<'a>,
    /// Groups side by side in this many columns (1: stacked).
    pub columns: usize,
    /// Between columns, in points.
    pub gap: f32,
}

/// Between a sub-head and its rows.
const HEAD_GAP: f32 = 1.5;
/// Between two rows, as a share of the label line height.
const ROW_GAP: f32 = 0.3;
/// Between two groups, as a share of the label line height.
const GROUP_GAP: f32 = 0.8;

/// How the block is set at one width: the same for drawing and measuring.
struct Setting<'a> {
    spec: &'a Demographics<'a>,
    style: Style,
    scale: RowScale,
    columns: usize,
    column_w: f32,
    /// Label line height.
    lh: f32,
    head_lh: f32,
    /// Each group's sub-head, wrapped to the column.
    heads: Vec<Vec<String>>,
    /// Side by side, the height of the tallest sub-head.
    heads_h: f32,
    /// Side by side, row i of every group reserves the tallest of their
    /// i-th labels.
    label_heights: Vec<f32>,
}

impl<'a> Setting<'a> {
    fn new(width: f32, spec: &'a Demographics<'a>) -> Result<Self, ChartError> {
        for g in spec.groups {
            validate_values(g.title, g.categories, g.counts)?;
        }
        let size = if spec.label_size.is_finite() {
            spec.label_size.max(MIN_LABEL_SIZE)
        } else {
            MIN_LABEL_SIZE
        };
        let style = Style {
            fonts: spec.fonts,
            size,
            title_size: spec.heading.size.max(MIN_TEXT_SIZE),
            small_size: size,
            color: legible(spec.text_color),
        };
        let all_counts: Vec<f64> = spec
            .groups
            .iter()
            .flat_map(|g| g.counts.iter().copied())
            .collect();
        let columns = spec.columns.clamp(1, spec.groups.len().max(1));
        let column_w = (width - spec.gap * (columns - 1) as f32) / columns as f32;
        let scale = if columns == 1 {
            RowScale::new(
                width,
                spec.groups
                    .iter()
                    .flat_map(|g| g.categories.iter().map(String::as_str)),
                &all_counts,
                style.fonts.regular,
                size,
                &spec.labels,
            )
        } else {
            RowScale::under_labels(
                column_w,
                &all_counts,
                style.fonts.regular,
                size,
                &spec.labels,
            )
        };
        let label_heights: Vec<f32> = if columns == 1 {
            Vec::new()
        } else {
            spec.groups.iter().fold(Vec::new(), |mut tallest, g| {
                for (i, h) in Rows::label_lines(g.categories, column_w, &style)
                    .into_iter()
                    .enumerate()
                {
                    match tallest.get_mut(i) {
                        Some(t) => *t = f32::max(*t, h),
                        None => tallest.push(h),
                    }
                }
                tallest
            })
        };
        let heads: Vec<Vec<String>> = spec
            .groups
            .iter()
            .map(|g| fonts::wrap(spec.heading.face, style.title_size, g.title, column_w))
            .collect();
        let head_lh = line_height(spec.heading.face, style.title_size);
        let heads_h = heads.iter().map(Vec::len).max().unwrap_or(0) as f32 * head_lh;
        Ok(Setting {
            spec,
            lh: line_height(style.fonts.regular, size),
            head_lh,
            heads,
            heads_h,
            style,
            scale,
            columns,
            column_w,
            label_heights,
        })
    }

    /// Each group's place from `top_left`: its column's x, the top of its
    /// sub-head, the top of its rows and the rows; and the block's bottom.
    fn place(&self, top_left: Point) -> (Vec<(f32, f32, f32, Rows)>, f32) {
        let mut placed = Vec::with_capacity(self.spec.groups.len());
        let mut bottom = top_left.y;
        let mut y = top_left.y;
        for (i, group) in self.spec.groups.iter().enumerate() {
            let column = i % self.columns;
            let x = top_left.x + column as f32 * (self.column_w + self.spec.gap);
            if column == 0 && i > 0 {
                y = bottom + self.lh * GROUP_GAP;
            }
            let gy = if self.columns > 1 {
                y + self.heads_h
            } else {
                // Line by line, as the sub-head is drawn.
                (0..self.heads[i].len()).fold(y, |gy, _| gy + self.head_lh)
            } + HEAD_GAP;
            let (lh, style) = (self.lh, &self.style);
            let rows = if self.columns == 1 {
                Rows::stack(
                    group.categories,
                    &self.scale,
                    style,
                    lh * 0.95,
                    lh * ROW_GAP,
                )
            } else {
                Rows::under_labels(
                    group.categories,
                    self.column_w,
                    &self.label_heights,
                    style,
                    lh * 0.95,
                    lh * ROW_GAP,
                )
            };
            bottom = bottom.max(gy + rows.height);
            placed.push((x, y, gy, rows));
        }
        (placed, bottom)
    }
}

/// The bottom of the block [`draw`] draws, without drawing it.
pub fn bottom(top_left: Point, width: f32, spec: &Demographics) -> Result<f32, ChartError> {
    let setting = Setting::new(width, spec)?;
    let (_, bottom) = setting.place(top_left);
    Ok(block(top_left, width, bottom).bottom())
}

/// The block from `top_left` down to `bottom`.
fn block(top_left: Point, width: f32, bottom: f32) -> Rect {
    Rect::new(top_left.x, top_left.y, width, bottom - top_left.y)
}

/// Draws `spec` as one block `width` wide from `top_left` down: the groups
/// stacked, or side by side in `columns` columns `gap` apart with each
/// label above its bar and the bars of a row level across the groups.
/// Each group becomes an H3 (its sub-head) and a Figure (its rows, with alt
/// text) under `parent`. Returns the block, which holds everything drawn to
/// a hundredth of a point (the backend's rounding); its height depends only
/// on the width and the content, and [`bottom`] finds it without drawing.
/// On error nothing is left in the Frame but the (empty) structure nodes.
pub fn draw(
    frame: &mut Frame,
    top_left: Point,
    width: f32,
    spec: &Demographics,
    parent: NodeId,
) -> Result<Rect, ChartError> {
    let setting = Setting::new(width, spec)?;
    let style = &setting.style;
    let color = spec.bar_color.unwrap_or(default_palette()[0]);
    let head = spec.heading;
    let ascent = fonts::metrics(head.face).ascent * style.title_size;
    let (placed, bottom) = setting.place(top_left);
    let start = frame.items.len();
    for ((group, head_lines), (x, y, gy, rows)) in
        spec.groups.iter().zip(&setting.heads).zip(placed)
    {
        let h3 = frame.node(Role::H3, parent);
        let mut line_top = y;
        for line in head_lines {
            let run = TextRun {
                origin: Point::new(x, line_top + ascent),
                face: head.face,
                size: style.title_size,
                color: head.color,
                width: fonts::width(head.face, style.title_size, line),
                text: line.clone(),
            };
            frame.text(run, Some(h3));
            line_top += setting.head_lh;
        }
        let figure = frame.node(
            Role::Figure {
                alt: alt::sentence(
                    group.title,
                    &alt::counts(group.categories, group.counts, &spec.labels),
                    None,
                ),
                lang: None,
            },
            parent,
        );
        let area = Rect::new(x, gy, setting.column_w, rows.height);
        let canvas = Canvas::new(frame, area, Some(figure), spec.fonts);
        if let Err(e) = rows.draw(
            &canvas,
            x,
            gy,
            group.counts,
            &setting.scale,
            style,
            &spec.labels,
            color,
        ) {
            drop(canvas);
            frame.items.truncate(start);
            return Err(e);
        }
    }
    Ok(block(top_left, width, bottom))
}
