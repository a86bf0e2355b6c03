//! factsheet turns TOML state profiles into one-page PDF fact sheets.
//!
//! The pipeline runs one way: [`profile`] loads and checks a profile,
//! [`layout`] places it on a [`frame::Frame`] (with [`chart`] and [`map`]
//! drawing into it), and [`export`] writes the Frame as PDF bytes.

pub mod chart;
pub mod fonts;
pub mod frame;
pub mod map;
pub mod profile;
