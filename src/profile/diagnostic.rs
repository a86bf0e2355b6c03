//! Located messages about a profile, printed in the style of rustc:
//! `file:line:col`, the offending line with a caret, what is wrong, and how
//! to fix it.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Whether a message stops the sheet from being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    /// Does not stop the build unless `--strict` is given.
    Warning,
}

/// One message about a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; 0 when the message is about the file as a whole.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    /// One line: control characters in it are escaped.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The source line (or the part of a long line around the problem) and
    /// the byte range within it that is wrong.
    pub excerpt: Option<(String, Range<usize>)>,
    /// Whether the excerpt starts after the beginning of its line.
    pub excerpt_cut: bool,
}

/// How many messages one profile gets; past this, one more says how many
/// were left out. Each message costs a scan of its file, so the cap keeps
/// a file with a million wrong values as cheap to report as its size.
pub const MAX_DIAGNOSTICS: usize = 50;

/// How many bytes of a long line are shown on each side of a problem.
const WINDOW: usize = 120;

impl Diagnostic {
    /// A message about the whole file (it could not be read, say).
    pub fn file_error(file: &Path, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: escape_controls(&message.into()),
            help: None,
            excerpt: None,
            excerpt_cut: false,
        }
    }

    /// A message pointing at `span` (byte offsets) of `source`.
    pub fn at(
        severity: Severity,
        file: &Path,
        source: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        let mut diagnostic = Self::file_error(file, message);
        diagnostic.severity = severity;
        if let Some(span) = span {
            let start = floor_char_boundary(source, span.start.min(source.len()));
            let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = source[start..]
                .find('\n')
                .map_or(source.len(), |i| start + i);
            let line_text = source[line_start..line_end].trim_end_matches('\r');
            diagnostic.line = source[..start].matches('\n').count() + 1;
            diagnostic.column = source[line_start..start].chars().count() + 1;
            let end = floor_char_boundary(source, span.end.clamp(start, line_end));
            // A long line (a list of a million values) is cut to a window
            // around the span: rendering copies and measures what it shows.
            let line_text = &line_text
                [..floor_char_boundary(line_text, line_text.len().min(end - line_start + WINDOW))];
            let cut = floor_char_boundary(line_text, (start - line_start).saturating_sub(WINDOW));
            let line_text = &line_text[cut..];
            let from = (start - line_start - cut).min(line_text.len());
            let to = (end - line_start - cut).clamp(from, line_text.len());
            diagnostic.excerpt = Some((line_text.to_string(), from..to));
            diagnostic.excerpt_cut = cut > 0;
        }
        diagnostic
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(escape_controls(&help.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `text` with control characters escaped (`\n` for a line break), so a
/// message quoting a value stays on one line.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_control() {
            out.extend(ch.escape_default());
        } else {
            out.push(ch);
        }
    }
    out
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = escape_controls(&self.file.display().to_string());
        let title = level.primary_title(self.message.as_str());
        let origin = Origin::path(path.as_str());
        let mut group = match &self.excerpt {
            // The column of a cut excerpt is not the column in the file, so
            // the file position is given apart from it.
            Some((line, range)) if self.excerpt_cut => title
                .element(origin.line(self.line).char_column(self.column))
                .element(
                    Snippet::source(line.as_str())
                        .line_start(self.line)
                        .annotation(AnnotationKind::Primary.span(range.clone())),
                ),
            Some((line, range)) => title.element(
                Snippet::source(line.as_str())
                    .line_start(self.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(range.clone())),
            ),
            None => title.element(origin),
        };
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        write!(f, "{}", Renderer::plain().render(&[group]))
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a
/// likely misspelling.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column_with_a_caret() {
        let source = "schema = 1\nstate = 42\n";
        let d = Diagnostic::at(
            Severity::Error,
            Path::new("p.toml"),
            source,
            Some(19..21),
            "expected a string",
        )
        .with_help("put the name in quotes");
        assert_eq!((d.line, d.column), (2, 9));
        let text = d.to_string();
        assert!(text.starts_with("error: expected a string"), "{text}");
        assert!(text.contains("--> p.toml:2:9"), "{text}");
        assert!(text.contains("2 | state = 42\n  |         ^^"), "{text}");
        assert!(text.contains("help: put the name in quotes"), "{text}");
    }

    #[test]
    fn a_long_line_is_shown_around_the_problem_with_its_real_column() {
        // Multi-byte characters around it: the window never splits one.
        let source = format!(
            "keywords = [{}\"x\", {}]\n",
            "0, ".repeat(10_000),
            "\"é\", ".repeat(200)
        );
        let at = source.find("\"x\"").unwrap();
        let d = Diagnostic::at(
            Severity::Error,
            Path::new("p.toml"),
            &source,
            Some(at..at + 3),
            "expected a number",
        );
        assert_eq!((d.line, d.column), (1, at + 1));
        let (excerpt, range) = d.excerpt.clone().unwrap();
        assert!(excerpt.len() <= 2 * WINDOW + 3, "{}", excerpt.len());
        assert_eq!(&excerpt[range], "\"x\"");
        let text = d.to_string();
        assert!(text.contains(&format!("p.toml:1:{}", at + 1)), "{text}");
        assert!(text.len() < 1000, "{text}");
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["collaborations", "resources", "funding"];
        assert_eq!(did_you_mean("colaborations", &keys), Some("collaborations"));
        assert_eq!(did_you_mean("xyz", &keys), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
