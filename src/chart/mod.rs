//! Charts: a plotters backend that draws into the Frame, and the chart kinds.
//! (Interim: the chart module proper lands from its own branch.)

use crate::fonts::{self, Face};
use crate::frame::{Frame, NodeId, Path, Point, Rect, Rgb, TextRun};

/// The hotline does not disclose figures referenced fewer than three times:
/// a count of 1 or 2 is printed as "fewer than 3".
pub fn undisclosed(value: f64) -> bool {
    value > 0.0 && value < 3.0
}

pub enum ChartKind {
    HorizontalBar,
    VerticalBar,
    GroupedBar,
    Donut,
    Pie,
    Line,
}
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}
pub struct ChartSpec<'a> {
    pub kind: ChartKind,
    pub title: Option<&'a str>,
    pub categories: &'a [String],
    pub series: &'a [Series],
    pub source: Option<&'a str>,
    pub palette: &'a [Rgb],
    pub text_size: f32,
    pub text_color: Rgb,
}
pub struct ChartOutput {
    pub alt: String,
    pub bounds: Rect,
}
#[derive(Debug)]
pub enum ChartError {
    Empty(String),
}
impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart error")
    }
}
impl std::error::Error for ChartError {}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    spec: &ChartSpec,
    node: Option<NodeId>,
) -> Result<ChartOutput, ChartError> {
    let mut y = area.y + spec.text_size;
    for (i, c) in spec.categories.iter().enumerate() {
        let text = format!("{c}: {}", spec.series[0].values[i]);
        frame.text(
            TextRun {
                origin: Point::new(area.x, y),
                face: Face::Regular,
                size: spec.text_size,
                color: spec.text_color,
                width: fonts::width(Face::Regular, spec.text_size, &text),
                text,
            },
            node,
        );
        y += spec.text_size * 1.3;
    }
    frame.path(
        Path::rect(
            Rect::new(area.x, y, area.width * 0.5, 2.0),
            Rgb(0x1B, 0x3A, 0x5C),
        ),
        node,
    );
    Ok(ChartOutput {
        alt: String::new(),
        bounds: area,
    })
}
