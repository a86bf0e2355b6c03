//! The profile's JSON Schema, and checking TOML against it.
//!
//! The schema is generated from the serde types (schemars), so it is the one
//! description of the format: `factsheet schema` prints it for editors,
//! `factsheet.schema.json` ships it (a test keeps the two equal), and
//! [`check`] walks a parsed file against the shipped copy, compiled in
//! (cut down by build.rs to the keywords it reads), to report every
//! unknown key, wrong type and missing field at once (serde stops at the
//! first).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;
use toml::Value;

use super::diagnostic::{did_you_mean, MAX_DIAGNOSTICS};
use super::place::Key;
use super::Profile;

/// The JSON Schema of a profile, generated from the types (what
/// `factsheet schema` prints and `factsheet.schema.json` holds).
pub fn json_schema() -> Json {
    serde_json::to_value(schemars::schema_for!(Profile)).unwrap_or(Json::Null)
}

/// `factsheet.schema.json` cut down by build.rs to the keywords [`Node`]
/// reads, without whitespace.
const CHECKED: &str = include_str!(concat!(env!("OUT_DIR"), "/checked.schema.json"));

/// The schema profiles are checked against: `factsheet.schema.json`
/// (a test keeps the file equal to [`json_schema`]), compiled in as
/// [`CHECKED`] and read once per process, its names borrowed from the
/// text. Generating the schema cost a fresh process four times as much,
/// and a JSON value tree twice as much and slower lookups.
fn shipped() -> &'static Node {
    static SCHEMA: std::sync::OnceLock<Node> = std::sync::OnceLock::new();
    // The text is compiled in and read by every test that checks a
    // profile, so a failure here is a build defect, not a user error.
    SCHEMA.get_or_init(|| serde_json::from_str(CHECKED).expect("the checked schema reads"))
}

/// A schema, or a subschema, with the keywords [`check`] uses; the
/// others (descriptions, defaults) are skipped when it is read. build.rs
/// keeps the same list (a test compares the trees read from its output
/// and from the full file).
#[derive(Debug, Deserialize, PartialEq)]
struct Node {
    #[serde(rename = "$ref")]
    reference: Option<&'static str>,
    /// The named subschemas `$ref`s point at (in the root only). Boxed,
    /// like `properties`: a map's node has room for 11 values, and most
    /// tables have a few keys.
    #[serde(rename = "$defs", default)]
    definitions: BTreeMap<&'static str, Box<Node>>,
    #[serde(rename = "anyOf")]
    any_of: Option<Vec<Node>>,
    #[serde(rename = "type")]
    types: Option<Types>,
    #[serde(rename = "enum")]
    allowed: Option<Vec<&'static str>>,
    properties: Option<BTreeMap<&'static str, Box<Node>>>,
    #[serde(rename = "additionalProperties")]
    additional: Option<Additional>,
    #[serde(default)]
    required: Vec<&'static str>,
    items: Option<Box<Node>>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    #[serde(rename = "maxItems")]
    max_items: Option<u64>,
    format: Option<&'static str>,
}

/// `type`: one name or a list of them.
#[derive(Debug, PartialEq)]
enum Types {
    One(&'static str),
    Many(Vec<&'static str>),
}

/// `additionalProperties`: allowed or not, or the schema of their values.
#[derive(Debug, PartialEq)]
enum Additional {
    Allowed(bool),
    Values(Box<Node>),
}

// `Types` and `Additional` are read by the JSON's own kind of value. An
// untagged derive would do the same by buffering each value and trying
// one variant after the other, formatting an error for each miss: a
// fifth of the time the schema takes to read.
impl<'de: 'static> Deserialize<'de> for Types {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Kind;
        impl<'de: 'static> Visitor<'de> for Kind {
            type Value = Types;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type name or a list of them")
            }
            fn visit_borrowed_str<E>(self, name: &'static str) -> Result<Types, E> {
                Ok(Types::One(name))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, names: A) -> Result<Types, A::Error> {
                Deserialize::deserialize(SeqAccessDeserializer::new(names)).map(Types::Many)
            }
        }
        deserializer.deserialize_any(Kind)
    }
}

impl<'de: 'static> Deserialize<'de> for Additional {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Kind;
        impl<'de: 'static> Visitor<'de> for Kind {
            type Value = Additional;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or a schema")
            }
            fn visit_bool<E>(self, allowed: bool) -> Result<Additional, E> {
                Ok(Additional::Allowed(allowed))
            }
            fn visit_map<A: MapAccess<'de>>(self, schema: A) -> Result<Additional, A::Error> {
                Node::deserialize(MapAccessDeserializer::new(schema))
                    .map(|node| Additional::Values(Box::new(node)))
            }
        }
        deserializer.deserialize_any(Kind)
    }
}

/// What kind of misfit a [`Mismatch`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misfit {
    UnknownKey,
    WrongType,
    Missing,
}

/// One place where a TOML table does not fit the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub misfit: Misfit,
    /// Where: for an unknown or missing key, the table that holds it.
    pub path: Vec<Key>,
    /// The key itself: an unknown one (messages point at it) or a missing one.
    pub key: Option<String>,
    pub message: String,
    pub help: String,
}

/// The mismatches found in a table: the first [`MAX_DIAGNOSTICS`] of them,
/// and how many more there were.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mismatches {
    pub list: Vec<Mismatch>,
    pub unlisted: usize,
}

/// Every mismatch between `table` and the profile schema. With `partial`,
/// missing required keys are not reported (a base file, or one file of a
/// chain, need not be complete on its own). Past [`MAX_DIAGNOSTICS`] they
/// are only counted, so a list of a million wrong values costs no more
/// memory than a few.
pub fn check(table: &toml::Table, partial: bool) -> Mismatches {
    check_against(shipped(), table, partial)
}

/// [`check`] against a given schema (tests compare the cut-down one with
/// the full one).
fn check_against(schema: &Node, table: &toml::Table, partial: bool) -> Mismatches {
    let mut walker = Walker {
        root: schema,
        partial,
        out: Mismatches::default(),
    };
    walker.object(table, schema, &mut Vec::new());
    walker.out
}

struct Walker<'a> {
    root: &'a Node,
    partial: bool,
    out: Mismatches,
}

impl<'a> Walker<'a> {
    fn push(&mut self, mismatch: Mismatch) {
        if self.out.list.len() < MAX_DIAGNOSTICS {
            self.out.list.push(mismatch);
        } else {
            self.out.unlisted += 1;
        }
    }

    /// Follows `$ref`s and unwraps "T or null" to T.
    fn resolve(&self, mut schema: &'a Node) -> &'a Node {
        loop {
            if let Some(reference) = &schema.reference {
                let name = reference.rsplit('/').next().unwrap_or_default();
                match self.root.definitions.get(name) {
                    Some(target) => schema = target,
                    None => return schema,
                }
                continue;
            }
            if let Some(options) = &schema.any_of {
                let non_null: Vec<&Node> = options
                    .iter()
                    .filter(|o| !matches!(&o.types, Some(Types::One("null"))))
                    .collect();
                if non_null.len() == 1 {
                    schema = non_null[0];
                    continue;
                }
            }
            return schema;
        }
    }

    fn object(&mut self, table: &toml::Table, schema: &'a Node, path: &mut Vec<Key>) {
        let schema = self.resolve(schema);
        let properties = schema.properties.as_ref();
        for (key, value) in table {
            path.push(Key::Owned(key.clone()));
            match properties.and_then(|p| p.get(key.as_str())) {
                Some(property) => self.value(value, property, path),
                None => match &schema.additional {
                    Some(Additional::Allowed(false)) => {
                        path.pop();
                        let names: Vec<&str> = properties
                            .into_iter()
                            .flat_map(|p| p.keys().copied())
                            .collect();
                        let help = match did_you_mean(key, &names) {
                            Some(close) => format!("did you mean `{close}`?"),
                            None => format!("the keys allowed here are: {}", names.join(", ")),
                        };
                        self.push(Mismatch {
                            misfit: Misfit::UnknownKey,
                            path: path.clone(),
                            key: Some(key.clone()),
                            message: format!("unknown key `{key}`{}", where_(path)),
                            help,
                        });
                        continue;
                    }
                    Some(Additional::Values(item)) => self.value(value, item, path),
                    _ => {}
                },
            }
            path.pop();
        }
        if self.partial {
            return;
        }
        for required in &schema.required {
            if !table.contains_key(*required) {
                self.push(Mismatch {
                    misfit: Misfit::Missing,
                    path: path.clone(),
                    key: Some(required.to_string()),
                    message: format!("missing `{required}`{}", where_(path)),
                    help: format!(
                        "add `{required} = …`{} (see README, \"The profile format\")",
                        where_(path)
                    ),
                });
            }
        }
    }

    fn value(&mut self, value: &Value, schema: &'a Node, path: &mut Vec<Key>) {
        let schema = self.resolve(schema);
        if let Some(allowed) = &schema.allowed {
            let fits = value.as_str().is_some_and(|s| allowed.contains(&s));
            if !fits {
                let names: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
                self.mismatch(path, value, &format!("one of {}", names.join(", ")));
            }
            return;
        }
        let types: &[&str] = match &schema.types {
            Some(Types::One(t)) => std::slice::from_ref(t),
            Some(Types::Many(ts)) => ts,
            None => return,
        };
        let fits = types.iter().any(|t| {
            matches!(
                (*t, value),
                ("string", Value::String(_))
                    | ("integer", Value::Integer(_))
                    | ("number", Value::Integer(_) | Value::Float(_))
                    | ("boolean", Value::Boolean(_))
                    | ("array", Value::Array(_))
                    | ("object", Value::Table(_))
            )
        });
        if !fits {
            let expected = types
                .iter()
                .filter(|t| **t != "null")
                .map(|t| describe(t))
                .collect::<Vec<_>>()
                .join(" or ");
            self.mismatch(path, value, &expected);
            return;
        }
        self.bounds(value, schema, path);
        match value {
            Value::Table(table) => self.object(table, schema, path),
            Value::Array(items) => {
                if let Some(item_schema) = &schema.items {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Key::Index(i));
                        self.value(item, item_schema, path);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    /// The schema's `minimum`/`maximum` of numbers (a `uint32` has its own
    /// maximum) and `maxItems` of lists, so a value out of range is located
    /// here rather than failing later, unlocated, in serde or the drawing.
    fn bounds(&mut self, value: &Value, schema: &Node, path: &[Key]) {
        let maximum = schema
            .maximum
            .or_else(|| (schema.format == Some("uint32")).then_some(f64::from(u32::MAX)));
        let (message, help) = match value {
            Value::Integer(_) | Value::Float(_) => {
                let n = match value {
                    Value::Integer(n) => *n as f64,
                    _ => value.as_float().unwrap_or_default(),
                };
                // Past 10^16 a float prints hundreds of digits: use its exponent.
                let written = match value {
                    Value::Integer(n) => n.to_string(),
                    _ if n.abs() >= 1e16 => format!("{n:e}"),
                    _ => n.to_string(),
                };
                let range = match (schema.minimum, maximum) {
                    (Some(min), Some(max)) => format!("use a number from {min} to {max}"),
                    (Some(min), None) => format!("use a number from {min} up"),
                    (None, Some(max)) => format!("use a number up to {max}"),
                    (None, None) => return,
                };
                if !n.is_finite() {
                    (
                        format!("{written} is not a number the sheet can print"),
                        range,
                    )
                } else if schema.minimum.is_some_and(|min| n < min) {
                    (
                        format!("{written} is below the smallest allowed value"),
                        range,
                    )
                } else if maximum.is_some_and(|max| n > max) {
                    (
                        format!("{written} is above the largest allowed value"),
                        range,
                    )
                } else {
                    return;
                }
            }
            Value::Array(items) => match schema.max_items {
                Some(max) if items.len() as u64 > max => (
                    format!(
                        "this list has {} entries; at most {max} are allowed",
                        items.len()
                    ),
                    format!("keep at most {max} entries; a one-page sheet has room for no more"),
                ),
                _ => return,
            },
            _ => return,
        };
        self.push(Mismatch {
            misfit: Misfit::WrongType,
            path: path.to_vec(),
            key: None,
            message,
            help,
        });
    }

    fn mismatch(&mut self, path: &[Key], value: &Value, expected: &str) {
        self.push(Mismatch {
            misfit: Misfit::WrongType,
            path: path.to_vec(),
            key: None,
            message: format!("expected {expected}, found {}", describe(value.type_str())),
            help: format!("this value must be {expected}"),
        });
    }
}

/// " in [demographics]" for messages; empty at the top level.
fn where_(path: &[Key]) -> String {
    if path.is_empty() {
        return String::new();
    }
    format!(" in `{}`", dotted(path))
}

/// A key path as written in messages: `charts[0].series`.
pub(super) fn dotted(path: &[Key]) -> String {
    let mut out = String::new();
    for key in path {
        match key {
            Key::Name(name) => push_name(&mut out, name),
            Key::Owned(name) => push_name(&mut out, name),
            Key::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn push_name(out: &mut String, name: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(name);
}

fn describe(kind: &str) -> &str {
    match kind {
        "string" => "text in quotes",
        "integer" => "a whole number",
        "number" | "float" => "a number",
        "boolean" => "true or false",
        "array" => "a list [ … ]",
        "object" | "table" => "a table",
        "datetime" => "a date",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> toml::Table {
        s.parse().unwrap()
    }

    #[test]
    fn reports_every_unknown_key_and_wrong_type_at_once() {
        let table = parse(
            "schema = 1\nstat = \"x\"\n[venues]\nsex = \"one\"\nlabr = []\n[demographics]\nheading = 3\n",
        );
        let found = check(&table, true).list;
        let messages: Vec<&str> = found.iter().map(|m| m.message.as_str()).collect();
        assert!(messages.contains(&"unknown key `stat`"), "{messages:?}");
        assert!(
            messages.contains(&"unknown key `labr` in `venues`"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"expected a list [ … ], found text in quotes"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"expected text in quotes, found a whole number"),
            "{messages:?}"
        );
        let stat = found
            .iter()
            .find(|m| m.key.as_deref() == Some("stat"))
            .unwrap();
        assert_eq!(stat.help, "did you mean `state`?");
    }

    #[test]
    fn missing_keys_are_reported_unless_partial() {
        let table = parse("schema = 1\n");
        assert!(check(&table, true).list.is_empty());
        let missing = check(&table, false).list;
        assert!(missing.iter().any(|m| m.message == "missing `state`"));
        assert!(missing.iter().any(|m| m.message == "missing `hotlines`"));
    }

    #[test]
    fn chart_kinds_are_checked_against_the_enum() {
        let table =
            parse("[[charts]]\ntitle = \"t\"\nkind = \"donnut\"\ncategories = []\nseries = []\n");
        let found = check(&table, true).list;
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("\"donut\""), "{found:?}");
    }
}

#[cfg(test)]
mod shipped {
    use super::*;

    const FULL: &str = include_str!("../../factsheet.schema.json");

    /// The schema file shipped for editors must match the types.
    #[test]
    fn factsheet_schema_json_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/factsheet.schema.json");
        let expected = serde_json::to_string_pretty(&super::json_schema()).unwrap() + "\n";
        let shipped = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            shipped == expected,
            "factsheet.schema.json is stale: run `cargo run -- schema > factsheet.schema.json`"
        );
    }

    /// build.rs keeps its own list of the keywords [`Node`] reads: if it
    /// dropped one the shipped schema uses, the trees would differ.
    #[test]
    fn the_checked_schema_reads_as_the_full_one() {
        let full: Node = serde_json::from_str(FULL).unwrap();
        assert_eq!(shipped(), &full);
        assert!(CHECKED.len() < FULL.len() / 3, "{}", CHECKED.len());
    }

    /// Every kind of misfit is found against the embedded schema, as it
    /// is against the full one.
    #[test]
    fn the_checked_schema_finds_what_the_full_one_finds() {
        let full: Node = serde_json::from_str(FULL).unwrap();
        let categories = vec!["\"c\""; 41].join(", ");
        let cases = [
            ("stat = \"Missouri\"", "unknown key `stat`"),
            ("[venues]\nlabr = []", "unknown key `labr` in `venues`"),
            ("state = 3", "expected text in quotes, found a whole number"),
            ("[[charts]]\nsource = 3", "expected text in quotes, found"),
            ("[[charts]]\nkind = \"donnut\"", "expected one of \"bar\""),
            (
                "[heat_map.counties]\nBoone = \"x\"",
                "expected a number, found",
            ),
            (
                "[[charts]]\n[[charts.series]]\nvalues = [-1]",
                "-1 is below",
            ),
            (
                "[[charts]]\n[[charts.series]]\nvalues = [1e16]",
                "1e16 is above",
            ),
            ("schema = 4294967296", "4294967296 is above"),
            (
                &format!("[[charts]]\ncategories = [{categories}]"),
                "41 entries",
            ),
            ("schema = 1", "missing `state`"),
        ];
        for (source, expected) in cases {
            let table: toml::Table = source.parse().unwrap();
            let found = check(&table, false);
            assert!(
                found.list.iter().any(|m| m.message.contains(expected)),
                "{source}: {found:?}"
            );
            assert_eq!(found, check_against(&full, &table, false), "{source}");
        }
    }
}
