//! The title band at the top of the page and the source line at its foot.

use crate::frame::{Frame, Path, Rect, Role};
use crate::layout::blocks;
use crate::layout::style::palette::{MUTED, ON_NAVY_SOFT, WHITE};
use crate::layout::style::Style;
use crate::layout::text::{self, paragraph, Span};
use crate::layout::{Ctx, MARGIN};

/// The title and agency on a band of the primary colour; returns its bottom.
pub fn draw(ctx: &Ctx, frame: &mut Frame, top: f32) -> f32 {
    let s = &ctx.style;
    let pad = s.panel_pad;
    let width = ctx.grid.width();
    let inner = width - 2.0 * pad;
    let title = [Span::new(ctx.profile.title(), s.fonts.extrabold, WHITE)];
    let title_setting = Style::display(s.title, inner);
    let agency = [Span::new(
        ctx.profile.agency.clone(),
        s.fonts.semibold,
        ON_NAVY_SOFT,
    )];
    let agency_setting = Style::display(s.agency, inner);
    let gap = s.rule_gap;
    let height = pad
        + text::height(&title, title_setting)
        + gap
        + text::height(&agency, agency_setting)
        + pad;
    if !frame.keeps_content() {
        // A draft's page: the height is all it needs.
        return top + height;
    }
    let x = ctx.grid.x(0);
    frame.path(
        Path::rect(Rect::new(x, top, width, height), s.primary),
        None,
    );
    let h1 = frame.node(Role::H1, Frame::ROOT);
    let y = paragraph(frame, &title, x + pad, top + pad, title_setting, Some(h1));
    let p = frame.node(Role::P, Frame::ROOT);
    paragraph(frame, &agency, x + pad, y + gap, agency_setting, Some(p));
    top + height
}

/// Where the footer starts: the lowest point the bands may reach.
pub fn footer_top(ctx: &Ctx) -> f32 {
    let bottom = ctx.page.1 - MARGIN;
    match &ctx.profile.footer {
        Some(footer) => {
            let spans = [Span::new(footer.clone(), ctx.style.fonts.regular, MUTED)];
            bottom - text::height(&spans, footer_setting(ctx))
        }
        None => bottom,
    }
}

/// The footer is one source line, not running text: it takes the full
/// width rather than wrap.
fn footer_setting(ctx: &Ctx) -> text::Setting {
    Style::setting(ctx.style.small, ctx.grid.width())
}

/// The source line at the foot of the page, painted last so it reads last.
pub fn footer(ctx: &Ctx, frame: &mut Frame) {
    if let Some(footer) = &ctx.profile.footer {
        let node = frame.node(Role::P, Frame::ROOT);
        blocks::text(
            frame,
            footer,
            ctx.style.fonts.regular,
            MUTED,
            footer_setting(ctx),
            ctx.grid.x(0),
            footer_top(ctx),
            Some(node),
        );
    }
}
