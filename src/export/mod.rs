//! Writing sheets out: the PDF serialiser, the PNG and SVG previews drawn
//! from the same Frame, and atomic file output.

mod content;
mod file;
mod output_intent;
pub mod pdf;
pub mod png;
pub mod svg;
mod truetype;
mod xmp;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::frame::Frame;

/// The previews `build` writes beside each PDF (`--png`, `--svg`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Previews {
    /// The resolution of `<name>.png`; no PNG when `None`.
    pub png: Option<u32>,
    /// Whether to write `<name>.svg`.
    pub svg: bool,
}

impl Previews {
    /// Each preview asked for, as its file extension and its bytes; `title`
    /// and `lang` are the sheet's.
    pub fn render(
        self,
        frame: &Frame,
        title: &str,
        lang: &str,
    ) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
        let mut files = Vec::new();
        if let Some(dpi) = self.png {
            files.push(("png", png::write(frame, dpi).map_err(|e| e.to_string())?));
        }
        if self.svg {
            let svg = svg::write(frame, title, lang).map_err(|e| e.to_string())?;
            files.push(("svg", svg.into_bytes()));
        }
        Ok(files)
    }
}

/// Writes `bytes` to `path` so that readers see either the old file or the
/// complete new one: the bytes go to a temporary file in the same folder,
/// are flushed to disk, and the file is renamed over `path`. On any error the
/// temporary file is removed and `path` is left as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_replacing(path, bytes, Flush::Now)
}

/// When written bytes must be on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    /// Before the file is renamed into place.
    Now,
    /// Later, by the caller (a batch syncs its folder once at the end).
    Later,
}

/// Writes `bytes` to a temporary file beside `path` and renames it over
/// `path`, so a reader sees the old file or the whole new one; a failed
/// write removes the temporary file and leaves `path` as it was.
pub fn write_replacing(path: &Path, bytes: &[u8], flush: Flush) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
    })?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        if flush == Flush::Now {
            file.sync_all()?;
        }
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("factsheet-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.pdf")]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let path = std::env::temp_dir().join("factsheet-no-such-dir/x/a.pdf");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
