//! `[theme.fonts]`: a profile's own TrueType/OpenType files, found relative
//! to the file that names them, embedded in the sheet, and refused with a
//! located message when they cannot be used.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use factsheet::fonts::{self, FontSet};
use factsheet::profile::{load, Diagnostic, Profile};

fn shipped(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fonts")
        .join(file)
}

fn missouri_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("profiles/missouri.toml")
        .display()
        .to_string()
}

/// A profile extending Missouri's with `theme_fonts` as its `[theme.fonts]`.
fn write_profile(dir: &Path, name: &str, theme_fonts: &str) -> PathBuf {
    let path = dir.join(name);
    let text = format!(
        "schema = 1\nextends = {:?}\n\n[theme.fonts]\n{theme_fonts}\n",
        missouri_path()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn loaded(path: &Path) -> Profile {
    match load(path) {
        Ok((profile, _)) => profile,
        Err(errors) => panic!("{} does not load: {errors:?}", path.display()),
    }
}

fn errors(path: &Path) -> String {
    let errors: Vec<Diagnostic> = load(path).expect_err("the profile must be refused");
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The base font names of the sheet's fonts, without subset tags.
fn font_names(pdf: &common::Pdf) -> BTreeSet<String> {
    pdf.fonts()
        .values()
        .map(|font| {
            let name = font.get(b"BaseFont").unwrap().as_name().unwrap();
            let name = String::from_utf8_lossy(name).to_string();
            let name = name.split_once('+').map_or(name.clone(), |(_, n)| n.into());
            name.trim_end_matches("-Identity-H").to_string()
        })
        .collect()
}

/// Source Sans 3 Regular (SIL OFL 1.1, `tests/fixtures/fonts/`): an
/// OpenType font with CFF outlines, unlike the TrueType Public Sans.
fn opentype_fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fonts/SourceSans3-Regular.otf")
        .display()
        .to_string()
}

#[test]
fn an_opentype_cff_font_is_embedded_as_a_subset_and_reads_back() {
    let dir = common::temp_dir("fonts-otf");
    let theme = format!("regular = {:?}", opentype_fixture());
    let profile = loaded(&write_profile(&dir, "mo.toml", &theme));
    assert_eq!(
        profile.fonts.regular.postscript_name(),
        "SourceSans3-Regular"
    );
    let built = common::build(&profile);
    let pdf = common::Pdf::parse(&built.pdf);
    assert_eq!(pdf.pages().len(), 1);
    assert_eq!(
        font_names(&pdf),
        BTreeSet::from(["SourceSans3-Regular".to_string()])
    );
    let font = pdf.fonts().into_values().next().unwrap();
    let cid_font = pdf.descendant(font);
    assert_eq!(
        cid_font.get(b"Subtype").unwrap().as_name().unwrap(),
        b"CIDFontType0"
    );
    let bytes = pdf.font_program(cid_font, b"FontFile3");
    let whole = std::fs::metadata(opentype_fixture()).unwrap().len() as usize;
    assert!(bytes.len() * 4 < whole, "{} of {whole} bytes", bytes.len());
    // Every fact of the reference sheet reads back, in order, through the
    // font's ToUnicode map.
    common::assert_facts_in_order(&pdf.text(), &common::reference_facts(), "Source Sans text");
}

#[test]
fn the_shipped_files_named_by_path_give_the_built_in_sheet() {
    let dir = common::temp_dir("fonts-shipped");
    let files = [
        ("regular", "PublicSans_400Regular.ttf"),
        ("italic", "PublicSans_400Regular_Italic.ttf"),
        ("semibold", "PublicSans_600SemiBold.ttf"),
        ("bold", "PublicSans_700Bold.ttf"),
        ("extrabold", "PublicSans_800ExtraBold.ttf"),
    ];
    let theme: String = files
        .iter()
        .map(|(role, file)| format!("{role} = {:?}\n", shipped(file).display().to_string()))
        .collect();
    let profile = loaded(&write_profile(&dir, "mo.toml", &theme));
    assert_eq!(profile.fonts, FontSet::embedded());
    let built = common::build(&profile);
    assert_eq!(built.pdf, common::build(&common::missouri()).pdf);
}

#[test]
fn one_file_sets_every_kind_of_text_and_is_embedded_alone() {
    let dir = common::temp_dir("fonts-one");
    std::fs::copy(shipped("PublicSans_700Bold.ttf"), dir.join("Heavy.ttf")).unwrap();
    let profile = loaded(&write_profile(&dir, "mo.toml", "regular = \"Heavy.ttf\""));
    let bold = FontSet::embedded().bold;
    for (role, face) in profile.fonts.roles() {
        assert_eq!(face, bold, "{role}");
    }
    let built = common::build(&profile);
    let pdf = common::Pdf::parse(&built.pdf);
    assert_eq!(pdf.pages().len(), 1);
    assert_eq!(
        font_names(&pdf),
        BTreeSet::from(["PublicSans-Bold".to_string()])
    );
    assert!(pdf.text().contains("Efforts to Combat Human Trafficking"));
    for run in built.frame.text_runs() {
        assert_eq!(run.face, bold, "{:?}", run.text);
    }
}

#[test]
fn font_paths_are_relative_to_the_file_that_names_them() {
    let dir = common::temp_dir("fonts-relative");
    std::fs::create_dir_all(dir.join("shared/type")).unwrap();
    std::fs::create_dir_all(dir.join("sheets")).unwrap();
    // The base names its body face relative to itself...
    std::fs::copy(
        shipped("PublicSans_400Regular_Italic.ttf"),
        dir.join("shared/type/Body.ttf"),
    )
    .unwrap();
    std::fs::write(
        dir.join("shared/base.toml"),
        format!(
            "schema = 1\nextends = {:?}\n\n[theme.fonts]\nregular = \"type/Body.ttf\"\n",
            missouri_path()
        ),
    )
    .unwrap();
    // ...and the sheet adds a heading face beside itself.
    std::fs::copy(
        shipped("PublicSans_800ExtraBold.ttf"),
        dir.join("sheets/Heads.ttf"),
    )
    .unwrap();
    let sheet = dir.join("sheets/mo.toml");
    std::fs::write(
        &sheet,
        "schema = 1\nextends = \"../shared/base.toml\"\n\n[theme.fonts]\nbold = \"Heads.ttf\"\n",
    )
    .unwrap();
    let fonts = loaded(&sheet).fonts;
    let shipped = FontSet::embedded();
    assert_eq!(fonts.regular, shipped.italic);
    assert_eq!(fonts.bold, shipped.extrabold);
    // Roles without a file take the nearest face given.
    assert_eq!(fonts.italic, fonts.regular);
    assert_eq!(fonts.semibold, fonts.bold);
    assert_eq!(fonts.extrabold, fonts.bold);
}

#[test]
fn a_missing_font_file_is_located_and_names_where_it_was_looked_for() {
    let dir = common::temp_dir("fonts-missing");
    let path = write_profile(&dir, "mo.toml", "regular = \"fonts/Nope.ttf\"");
    let text = errors(&path);
    assert!(text.contains("mo.toml:5:11"), "{text}");
    assert!(
        text.contains("cannot use the regular font `fonts/Nope.ttf`"),
        "{text}"
    );
    let expected = dir.join("fonts/Nope.ttf").display().to_string();
    assert!(text.contains(&format!("resolves to {expected}")), "{text}");
}

#[test]
fn a_file_that_is_not_a_font_is_refused_at_its_key() {
    let dir = common::temp_dir("fonts-not-a-font");
    std::fs::write(dir.join("notes.ttf"), "these are notes, not a font").unwrap();
    std::fs::write(dir.join("web.woff"), b"wOFF\0\x01\0\0 and the rest").unwrap();
    let path = write_profile(
        &dir,
        "mo.toml",
        "regular = \"notes.ttf\"\nbold = \"web.woff\"",
    );
    let text = errors(&path);
    assert!(text.contains("mo.toml:5:11"), "{text}");
    assert!(text.contains("not a TrueType or OpenType font"), "{text}");
    assert!(text.contains("mo.toml:6:8"), "{text}");
    assert!(text.contains("WOFF web fonts are not supported"), "{text}");
    assert!(text.contains("help: use a TrueType (.ttf) or OpenType (.otf)"));
}

#[test]
fn a_font_without_digits_is_refused_before_anything_is_drawn() {
    let dir = common::temp_dir("fonts-no-digits");
    let regular = FontSet::embedded().regular;
    let letters: BTreeSet<u16> = ('A'..='Z')
        .chain('a'..='z')
        .chain([' ', ':', '.', ','])
        .filter_map(|c| fonts::glyph(regular, c))
        .collect();
    // A complete font (its `name` table included, which the PDF subsets
    // leave out), as a font file a user has would be.
    let program = fonts::subset_for_web(regular, &letters).unwrap();
    std::fs::write(dir.join("Letters.ttf"), program).unwrap();
    let path = write_profile(&dir, "mo.toml", "regular = \"Letters.ttf\"");
    let text = errors(&path);
    assert!(text.contains("mo.toml:5:11"), "{text}");
    assert!(
        text.contains("the font PublicSans-Regular cannot draw '0' (U+0030)"),
        "{text}"
    );
    assert!(text.contains("which the sheet prints itself"), "{text}");
    // Text fields are named with the other characters they need, and a
    // missing digit is said once, not for every text that has one.
    assert!(text.contains("cannot draw '/' (U+002F)"), "{text}");
    assert_eq!(text.matches("'0' (U+0030)").count(), 1, "{text}");
}

#[test]
fn sheets_with_different_fonts_build_side_by_side() {
    let dir = common::temp_dir("fonts-parallel");
    std::fs::copy(shipped("PublicSans_700Bold.ttf"), dir.join("Heavy.ttf")).unwrap();
    std::fs::copy(
        shipped("PublicSans_400Regular_Italic.ttf"),
        dir.join("Slant.ttf"),
    )
    .unwrap();
    let heavy = write_profile(&dir, "heavy.toml", "regular = \"Heavy.ttf\"");
    let slant = write_profile(&dir, "slant.toml", "regular = \"Slant.ttf\"");
    let names = std::thread::scope(|scope| {
        let jobs: Vec<_> = [heavy, slant, PathBuf::from(missouri_path())]
            .into_iter()
            .map(|path| {
                scope.spawn(move || {
                    let built = common::build(&loaded(&path));
                    font_names(&common::Pdf::parse(&built.pdf))
                })
            })
            .collect();
        jobs.into_iter()
            .map(|job| job.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert_eq!(names[0], BTreeSet::from(["PublicSans-Bold".to_string()]));
    assert_eq!(names[1], BTreeSet::from(["PublicSans-Italic".to_string()]));
    assert_eq!(names[2].len(), 5, "{:?}", names[2]);
}

#[test]
fn a_font_file_replaced_between_loads_is_read_again() {
    let dir = common::temp_dir("fonts-replaced");
    let path = write_profile(&dir, "mo.toml", "regular = \"Body.ttf\"");
    let shipped_set = FontSet::embedded();
    std::fs::copy(shipped("PublicSans_700Bold.ttf"), dir.join("Body.ttf")).unwrap();
    assert_eq!(loaded(&path).fonts.regular, shipped_set.bold);
    std::fs::copy(shipped("PublicSans_400Regular.ttf"), dir.join("Body.ttf")).unwrap();
    assert_eq!(loaded(&path).fonts.regular, shipped_set.regular);
}

#[test]
fn every_character_a_sheet_prints_is_checked_before_it_is_drawn() {
    let dir = common::temp_dir("fonts-coverage");
    let shipped_set = FontSet::embedded();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sheets = [
        "profiles/missouri.toml",
        "profiles/missouri-es.toml",
        "tests/fixtures/charts.toml",
    ];
    for (n, sheet) in sheets.iter().enumerate() {
        let built = common::build(&loaded(&root.join(sheet)));
        for (role, face) in shipped_set.roles() {
            let printed: BTreeSet<char> = built
                .frame
                .text_runs()
                .filter(|run| run.face == face)
                .flat_map(|run| run.text.chars())
                .collect();
            if printed.is_empty() {
                continue;
            }
            // The face without the glyphs of everything printed in it.
            let dropped: BTreeSet<u16> = printed
                .iter()
                .filter_map(|&c| fonts::glyph(face, c))
                .collect();
            let kept: BTreeSet<u16> = (0..0x3000)
                .filter_map(char::from_u32)
                .filter_map(|c| fonts::glyph(face, c))
                .filter(|glyph| !dropped.contains(glyph))
                .collect();
            let file = dir.join(format!("{n}-{role}.ttf"));
            std::fs::write(&file, fonts::subset(face, &kept).unwrap()).unwrap();
            let theme: String = shipped_set
                .roles()
                .iter()
                .map(|&(other, other_face)| {
                    let path = if other == role {
                        file.clone()
                    } else {
                        shipped(&shipped_file(other_face))
                    };
                    format!("{other} = {:?}\n", path.display().to_string())
                })
                .collect();
            let profile = dir.join(format!("{n}-{role}.toml"));
            std::fs::write(
                &profile,
                format!(
                    "schema = 1\nextends = {:?}\n\n[theme.fonts]\n{theme}",
                    root.join(sheet).display().to_string()
                ),
            )
            .unwrap();
            let text = errors(&profile);
            for c in printed {
                let named = format!("'{c}' (U+{:04X})", u32::from(c));
                assert!(
                    text.contains(&named),
                    "{sheet}: the {role} face prints {c:?}, which check does not look for:\n{text}"
                );
            }
        }
    }
}

/// The file in `fonts/` a shipped face comes from.
fn shipped_file(face: fonts::Face) -> String {
    let name = face.postscript_name();
    let weight = match name.trim_start_matches("PublicSans-") {
        "Regular" => "400Regular",
        "Italic" => "400Regular_Italic",
        "SemiBold" => "600SemiBold",
        "Bold" => "700Bold",
        "ExtraBold" => "800ExtraBold",
        other => panic!("not a shipped face: {other}"),
    };
    format!("PublicSans_{weight}.ttf")
}

/// `program` with one more table in its directory.
fn with_table(program: &[u8], tag: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let tables = usize::from(u16::from_be_bytes([program[4], program[5]]));
    let directory_end = 12 + tables * 16;
    let mut records: Vec<[u8; 16]> = program[12..directory_end]
        .chunks(16)
        .map(|r| r.try_into().unwrap())
        .collect();
    // Every table moves down by the new record's 16 bytes.
    for record in &mut records {
        let offset = u32::from_be_bytes(record[8..12].try_into().unwrap()) + 16;
        record[8..12].copy_from_slice(&offset.to_be_bytes());
    }
    let mut body = program[directory_end..].to_vec();
    while !body.len().is_multiple_of(4) {
        body.push(0);
    }
    let mut record = [0u8; 16];
    record[..4].copy_from_slice(tag);
    let offset = (directory_end + 16 + body.len()) as u32;
    record[8..12].copy_from_slice(&offset.to_be_bytes());
    record[12..16].copy_from_slice(&(data.len() as u32).to_be_bytes());
    records.push(record);
    records.sort();
    let mut out = program[..12].to_vec();
    out[4..6].copy_from_slice(&((tables + 1) as u16).to_be_bytes());
    out.extend(records.iter().flatten());
    out.extend(body);
    out.extend(data);
    out
}

/// `program` with its OS/2 `fsType` (the embedding licence bits) set.
fn with_fs_type(program: &[u8], fs_type: u16) -> Vec<u8> {
    let tables = usize::from(u16::from_be_bytes([program[4], program[5]]));
    let record = program[12..12 + tables * 16]
        .chunks(16)
        .find(|r| &r[..4] == b"OS/2")
        .expect("an OS/2 table");
    let offset = u32::from_be_bytes(record[8..12].try_into().unwrap()) as usize;
    let mut out = program.to_vec();
    out[offset + 8..offset + 10].copy_from_slice(&fs_type.to_be_bytes());
    out
}

#[test]
fn variable_and_licence_restricted_fonts_are_refused_at_their_key() {
    let dir = common::temp_dir("fonts-refused");
    let regular = std::fs::read(shipped("PublicSans_400Regular.ttf")).unwrap();
    // An axis record would follow; the directory entry is what marks it.
    std::fs::write(
        dir.join("Variable.ttf"),
        with_table(&regular, b"fvar", &[0, 1, 0, 0, 0, 16, 0, 2]),
    )
    .unwrap();
    std::fs::write(dir.join("Restricted.ttf"), with_fs_type(&regular, 0x0002)).unwrap();
    std::fs::write(dir.join("Printable.ttf"), with_fs_type(&regular, 0x0004)).unwrap();
    let path = write_profile(
        &dir,
        "mo.toml",
        "regular = \"Printable.ttf\"\nbold = \"Variable.ttf\"\nitalic = \"Restricted.ttf\"",
    );
    let text = errors(&path);
    assert!(text.contains("mo.toml:6:8"), "{text}");
    assert!(text.contains("variable fonts are not supported"), "{text}");
    assert!(text.contains("mo.toml:7:10"), "{text}");
    assert!(text.contains("licence forbids embedding"), "{text}");
    assert!(
        !text.contains("mo.toml:5:"),
        "a print-and-preview font is usable: {text}"
    );
}

#[test]
fn a_sheet_overrides_its_base_fonts_and_a_bad_base_font_is_reported_in_the_base() {
    let dir = common::temp_dir("fonts-base");
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::copy(
        shipped("PublicSans_700Bold.ttf"),
        dir.join("shared/Body.ttf"),
    )
    .unwrap();
    let base = dir.join("shared/base.toml");
    let base_text = |regular: &str| {
        format!(
            "schema = 1\nextends = {:?}\n\n[theme.fonts]\nregular = {regular:?}\n",
            missouri_path()
        )
    };
    std::fs::write(&base, base_text("Body.ttf")).unwrap();
    std::fs::copy(
        shipped("PublicSans_400Regular_Italic.ttf"),
        dir.join("Own.ttf"),
    )
    .unwrap();
    let sheet = dir.join("mo.toml");
    std::fs::write(
        &sheet,
        "schema = 1\nextends = \"shared/base.toml\"\n\n[theme.fonts]\nregular = \"Own.ttf\"\n",
    )
    .unwrap();
    assert_eq!(loaded(&sheet).fonts.regular, FontSet::embedded().italic);
    // Without its own, the sheet takes the base's, found beside the base.
    std::fs::write(&sheet, "schema = 1\nextends = \"shared/base.toml\"\n").unwrap();
    assert_eq!(loaded(&sheet).fonts.regular, FontSet::embedded().bold);
    std::fs::write(&base, base_text("Gone.ttf")).unwrap();
    let text = errors(&sheet);
    assert!(text.contains("base.toml:5:11"), "{text}");
    let expected = dir.join("shared/Gone.ttf").display().to_string();
    assert!(text.contains(&expected), "{text}");
}

#[test]
fn the_same_sheet_is_the_same_bytes_whatever_fonts_were_loaded_before() {
    let dir = common::temp_dir("fonts-order");
    std::fs::copy(shipped("PublicSans_700Bold.ttf"), dir.join("Heavy.ttf")).unwrap();
    let theme = format!("regular = {:?}\nbold = \"Heavy.ttf\"", opentype_fixture());
    let mixed = write_profile(&dir, "mixed.toml", &theme);
    let other = write_profile(&dir, "other.toml", "regular = \"Heavy.ttf\"");
    let build = |order: [&Path; 2], out: &str| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_factsheet"))
            .arg("build")
            .args(order)
            .args(["-j", "1", "-o"])
            .arg(dir.join(out))
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        std::fs::read(dir.join(out).join("mixed.pdf")).unwrap()
    };
    let first = build([&mixed, &other], "first");
    let second = build([&other, &mixed], "second");
    assert!(
        first == second,
        "the bytes depend on which fonts were loaded first"
    );
}

/// A CID-keyed CFF program (CJK fonts are made so) is read through its
/// charset: the codes in the page must be the glyphs' CIDs, which differ
/// from their glyph ids and which the font's ToUnicode map and widths are
/// keyed by. printpdf's mock font (`tests/fixtures/fonts/`, MIT) maps A–J
/// to CIDs 901, 811…891 at glyphs 2–11.
#[test]
fn cid_keyed_cff_text_reads_back() {
    use factsheet::export::pdf::{self, Metadata};
    use factsheet::frame::{Frame, Point, Rgb, TextRun};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/mock_cff_cid.otf");
    let face = fonts::load(std::fs::read(path).unwrap()).unwrap();
    let text = "ABC JIG";
    let mut frame = Frame::new(612.0, 792.0);
    frame.text(
        TextRun {
            origin: Point::new(72.0, 100.0),
            face,
            size: 12.0,
            color: Rgb(0x22, 0x22, 0x22),
            text: text.to_string(),
            width: fonts::width(face, 12.0, text),
        },
        Some(Frame::ROOT),
    );
    let metadata = Metadata {
        title: "CID-keyed".to_string(),
        lang: "en".to_string(),
        ..Metadata::default()
    };
    let bytes = pdf::write(&frame, &metadata).unwrap();
    assert_eq!(common::Pdf::parse(&bytes).text_runs(), [text]);
}
