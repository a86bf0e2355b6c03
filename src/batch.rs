//! Building many sheets: finding profiles, building each, writing outputs.
//!
//! One profile's failure never stops the others; every outcome is reported.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::export::write_atomic;
use crate::profile::{self, Diagnostic};
use crate::{build, BuildOptions};

/// The profiles named by `paths`: files as given, folders searched (not
/// recursively) for `*.toml` that are not bases, in name order.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| Diagnostic::file_error(path, format!("cannot read folder: {e}")))
                .map_err(Box::new)?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                // Bases hold shared parts for other profiles, not a sheet.
                .filter(|p| !crate::profile::is_base(p))
                .collect();
            files.sort();
            found.extend(files);
        } else if path.is_file() {
            found.push(path.clone());
        } else {
            return Err(Box::new(
                Diagnostic::file_error(path, "no such file or folder")
                    .with_help("give a profile (.toml) or a folder of profiles"),
            ));
        }
    }
    Ok(found)
}

/// What happened to one profile.
#[derive(Debug)]
pub struct Outcome {
    pub profile: PathBuf,
    /// The PDF written, when the build succeeded and wrote one.
    pub output: Option<PathBuf>,
    pub bytes: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn failed(&self, strict: bool) -> bool {
        self.diagnostics.iter().any(|d| d.is_error() || strict)
    }
}

/// Checks one profile; with `out_dir`, also builds it and writes
/// `<out_dir>/<stem>.pdf`. Nothing is written when anything fails.
pub fn process(
    path: &Path,
    out_dir: Option<&Path>,
    options: &BuildOptions,
    strict: bool,
) -> Outcome {
    let start = Instant::now();
    let mut outcome = Outcome {
        profile: path.to_path_buf(),
        output: None,
        bytes: 0,
        diagnostics: Vec::new(),
        elapsed: Duration::ZERO,
    };
    match profile::load(path) {
        Err(diagnostics) => outcome.diagnostics = diagnostics,
        Ok((profile, warnings)) => {
            outcome.diagnostics = warnings;
            let blocked = strict && !outcome.diagnostics.is_empty();
            if let (Some(dir), false) = (out_dir, blocked) {
                let target = dir.join(format!(
                    "{}.pdf",
                    path.file_stem().unwrap_or_default().to_string_lossy()
                ));
                match build(&profile, options) {
                    Err(e) => outcome
                        .diagnostics
                        .push(Diagnostic::file_error(path, e.to_string())),
                    Ok(built) => match write_atomic(&target, &built.pdf) {
                        Err(e) => outcome.diagnostics.push(Diagnostic::file_error(
                            &target,
                            format!("cannot write: {e}"),
                        )),
                        Ok(()) => {
                            outcome.bytes = built.pdf.len();
                            outcome.output = Some(target);
                        }
                    },
                }
            } else if out_dir.is_none() {
                // `check` still lays the sheet out, so overflow is caught too.
                if let Err(e) = crate::layout::layout(&profile, options.layout) {
                    outcome
                        .diagnostics
                        .push(Diagnostic::file_error(path, e.to_string()));
                }
            }
        }
    }
    outcome.elapsed = start.elapsed();
    outcome
}
