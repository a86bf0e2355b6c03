//! Frame → SVG: the page as a vector preview for browsers and review tools.
//!
//! The viewBox is the page in points (612×792 for Letter), so coordinates are
//! the Frame's own. Text stays text, selectable and searchable, set in the
//! sheet's fonts: each face is embedded as a subset in an `@font-face` rule
//! with a `data:` URL, and every run is stretched to its measured width so a
//! browser's own shaping cannot make it longer than on paper. Links are `<a>`
//! elements around the text they cover.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use base64::Engine;

use crate::fonts::{self, Face};
use crate::frame::{Content, Frame, Link, Path, Rgb, TextRun};

/// Why a Frame could not be written as SVG.
#[derive(Debug, thiserror::Error)]
#[error("cannot embed the font {face:?}: {reason}")]
pub struct SvgError {
    pub face: Face,
    pub reason: String,
}

/// The page as an SVG document; `title` and `lang` are the sheet's.
pub fn write(frame: &Frame, title: &str, lang: &str) -> Result<String, SvgError> {
    let families = families(frame);
    let mut svg = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}pt\" height=\"{h}pt\" \
         xml:lang=\"{lang}\" xml:space=\"preserve\">\n<title>{title}</title>\n<style>\n",
        w = num(frame.width),
        h = num(frame.height),
        lang = escape(lang),
        title = escape(title),
    );
    for (face, family) in &families {
        let _ = writeln!(svg, "{}", font_face(frame, *face, family)?);
    }
    svg.push_str("text{white-space:pre;font-kerning:none;font-variant-ligatures:none}\n</style>\n");
    let _ = writeln!(
        svg,
        "<rect width=\"{}\" height=\"{}\" fill=\"#fff\"/>",
        num(frame.width),
        num(frame.height)
    );
    let links: Vec<&Link> = frame.links().collect();
    let mut linked = vec![false; links.len()];
    for item in &frame.items {
        match &item.content {
            Content::Text(run) => {
                let element = text(run, &families[&run.face]);
                match covering_link(&links, run) {
                    Some(i) => {
                        linked[i] = true;
                        let _ = writeln!(svg, "{}{element}</a>", open_link(links[i]));
                    }
                    None => {
                        let _ = writeln!(svg, "{element}");
                    }
                }
            }
            Content::Path(path) => {
                if let Some(path) = shape(path) {
                    let _ = writeln!(svg, "{path}");
                }
            }
            Content::Link(_) => {}
        }
    }
    // A link over no text (an icon, say) is still clickable: an invisible
    // area of its size.
    for (link, _) in links.iter().zip(&linked).filter(|(_, done)| !**done) {
        let r = link.rect;
        let _ = writeln!(
            svg,
            "{}<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill-opacity=\"0\"/></a>",
            open_link(link),
            num(r.x),
            num(r.y),
            num(r.width),
            num(r.height)
        );
    }
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// A CSS family name for each face the page sets text in.
fn families(frame: &Frame) -> BTreeMap<Face, String> {
    let faces: BTreeSet<Face> = frame.text_runs().map(|run| run.face).collect();
    faces
        .into_iter()
        .enumerate()
        .map(|(i, face)| (face, format!("f{i}")))
        .collect()
}

/// An `@font-face` rule embedding the glyphs the page uses from `face`.
fn font_face(frame: &Frame, face: Face, family: &str) -> Result<String, SvgError> {
    let glyphs: BTreeSet<u16> = frame
        .text_runs()
        .filter(|run| run.face == face)
        .flat_map(|run| run.text.chars())
        .filter_map(|c| fonts::glyph(face, c))
        .collect();
    let program =
        fonts::subset_for_web(face, &glyphs).map_err(|reason| SvgError { face, reason })?;
    let (mime, format) = if program.starts_with(b"OTTO") {
        ("font/otf", "opentype")
    } else {
        ("font/ttf", "truetype")
    };
    Ok(format!(
        "@font-face{{font-family:\"{family}\";src:url(data:{mime};base64,{}) format(\"{format}\")}}",
        base64::engine::general_purpose::STANDARD.encode(program)
    ))
}

fn text(run: &TextRun, family: &str) -> String {
    let mut text = format!(
        "<text x=\"{}\" y=\"{}\" font-family=\"{family}\" font-size=\"{}\" fill=\"{}\"",
        num(run.origin.x),
        num(run.origin.y),
        num(run.size),
        color(run.color),
    );
    if run.width > 0.0 && !run.text.trim().is_empty() {
        let _ = write!(
            text,
            " textLength=\"{}\" lengthAdjust=\"spacing\"",
            num(run.width)
        );
    }
    let _ = write!(text, ">{}</text>", escape(&run.text));
    text
}

/// The link whose area holds the middle of the run, if any.
fn covering_link(links: &[&Link], run: &TextRun) -> Option<usize> {
    let bounds = run.bounds();
    let (x, y) = (
        bounds.x + bounds.width / 2.0,
        bounds.y + bounds.height / 2.0,
    );
    links.iter().position(|link| {
        let r = link.rect;
        (r.x..=r.right()).contains(&x) && (r.y..=r.bottom()).contains(&y)
    })
}

fn open_link(link: &Link) -> String {
    format!(
        "<a href=\"{}\" aria-label=\"{}\">",
        escape(&link.uri),
        escape(&link.description)
    )
}

/// A `<path>`, or nothing for a path without points or paint.
fn shape(path: &Path) -> Option<String> {
    let mut d = String::new();
    for ring in path.rings.iter().filter(|ring| ring.len() > 1) {
        for (i, p) in ring.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { 'M' } else { 'L' },
                num(p.x),
                num(p.y)
            );
        }
        if path.closed {
            d.push('Z');
        }
    }
    // Open paths are lines: stroked, never filled (as in the PDF).
    let fill = path.fill.filter(|_| path.closed);
    if d.is_empty() || (fill.is_none() && path.stroke.is_none()) {
        return None;
    }
    let mut out = format!("<path d=\"{d}\"");
    match fill {
        Some(fill) => {
            let _ = write!(out, " fill=\"{}\" fill-rule=\"evenodd\"", color(fill));
        }
        None => out.push_str(" fill=\"none\""),
    }
    if let Some(stroke) = path.stroke {
        let _ = write!(
            out,
            " stroke=\"{}\" stroke-width=\"{}\" stroke-miterlimit=\"10\"",
            color(stroke.color),
            num(stroke.width)
        );
    }
    out.push_str("/>");
    Some(out)
}

fn color(rgb: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb.0, rgb.1, rgb.2)
}

/// A coordinate to a hundredth of a point, without trailing zeros.
fn num(value: f32) -> String {
    let s = format!("{:.2}", value);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Text as XML character data or an attribute value.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_exact_to_a_hundredth() {
        assert_eq!(num(612.0), "612");
        assert_eq!(num(36.5), "36.5");
        assert_eq!(num(1.23456), "1.23");
        assert_eq!(num(-0.001), "0");
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape("a < b & \"c\" > d"),
            "a &lt; b &amp; &quot;c&quot; &gt; d"
        );
    }
}
