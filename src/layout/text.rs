//! Setting paragraphs: spans of styled text wrapped into lines with the real
//! font metrics, placed on the Frame with their links and structure nodes.

use crate::fonts::{self, Face};
use crate::frame::{Frame, Link, NodeId, Point, Rect, Rgb, Role, TextRun};

/// Keeps the words on either side on one line.
pub const NO_BREAK_SPACE: char = '\u{a0}';

/// A piece of a paragraph in one style, optionally a link.
#[derive(Debug, Clone)]
pub struct Span {
    pub text: String,
    pub face: Face,
    pub color: Rgb,
    /// `(uri, description)` when the span is a link.
    pub link: Option<(String, String)>,
}

impl Span {
    pub fn new(text: impl Into<String>, face: Face, color: Rgb) -> Self {
        Self {
            text: text.into(),
            face,
            color,
            link: None,
        }
    }

    pub fn link(mut self, uri: impl Into<String>, description: impl Into<String>) -> Self {
        self.link = Some((uri.into(), description.into()));
        self
    }
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub size: f32,
    /// Distance between baselines.
    pub leading: f32,
    pub width: f32,
}

/// A word (or a piece of an over-long word) and the span it came from.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    span: usize,
    /// Whether a space separates it from the token before.
    space_before: bool,
    width: f32,
}

/// One set line: runs of consecutive tokens of the same span.
#[derive(Debug, Clone)]
pub struct Line {
    /// `(span index, text, x offset, width)`.
    pub runs: Vec<(usize, String, f32, f32)>,
    pub width: f32,
}

/// Breaks the spans into lines no wider than `setting.width`.
pub fn set(spans: &[Span], setting: Setting) -> Vec<Line> {
    let size = setting.size;
    let mut tokens = Vec::new();
    for (index, span) in spans.iter().enumerate() {
        // Spaces between spans are explicit: "visit " + link + ".".
        let mut space_before = span.text.starts_with(char::is_whitespace)
            || (index > 0 && spans[index - 1].text.ends_with(char::is_whitespace));
        // A no-break space (as in "§ 566.203") joins its neighbours.
        let words = span
            .text
            .split(|c: char| c.is_whitespace() && c != NO_BREAK_SPACE)
            .filter(|word| !word.is_empty());
        for word in words {
            let width = fonts::width(span.face, size, word);
            if width <= setting.width {
                tokens.push(Token {
                    width,
                    text: word.to_string(),
                    span: index,
                    space_before,
                });
            } else {
                for (n, piece) in fonts::split_long_word(span.face, size, word, setting.width)
                    .into_iter()
                    .enumerate()
                {
                    tokens.push(Token {
                        width: fonts::width(span.face, size, &piece),
                        text: piece,
                        span: index,
                        space_before: space_before && n == 0,
                    });
                }
            }
            space_before = true;
        }
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut current = Line {
        runs: Vec::new(),
        width: 0.0,
    };
    let spaces: Vec<f32> = spans
        .iter()
        .map(|span| fonts::width(span.face, size, " "))
        .collect();
    for token in tokens {
        let space = if token.space_before && !current.runs.is_empty() {
            spaces[token.span]
        } else {
            0.0
        };
        if !current.runs.is_empty() && current.width + space + token.width > setting.width + 0.01 {
            lines.push(std::mem::replace(
                &mut current,
                Line {
                    runs: Vec::new(),
                    width: 0.0,
                },
            ));
            push_token(&mut current, token, 0.0);
        } else {
            push_token(&mut current, token, space);
        }
    }
    if !current.runs.is_empty() {
        lines.push(current);
    }
    lines
}

fn push_token(line: &mut Line, token: Token, space: f32) {
    match line.runs.last_mut() {
        Some(run) if run.0 == token.span => {
            if space > 0.0 {
                run.1.push(' ');
            }
            run.1.push_str(&token.text);
            // Widths add up exactly: text is set without kerning.
            run.3 += space + token.width;
        }
        _ => {
            // A space between runs belongs to neither: it is a gap.
            line.runs
                .push((token.span, token.text, line.width + space, token.width));
        }
    }
    line.width = line.runs.last().map_or(0.0, |r| r.2 + r.3);
}

/// The distance from a line box's top to its baseline, so that text of
/// `size` sits centred in a line of `leading`.
pub fn baseline_offset(face: Face, size: f32, leading: f32) -> f32 {
    let m = fonts::metrics(face);
    (leading - (m.ascent + m.descent) * size) / 2.0 + m.ascent * size
}

/// Sets `spans` at `(x, top)` and draws them into `frame` under `node`.
/// Link spans get a Link structure node, their text and one link area per
/// line they occupy. Returns the y just below the last line.
pub fn paragraph(
    frame: &mut Frame,
    spans: &[Span],
    x: f32,
    top: f32,
    setting: Setting,
    node: Option<NodeId>,
) -> f32 {
    let lines = set(spans, setting);
    draw_lines(frame, spans, &lines, x, top, setting, node)
}

/// Draws lines made by [`set`]; returns the y just below the last line.
pub fn draw_lines(
    frame: &mut Frame,
    spans: &[Span],
    lines: &[Line],
    x: f32,
    top: f32,
    setting: Setting,
    node: Option<NodeId>,
) -> f32 {
    let mut link_nodes: Vec<Option<NodeId>> = vec![None; spans.len()];
    let mut y = top;
    for line in lines {
        for (index, text, dx, width) in &line.runs {
            let span = &spans[*index];
            let baseline = y + baseline_offset(span.face, setting.size, setting.leading);
            let run_node = match (&span.link, node) {
                (Some(_), Some(parent)) => {
                    Some(*link_nodes[*index].get_or_insert_with(|| frame.node(Role::Link, parent)))
                }
                _ => node,
            };
            frame.text(
                TextRun {
                    origin: Point::new(x + dx, baseline),
                    face: span.face,
                    size: setting.size,
                    color: span.color,
                    text: text.clone(),
                    width: *width,
                },
                run_node,
            );
            if let Some((uri, description)) = &span.link {
                frame.link(
                    Link {
                        rect: Rect::new(x + dx, y, *width, setting.leading),
                        uri: uri.clone(),
                        description: description.clone(),
                    },
                    run_node,
                );
            }
        }
        y += setting.leading;
    }
    y
}

/// Height of `spans` set with `setting`.
pub fn height(spans: &[Span], setting: Setting) -> f32 {
    set(spans, setting).len() as f32 * setting.leading
}

#[cfg(test)]
mod tests {
    use super::*;

    const INK: Rgb = Rgb(0, 0, 0);

    #[test]
    fn spans_flow_across_lines_and_keep_their_text() {
        let fonts = fonts::FontSet::embedded();
        let spans = [
            Span::new(
                "For more statistics on human trafficking in Missouri, visit ",
                fonts.regular,
                INK,
            ),
            Span::new(
                "humantraffickinghotline.org/state/missouri",
                fonts.bold,
                INK,
            )
            .link(
                "https://humantraffickinghotline.org/state/missouri",
                "statistics",
            ),
            Span::new(".", fonts.regular, INK),
        ];
        let setting = Setting {
            size: 8.0,
            leading: 10.0,
            width: 150.0,
        };
        let lines = set(&spans, setting);
        assert!(lines.len() >= 2);
        for line in &lines {
            assert!(line.width <= 150.01, "{line:?}");
        }
        let mut frame = Frame::new(612.0, 792.0);
        let bottom = paragraph(&mut frame, &spans, 10.0, 20.0, setting, Some(Frame::ROOT));
        assert_eq!(bottom, 20.0 + lines.len() as f32 * 10.0);
        // Every character arrives, in order (the URL may break after a slash).
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let text: String = frame.text_runs().map(|r| r.text.as_str()).collect();
        assert_eq!(
            squash(&text),
            squash("For more statistics on human trafficking in Missouri, visit humantraffickinghotline.org/state/missouri.")
        );
        let links: Vec<_> = frame.links().collect();
        assert!(!links.is_empty());
        assert!(links.iter().all(|l| l.uri.ends_with("/state/missouri")));
    }
}
