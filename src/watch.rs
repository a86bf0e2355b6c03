//! `factsheet watch`: rebuilds a sheet when a file it is made from changes.
//!
//! It watches the folders of every profile, base and font file the sheets
//! use, not the files themselves: editors save by writing a new file and
//! renaming it over the old one, which a watch on the old file would miss.
//! Changes are debounced, so one save (or a burst of them) is one rebuild.
//! A broken save fails its build, which writes nothing, so the last good
//! PDF stays in place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::batch::resolve;
use crate::profile;

/// How long changes must settle before a rebuild: long enough to take an
/// editor's write-and-rename as one save, short enough to feel immediate.
const SETTLE: Duration = Duration::from_millis(250);

/// Watches the files of `profiles`, builds them all once with `rebuild`,
/// then calls it with the profiles whose files changed, until `stopped`
/// says so (it is asked at least every [`SETTLE`]). The watches are set
/// before the first build, so a save during it is not missed.
pub fn run(
    profiles: &[PathBuf],
    rebuild: &mut dyn FnMut(&[PathBuf]),
    stopped: &dyn Fn() -> bool,
) -> Result<(), notify::Error> {
    let (sender, events) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(sender)?;
    let mut tracked = Tracked::default();
    for profile in profiles {
        tracked.track(&mut watcher, profile)?;
    }
    rebuild(profiles);
    while !stopped() {
        let mut changed = BTreeSet::new();
        match events.recv_timeout(SETTLE) {
            Ok(event) => note_change(event?, &mut changed),
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        // One save is often several events (write, rename): take them all.
        while let Ok(event) = events.recv_timeout(SETTLE) {
            note_change(event?, &mut changed);
        }
        let affected: Vec<PathBuf> = profiles
            .iter()
            .filter(|p| tracked.uses(p, &changed))
            .cloned()
            .collect();
        if affected.is_empty() {
            continue;
        }
        rebuild(&affected);
        // A save may have named another base or font: follow it.
        for profile in &affected {
            tracked.track(&mut watcher, profile)?;
        }
    }
    Ok(())
}

/// Adds the files an event wrote, created or removed to `changed`. Reads
/// (the rebuild's own among them) and metadata changes are not changes.
fn note_change(event: notify::Event, changed: &mut BTreeSet<PathBuf>) {
    let wrote = match event.kind {
        EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        _ => false,
    };
    if wrote {
        changed.extend(event.paths.iter().map(|path| resolve(path)));
    }
}

/// The files each profile is made from, and the folders watched for them.
#[derive(Default)]
struct Tracked {
    folders: BTreeSet<PathBuf>,
    /// Profile → its files, as resolved paths.
    files: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

impl Tracked {
    /// Reads which files `profile` is made from now and watches their folders.
    fn track(&mut self, watcher: &mut dyn Watcher, profile: &Path) -> Result<(), notify::Error> {
        let files: BTreeSet<PathBuf> = profile::files_used(profile)
            .iter()
            .map(|f| resolve(f))
            .collect();
        for file in &files {
            let Some(folder) = file.parent() else {
                continue;
            };
            if folder.is_dir() && self.folders.insert(folder.to_path_buf()) {
                watcher.watch(folder, RecursiveMode::NonRecursive)?;
            }
        }
        self.files.insert(profile.to_path_buf(), files);
        Ok(())
    }

    /// Whether `profile` is made from any of `changed`.
    fn uses(&self, profile: &Path, changed: &BTreeSet<PathBuf>) -> bool {
        self.files
            .get(profile)
            .is_some_and(|files| !files.is_disjoint(changed))
    }
}
