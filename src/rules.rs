//! The rules that checking a profile and drawing its sheet share: the range
//! of numbers a sheet prints, how much data a chart may hold, the hotline's
//! disclosure threshold, and colours with their contrast and luminance.
//!
//! A leaf module: validation enforces these before any drawing starts, and
//! the drawing relies on them, so neither side imports the other.

/// The largest count or chart value a profile may give (10^15): far above
/// any real count, and small enough that every later stage (axis ticks,
/// thousands separators, percentages) stays exact and quick.
pub const MAX_VALUE: f64 = 1e15;

/// The most categories a chart may have: a quarter-page chart cannot show
/// more legibly, and it bounds the work of laying one out.
pub const MAX_CATEGORIES: usize = 40;

/// The most series a chart may have: one colour of the palette each.
pub const MAX_SERIES: usize = 6;

/// What the label of an undisclosed count says.
pub const UNDISCLOSED_LABEL: &str = "fewer than 3";

/// True for counts the hotline does not disclose (referenced fewer than
/// three times): 1 and 2. Zero is disclosed as 0.
pub fn undisclosed(value: f64) -> bool {
    value == 1.0 || value == 2.0
}

/// Neighbouring chart colours differ at least this much in WCAG relative
/// luminance, so they stay apart when printed in gray.
pub const MIN_LUMINANCE_STEP: f32 = 0.12;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const WHITE: Rgb = Rgb(255, 255, 255);
    pub const BLACK: Rgb = Rgb(0, 0, 0);

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f32 {
        fn channel(c: u8) -> f32 {
            let c = f32::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio between two colours, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}
