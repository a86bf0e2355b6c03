//! factsheet turns TOML state profiles into one-page PDF fact sheets.
//!
//! The pipeline runs one way: [`profile`] loads and checks a profile,
//! [`layout`] places it on a [`frame::Frame`] (with [`chart`] and [`map`]
//! drawing into it), and [`export`] writes the Frame as PDF bytes. What
//! both ends rely on sits in leaf modules of its own: the [`rules`] (value
//! ranges, chart sizes, colours), the [`atlas`] of states and counties, and
//! the [`words`] numbers and lists are written with.

pub mod atlas;
pub mod batch;
pub mod chart;
pub mod diff;
pub mod export;
mod fnv;
pub mod fonts;
pub mod frame;
pub mod layout;
mod linebreak;
pub mod map;
mod memo;
pub mod profile;
pub mod rules;
pub mod shard;
pub mod watch;
pub mod words;

use export::pdf::{self, Metadata};

/// The tool, its tests and its bench all allocate through mimalloc: layout
/// and PDF writing are made of many short-lived small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Sets up mimalloc for the command line tool.
///
/// Memory a finished sheet freed goes back to the system soon instead of
/// after mimalloc's delay: with two sheets at work at a time, pages kept
/// for long double a batch's peak memory. Handing them back at once costs
/// a page fault each time they are used again (about a tenth of a batch's CPU
/// time); after 50 ms, a sheet's freed pages serve the next sheet, and a
/// 500-sheet batch on two threads stays near 20 MB.
///
/// At exit nothing is freed: by default mimalloc frees and purges every page
/// it holds (for when it is unloaded as part of a library), which is work the
/// kernel does anyway when the process ends; skipping it takes about 0.4 ms
/// off a one-sheet run.
pub fn configure_allocator() {
    // `mi_option_purge_delay` and `mi_option_destroy_on_exit` of mimalloc.h
    // (v3), which the bindings do not name.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const DESTROY_ON_EXIT: libmimalloc_sys::mi_option_t = 22;
    const DELAY_MS: std::ffi::c_long = 50;
    // Above 1: mimalloc's exit hook returns at once.
    const LEAVE_TO_THE_SYSTEM: std::ffi::c_long = 2;
    // SAFETY: setting an option is allowed at any time, from any thread.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, DELAY_MS);
        libmimalloc_sys::mi_option_set(DESTROY_ON_EXIT, LEAVE_TO_THE_SYSTEM);
    }
}
use frame::Frame;
use profile::Profile;

/// A built sheet: the page as laid out and its PDF bytes.
#[derive(Debug, Clone)]
pub struct Built {
    pub frame: Frame,
    pub pdf: Vec<u8>,
    /// The body text size the content fitted at, in points.
    pub body: f32,
}

/// Why a checked profile could not become a PDF.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Layout(layout::LayoutError),
    #[error(transparent)]
    Pdf(pdf::PdfError),
}

/// Settings of a build that are not part of the profile.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    pub layout: layout::Options,
    /// Seconds since the Unix epoch for the PDF's dates (`SOURCE_DATE_EPOCH`);
    /// dates are left out when `None`, so output depends on input alone.
    pub date: Option<i64>,
}

/// Lays out a checked profile and writes it as PDF bytes.
pub fn build(profile: &Profile, options: &BuildOptions) -> Result<Built, BuildError> {
    let sheet = layout::layout(profile, options.layout).map_err(BuildError::Layout)?;
    let mut keywords = vec![
        "human trafficking".to_string(),
        profile.state.clone(),
        "fact sheet".to_string(),
    ];
    for keyword in &profile.keywords {
        if !keywords.iter().any(|k| k.eq_ignore_ascii_case(keyword)) {
            keywords.push(keyword.clone());
        }
    }
    let metadata = Metadata {
        title: profile.title(),
        author: profile.agency.clone(),
        subject: format!("Efforts to combat human trafficking in {}", profile.state),
        keywords,
        lang: profile.lang.clone(),
        date: options.date,
    };
    let pdf = pdf::write(&sheet.frame, &metadata).map_err(BuildError::Pdf)?;
    Ok(Built {
        frame: sheet.frame,
        pdf,
        body: sheet.body,
    })
}
