//! Random and mutated profiles: never a panic, always either located errors
//! or a valid one-page PDF (or a clear "does not fit" error).

mod common;

use std::path::Path;

use factsheet::fonts::{self, FontSet};
use proptest::prelude::*;

fn missouri_source() -> String {
    std::fs::read_to_string("profiles/missouri.toml").unwrap()
}

/// Loads and, when the profile is accepted, builds it; checks the outcome.
fn load_and_build(text: &str) {
    // The path puts the profile beside the base it extends.
    match factsheet::profile::load_str(Path::new("profiles/fuzz.toml"), text) {
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            for d in diagnostics {
                let message = d.to_string();
                assert!(message.contains("fuzz.toml") || message.contains("region-vii.toml"));
            }
        }
        Ok((profile, _warnings)) => match factsheet::build(&profile, &Default::default()) {
            Ok(built) => {
                let pdf = common::Pdf::parse(&built.pdf);
                assert_eq!(pdf.pages().len(), 1);
            }
            Err(e) => {
                let message = e.to_string();
                assert!(!message.is_empty());
            }
        },
    }
}

/// Any TOML value, nested a few levels deep.
fn value() -> impl Strategy<Value = toml::Value> {
    let leaf = prop_oneof![
        any::<String>().prop_map(toml::Value::String),
        "[a-zA-Z §–’é漢\u{1F600}\u{7}]{0,300}".prop_map(toml::Value::String),
        any::<i64>().prop_map(toml::Value::Integer),
        any::<f64>()
            .prop_filter("TOML floats are finite or named", |f| !f.is_nan())
            .prop_map(toml::Value::Float),
        any::<bool>().prop_map(toml::Value::Boolean),
        Just(toml::Value::Array(Vec::new())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(toml::Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..5)
                .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
        ]
    })
}

/// Numbers at and past the edges of what a sheet prints, and lists far
/// longer than a sheet holds: the values that once made a build hang or
/// report in quadratic time.
fn extreme() -> impl Strategy<Value = toml::Value> {
    let number = prop_oneof![
        Just(1.7e308),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(f64::INFINITY),
        Just(-0.0),
        Just(18_446_744_073_709_551_616.0),
        Just(1e15),
        Just(1e15 + 1.0),
        (0.0..1e300f64),
    ]
    .prop_map(toml::Value::Float);
    let integer = prop_oneof![
        Just(i64::MAX),
        Just(i64::MIN),
        Just(4_294_967_296),
        Just(1_000_000_000_000_001),
    ]
    .prop_map(toml::Value::Integer);
    let leaf = prop_oneof![number, integer];
    prop_oneof![
        3 => leaf.clone(),
        1 => (leaf, 0..20_000usize).prop_map(|(v, n)| toml::Value::Array(vec![v; n])),
        1 => (0..20_000usize).prop_map(|n| {
            toml::Value::Array((0..n).map(|i| toml::Value::String(format!("c{i}"))).collect())
        }),
    ]
}

/// Runs [`load_and_build`] on another thread and fails the case when it
/// takes longer than a generous bound: work must stay near-linear.
fn load_and_build_in_time(text: String) {
    let (done, finished) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        load_and_build(&text);
        let _ = done.send(());
    });
    match finished.recv_timeout(std::time::Duration::from_secs(20)) {
        Ok(()) => worker.join().unwrap(),
        // The sender dropped without sending: the case panicked.
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(worker.join().unwrap_err())
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("a profile took more than 20 s to load and build")
        }
    }
}

/// Every key path in a table, tables and arrays walked.
fn paths(value: &toml::Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table {
                prefix.push(k.clone());
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        toml::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(i.to_string());
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn slot<'a>(root: &'a mut toml::Value, path: &[String]) -> Option<&'a mut toml::Value> {
    let mut at = root;
    for step in path {
        at = match at {
            toml::Value::Table(t) => t.get_mut(step)?,
            toml::Value::Array(a) => a.get_mut(step.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// Missouri's profile with the value at a picked key path replaced, as
/// TOML text; `None` when the result cannot be written as TOML.
fn with_value_replaced(pick: prop::sample::Index, replacement: toml::Value) -> Option<String> {
    let mut root = toml::Value::Table(missouri_source().parse().unwrap());
    let mut all = Vec::new();
    paths(&root, &mut Vec::new(), &mut all);
    let path = pick.get(&all).clone();
    if let Some(target) = slot(&mut root, &path) {
        *target = replacement;
    }
    toml::to_string(&root).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Replace any value of the Missouri profile with any other value.
    #[test]
    fn any_value_anywhere(pick in any::<prop::sample::Index>(), replacement in value()) {
        if let Some(text) = with_value_replaced(pick, replacement) {
            load_and_build(&text);
        }
    }

    /// Replace any value with an extreme number or a very long list.
    #[test]
    fn extreme_values_anywhere(pick in any::<prop::sample::Index>(), replacement in extreme()) {
        if let Some(text) = with_value_replaced(pick, replacement) {
            load_and_build_in_time(text);
        }
    }

    /// Cut, duplicate or garble the text itself.
    #[test]
    fn mangled_text(cut in any::<prop::sample::Index>(), line in any::<prop::sample::Index>(),
                    noise in "[\\[\\]\"={}#\n a-z0-9\u{0}\u{FEFF}]{0,40}", how in 0..4u8) {
        let source = missouri_source();
        let lines: Vec<&str> = source.lines().collect();
        let n = line.index(lines.len());
        let text = match how {
            0 => {
                let mut end = cut.index(source.len());
                while !source.is_char_boundary(end) { end -= 1; }
                source[..end].to_string()
            }
            1 => lines.iter().enumerate().filter(|(i, _)| *i != n).map(|(_, l)| *l).collect::<Vec<_>>().join("\n"),
            2 => {
                let mut l = lines.clone();
                l.insert(n, lines[n]);
                l.join("\n")
            }
            _ => {
                let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
                l[n].push_str(&noise);
                l.join("\n")
            }
        };
        load_and_build(&text);
    }

    /// Truncate a font program, flip bytes in it or garble its table
    /// directory: the font is refused with a reason, or it loads and a
    /// sheet set in it builds or fails with a message. Never a panic.
    #[test]
    fn damaged_fonts(opentype in any::<bool>(), how in 0..3u8, at in any::<prop::sample::Index>(),
                     flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24)) {
        let mut program = if opentype {
            std::fs::read("tests/fixtures/fonts/SourceSans3-Regular.otf").unwrap()
        } else {
            std::fs::read("fonts/PublicSans_400Regular.ttf").unwrap()
        };
        match how {
            0 => program.truncate(at.index(program.len())),
            1 => {
                for (i, byte) in flips {
                    let i = i.index(program.len());
                    program[i] ^= byte | 1;
                }
            }
            _ => {
                // The table records: 16 bytes each after a 12-byte header.
                let tables = usize::from(u16::from_be_bytes([program[4], program[5]]));
                for (i, byte) in flips {
                    let i = 12 + i.index(tables * 16);
                    program[i] = byte;
                }
            }
        }
        match fonts::load(program) {
            Err(reason) => prop_assert!(!reason.is_empty()),
            Ok(face) => {
                let mut profile = common::missouri();
                profile.fonts = FontSet { regular: face, italic: face, semibold: face, bold: face, extrabold: face };
                match factsheet::build(&profile, &Default::default()) {
                    Ok(built) => prop_assert_eq!(common::Pdf::parse(&built.pdf).pages().len(), 1),
                    Err(e) => prop_assert!(!e.to_string().is_empty()),
                }
            }
        }
    }
}

#[test]
fn oversized_profiles_are_refused_with_a_clear_message() {
    let huge = format!("{}\n# {}\n", missouri_source(), "x".repeat(1024 * 1024));
    let errors = factsheet::profile::load_str(Path::new("profiles/big.toml"), &huge).unwrap_err();
    assert!(errors[0].to_string().contains("limited to 1048576 bytes"));
}

#[test]
fn long_texts_overflow_with_a_named_section_not_a_panic() {
    // Under the length limit of one text, over the room of the band.
    let long = "Lorem ipsum dolor sit amet. ".repeat(70);
    let source = missouri_source().replace(
        "Call this state-wide hotline to report incidents of human trafficking.",
        &long,
    );
    let (profile, _) =
        factsheet::profile::load_str(Path::new("profiles/long.toml"), &source).unwrap();
    let error = factsheet::build(&profile, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("hotlines section runs"), "{error}");
    assert!(error.contains("pt past the bottom margin"), "{error}");
}
