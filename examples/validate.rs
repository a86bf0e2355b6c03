//! Checks built sheets against PDF/A-2a and PDF/UA-1 with the
//! `page_validation` crate (veraPDF's rule set), as the test suite does:
//!
//! ```sh
//! cargo run --example validate -- output/*.pdf
//! ```
//!
//! Prints each file's result per standard, with the failed rules if any;
//! exits 1 when any rule fails in any file, 2 without files.

use std::process::ExitCode;

use page_validation::{validate_pdf_bytes, ValidationOptions, ValidationProfile};

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: cargo run --example validate -- FILE.pdf...");
        return ExitCode::from(2);
    }
    let mut all_pass = true;
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{path}: cannot read: {error}");
                all_pass = false;
                continue;
            }
        };
        for (standard, profile) in [
            ("PDF/A-2a", ValidationProfile::PdfA2a),
            ("PDF/UA-1", ValidationProfile::PdfUa1),
        ] {
            let options = ValidationOptions::default().profile(profile);
            match validate_pdf_bytes(&bytes, &options) {
                Ok(report) if report.is_compliant && report.failures.is_empty() => {
                    println!(
                        "{path}: {standard}: {} rules checked, none failed",
                        report.rules.total
                    );
                }
                Ok(report) => {
                    all_pass = false;
                    println!(
                        "{path}: {standard}: {} of {} rules failed\n{report}",
                        report.rules.failed, report.rules.total
                    );
                }
                Err(error) => {
                    all_pass = false;
                    eprintln!("{path}: {standard}: cannot validate: {error}");
                }
            }
        }
    }
    if all_pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
