//! The `factsheet` command line: parses arguments, runs one command, and
//! turns its result into an exit status. The work is in the library.

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use factsheet::batch::{self, Outcome, Progress, Settings, Summary};
use factsheet::diff;
use factsheet::export::{png, Previews};
use factsheet::layout::{Options, PageSize};
use factsheet::profile::{escape_controls, Diagnostic};
use factsheet::shard::Shard;
use factsheet::BuildOptions;
use indicatif::{ProgressBar, ProgressStyle};

/// What the exit status says, shown under `--help`.
const EXIT_STATUS: &str = "\
Exit status:
  0    every profile was built or checked
  1    a profile failed (its messages say why)
  2    a usage or I/O error: bad arguments, no profiles, an output that cannot be written
  130  interrupted (Ctrl-C): sheets being built were finished, the summary and report written";

/// What `diff`'s exit status says, as diff(1)'s does.
const DIFF_EXIT_STATUS: &str = "\
Exit status:
  0    no sheet differs
  1    some sheet differs, was added or was removed
  2    trouble: a profile that does not build, a path that does not exist";

/// The exit statuses of [`EXIT_STATUS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Ok = 0,
    SheetFailed = 1,
    Usage = 2,
    Interrupted = 130,
}

/// Why a command stopped before it could report on every profile.
#[derive(Debug, thiserror::Error)]
enum CliError {
    /// A message that names its file (and line, when it has one).
    #[error("{0}")]
    Located(Box<Diagnostic>),
    #[error("error: {0}")]
    Plain(String),
}

impl From<Box<Diagnostic>> for CliError {
    fn from(diagnostic: Box<Diagnostic>) -> Self {
        CliError::Located(diagnostic)
    }
}

#[derive(Parser)]
#[command(
    name = "factsheet",
    version,
    about = "Turns TOML state profiles into one-page PDF fact sheets",
    after_help = EXIT_STATUS
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a PDF for each profile (files or folders; default: profiles/).
    #[command(after_help = EXIT_STATUS)]
    Build(BuildArgs),
    /// Check profiles without writing anything.
    #[command(after_help = EXIT_STATUS)]
    Check(CheckArgs),
    /// Write a commented starter profile, profiles/<name>.toml.
    New {
        /// The state's name as printed, e.g. "New Mexico"; it also names the
        /// file (new-mexico.toml).
        name: String,
        /// The state's two-letter postal code.
        #[arg(long)]
        code: String,
        /// Folder for the profile; it extends region-vii.toml when that base is there.
        #[arg(long, default_value = "profiles")]
        dir: PathBuf,
    },
    /// Build, then rebuild each sheet when its profile, a base, a font or a data table it uses is saved.
    #[command(
        after_help = "A broken save prints its errors and keeps the last good PDF.\nCtrl-C stops watching (exit status 0)."
    )]
    Watch(WatchArgs),
    /// Print the JSON Schema of profiles, for editors.
    Schema,
    /// Compare the sheets of two sets of profiles, paired by file stem.
    #[command(after_help = DIFF_EXIT_STATUS)]
    Diff(DiffArgs),
}

#[derive(Args)]
struct DiffArgs {
    /// The profiles before: a file or a folder.
    old: PathBuf,
    /// The profiles after: a file or a folder.
    new: PathBuf,
    /// Folder for a side-by-side image of each changed sheet, <name>.png.
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write a Markdown summary (for a pull request or $GITHUB_STEP_SUMMARY).
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
    #[command(flatten)]
    dpi: Dpi,
    /// Paper size; overrides the profiles' theme.page.
    #[arg(long, value_enum)]
    paper: Option<Paper>,
}

/// The resolution of drawn pages.
#[derive(Args)]
struct Dpi {
    /// Pixels per inch of the PNG images (10 to 1200).
    #[arg(long, value_name = "N", default_value_t = png::DEFAULT_DPI, help_heading = "Output",
          value_parser = clap::value_parser!(u32).range(10..=1200))]
    dpi: u32,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    output: OutputArgs,
}

/// Where and how sheets are written: what `build` and `watch` share.
#[derive(Args)]
struct OutputArgs {
    /// Folder for the PDFs, created when missing.
    #[arg(short, long, default_value = "output", help_heading = "Output")]
    out: PathBuf,
    /// Paper size, in any case (letter, A4); overrides the profile's theme.page (default letter).
    #[arg(long, value_enum, ignore_case = true, help_heading = "Behaviour")]
    paper: Option<Paper>,
    #[command(flatten)]
    previews: PreviewArgs,
}

/// The previews written beside each PDF.
#[derive(Args)]
struct PreviewArgs {
    /// Also write a PNG preview of each sheet, DIR/<name>.png.
    #[arg(long, help_heading = "Output")]
    png: bool,
    #[command(flatten)]
    dpi: Dpi,
    /// Also write an SVG preview of each sheet, DIR/<name>.svg.
    #[arg(long, help_heading = "Output")]
    svg: bool,
}

impl PreviewArgs {
    fn previews(&self) -> Previews {
        Previews {
            png: self.png.then_some(self.dpi.dpi),
            svg: self.svg,
        }
    }
}

#[derive(Args)]
struct WatchArgs {
    /// Profiles (.toml) or folders of them.
    #[arg(help_heading = "Inputs")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
}

/// What `build` and `check` share.
#[derive(Args)]
struct Common {
    /// Profiles (.toml) or folders of them.
    #[arg(help_heading = "Inputs")]
    paths: Vec<PathBuf>,
    /// Only the K-th of N parts of the profiles, split by sorted file stem.
    #[arg(long, value_name = "K/N", help_heading = "Inputs")]
    shard: Option<Shard>,
    /// Write a JSON report of every profile and the totals to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    report: Option<PathBuf>,
    /// Fail a profile on any warning, as on an error.
    #[arg(long, help_heading = "Behaviour")]
    strict: bool,
    /// How many profiles to work on at once; 0 or unset: one per core.
    #[arg(short, long, value_name = "N", help_heading = "Behaviour")]
    jobs: Option<usize>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Paper {
    Letter,
    A4,
}

fn main() -> ExitCode {
    factsheet::configure_allocator();
    try_main().unwrap_or_else(|error| {
        eprintln!("{error}");
        ExitCode::from(Status::Usage as u8)
    })
}

fn try_main() -> Result<ExitCode, CliError> {
    let status = match Cli::parse().command {
        Command::Build(args) => build(args)?,
        Command::Check(args) => check(args)?,
        Command::New { name, code, dir } => new_profile(&name, &code, &dir)?,
        Command::Watch(args) => watch(args)?,
        Command::Schema => schema()?,
        // diff(1)'s statuses, not a batch's.
        Command::Diff(args) => return diff(args),
    };
    Ok(ExitCode::from(status as u8))
}

/// `factsheet build`: a PDF for each profile.
fn build(args: BuildArgs) -> Result<Status, CliError> {
    let output = args.output;
    remove_stale_files(&output.out)?;
    let page = page_size(output.paper);
    run(
        args.common,
        Some(output.out),
        page,
        output.previews.previews(),
    )
}

/// `factsheet check`: every profile loaded, validated and laid out.
fn check(args: CheckArgs) -> Result<Status, CliError> {
    run(args.common, None, None, Previews::default())
}

/// `factsheet schema`: the profile's JSON Schema on stdout.
fn schema() -> Result<Status, CliError> {
    let schema = factsheet::profile::schema::json_schema();
    let text = serde_json::to_string_pretty(&schema).map_err(|e| CliError::Plain(e.to_string()))?;
    println!("{text}");
    Ok(Status::Ok)
}

/// `build` (with an output folder) and `check` (without).
fn run(
    common: Common,
    out: Option<PathBuf>,
    page: Option<PageSize>,
    previews: Previews,
) -> Result<Status, CliError> {
    let profiles = find_profiles(common.paths)?;
    let profiles = match common.shard {
        Some(shard) => shard.select(profiles),
        None => profiles,
    };
    let jobs = batch::plan(&profiles, out.as_deref());
    if let Some(report) = &common.report {
        batch::check_report_path(report, &jobs)?;
    }
    stop_on_ctrl_c();
    let settings = settings(out, page, common.strict, common.jobs, previews);
    let summary = run_jobs(&jobs, &settings);
    let mut status = if summary.failed() > 0 {
        Status::SheetFailed
    } else {
        Status::Ok
    };
    if summary.sync_error.is_some() {
        status = Status::Usage;
    }
    if let Some(path) = &common.report {
        if let Err(e) = write_report(path, &summary) {
            eprintln!(
                "error: cannot write the report {}: {e}",
                escape_controls(&path.display().to_string())
            );
            status = Status::Usage;
        }
    }
    if batch::interrupted() {
        status = Status::Interrupted;
    }
    Ok(status)
}

/// `factsheet watch`: builds every sheet, then rebuilds a sheet whenever a
/// file it is made from changes, until Ctrl-C.
fn watch(args: WatchArgs) -> Result<Status, CliError> {
    let output = args.output;
    remove_stale_files(&output.out)?;
    let profiles = find_profiles(args.paths)?;
    let jobs = batch::plan(&profiles, Some(&output.out));
    stop_on_ctrl_c();
    let page = page_size(output.paper);
    let settings = settings(
        Some(output.out),
        page,
        false,
        None,
        output.previews.previews(),
    );
    println!(
        "watching the files of {} profiles; Ctrl-C to stop",
        profiles.len()
    );
    let mut rebuild = |changed: &[PathBuf]| {
        let again: Vec<batch::Job> = jobs
            .iter()
            .filter(|job| changed.contains(&job.profile))
            .cloned()
            .collect();
        run_jobs(&again, &settings);
    };
    factsheet::watch::run(&profiles, &mut rebuild, &batch::interrupted)
        .map_err(|e| CliError::Plain(format!("cannot watch the profiles' files: {e}")))?;
    Ok(Status::Ok)
}

/// Removes temporary files a killed run left in the output folder.
fn remove_stale_files(out: &Path) -> Result<(), CliError> {
    for file in batch::prepare_out_dir(out)? {
        eprintln!(
            "removed a stale temporary file: {}",
            escape_controls(&file.display().to_string())
        );
    }
    Ok(())
}

/// The profiles named by `paths` (default: profiles/); none is an error.
fn find_profiles(paths: Vec<PathBuf>) -> Result<Vec<PathBuf>, CliError> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("profiles")]
    } else {
        paths
    };
    let profiles = batch::discover(&paths)?;
    if profiles.is_empty() {
        return Err(CliError::Plain(format!(
            "no profiles (*.toml) found in {}",
            display(&paths)
        )));
    }
    Ok(profiles)
}

/// Ctrl-C (or SIGTERM, SIGHUP): start no more sheets, finish those being
/// built, then report. A second Ctrl-C stops at once, once the PDFs being
/// written are whole. The handler runs in the signal itself: a thread
/// waiting for signals costs a one-sheet run about 0.3 ms.
fn stop_on_ctrl_c() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    #[cfg(unix)]
    let signals = [SIGINT, SIGTERM, signal_hook::consts::SIGHUP];
    #[cfg(not(unix))]
    let signals = [SIGINT, SIGTERM];
    for signal in signals {
        let on_signal = || {
            batch::on_ctrl_c(
                Status::Interrupted as i32,
                "interrupted: finishing the sheets being built (Ctrl-C again to stop now)\n",
            )
        };
        // SAFETY: `on_ctrl_c` is async-signal-safe, as a handler must be.
        let _ = unsafe { signal_hook::low_level::register(signal, on_signal) };
    }
}

fn settings(
    out: Option<PathBuf>,
    page: Option<PageSize>,
    strict: bool,
    jobs: Option<usize>,
    previews: Previews,
) -> Settings {
    Settings {
        out_dir: out,
        options: BuildOptions {
            layout: Options { page },
            date: std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|v| v.trim().parse().ok()),
        },
        strict,
        jobs: jobs.and_then(NonZeroUsize::new),
        previews,
    }
}

/// Builds or checks `jobs`, printing each outcome and the closing line.
fn run_jobs(jobs: &[batch::Job], settings: &Settings) -> Summary {
    let console = Console::new(jobs.len(), settings.strict);
    let summary = batch::run(jobs, settings, &console);
    console.finish();
    if let Some(diagnostic) = &summary.sync_error {
        eprintln!("{diagnostic}");
    }
    println!("{}", summary_line(&summary));
    summary
}

fn page_size(paper: Option<Paper>) -> Option<PageSize> {
    paper.map(|paper| match paper {
        Paper::Letter => PageSize::Letter,
        Paper::A4 => PageSize::A4,
    })
}

/// `factsheet diff`: prints what changed; the status is [`DIFF_EXIT_STATUS`]'s.
fn diff(args: DiffArgs) -> Result<ExitCode, CliError> {
    let request = diff::Request {
        old: vec![args.old],
        new: vec![args.new],
        out_dir: args.out,
        markdown: args.markdown,
        dpi: args.dpi.dpi,
        layout: Options {
            page: page_size(args.paper),
        },
    };
    let comparison = diff::run(&request)?;
    for diagnostic in &comparison.trouble {
        eprintln!("{diagnostic}\n");
    }
    println!("{comparison}");
    Ok(ExitCode::from(comparison.exit_status()))
}

fn write_report(path: &Path, summary: &Summary) -> std::io::Result<()> {
    let mut json = serde_json::to_vec_pretty(&summary.report())?;
    json.push(b'\n');
    factsheet::export::write_atomic(path, &json)
}

fn summary_line(summary: &Summary) -> String {
    let verb = if summary.writes { "built" } else { "checked" };
    let mut line = format!(
        "{} {verb}, {} failed",
        summary.succeeded(),
        summary.failed()
    );
    if summary.warnings() > 0 {
        line.push_str(&format!(", {} warnings", summary.warnings()));
    }
    if summary.skipped() > 0 {
        line.push_str(&format!(
            ", {} not started (interrupted)",
            summary.skipped()
        ));
    }
    line.push_str(&format!(
        " in {:.2} s ({} {})",
        summary.elapsed.as_secs_f64(),
        summary.jobs,
        if summary.jobs == 1 { "job" } else { "jobs" }
    ));
    line
}

/// Prints outcomes in profile order: above a progress bar when stderr is a
/// terminal, as plain lines otherwise.
struct Console {
    bar: Option<ProgressBar>,
    strict: bool,
}

impl Console {
    fn new(total: usize, strict: bool) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed_precise} {msg}")
            {
                bar.set_style(style);
            }
            bar
        });
        Self { bar, strict }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn print(&self, outcome: &Outcome) {
        for diagnostic in &outcome.diagnostics {
            eprintln!("{diagnostic}\n");
        }
        let profile = escape_controls(&outcome.profile.display().to_string());
        if outcome.skipped {
            eprintln!("not started: {profile}");
        } else if outcome.failed(self.strict)
            && !outcome.diagnostics.iter().any(Diagnostic::is_error)
        {
            eprintln!("failed: {profile} (--strict makes its warnings fail it)");
        } else if outcome.failed(self.strict) {
            eprintln!("failed: {profile}");
        } else if let (true, Some(output)) = (outcome.written, &outcome.output) {
            println!(
                "built {} ({} KB, {} ms)",
                escape_controls(&output.display().to_string()),
                outcome.bytes.div_ceil(1024),
                outcome.elapsed.as_millis()
            );
        } else {
            println!("ok: {profile}");
        }
    }
}

impl Progress for Console {
    fn done(&self, _outcome: &Outcome) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn report(&self, outcome: &Outcome) {
        match &self.bar {
            Some(bar) => bar.suspend(|| self.print(outcome)),
            None => self.print(outcome),
        }
    }
}

fn display(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .map(|p| escape_controls(&p.display().to_string()))
        .collect();
    names.join(", ")
}

/// `factsheet new`: writes a starter profile, never over an existing file.
fn new_profile(name: &str, code: &str, dir: &Path) -> Result<Status, CliError> {
    let code = code.to_uppercase();
    if factsheet::atlas::state_fips(&code).is_none() {
        return Err(CliError::Plain(format!(
            "`{}` is not a state postal code\n  = help: use the two letters of a state or DC, e.g. MO",
            escape_controls(&code)
        )));
    }
    if name.trim().is_empty() || name.chars().any(char::is_control) {
        return Err(CliError::Plain(format!(
            "`{}` cannot be a state's name\n  = help: give the name as printed, e.g. \"New Mexico\"",
            escape_controls(name)
        )));
    }
    let stem: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let path = dir.join(format!("{stem}.toml"));
    let shown = escape_controls(&path.display().to_string());
    if path.exists() {
        return Err(CliError::Plain(format!(
            "{shown} exists already; nothing was written"
        )));
    }
    let base = "region-vii.toml";
    let base = dir.join(base).is_file().then_some(base);
    // Editors find the schema from the profile's first line, as in the
    // shipped profiles, when the folder sits beside it.
    let schema = "../factsheet.schema.json";
    let schema = dir.join(schema).is_file().then_some(schema);
    let table = factsheet::profile::starter::hotline_table_from(dir);
    let text =
        factsheet::profile::starter::starter(name.trim(), &code, base, schema, table.as_deref());
    std::fs::create_dir_all(dir)
        .and_then(|()| factsheet::export::write_atomic(&path, text.as_bytes()))
        .map_err(|e| CliError::Plain(format!("cannot write {shown}: {e}")))?;
    println!("wrote {shown}; replace its <<placeholders>>, then `factsheet check {shown}`");
    Ok(Status::Ok)
}
