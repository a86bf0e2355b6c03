//! Reading a profile (and the bases it `extends`) into a [`Profile`], with
//! every problem located in the file it comes from.

use std::collections::BTreeMap;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use serde::Deserialize;
use toml_edit::{ImDocument, Item, Value};

use super::data::{self, DataCache};
use super::diagnostic::{escape_controls, Diagnostic, Severity, MAX_DIAGNOSTICS};
use super::place::{Key, Place};
use super::schema::{self, Misfit};
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
    load_with(path, &DataCache::default()).0
}

/// [`load`], reading data tables through `cache`; also gives the data files
/// the profile names (those that could not be read too), so a caller knows
/// what to watch or rebuild on.
pub fn load_with(path: &Path, cache: &DataCache) -> (Loaded, Vec<PathBuf>) {
    match read(path) {
        Ok(source) => load_str_with(path, &source, cache),
        Err(problem) => (Err(vec![*problem]), Vec::new()),
    }
}

/// True when the file at `path` is a base: shared parts for profiles that
/// `extends` it, with no `state` of its own nor from a base it extends, so
/// not a sheet by itself.
pub fn is_base(path: &Path) -> bool {
    let mut path = path.to_path_buf();
    for _ in 0..=MAX_EXTENDS_DEPTH {
        let Ok(text) = read(&path) else {
            return false;
        };
        if states_a_state(&text) {
            return false;
        }
        let Ok(table) = text.parse::<toml::Table>() else {
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

/// Whether the text gives a top-level `state`, read from its part before
/// the first table header (where every top-level key stands) so that a
/// folder of profiles is listed without parsing each whole. False when
/// that part does not parse alone (the cut fell inside a multi-line string
/// or array) or has no `state`: the caller then parses the whole text.
fn states_a_state(text: &str) -> bool {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            break;
        }
        end += line.len();
    }
    text[..end]
        .parse::<toml::Table>()
        .is_ok_and(|table| table.contains_key("state"))
}

/// What kind of text file is read, for the messages when it cannot be.
pub(super) struct TextFile {
    /// "a profile", "a data file".
    pub what: &'static str,
    /// Where to save such a file, for a path that is not a regular file.
    pub expected: &'static str,
}

const PROFILE_FILE: TextFile = TextFile {
    what: "a profile",
    expected: "give the path of a profile (.toml) saved on disk",
};

/// Reads a profile or base file (see [`read_text`]).
fn read(path: &Path) -> Result<String, Box<Diagnostic>> {
    read_text(path, &PROFILE_FILE)
}

/// The one reader of the files a profile names (itself, its bases, its data
/// tables): it refuses anything that is not a regular file (a FIFO would
/// block, a device never end) and reads at most [`MAX_PROFILE_BYTES`] + 1
/// bytes, so no file costs more than the limit.
pub(super) fn read_text(path: &Path, kind: &TextFile) -> Result<String, Box<Diagnostic>> {
    let cannot_read =
        |e: std::io::Error| Box::new(Diagnostic::file_error(path, format!("cannot read: {e}")));
    let file = open_regular(path).map_err(cannot_read)?;
    let metadata = file.metadata().map_err(cannot_read)?;
    if !metadata.is_file() {
        return Err(Box::new(
            Diagnostic::file_error(path, "not a regular file").with_help(kind.expected),
        ));
    }
    // Room for the whole file (and the byte that shows it grew past the
    // limit) takes one read instead of a dozen doubling ones.
    let expected = metadata.len().min(MAX_PROFILE_BYTES) + 1;
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or_default());
    file.take(MAX_PROFILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_PROFILE_BYTES {
        return Err(Box::new(
            Diagnostic::file_error(
                path,
                format!(
                    "the file is over the {MAX_PROFILE_BYTES}-byte limit of {}",
                    kind.what
                ),
            )
            .with_help(format!(
                "is this the right file? {} is a short text file",
                kind.what
            )),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        // The lossy text has the same bytes up to the first invalid one, so
        // the offset gives the line and column.
        Box::new(
            Diagnostic::at(
                Severity::Error,
                path,
                &text,
                Some(at..at + 1),
                "this is not UTF-8 text",
            )
            .with_help("save the file as UTF-8"),
        )
    })
}

/// Opens `path` for reading without blocking on a FIFO, so that the kind of
/// file can be checked on the open handle.
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// One file of a profile's chain: the profile itself or a base.
pub(super) struct Source {
    pub path: PathBuf,
    text: String,
    table: toml::Table,
    locator: Locator,
}

impl Source {
    pub fn diagnostic(
        &self,
        severity: Severity,
        span: Option<Range<usize>>,
        message: String,
    ) -> Diagnostic {
        Diagnostic::at(severity, &self.path, &self.text, span, message)
    }
}

/// Parses and validates profile text. `path` names it in messages, and a
/// base it `extends` (or a data file it names) is read relative to it.
pub fn load_str(path: &Path, text: &str) -> Loaded {
    load_str_with(path, text, &DataCache::default()).0
}

/// [`load_str`] with the data tables read through `cache`, and the data
/// files named.
pub fn load_str_with(path: &Path, text: &str, cache: &DataCache) -> (Loaded, Vec<PathBuf>) {
    let mut data_files = Vec::new();
    let loaded = load_chain(path, text, cache, &mut data_files);
    (loaded, data_files)
}

fn load_chain(path: &Path, text: &str, cache: &DataCache, data_files: &mut Vec<PathBuf>) -> Loaded {
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
    let chain_broken = !errors.is_empty();
    let mut problems = Vec::new();
    let mut unlisted = 0;

    // Each file must fit the schema on its own: unknown keys and wrong
    // types are reported in the file that has them.
    for (file, source) in chain.iter().enumerate() {
        let mismatches = schema::check(&source.table, true);
        unlisted += mismatches.unlisted;
        for mismatch in mismatches.list {
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
            problems.push(Problem::error(file, span, mismatch.message, mismatch.help));
        }
    }

    // Together they must be complete; when a base could not be read, what
    // it would have supplied is not reported missing as well.
    let mut merged = chain
        .iter()
        .rev()
        .fold(toml::Table::new(), |merged, source| {
            merge(merged, source.table.clone())
        });
    if !chain_broken {
        for mismatch in schema::check(&merged, false).list {
            if mismatch.misfit == Misfit::Missing {
                problems.push(missing(&chain, mismatch));
            }
        }
    }
    if !errors.is_empty() || !problems.is_empty() {
        errors.extend(diagnostics(&chain, problems, unlisted));
        return Err(errors);
    }
    match data::resolve(&mut merged, &chain, cache) {
        Ok(files) => *data_files = files,
        Err((files, errors)) => {
            *data_files = files;
            return Err(errors);
        }
    }
    if !data_files.is_empty() {
        // What was read must fit the schema like inline values: as many
        // categories and series as a sheet has room for, say.
        let mismatches = schema::check(&merged, false);
        let problems: Vec<Problem> = mismatches
            .list
            .into_iter()
            .map(|mismatch| {
                let place = locate(&chain, &mismatch.path);
                let (file, span) = place.map_or((0, None), |p| (p.file, Some(p.span)));
                Problem::error(file, span, mismatch.message, mismatch.help)
            })
            .collect();
        if !problems.is_empty() {
            return Err(diagnostics(&chain, problems, mismatches.unlisted));
        }
    }
    let mut profile = Profile::deserialize(toml::Value::Table(merged)).map_err(|e| {
        // The schema check runs first, so this is a defect rather than a
        // mistake in the profile; still, say it on one line.
        let message = escape_controls(&e.to_string());
        vec![chain[0].diagnostic(Severity::Error, None, message)]
    })?;
    if let Some(files) = &profile.theme.fonts {
        profile.fonts = load_fonts(files, &chain)?;
    }

    let findings = validate(&profile, &|key_path: &[Key]| locate(&chain, key_path));
    let problems = findings
        .into_iter()
        .map(|finding| {
            let (file, span) = finding.place.map_or((0, None), |p| (p.file, Some(p.span)));
            Problem {
                severity: finding.severity,
                file,
                span,
                message: finding.message,
                help: finding.help,
            }
        })
        .collect();
    let diagnostics = diagnostics(&chain, problems, 0);
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(diagnostics)
    } else {
        Ok((profile, diagnostics))
    }
}

/// A message about the value at `key_path` of the profile at `path`,
/// pointing at the file of its chain that writes it: for problems found
/// after loading, in laying the sheet out. With an empty path, or when the
/// files cannot be read again, the message is about the profile file.
pub fn diagnostic_at(path: &Path, key_path: &[Key], message: String, help: String) -> Diagnostic {
    let mut chain = Vec::new();
    if let Ok(text) = read(path) {
        read_chain(path, text, &mut chain, &mut Vec::new());
    }
    let place = (!key_path.is_empty())
        .then(|| locate(&chain, key_path))
        .flatten();
    match place {
        Some(place) => chain[place.file].diagnostic(Severity::Error, Some(place.span), message),
        None => Diagnostic::file_error(path, message),
    }
    .with_help(help)
}

/// The files the profile at `path` is made from: itself, the bases it
/// extends, the font files any of them names (each relative to the file
/// naming it) and the data tables it reads, read afresh so that a newly
/// named base, font or table is included.
pub fn files_used(path: &Path) -> Vec<PathBuf> {
    let mut chain = Vec::new();
    if let Ok(text) = read(path) {
        read_chain(path, text, &mut chain, &mut Vec::new());
    }
    let mut files = vec![path.to_path_buf()];
    for source in &chain {
        if source.path != path {
            files.push(source.path.clone());
        }
        let folder = source.path.parent().unwrap_or(Path::new(""));
        let fonts = source
            .table
            .get("theme")
            .and_then(|theme| theme.get("fonts"))
            .and_then(toml::Value::as_table);
        for file in fonts
            .into_iter()
            .flat_map(|f| f.values())
            .filter_map(toml::Value::as_str)
        {
            files.push(folder.join(file));
        }
    }
    // The data tables it reads, also when the profile does not load.
    let (_, tables) = load_with(path, &DataCache::default());
    files.extend(tables);
    files
}

/// A problem with its place in the chain, not yet rendered as a message.
struct Problem {
    severity: Severity,
    file: usize,
    span: Option<Range<usize>>,
    message: String,
    help: Option<String>,
}

impl Problem {
    fn error(file: usize, span: Option<Range<usize>>, message: String, help: String) -> Self {
        Self {
            severity: Severity::Error,
            file,
            span,
            message,
            help: Some(help),
        }
    }
}

/// The first [`MAX_DIAGNOSTICS`] problems as messages, and a last one
/// counting the rest (`unlisted` of them were only counted).
fn diagnostics(chain: &[Source], problems: Vec<Problem>, unlisted: usize) -> Vec<Diagnostic> {
    let left_out = problems.len().saturating_sub(MAX_DIAGNOSTICS) + unlisted;
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .take(MAX_DIAGNOSTICS)
        .map(|problem| {
            let d = chain[problem.file].diagnostic(problem.severity, problem.span, problem.message);
            match problem.help {
                Some(help) => d.with_help(help),
                None => d,
            }
        })
        .collect();
    if let (true, Some(last)) = (left_out > 0, out.last()) {
        let mut more = last.clone();
        more.excerpt = None;
        more.message = format!("{left_out} more problems like the ones above are not shown");
        more.help = Some("fix these, then check the profile again to see the rest".to_string());
        out.push(more);
    }
    out
}

/// A required key no file of the chain gives. A key of a table points at
/// the table; a top-level key at the `extends` line when a base could have
/// given it, else at the last top-level key, where it would go.
fn missing(chain: &[Source], mismatch: schema::Mismatch) -> Problem {
    let place = if mismatch.path.is_empty() {
        let profile = &chain[0].locator;
        let at = match chain.len() {
            1 => profile.last_top_level_value(),
            _ => profile.find(&[Key::Name("extends")], false).map(|(s, _)| s),
        };
        Some(Place {
            file: 0,
            span: at.unwrap_or(0..0),
        })
    } else {
        locate(chain, &mismatch.path)
    };
    let key = mismatch.key.unwrap_or_default();
    let help = match (mismatch.path.is_empty(), chain.len()) {
        (true, 1) => format!("add `{key} = …` with the top-level keys, before the first [table]"),
        (true, _) => format!("add `{key} = …` here, or in the base"),
        _ => mismatch.help,
    };
    let (file, span) = place.map_or((0, None), |p| (p.file, Some(p.span)));
    Problem::error(file, span, mismatch.message, help)
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
    let document = match ImDocument::parse(text.clone()) {
        Ok(document) => document,
        Err(e) => {
            // toml's messages run over several lines ("invalid array\nexpected `]`").
            let lines: Vec<&str> = e.message().lines().map(str::trim).collect();
            let message = lines.join(": ");
            errors.push(Diagnostic::at(Severity::Error, path, &text, e.span(), message)
                .with_help("see the TOML syntax at https://toml.io; strings need quotes, tables [brackets]"));
            return;
        }
    };
    let table = plain_table(document.as_table());
    let extends = table.get("extends").cloned();
    let locator = Locator { document };
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

/// The values of a parsed document without their formatting: the table
/// `toml` would deserialize from the same text, made without parsing the
/// text a second time.
fn plain_table<'a>(entries: impl IntoIterator<Item = (&'a str, &'a Item)>) -> toml::Table {
    entries
        .into_iter()
        .filter_map(|(key, item)| Some((key.to_owned(), plain_item(item)?)))
        .collect()
}

fn plain_item(item: &Item) -> Option<toml::Value> {
    match item {
        Item::None => None,
        Item::Value(value) => Some(plain_value(value)),
        Item::Table(table) => Some(toml::Value::Table(plain_table(table))),
        Item::ArrayOfTables(tables) => Some(toml::Value::Array(
            tables
                .iter()
                .map(|table| toml::Value::Table(plain_table(table)))
                .collect(),
        )),
    }
}

fn plain_value(value: &Value) -> toml::Value {
    match value {
        Value::String(s) => toml::Value::String(s.value().clone()),
        Value::Integer(n) => toml::Value::Integer(*n.value()),
        Value::Float(x) => toml::Value::Float(*x.value()),
        Value::Boolean(b) => toml::Value::Boolean(*b.value()),
        Value::Datetime(d) => toml::Value::Datetime(*d.value()),
        Value::Array(items) => toml::Value::Array(items.iter().map(plain_value).collect()),
        Value::InlineTable(table) => toml::Value::Table(
            table
                .iter()
                .map(|(key, value)| (key.to_owned(), plain_value(value)))
                .collect(),
        ),
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
pub(super) fn locate(chain: &[Source], path: &[Key]) -> Option<Place> {
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

/// Finds where a value sits in the source text, for pointing messages at it.
struct Locator {
    document: ImDocument<String>,
}

impl Locator {
    /// The span of the last key-value pair before the first table, where
    /// another top-level key would go.
    fn last_top_level_value(&self) -> Option<Range<usize>> {
        self.document
            .as_table()
            .iter()
            .filter_map(|(_, item)| item.as_value()?.span())
            .max_by_key(|span| span.end)
    }

    /// The span of the value at `path` (of its key, with `key_span`), or of
    /// the deepest part of the path found, and how many steps were found.
    fn find(&self, path: &[Key], key_span: bool) -> Option<(Range<usize>, usize)> {
        let mut at = At::Table(self.document.as_table());
        let mut best = None;
        let mut depth = 0;
        for (step, key) in path.iter().enumerate() {
            let last = step + 1 == path.len();
            let mut key_found = None;
            let next = match (key, at) {
                (Key::Index(i), At::Tables(array)) => array.get(*i).map(At::Table),
                (Key::Index(i), At::Value(Value::Array(array))) => array.get(*i).map(At::Value),
                (Key::Index(_), _) => None,
                (name, At::Table(table)) => table.get_key_value(name.name()).and_then(|(k, v)| {
                    key_found = k.span();
                    At::from_item(v)
                }),
                (name, At::Value(Value::InlineTable(table))) => {
                    table.get_key_value(name.name()).and_then(|(k, v)| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_read_from_the_keys_before_the_first_table() {
        assert!(states_a_state(
            "schema = 1\nstate = \"Missouri\"\n[venues]\nsex = []\n"
        ));
        assert!(!states_a_state(
            "schema = 1\n[theme]\nstate = \"in a table\"\n"
        ));
        assert!(!states_a_state("schema = 1\n"));
        // A header-like line inside a multi-line string or array cuts the
        // text where it does not parse: the whole text decides.
        let quoted = "intro = \"\"\"\nstate = \"quoted\"\n[quoted]\n\"\"\"\n";
        assert!(!states_a_state(quoted));
        assert!(!states_a_state("xs = [\n[1],\n]\nstate = \"after\"\n"));
    }

    /// Every kind of TOML value, in tables, inline tables and arrays of tables.
    const EVERY_KIND: &str = r#"
title = "A \"quoted\" title"
literal = 'C:\path'
multi = """
two
lines"""
count = 167
hex = 0xff
ratio = 2.5
not_a_number = nan
infinite = -inf
yes = true
when = 1979-05-27T07:32:00-08:00
day = 1979-05-27
dotted.key = "value"
list = [1, 2.0, "three", [4], { five = 5 }]
inline = { a = 1, b = { c = [true, false] } }

[table]
key = "value"

[table.nested]
deeper = 1

[[charts]]
title = "first"

[[charts]]
title = "second"
series = [{ name = "n", values = [1, 2] }]
"#;

    #[test]
    fn a_document_gives_the_table_toml_gives() {
        let shipped = ["profiles/missouri.toml", "profiles/region-vii.toml"]
            .map(|p| std::fs::read_to_string(p).unwrap());
        for text in shipped.iter().map(String::as_str).chain([EVERY_KIND]) {
            let document = ImDocument::parse(text.to_string()).unwrap();
            let expected: toml::Table = text.parse().unwrap();
            // Debug compares NaN with NaN, which == does not.
            assert_eq!(
                format!("{:?}", plain_table(document.as_table())),
                format!("{expected:?}")
            );
        }
    }

    #[test]
    fn syntax_errors_are_toml_s_own() {
        for text in [
            "schema = = 1",
            "a = [1, 2",
            "a = 1\na = 2",
            "[t]\nx = 1\n[t]\ny = 2",
            "s = \"open",
            "k = 1979-13-45",
        ] {
            let ours = ImDocument::parse(text.to_string()).unwrap_err();
            let toml = text.parse::<toml::Table>().unwrap_err();
            assert_eq!(ours.message(), toml.message(), "{text}");
            assert_eq!(ours.span(), toml.span(), "{text}");
        }
    }
}
