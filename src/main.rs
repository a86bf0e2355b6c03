//! The `factsheet` command line: parses arguments, runs the library, reports.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use factsheet::batch::{self, Outcome};
use factsheet::layout::{Options, PageSize};
use factsheet::BuildOptions;

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
    Build {
        paths: Vec<PathBuf>,
        /// Folder for the PDFs, created when missing.
        #[arg(short, long, default_value = "output")]
        out: PathBuf,
        /// Paper size; overrides the profile's theme.page (default letter).
        #[arg(long, value_enum)]
        paper: Option<Paper>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Check profiles without writing anything.
    Check {
        paths: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum Paper {
    Letter,
    A4,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (paths, out, paper, strict) = match cli.command {
        Command::New { name, code, dir } => return new_profile(&name, &code, &dir),
        Command::Schema => {
            let schema = factsheet::profile::schema::json_schema();
            println!(
                "{}",
                serde_json::to_string_pretty(schema).unwrap_or_default()
            );
            return ExitCode::SUCCESS;
        }
        Command::Build {
            paths,
            out,
            paper,
            strict,
        } => (paths, Some(out), paper, strict),
        Command::Check { paths, strict } => (paths, None, None, strict),
    };
    let paths = if paths.is_empty() {
        vec![PathBuf::from("profiles")]
    } else {
        paths
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
        if let Err(e) = std::fs::create_dir_all(out) {
            eprintln!("error: cannot create {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    }
    let options = BuildOptions {
        layout: Options {
            page: paper.map(|paper| match paper {
                Paper::Letter => PageSize::Letter,
                Paper::A4 => PageSize::A4,
            }),
        },
        date: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse().ok()),
    };
    let outcomes: Vec<Outcome> = profiles
        .iter()
        .map(|path| batch::process(path, out.as_deref(), &options, strict))
        .collect();
    let mut failed = 0;
    for outcome in &outcomes {
        for diagnostic in &outcome.diagnostics {
            eprintln!("{diagnostic}\n");
        }
        if outcome.failed(strict) {
            failed += 1;
            eprintln!("failed: {}", outcome.profile.display());
        } else if let Some(output) = &outcome.output {
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
    let verb = if out.is_some() { "built" } else { "checked" };
    println!("{} {verb}, {failed} failed", outcomes.len() - failed);
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
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

fn display(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
