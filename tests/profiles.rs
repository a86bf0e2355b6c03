//! Profiles other than Missouri's, and what is wrong with bad ones.

mod common;

use std::path::Path;

use factsheet::profile::load_str;

fn missouri_source() -> String {
    std::fs::read_to_string("profiles/missouri.toml").unwrap()
}

/// Missouri's profile for another state: its code, and no county values.
fn for_state(code: &str) -> String {
    let source = missouri_source();
    let start = source.find("[heat_map.counties]").unwrap();
    let end = source[start..].find("\n\n").unwrap() + start;
    let mut s = source.clone();
    s.replace_range(start..end, "");
    s.replace("state_code = \"MO\"", &format!("state_code = \"{code}\""))
}

#[test]
fn changing_only_the_state_code_draws_that_state() {
    for code in ["KS", "FL", "AK", "HI", "MI", "DC"] {
        let (profile, _) = load_str(Path::new("x.toml"), &for_state(code))
            .unwrap_or_else(|e| panic!("{code}: {e:?}"));
        let built = common::build(&profile);
        let pdf = common::Pdf::parse(&built.pdf);
        assert_eq!(pdf.pages().len(), 1, "{code}");
    }
}

#[test]
fn a_county_typo_is_located_with_a_suggestion() {
    let source = missouri_source().replace("\"Buchanan\" = 5", "\"Buchannan\" = 5");
    let errors = load_str(Path::new("mo.toml"), &source).unwrap_err();
    let text = errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("Buchannan"), "{text}");
    assert!(text.contains("Buchanan"), "no suggestion: {text}");
    let line = source
        .lines()
        .position(|l| l.contains("Buchannan"))
        .unwrap()
        + 1;
    assert!(text.contains(&format!("mo.toml:{line}:")), "{text}");
}

#[test]
fn an_unknown_state_code_is_an_error() {
    let source = missouri_source().replace("state_code = \"MO\"", "state_code = \"XX\"");
    let errors = load_str(Path::new("mo.toml"), &source).unwrap_err();
    assert!(errors[0]
        .to_string()
        .contains("`XX` is not a state postal code"));
}

#[test]
fn a_syntax_error_keeps_its_location() {
    let source = missouri_source().replace("schema = 1", "schema = = 1");
    let errors = load_str(Path::new("mo.toml"), &source).unwrap_err();
    let text = errors[0].to_string();
    let line = source
        .lines()
        .position(|l| l.contains("schema = = 1"))
        .unwrap()
        + 1;
    assert!(text.contains(&format!("mo.toml:{line}:")), "{text}");
}

#[test]
fn a_wrong_type_says_what_is_expected() {
    let source = missouri_source().replace("count = 167", "count = \"167\"");
    let errors = load_str(Path::new("mo.toml"), &source).unwrap_err();
    let text = errors[0].to_string();
    assert!(text.contains("help:"), "{text}");
    assert!(text.contains("i64") || text.contains("integer"), "{text}");
}

#[test]
fn a_character_the_fonts_lack_is_named() {
    let source = missouri_source().replace("Other Venues", "Other Venues ☃");
    let errors = load_str(Path::new("mo.toml"), &source).unwrap_err();
    let text = errors[0].to_string();
    assert!(text.contains("cannot draw '☃' (U+2603)"), "{text}");
}
