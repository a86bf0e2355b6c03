//! The sheet's type scale, spacing and colours.
//!
//! Every size on the page comes from one body size through a fixed set of
//! roles (title, heading, sub-head, body, small, numbers…), and every gap
//! from a named spacing measured in body sizes. The fit changes the body
//! size and the spacing factor; nothing scales the page as a whole, so the
//! floors below are what gets printed.

use std::cell::RefCell;

use crate::fonts::{self, Face, FontSet};
use crate::frame::Rgb;
use crate::profile::{self, Profile};

use super::text::Setting;

/// The largest body size a sheet is set at; short content stops here.
pub const BODY_MAX: f32 = 10.0;
/// The smallest body size any sheet is set at.
pub const BODY_FLOOR: f32 = 7.5;
/// Steps between body sizes tried by the fit.
pub const BODY_STEP: f32 = 0.25;
/// Nothing on the sheet is printed smaller than this.
pub const SMALL_FLOOR: f32 = 7.0;

/// Spacing factors the fit tries at each body size, loosest first. Above
/// 1 they open up short content so that it fills the page.
pub const SPACINGS: [f32; 8] = [2.0, 1.6, 1.3, 1.0, 0.8, 0.7, 0.6, 0.5];

/// A gap between bands stays under this many body sizes, so that spare
/// height never opens a hole across the page.
const BAND_GAP_MAX: f32 = 2.6;

/// A line of running text holds about this many characters at most: longer
/// lines are hard to follow back to their start.
pub const MEASURE_CHARS: usize = 92;

/// Text of ordinary letter frequencies, to measure a face's average
/// character width.
const SAMPLE: &str = "Information was reported to the National Human Trafficking Hotline from December 2012 to 2016.";

/// The width of [`SAMPLE`] at one point in `face`, measured once per face
/// and thread: every paragraph of running text asks for it. Times a size,
/// it is the width `fonts::width` gives at that size.
fn sample_em(face: Face) -> f32 {
    thread_local! {
        static MEASURED: RefCell<Vec<(Face, f32)>> = const { RefCell::new(Vec::new()) };
    }
    MEASURED.with(|measured| {
        let known = measured
            .borrow()
            .iter()
            .find(|(f, _)| *f == face)
            .map(|m| m.1);
        known.unwrap_or_else(|| {
            let em = fonts::width(face, 1.0, SAMPLE);
            measured.borrow_mut().push((face, em));
            em
        })
    })
}

/// Thickness of heading rules.
pub const RULE_WIDTH: f32 = 0.75;

/// Width of the accent edge on the left of a tinted panel.
pub const PANEL_EDGE: f32 = 2.5;

/// Colours of the sheet. Every text colour keeps at least 4.5:1 contrast
/// with the background it is printed on.
pub mod palette {
    use crate::frame::Rgb;
    /// Title and hotline bands, headings.
    pub const NAVY: Rgb = Rgb(0x1B, 0x3A, 0x5C);
    /// Ranks, citations and rules.
    pub const ACCENT: Rgb = Rgb(0xA3, 0x1F, 0x34);
    pub const INK: Rgb = Rgb(0x1F, 0x1F, 0x1F);
    pub const MUTED: Rgb = Rgb(0x4A, 0x4A, 0x4A);
    pub const LINK: Rgb = Rgb(0x1A, 0x4F, 0x8B);
    /// Behind the disclaimer.
    pub const TINT: Rgb = Rgb(0xEC, 0xF1, 0xF6);
    pub const WHITE: Rgb = Rgb::WHITE;
    /// Light text and rules on the navy bands.
    pub const ON_NAVY_SOFT: Rgb = Rgb(0xDD, 0xE6, 0xF0);
}
use palette::*;

/// Type sizes by role, spacing by name, colours and faces for one attempt.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// The sheet's title in the title band.
    pub title: f32,
    /// The agency line under the title.
    pub agency: f32,
    /// The intro: the first thing read after the title.
    pub lead: f32,
    /// Section headings: capitals, bold, with a rule.
    pub heading: f32,
    /// Sub-heads inside a section: sentence case, bold.
    pub subhead: f32,
    /// Running text and lists.
    pub body: f32,
    /// Notes, captions, chart and map labels, the footer.
    pub small: f32,
    /// Hotline numbers.
    pub number: f32,
    /// Vertical space between bands; grows when the page has room to spare.
    pub band_gap: f32,
    /// Between blocks inside a column (a paragraph and the next heading).
    pub block_gap: f32,
    /// Between the items of a list.
    pub item_gap: f32,
    /// Inside the title and hotline bands and the disclaimer panel.
    pub panel_pad: f32,
    /// From a heading's text to its rule, and from the rule to what follows.
    pub rule_gap: f32,
    /// From a figure, chart title or heading to its caption or subtitle.
    pub caption_gap: f32,
    /// Bands and headings.
    pub primary: Rgb,
    /// Ranks, citations and rules.
    pub accent: Rgb,
    pub link: Rgb,
    pub fonts: FontSet,
}

impl Style {
    /// The roles at `body` size with gaps `spacing` times their normal
    /// size, plus `spread` points in every band gap.
    pub fn at(body: f32, spacing: f32, spread: f32, profile: &Profile) -> Self {
        let theme = &profile.theme;
        let color = |value: &Option<String>, default| {
            value
                .as_deref()
                .and_then(profile::parse_color)
                .unwrap_or(default)
        };
        let round = |size: f32| (size * 4.0).round() / 4.0;
        Self {
            primary: color(&theme.primary, NAVY),
            accent: color(&theme.accent, ACCENT),
            link: color(&theme.link, LINK),
            fonts: profile.fonts,
            title: round(body * 2.25),
            agency: round(body * 1.2),
            lead: round(body * 1.15),
            heading: round(body * 1.05),
            subhead: body,
            body,
            small: round(body * 0.875).max(SMALL_FLOOR),
            number: round(body * 2.0),
            band_gap: (body * 1.4 * spacing + spread).min(body * BAND_GAP_MAX),
            block_gap: body * 0.8 * spacing,
            item_gap: body * 0.3 * spacing,
            panel_pad: body * 1.1 * spacing.min(1.3),
            rule_gap: body * 0.3,
            caption_gap: body * 0.5,
        }
    }

    /// How much the gap between bands may still grow before it could read
    /// as a hole.
    pub fn band_gap_room(&self) -> f32 {
        (self.body * BAND_GAP_MAX - self.band_gap).max(0.0)
    }

    /// Running text of `size` in a column `width` wide.
    pub fn setting(size: f32, width: f32) -> Setting {
        Setting {
            size,
            leading: size * 1.2,
            width,
        }
    }

    /// Running text of `face` and `size` in a column `width` wide, never
    /// wider than [`MEASURE_CHARS`] characters.
    pub fn running(face: Face, size: f32, width: f32) -> Setting {
        let per_char = sample_em(face) * size / SAMPLE.chars().count() as f32;
        Style::setting(size, width.min(per_char * MEASURE_CHARS as f32))
    }

    /// Headings and numbers: tighter leading than running text.
    pub fn display(size: f32, width: f32) -> Setting {
        Setting {
            size,
            leading: size * 1.2,
            width,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_text_keeps_to_its_measure_in_every_face() {
        let fonts = FontSet::embedded();
        for face in [fonts.regular, fonts.italic, fonts.bold] {
            for size in [7.0, 8.25, 10.0] {
                let measure = fonts::width(face, size, SAMPLE) / SAMPLE.chars().count() as f32
                    * MEASURE_CHARS as f32;
                // Measured the same however often it is asked for.
                for _ in 0..2 {
                    assert_eq!(Style::running(face, size, 1000.0).width, measure);
                    assert_eq!(Style::running(face, size, 100.0).width, 100.0);
                }
            }
        }
        assert!(
            Style::running(fonts.bold, 9.0, 1000.0).width
                > Style::running(fonts.regular, 9.0, 1000.0).width
        );
    }
}
