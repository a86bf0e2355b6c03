//! Review in CI: PNG and SVG previews drawn from the Frame, `factsheet diff`
//! between two sets of profiles, and `--shard` parts of a run.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use factsheet::export::{png, svg};
use factsheet::frame::{Content, Frame, Rgb};

fn factsheet<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A folder holding the base and the given profiles (name, TOML text).
fn profiles(dir: &Path, sheets: &[(&str, &str)]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy("profiles/region-vii.toml", dir.join("region-vii.toml")).unwrap();
    for (name, text) in sheets {
        std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
    }
    dir.to_path_buf()
}

fn source(name: &str) -> String {
    common::portable_source(name)
}

/// Missouri with one count changed: Female 330 → 331.
fn missouri_331() -> String {
    let before = "{ label = \"Female\", count = 330 }";
    let text = source("missouri");
    assert!(text.contains(before));
    text.replace(before, "{ label = \"Female\", count = 331 }")
}

// ---------------------------------------------------------------- PNG

/// How far two colours are apart, the largest channel difference.
fn distance(pixel: tiny_skia::PremultipliedColorU8, color: Rgb) -> u8 {
    let p = pixel.demultiply();
    [
        p.red().abs_diff(color.0),
        p.green().abs_diff(color.1),
        p.blue().abs_diff(color.2),
    ]
    .into_iter()
    .max()
    .unwrap()
}

#[test]
fn the_png_has_the_pdf_page_size_in_pixels() {
    let built = common::build(&common::missouri());
    let pdf = common::Pdf::parse(&built.pdf);
    let media_box = common::numbers(pdf.first_page().get(b"MediaBox").unwrap());
    for dpi in [72, 110, 150] {
        let pixmap = png::render(&built.frame, dpi).unwrap();
        let scale = dpi as f32 / 72.0;
        assert_eq!(
            (pixmap.width(), pixmap.height()),
            (
                (media_box[2] * scale).round() as u32,
                (media_box[3] * scale).round() as u32
            ),
            "{dpi} dpi"
        );
    }
    let bytes = png::write(&built.frame, 72).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(png::render(&built.frame, 5000).is_err());
}

/// Text drawn from the outlines lands where the PDF sets it: each run's ink
/// (pixels of its colour) starts at its origin and ends within its measured
/// advance, and the PDF's text matrices put the runs at those origins.
#[test]
fn glyphs_are_inked_where_the_pdf_places_the_text() {
    let built = common::build(&common::missouri());
    let frame = &built.frame;
    const DPI: u32 = 288;
    let s = DPI as f32 / 72.0;
    let pixmap = png::render(frame, DPI).unwrap();
    let mut checked = 0;
    for run in frame.text_runs().filter(|r| !r.text.trim().is_empty()) {
        let b = run.bounds();
        let (x0, x1) = ((b.x * s) as u32, ((b.right() + 2.0) * s) as u32);
        let (y0, y1) = ((b.y * s) as u32, (b.bottom() * s) as u32);
        let mut ink: Option<(u32, u32)> = None;
        for y in y0..y1.min(pixmap.height()) {
            for x in x0.saturating_sub(8)..x1.min(pixmap.width()) {
                if distance(pixmap.pixel(x, y).unwrap(), run.color) < 24 {
                    ink = Some(ink.map_or((x, x), |(a, b)| (a.min(x), b.max(x))));
                }
            }
        }
        let (left, right) = ink.unwrap_or_else(|| panic!("no ink for {:?}", run.text));
        let start = run.origin.x * s;
        let end = (run.origin.x + run.width) * s;
        // Side bearings: ink starts at or a little after the origin and
        // ends at or a little before the advance.
        let bearing = run.size * 0.25 * s;
        assert!(
            left as f32 >= start - 2.0 && (left as f32) <= start + bearing,
            "{:?}: ink starts at {left}, origin {start}",
            run.text
        );
        assert!(
            right as f32 <= end + 2.0 && right as f32 >= end - bearing - run.size * s * 0.4,
            "{:?}: ink ends at {right}, advance ends at {end}",
            run.text
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} runs");

    // The PDF sets each run at the origin checked above: each run is a text
    // object of its own, which starts at the identity, moved by one Td.
    let pdf = common::Pdf::parse(&built.pdf);
    let content = pdf.doc.get_page_content(pdf.pages()[0]);
    let operations = lopdf::content::Content::decode(&content)
        .unwrap()
        .operations;
    let mut origins: Vec<(f32, f32)> = Vec::new();
    let mut moved_in_object = false;
    for op in &operations {
        match op.operator.as_str() {
            "BT" => moved_in_object = false,
            "Td" => {
                assert!(!moved_in_object, "a second move in one text object");
                moved_in_object = true;
                let n: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                origins.push((n[0], frame.height - n[1]));
            }
            "Tm" | "TD" | "T*" | "'" | "\"" => panic!("{} moves text too", op.operator),
            _ => {}
        }
    }
    let runs: Vec<_> = frame.text_runs().collect();
    assert_eq!(origins.len(), runs.len());
    for (run, (x, y)) in runs.iter().zip(origins) {
        assert!(
            (run.origin.x - x).abs() < 0.01 && (run.origin.y - y).abs() < 0.01,
            "{:?}",
            run.text
        );
    }
}

/// Coarse ink coverage: every 4×4 pt cell that no item of the page touches
/// is blank paper, and the middle of each large filled shape has its colour.
#[test]
fn ink_lies_only_where_the_frame_draws() {
    let built = common::build(&common::missouri());
    let frame = &built.frame;
    let pixmap = png::render(frame, 72).unwrap();
    let boxes: Vec<_> = frame
        .items
        .iter()
        .filter(|item| !matches!(item.content, Content::Link(_)))
        .map(|item| {
            let stroke = match &item.content {
                Content::Path(p) => p.stroke.map_or(0.0, |s| s.width),
                _ => 0.0,
            };
            let b = Frame::bounds(&item.content);
            // Anti-aliasing and strokes reach a little past the outline.
            let pad = 1.5 + stroke;
            (b.x - pad, b.y - pad, b.right() + pad, b.bottom() + pad)
        })
        .collect();
    let mut blank = 0;
    for cy in 0..(pixmap.height() / 4) {
        for cx in 0..(pixmap.width() / 4) {
            let (x, y) = (cx as f32 * 4.0, cy as f32 * 4.0);
            let touched = boxes
                .iter()
                .any(|&(x0, y0, x1, y1)| x < x1 && x + 4.0 > x0 && y < y1 && y + 4.0 > y0);
            if touched {
                continue;
            }
            blank += 1;
            for py in cy * 4..cy * 4 + 4 {
                for px in cx * 4..cx * 4 + 4 {
                    let p = pixmap.pixel(px, py).unwrap();
                    assert_eq!(
                        distance(p, Rgb::WHITE),
                        0,
                        "ink at ({px}, {py}) where the Frame draws nothing"
                    );
                }
            }
        }
    }
    assert!(
        blank > 1000,
        "only {blank} blank cells: the test sees nothing"
    );

    let mut fills = 0;
    for (i, item) in frame.items.iter().enumerate() {
        let Content::Path(path) = &item.content else {
            continue;
        };
        let (Some(fill), true) = (path.fill, path.closed) else {
            continue;
        };
        let b = path.bounds();
        if b.width < 12.0 || b.height < 5.0 || path.rings[0].len() != 4 {
            continue;
        }
        // A point of the shape that nothing painted later hides.
        let hidden = |x: f32, y: f32| {
            frame.items[i + 1..].iter().any(|later| {
                let r = Frame::bounds(&later.content);
                !matches!(later.content, Content::Link(_))
                    && (r.x - 2.0..r.right() + 2.0).contains(&x)
                    && (r.y - 2.0..r.bottom() + 2.0).contains(&y)
            })
        };
        let inside = (0..(b.height as u32 - 4) / 2).flat_map(|row| {
            (0..(b.width as u32 - 4) / 2)
                .map(move |col| (b.x + 2.5 + col as f32 * 2.0, b.y + 2.5 + row as f32 * 2.0))
        });
        let Some((cx, cy)) = inside.into_iter().find(|&(x, y)| !hidden(x, y)) else {
            continue;
        };
        let p = pixmap.pixel(cx as u32, cy as u32).unwrap();
        assert!(distance(p, fill) <= 1, "fill {fill:?} at ({cx}, {cy})");
        fills += 1;
    }
    assert!(fills > 3, "only {fills} fills checked");
}

// ---------------------------------------------------------------- SVG

#[test]
fn the_svg_is_valid_text_with_every_fact_fonts_and_links() {
    let built = common::build(&common::missouri());
    let svg = svg::write(&built.frame, "Missouri", "en-US").unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("viewBox"), Some("0 0 612 792"));

    // Text is text: every fact of the reference sheet, in order.
    let text: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(text.len(), built.frame.text_runs().count());
    common::assert_facts_in_order(&text.join(" "), &common::reference_facts(), "SVG");

    // Each face is embedded as a font that parses and has every character
    // of the text set in it.
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .unwrap();
    let mut fonts = std::collections::BTreeMap::new();
    for rule in style.split("@font-face").skip(1) {
        use base64::Engine;
        let family = rule.split('"').nth(1).unwrap().to_string();
        let data = rule
            .split("base64,")
            .nth(1)
            .unwrap()
            .split(')')
            .next()
            .unwrap();
        let program = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        fonts.insert(family, program);
    }
    let faces: BTreeSet<_> = built.frame.text_runs().map(|r| r.face).collect();
    assert_eq!(fonts.len(), faces.len());
    for element in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let program = &fonts[element.attribute("font-family").unwrap()];
        let face = ttf_parser::Face::parse(program, 0).expect("an embedded font parses");
        assert!(face.tables().os2.is_some(), "browsers need OS/2");
        for c in element.text().unwrap_or_default().chars() {
            assert!(
                c == ' ' || face.glyph_index(c).is_some(),
                "{c:?} is not in its font"
            );
        }
    }

    // Every link of the page is an <a>.
    let hrefs: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    let uris: BTreeSet<&str> = built.frame.links().map(|l| l.uri.as_str()).collect();
    assert!(uris.len() > 5);
    assert_eq!(hrefs, uris);
    // A link wraps the text it covers: the hotline number is clickable.
    let tel = doc
        .descendants()
        .find(|n| n.has_tag_name("a") && n.attribute("href") == Some("tel:+1-888-373-7888"))
        .expect("the national hotline is a link");
    assert!(tel.descendants().any(|n| n.has_tag_name("text")));
}

#[test]
fn build_writes_png_and_svg_beside_the_pdf_a4_included() {
    let dir = common::temp_dir("review-previews");
    let out = factsheet(&[
        "build".as_ref(),
        "profiles/missouri.toml".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
        "--png".as_ref(),
        "--dpi".as_ref(),
        "72".as_ref(),
        "--svg".as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["missouri.pdf", "missouri.png", "missouri.svg"].map(String::from))
    );
    let pixmap = tiny_skia::Pixmap::load_png(dir.join("missouri.png")).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (612, 792));
    let svg = std::fs::read_to_string(dir.join("missouri.svg")).unwrap();
    assert!(svg.contains("<title>Missouri: Efforts to Combat Human Trafficking</title>"));

    let out = factsheet(&[
        "build".as_ref(),
        "profiles/missouri.toml".as_ref(),
        "-o".as_ref(),
        dir.as_os_str(),
        "--paper".as_ref(),
        "a4".as_ref(),
        "--svg".as_ref(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = std::fs::read_to_string(dir.join("missouri.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(
        doc.root_element().attribute("viewBox"),
        Some("0 0 595.28 841.89")
    );

    let out = factsheet(&["build", "profiles", "--png", "--dpi", "5"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses the resolution");
    assert!(stderr(&out).contains("--dpi"), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------- diff

#[test]
fn compare_names_the_changed_count_and_marks_where_it_is() {
    let dir = common::temp_dir("review-compare");
    let path = profiles(&dir, &[("missouri", &missouri_331())]).join("missouri.toml");
    let old = common::build(&common::missouri()).frame;
    let new = common::build(&common::load(path.to_str().unwrap())).frame;
    assert_eq!(factsheet::diff::compare(&old, &old), None);
    let changes = factsheet::diff::compare(&old, &new).expect("the pages differ");
    let texts: Vec<String> = changes.texts.iter().map(ToString::to_string).collect();
    assert_eq!(texts, ["Female 330 → 331"]);
    // The marked regions hold the old and the new count.
    let at = |frame: &Frame, text: &str| {
        frame
            .text_runs()
            .find(|r| r.text == text)
            .map(|r| r.bounds())
            .unwrap()
    };
    for (regions, run) in [
        (&changes.old_regions, at(&old, "330")),
        (&changes.new_regions, at(&new, "331")),
    ] {
        assert!(
            regions.iter().any(|r| r.contains(&run)),
            "{run:?} not in {regions:?}"
        );
    }
    // Only the Gender chart changed: the regions stay in its neighbourhood.
    let marked: f32 = changes.new_regions.iter().map(|r| r.width * r.height).sum();
    assert!(
        marked < new.width * new.height / 20.0,
        "{marked} pt² marked"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn compare_reports_layout_that_moved_without_text_changing() {
    let old = common::build(&common::missouri()).frame;
    let mut new = old.clone();
    for item in &mut new.items {
        if let Content::Path(path) = &mut item.content {
            for p in path.rings.iter_mut().flatten() {
                p.y += 3.0;
            }
            break;
        }
    }
    let changes = factsheet::diff::compare(&old, &new).unwrap();
    assert!(changes.texts.is_empty());
    assert_eq!(changes.moved, 1);
    assert_eq!(changes.new_regions.len(), 1);
}

#[test]
fn diff_exits_as_diff_does_and_draws_only_changed_sheets() {
    let dir = common::temp_dir("review-diff");
    let es = source("missouri-es");
    let old = profiles(
        &dir.join("old"),
        &[("missouri", &source("missouri")), ("missouri-es", &es)],
    );
    let new = profiles(
        &dir.join("new"),
        &[("missouri", &missouri_331()), ("missouri-es", &es)],
    );

    let same = factsheet(&["diff".as_ref(), old.as_os_str(), old.as_os_str()]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(stdout(&same).contains("2 sheets: 0 changed, 2 the same."));

    let images = dir.join("images");
    let summary = dir.join("summary.md");
    let changed = factsheet(&[
        "diff".as_ref(),
        old.as_os_str(),
        new.as_os_str(),
        "-o".as_ref(),
        images.as_os_str(),
        "--markdown".as_ref(),
        summary.as_os_str(),
        "--dpi".as_ref(),
        "40".as_ref(),
    ]);
    assert_eq!(changed.status.code(), Some(1), "{}", stderr(&changed));
    let report = stdout(&changed);
    assert!(report.contains("missouri: changed"), "{report}");
    assert!(report.contains("  Female 330 → 331\n"), "{report}");
    assert!(!report.contains("missouri-es"), "{report}");

    // One image, for the changed sheet: old and new side by side, marked.
    let files: Vec<String> = std::fs::read_dir(&images)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["missouri.png"]);
    let image = tiny_skia::Pixmap::load_png(images.join("missouri.png")).unwrap();
    let page = png::pixel_size(&common::build(&common::missouri()).frame, 40);
    assert!(image.width() > 2 * page.0 && image.height() == page.1);
    let marked = |from: u32, to: u32| {
        (0..image.height())
            .any(|y| (from..to).any(|x| distance(image.pixel(x, y).unwrap(), Rgb(220, 38, 38)) < 8))
    };
    assert!(marked(0, page.0), "the old page is marked");
    assert!(
        marked(image.width() - page.0, image.width()),
        "the new page is marked"
    );

    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| Female | 330 | 331 |"), "{md}");
    assert!(md.contains("](images/missouri.png)"), "{md}");
    assert!(!md.contains("missouri-es"), "{md}");

    // Added and removed sheets are differences too.
    std::fs::remove_file(new.join("missouri-es.toml")).unwrap();
    let removed = factsheet(&["diff".as_ref(), old.as_os_str(), new.as_os_str()]);
    assert_eq!(removed.status.code(), Some(1));
    assert!(stdout(&removed).contains("missouri-es: removed"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_is_trouble_when_a_profile_does_not_build() {
    let dir = common::temp_dir("review-trouble");
    let old = profiles(&dir.join("old"), &[("missouri", &source("missouri"))]);
    let broken = source("missouri").replacen("state = \"Missouri\"", "state = 7", 1);
    let new = profiles(&dir.join("new"), &[("missouri", &broken)]);
    let out = factsheet(&["diff".as_ref(), old.as_os_str(), new.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let line = broken
        .lines()
        .position(|l| l.starts_with("state = 7"))
        .unwrap()
        + 1;
    assert!(
        stderr(&out).contains(&format!("missouri.toml:{line}:")),
        "{}",
        stderr(&out)
    );
    let missing = factsheet(&["diff", "no/such/folder", "profiles"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------- shards

#[test]
fn shards_partition_a_folder() {
    let dir = common::temp_dir("review-shards");
    let missouri = source("missouri");
    let names = ["iowa", "kansas", "missouri", "nebraska", "zeta"];
    let sheets: Vec<(&str, &str)> = names.iter().map(|n| (*n, missouri.as_str())).collect();
    profiles(&dir, &sheets);
    let checked = |shard: &str| -> Vec<String> {
        let report = dir.join(format!("report-{}.json", shard.replace('/', "-")));
        let out = factsheet(&[
            "check".as_ref(),
            dir.as_os_str(),
            "--shard".as_ref(),
            shard.as_ref(),
            "--report".as_ref(),
            report.as_os_str(),
        ]);
        assert!(out.status.success(), "{shard}: {}", stderr(&out));
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        json["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["input"].as_str().unwrap().to_string())
            .collect()
    };
    for n in [2, 3] {
        let parts: Vec<Vec<String>> = (1..=n).map(|k| checked(&format!("{k}/{n}"))).collect();
        let all: Vec<String> = parts.concat();
        let distinct: BTreeSet<&String> = all.iter().collect();
        assert_eq!(all.len(), distinct.len(), "{n} parts overlap: {parts:?}");
        assert_eq!(all.len(), names.len(), "{n} parts miss some: {parts:?}");
    }
    let bad = factsheet(&["check", "profiles", "--shard", "3/2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("K/N"), "{}", stderr(&bad));
    std::fs::remove_dir_all(&dir).unwrap();
}
