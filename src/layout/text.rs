//! Setting paragraphs: spans of styled text broken into lines by the one
//! line breaker ([`crate::linebreak`]) with the real font metrics, placed on
//! the Frame with their links and structure nodes.

use std::rc::Rc;

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

/// One set line; its runs' piece indices are span indices.
pub use crate::linebreak::Line;

/// Breaks the spans into lines no wider than `setting.width`, measured
/// with each span's face. Inside [`fonts::remembering_lines`] (a layout)
/// equal paragraphs at an equal size and width are broken once, and share
/// their lines.
pub fn set(spans: &[Span], setting: Setting) -> Rc<[Line]> {
    fonts::lines(
        || spans.iter().map(|s| (s.text.as_str(), s.face)),
        setting.size,
        setting.width,
    )
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
    if !frame.keeps_content() {
        // The same sum, line by line, as the drawing below makes.
        return lines.iter().fold(top, |y, _| y + setting.leading);
    }
    let mut link_nodes: Vec<Option<NodeId>> = vec![None; spans.len()];
    let mut y = top;
    for line in lines {
        for (index, text, dx, width) in line.runs() {
            let span = &spans[index];
            let baseline = y + baseline_offset(span.face, setting.size, setting.leading);
            let run_node = match (&span.link, node) {
                (Some(_), Some(parent)) => {
                    Some(*link_nodes[index].get_or_insert_with(|| frame.node(Role::Link, parent)))
                }
                _ => node,
            };
            frame.text(
                TextRun {
                    origin: Point::new(x + dx, baseline),
                    face: span.face,
                    size: setting.size,
                    color: span.color,
                    text: text.to_string(),
                    width,
                },
                run_node,
            );
            if let Some((uri, description)) = &span.link {
                frame.link(
                    Link {
                        rect: Rect::new(x + dx, y, width, setting.leading),
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
        for line in lines.iter() {
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

    #[test]
    fn a_measuring_page_measures_alike_and_keeps_nothing() {
        let fonts = fonts::FontSet::embedded();
        let spans = [
            Span::new("Call the hotline at ", fonts.regular, INK),
            Span::new("humantraffickinghotline.org", fonts.bold, INK)
                .link("https://humantraffickinghotline.org", "the hotline"),
            Span::new(
                " any time, day or night, in more than 200 languages.",
                fonts.regular,
                INK,
            ),
        ];
        let setting = Setting {
            size: 8.25,
            leading: 10.3125,
            width: 97.0,
        };
        let mut page = Frame::new(612.0, 792.0);
        let mut scratch = Frame::measuring(612.0, 792.0);
        let drawn = paragraph(&mut page, &spans, 36.0, 117.3, setting, Some(Frame::ROOT));
        let measured = paragraph(
            &mut scratch,
            &spans,
            36.0,
            117.3,
            setting,
            Some(Frame::ROOT),
        );
        assert_eq!(drawn, measured);
        assert!(page.text_runs().count() > 3 && page.links().count() > 0);
        assert!(scratch.items.is_empty());
    }

    #[test]
    fn remembered_breaks_follow_text_face_and_width() {
        let fonts = fonts::FontSet::embedded();
        let setting = |width| Setting {
            size: 8.0,
            leading: 10.0,
            width,
        };
        let words = "Every paragraph is broken once per size and width in one layout";
        let regular = [Span::new(words, fonts.regular, INK)];
        let bold = [Span::new(words, fonts.extrabold, INK)];
        let other = [Span::new(
            "A different text of similar length to set here",
            fonts.regular,
            INK,
        )];
        let cases = [
            (&regular[..], 120.0),
            (&regular[..], 90.0),
            (&bold[..], 120.0),
            (&other[..], 120.0),
        ];
        let fresh: Vec<Rc<[Line]>> = cases.iter().map(|(s, w)| set(s, setting(*w))).collect();
        assert_ne!(fresh[0], fresh[1]);
        assert_ne!(fresh[0], fresh[2]);
        fonts::remembering_lines(|| {
            for _ in 0..2 {
                let remembered: Vec<Rc<[Line]>> =
                    cases.iter().map(|(s, w)| set(s, setting(*w))).collect();
                assert_eq!(remembered, fresh);
            }
        });
    }

    #[test]
    fn spans_of_different_faces_are_measured_each_in_its_own() {
        let fonts = fonts::FontSet::embedded();
        let size = 8.0;
        let spans = [
            Span::new("Call ", fonts.regular, INK),
            Span::new("MISSOURI", fonts.extrabold, INK),
            Span::new(" now", fonts.regular, INK),
        ];
        let all_regular = fonts::width(fonts.regular, size, "Call MISSOURI now");
        // A space is set in the face of the word after it.
        let width = fonts::width(fonts.regular, size, "Call")
            + fonts::width(fonts.extrabold, size, " MISSOURI")
            + fonts::width(fonts.regular, size, " now")
            - 0.5;
        // Measured in one face, everything would fit on one line.
        assert!(all_regular < width);
        let lines = set(
            &spans,
            Setting {
                size,
                leading: 10.0,
                width,
            },
        );
        let runs: Vec<Vec<(usize, &str)>> = lines
            .iter()
            .map(|line| line.runs().map(|r| (r.0, r.1)).collect())
            .collect();
        assert_eq!(runs, [vec![(0, "Call"), (1, "MISSOURI")], vec![(2, "now")]]);
        let bold = lines[0].runs().nth(1).unwrap();
        let bold_start =
            fonts::width(fonts.regular, size, "Call") + fonts::width(fonts.extrabold, size, " ");
        assert!((bold.2 - bold_start).abs() < 1e-3);
        assert!((bold.3 - fonts::width(fonts.extrabold, size, "MISSOURI")).abs() < 1e-3);
        assert!((lines[0].width - (bold.2 + bold.3)).abs() < 1e-3);
    }
}
