//! Comparing two sets of sheets for review: `factsheet diff OLD NEW`.
//!
//! Profiles are paired by file stem, as `build` names its PDFs. Each pair is
//! laid out (nothing is written as PDF) and the two Frames are compared in
//! two ways that need no knowledge of where things sit on the page: the
//! words of the page in reading order (the structure tree's order), which
//! names what changed ("Female 330 → 331"); and the drawn items as a whole,
//! which finds what moved or was redrawn and where, for the marked image.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::export::png::{self, PngError};
use crate::fnv::Fnv;
use crate::frame::{Content, Frame, Rect, Rgb, TextRun};
use crate::layout;
use crate::profile::{self, Diagnostic};

/// What to compare and where the results go.
#[derive(Debug, Clone)]
pub struct Request {
    /// Profiles or folders of them, before and after.
    pub old: Vec<PathBuf>,
    pub new: Vec<PathBuf>,
    /// Folder for the side-by-side images of changed sheets; none without it.
    pub out_dir: Option<PathBuf>,
    /// Where to write the Markdown summary.
    pub markdown: Option<PathBuf>,
    /// Resolution of the images.
    pub dpi: u32,
    pub layout: layout::Options,
}

/// The outcome of a whole `diff`: every sheet, by file stem.
#[derive(Debug)]
pub struct Comparison {
    pub sheets: Vec<Sheet>,
    /// Profiles that failed to build, with their located errors.
    pub trouble: Vec<Diagnostic>,
}

/// One sheet named by its file stem, on one or both sides.
#[derive(Debug)]
pub struct Sheet {
    pub name: String,
    pub old: Option<PathBuf>,
    pub new: Option<PathBuf>,
    pub status: Status,
    /// The side-by-side image, when one was written.
    pub image: Option<PathBuf>,
}

#[derive(Debug)]
pub enum Status {
    Same,
    Added,
    Removed,
    Changed(Box<Changed>),
    /// One side did not build (see [`Comparison::trouble`]).
    Failed,
}

/// A sheet on both sides whose pages differ.
#[derive(Debug)]
pub struct Changed {
    pub changes: Changes,
    pub old: Frame,
    pub new: Frame,
}

/// How two pages differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    /// Text changes in reading order.
    pub texts: Vec<TextChange>,
    /// Items drawn differently that no text change accounts for: layout
    /// that moved, chart bars and map shading that changed.
    pub moved: usize,
    /// Where the pages differ, in points, on the old page and on the new.
    pub old_regions: Vec<Rect>,
    pub new_regions: Vec<Rect>,
}

/// Words that changed, with the words just before them on the old page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    pub context: String,
    pub old: String,
    pub new: String,
}

impl fmt::Display for TextChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.context.is_empty() {
            write!(f, "{} ", self.context)?;
        }
        match (self.old.is_empty(), self.new.is_empty()) {
            (false, false) => write!(f, "{} → {}", self.old, self.new),
            (true, _) => write!(f, "+ {}", self.new),
            (_, true) => write!(f, "− {}", self.old),
        }
    }
}

/// Exit statuses, as diff(1) has them.
pub const SAME: u8 = 0;
pub const DIFFERENT: u8 = 1;
pub const TROUBLE: u8 = 2;

impl Comparison {
    /// [`SAME`], [`DIFFERENT`] or, when any profile failed, [`TROUBLE`].
    pub fn exit_status(&self) -> u8 {
        if !self.trouble.is_empty()
            || self
                .sheets
                .iter()
                .any(|s| matches!(s.status, Status::Failed))
        {
            TROUBLE
        } else if self.sheets.iter().all(|s| matches!(s.status, Status::Same)) {
            SAME
        } else {
            DIFFERENT
        }
    }

    /// The summary for a pull request or `$GITHUB_STEP_SUMMARY`: a line of
    /// counts, then a table per sheet that is not the same, with a link to
    /// its image relative to the Markdown file's folder `base`.
    pub fn markdown(&self, base: &Path) -> String {
        let mut md = String::from("## Fact sheet changes\n\n");
        let _ = writeln!(md, "{}\n", self.counts());
        for sheet in &self.sheets {
            let title = |what: &str| format!("### `{}`: {what}\n\n", sheet.name);
            match &sheet.status {
                Status::Same => {}
                Status::Added => md.push_str(&title("added")),
                Status::Removed => md.push_str(&title("removed")),
                Status::Failed => md.push_str(&title("does not build (see the log)")),
                Status::Changed(changed) => {
                    md.push_str(&title("changed"));
                    if let Some(image) = &sheet.image {
                        let link = image.strip_prefix(base).unwrap_or(image);
                        let _ = writeln!(
                            md,
                            "[Old and new side by side, changes marked]({})\n",
                            link.display().to_string().replace(' ', "%20")
                        );
                    }
                    md.push_str("| where | old | new |\n|---|---|---|\n");
                    for text in &changed.changes.texts {
                        let _ = writeln!(
                            md,
                            "| {} | {} | {} |",
                            cell(&text.context),
                            cell(&text.old),
                            cell(&text.new)
                        );
                    }
                    if changed.changes.moved > 0 {
                        let _ = writeln!(md, "| layout | | {} |", moved_text(&changed.changes));
                    }
                    md.push('\n');
                }
            }
        }
        md
    }

    fn counts(&self) -> String {
        let count = |f: fn(&Status) -> bool| self.sheets.iter().filter(|s| f(&s.status)).count();
        let mut parts = vec![format!(
            "{} changed",
            count(|s| matches!(s, Status::Changed(_)))
        )];
        for (n, what) in [
            (count(|s| matches!(s, Status::Added)), "added"),
            (count(|s| matches!(s, Status::Removed)), "removed"),
            (count(|s| matches!(s, Status::Failed)), "failed"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        parts.push(format!("{} the same", count(|s| matches!(s, Status::Same))));
        format!("{} sheets: {}.", self.sheets.len(), parts.join(", "))
    }
}

/// The report printed on the terminal: each sheet that is not the same,
/// what changed on it, and the counts.
impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for sheet in &self.sheets {
            let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
            match &sheet.status {
                Status::Same => {}
                Status::Added => writeln!(
                    f,
                    "{}: added ({})",
                    sheet.name,
                    path(&sheet.new).unwrap_or_default()
                )?,
                Status::Removed => writeln!(
                    f,
                    "{}: removed ({})",
                    sheet.name,
                    path(&sheet.old).unwrap_or_default()
                )?,
                Status::Failed => writeln!(f, "{}: does not build", sheet.name)?,
                Status::Changed(changed) => {
                    write!(f, "{}: changed", sheet.name)?;
                    if let Some(image) = &sheet.image {
                        write!(f, " ({})", image.display())?;
                    }
                    writeln!(f)?;
                    for text in &changed.changes.texts {
                        writeln!(f, "  {text}")?;
                    }
                    if changed.changes.moved > 0 {
                        writeln!(f, "  layout: {}", moved_text(&changed.changes))?;
                    }
                }
            }
        }
        write!(f, "{}", self.counts())
    }
}

fn moved_text(changes: &Changes) -> String {
    let items = if changes.moved == 1 { "item" } else { "items" };
    if changes.texts.is_empty() {
        format!(
            "{} {items} moved or redrawn, no text changed",
            changes.moved
        )
    } else {
        format!("{} other {items} moved or redrawn", changes.moved)
    }
}

/// Text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Compares the sheets of `request.old` and `request.new`, writes the
/// images and the Markdown summary it asks for. An error here (a path that
/// does not exist, two profiles with one stem, an image that cannot be
/// written) stops the comparison; a profile that does not build is
/// reported in [`Comparison::trouble`] and the others are still compared.
pub fn run(request: &Request) -> Result<Comparison, Box<Diagnostic>> {
    let old = by_stem(&request.old)?;
    let new = by_stem(&request.new)?;
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    let compared: Vec<(Sheet, Vec<Diagnostic>)> = names
        .par_iter()
        .map(|name| compare_sheet(name, old.get(*name), new.get(*name), request.layout))
        .collect();
    let mut comparison = Comparison {
        sheets: Vec::new(),
        trouble: Vec::new(),
    };
    for (sheet, trouble) in compared {
        comparison.sheets.push(sheet);
        comparison.trouble.extend(trouble);
    }
    if let Some(dir) = &request.out_dir {
        crate::batch::prepare_out_dir(dir)?;
        for sheet in &mut comparison.sheets {
            let Status::Changed(changed) = &sheet.status else {
                continue;
            };
            let path = dir.join(format!("{}.png", sheet.name));
            let bytes = image(changed, request.dpi)
                .map_err(|e| Diagnostic::file_error(&path, e.to_string()))?;
            crate::export::write_atomic(&path, &bytes).map_err(|e| {
                Diagnostic::file_error(&path, format!("cannot write the image: {e}"))
            })?;
            sheet.image = Some(path);
        }
    }
    if let Some(path) = &request.markdown {
        let base = path.parent().unwrap_or(Path::new(""));
        std::fs::create_dir_all(if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        })
        .and_then(|()| crate::export::write_atomic(path, comparison.markdown(base).as_bytes()))
        .map_err(|e| Diagnostic::file_error(path, format!("cannot write the summary: {e}")))?;
    }
    Ok(comparison)
}

/// The profiles named by `paths`, by file stem; two with one stem are
/// refused, since `build` could not name both their PDFs either.
fn by_stem(paths: &[PathBuf]) -> Result<BTreeMap<String, PathBuf>, Box<Diagnostic>> {
    let mut found = BTreeMap::new();
    for path in crate::batch::discover(paths)? {
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if let Some(other) = found.insert(stem, path.clone()) {
            return Err(Box::new(
                Diagnostic::file_error(
                    &path,
                    format!(
                        "{} has the same file stem; sheets are paired by it",
                        other.display()
                    ),
                )
                .with_help("compare folders whose profiles have different file names"),
            ));
        }
    }
    Ok(found)
}

fn compare_sheet(
    name: &str,
    old: Option<&PathBuf>,
    new: Option<&PathBuf>,
    options: layout::Options,
) -> (Sheet, Vec<Diagnostic>) {
    let mut trouble = Vec::new();
    let mut frame = |path: Option<&PathBuf>| {
        let path = path?;
        match lay_out(path, options) {
            Ok(frame) => Some(Ok(frame)),
            Err(diagnostics) => {
                trouble.extend(diagnostics);
                Some(Err(()))
            }
        }
    };
    let (old_frame, new_frame) = (frame(old), frame(new));
    let status = match (old_frame, new_frame) {
        (Some(Err(())), _) | (_, Some(Err(()))) => Status::Failed,
        (Some(Ok(old)), Some(Ok(new))) => match compare(&old, &new) {
            None => Status::Same,
            Some(changes) => Status::Changed(Box::new(Changed { changes, old, new })),
        },
        (None, Some(Ok(_))) => Status::Added,
        (Some(Ok(_)), None) => Status::Removed,
        (None, None) => Status::Same,
    };
    let sheet = Sheet {
        name: name.to_string(),
        old: old.cloned(),
        new: new.cloned(),
        status,
        image: None,
    };
    (sheet, trouble)
}

/// Loads and lays out a profile; its errors (warnings do not count here).
fn lay_out(path: &Path, options: layout::Options) -> Result<Frame, Vec<Diagnostic>> {
    let (profile, _warnings) = profile::load(path)?;
    layout::layout(&profile, options)
        .map(|sheet| sheet.frame)
        .map_err(|e| vec![crate::batch::layout_diagnostic(path, &profile, &e)])
}

/// How `new` differs from `old`, or `None` when they draw the same page.
pub fn compare(old: &Frame, new: &Frame) -> Option<Changes> {
    if old == new {
        return None;
    }
    let old_words = words(old);
    let new_words = words(new);
    let hunks = diff_words(&old_words, &new_words);
    let texts = hunks
        .iter()
        .map(|hunk| TextChange {
            context: context(&old_words, hunk.old.start),
            old: join(&old_words[hunk.old.clone()]),
            new: join(&new_words[hunk.new.clone()]),
        })
        .collect();
    // Runs holding changed words account for their own redrawing.
    let touched = |words: &[Word], side: fn(&Hunk) -> std::ops::Range<usize>| {
        let mut items: Vec<usize> = hunks
            .iter()
            .flat_map(|h| words[side(h)].iter().map(|w| w.item))
            .collect();
        items.sort_unstable();
        items.dedup();
        items
    };
    let old_touched = touched(&old_words, |h| h.old.clone());
    let new_touched = touched(&new_words, |h| h.new.clone());
    let (only_old, only_new) = unmatched_items(old, new);
    let moved = only_old
        .iter()
        .filter(|i| old_touched.binary_search(i).is_err())
        .count()
        .max(
            only_new
                .iter()
                .filter(|i| new_touched.binary_search(i).is_err())
                .count(),
        );
    Some(Changes {
        texts,
        moved,
        old_regions: regions(old, &only_old),
        new_regions: regions(new, &only_new),
    })
}

/// A word of the page and the item (a text run) it is in.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    item: usize,
}

fn join(words: &[Word]) -> String {
    words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
}

/// The page's words in reading order: runs by their structure node's place
/// in the tree (depth first, children in the order added), and within a node
/// in painting order. Decoration (no node) reads where it is painted.
fn words(frame: &Frame) -> Vec<Word<'_>> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); frame.nodes.len()];
    for (id, node) in frame.nodes.iter().enumerate() {
        if let Some(parent) = node.parent {
            children[parent].push(id);
        }
    }
    let mut order = vec![0; frame.nodes.len()];
    let mut stack = vec![Frame::ROOT];
    let mut next = 0;
    while let Some(id) = stack.pop() {
        order[id] = next;
        next += 1;
        stack.extend(children[id].iter().rev());
    }
    let mut runs: Vec<(usize, usize, &TextRun)> = Vec::new();
    let mut last = 0;
    for (i, item) in frame.items.iter().enumerate() {
        if let Some(node) = item.node {
            last = order[node];
        }
        if let Content::Text(run) = &item.content {
            runs.push((last, i, run));
        }
    }
    runs.sort_by_key(|&(place, i, _)| (place, i));
    runs.into_iter()
        .flat_map(|(_, item, run)| {
            run.text
                .split_whitespace()
                .map(move |text| Word { text, item })
        })
        .collect()
}

/// A run of words that differ: a range of the old words and of the new.
#[derive(Debug, Clone, PartialEq)]
struct Hunk {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// Above this many cells the word table is not built and everything
/// between the common start and end is one change (a rewritten sheet).
const MAX_TABLE: usize = 16_000_000;

/// The changed stretches between two word lists (longest common
/// subsequence, after cutting the common start and end).
fn diff_words(old: &[Word], new: &[Word]) -> Vec<Hunk> {
    let same = |i: usize, j: usize| old[i].text == new[j].text;
    let mut start = 0;
    while start < old.len() && start < new.len() && same(start, start) {
        start += 1;
    }
    let mut end = 0;
    while end < old.len() - start && end < new.len() - start {
        if !same(old.len() - 1 - end, new.len() - 1 - end) {
            break;
        }
        end += 1;
    }
    let (n, m) = (old.len() - start - end, new.len() - start - end);
    if n == 0 && m == 0 {
        return Vec::new();
    }
    if (n + 1) * (m + 1) > MAX_TABLE {
        return vec![Hunk {
            old: start..start + n,
            new: start..start + m,
        }];
    }
    // lcs[i][j]: common words of old[start+i..] and new[start+j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if same(start + i, start + j) {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut hunks: Vec<Hunk> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<Hunk> = None;
    while i < n || j < m {
        if i < n && j < m && same(start + i, start + j) {
            hunks.extend(open.take());
            i += 1;
            j += 1;
            continue;
        }
        let hunk = open.get_or_insert(Hunk {
            old: start + i..start + i,
            new: start + j..start + j,
        });
        if j < m && (i == n || lcs[i * width + j + 1] >= lcs[(i + 1) * width + j]) {
            j += 1;
            hunk.new.end = start + j;
        } else {
            i += 1;
            hunk.old.end = start + i;
        }
    }
    hunks.extend(open);
    hunks
}

/// The words before old word `at` that share its run, or the whole run
/// before it (a chart's label before its count): what the change is of.
fn context(words: &[Word], at: usize) -> String {
    const MOST: usize = 6;
    let Some(before) = at.checked_sub(1) else {
        return String::new();
    };
    let item = words[before].item;
    let first = words[..=before]
        .iter()
        .rposition(|w| w.item != item)
        .map_or(0, |i| i + 1);
    let from = first.max((before + 1).saturating_sub(MOST));
    let mut text = join(&words[from..=before]);
    if from > first {
        text.insert_str(0, "… ");
    }
    text
}

/// Items of each page with no equal item on the other (as many times as
/// they occur), by index.
fn unmatched_items(old: &Frame, new: &Frame) -> (Vec<usize>, Vec<usize>) {
    let mut pending: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, item) in old.items.iter().enumerate().rev() {
        pending.entry(item_key(&item.content)).or_default().push(i);
    }
    let mut only_new = Vec::new();
    for (j, item) in new.items.iter().enumerate() {
        let matched = pending
            .get_mut(&item_key(&item.content))
            .and_then(|same| same.pop());
        if matched.is_none() {
            only_new.push(j);
        }
    }
    let mut only_old: Vec<usize> = pending.into_values().flatten().collect();
    only_old.sort_unstable();
    (only_old, only_new)
}

/// A hash of what an item draws and where.
fn item_key(content: &Content) -> u64 {
    struct Hasher(Fnv);
    impl fmt::Write for Hasher {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut hasher = Hasher(Fnv::new());
    let _ = write!(hasher, "{content:?}");
    hasher.0.finish()
}

/// The areas of `items`, widened a little and merged where they touch.
fn regions(frame: &Frame, items: &[usize]) -> Vec<Rect> {
    const MARGIN: f32 = 2.0;
    let mut rects: Vec<Rect> = items
        .iter()
        .map(|&i| {
            let r = Frame::bounds(&frame.items[i].content);
            Rect::new(
                r.x - MARGIN,
                r.y - MARGIN,
                r.width + 2.0 * MARGIN,
                r.height + 2.0 * MARGIN,
            )
        })
        .collect();
    let mut merged = true;
    while merged {
        merged = false;
        let mut out: Vec<Rect> = Vec::with_capacity(rects.len());
        for r in rects {
            match out.iter_mut().find(|o| o.overlaps(&r)) {
                Some(o) => {
                    *o = o.union(&r);
                    merged = true;
                }
                None => out.push(r),
            }
        }
        rects = out;
    }
    rects
}

/// The colour changed regions are marked in.
const MARK: Rgb = Rgb(220, 38, 38);
/// Pixels between the old page and the new.
const GUTTER: u32 = 24;

/// The old page and the new side by side, each changed region outlined.
pub fn image(changed: &Changed, dpi: u32) -> Result<Vec<u8>, PngError> {
    use tiny_skia::{Color, PathBuilder, PixmapPaint, Stroke, Transform};
    let old = png::render(&changed.old, dpi)?;
    let new = png::render(&changed.new, dpi)?;
    let width = old.width() + GUTTER + new.width();
    let height = old.height().max(new.height());
    let mut canvas = tiny_skia::Pixmap::new(width, height).ok_or(PngError::Size { dpi })?;
    canvas.fill(Color::from_rgba8(200, 200, 200, 255));
    let scale = dpi as f32 / 72.0;
    for (page, regions, left) in [
        (&old, &changed.changes.old_regions, 0),
        (&new, &changed.changes.new_regions, old.width() + GUTTER),
    ] {
        let offset = left as f32;
        canvas.draw_pixmap(
            left as i32,
            0,
            page.as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            None,
        );
        for r in regions {
            let Some(rect) = tiny_skia::Rect::from_xywh(
                offset + r.x * scale,
                r.y * scale,
                r.width * scale,
                r.height * scale,
            ) else {
                continue;
            };
            let outline = PathBuilder::from_rect(rect);
            canvas.fill_path(
                &outline,
                &png::paint(MARK, 40),
                tiny_skia::FillRule::Winding,
                Transform::identity(),
                None,
            );
            let stroke = Stroke {
                width: 2.0,
                ..Stroke::default()
            };
            canvas.stroke_path(
                &outline,
                &png::paint(MARK, 255),
                &stroke,
                Transform::identity(),
                None,
            );
        }
    }
    png::encode(&canvas)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(text: &str) -> Vec<Word<'_>> {
        text.split_whitespace()
            .enumerate()
            .map(|(item, text)| Word { text, item })
            .collect()
    }

    fn changes(old: &str, new: &str) -> Vec<(String, String)> {
        let (a, b) = (list(old), list(new));
        diff_words(&a, &b)
            .into_iter()
            .map(|h| (join(&a[h.old]), join(&b[h.new])))
            .collect()
    }

    #[test]
    fn a_changed_word_is_one_hunk_of_its_own() {
        assert_eq!(
            changes("Gender Female 330 Male 20", "Gender Female 331 Male 20"),
            [("330".to_string(), "331".to_string())]
        );
    }

    #[test]
    fn insertions_deletions_and_two_changes_apart() {
        assert_eq!(
            changes("a b c d e", "a x c d e f"),
            [
                ("b".to_string(), "x".to_string()),
                (String::new(), "f".to_string())
            ]
        );
        assert_eq!(changes("a b c", "a c"), [("b".to_string(), String::new())]);
        assert!(changes("same words", "same words").is_empty());
    }

    #[test]
    fn a_whole_rewrite_past_the_table_limit_is_one_change() {
        let old: String = (0..5000).map(|i| format!("o{i} ")).collect();
        let new: String = (0..5000).map(|i| format!("n{i} ")).collect();
        let hunks = changes(&old, &new);
        assert_eq!(hunks.len(), 1);
        assert!(hunks[0].0.starts_with("o0 o1") && hunks[0].1.ends_with("n4999"));
    }

    #[test]
    fn a_change_reads_as_context_old_arrow_new() {
        let change = TextChange {
            context: "Female".to_string(),
            old: "330".to_string(),
            new: "331".to_string(),
        };
        assert_eq!(change.to_string(), "Female 330 → 331");
    }
}
