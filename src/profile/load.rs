//! Reading a profile (and the bases it `extends`) into a [`Profile`], with
//! every problem located in the file it comes from.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use serde::Deserialize;
use toml_edit::{ImDocument, Item, Value};

use super::diagnostic::{Diagnostic, Severity};
use super::schema::{self, Misfit};
use super::validate::Place;
use super::{validate, Profile, ThemeFonts};
use crate::fonts::{self, Face, FontSet};

/// Profiles larger than this are refused: no real sheet comes near it, and it
/// keeps a stray data file from being parsed as one.
pub const MAX_PROFILE_BYTES: u64 = 1024 * 1024;

/// How many bases may stand behind one profile.
const MAX_EXTENDS_DEPTH: usize = 8;

/// What loading gives: the profile and its warnings, or every error found.
pub type Loaded = Result<(Profile, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Reads, parses and validates the profile at `path`.
pub fn load(path: &Path) -> Loaded {
    let source = read(path).map_err(|d| vec![*d])?;
    load_str(path, &source)
}

/// True when the file at `path` is a base: shared parts for profiles that
/// `extends` it, with no `state` of its own nor from a base it extends, so
/// not a sheet by itself.
pub fn is_base(path: &Path) -> bool {
    let mut path = path.to_path_buf();
    for _ in 0..=MAX_EXTENDS_DEPTH {
        let Some(table) = read(&path)
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
        else {
            return false;
        };
        if table.contains_key("state") {
            return false;
        }
        match table.get("extends").and_then(toml::Value::as_str) {
            Some(base) => path = path.parent().unwrap_or(Path::new("")).join(base),
            None => return true,
        }
    }
    false
}

fn read(path: &Path) -> Result<String, Box<Diagnostic>> {
    let cannot_read =
        |e: std::io::Error| Box::new(Diagnostic::file_error(path, format!("cannot read: {e}")));
    let metadata = std::fs::metadata(path).map_err(cannot_read)?;
    if metadata.len() > MAX_PROFILE_BYTES {
        return Err(Box::new(
            Diagnostic::file_error(
                path,
                format!(
                    "the file is {} bytes; profiles are limited to {MAX_PROFILE_BYTES} bytes",
                    metadata.len()
                ),
            )
            .with_help("is this the right file? a profile is a short TOML file"),
        ));
    }
    let bytes = std::fs::read(path).map_err(cannot_read)?;
    String::from_utf8(bytes).map_err(|e| {
        Box::new(
            Diagnostic::file_error(
                path,
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
            .with_help("save the file as UTF-8"),
        )
    })
}

/// One file of a profile's chain: the profile itself or a base.
struct Source {
    path: PathBuf,
    text: String,
    table: toml::Table,
    locator: Locator,
}

impl Source {
    fn diagnostic(
        &self,
        severity: Severity,
        span: Option<Range<usize>>,
        message: String,
    ) -> Diagnostic {
        Diagnostic::at(severity, &self.path, &self.text, span, message)
    }
}

/// Parses and validates profile text. `path` names it in messages, and a
/// base it `extends` is read relative to it.
pub fn load_str(path: &Path, text: &str) -> Loaded {
    if text.len() as u64 > MAX_PROFILE_BYTES {
        return Err(vec![Diagnostic::file_error(
            path,
            format!(
                "the profile is {} bytes; profiles are limited to {MAX_PROFILE_BYTES} bytes",
                text.len()
            ),
        )]);
    }
    let mut chain = Vec::new();
    let mut errors = Vec::new();
    read_chain(path, text.to_string(), &mut chain, &mut errors);
    if chain.is_empty() {
        return Err(errors);
    }

    // Each file must fit the schema on its own: unknown keys and wrong
    // types are reported in the file that has them.
    for source in &chain {
        for mismatch in schema::check(&source.table, true) {
            let span = match &mismatch.key {
                Some(key) => {
                    let mut key_path = mismatch.path.clone();
                    key_path.push(Key::Owned(key.clone()));
                    source.locator.find(&key_path, true).map(|(span, _)| span)
                }
                None => source
                    .locator
                    .find(&mismatch.path, false)
                    .map(|(span, _)| span),
            };
            errors.push(
                source
                    .diagnostic(Severity::Error, span, mismatch.message)
                    .with_help(mismatch.help),
            );
        }
    }

    // Together they must be complete.
    let merged = chain
        .iter()
        .rev()
        .fold(toml::Table::new(), |merged, source| {
            merge(merged, source.table.clone())
        });
    for mismatch in schema::check(&merged, false) {
        if mismatch.misfit == Misfit::Missing {
            let (file, span) =
                locate(&chain, &mismatch.path).map_or((0, None), |p| (p.file, Some(p.span)));
            errors.push(
                chain[file]
                    .diagnostic(Severity::Error, span, mismatch.message)
                    .with_help(mismatch.help),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut profile = Profile::deserialize(toml::Value::Table(merged))
        .map_err(|e| vec![chain[0].diagnostic(Severity::Error, None, e.to_string())])?;
    if let Some(files) = &profile.theme.fonts {
        profile.fonts = load_fonts(files, &chain)?;
    }

    let diagnostics: Vec<Diagnostic> =
        validate(&profile, &|key_path: &[Key]| locate(&chain, key_path))
            .into_iter()
            .map(|finding| {
                let (file, span) = finding.place.map_or((0, None), |p| (p.file, Some(p.span)));
                let d = chain[file].diagnostic(finding.severity, span, finding.message);
                match finding.help {
                    Some(help) => d.with_help(help),
                    None => d,
                }
            })
            .collect();
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(diagnostics)
    } else {
        Ok((profile, diagnostics))
    }
}

/// Loads the faces `[theme.fonts]` names, each path read relative to the
/// file of the chain that writes it. A role without a file takes another's
/// face: italic the regular, semibold and extrabold the bold, bold the regular.
fn load_fonts(files: &ThemeFonts, chain: &[Source]) -> Result<FontSet, Vec<Diagnostic>> {
    let mut faces: [Option<Face>; 5] = [None; 5];
    let mut errors = Vec::new();
    for (slot, (role, file)) in faces.iter_mut().zip(files.files()) {
        let Some(file) = file else { continue };
        let key_path = [Key::Name("theme"), Key::Name("fonts"), Key::Name(role)];
        let place = locate(chain, &key_path);
        let source = &chain[place.as_ref().map_or(0, |p| p.file)];
        let path = source.path.parent().unwrap_or(Path::new("")).join(file);
        match read_font(&path) {
            Ok(face) => *slot = Some(face),
            Err((problem, help)) => errors.push(
                source
                    .diagnostic(
                        Severity::Error,
                        place.map(|p| p.span),
                        format!("cannot use the {role} font `{file}`: {problem}"),
                    )
                    .with_help(help),
            ),
        }
    }
    let [Some(regular), italic, semibold, bold, extrabold] = faces else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let bold = bold.unwrap_or(regular);
    Ok(FontSet {
        regular,
        italic: italic.unwrap_or(regular),
        semibold: semibold.unwrap_or(bold),
        bold,
        extrabold: extrabold.unwrap_or(bold),
    })
}

/// Reads and loads one font file; on failure, what is wrong and a help line.
///
/// A batch names the same few files in every profile: a file seen before,
/// unchanged (same place, size and modification time), is not read again.
fn read_font(path: &Path) -> Result<Face, (String, String)> {
    static SEEN: Mutex<BTreeMap<(PathBuf, u64, SystemTime), Face>> = Mutex::new(BTreeMap::new());
    let relative = || {
        format!(
            "the path is relative to the file that names it; it resolves to {}",
            path.display()
        )
    };
    let metadata = std::fs::metadata(path).map_err(|e| (e.to_string(), relative()))?;
    if !metadata.is_file() {
        return Err(("it is not a file".to_string(), relative()));
    }
    if metadata.len() > fonts::MAX_FONT_BYTES {
        return Err((
            format!(
                "the file is {} bytes; fonts are limited to {} bytes",
                metadata.len(),
                fonts::MAX_FONT_BYTES
            ),
            "is this the right file?".to_string(),
        ));
    }
    let key = match (path.canonicalize(), metadata.modified()) {
        (Ok(place), Ok(modified)) => Some((place, metadata.len(), modified)),
        _ => None,
    };
    let seen = |key: &_| {
        let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(key).copied()
    };
    if let Some(face) = key.as_ref().and_then(seen) {
        return Ok(face);
    }
    let bytes = std::fs::read(path).map_err(|e| (e.to_string(), relative()))?;
    let face = fonts::load(bytes).map_err(|problem| {
        (
            problem,
            "use a TrueType (.ttf) or OpenType (.otf) file whose licence allows embedding"
                .to_string(),
        )
    })?;
    if let Some(key) = key {
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        seen.insert(key, face);
    }
    Ok(face)
}

/// Parses `text` (from `path`) and the bases it extends into `chain`,
/// profile first. Problems go to `errors`.
fn read_chain(path: &Path, text: String, chain: &mut Vec<Source>, errors: &mut Vec<Diagnostic>) {
    let table = match text.parse::<toml::Table>() {
        Ok(table) => table,
        Err(e) => {
            let message = e.message().trim().to_string();
            errors.push(Diagnostic::at(Severity::Error, path, &text, e.span(), message)
                .with_help("see the TOML syntax at https://toml.io; strings need quotes, tables [brackets]"));
            return;
        }
    };
    let extends = table.get("extends").cloned();
    let locator = Locator::new(&text);
    chain.push(Source {
        path: path.to_path_buf(),
        text,
        table,
        locator,
    });
    let Some(extends) = extends else { return };
    let here = chain.last().expect("just pushed");
    let span = here
        .locator
        .find(&[Key::Name("extends")], false)
        .map(|(s, _)| s);
    let Some(base) = extends.as_str() else {
        return; // The schema check reports the wrong type.
    };
    let base_path = path.parent().unwrap_or(Path::new("")).join(base);
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if chain.iter().any(|source| same(&source.path, &base_path)) {
        let cycle: Vec<String> = chain
            .iter()
            .map(|s| s.path.display().to_string())
            .chain(std::iter::once(base_path.display().to_string()))
            .collect();
        let error = here
            .diagnostic(
                Severity::Error,
                span,
                format!("`extends` makes a cycle: {}", cycle.join(" → ")),
            )
            .with_help(
                "a base must not extend, directly or through others, a profile that extends it",
            );
        errors.push(error);
        return;
    }
    if chain.len() > MAX_EXTENDS_DEPTH {
        let error = here
            .diagnostic(
                Severity::Error,
                span,
                format!("more than {MAX_EXTENDS_DEPTH} bases in a row"),
            )
            .with_help("let the profile extend the shared base directly");
        errors.push(error);
        return;
    }
    match read(&base_path) {
        Ok(base_text) => read_chain(&base_path, base_text, chain, errors),
        Err(problem) => {
            let error = here
                .diagnostic(
                    Severity::Error,
                    span,
                    format!("cannot use base `{base}`: {}", problem.message),
                )
                .with_help(format!(
                    "the path is relative to this file; it resolves to {}",
                    base_path.display()
                ));
            errors.push(error);
        }
    }
}

/// Overlays `over` on `base`: tables merge key by key, anything else
/// (lists included) is replaced.
fn merge(mut base: toml::Table, over: toml::Table) -> toml::Table {
    for (key, value) in over {
        match (base.remove(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => {
                base.insert(key, toml::Value::Table(merge(b, o)));
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
    base
}

/// Where in the chain a key path is written: the file with the deepest
/// match, the profile before its bases on ties.
fn locate(chain: &[Source], path: &[Key]) -> Option<Place> {
    let mut best: Option<(usize, Place)> = None;
    for (file, source) in chain.iter().enumerate() {
        if let Some((span, depth)) = source.locator.find(path, false) {
            if best.as_ref().is_none_or(|(d, _)| depth > *d) {
                best = Some((depth, Place { file, span }));
            }
        }
    }
    best.map(|(_, place)| place)
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

    /// The span of the value at `path` (of its key, with `key_span`), or of
    /// the deepest part of the path found, and how many steps were found.
    fn find(&self, path: &[Key], key_span: bool) -> Option<(Range<usize>, usize)> {
        let document = self.document.as_ref()?;
        let mut at = At::Table(document.as_table());
        let mut best = None;
        let mut depth = 0;
        for (step, key) in path.iter().enumerate() {
            let last = step + 1 == path.len();
            let mut key_found = None;
            let next = match (key, at) {
                (Key::Index(i), At::Tables(array)) => array.get(*i).map(At::Table),
                (Key::Index(i), At::Value(Value::Array(array))) => array.get(*i).map(At::Value),
                (Key::Index(_), _) => None,
                (name, At::Table(table)) => {
                    table.get_key_value(key_str(name)).and_then(|(k, v)| {
                        key_found = k.span();
                        At::from_item(v)
                    })
                }
                (name, At::Value(Value::InlineTable(table))) => {
                    table.get_key_value(key_str(name)).and_then(|(k, v)| {
                        key_found = k.span();
                        At::from_item(v)
                    })
                }
                (_, _) => None,
            };
            let Some(next) = next else { break };
            depth += 1;
            best = if last && key_span {
                key_found.or(next.span()).or(best)
            } else {
                next.span().or(key_found).or(best)
            };
            at = next;
        }
        best.map(|span| (span, depth))
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
