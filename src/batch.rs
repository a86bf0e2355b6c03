//! Building many sheets: finding profiles, planning where each goes, building
//! them in parallel, writing each atomically, and reporting every outcome.
//!
//! One profile's failure never stops the others. Outcomes are reported in
//! profile-path order whatever order the threads finish in, so the messages
//! of a run do not depend on `--jobs`.

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::layout::LayoutError;
use crate::profile::{self, DataCache, Diagnostic, Key, Profile, Severity};
use crate::{build, BuildError, BuildOptions};

/// The profiles named by `paths`: files as given, folders searched (not
/// recursively) for `*.toml` that are not bases (see
/// [`profile::is_base`]). The list is sorted by path, and a file named twice,
/// in any spelling (`p.toml`, `./p.toml`, a link to it), is built once.
/// Anything else that exists (a FIFO, a device) is kept, for the profile
/// reader to refuse by name.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| Diagnostic::file_error(path, format!("cannot read folder: {e}")))
                .map_err(Box::new)?;
            found.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                    // Bases hold shared parts for other profiles, not a sheet.
                    .filter(|p| !profile::is_base(p)),
            );
        } else if path.exists() {
            found.push(path.clone());
        } else {
            return Err(Box::new(
                Diagnostic::file_error(path, "no such file or folder")
                    .with_help("give a profile (.toml) or a folder of profiles"),
            ));
        }
    }
    found.sort();
    let mut seen = BTreeSet::new();
    found.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    Ok(found)
}

/// How a run builds: where to, with which settings, on how many threads.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Folder for the PDFs; `None` checks and lays out without writing.
    pub out_dir: Option<PathBuf>,
    pub options: BuildOptions,
    /// Warnings fail a profile.
    pub strict: bool,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<NonZeroUsize>,
    /// Previews written beside each PDF.
    pub previews: crate::export::Previews,
}

/// What happened to one profile.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub profile: PathBuf,
    /// Where the PDF goes (`None` when checking); it exists only when the
    /// build succeeded.
    pub output: Option<PathBuf>,
    /// Whether the PDF was written.
    pub written: bool,
    pub pages: usize,
    pub bytes: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Not started: the run was interrupted first.
    pub skipped: bool,
    /// The CSV files the profile reads numbers from: a change to any of
    /// them changes the sheet.
    pub data_files: Vec<PathBuf>,
}

impl Outcome {
    fn new(profile: &Path, output: Option<PathBuf>) -> Self {
        Self {
            profile: profile.to_path_buf(),
            output,
            written: false,
            pages: 0,
            bytes: 0,
            diagnostics: Vec::new(),
            elapsed: Duration::ZERO,
            skipped: false,
            data_files: Vec::new(),
        }
    }

    /// Whether the profile failed: any error, or with `strict` any warning.
    pub fn failed(&self, strict: bool) -> bool {
        self.diagnostics.iter().any(|d| d.is_error() || strict)
    }
}

/// The whole run: every outcome in profile-path order.
#[derive(Debug, Clone)]
pub struct Summary {
    pub outcomes: Vec<Outcome>,
    pub elapsed: Duration,
    pub jobs: usize,
    pub strict: bool,
    /// Whether PDFs were written (`build`) or not (`check`).
    pub writes: bool,
    /// Set when the PDFs written could not be flushed to disk at the end.
    pub sync_error: Option<Diagnostic>,
}

impl Summary {
    pub fn failed(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.failed(self.strict))
            .count()
    }

    pub fn succeeded(&self) -> usize {
        self.outcomes.len() - self.failed() - self.skipped()
    }

    /// Profiles not started because the run was interrupted.
    pub fn skipped(&self) -> usize {
        self.outcomes.iter().filter(|o| o.skipped).count()
    }

    /// Warnings of the profiles that did not fail.
    pub fn warnings(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| !o.failed(self.strict))
            .map(|o| o.diagnostics.len())
            .sum()
    }

    /// The machine-readable report (`--report`).
    pub fn report(&self) -> Report {
        let mut totals = Totals {
            profiles: self.outcomes.len(),
            built: 0,
            checked: 0,
            failed: 0,
            skipped: 0,
            bytes: 0,
            warnings: 0,
            errors: 0,
            milliseconds: millis(self.elapsed),
        };
        let profiles = self
            .outcomes
            .iter()
            .map(|o| {
                let failed = o.failed(self.strict);
                let status = match (o.skipped, failed, self.writes) {
                    (true, _, _) => Status::Skipped,
                    (false, true, _) => Status::Failed,
                    (false, false, true) => Status::Built,
                    (false, false, false) => Status::Checked,
                };
                // Under --strict a warning is an error.
                let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = o
                    .diagnostics
                    .iter()
                    .partition(|d| d.is_error() || self.strict);
                match status {
                    Status::Built => totals.built += 1,
                    Status::Checked => totals.checked += 1,
                    Status::Failed => totals.failed += 1,
                    Status::Skipped => totals.skipped += 1,
                }
                totals.bytes += o.bytes;
                totals.warnings += warnings.len();
                totals.errors += errors.len();
                ProfileReport {
                    input: o.profile.display().to_string(),
                    output: o.output.as_ref().map(|p| p.display().to_string()),
                    status,
                    pages: o.pages,
                    bytes: o.bytes,
                    milliseconds: millis(o.elapsed),
                    warnings: warnings.into_iter().map(one_line).collect(),
                    errors: errors.into_iter().map(one_line).collect(),
                    data: o
                        .data_files
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect(),
                }
            })
            .collect();
        Report {
            version: 1,
            jobs: self.jobs,
            strict: self.strict,
            profiles,
            totals,
        }
    }
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// A diagnostic on one line: `file:line:col: severity: message (help: …)`.
/// Messages and help are one line already; the path is escaped like them.
pub fn one_line(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let file = profile::escape_controls(&d.file.display().to_string());
    let mut s = if d.line == 0 {
        format!("{file}: {kind}: {}", d.message)
    } else {
        format!("{file}:{}:{}: {kind}: {}", d.line, d.column, d.message)
    };
    if let Some(help) = &d.help {
        s.push_str(&format!(" (help: {help})"));
    }
    s
}

/// The `--report` JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Format version of this report.
    pub version: u32,
    pub jobs: usize,
    pub strict: bool,
    pub profiles: Vec<ProfileReport>,
    pub totals: Totals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Built,
    Checked,
    Failed,
    /// Not started: the run was interrupted (Ctrl-C) first.
    Skipped,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileReport {
    pub input: String,
    /// Where the PDF goes; present even when the build failed (no file is
    /// written then), absent when checking.
    pub output: Option<String>,
    pub status: Status,
    pub pages: usize,
    pub bytes: usize,
    pub milliseconds: f64,
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
    /// The CSV files the sheet reads numbers from, so that CI knows which
    /// sheets to rebuild when data changes.
    pub data: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub profiles: usize,
    pub built: usize,
    pub checked: usize,
    pub failed: usize,
    pub skipped: usize,
    pub bytes: usize,
    pub warnings: usize,
    pub errors: usize,
    /// Wall-clock time of the whole run.
    pub milliseconds: f64,
}

/// Makes `dir` ready for output: refuses a path that is not a folder,
/// creates it when missing, and removes temporary files left in it by an
/// earlier `factsheet` process that was killed mid-write
/// (`.NAME.pdf.PID.tmp`, as [`crate::export::write_atomic`] names them). A temporary file of a
/// process that is still running is left alone. Returns the files removed.
pub fn prepare_out_dir(dir: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    if dir.exists() && !dir.is_dir() {
        return Err(Box::new(
            Diagnostic::file_error(dir, "the output folder is a file")
                .with_help("give a folder with -o"),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Box::new(Diagnostic::file_error(
            dir,
            format!("cannot create the output folder: {e}"),
        ))
    })?;
    let mut removed = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Box::new(Diagnostic::file_error(
            dir,
            format!("cannot read the output folder: {e}"),
        ))
    })?;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_file_pid) else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        if std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed.sort();
    Ok(removed)
}

/// The process id in a temporary file name of ours, `.NAME.pdf.PID.tmp`
/// (or `.png`, `.svg` for previews).
fn temp_file_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (stem, pid) = rest.rsplit_once('.')?;
    let ours = [".pdf", ".png", ".svg"].iter().any(|e| stem.ends_with(e));
    if !ours || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether a process runs with this id; `false` where that cannot be told
/// (no `/proc`), so stale files are still cleaned up there.
fn process_alive(pid: u32) -> bool {
    Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists()
}

/// One profile to build and where its PDF goes, or why it may not be built.
#[derive(Debug, Clone)]
pub struct Job {
    pub profile: PathBuf,
    pub output: Option<PathBuf>,
    /// Set when the output is refused (two profiles would write one PDF,
    /// or the PDF would overwrite an input).
    pub refused: Option<Diagnostic>,
}

/// Pairs each profile with its PDF, `<out_dir>/<stem>.pdf`, and refuses
/// outputs that would clobber something: when two profiles share a stem
/// both are refused (naming each other), and a PDF path that is one of
/// the inputs is refused.
pub fn plan(profiles: &[PathBuf], out_dir: Option<&Path>) -> Vec<Job> {
    let Some(dir) = out_dir else {
        return profiles
            .iter()
            .map(|p| Job {
                profile: p.clone(),
                output: None,
                refused: None,
            })
            .collect();
    };
    let mut jobs: Vec<Job> = profiles
        .iter()
        .map(|p| Job {
            profile: p.clone(),
            output: Some(dir.join(format!(
                "{}.pdf",
                p.file_stem().unwrap_or_default().to_string_lossy()
            ))),
            refused: None,
        })
        .collect();
    // Same output name: compared as the file name in the (one) output folder.
    let mut by_output: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, job) in jobs.iter().enumerate() {
        by_output
            .entry(job.output.clone().unwrap_or_default())
            .or_default()
            .push(i);
    }
    for (output, clash) in &by_output {
        if clash.len() < 2 {
            continue;
        }
        for &i in clash {
            let others: Vec<String> = clash
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| jobs[j].profile.display().to_string())
                .collect();
            jobs[i].refused = Some(
                Diagnostic::file_error(
                    &jobs[i].profile,
                    format!(
                        "{} would also be written by {}; neither is built",
                        output.display(),
                        others.join(", ")
                    ),
                )
                .with_help("give the profiles different file names"),
            );
        }
    }
    // An output that is an input file.
    let inputs: BTreeSet<PathBuf> = profiles
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    for job in &mut jobs {
        if job.refused.is_some() {
            continue;
        }
        let output = job.output.as_ref().expect("planned with an output folder");
        if inputs.contains(&resolve(output)) {
            job.refused = Some(
                Diagnostic::file_error(
                    &job.profile,
                    format!("{} is an input; it is not overwritten", output.display()),
                )
                .with_help("choose another output folder with -o"),
            );
        }
    }
    jobs
}

/// Refuses a `--report` path that would overwrite something of value: a
/// profile of the run, a PDF the run writes, or anything that is not a
/// regular file (a link, a folder, a device). A missing file is fine.
pub fn check_report_path(report: &Path, jobs: &[Job]) -> Result<(), Box<Diagnostic>> {
    let refuse = |why: String| {
        Err(Box::new(
            Diagnostic::file_error(report, format!("the report would overwrite {why}"))
                .with_help("give --report the path of a new .json file"),
        ))
    };
    match std::fs::symlink_metadata(report) {
        Ok(meta) if meta.file_type().is_symlink() => return refuse("a link".to_string()),
        Ok(meta) if !meta.is_file() => return refuse("something that is not a file".to_string()),
        _ => {}
    }
    let report = resolve(report);
    for job in jobs {
        if job.profile.canonicalize().ok().as_ref() == Some(&report) {
            return refuse(format!("the profile {}", job.profile.display()));
        }
        if job.output.as_deref().map(resolve).as_ref() == Some(&report) {
            return refuse(format!("the PDF of {}", job.profile.display()));
        }
    }
    Ok(())
}

/// `path` with its folder made absolute and links in it resolved, so two
/// spellings of one place compare equal even when the file does not exist.
pub(crate) fn resolve(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match (dir.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Told about a run as it goes: all methods are called from worker threads.
pub trait Progress: Sync {
    /// One more profile is done (in any order).
    fn done(&self, _outcome: &Outcome) {}
    /// The next outcome in profile-path order; calls never overlap.
    fn report(&self, _outcome: &Outcome) {}
}

impl Progress for () {}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// PDFs (with their previews) being written at this moment.
static WRITING: AtomicUsize = AtomicUsize::new(0);
/// The exit status a second Ctrl-C asked for; 0 while none did.
static STOP_STATUS: AtomicI32 = AtomicI32::new(0);

/// Whether a Ctrl-C asked the run to start no more sheets (see
/// [`on_ctrl_c`]): those being built finish and are written, the rest are
/// reported as skipped, and the run returns its summary as usual.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// What a Ctrl-C does. The first asks the batch to start no more sheets
/// (see [`interrupted`]) and prints `notice`; the next ends the process with `status` at once, or, while PDFs
/// are being written, as soon as the last of them is whole and renamed into
/// place, so no partial PDF and no temporary file of this process is left.
///
/// It is meant to run inside a signal handler, without a thread of its own:
/// it only uses atomics, `write(2)` and `_exit(2)`, which are
/// async-signal-safe.
pub fn on_ctrl_c(status: i32, notice: &str) {
    if !INTERRUPTED.swap(true, Ordering::SeqCst) {
        // SAFETY: write(2) reads `notice`'s bytes, which outlive the call.
        unsafe { libc::write(2, notice.as_ptr().cast(), notice.len() as _) };
        return;
    }
    // Stored before the count is read, and the count is lowered before a
    // writer reads this (see `Writing`'s drop): whichever comes second
    // sees the other's change and exits.
    STOP_STATUS.store(status, Ordering::SeqCst);
    if WRITING.load(Ordering::SeqCst) == 0 {
        signal_hook::low_level::exit(status);
    }
}

/// A PDF being written: while any is, a second Ctrl-C waits for it.
struct Writing;

impl Writing {
    /// Counts a write in, or `None` when a second Ctrl-C came first.
    fn start() -> Option<Writing> {
        WRITING.fetch_add(1, Ordering::SeqCst);
        let writing = Writing;
        (STOP_STATUS.load(Ordering::SeqCst) == 0).then_some(writing)
    }
}

impl Drop for Writing {
    /// The last write to end after a second Ctrl-C ends the process.
    fn drop(&mut self) {
        let others = WRITING.fetch_sub(1, Ordering::SeqCst) - 1;
        let status = STOP_STATUS.load(Ordering::SeqCst);
        if others == 0 && status != 0 {
            std::process::exit(status);
        }
    }
}

/// Builds (or with no output folder, checks) every profile of `jobs` on
/// `settings.jobs` threads. Outcomes come back in the order of `jobs`
/// (give them sorted by path, as [`discover`] does).
pub fn run(jobs: &[Job], settings: &Settings, progress: &dyn Progress) -> Summary {
    let start = Instant::now();
    // The cores are only asked for (a dozen reads of cgroup files) when
    // there is more than one sheet to share among them.
    let threads = match settings.jobs {
        _ if jobs.len() <= 1 => 1,
        Some(n) => n.get(),
        None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
    }
    .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    // Sheets of a batch often share a table: each file is read once per run.
    let data = DataCache::default();
    // Finished outcomes waiting for their turn, and the in-order list.
    let ordered: Mutex<(BTreeMap<usize, Outcome>, Vec<Outcome>)> =
        Mutex::new((BTreeMap::new(), Vec::with_capacity(jobs.len())));
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(i) else { break };
        let outcome = if interrupted() {
            let mut outcome = Outcome::new(&job.profile, job.output.clone());
            outcome.skipped = true;
            outcome
        } else {
            // A defect met by one sheet must not take the others down with it.
            std::panic::catch_unwind(AssertUnwindSafe(|| process(job, settings, &data)))
                .unwrap_or_else(|panic| defect(job, panic.as_ref()))
        };
        progress.done(&outcome);
        let mut state = ordered.lock().unwrap_or_else(|e| e.into_inner());
        let (pending, done) = &mut *state;
        pending.insert(i, outcome);
        while let Some(outcome) = pending.remove(&done.len()) {
            progress.report(&outcome);
            done.push(outcome);
        }
    };
    // One thread (one sheet, or --jobs 1) is this one: starting a pool
    // costs a fresh process more than a tenth of a millisecond.
    let pool = (threads > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .ok()
        })
        .flatten();
    match pool {
        Some(pool) => {
            pool.broadcast(|_| work());
        }
        // No threads to be had: build on this one.
        None => work(),
    }
    let (_, outcomes) = ordered.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut sync_error = None;
    if let Some(dir) = &settings.out_dir {
        let written: Vec<&Path> = outcomes
            .iter()
            .filter(|o| o.written)
            .filter_map(|o| o.output.as_deref())
            .collect();
        if !written.is_empty() {
            if let Err(e) = sync_folder(dir, &written) {
                sync_error = Some(Diagnostic::file_error(
                    dir,
                    format!("cannot flush the PDFs to disk: {e}"),
                ));
            }
        }
    }
    Summary {
        sync_error,
        outcomes,
        elapsed: start.elapsed(),
        jobs: threads,
        strict: settings.strict,
        writes: settings.out_dir.is_some(),
    }
}

/// The outcome of a sheet whose build panicked: an error that says so.
fn defect(job: &Job, panic: &(dyn std::any::Any + Send)) -> Outcome {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let mut outcome = Outcome::new(&job.profile, job.output.clone());
    outcome.diagnostics.push(
        Diagnostic::file_error(
            &job.profile,
            format!("factsheet failed on this profile with an internal error: {message}"),
        )
        .with_help("this is a defect in factsheet; please report it with the profile"),
    );
    outcome
}

/// Checks one profile; with an output, also builds it and writes the PDF.
/// Nothing is written when anything fails. CSV tables are read through `data`.
pub fn process(job: &Job, settings: &Settings, data: &DataCache) -> Outcome {
    let start = Instant::now();
    let mut outcome = Outcome::new(&job.profile, job.output.clone());
    if let Some(refused) = &job.refused {
        outcome.diagnostics.push(refused.clone());
        outcome.elapsed = start.elapsed();
        return outcome;
    }
    let options = &settings.options;
    let (loaded, data_files) = profile::load_with(&job.profile, data);
    outcome.data_files = data_files;
    match loaded {
        // A base named on its own: say what it is rather than list all it
        // leaves to the profiles that extend it.
        Err(_) if profile::is_base(&job.profile) => outcome.diagnostics.push(
            Diagnostic::file_error(&job.profile, "this is a base (no `state`), not a sheet")
                .with_help("build the profiles that extend it"),
        ),
        Err(diagnostics) => outcome.diagnostics = diagnostics,
        Ok((profile, warnings)) => {
            outcome.diagnostics = warnings;
            let blocked = settings.strict && !outcome.diagnostics.is_empty();
            match (&job.output, blocked) {
                (_, true) => {}
                (Some(target), false) => match build(&profile, options) {
                    Err(BuildError::Layout(e)) => {
                        outcome
                            .diagnostics
                            .push(layout_diagnostic(&job.profile, &profile, &e))
                    }
                    Err(e) => outcome
                        .diagnostics
                        .push(Diagnostic::file_error(&job.profile, e.to_string())),
                    Ok(built) => match settings
                        .previews
                        .render(&built.frame, &profile.title(), &profile.lang)
                        .and_then(|previews| write(target, &built.pdf, &previews))
                    {
                        Err(message) => outcome
                            .diagnostics
                            .push(Diagnostic::file_error(target, message)),
                        Ok(()) => {
                            outcome.written = true;
                            outcome.pages = 1;
                            outcome.bytes = built.pdf.len();
                        }
                    },
                },
                (None, false) => {
                    // `check` still lays the sheet out, so overflow is caught too.
                    match crate::layout::layout(&profile, options.layout) {
                        Err(e) => {
                            outcome
                                .diagnostics
                                .push(layout_diagnostic(&job.profile, &profile, &e))
                        }
                        Ok(_) => outcome.pages = 1,
                    }
                }
            }
        }
    }
    outcome.elapsed = start.elapsed();
    outcome
}

/// A layout failure as a message at the part of the profile that can fix
/// it: the chart's `[[charts]]` entry, the heat map, or the first table of
/// the band that runs past the page.
pub(crate) fn layout_diagnostic(path: &Path, profile: &Profile, error: &LayoutError) -> Diagnostic {
    let (key_path, message, help): (Vec<Key>, String, String) = match error {
        LayoutError::Chart { title, error } => {
            let index = profile.charts.iter().position(|c| &c.title == title);
            let key_path = index.map_or_else(Vec::new, |i| vec!["charts".into(), i.into()]);
            match error {
                crate::chart::ChartError::TooSmall { .. } => (
                    key_path,
                    format!("chart `{title}` has no room for its labels and values"),
                    "shorten its category labels, series names or title, or give it fewer categories or series"
                        .to_string(),
                ),
                other => (
                    key_path,
                    format!("chart `{title}` cannot be drawn: {other}"),
                    "correct the chart's data".to_string(),
                ),
            }
        }
        LayoutError::Map(error) => (
            vec!["heat_map".into()],
            format!("the heat map cannot be drawn: {error}"),
            "correct the county names and values in [heat_map.counties]".to_string(),
        ),
        LayoutError::Overflow { section, .. } => {
            let table = match *section {
                "map and demographics" => Some("demographics"),
                "venues and chart" => Some("venues"),
                "laws and statewide efforts" => Some("laws"),
                "hotlines" => Some("hotlines"),
                _ => None,
            };
            (
                table.map(Key::Name).into_iter().collect(),
                error.to_string(),
                "a sheet is one page; shorten the texts of this part or drop entries".to_string(),
            )
        }
    };
    profile::diagnostic_at(path, &key_path, message, help)
}

/// Writes the previews (each beside `target`, with its extension) and then
/// the PDF.
fn write(target: &Path, pdf: &[u8], previews: &[(&str, Vec<u8>)]) -> Result<(), String> {
    let Some(_writing) = Writing::start() else {
        return Err("interrupted before writing".to_string());
    };
    // No fsync per file: the data reach the disk in one [`sync_folder`] at
    // the end of the run. On ext4 an fsync per file costs ~24 ms and
    // serialises the threads, which made it most of a batch's time.
    let files = previews
        .iter()
        .map(|(extension, bytes)| (target.with_extension(extension), bytes.as_slice()))
        .chain([(target.to_path_buf(), pdf)]);
    for (path, bytes) in files {
        crate::export::write_replacing(&path, bytes, crate::export::Flush::Later)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Puts everything written into `dir` on disk: one `syncfs` of its file
/// system on Linux, elsewhere an fsync of each of `files` and the folder.
pub fn sync_folder(dir: &Path, files: &[&Path]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = files;
        let folder = std::fs::File::open(dir)?;
        // SAFETY: syncfs only reads the descriptor, which `folder` keeps open.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for file in files {
            std::fs::File::open(file)?.sync_all()?;
        }
        // Folders cannot be opened for syncing everywhere (Windows).
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_file_names_of_ours_are_recognised() {
        assert_eq!(temp_file_pid(".missouri.pdf.1234.tmp"), Some(1234));
        assert_eq!(temp_file_pid(".a.b.pdf.7.tmp"), Some(7));
        assert_eq!(temp_file_pid(".missouri.png.8.tmp"), Some(8));
        assert_eq!(temp_file_pid(".missouri.svg.9.tmp"), Some(9));
        assert_eq!(temp_file_pid("missouri.pdf.1234.tmp"), None);
        assert_eq!(temp_file_pid(".missouri.toml.1234.tmp"), None);
        assert_eq!(temp_file_pid(".missouri.pdf.12a.tmp"), None);
        assert_eq!(temp_file_pid(".missouri.pdf..tmp"), None);
    }

    #[test]
    fn profiles_with_one_stem_are_both_refused() {
        let profiles = vec![
            PathBuf::from("a/mo.toml"),
            PathBuf::from("b/mo.toml"),
            PathBuf::from("b/ks.toml"),
        ];
        let jobs = plan(&profiles, Some(Path::new("out")));
        assert!(jobs[0]
            .refused
            .as_ref()
            .unwrap()
            .message
            .contains("b/mo.toml"));
        assert!(jobs[1]
            .refused
            .as_ref()
            .unwrap()
            .message
            .contains("a/mo.toml"));
        assert!(jobs[2].refused.is_none());
        assert_eq!(jobs[2].output.as_deref(), Some(Path::new("out/ks.pdf")));
    }
}
