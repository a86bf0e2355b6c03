//! Data references: numbers a profile reads from CSV tables instead of
//! writing them inline (a chart's categories and series, a demographic
//! group's counts, the heat map's county values).
//!
//! A reference is resolved into the inline values it stands for before the
//! profile is deserialized, so what is read is checked exactly like values
//! written in the TOML. Each table is read through the module's one bounded
//! reader, once per [`DataCache`]; problems with a table are located in the
//! CSV file and name the TOML key that asked for the data.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Value;

use super::diagnostic::{did_you_mean, Diagnostic, Severity};
use super::lexical;
use super::load::{locate, read_text, Source, TextFile};
use super::place::Key;
use super::schema::dotted;
use crate::rules::MAX_VALUE;

/// A chart's categories and series, read from a CSV table.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartData {
    /// The CSV file (with a header row), relative to the file that names it.
    pub file: String,
    /// Only rows whose columns hold these values are read: column = value.
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, String>,
    /// The column of the categories, one per row.
    pub categories: String,
    /// Rows in file order, or sorted by category.
    #[serde(default)]
    pub order: RowOrder,
    /// One series per column.
    pub series: Vec<SeriesColumn>,
}

/// A series of a chart and the column it is read from.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesColumn {
    /// The series' name, as printed in the legend.
    pub name: String,
    pub column: String,
}

/// A demographic group's items, read from a CSV table: one per row.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountData {
    /// The CSV file (with a header row), relative to the file that names it.
    pub file: String,
    /// Only rows whose columns hold these values are read: column = value.
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, String>,
    /// The column of the items' labels.
    pub labels: String,
    /// The column of the counts (whole numbers).
    pub counts: String,
}

/// The heat map's county values, read from a CSV table: one county per row.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountyData {
    /// The CSV file (with a header row), relative to the file that names it.
    pub file: String,
    /// Only rows whose columns hold these values are read: column = value.
    #[serde(default, rename = "where")]
    pub filter: BTreeMap<String, String>,
    /// The column of county names or 5-digit FIPS codes.
    pub counties: String,
    /// The column of the values.
    pub values: String,
}

/// The order of the rows read.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RowOrder {
    /// As they stand in the file.
    #[default]
    File,
    /// By category, numbers by value (years oldest first), text A to Z.
    Ascending,
    /// By category, the other way.
    Descending,
}

/// CSV tables already read, shared by the profiles of one batch so that a
/// table every sheet names is read once. A new cache reads files afresh.
#[derive(Debug, Clone, Default)]
pub struct DataCache {
    tables: Arc<Mutex<HashMap<PathBuf, Arc<Table>>>>,
    reads: Arc<AtomicUsize>,
}

impl DataCache {
    /// How many files this cache has read from disk.
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::Relaxed)
    }

    /// The table at `path`, read on first use.
    fn table(&self, path: &Path) -> Result<Arc<Table>, Box<Diagnostic>> {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let cached = |tables: &Mutex<HashMap<PathBuf, Arc<Table>>>| {
            let tables = tables.lock().unwrap_or_else(|e| e.into_inner());
            tables.get(&key).cloned()
        };
        if let Some(table) = cached(&self.tables) {
            return Ok(table);
        }
        let text = read_text(path, &DATA_FILE)?;
        self.reads.fetch_add(1, Ordering::Relaxed);
        let table = Arc::new(Table::parse(path, text)?);
        let mut tables = self.tables.lock().unwrap_or_else(|e| e.into_inner());
        tables.insert(key, Arc::clone(&table));
        Ok(table)
    }
}

const DATA_FILE: TextFile = TextFile {
    what: "a data file",
    expected: "give the path of a CSV file saved on disk",
};

/// A parsed CSV file: its header and rows, with where each row starts.
#[derive(Debug)]
struct Table {
    text: String,
    headers: Vec<String>,
    /// Byte offset of the header row.
    header_at: usize,
    rows: Vec<Row>,
}

#[derive(Debug)]
struct Row {
    fields: Vec<String>,
    /// Byte offset of the row in the file.
    at: usize,
}

impl Table {
    /// Parses `text`; lines starting with `#` are notes, not rows.
    fn parse(path: &Path, text: String) -> Result<Self, Box<Diagnostic>> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let located = |e: csv::Error| {
            let at = e.position().map(|p| p.byte() as usize);
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("this row has {len} fields; the header has {expected_len}"),
                _ => e.to_string(),
            };
            Box::new(
                Diagnostic::at(Severity::Error, path, &text, at.map(|a| a..a + 1), message)
                    .with_help("give every row as many comma-separated fields as the header"),
            )
        };
        let header = reader.headers().map_err(located)?.clone();
        // The header's record carries no position: it is the first line
        // that is neither a note nor blank, as the reader skips those.
        let mut offset = 0;
        let mut header_at = 0;
        for line in text.split_inclusive('\n') {
            if !line.starts_with('#') && !line.trim().is_empty() {
                header_at = offset;
                break;
            }
            offset += line.len();
        }
        let headers = header.iter().map(|h| h.trim().to_string()).collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(located)?;
            rows.push(Row {
                at: record.position().map_or(0, |p| p.byte() as usize),
                fields: record.iter().map(str::to_string).collect(),
            });
        }
        Ok(Self {
            text,
            headers,
            header_at,
            rows,
        })
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The byte range of field `column` of the row starting at `at`:
    /// fields are found in turn along the row, so a value that also
    /// appears in an earlier field is not mistaken for it.
    fn field_span(&self, at: usize, fields: &[String], column: usize) -> std::ops::Range<usize> {
        let mut cursor = at;
        for (i, field) in fields.iter().enumerate().take(column + 1) {
            let start = self.text[cursor..]
                .find(field.as_str())
                .map_or(cursor, |offset| cursor + offset);
            if i == column {
                return start..start + field.len().max(1);
            }
            cursor = start + field.len();
        }
        at..at + 1
    }
}

/// One row read: its key (category, label or county) and its numbers.
struct Selected {
    key: String,
    values: Vec<Value>,
}

/// What a reference asks of a table, with the TOML keys that ask it.
struct Request<'a> {
    /// The reference's table, e.g. `charts[0].data`.
    at: Vec<Key>,
    file: &'a str,
    filter: &'a BTreeMap<String, String>,
    /// The key column's name and the TOML key naming it.
    key: (&'a str, &'static str),
    /// The value columns: name and the TOML key path (under `at`) naming it.
    values: Vec<(&'a str, Vec<Key>)>,
    /// Values must be whole numbers (counts).
    whole: bool,
}

/// Resolves every data reference of `merged` into inline values. Gives
/// the data files named (each joined to the folder of the file naming it),
/// or those and every problem found.
pub(super) fn resolve(
    merged: &mut toml::Table,
    chain: &[Source],
    cache: &DataCache,
) -> Result<Vec<PathBuf>, (Vec<PathBuf>, Vec<Diagnostic>)> {
    let mut reader = Reader {
        chain,
        cache,
        files: Vec::new(),
        errors: Vec::new(),
    };
    if let Some(Value::Array(charts)) = merged.get_mut("charts") {
        for (i, chart) in charts.iter_mut().enumerate() {
            let Value::Table(chart) = chart else { continue };
            reader.chart(chart, i);
        }
    }
    let groups = merged
        .get_mut("demographics")
        .and_then(|d| d.get_mut("groups"))
        .and_then(Value::as_array_mut);
    for (i, group) in groups.into_iter().flatten().enumerate() {
        let Value::Table(group) = group else { continue };
        reader.group(group, i);
    }
    if let Some(Value::Table(heat_map)) = merged.get_mut("heat_map") {
        reader.heat_map(heat_map);
    }
    if reader.errors.is_empty() {
        Ok(reader.files)
    } else {
        Err((reader.files, reader.errors))
    }
}

struct Reader<'a> {
    chain: &'a [Source],
    cache: &'a DataCache,
    files: Vec<PathBuf>,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn chart(&mut self, chart: &mut toml::Table, i: usize) {
        let at: Vec<Key> = vec!["charts".into(), i.into(), "data".into()];
        let Some(data) = self.reference::<ChartData>(chart, &at, &["categories", "series"]) else {
            return;
        };
        let values = data
            .series
            .iter()
            .enumerate()
            .map(|(s, series)| {
                let path = vec!["series".into(), s.into(), "column".into()];
                (series.column.as_str(), path)
            })
            .collect();
        let request = Request {
            at,
            file: &data.file,
            filter: &data.filter,
            key: (&data.categories, "categories"),
            values,
            whole: false,
        };
        let Some(mut rows) = self.select(&request) else {
            return;
        };
        sort(&mut rows, data.order);
        let categories = rows.iter().map(|r| Value::String(r.key.clone())).collect();
        let series = data
            .series
            .iter()
            .enumerate()
            .map(|(s, series)| {
                let mut table = toml::Table::new();
                table.insert("name".into(), Value::String(series.name.clone()));
                let values = rows.iter().map(|r| r.values[s].clone()).collect();
                table.insert("values".into(), Value::Array(values));
                Value::Table(table)
            })
            .collect();
        chart.insert("categories".into(), Value::Array(categories));
        chart.insert("series".into(), Value::Array(series));
    }

    fn group(&mut self, group: &mut toml::Table, i: usize) {
        let at: Vec<Key> = vec![
            "demographics".into(),
            "groups".into(),
            i.into(),
            "data".into(),
        ];
        let Some(data) = self.reference::<CountData>(group, &at, &["items"]) else {
            return;
        };
        let request = Request {
            at,
            file: &data.file,
            filter: &data.filter,
            key: (&data.labels, "labels"),
            values: vec![(&data.counts, vec!["counts".into()])],
            whole: true,
        };
        let Some(rows) = self.select(&request) else {
            return;
        };
        let items = rows
            .into_iter()
            .map(|row| {
                let mut item = toml::Table::new();
                item.insert("label".into(), Value::String(row.key));
                item.insert("count".into(), row.values[0].clone());
                Value::Table(item)
            })
            .collect();
        group.insert("items".into(), Value::Array(items));
    }

    fn heat_map(&mut self, heat_map: &mut toml::Table) {
        let at: Vec<Key> = vec!["heat_map".into(), "data".into()];
        let Some(data) = self.reference::<CountyData>(heat_map, &at, &["counties"]) else {
            return;
        };
        let request = Request {
            at,
            file: &data.file,
            filter: &data.filter,
            key: (&data.counties, "counties"),
            values: vec![(&data.values, vec!["values".into()])],
            whole: false,
        };
        let Some(rows) = self.select(&request) else {
            return;
        };
        let counties = rows
            .into_iter()
            .map(|row| (row.key, row.values[0].clone()))
            .collect();
        heat_map.insert("counties".into(), Value::Table(counties));
    }

    /// The reference under `data` of `table`, when there is one; an error
    /// when `table` also writes what it reads (`inline`).
    fn reference<T: for<'de> Deserialize<'de>>(
        &mut self,
        table: &toml::Table,
        at: &[Key],
        inline: &[&str],
    ) -> Option<T> {
        let value = table.get("data")?;
        if let Some(both) = inline.iter().find(|key| table.contains_key(**key)) {
            let error = self.at_key(
                at,
                format!("`{both}` is written here and read from `data` too"),
                format!("keep `data` and remove `{both}`, or remove `data` to write the values"),
            );
            self.errors.push(error);
            return None;
        }
        // The schema check has accepted the table, so this does not fail
        // on a profile; still, a failure is reported rather than ignored.
        match T::deserialize(value.clone()) {
            Ok(reference) => Some(reference),
            Err(e) => {
                let error = self.at_key(at, e.to_string(), "see README, \"Data tables\"".into());
                self.errors.push(error);
                None
            }
        }
    }

    /// A message at the TOML key `path`, in the file of the chain that writes it.
    fn at_key(&self, path: &[Key], message: String, help: String) -> Diagnostic {
        let place = locate(self.chain, path);
        let source = &self.chain[place.as_ref().map_or(0, |p| p.file)];
        source
            .diagnostic(Severity::Error, place.map(|p| p.span), message)
            .with_help(help)
    }

    /// "`charts[0].data.series[1].column` (profiles/x.toml:12:5)": the key
    /// that asked, and where it is written.
    fn asked_by(&self, path: &[Key]) -> String {
        let at = self.at_key(path, String::new(), String::new());
        format!(
            "`{}` ({}:{}:{})",
            dotted(path),
            at.file.display(),
            at.line,
            at.column
        )
    }

    /// The rows `request` asks for, each with its key and numbers; `None`
    /// when the table cannot give them (the problems are recorded).
    fn select(&mut self, request: &Request<'_>) -> Option<Vec<Selected>> {
        let key_path = |tail: &[Key]| [&request.at[..], tail].concat();
        let file_key = key_path(&["file".into()]);
        let writer = locate(self.chain, &file_key).map_or(0, |p| p.file);
        let base = self.chain[writer].path.parent().unwrap_or(Path::new(""));
        let path = lexical(&base.join(request.file));
        if !self.files.contains(&path) {
            self.files.push(path.clone());
        }
        let table = match self.cache.table(&path) {
            Ok(table) => table,
            Err(problem) if problem.line == 0 => {
                let error = self.at_key(
                    &file_key,
                    format!(
                        "cannot use data file `{}`: {}",
                        request.file, problem.message
                    ),
                    format!(
                        "the path is relative to this file; it resolves to {}",
                        path.display()
                    ),
                );
                self.errors.push(error);
                return None;
            }
            Err(problem) => {
                let asked = self.asked_by(&file_key);
                let help = problem.help.clone().unwrap_or_default();
                self.errors
                    .push(problem.with_help(format!("{help}; the data is read for {asked}")));
                return None;
            }
        };
        let mut missing = false;
        let mut column = |name: &str, asked: Vec<Key>| {
            let found = table.column(name);
            if found.is_none() {
                let names: Vec<&str> = table.headers.iter().map(String::as_str).collect();
                let header = Diagnostic::at(
                    Severity::Error,
                    &path,
                    &table.text,
                    Some(table.header_at..table.header_at + 1),
                    "",
                );
                let hint = match did_you_mean(name, &names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the columns are: {}", names.join(", ")),
                };
                let error = self.at_key(
                    &asked,
                    format!("{}:{} has no column `{name}`", path.display(), header.line),
                    hint,
                );
                self.errors.push(error);
                missing = true;
            }
            found.unwrap_or_default()
        };
        let filter: Vec<(usize, &str)> = request
            .filter
            .iter()
            .map(|(name, value)| {
                let asked = key_path(&["where".into(), Key::Owned(name.clone())]);
                (column(name, asked), value.as_str())
            })
            .collect();
        let key_column = column(request.key.0, key_path(&[request.key.1.into()]));
        let value_columns: Vec<usize> = request
            .values
            .iter()
            .map(|(name, asked)| column(name, key_path(asked)))
            .collect();
        if missing {
            return None;
        }

        let matching: Vec<&Row> = table
            .rows
            .iter()
            .filter(|row| {
                filter
                    .iter()
                    .all(|(column, value)| row.fields[*column].trim() == *value)
            })
            .collect();
        if matching.is_empty() {
            let conditions: Vec<String> = request
                .filter
                .iter()
                .map(|(name, value)| format!("{name} = \"{value}\""))
                .collect();
            let message = match conditions.is_empty() {
                true => format!("{} has no rows", path.display()),
                false => format!(
                    "no row of {} has {}",
                    path.display(),
                    conditions.join(" and ")
                ),
            };
            let asked = match request.filter.is_empty() {
                true => file_key,
                false => key_path(&["where".into()]),
            };
            let error = self.at_key(
                &asked,
                message,
                "check the values in `where` against the file's rows".into(),
            );
            self.errors.push(error);
            return None;
        }

        let mut selected: Vec<Selected> = Vec::with_capacity(matching.len());
        let mut first_at: HashMap<&str, usize> = HashMap::new();
        for row in matching {
            let key = row.fields[key_column].trim();
            if let Some(first) = first_at.insert(key, row.at) {
                let first = table.text[..first].matches('\n').count() + 1;
                let span = table.field_span(row.at, &row.fields, key_column);
                let asked = self.asked_by(&key_path(&[request.key.1.into()]));
                self.errors.push(
                    Diagnostic::at(
                        Severity::Error,
                        &path,
                        &table.text,
                        Some(span),
                        format!("`{key}` is here and on line {first}: each row read must have its own {}", request.key.1),
                    )
                    .with_help(format!(
                        "narrow `where` so one row is read per {}, or remove the duplicate; the data is read for {asked}",
                        request.key.1
                    )),
                );
                continue;
            }
            let mut values = Vec::with_capacity(value_columns.len());
            for (&column, (_, asked)) in value_columns.iter().zip(&request.values) {
                let cell = row.fields[column].trim();
                match number(cell, request.whole) {
                    Ok(value) => values.push(value),
                    Err(problem) => {
                        let span = table.field_span(row.at, &row.fields, column);
                        let asked = self.asked_by(&key_path(asked));
                        let error = Diagnostic::at(
                            Severity::Error,
                            &path,
                            &table.text,
                            Some(span),
                            format!("`{cell}` in column `{}` {problem}", table.headers[column]),
                        )
                        .with_help(format!(
                            "write a number from 0 to {MAX_VALUE}{} in this cell; the data is read for {asked}",
                            if request.whole { ", whole" } else { "" }
                        ));
                        self.errors.push(error);
                    }
                }
            }
            if values.len() == value_columns.len() {
                selected.push(Selected {
                    key: key.to_string(),
                    values,
                });
            }
        }
        Some(selected)
    }
}

/// A cell as a TOML number: whole numbers as integers. The domain is the
/// one inline values have: 0 to [`MAX_VALUE`], finite.
fn number(cell: &str, whole: bool) -> Result<Value, &'static str> {
    let n: f64 = cell.parse().map_err(|_| "is not a number")?;
    if !n.is_finite() {
        return Err("is not a number the sheet can print");
    }
    if !(0.0..=MAX_VALUE).contains(&n) {
        return Err("is outside the allowed range");
    }
    if n.fract() == 0.0 {
        Ok(Value::Integer(n as i64))
    } else if whole {
        Err("is not a whole number")
    } else {
        Ok(Value::Float(n))
    }
}

/// Sorts rows by key: numerically when every key is a number, else as text.
fn sort(rows: &mut [Selected], order: RowOrder) {
    if order == RowOrder::File {
        return;
    }
    let numbers: Option<Vec<f64>> = rows.iter().map(|r| r.key.trim().parse().ok()).collect();
    match numbers {
        Some(_) => rows.sort_by(|a, b| {
            let n = |r: &Selected| r.key.trim().parse::<f64>().unwrap_or_default();
            n(a).total_cmp(&n(b))
        }),
        None => rows.sort_by(|a, b| a.key.cmp(&b.key)),
    }
    if order == RowOrder::Descending {
        rows.reverse();
    }
}
