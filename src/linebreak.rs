//! Line breaking: the one breaker for all text on a sheet, paragraphs and
//! list items (through `layout::text`) as well as chart and map labels
//! (through `fonts::wrap`).
//!
//! Breaks may fall only where the Unicode line breaking algorithm (UAX #14)
//! allows one: after spaces, hyphens, slashes and dashes, between CJK
//! characters, never at a no-break space ("§\u{a0}566.212" stays whole), and
//! always at a line break in the text. Among the breaks that set a paragraph
//! in the fewest lines, it takes those with the most even right edge, and it
//! avoids leaving a short word alone on the last line when a good break
//! exists elsewhere (a minimum-raggedness pass, linear in the length of the
//! text). A word wider than the line is cut between characters as a last
//! resort, so nothing runs past the margin.
//!
//! The breaker measures with the advances its caller gives, one character
//! at a time; it knows no fonts, so the modules that draw text (chart, map,
//! layout) all share it without depending on each other.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

/// One set line: runs of text, one per piece of the paragraph that the line
/// holds, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The paragraph's text, made plain, shared by all its lines: a run is
    /// a range of it rather than a string of its own, as most lines set
    /// are only counted (drafts, trial widths) and never drawn.
    paragraph: Rc<str>,
    /// `(piece index, bytes of the paragraph's text, x offset, width)`.
    runs: Vec<(usize, Range<usize>, f32, f32)>,
    pub width: f32,
}

impl Line {
    /// `(piece index, text, x offset, width)` of each run. Spaces between
    /// runs belong to neither: they are the gaps between the x offsets.
    pub fn runs(&self) -> impl ExactSizeIterator<Item = (usize, &str, f32, f32)> {
        self.runs
            .iter()
            .map(|(piece, bytes, dx, width)| (*piece, &self.paragraph[bytes.clone()], *dx, *width))
    }

    /// The line's text, its runs' text joined by the spaces between them.
    pub fn text(&self) -> String {
        let mut text = String::new();
        let mut x = 0.0;
        for (_, run, dx, width) in self.runs() {
            if dx > x + SPACE_GAP {
                text.push(' ');
            }
            text.push_str(run);
            x = dx + width;
        }
        text
    }
}

/// The memory a paragraph's lines hold, for a memo's bound: each line and
/// its runs, and once the text they share.
pub fn bytes(lines: &[Line]) -> usize {
    let text = lines.first().map_or(0, |line| line.paragraph.len());
    let own = |line: &Line| size_of::<Line>() + size_of_val(line.runs.as_slice());
    text + lines.iter().map(own).sum::<usize>()
}

/// A line fits when it is at most this much (in points) wider than the
/// measure: sums of advances differ in the last bits by the order they are
/// added in, and a label measured to fit must not wrap on that.
const FIT_TOLERANCE: f64 = 0.01;

/// A gap between runs narrower than this is no space (for [`Line::text`]).
const SPACE_GAP: f32 = 1e-3;

/// A last line narrower than this share of the measure reads as a stray
/// word left over from the line above.
const SHORT_LAST_LINE: f64 = 1.0 / 3.0;

/// How much more a short last line weighs than the same gap at the end of
/// another line: enough that moving a word or two down is worth a slightly
/// looser line above, not enough to leave a line above half empty.
const SHORT_LAST_LINE_WEIGHT: f64 = 4.0;

/// A short last line of a single word weighs, on top, as much as a line
/// above left this share of the measure empty: the word gets company from
/// the line above unless that leaves a line above looser than this.
const LONE_WORD_GAP: f64 = 0.5;

/// The most break opportunities one line is looked back over. Only text of
/// zero-width characters reaches it; it keeps such text linear too.
const MAX_SEGMENTS_PER_LINE: usize = 1024;

/// A paragraph made of pieces (its spans, in order), made plain and
/// measured once, with its break opportunities: what does not depend on the
/// size it is set at or the measure. Setting it at another size only sums
/// its advances again.
///
/// Runs of spaces set as one space, and there are none at a line's ends; a
/// line break (`\n`, `\r\n`, U+2028) starts a new line; text of nothing but
/// spaces sets no line.
#[derive(Debug)]
pub struct Measured {
    text: Rc<str>,
    /// Where each piece starts in `text`, and the end of the text last.
    starts: Vec<usize>,
    /// `(b, advance)` for each character, starting at byte `b` of `text`.
    advances: Vec<(usize, f32)>,
    /// The text between break opportunities (without the spaces after
    /// it), before any word too wide for a line is cut.
    words: Vec<Segment>,
    /// Where each character boundary falls at the last few scales it was
    /// set at: one size is set at many widths.
    prefixes: RefCell<Vec<(u32, Rc<[f64]>)>>,
}

/// How many scales a paragraph keeps the boundaries of.
const PREFIXES_KEPT: usize = 4;

impl Measured {
    /// `pieces` with their spacing made plain, measured with `advance(piece,
    /// c)`, the width of character `c` of piece `piece` at one unit of size
    /// (never negative: a line is never narrower than part of it).
    pub fn new(pieces: &[&str], advance: impl Fn(usize, char) -> f32) -> Measured {
        let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
        let mut starts = Vec::with_capacity(pieces.len() + 1);
        // Spacing is written out only before the next visible character,
        // so none is left at either end or around a line break. A space
        // goes to the piece of the word it precedes, as in "visit " + link.
        let mut space = false;
        let mut line_breaks = 0;
        let mut after_cr = false;
        for piece in pieces {
            starts.push(text.len());
            for c in piece.chars() {
                if is_line_break(c) {
                    if !(c == '\n' && after_cr) {
                        line_breaks += 1;
                    }
                    after_cr = c == '\r';
                    continue;
                }
                after_cr = false;
                if is_space(c) {
                    space = true;
                    continue;
                }
                if !text.is_empty() {
                    if line_breaks > 0 {
                        text.extend(std::iter::repeat_n('\n', line_breaks));
                    } else if space {
                        text.push(' ');
                    }
                }
                line_breaks = 0;
                space = false;
                text.push(c);
            }
        }
        starts.push(text.len());
        let mut advances = Vec::with_capacity(text.len());
        let mut piece = 0;
        for (b, c) in text.char_indices() {
            while starts[piece + 1] <= b {
                piece += 1;
            }
            advances.push((b, advance(piece, c)));
        }
        let mut words = Vec::new();
        // The algorithm reports a break at the end even of empty text, which
        // would set one empty line.
        if !text.is_empty() {
            let mut start = 0;
            for (next, opportunity) in linebreaks(&text) {
                words.push(Segment {
                    start,
                    end: start + text[start..next].trim_end_matches([' ', '\n']).len(),
                    ends_block: opportunity == BreakOpportunity::Mandatory || next == text.len(),
                });
                start = next;
            }
        }
        Measured {
            text: text.into(),
            starts,
            advances,
            words,
            prefixes: RefCell::default(),
        }
    }

    /// About how many bytes it takes, with the running widths of as many
    /// sizes as it keeps.
    pub fn footprint(&self) -> usize {
        use std::mem::size_of;
        size_of::<Self>()
            + self.text.len() * (1 + size_of::<f64>() * PREFIXES_KEPT)
            + self.advances.len() * size_of::<(usize, f32)>()
            + self.words.len() * size_of::<Segment>()
            + self.starts.len() * size_of::<usize>()
    }

    /// `x[b]`, the width of `text[..b]` at `scale`, for every character
    /// boundary `b`.
    fn prefix(&self, scale: f32) -> Rc<[f64]> {
        let mut prefixes = self.prefixes.borrow_mut();
        if let Some((_, x)) = prefixes.iter().find(|(s, _)| *s == scale.to_bits()) {
            return Rc::clone(x);
        }
        let text = &self.text;
        let mut x = Vec::with_capacity(text.len() + 1);
        x.push(0.0);
        let mut right = 0.0;
        for (i, &(_, advance)) in self.advances.iter().enumerate() {
            let end = self.advances.get(i + 1).map_or(text.len(), |next| next.0);
            // Scaled in f32, as a caller measuring at this size would.
            right += f64::from(advance * scale);
            // Every boundary inside the character lies at its right edge.
            x.resize(end + 1, right);
        }
        let x: Rc<[f64]> = x.into();
        if prefixes.len() == PREFIXES_KEPT {
            prefixes.remove(0);
        }
        prefixes.push((scale.to_bits(), Rc::clone(&x)));
        x
    }

    /// The lines of the paragraph set at `scale` times the size it was
    /// measured at, no wider than `width` (in the unit of the advances
    /// times `scale`).
    pub fn lines(&self, scale: f32, width: f32) -> Vec<Line> {
        let paragraph = Paragraph {
            measured: self,
            x: self.prefix(scale),
        };
        // A paragraph of one block that fits the width is set on one line
        // (no other setting has as few): its breaks need no weighing.
        if let (Some(first), Some(last)) = (self.words.first(), self.words.last()) {
            let fits = paragraph.width(first.start, last.end) <= f64::from(width) + FIT_TOLERANCE;
            let blocks = &self.words[..self.words.len() - 1];
            if fits
                && self.words.len() <= MAX_SEGMENTS_PER_LINE
                && blocks.iter().all(|word| !word.ends_block)
            {
                return vec![paragraph.line(first.start, last.end)];
            }
        }
        let segments = paragraph.segments(f64::from(width));
        let breaks = best_breaks(&paragraph, &segments, f64::from(width));
        breaks
            .into_iter()
            .map(|(first, last)| paragraph.line(segments[first].start, segments[last].end))
            .collect()
    }
}

/// Spaces that separate words; a no-break space joins them instead.
fn is_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}') && !is_line_break(c)
}

/// Characters that end a line wherever they stand (UAX #14 classes BK, CR,
/// LF, NL).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// A measured paragraph at one size.
struct Paragraph<'a> {
    measured: &'a Measured,
    /// `x[b]`: the width of `text[..b]`, for every character boundary `b`.
    /// Sums of a whole paragraph's advances need more than f32's digits.
    x: Rc<[f64]>,
}

impl Paragraph<'_> {
    fn width(&self, start: usize, end: usize) -> f64 {
        self.x[end] - self.x[start]
    }

    /// The text between break opportunities, each word wider than `width`
    /// cut into pieces that fit.
    fn segments(&self, width: f64) -> Vec<Segment> {
        let text = &self.measured.text;
        let mut segments = Vec::with_capacity(self.measured.words.len());
        for word in &self.measured.words {
            let (start, end) = (word.start, word.end);
            let mut piece = start;
            if self.width(start, end) > width + FIT_TOLERANCE {
                for (offset, c) in text[start..end].char_indices() {
                    let b = start + offset;
                    if b > piece && self.width(piece, b + c.len_utf8()) > width + FIT_TOLERANCE {
                        segments.push(Segment {
                            start: piece,
                            end: b,
                            ends_block: false,
                        });
                        piece = b;
                    }
                }
            }
            segments.push(Segment {
                start: piece,
                ..*word
            });
        }
        segments
    }

    /// The line holding `text[start..end]`, split into runs by piece.
    fn line(&self, start: usize, end: usize) -> Line {
        // Most lines hold one piece.
        let mut runs = Vec::with_capacity(1);
        let text = &self.measured.text;
        for (piece, bounds) in self.measured.starts.windows(2).enumerate() {
            let (from, to) = (bounds[0].max(start), bounds[1].min(end));
            if from >= to {
                continue;
            }
            let run = &text[from..to];
            let from = from + (run.len() - run.trim_start_matches(' ').len());
            let to = to - (run.len() - run.trim_end_matches(' ').len());
            if from < to {
                runs.push((
                    piece,
                    from..to,
                    self.width(start, from) as f32,
                    self.width(from, to) as f32,
                ));
            }
        }
        Line {
            paragraph: Rc::clone(text),
            runs,
            width: self.width(start, end) as f32,
        }
    }
}

/// Text between two break opportunities, without the spaces after it.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    end: usize,
    /// A line must end after it: a line break follows, or the text ends.
    ends_block: bool,
}

/// The best way to set the segments before some break.
#[derive(Clone, Copy)]
struct Setting {
    lines: usize,
    cost: f64,
    /// Where the last line starts: the first of its segments.
    first: usize,
}

impl Setting {
    /// Fewer lines, or as many at less cost.
    fn better_than(&self, other: &Setting) -> bool {
        self.lines < other.lines || (self.lines == other.lines && self.cost < other.cost)
    }
}

/// The lines, as `(first, last)` segment indices, that set the paragraph
/// in the fewest lines and, among those, with the least cost: the squared
/// gap at the end of each line but the last of a block, and a short last
/// line. A line between each break and the ones before it that it could
/// reach is tried once (the ones after the fewest lines, the only ones that
/// can be best), so the work grows with the text's length times the
/// segments on a line.
fn best_breaks(paragraph: &Paragraph, segments: &[Segment], width: f64) -> Vec<(usize, usize)> {
    // Where each segment starts, as a width from the paragraph's start: the
    // loop below reads it for every line it tries.
    let lefts: Vec<f64> = segments.iter().map(|s| paragraph.x[s.start]).collect();
    let fits = width + FIT_TOLERANCE;
    // best[j]: how the first j segments are set best, ending a line after
    // segment j - 1.
    let mut best = Vec::with_capacity(segments.len() + 1);
    best.push(Setting {
        lines: 0,
        cost: 0.0,
        first: 0,
    });
    let mut block_start = 0;
    let mut reach = 0;
    for end in 1..=segments.len() {
        let last = &segments[end - 1];
        let right = paragraph.x[last.end];
        // Any setting beats this one; `first = end - 1` is always tried: a
        // segment alone always fits.
        let mut choice = Setting {
            lines: usize::MAX,
            cost: f64::INFINITY,
            first: end - 1,
        };
        let nearest = block_start.max(end.saturating_sub(MAX_SEGMENTS_PER_LINE));
        // The lines that fit end here start at `reach` or after: one that
        // starts further back is wider (no advance is negative), and so is
        // one that ends further on, so `reach` only moves on. A segment
        // alone always fits.
        reach = reach.max(nearest);
        while reach + 1 < end && right - lefts[reach] > fits {
            reach += 1;
        }
        // Of those, only the lines after the fewest lines can be best. The
        // fewest lines that set the first j segments never fall as j grows,
        // so they are the lines that start first.
        let fewest = best[reach].lines;
        let mut after_fewest = reach + 1;
        while after_fewest < end && best[after_fewest].lines == fewest {
            after_fewest += 1;
        }
        for first in (reach..after_fewest).rev() {
            let line_width = right - lefts[first];
            let cost = if last.ends_block {
                let alone = first + 1 == end;
                short_last_line_cost(line_width, width, first > block_start, alone)
            } else {
                (width - line_width).max(0.0).powi(2)
            };
            let before = best[first];
            let candidate = Setting {
                lines: before.lines + 1,
                cost: before.cost + cost,
                first,
            };
            if candidate.better_than(&choice) {
                choice = candidate;
            }
        }
        best.push(choice);
        if last.ends_block {
            block_start = end;
        }
    }
    let mut lines = Vec::with_capacity(best[segments.len()].lines);
    let mut end = segments.len();
    while end > 0 {
        let first = best[end].first;
        lines.push((first, end - 1));
        end = first;
    }
    lines.reverse();
    lines
}

/// What a last line of `line_width` costs: nothing when it stands alone or
/// is long enough, more the shorter it is below [`SHORT_LAST_LINE`], and
/// more again when it is `one_word`.
fn short_last_line_cost(line_width: f64, width: f64, follows_a_line: bool, one_word: bool) -> f64 {
    let shortfall = (SHORT_LAST_LINE * width - line_width).max(0.0);
    if !follows_a_line || shortfall == 0.0 {
        return 0.0;
    }
    let lone_word = if one_word {
        (LONE_WORD_GAP * width).powi(2)
    } else {
        0.0
    };
    SHORT_LAST_LINE_WEIGHT * shortfall * shortfall + lone_word
}

/// For tests that try many inputs: a repeatable sequence of numbers, each
/// below the bound it is asked with.
#[cfg(test)]
pub(crate) fn below(mut seed: u32) -> impl FnMut(u32) -> u32 {
    move |bound| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) % bound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide, so widths are character counts.
    fn monospace(_: usize, _: char) -> f32 {
        1.0
    }

    fn break_lines(pieces: &[&str], advance: impl Fn(usize, char) -> f32, width: f32) -> Vec<Line> {
        Measured::new(pieces, advance).lines(1.0, width)
    }

    /// The breaks [`best_breaks`] finds, every line that fits tried.
    fn breaks_trying_every_line(
        paragraph: &Paragraph,
        segments: &[Segment],
        width: f64,
    ) -> Vec<(usize, usize)> {
        let mut best = vec![Setting {
            lines: 0,
            cost: 0.0,
            first: 0,
        }];
        let mut block_start = 0;
        for end in 1..=segments.len() {
            let last = &segments[end - 1];
            let mut choice: Option<Setting> = None;
            for first in (block_start..end).rev().take(MAX_SEGMENTS_PER_LINE) {
                let line_width = paragraph.width(segments[first].start, last.end);
                if line_width > width + FIT_TOLERANCE && first + 1 < end {
                    break;
                }
                let cost = if last.ends_block {
                    let alone = first + 1 == end;
                    short_last_line_cost(line_width, width, first > block_start, alone)
                } else {
                    (width - line_width).max(0.0).powi(2)
                };
                let candidate = Setting {
                    lines: best[first].lines + 1,
                    cost: best[first].cost + cost,
                    first,
                };
                if choice.is_none_or(|c| (candidate.lines, candidate.cost) < (c.lines, c.cost)) {
                    choice = Some(candidate);
                }
            }
            best.push(choice.expect("a line of one segment"));
            if last.ends_block {
                block_start = end;
            }
        }
        let mut lines = Vec::new();
        let mut end = segments.len();
        while end > 0 {
            lines.push((best[end].first, end - 1));
            end = best[end].first;
        }
        lines.reverse();
        lines
    }

    #[test]
    fn shortcuts_find_the_same_breaks_as_trying_every_line() {
        let mut next = below(11);
        for _ in 0..400 {
            let text: String = (0..1 + next(60))
                .map(|_| {
                    let word: String = (0..1 + next(11))
                        .map(|_| ['a', 'm', 'i', 'W', '-', '/'][next(6) as usize])
                        .collect();
                    word + [" ", " ", " ", " ", "\n"][next(5) as usize]
                })
                .collect();
            let advance = |_: usize, c: char| match c {
                'm' | 'W' => 0.9,
                'i' | '-' => 0.3,
                _ => 0.55,
            };
            let measured = Measured::new(&[&text], advance);
            let width = 2.0 + next(40) as f64;
            for scale in [1.0, 0.8] {
                let paragraph = Paragraph {
                    measured: &measured,
                    x: measured.prefix(scale),
                };
                let segments = paragraph.segments(width);
                let breaks = breaks_trying_every_line(&paragraph, &segments, width);
                assert_eq!(
                    best_breaks(&paragraph, &segments, width),
                    breaks,
                    "{text:?} at {width}"
                );
                let lines: Vec<Line> = breaks
                    .iter()
                    .map(|&(first, last)| paragraph.line(segments[first].start, segments[last].end))
                    .collect();
                assert_eq!(
                    measured.lines(scale, width as f32),
                    lines,
                    "{text:?} at {width}"
                );
            }
        }
    }

    /// A paragraph measured once sets at any size exactly as one measured
    /// at that size: the layout sets each paragraph at many sizes.
    #[test]
    fn measured_once_sets_alike_at_every_size() {
        let text = "Ten victim service agencies are listed in the National Human \
                    Trafficking Referral Directory in Missouri.";
        let advance = |_: usize, c: char| if c.is_uppercase() { 0.7 } else { 0.5 };
        let measured = Measured::new(&[text], advance);
        for size in [7.0f32, 7.25, 8.0, 9.5, 10.0] {
            for width in [60.0f32, 97.5, 150.0, 400.0] {
                let at_size = break_lines(&[text], |p, c| advance(p, c) * size, width);
                assert_eq!(
                    measured.lines(size, width),
                    at_size,
                    "{size} pt, {width} wide"
                );
            }
        }
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    fn wrap(text: &str, width: f32) -> Vec<String> {
        texts(&break_lines(&[text], monospace, width))
    }

    /// The plain greedy breaker, as a yardstick for the line count.
    fn greedy_line_count(text: &str, width: usize) -> usize {
        let mut lines = 0;
        let mut line = 0;
        for word in text.split(' ') {
            if line > 0 && line + 1 + word.len() <= width {
                line += 1 + word.len();
            } else {
                lines += 1;
                line = word.len();
            }
        }
        lines
    }

    #[test]
    fn breaks_fall_where_uax14_allows_them() {
        // After a hyphen and a slash, and between CJK characters.
        assert_eq!(wrap("well-known", 6.0), ["well-", "known"]);
        assert_eq!(wrap("state/missouri", 9.0), ["state/", "missouri"]);
        assert_eq!(wrap("人口贩卖热线", 2.0), ["人口", "贩卖", "热线"]);
        // Never before closing punctuation: the full stop stays with its word.
        assert_eq!(wrap("call the hotline .", 16.0), ["call the", "hotline ."]);
    }

    #[test]
    fn a_line_break_in_the_text_starts_a_new_line() {
        assert_eq!(wrap("one\ntwo", 20.0), ["one", "two"]);
        assert_eq!(wrap("one\r\n\r\ntwo", 20.0), ["one", "", "two"]);
        assert_eq!(wrap("\n  one  \n", 20.0), ["one"]);
        assert!(wrap(" \n ", 20.0).is_empty());
    }

    #[test]
    fn a_no_break_space_keeps_a_citation_whole() {
        let text = "Mo. Rev. Stat. §\u{a0}566.212 and §\u{a0}566.213";
        for width in 9..30 {
            for line in wrap(text, width as f32) {
                assert!(!line.ends_with('§'), "{line:?} at {width}");
                assert!(!line.starts_with("566"), "{line:?} at {width}");
            }
        }
        // Spacing is made plain, but a no-break space is kept as it is.
        assert_eq!(wrap("a \t §\u{a0}1  b", 40.0), ["a §\u{a0}1 b"]);
    }

    #[test]
    fn a_short_last_word_is_avoided_when_a_better_break_exists() {
        let text = "victims were identified in the state of Missouri";
        // Greedy filling leaves "Missouri" alone on the last line.
        assert_eq!(greedy_line_count(text, 40), 2);
        let lines = wrap(text, 40.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].split(' ').count() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_lone_last_word_gets_company_even_from_a_loose_line() {
        // The first line already ends 9 short, yet a lone "Coalition" is
        // worse than a line above that ends 21 short.
        let text = "Central Missouri Stop Human Trafficking Coalition";
        assert_eq!(
            wrap(text, 48.0),
            ["Central Missouri Stop Human", "Trafficking Coalition"]
        );
    }

    #[test]
    fn a_short_last_word_stays_when_no_better_break_exists() {
        // The first line is one word: nothing can move down to join "2016.".
        assert_eq!(
            wrap("Incomprehensibilities 2016.", 24.0),
            ["Incomprehensibilities", "2016."]
        );
    }

    #[test]
    fn never_more_lines_than_greedy_filling() {
        let words = [
            "a",
            "hotline",
            "of",
            "the",
            "state",
            "signals",
            "cases",
            "1",
            "reported",
            "trafficking",
            "in",
            "Kansas",
            "City",
            "labor",
        ];
        for seed in 0..200usize {
            let text: Vec<&str> = (0..40)
                .map(|i| words[(seed * 7 + i * i * 3 + i) % words.len()])
                .collect();
            let text = text.join(" ");
            for width in [12, 20, 33, 50] {
                let lines = wrap(&text, width as f32);
                assert_eq!(
                    lines.len(),
                    greedy_line_count(&text, width),
                    "{text} at {width}"
                );
                assert!(lines.iter().all(|l| l.chars().count() <= width));
                assert_eq!(lines.join(" "), text);
            }
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_between_characters() {
        let lines = wrap("see humantraffickinghotline now", 8.0);
        assert_eq!(lines, ["see", "humantra", "fficking", "hotline", "now"]);
    }

    #[test]
    fn pieces_of_other_widths_share_a_line() {
        // Piece 1 is twice as wide per character, and so is the space
        // before it: a space goes with the word it precedes.
        let advance = |piece: usize, _: char| if piece == 1 { 2.0 } else { 1.0 };
        let lines = break_lines(&["aa ", "BB", " cc dddd"], advance, 11.0);
        assert_eq!(texts(&lines), ["aa BB cc", "dddd"]);
        assert_eq!(
            lines[0].runs().collect::<Vec<_>>(),
            [
                (0, "aa", 0.0, 2.0),
                (1, "BB", 4.0, 4.0),
                (2, "cc", 9.0, 2.0)
            ]
        );
        assert_eq!(lines[0].width, 11.0);
        // One unit narrower, "cc" no longer fits beside "BB".
        let lines = break_lines(&["aa ", "BB", " cc dddd"], advance, 10.0);
        assert_eq!(texts(&lines), ["aa BB", "cc dddd"]);
    }

    #[test]
    fn a_long_paragraph_sets_in_linear_time() {
        let sentence =
            "Victims were identified in Kansas City, St. Louis and Springfield in 2016. ";
        let text = sentence.repeat(100_000 / sentence.len() + 1);
        let started = std::time::Instant::now();
        let lines = wrap(&text, 90.0);
        let elapsed = started.elapsed();
        assert!(lines.len() > 1000);
        assert!(lines.iter().all(|l| l.chars().count() <= 90));
        // A quadratic pass over ~14,000 words would take minutes.
        assert!(elapsed.as_secs_f32() < 2.0, "took {elapsed:?}");
    }
}
