//! The Missouri sheet end to end: profile → Frame → PDF, read back.

mod common;

use std::path::Path;
use std::process::Command;

use common::{build, missouri, reference_facts, squash, Pdf};
use factsheet::frame::{Content, Rect};
use factsheet::layout::MARGIN;

#[test]
fn missouri_is_one_page_holding_every_reference_fact_in_order() {
    let built = build(&missouri());
    let pdf = Pdf::parse(&built.pdf);
    assert_eq!(pdf.pages().len(), 1);
    let text = squash(&pdf.text());
    let facts = reference_facts();
    assert!(
        facts.len() > 60,
        "the reference parsed into {} facts",
        facts.len()
    );
    let mut at = 0;
    for fact in &facts {
        match text[at..].find(&squash(fact)) {
            Some(i) => at += i + squash(fact).len(),
            None => panic!(
                "`{fact}` is missing or out of order; text after the previous fact:\n{}",
                &text[at..text.len().min(at + 300)]
            ),
        }
    }
}

#[test]
fn missouri_charts_the_published_hotline_numbers() {
    let pdf = Pdf::parse(&build(&missouri()).pdf);
    let text = pdf.text();
    // reference/hotline-calls-cases-2012-2016.csv, Missouri rows.
    for number in [
        "214", "320", "290", "366", "421", "48", "77", "55", "69", "135",
    ] {
        assert!(
            text.split(|c: char| !c.is_ascii_digit())
                .any(|n| n == number),
            "{number} is not printed"
        );
    }
}

#[test]
fn fonts_are_embedded_subset_and_mapped_to_unicode() {
    let pdf = Pdf::parse(&build(&missouri()).pdf);
    let fonts = pdf.fonts();
    assert!(fonts.len() >= 3, "only {} fonts", fonts.len());
    for (name, font) in fonts {
        let base = font.get(b"BaseFont").unwrap().as_name().unwrap();
        let base = String::from_utf8_lossy(base);
        assert!(
            base.contains("+PublicSans-"),
            "{base} is not a tagged Public Sans subset"
        );
        assert_eq!(
            &base[..6],
            String::from_utf8_lossy(&name),
            "tag and resource name differ"
        );
        assert!(font.get(b"ToUnicode").is_ok(), "{base} lacks ToUnicode");
        let bytes = pdf.font_program(pdf.descendant(font), b"FontFile2");
        assert!(
            bytes.len() < 40_000,
            "{base}: {} bytes is not a subset",
            bytes.len()
        );
    }
}

#[test]
fn every_url_and_phone_number_is_a_borderless_link() {
    let profile = missouri();
    let built = build(&profile);
    let pdf = Pdf::parse(&built.pdf);
    let links = pdf.links();
    let mut expected: Vec<String> = Vec::new();
    expected.extend(profile.demographics.more.iter().map(|m| m.url.clone()));
    expected.extend(profile.efforts.referral.iter().map(|r| r.url.clone()));
    expected.extend(profile.laws.items.iter().filter_map(|l| l.url.clone()));
    for group in &profile.efforts.groups {
        expected.extend(group.items.iter().filter_map(|e| e.url.clone()));
    }
    expected.extend(
        profile
            .hotlines
            .all()
            .into_iter()
            .map(|(_, h)| h.number.uri().unwrap().to_string()),
    );
    assert!(expected.iter().any(|u| u == "tel:+1-888-373-7888"));
    assert!(expected
        .iter()
        .any(|u| u == "https://humantraffickinghotline.org/state/missouri"));
    for uri in &expected {
        assert!(links.iter().any(|(u, _)| u == uri), "no link to {uri}");
    }
    for (uri, _) in &links {
        assert!(expected.contains(uri), "unexpected link {uri}");
    }
    // Each link covers printed text of its own on the page.
    for (uri, [x0, y0, x1, y1]) in &links {
        assert!(x1 > x0 && y1 > y0, "{uri} has an empty area");
        assert!(
            *x0 >= MARGIN - 0.5 && *x1 <= 612.0 - MARGIN + 0.5,
            "{uri} outside the margins"
        );
    }
    let page = pdf.first_page();
    for annot in pdf
        .resolve(page.get(b"Annots").unwrap())
        .as_array()
        .unwrap()
    {
        assert!(
            matches!(annot, lopdf::Object::Reference(_)),
            "annotation not an object"
        );
        let annot = pdf.dict(annot);
        let border = common::numbers(annot.get(b"Border").unwrap());
        assert_eq!(border, vec![0.0, 0.0, 0.0]);
    }
}

#[test]
fn document_info_names_title_author_subject_and_keywords() {
    let profile = missouri();
    let pdf = Pdf::parse(&build(&profile).pdf);
    let info_ref = pdf.doc.trailer.get(b"Info").unwrap();
    let info = pdf.dict(info_ref);
    let text = |key: &[u8]| -> String {
        let lopdf::Object::String(bytes, _) = pdf.resolve(info.get(key).unwrap()) else {
            panic!("not a string")
        };
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    assert_eq!(
        text(b"Title"),
        "Missouri: Efforts to Combat Human Trafficking"
    );
    assert_eq!(
        text(b"Author"),
        "U.S. Department of Health and Human Services Region VII"
    );
    assert!(text(b"Subject").contains("Missouri"));
    assert!(text(b"Keywords").contains("human trafficking"));
    let catalog = pdf.doc.catalog().unwrap();
    assert!(catalog.get(b"Lang").is_ok());
}

#[test]
fn the_frame_keeps_inside_the_margins_without_overlapping_text() {
    let frame = build(&missouri()).frame;
    let content = Rect::new(
        MARGIN,
        MARGIN,
        frame.width - 2.0 * MARGIN,
        frame.height - 2.0 * MARGIN,
    );
    for item in &frame.items {
        let bounds = factsheet::frame::Frame::bounds(&item.content);
        assert!(
            content.contains(&bounds),
            "{:?} lies outside the margins",
            item.content
        );
    }
    let runs: Vec<_> = frame.text_runs().collect();
    assert!(runs.len() > 100);
    for (i, a) in runs.iter().enumerate() {
        for b in &runs[i + 1..] {
            assert!(
                !a.bounds().overlaps(&b.bounds()),
                "`{}` overlaps `{}`",
                a.text,
                b.text
            );
        }
    }
    // Nothing is drawn for a link that has no text under it.
    let texts: Vec<Rect> = runs.iter().map(|r| r.bounds()).collect();
    for item in &frame.items {
        if let Content::Link(link) = &item.content {
            assert!(
                texts.iter().any(|t| t.overlaps(&link.rect)),
                "{} covers no text",
                link.uri
            );
        }
    }
}

#[test]
fn the_same_profile_gives_the_same_bytes() {
    let profile = missouri();
    let a = build(&profile).pdf;
    let b = std::thread::spawn(move || build(&profile).pdf)
        .join()
        .unwrap();
    assert!(a == b, "two builds of one profile differ");
}

#[test]
fn a_malformed_profile_is_located_and_writes_nothing_while_others_build() {
    let dir = common::temp_dir("cli");
    let good = common::portable_source("missouri");
    std::fs::write(dir.join("good.toml"), &good).unwrap();
    let bad = good.replacen(
        "state_code = \"MO\"",
        "state_code = \"MO\"\nsate = \"typo\"",
        1,
    );
    let bad_line = bad.lines().position(|l| l.starts_with("sate")).unwrap() + 1;
    std::fs::write(dir.join("bad.toml"), bad).unwrap();
    std::fs::copy("profiles/region-vii.toml", dir.join("region-vii.toml")).unwrap();
    let out = dir.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(["build"])
        .arg(dir.join("good.toml"))
        .arg(dir.join("bad.toml"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("bad.toml:{bad_line}:1")),
        "{stderr}"
    );
    assert!(stderr.contains("unknown key `sate`"), "{stderr}");
    assert!(stderr.contains("did you mean `state`?"), "{stderr}");
    let written: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written, vec![std::ffi::OsString::from("good.pdf")]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_writes_nothing_and_passes_missouri() {
    let run = Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(["check", "profiles/missouri.toml"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(Path::new("profiles/missouri.toml").exists());
}

#[test]
fn the_pdf_is_tagged_with_figures_that_carry_alt_text() {
    let built = build(&missouri());
    let pdf = Pdf::parse(&built.pdf);
    let catalog = pdf.doc.catalog().unwrap();
    let mark_info = pdf.dict(catalog.get(b"MarkInfo").unwrap());
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    let root = pdf.dict(catalog.get(b"StructTreeRoot").unwrap());
    let document = pdf.dict(root.get(b"K").unwrap());
    assert_eq!(document.get(b"S").unwrap().as_name().unwrap(), b"Document");
    // Walk the tree: every Figure has alt text; count headings and links.
    let mut stack = vec![document];
    let (mut figures, mut links, mut h1) = (0, 0, 0);
    while let Some(elem) = stack.pop() {
        match elem.get(b"S").unwrap().as_name().unwrap() {
            b"Figure" => {
                figures += 1;
                let lopdf::Object::String(alt, _) = elem.get(b"Alt").expect("Figure has /Alt")
                else {
                    panic!("Alt is not a string")
                };
                assert!(alt.len() > 20, "alt text too short");
            }
            b"Link" => links += 1,
            b"H1" => h1 += 1,
            _ => {}
        }
        for kid in elem.get(b"K").unwrap().as_array().unwrap() {
            if let lopdf::Object::Reference(_) = kid {
                stack.push(pdf.dict(kid));
            }
        }
    }
    assert_eq!(h1, 1);
    // The map, three demographics charts and the calls chart.
    assert_eq!(figures, 5);
    // One Link element per linked text: the statistics and referral
    // addresses, six statute citations and two hotline numbers.
    assert_eq!(links, 10);
}
