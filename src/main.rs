//! The `factsheet` command line: parses arguments, runs the library, reports.

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use factsheet::batch::{self, Outcome, Progress, Settings, Summary};
use factsheet::layout::{Options, PageSize};
use factsheet::BuildOptions;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Parser)]
#[command(
    name = "factsheet",
    version,
    about = "Turns TOML state profiles into one-page PDF fact sheets"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a PDF for each profile (files or folders; default: profiles/).
    Build(BuildArgs),
    /// Check profiles without writing anything.
    Check(CheckArgs),
    /// Write a commented starter profile, profiles/<name>.toml.
    New {
        /// The state's name as printed, e.g. "New Mexico".
        name: String,
        /// The state's two-letter postal code.
        #[arg(long)]
        code: String,
        /// Folder for the profile; it extends region-vii.toml when that base is there.
        #[arg(long, default_value = "profiles")]
        dir: PathBuf,
    },
    /// Print the JSON Schema of profiles, for editors.
    Schema,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: Common,
    /// Folder for the PDFs, created when missing.
    #[arg(short, long, default_value = "output")]
    out: PathBuf,
    /// Paper size; overrides the profile's theme.page (default letter).
    #[arg(long, value_enum)]
    paper: Option<Paper>,
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
    paths: Vec<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Profiles built at once (default: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<NonZeroUsize>,
    /// Write a JSON report of every profile and the totals to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Paper {
    Letter,
    A4,
}

fn main() -> ExitCode {
    let (common, out, paper) = match Cli::parse().command {
        Command::Build(args) => (args.common, Some(args.out), args.paper),
        Command::Check(args) => (args.common, None, None),
        Command::New { name, code, dir } => return new_profile(&name, &code, &dir),
        Command::Schema => {
            let schema = factsheet::profile::schema::json_schema();
            println!(
                "{}",
                serde_json::to_string_pretty(schema).unwrap_or_default()
            );
            return ExitCode::SUCCESS;
        }
    };
    run(common, out, paper)
}

/// `build` (with an output folder) and `check` (without).
fn run(common: Common, out: Option<PathBuf>, paper: Option<Paper>) -> ExitCode {
    let paths = if common.paths.is_empty() {
        vec![PathBuf::from("profiles")]
    } else {
        common.paths
    };
    let profiles = match batch::discover(&paths) {
        Ok(found) if found.is_empty() => {
            eprintln!("error: no profiles (*.toml) found in {}", display(&paths));
            return ExitCode::FAILURE;
        }
        Ok(found) => found,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(out) = &out {
        match batch::prepare_out_dir(out) {
            Ok(removed) => {
                for file in removed {
                    eprintln!("removed a stale temporary file: {}", file.display());
                }
            }
            Err(diagnostic) => {
                eprintln!("{diagnostic}");
                return ExitCode::FAILURE;
            }
        }
        // On Ctrl-C, let PDFs being written finish so no temporary file or
        // half a PDF is left; then stop.
        let _ = ctrlc::set_handler(|| {
            batch::stop_writing();
            eprintln!("interrupted");
            std::process::exit(130);
        });
    }
    let settings = Settings {
        out_dir: out,
        options: BuildOptions {
            layout: Options {
                page: paper.map(|paper| match paper {
                    Paper::Letter => PageSize::Letter,
                    Paper::A4 => PageSize::A4,
                }),
            },
            date: std::env::var("SOURCE_DATE_EPOCH")
                .ok()
                .and_then(|v| v.trim().parse().ok()),
        },
        strict: common.strict,
        jobs: common.jobs,
    };
    let jobs = batch::plan(&profiles, settings.out_dir.as_deref());
    let console = Console::new(jobs.len(), common.strict);
    let summary = batch::run(&jobs, &settings, &console);
    console.finish();
    let mut ok = summary.failed() == 0;
    if let Some(diagnostic) = &summary.sync_error {
        eprintln!("{diagnostic}");
        ok = false;
    }
    if let Some(path) = &common.report {
        if let Err(e) = write_report(path, &summary) {
            eprintln!("error: cannot write the report {}: {e}", path.display());
            ok = false;
        }
    }
    println!("{}", summary_line(&summary));
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn write_report(path: &Path, summary: &Summary) -> std::io::Result<()> {
    let mut json = serde_json::to_vec_pretty(&summary.report())?;
    json.push(b'\n');
    factsheet::export::write_atomic(path, &json)
}

fn summary_line(summary: &Summary) -> String {
    let verb = if summary.writes { "built" } else { "checked" };
    format!(
        "{} {verb}, {} failed in {:.2} s ({} {})",
        summary.succeeded(),
        summary.failed(),
        summary.elapsed.as_secs_f64(),
        summary.jobs,
        if summary.jobs == 1 { "job" } else { "jobs" }
    )
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
        if outcome.failed(self.strict) {
            eprintln!("failed: {}", outcome.profile.display());
        } else if let (true, Some(output)) = (outcome.written, &outcome.output) {
            println!(
                "built {} ({} KB, {} ms)",
                output.display(),
                outcome.bytes.div_ceil(1024),
                outcome.elapsed.as_millis()
            );
        } else {
            println!("ok: {}", outcome.profile.display());
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
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `factsheet new`: writes a starter profile, never over an existing file.
fn new_profile(name: &str, code: &str, dir: &std::path::Path) -> ExitCode {
    let code = code.to_uppercase();
    if factsheet::map::state_fips(&code).is_none() {
        eprintln!("error: `{code}` is not a state postal code\n  = help: use the two letters of a state or DC, e.g. MO");
        return ExitCode::FAILURE;
    }
    let stem: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let path = dir.join(format!("{stem}.toml"));
    if path.exists() {
        eprintln!(
            "error: {} exists already; nothing was written",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    let base = "region-vii.toml";
    let base = dir.join(base).is_file().then_some(base);
    let text = factsheet::profile::starter::starter(name, &code, base);
    if let Err(e) = std::fs::create_dir_all(dir)
        .and_then(|()| factsheet::export::write_atomic(&path, text.as_bytes()))
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {}; replace its <<placeholders>>, then `factsheet check {}`",
        path.display(),
        path.display()
    );
    ExitCode::SUCCESS
}
