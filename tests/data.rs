//! Data references: numbers read from CSV tables, their errors located in
//! the table, and batches that read each table once and report it.

mod common;

use std::path::{Path, PathBuf};

use factsheet::batch::{self, Job, Settings};
use factsheet::profile::{load, load_with, DataCache, Diagnostic};

const TABLE: &str = "data/hotline-calls-cases-2012-2016.csv";

/// A folder holding Missouri's profile and base in `profiles/` and a copy
/// of the hotline table in `data/`, as in the project.
fn project_copy(name: &str) -> PathBuf {
    let dir = common::temp_dir(name);
    std::fs::create_dir_all(dir.join("profiles")).unwrap();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    for file in ["profiles/missouri.toml", "profiles/region-vii.toml", TABLE] {
        std::fs::copy(file, dir.join(file)).unwrap();
    }
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "`{from}` not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The one error loading `profile` gives.
fn error_of(profile: &Path) -> Diagnostic {
    let errors = load(profile).expect_err("the profile must be refused");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn missouri_reads_its_calls_chart_from_the_hotline_table() {
    let (loaded, files) = load_with(Path::new("profiles/missouri.toml"), &DataCache::default());
    let (profile, _) = loaded.unwrap();
    assert_eq!(files, vec![PathBuf::from(TABLE)]);
    let chart = &profile.charts[0];
    assert_eq!(chart.categories, ["2012", "2013", "2014", "2015", "2016"]);
    assert_eq!(chart.series[0].name, "Signals (calls, emails, online tips)");
    assert_eq!(chart.series[0].values, [214.0, 320.0, 290.0, 366.0, 421.0]);
    assert_eq!(chart.series[1].values, [48.0, 77.0, 55.0, 69.0, 135.0]);
}

#[test]
fn changing_the_table_changes_the_sheet_with_no_profile_edit() {
    let dir = project_copy("data-change");
    let profile = dir.join("profiles/missouri.toml");
    let before = common::build(&load(&profile).unwrap().0).pdf;
    edit(
        &dir.join(TABLE),
        "2016,421,135,missouri,MO",
        "2016,437,135,missouri,MO",
    );
    let (changed, _) = load(&profile).unwrap();
    assert_eq!(changed.charts[0].series[0].values[4], 437.0);
    let after = common::build(&changed).pdf;
    assert_ne!(before, after);
}

#[test]
fn a_bad_cell_fails_at_its_line_and_no_pdf_is_written() {
    let dir = project_copy("data-bad-cell");
    let table = dir.join(TABLE);
    edit(
        &table,
        "2016,421,135,missouri,MO",
        "2016,4x1,135,missouri,MO",
    );
    let line = line_of(&table, "4x1");
    let out = dir.join("out");
    let job = Job {
        profile: dir.join("profiles/missouri.toml"),
        output: Some(out.join("missouri.pdf")),
        refused: None,
    };
    std::fs::create_dir_all(&out).unwrap();
    let settings = Settings {
        out_dir: Some(out.clone()),
        ..Settings::default()
    };
    let summary = batch::run(&[job], &settings, &());
    let outcome = &summary.outcomes[0];
    assert!(!out.join("missouri.pdf").exists());
    assert_eq!(outcome.diagnostics.len(), 1, "{:?}", outcome.diagnostics);
    let error = &outcome.diagnostics[0];
    assert!(error.file.ends_with(TABLE), "{error}");
    assert_eq!((error.line, error.column), (line, 6), "{error}");
    assert!(error.message.contains("`4x1`") && error.message.contains("not a number"));
    // The help names the key that asked for the column.
    let help = error.help.as_deref().unwrap();
    assert!(help.contains("`charts[0].data.series[0].column`"), "{help}");
    // The report still names the table, so a fix to it is rebuilt.
    let report = summary.report();
    assert_eq!(report.profiles[0].data.len(), 1);
    assert!(report.profiles[0].data[0].ends_with(TABLE));
}

#[test]
fn a_missing_file_is_an_error_at_the_key_that_names_it() {
    let dir = project_copy("data-missing-file");
    std::fs::remove_file(dir.join(TABLE)).unwrap();
    let profile = dir.join("profiles/missouri.toml");
    let error = error_of(&profile);
    assert!(error.file.ends_with("missouri.toml"), "{error}");
    assert_eq!(error.line, line_of(&profile, "file = \"../data/"));
    assert!(error.message.contains("cannot use data file"), "{error}");
    assert!(error.help.unwrap().contains("data/hotline-calls-cases"));
}

#[test]
fn a_missing_column_is_named_with_a_suggestion() {
    let dir = project_copy("data-missing-column");
    let profile = dir.join("profiles/missouri.toml");
    edit(&profile, "column = \"Calls\"", "column = \"Cals\"");
    let error = error_of(&profile);
    assert_eq!(error.line, line_of(&profile, "column = \"Cals\""));
    let header = line_of(&dir.join(TABLE), "Year_Date");
    assert!(
        error
            .message
            .ends_with(&format!("{TABLE}:{header} has no column `Cals`")),
        "{error}"
    );
    assert_eq!(error.help.as_deref(), Some("did you mean `Calls`?"));
}

#[test]
fn no_matching_rows_is_an_error_at_where() {
    let dir = project_copy("data-no-rows");
    let profile = dir.join("profiles/missouri.toml");
    edit(
        &profile,
        "where = { postal = \"MO\" }",
        "where = { postal = \"XX\" }",
    );
    let error = error_of(&profile);
    assert_eq!(error.line, line_of(&profile, "postal = \"XX\""));
    assert!(error.message.contains("has postal = \"XX\""), "{error}");
}

#[test]
fn a_duplicate_category_is_located_in_the_table() {
    let dir = project_copy("data-duplicate");
    let table = dir.join(TABLE);
    edit(&table, "2015,366,69,missouri,MO", "2016,366,69,missouri,MO");
    let error = error_of(&dir.join("profiles/missouri.toml"));
    assert!(error.file.ends_with(TABLE), "{error}");
    assert_eq!(error.line, line_of(&table, "2016,366,69"));
    let first = line_of(&table, "2016,421,135");
    assert!(
        error.message.contains(&format!("on line {first}")),
        "{error}"
    );
}

#[test]
fn values_read_are_checked_like_inline_values() {
    let dir = project_copy("data-range");
    let table = dir.join(TABLE);
    edit(
        &table,
        "2016,421,135,missouri,MO",
        "2016,-4,135,missouri,MO",
    );
    let error = error_of(&dir.join("profiles/missouri.toml"));
    assert!(
        error.message.contains("outside the allowed range"),
        "{error}"
    );
    // The disclosure rule: a 2 is a warning, as when written inline.
    let dir = project_copy("data-disclosure");
    edit(
        &dir.join(TABLE),
        "2016,421,135,missouri,MO",
        "2016,421,2,missouri,MO",
    );
    let (_, warnings) = load(&dir.join("profiles/missouri.toml")).unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("disclosure threshold")),
        "{warnings:?}"
    );
}

#[test]
fn a_batch_reads_each_table_once() {
    let dir = project_copy("data-once");
    let profiles = dir.join("profiles");
    let source = std::fs::read_to_string(profiles.join("missouri.toml")).unwrap();
    for i in 0..3 {
        std::fs::write(profiles.join(format!("mo-{i}.toml")), &source).unwrap();
    }
    let cache = DataCache::default();
    for i in 0..3 {
        let job = Job {
            profile: profiles.join(format!("mo-{i}.toml")),
            output: None,
            refused: None,
        };
        let outcome = batch::process(&job, &Settings::default(), &cache);
        assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
        assert_eq!(outcome.data_files.len(), 1);
    }
    assert_eq!(cache.reads(), 1);
}

#[test]
fn demographic_counts_and_county_values_read_from_tables() {
    let dir = project_copy("data-groups-counties");
    let profile = dir.join("profiles/missouri.toml");
    std::fs::write(
        dir.join("data/gender.csv"),
        "postal,gender,count\nKS,Female,9\nMO,Female,330\nMO,Male,62\nMO,Gender Minorities,0\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("data/counties.csv"),
        "# Cases by county\npostal,county,cases\nMO,Adair,5\nMO,29021,4\nKS,Allen,3\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(&profile).unwrap();
    let counties = text.find("[heat_map.counties]").unwrap();
    let demographics = text.find("[demographics]").unwrap();
    let text = format!(
        "{}[heat_map.data]\nfile = \"../data/counties.csv\"\nwhere = {{ postal = \"MO\" }}\n\
         counties = \"county\"\nvalues = \"cases\"\n\n{}",
        &text[..counties],
        &text[demographics..]
    );
    let gender = text.find("title = \"Gender\"").unwrap();
    let end = gender + text[gender..].find("]\n").unwrap() + 2;
    let text = format!(
        "{}title = \"Gender\"\ndata = {{ file = \"../data/gender.csv\", where = {{ postal = \"MO\" }}, \
         labels = \"gender\", counts = \"count\" }}\n{}",
        &text[..gender],
        &text[end..]
    );
    std::fs::write(&profile, text).unwrap();

    let (loaded, files) = load_with(&profile, &DataCache::default());
    let (loaded, _) = loaded.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(files.len(), 3, "{files:?}");
    let group = &loaded.demographics.groups[1];
    let items: Vec<(&str, i64)> = group
        .items
        .iter()
        .map(|i| (i.label.as_str(), i.count))
        .collect();
    assert_eq!(
        items,
        [("Female", 330), ("Male", 62), ("Gender Minorities", 0)]
    );
    let counties = &loaded.heat_map.counties;
    assert_eq!(counties.len(), 2);
    assert_eq!(counties["Adair"].as_integer(), Some(5));
    assert_eq!(counties["29021"].as_integer(), Some(4));

    // A count must be whole, as when written inline.
    edit(&dir.join("data/gender.csv"), "MO,Male,62", "MO,Male,6.5");
    let error = error_of(&profile);
    assert!(error.file.ends_with("gender.csv"), "{error}");
    assert_eq!((error.line, error.column), (4, 9), "{error}");
    assert!(error.message.contains("not a whole number"), "{error}");
}
