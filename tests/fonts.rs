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
    let descendants = pdf
        .resolve(font.get(b"DescendantFonts").unwrap())
        .as_array()
        .unwrap();
    let cid_font = pdf.dict(&descendants[0]);
    assert_eq!(
        cid_font.get(b"Subtype").unwrap().as_name().unwrap(),
        b"CIDFontType0"
    );
    let descriptor = pdf.dict(cid_font.get(b"FontDescriptor").unwrap());
    let program = pdf
        .resolve(descriptor.get(b"FontFile3").unwrap())
        .as_stream()
        .unwrap();
    let bytes = program
        .decompressed_content()
        .unwrap_or_else(|_| program.content.clone());
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
    let program = fonts::subset(regular, &letters).unwrap();
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
