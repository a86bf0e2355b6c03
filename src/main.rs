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
        /// Paper size.
        #[arg(long, value_enum, default_value_t = Paper::Letter)]
        paper: Paper,
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Paper {
    Letter,
    A4,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (paths, out, paper, strict) = match cli.command {
        Command::Build {
            paths,
            out,
            paper,
            strict,
        } => (paths, Some(out), paper, strict),
        Command::Check { paths, strict } => (paths, None, Paper::Letter, strict),
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
            page: match paper {
                Paper::Letter => PageSize::Letter,
                Paper::A4 => PageSize::A4,
            },
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

fn display(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
