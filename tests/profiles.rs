//! Profiles other than Missouri's, and what is wrong with bad ones.

mod common;

use std::path::Path;

use factsheet::profile::load_str;

/// Missouri's profile with its calls chart written inline instead of read
/// from the hotline table (the same figures), for the checks of values
/// written in a profile.
fn missouri_source() -> String {
    let source = std::fs::read_to_string("profiles/missouri.toml").unwrap();
    let reference = "[charts.data]\n\
        file = \"../data/hotline-calls-cases-2012-2016.csv\"\n\
        where = { postal = \"MO\" }\n\
        categories = \"Year_Date\"\n\
        order = \"ascending\"\n\
        series = [\n  \
        { name = \"Signals (calls, emails, online tips)\", column = \"Calls\" },\n  \
        { name = \"Cases reported\", column = \"Cases_Reported\" },\n]\n";
    assert!(source.contains(reference));
    source.replace(
        reference,
        "categories = [\"2012\", \"2013\", \"2014\", \"2015\", \"2016\"]\n\
         series = [\n  \
         { name = \"Signals (calls, emails, online tips)\", values = [214, 320, 290, 366, 421] },\n  \
         { name = \"Cases reported\", values = [48, 77, 55, 69, 135] },\n]\n",
    )
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

/// Every message `source` (as `profiles/mo.toml`) is refused with.
fn all_errors(source: &str) -> String {
    let errors = load_str(Path::new("profiles/mo.toml"), source).unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    messages.join("\n")
}

/// The first message `source` (as `profiles/mo.toml`) is refused with.
fn first_error(source: &str) -> String {
    let errors = load_str(Path::new("profiles/mo.toml"), source).unwrap_err();
    errors[0].to_string()
}

/// The 1-based number of the first line of `source` that `matches`.
fn line_of(source: &str, matches: impl Fn(&str) -> bool) -> usize {
    source.lines().position(matches).unwrap() + 1
}

#[test]
fn changing_only_the_state_code_draws_that_state() {
    for code in ["KS", "FL", "AK", "HI", "MI", "DC"] {
        let (profile, _) = load_str(Path::new("profiles/x.toml"), &for_state(code))
            .unwrap_or_else(|e| panic!("{code}: {e:?}"));
        let built = common::build(&profile);
        let pdf = common::Pdf::parse(&built.pdf);
        assert_eq!(pdf.pages().len(), 1, "{code}");
    }
}

#[test]
fn a_county_typo_is_located_with_a_suggestion() {
    let source = missouri_source().replace("\"Buchanan\" = 5", "\"Buchannan\" = 5");
    let text = all_errors(&source);
    assert!(text.contains("Buchannan"), "{text}");
    assert!(text.contains("Buchanan"), "no suggestion: {text}");
    let line = line_of(&source, |l| l.contains("Buchannan"));
    assert!(text.contains(&format!("mo.toml:{line}:")), "{text}");
}

#[test]
fn an_unknown_state_code_is_an_error() {
    let source = missouri_source().replace("state_code = \"MO\"", "state_code = \"XX\"");
    assert!(first_error(&source).contains("`XX` is not a state postal code"));
}

#[test]
fn a_syntax_error_keeps_its_location() {
    let source = missouri_source().replace("schema = 1", "schema = = 1");
    let text = first_error(&source);
    let line = line_of(&source, |l| l.contains("schema = = 1"));
    assert!(text.contains(&format!("mo.toml:{line}:")), "{text}");
}

#[test]
fn a_wrong_type_says_what_is_expected() {
    let source = missouri_source().replace("count = 167", "count = \"167\"");
    let text = first_error(&source);
    assert!(text.contains("help:"), "{text}");
    assert!(text.contains("expected a whole number"), "{text}");
}

#[test]
fn a_character_the_fonts_lack_is_named() {
    let source = missouri_source().replace("Other Venues", "Other Venues ☃");
    let text = first_error(&source);
    assert!(text.contains("cannot draw '☃' (U+2603)"), "{text}");
}

#[test]
fn a_missing_base_is_located_at_extends() {
    let source = missouri_source().replace("region-vii.toml", "region-7.toml");
    let text = first_error(&source);
    let line = line_of(&source, |l| l.starts_with("extends"));
    assert!(
        text.contains(&format!("profiles/mo.toml:{line}:11")),
        "{text}"
    );
    assert!(text.contains("cannot use base `region-7.toml`"), "{text}");
    assert!(text.contains("relative to this file"), "{text}");
}

#[test]
fn an_extends_cycle_is_an_error_naming_the_files() {
    let dir = common::temp_dir("cycle");
    std::fs::write(dir.join("a.toml"), "schema = 1\nextends = \"b.toml\"\n").unwrap();
    std::fs::write(dir.join("b.toml"), "schema = 1\nextends = \"a.toml\"\n").unwrap();
    let errors = factsheet::profile::load(&dir.join("a.toml")).unwrap_err();
    let text = errors.iter().map(|e| e.to_string()).collect::<String>();
    assert!(text.contains("`extends` makes a cycle"), "{text}");
    assert!(text.contains("b.toml:2:11"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn keys_from_the_base_merge_under_the_profile() {
    let profile = common::missouri();
    // From region-vii.toml:
    assert_eq!(
        profile.agency,
        "U.S. Department of Health and Human Services Region VII"
    );
    assert_eq!(
        &*profile.hotlines.national.as_ref().unwrap().number,
        "888-373-7888"
    );
    assert_eq!(profile.hotlines.heading, "Human Trafficking Hotlines");
    // The profile's own [demographics] keys sit beside the base's.
    assert!(profile.demographics.note.starts_with("*These statistics"));
    assert!(profile.demographics.more.is_some());
    // Lists are the profile's own.
    assert_eq!(profile.hotlines.items.len(), 1);
}

#[test]
fn a_mistake_in_the_base_is_reported_in_the_base() {
    let dir = common::temp_dir("base-typo");
    let base = std::fs::read_to_string("profiles/region-vii.toml")
        .unwrap()
        .replace("agency =", "agnecy =");
    let line = line_of(&base, |l| l.starts_with("agnecy"));
    std::fs::write(dir.join("region-vii.toml"), base).unwrap();
    std::fs::write(dir.join("mo.toml"), missouri_source()).unwrap();
    let errors = factsheet::profile::load(&dir.join("mo.toml")).unwrap_err();
    let text = errors.iter().map(|e| e.to_string()).collect::<String>();
    assert!(
        text.contains(&format!("region-vii.toml:{line}:1")),
        "{text}"
    );
    assert!(text.contains("did you mean `agency`?"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let source = missouri_source()
        .replace("state_code = \"MO\"", "state_code = \"MO\"\nsate = 1")
        .replace("count = 66", "count = \"66\"")
        .replace("labor = [", "labour = [");
    let text = all_errors(&source);
    assert!(text.contains("unknown key `sate`"), "{text}");
    assert!(
        text.contains("expected a whole number, found text in quotes"),
        "{text}"
    );
    assert!(text.contains("unknown key `labour` in `venues`"), "{text}");
    assert!(text.contains("missing `labor` in `venues`"), "{text}");
}

#[test]
fn folder_builds_skip_bases() {
    let found = factsheet::batch::discover(&[std::path::PathBuf::from("profiles")]).unwrap();
    assert!(found.iter().any(|p| p.ends_with("missouri.toml")));
    assert!(!found.iter().any(|p| p.ends_with("region-vii.toml")));
    assert!(factsheet::profile::is_base(Path::new(
        "profiles/region-vii.toml"
    )));
}

/// How many `[[demographics.groups]]` a profile's text has.
fn profile_groups(text: &str) -> usize {
    text.matches("[[demographics.groups]]").count()
}

#[test]
fn a_starter_profile_builds_at_once_and_warns_of_its_placeholders() {
    use factsheet::profile::starter::{hotline_table_from, starter};
    let table = hotline_table_from(Path::new("profiles"));
    assert_eq!(
        table.as_deref(),
        Some("../data/hotline-calls-cases-2012-2016.csv")
    );
    let mut charts = Vec::new();
    for (base, table) in [
        (Some("region-vii.toml"), table.as_deref()),
        (None, table.as_deref()),
        (Some("region-vii.toml"), None),
    ] {
        let text = starter(
            "Kansas",
            "KS",
            base,
            Some("../factsheet.schema.json"),
            table,
        );
        assert!(text.starts_with("#:schema ../factsheet.schema.json\n"));
        // With the table, the starter names it rather than copying numbers.
        assert_eq!(text.contains("[charts.data]"), table.is_some(), "{text}");
        assert_eq!(text.contains("values = ["), table.is_none(), "{text}");
        let (profile, warnings) = load_str(Path::new("profiles/kansas.toml"), &text)
            .unwrap_or_else(|e| {
                panic!(
                    "{base:?}: {}",
                    e.iter().map(|d| d.to_string()).collect::<String>()
                )
            });
        assert!(!warnings.is_empty(), "placeholders must be reported");
        // The demographic counts are zeros to fill in, one warning a group.
        let zeros = warnings
            .iter()
            .filter(|w| w.message.starts_with("every count of"))
            .count();
        assert_eq!(zeros, profile_groups(&text));
        assert!(
            warnings.iter().all(|w| w.message.contains("placeholder")),
            "{warnings:?}"
        );
        // The published Kansas figures fill the calls chart, oldest first,
        // whether read from the table or written in.
        assert_eq!(profile.charts[0].categories[0], "2012");
        assert_eq!(profile.charts[0].series[0].values.len(), 5);
        charts.push((
            profile.charts[0].categories.clone(),
            profile.charts[0].series.clone(),
        ));
        let built = common::build(&profile);
        assert_eq!(common::Pdf::parse(&built.pdf).pages().len(), 1);
    }
    assert!(charts.windows(2).all(|pair| pair[0] == pair[1]));
}

#[test]
fn the_spanish_example_builds_in_spanish() {
    let profile = common::load("profiles/missouri-es.toml");
    assert_eq!(profile.lang, "es-US");
    let built = common::build(&profile);
    let pdf = common::Pdf::parse(&built.pdf);
    assert_eq!(pdf.pages().len(), 1);
    // Section headings print in capitals.
    let text = pdf.text().to_lowercase();
    for phrase in [
        "Esfuerzos para combatir la trata de personas",
        "Datos demográficos de las posibles víctimas de trata",
        "Lugares de trata sexual",
        "Más casos",
        "Llame a esta línea estatal",
    ] {
        let phrase = phrase.to_lowercase();
        assert!(text.contains(&phrase), "`{phrase}` missing from:\n{text}");
    }
    // Figures and links come from missouri.toml through `extends`.
    assert!(text.contains("330") && text.contains("§ 566.212"));
    let catalog = pdf.doc.catalog().unwrap();
    let lopdf::Object::String(lang, _) = catalog.get(b"Lang").unwrap() else {
        panic!("no /Lang")
    };
    assert_eq!(lang, b"es-US");
}

#[test]
fn a_theme_colour_without_contrast_is_refused() {
    let source = format!("{}\n[theme]\naccent = \"#FFAAAA\"\n", missouri_source());
    let text = first_error(&source);
    assert!(
        text.contains("contrast of 1.") && text.contains("needs 4.5:1"),
        "{text}"
    );
}

#[test]
fn a4_comes_from_the_theme() {
    let source = format!("{}\n[theme]\npage = \"a4\"\n", missouri_source());
    let (profile, _) = load_str(Path::new("profiles/mo.toml"), &source).unwrap();
    let built = common::build(&profile);
    assert!((built.frame.height - 841.89).abs() < 0.01);
    assert_eq!(common::Pdf::parse(&built.pdf).pages().len(), 1);
}

#[test]
fn several_charts_fit_one_page_with_their_numbers() {
    // tests/fixtures/charts.toml: a shortened Missouri sheet with a
    // five-slice donut (one slice below the disclosure threshold), grouped
    // bars and a line chart, laid out in a row of their own.
    let profile = common::load("tests/fixtures/charts.toml");
    assert_eq!(profile.charts.len(), 3);
    let built = common::build(&profile);
    let pdf = common::Pdf::parse(&built.pdf);
    assert_eq!(pdf.pages().len(), 1);
    let text = pdf.text();
    // Shares of 317 calls by largest remainder: 38 + 30 + 19 + 12, and 1
    // for the undisclosed slice, which is printed without its share.
    for expected in [
        "120 (38%)",
        "95 (30%)",
        "60 (19%)",
        "40 (12%)",
        "fewer than 3",
        "421",
    ] {
        assert!(text.contains(expected), "`{expected}` missing");
    }
    let figures = built
        .frame
        .nodes
        .iter()
        .filter(
            |n| matches!(&n.role, factsheet::frame::Role::Figure { alt, .. } if !alt.is_empty()),
        )
        .count();
    // The map, three demographics charts and the three charts.
    assert_eq!(figures, 7);
}

#[test]
fn an_implausible_year_and_a_grayscale_clash_in_the_palette_are_refused() {
    let source = missouri_source().replacen("\"2016\"]", "\"2106\"]", 1);
    assert!(first_error(&source).contains("2106 is not a plausible year"));
    let source = format!(
        "{}\n[theme]\npalette = [\"#1B3A5C\", \"#1A3D5E\"]\n",
        missouri_source()
    );
    let text = first_error(&source);
    assert!(text.contains("too close in lightness"), "{text}");
}

#[test]
fn the_theme_palette_colours_the_charts() {
    let source = format!(
        "{}\n[theme]\npalette = [\"#6B2C91\", \"#DD7820\"]\n",
        missouri_source()
    );
    let (profile, _) = load_str(Path::new("profiles/mo.toml"), &source).unwrap();
    let frame = common::build(&profile).frame;
    let fills: Vec<factsheet::frame::Rgb> = frame
        .items
        .iter()
        .filter_map(|i| match &i.content {
            factsheet::frame::Content::Path(p) => p.fill,
            _ => None,
        })
        .collect();
    assert!(fills.contains(&factsheet::frame::Rgb(0x6B, 0x2C, 0x91)));
    assert!(fills.contains(&factsheet::frame::Rgb(0xDD, 0x78, 0x20)));
}

/// Loads `source` as `profiles/mo.toml` on another thread; panics when it
/// takes longer than `seconds` (a hang or quadratic work).
fn errors_within(seconds: u64, source: String) -> Vec<factsheet::profile::Diagnostic> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(load_str(Path::new("profiles/mo.toml"), &source));
    });
    match receive.recv_timeout(std::time::Duration::from_secs(seconds)) {
        Ok(loaded) => loaded.map(|_| ()).expect_err("the profile was accepted"),
        Err(_) => panic!("loading took more than {seconds} s"),
    }
}

/// Every message names `mo.toml` with a line and column, on one line, with
/// a help line.
fn assert_located(errors: &[factsheet::profile::Diagnostic]) {
    for d in errors {
        assert!(d.line > 0 && d.column > 0, "unlocated: {d}");
        assert!(d.help.is_some(), "no help: {d}");
        let line = factsheet::batch::one_line(d);
        assert!(!line.contains('\n'), "{line}");
    }
}

#[test]
fn huge_chart_values_are_refused_at_their_line() {
    for kind in ["column", "line", "grouped-bar"] {
        let source = missouri_source()
            .replace("kind = \"grouped-bar\"", &format!("kind = \"{kind}\""))
            .replace("values = [214,", "values = [1.7e308,")
            .replace("values = [48, 77,", "values = [18446744073709551616.0, 77,");
        let errors = errors_within(5, source.clone());
        assert_located(&errors);
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let text = text.join("\n");
        assert!(
            text.contains("is above the largest allowed value"),
            "{text}"
        );
        assert!(text.contains("from 0 to 1000000000000000"), "{text}");
        let line = line_of(&source, |l| l.contains("1.7e308"));
        assert!(text.contains(&format!("mo.toml:{line}:")), "{text}");
        let line = line_of(&source, |l| l.contains("18446744073709551616"));
        assert!(text.contains(&format!("mo.toml:{line}:")), "{text}");
    }
}

#[test]
fn half_a_million_wrong_keywords_are_reported_briefly() {
    let zeros = vec!["0"; 500_000].join(",");
    let source = missouri_source().replacen("keywords = [", &format!("keywords = [{zeros}, "), 1);
    assert!(source.len() < 1024 * 1024);
    let errors = errors_within(20, source);
    assert_eq!(errors.len(), factsheet::profile::MAX_DIAGNOSTICS + 1);
    let last = errors.last().unwrap();
    assert!(
        last.message.starts_with(&format!(
            "{} more problems",
            500_000 - factsheet::profile::MAX_DIAGNOSTICS
        )),
        "{last}"
    );
    assert_located(&errors);
}

#[test]
fn a_chart_with_too_many_categories_is_refused_quickly() {
    let n = 30_000;
    let categories: Vec<String> = (0..n).map(|i| format!("\"c{i}\"")).collect();
    let values = vec!["5"; n].join(", ");
    let source = missouri_source()
        .replace(
            "categories = [\"2012\", \"2013\", \"2014\", \"2015\", \"2016\"]",
            &format!("categories = [{}]", categories.join(", ")),
        )
        .replace("[214, 320, 290, 366, 421]", &format!("[{values}]"))
        .replace("[48, 77, 55, 69, 135]", &format!("[{values}]"));
    let errors = errors_within(10, source);
    assert_located(&errors);
    assert!(
        errors[0].message.contains(&format!(
            "{n} entries; at most {} are allowed",
            factsheet::rules::MAX_CATEGORIES
        )),
        "{}",
        errors[0]
    );
}

#[test]
fn a_schema_number_past_u32_is_located() {
    let source = missouri_source().replace("schema = 1", "schema = 4294967296");
    let errors = errors_within(5, source.clone());
    assert_located(&errors);
    let line = line_of(&source, |l| l.starts_with("schema ="));
    assert!(
        errors[0]
            .to_string()
            .contains(&format!("mo.toml:{line}:10")),
        "{}",
        errors[0]
    );
}

#[test]
fn bytes_that_are_not_utf8_get_a_line_and_column() {
    let dir = common::temp_dir("profiles-utf8");
    let path = dir.join("mo.toml");
    let mut bytes = b"schema = 1\nstate = \"Mis".to_vec();
    bytes.extend([0xff, b'"', b'\n']);
    std::fs::write(&path, bytes).unwrap();
    let errors = factsheet::profile::load(&path).unwrap_err();
    assert_eq!((errors[0].line, errors[0].column), (2, 13), "{}", errors[0]);
    assert!(errors[0].message.contains("UTF-8"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_base_that_is_not_a_regular_file_is_refused_without_reading_it() {
    let dir = common::temp_dir("profiles-special-base");
    let fifo = dir.join("fifo.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for base in ["/dev/zero".to_string(), fifo.display().to_string()] {
        let source = missouri_source().replace(
            "extends = \"region-vii.toml\"",
            &format!("extends = \"{base}\""),
        );
        let errors = errors_within(5, source.clone());
        // Only the base is named: what it would have given is not also
        // reported missing.
        assert_eq!(errors.len(), 1, "{errors:?}");
        let text = errors[0].to_string();
        assert!(text.contains("not a regular file"), "{text}");
        let line = line_of(&source, |l| l.starts_with("extends"));
        assert!(text.contains(&format!("mo.toml:{line}:")), "{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_key_points_where_it_would_go() {
    // With a base: at `extends`, since the base could have given it.
    let source = missouri_source().replace("state_code = \"MO\"\n", "");
    let errors = errors_within(5, source.clone());
    assert_located(&errors);
    let line = line_of(&source, |l| l.starts_with("extends"));
    assert!(
        errors[0].to_string().contains(&format!("mo.toml:{line}:")),
        "{}",
        errors[0]
    );
    // Without one: at the last top-level key.
    let source = "schema = 1\nstate = \"Missouri\"\n\n[venues]\nsex = [\"a\"]\nlabor = [\"b\"]\n";
    let errors = errors_within(5, source.to_string());
    assert_located(&errors);
    assert!(errors.iter().all(|d| d.line <= 4), "{errors:?}");
}

#[test]
fn an_empty_link_is_one_problem_not_two() {
    let source = missouri_source().replace(
        "url = \"https://humantraffickinghotline.org/state/missouri\"",
        "url = \"https://\"",
    );
    let errors = errors_within(5, source);
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{text:?}");
    assert!(text[0].contains("is not a usable link"), "{text:?}");
}

#[test]
fn a_language_must_be_a_language_tag() {
    for lang in ["", "\\u202E not a tag !!", "en_US", "-US"] {
        let source =
            missouri_source().replacen("keywords =", &format!("lang = \"{lang}\"\nkeywords ="), 1);
        let errors = errors_within(5, source);
        assert_located(&errors);
        assert!(
            errors[0].message.contains("is not a language tag"),
            "{lang}: {}",
            errors[0]
        );
    }
    for lang in ["es", "en-US", "es-419", "zh-Hant-TW"] {
        let source =
            missouri_source().replacen("keywords =", &format!("lang = \"{lang}\"\nkeywords ="), 1);
        assert!(
            load_str(Path::new("profiles/mo.toml"), &source).is_ok(),
            "{lang}"
        );
    }
}

#[test]
fn a_bar_chart_with_two_series_is_located_at_its_series() {
    let source = missouri_source().replace("kind = \"grouped-bar\"", "kind = \"column\"");
    let errors = errors_within(5, source.clone());
    assert_located(&errors);
    assert!(
        errors[0]
            .message
            .contains("a column chart shows one series"),
        "{}",
        errors[0]
    );
    let line = line_of(&source, |l| l.starts_with("series = ["));
    assert_eq!(errors[0].line, line, "{}", errors[0]);
}

#[test]
fn an_overlong_text_is_refused_before_layout() {
    let citation = "W".repeat(184_000);
    let source =
        missouri_source().replacen("citation = \"", &format!("citation = \"{citation}"), 1);
    let errors = errors_within(5, source);
    assert_located(&errors);
    assert!(
        errors[0].message.contains("characters long"),
        "{}",
        errors[0]
    );
}

#[test]
fn the_files_a_sheet_is_made_from_include_its_data_tables() {
    let files = factsheet::profile::files_used(Path::new("profiles/missouri.toml"));
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"missouri.toml".to_string()), "{names:?}");
    assert!(names.contains(&"region-vii.toml".to_string()), "{names:?}");
    assert!(
        names.contains(&"hotline-calls-cases-2012-2016.csv".to_string()),
        "{names:?}"
    );
}
