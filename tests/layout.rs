//! The page as a designer would check it, on the Frame: type at or above
//! its floors, columns on the grid, no empty block, no blank strip, for
//! Missouri and for Missouri's content under every state's name and code.

mod common;

use std::path::Path;

use factsheet::frame::{Content, Frame, Path as Shape, Rect, Role};
use factsheet::layout::{self, palette, Options, Sheet, MARGIN};
use factsheet::profile::{load_str, Profile};

/// Every state and DC, as `(name, postal code)`, from the hotline data.
fn states() -> Vec<(String, String)> {
    let csv = std::fs::read_to_string("data/hotline-calls-cases-2012-2016.csv").unwrap();
    let mut states: Vec<(String, String)> = csv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("Year"))
        .filter_map(|l| {
            let cols: Vec<&str> = l.split(',').collect();
            Some((title_case(cols.get(3)?), cols.get(4)?.to_string()))
        })
        .collect();
    states.sort_by(|a, b| a.1.cmp(&b.1));
    states.dedup();
    states
}

/// "new-hampshire" → "New Hampshire", "district-columbia" → "District of
/// Columbia".
fn title_case(slug: &str) -> String {
    let name = if slug == "district-columbia" {
        "district-of-columbia"
    } else {
        slug
    };
    name.split('-')
        .map(|word| match word {
            "of" => word.to_string(),
            _ => {
                let mut chars = word.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Missouri's content printed as another state's sheet.
fn missouri_as(name: &str, code: &str) -> Profile {
    let source = std::fs::read_to_string("profiles/missouri.toml").unwrap();
    let start = source.find("[heat_map.counties]").unwrap();
    let end = source[start..].find("\n\n").unwrap() + start;
    let mut s = source.clone();
    s.replace_range(start..end, "");
    let s = s
        .replace("state = \"Missouri\"", &format!("state = \"{name}\""))
        .replace("state_code = \"MO\"", &format!("state_code = \"{code}\""))
        .replace(
            "title = \"Missouri: Efforts to Combat Human Trafficking\"\n",
            "",
        );
    match load_str(Path::new("profiles/x.toml"), &s) {
        Ok((profile, _)) => profile,
        Err(errors) => panic!("{name}: {errors:?}"),
    }
}

fn lay_out(profile: &Profile) -> Sheet {
    layout::layout(profile, Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The smallest text on the sheet.
fn smallest_text(frame: &Frame) -> f32 {
    frame.text_runs().map(|r| r.size).fold(f32::MAX, f32::min)
}

/// The area every tagged Figure covers: its drawing, and the white around
/// the shape inside its box, is part of the figure, not a hole.
fn figure_boxes(frame: &Frame) -> Vec<Rect> {
    let mut boxes: Vec<Option<Rect>> = vec![None; frame.nodes.len()];
    for item in &frame.items {
        let Some(mut node) = item.node else { continue };
        loop {
            if matches!(frame.nodes[node].role, Role::Figure { .. }) {
                let b = Frame::bounds(&item.content);
                boxes[node] = Some(boxes[node].map_or(b, |r| r.union(&b)));
                break;
            }
            match frame.nodes[node].parent {
                Some(parent) => node = parent,
                None => break,
            }
        }
    }
    boxes.into_iter().flatten().collect()
}

/// Cells of `CELL` points that hold ink, over the content box.
const CELL: f32 = 2.0;

fn ink_grid(frame: &Frame) -> (Vec<Vec<bool>>, usize, usize) {
    let cols = ((frame.width - 2.0 * MARGIN) / CELL).ceil() as usize;
    let rows = ((frame.height - 2.0 * MARGIN) / CELL).ceil() as usize;
    let mut ink = vec![vec![false; cols]; rows];
    let mut mark = |r: Rect| {
        let x0 = ((r.x - MARGIN) / CELL).floor().max(0.0) as usize;
        let y0 = ((r.y - MARGIN) / CELL).floor().max(0.0) as usize;
        let x1 = (((r.right() - MARGIN) / CELL).ceil() as usize).min(cols);
        let y1 = (((r.bottom() - MARGIN) / CELL).ceil() as usize).min(rows);
        for row in ink.iter_mut().take(y1).skip(y0) {
            for cell in row.iter_mut().take(x1).skip(x0) {
                *cell = true;
            }
        }
    };
    for item in &frame.items {
        match &item.content {
            // The text's own box: from its baseline up to cap height, down
            // to the descenders, where the glyphs put ink.
            Content::Text(run) => {
                let b = run.bounds();
                mark(Rect::new(
                    b.x,
                    b.y + run.size * 0.15,
                    b.width,
                    run.size * 0.85,
                ));
            }
            Content::Path(path) => mark(path.bounds()),
            Content::Link(_) => {}
        }
    }
    for b in figure_boxes(frame) {
        mark(b);
    }
    (ink, rows, cols)
}

/// The largest empty rectangle (width, height in points) whose sides are
/// both at least `min_side`, by the histogram method.
fn largest_hole(frame: &Frame, min_side: f32) -> (f32, f32) {
    let (ink, rows, cols) = ink_grid(frame);
    let min_cells = (min_side / CELL).ceil() as usize;
    let mut heights = vec![0usize; cols];
    let mut best = (0.0f32, 0.0f32);
    for row in ink.iter().take(rows) {
        for (c, &filled) in row.iter().enumerate() {
            heights[c] = if filled { 0 } else { heights[c] + 1 };
        }
        for c in 0..cols {
            let h = heights[c];
            if h < min_cells {
                continue;
            }
            // The widest run of columns around c at least h tall.
            let mut left = c;
            while left > 0 && heights[left - 1] >= h {
                left -= 1;
            }
            let mut right = c;
            while right + 1 < cols && heights[right + 1] >= h {
                right += 1;
            }
            let w = right - left + 1;
            if w >= min_cells {
                let (wp, hp) = (w as f32 * CELL, h as f32 * CELL);
                if wp * hp > best.0 * best.1 {
                    best = (wp, hp);
                }
            }
        }
    }
    best
}

/// 2.5 square inches, in square points.
const HOLE_LIMIT: f32 = 2.5 * 72.0 * 72.0;
const MIN_SIDE: f32 = 0.4 * 72.0;

/// Empty height between the lowest ink of the body and the footer.
fn blank_strip(frame: &Frame) -> f32 {
    let runs: Vec<_> = frame.text_runs().collect();
    let footer_top = runs.iter().map(|r| r.bounds().y).fold(0.0f32, f32::max);
    let body_bottom = frame
        .items
        .iter()
        .map(|i| Frame::bounds(&i.content))
        .filter(|b| b.bottom() < footer_top - 0.5)
        .map(|b| b.bottom())
        .fold(0.0f32, f32::max);
    footer_top - body_bottom
}

fn check_page(what: &str, sheet: &Sheet, body_floor: f32) {
    let frame = &sheet.frame;
    assert!(sheet.body >= body_floor, "{what}: body {} pt", sheet.body);
    let smallest = smallest_text(frame);
    assert!(smallest >= 7.0, "{what}: text at {smallest} pt");
    let (w, h) = largest_hole(frame, MIN_SIDE);
    assert!(
        w * h <= HOLE_LIMIT,
        "{what}: an empty block of {:.0} x {:.0} pt ({:.2} sq in)",
        w,
        h,
        w * h / 5184.0
    );
    let strip = blank_strip(frame);
    assert!(
        strip <= 0.3 * 72.0,
        "{what}: a blank strip {strip:.0} pt tall"
    );
}

#[test]
fn missouri_prints_at_8_pt_body_with_no_hole_and_no_strip() {
    let sheet = lay_out(&common::missouri());
    check_page("Missouri", &sheet, 8.0);
}

#[test]
fn the_spanish_sheet_prints_at_the_floors_or_above() {
    let sheet = lay_out(&common::load("profiles/missouri-es.toml"));
    check_page("missouri-es", &sheet, 7.5);
}

#[test]
fn every_state_fits_its_page_with_no_hole_at_7_5_pt_or_more() {
    let states = states();
    assert_eq!(states.len(), 51, "50 states and DC");
    for (name, code) in states {
        assert!(
            name.chars().all(|c| c.is_alphabetic() || c == ' '),
            "{name}"
        );
        let sheet = lay_out(&missouri_as(&name, &code));
        check_page(&name, &sheet, 7.5);
    }
}

#[test]
fn a_long_state_name_fits_too() {
    let sheet = lay_out(&missouri_as("District of Columbia", "DC"));
    check_page("District of Columbia", &sheet, 7.5);
}

/// Rules in the accent colour mark every section heading.
fn heading_rules(frame: &Frame) -> Vec<(f32, f32, f32)> {
    frame
        .items
        .iter()
        .filter_map(|item| match &item.content {
            Content::Path(Shape {
                rings,
                fill: None,
                stroke: Some(stroke),
                ..
            }) if stroke.color == palette::ACCENT && rings.len() == 1 && rings[0].len() == 2 => {
                let (a, b) = (rings[0][0], rings[0][1]);
                (a.y == b.y).then_some((a.x, b.x, a.y))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn column_edges_sit_on_the_grid_from_band_to_band_and_state_to_state() {
    for profile in [
        common::missouri(),
        missouri_as("Tennessee", "TN"),
        missouri_as("Idaho", "ID"),
    ] {
        let sheet = lay_out(&profile);
        let edges = sheet.grid.edges();
        let on_grid = |x: f32| edges.iter().any(|e| (e - x).abs() < 0.01);
        let rules = heading_rules(&sheet.frame);
        assert!(rules.len() >= 5, "{} heading rules", rules.len());
        for (x0, x1, y) in &rules {
            assert!(
                on_grid(*x0) && on_grid(*x1),
                "{}: rule at y {y} from {x0} to {x1}",
                profile.state
            );
        }
        // Filled blocks (bands, panels) start on a column edge too.
        for item in &sheet.frame.items {
            if let Content::Path(path) = &item.content {
                if path.fill.is_some() && item.node.is_none() && path.bounds().width > 100.0 {
                    let b = path.bounds();
                    assert!(
                        on_grid(b.x),
                        "{}: a panel starts at x {}",
                        profile.state,
                        b.x
                    );
                }
            }
        }
        // The statutes' and the efforts' rules line up.
        let mut ys: Vec<f32> = rules.iter().map(|r| r.2).collect();
        ys.sort_by(f32::total_cmp);
        let aligned = ys.windows(2).filter(|w| (w[1] - w[0]).abs() < 0.01).count();
        assert!(
            aligned >= 2,
            "{}: headings side by side share their rule: {ys:?}",
            profile.state
        );
    }
}

#[test]
fn a_starter_fills_its_page_without_a_blank_strip() {
    let dir = common::temp_dir("layout-starter");
    std::fs::copy("profiles/region-vii.toml", dir.join("region-vii.toml")).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(["new", "New Mexico", "--code", "NM", "--dir"])
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let profile = common::load(dir.join("new-mexico.toml").to_str().unwrap());
    let sheet = lay_out(&profile);
    assert!(smallest_text(&sheet.frame) >= 7.0);
    let strip = blank_strip(&sheet.frame);
    assert!(strip <= 0.3 * 72.0, "a blank strip {strip:.0} pt tall");
    // Short content is set larger than Missouri's.
    assert!(sheet.body > 8.0, "body {}", sheet.body);
}

#[test]
fn the_hole_finder_sees_a_hole() {
    // A page with one paragraph at the top: everything under it is empty.
    let mut frame = Frame::new(612.0, 792.0);
    frame.path(
        Shape::rect(Rect::new(36.0, 36.0, 540.0, 40.0), palette::NAVY),
        None,
    );
    let (w, h) = largest_hole(&frame, MIN_SIDE);
    assert!(w * h > HOLE_LIMIT * 10.0);
    assert!(
        (w - 540.0).abs() < 2.5 && (h - 680.0).abs() < 2.5,
        "{w} x {h}"
    );
}

/// Lines as printed: runs on one baseline that follow each other within a
/// word space, joined. The footer (the page's last line) is a one-line
/// source note, not running text, and is left out.
fn printed_lines(frame: &Frame) -> Vec<String> {
    let mut runs: Vec<_> = frame.text_runs().collect();
    let footer = runs.iter().map(|r| r.origin.y).fold(0.0f32, f32::max);
    runs.retain(|r| r.origin.y < footer - 0.5);
    runs.sort_by(|a, b| {
        a.origin
            .y
            .total_cmp(&b.origin.y)
            .then(a.origin.x.total_cmp(&b.origin.x))
    });
    let mut lines: Vec<(f32, f32, String)> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some((y, end, text))
                if (*y - run.origin.y).abs() < 0.01 && run.origin.x - *end < run.size * 0.6 =>
            {
                text.push(' ');
                text.push_str(&run.text);
                *end = run.origin.x + run.width;
            }
            _ => lines.push((run.origin.y, run.origin.x + run.width, run.text.clone())),
        }
    }
    lines.into_iter().map(|(_, _, text)| text).collect()
}

#[test]
fn running_text_keeps_to_about_95_characters_a_line() {
    for profile in [
        common::missouri(),
        common::load("profiles/missouri-es.toml"),
        missouri_as("District of Columbia", "DC"),
    ] {
        let sheet = lay_out(&profile);
        let lines = printed_lines(&sheet.frame);
        assert!(lines.len() > 100, "{} lines", lines.len());
        for line in lines {
            assert!(line.chars().count() <= 95, "{}: {line}", profile.state);
        }
    }
}

/// Missouri's profile with its statutes and collaborations made up to ten
/// each (the added ones repeat the first, renumbered).
fn missouri_with_ten_statutes_and_collaborations() -> Profile {
    let source = std::fs::read_to_string("profiles/missouri.toml").unwrap();
    let mut out = String::new();
    let (mut laws, mut collaborations) = (Vec::new(), Vec::new());
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("{ title = ") && trimmed.contains("citation") {
            laws.push(line.to_string());
        }
        if trimmed.starts_with("{ text = \"") && laws.len() == 6 && collaborations.len() < 6 {
            collaborations.push(line.to_string());
        }
        out.push_str(line);
        out.push('\n');
        // After the last statute and the last collaboration, the extra ones.
        if laws.len() == 6 && trimmed.starts_with("{ title = ") && trimmed.contains("566.206") {
            for (i, law) in laws.iter().take(4).enumerate() {
                out.push_str(&law.replace("§ 5", &format!("§ {}", 7 + i)));
                out.push('\n');
            }
        }
        if collaborations.len() == 6 && trimmed.starts_with("{ text = \"Missouri Attorney General")
        {
            for (i, c) in collaborations.iter().take(4).enumerate() {
                out.push_str(&c.replace("\" }", &format!(" {}\" }}", i + 2)));
                out.push('\n');
            }
        }
    }
    let (profile, _) =
        load_str(Path::new("profiles/mo10.toml"), &out).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(profile.laws.items.len(), 10);
    assert_eq!(profile.efforts.groups[0].items.len(), 10);
    profile
}

#[test]
fn ten_statutes_and_ten_collaborations_still_fit_one_page() {
    let sheet = lay_out(&missouri_with_ten_statutes_and_collaborations());
    check_page(
        "Missouri with 10 statutes and 10 collaborations",
        &sheet,
        7.5,
    );
}
