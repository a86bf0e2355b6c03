//! The hotlines: a full-width band of the primary colour, one row per
//! hotline, its name and description on the left two thirds of the grid and
//! its number, large, right-aligned in the last third.

use crate::fonts;
use crate::frame::{Frame, NodeId, Path, Rect, Role};
use crate::layout::blocks;
use crate::layout::style::palette::{ON_NAVY_SOFT, WHITE};
use crate::layout::style::Style;
use crate::layout::text::{self, paragraph, Span};
use crate::layout::{Ctx, LayoutError};

/// Grid columns of a hotline's name and description.
const TEXT_SPAN: usize = 8;

pub fn draw(ctx: &Ctx, frame: &mut Frame, top: f32) -> Result<f32, LayoutError> {
    // Measured on scratch first: the band is painted before its text.
    let mut scratch = ctx.scratch();
    let pad = ctx.style.panel_pad;
    let height = rows(ctx, &mut scratch, top + pad, None) - top + pad;
    if !frame.keeps_content() {
        // A draft's page: the height is all it needs.
        return Ok(top + height);
    }
    frame.path(
        Path::rect(
            Rect::new(ctx.grid.x(0), top, ctx.grid.width(), height),
            ctx.style.primary,
        ),
        None,
    );
    let sect = frame.node(Role::Sect, Frame::ROOT);
    rows(ctx, frame, top + pad, Some(sect));
    Ok(top + height)
}

/// Draws the heading and the rows inside the band's padding; returns the
/// bottom of the last row.
fn rows(ctx: &Ctx, frame: &mut Frame, top: f32, sect: Option<NodeId>) -> f32 {
    let s = &ctx.style;
    let profile = ctx.profile;
    let hotlines = &profile.hotlines;
    let pad = s.panel_pad;
    // The band's content sits in from the grid's edges by its padding.
    let x = ctx.grid.x(0) + pad;
    let right = ctx.grid.x(0) + ctx.grid.width() - pad;
    let text_w = ctx.grid.span(TEXT_SPAN) - pad;
    let node = |frame: &mut Frame, role: Role| sect.map(|parent| frame.node(role, parent));
    let h2 = node(frame, Role::H2);
    let mut y = blocks::heading(frame, s, &hotlines.heading, WHITE, x, top, right - x, h2);
    for (i, (_, hotline)) in hotlines.all().into_iter().enumerate() {
        if i > 0 {
            y += s.block_gap;
        }
        let p = node(frame, Role::P);
        let number_setting = Style::display(s.number, right - x);
        let number_width = fonts::width(s.fonts.extrabold, s.number, &hotline.number);
        let name_setting = Style::display(s.lead, text_w);
        let name = [Span::new(hotline.name.clone(), s.fonts.bold, WHITE)];
        // The name's first line shares the number's baseline.
        let name_top =
            y + text::baseline_offset(s.fonts.extrabold, s.number, number_setting.leading)
                - text::baseline_offset(s.fonts.bold, name_setting.size, name_setting.leading);
        let name_bottom = paragraph(frame, &name, x, name_top, name_setting, p);
        let tel = hotline.number.uri().unwrap_or_default();
        let number = [
            Span::new(hotline.number.to_string(), s.fonts.extrabold, WHITE).link(
                tel,
                format!(
                    "{} {}: {}",
                    profile.labels.call, hotline.name, hotline.number
                ),
            ),
        ];
        let number_bottom = paragraph(
            frame,
            &number,
            right - number_width,
            y,
            text::Setting {
                width: number_width + 1.0,
                ..number_setting
            },
            p,
        );
        let mut bottom = name_bottom;
        if let Some(description) = &hotline.description {
            let d = node(frame, Role::P);
            bottom = blocks::text(
                frame,
                description,
                s.fonts.regular,
                ON_NAVY_SOFT,
                Style::running(s.fonts.regular, s.body, text_w),
                x,
                bottom + s.rule_gap,
                d,
            );
        }
        y = bottom.max(number_bottom);
    }
    y
}
