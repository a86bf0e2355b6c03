//! Reading a profile file into a [`Profile`], with every problem located.

use std::ops::Range;
use std::path::Path;

use toml_edit::{ImDocument, Item, Value};

use super::diagnostic::{did_you_mean, Diagnostic, Severity};
use super::{validate, Profile};

/// Profiles larger than this are refused: no real sheet comes near it, and it
/// keeps a stray data file from being parsed as one.
pub const MAX_PROFILE_BYTES: u64 = 1024 * 1024;

/// What loading gives: the profile and its warnings, or every error found.
pub type Loaded = Result<(Profile, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Reads, parses and validates the profile at `path`.
pub fn load(path: &Path) -> Loaded {
    let too_big = |size: u64| {
        vec![Diagnostic::file_error(
            path,
            format!(
                "the profile is {size} bytes; profiles are limited to {MAX_PROFILE_BYTES} bytes"
            ),
        )
        .with_help("is this the right file? a profile is a short TOML file")]
    };
    let metadata = std::fs::metadata(path)
        .map_err(|e| vec![Diagnostic::file_error(path, format!("cannot read: {e}"))])?;
    if metadata.len() > MAX_PROFILE_BYTES {
        return Err(too_big(metadata.len()));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::file_error(path, format!("cannot read: {e}"))])?;
    let source = String::from_utf8(bytes).map_err(|e| {
        vec![Diagnostic::file_error(
            path,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_help("save the file as UTF-8")]
    })?;
    load_str(path, &source)
}

/// Parses and validates profile text; `path` is only used in messages.
pub fn load_str(path: &Path, source: &str) -> Loaded {
    let profile: Profile =
        toml::from_str(source).map_err(|e| vec![parse_error(path, source, &e)])?;
    let locator = Locator::new(source);
    let diagnostics = validate(&profile, &|key_path: &[Key]| locator.span(key_path))
        .into_iter()
        .map(|finding| {
            let d = Diagnostic::at(
                finding.severity,
                path,
                source,
                finding.span,
                finding.message,
            );
            match finding.help {
                Some(help) => d.with_help(help),
                None => d,
            }
        })
        .collect::<Vec<_>>();
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(diagnostics)
    } else {
        Ok((profile, diagnostics))
    }
}

/// Turns a toml/serde error into a diagnostic with a help line.
fn parse_error(path: &Path, source: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let help = help_for(&message);
    let d = Diagnostic::at(Severity::Error, path, source, error.span(), message);
    match help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

fn help_for(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect::<Vec<_>>();
        return Some(match did_you_mean(field, &candidates) {
            Some(close) => format!("did you mean `{close}`?"),
            None if candidates.is_empty() => "remove this key".to_string(),
            None => format!("the keys allowed here are: {}", candidates.join(", ")),
        });
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        return Some(format!(
            "add `{field} = …` to this table (see README, \"The profile format\")"
        ));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let expected = rest.split_once("expected ")?.1;
        return Some(format!("use one of {expected}"));
    }
    if message.starts_with("invalid type") {
        let expected = message.split("expected ").nth(1)?;
        return Some(format!("this value must be {expected}"));
    }
    None
}

/// One step of a path into the profile: a table key or an array index.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Name(&'static str),
    /// A key chosen by the author (a county name, say).
    Owned(String),
    Index(usize),
}

impl From<&'static str> for Key {
    fn from(name: &'static str) -> Self {
        Key::Name(name)
    }
}

impl From<usize> for Key {
    fn from(index: usize) -> Self {
        Key::Index(index)
    }
}

/// Finds where a value sits in the source text, for pointing messages at it.
struct Locator {
    document: Option<ImDocument<String>>,
}

impl Locator {
    fn new(source: &str) -> Self {
        Self {
            document: ImDocument::parse(source.to_string()).ok(),
        }
    }

    /// The span of the value at `path`, or of the deepest part of it found.
    fn span(&self, path: &[Key]) -> Option<Range<usize>> {
        let document = self.document.as_ref()?;
        let mut at = At::Table(document.as_table());
        let mut best = None;
        for key in path {
            let next = match (key, at) {
                (Key::Index(i), At::Tables(array)) => array.get(*i).map(At::Table),
                (Key::Index(i), At::Value(Value::Array(array))) => array.get(*i).map(At::Value),
                (Key::Index(_), _) => None,
                (name, At::Table(table)) => {
                    table.get_key_value(key_str(name)).and_then(|(k, v)| {
                        best = k.span().or(best.clone());
                        At::from_item(v)
                    })
                }
                (name, At::Value(Value::InlineTable(table))) => {
                    table.get_key_value(key_str(name)).and_then(|(k, v)| {
                        best = k.span().or(best.clone());
                        At::from_item(v)
                    })
                }
                (_, _) => None,
            };
            let Some(next) = next else { break };
            best = next.span().or(best);
            at = next;
        }
        best
    }
}

/// Where the walk through the document stands.
#[derive(Clone, Copy)]
enum At<'a> {
    Table(&'a toml_edit::Table),
    Tables(&'a toml_edit::ArrayOfTables),
    Value(&'a Value),
}

impl<'a> At<'a> {
    fn from_item(item: &'a Item) -> Option<Self> {
        match item {
            Item::Table(table) => Some(At::Table(table)),
            Item::ArrayOfTables(array) => Some(At::Tables(array)),
            Item::Value(value) => Some(At::Value(value)),
            Item::None => None,
        }
    }

    fn span(self) -> Option<Range<usize>> {
        match self {
            // A table's own span covers its header; values point at themselves.
            At::Table(table) => table.span(),
            At::Tables(array) => array.span(),
            At::Value(value) => value.span(),
        }
    }
}

fn key_str(key: &Key) -> &str {
    match key {
        Key::Name(name) => name,
        Key::Owned(name) => name,
        Key::Index(_) => "",
    }
}
