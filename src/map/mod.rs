//! The county heat map of a state, drawn into the Frame.
//! (Interim: the map module proper lands from its own branch.)

use crate::frame::{Frame, NodeId, Path, Rect, Rgb};

pub struct CountyValue {
    pub key: String,
    pub value: f64,
}
pub struct MapSpec<'a> {
    pub state_code: &'a str,
    pub values: &'a [CountyValue],
    pub counts: bool,
    pub legend_low: &'a str,
    pub legend_high: &'a str,
}
pub struct MapOutput {
    pub alt: String,
    pub bounds: Rect,
}
#[derive(Debug)]
pub enum MapError {
    UnknownState(String),
}
impl std::fmt::Display for MapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "map error")
    }
}
impl std::error::Error for MapError {}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    _spec: &MapSpec,
    node: Option<NodeId>,
) -> Result<MapOutput, MapError> {
    frame.path(Path::rect(area, Rgb(0xE4, 0xE8, 0xEC)), node);
    Ok(MapOutput {
        alt: String::new(),
        bounds: area,
    })
}
