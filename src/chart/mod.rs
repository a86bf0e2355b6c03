//! Charts: a plotters backend that draws into the Frame, and the chart kinds.

/// The hotline does not disclose figures referenced fewer than three times:
/// a count of 1 or 2 is printed as "fewer than 3".
pub fn undisclosed(value: f64) -> bool {
    value > 0.0 && value < 3.0
}
