//! Checks a parsed profile for what its types cannot say: ranges, list
//! lengths, link and phone formats, characters the fonts cannot draw.

use std::borrow::Cow;

use super::diagnostic::Severity;
use super::place::{Key, Place};
use super::{ChartKind, Profile, SCHEMA_VERSION};
use crate::atlas::{self, CountyValue, MapError};
use crate::fonts::{self, Face};
use crate::rules::{self, Rgb};

/// A problem found in a profile, before it is given a file position.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub place: Option<Place>,
    pub message: String,
    pub help: Option<String>,
}

/// Finds where the value at a key path is written.
pub type Locate<'a> = dyn Fn(&[Key]) -> Option<Place> + 'a;

/// Years a chart may show.
const YEARS: std::ops::RangeInclusive<u32> = 1990..=2050;

struct Checker<'a> {
    locate: &'a Locate<'a>,
    findings: Vec<Finding>,
    /// Characters already reported missing from a face, not repeated for
    /// every text that uses them.
    missing_reported: Vec<(Face, char)>,
}

impl Checker<'_> {
    fn report(&mut self, severity: Severity, path: &[Key], message: String, help: &str) {
        self.findings.push(Finding {
            severity,
            place: (self.locate)(path),
            message,
            help: (!help.is_empty()).then(|| help.to_string()),
        });
    }

    fn error(&mut self, path: &[Key], message: String, help: &str) {
        self.report(Severity::Error, path, message, help);
    }

    fn warn(&mut self, path: &[Key], message: String, help: &str) {
        self.report(Severity::Warning, path, message, help);
    }
}

/// Every check on `profile`; `locate` maps a key path to its place in the file.
pub fn validate(profile: &Profile, locate: &Locate<'_>) -> Vec<Finding> {
    let mut c = Checker {
        locate,
        findings: Vec::new(),
        missing_reported: Vec::new(),
    };
    if profile.schema != SCHEMA_VERSION {
        c.error(
            &["schema".into()],
            format!("schema {} is not supported", profile.schema),
            "this build reads `schema = 1`",
        );
    }
    if atlas::state_fips(&profile.state_code).is_none() {
        c.error(
            &["state_code".into()],
            format!("`{}` is not a state postal code", profile.state_code),
            "use the two capital letters of a state or DC, e.g. \"MO\"",
        );
    } else {
        check_counties(&mut c, profile);
    }
    if let Err(problem) = check_language_tag(&profile.lang) {
        c.error(
            &["lang".into()],
            format!("`{}` is not a language tag: {problem}", profile.lang),
            "write a BCP 47 tag such as \"en-US\" or \"es\"",
        );
    }
    check_theme(&mut c, profile);
    check_fonts(&mut c, profile);
    check_texts(&mut c, profile);
    check_counts(&mut c, profile);
    check_venues(&mut c, profile);
    check_charts(&mut c, profile);
    check_links(&mut c, profile);
    c.findings
}

/// Every piece of text with its key path, as the sheet prints it (in
/// capitals where the layout sets it so) and the face it is set in; `None`
/// for text that is not printed (it is only heard, as a link description).
fn texts(profile: &Profile) -> Vec<(Vec<Key>, Cow<'_, str>, Option<Face>)> {
    let f = profile.fonts;
    let key = |parts: &[Key]| parts.to_vec();
    let p = profile;
    let mut list: Vec<(Vec<Key>, &str, Face)> = vec![
        (key(&["agency".into()]), p.agency.as_str(), f.semibold),
        (key(&["intro".into()]), p.intro.as_str(), f.regular),
        (
            key(&["heat_map".into(), "caption".into()]),
            p.heat_map.caption.as_str(),
            f.italic,
        ),
        (
            key(&["demographics".into(), "heading".into()]),
            p.demographics.heading.as_str(),
            f.bold,
        ),
        (
            key(&["demographics".into(), "note".into()]),
            p.demographics.note.as_str(),
            f.italic,
        ),
        (
            key(&["disclaimer".into(), "text".into()]),
            p.disclaimer.text.as_str(),
            f.italic,
        ),
        (
            key(&["laws".into(), "heading".into()]),
            p.laws.heading.as_str(),
            f.bold,
        ),
        (
            key(&["efforts".into(), "heading".into()]),
            p.efforts.heading.as_str(),
            f.bold,
        ),
        (
            key(&["venues".into(), "sex_heading".into()]),
            p.venues.sex_heading.as_str(),
            f.bold,
        ),
        (
            key(&["venues".into(), "labor_heading".into()]),
            p.venues.labor_heading.as_str(),
            f.bold,
        ),
    ];
    for (name, text) in [
        ("legend_fewer", &p.labels.legend_fewer),
        ("legend_more", &p.labels.legend_more),
        ("undisclosed", &p.labels.undisclosed),
        ("not_shown", &p.labels.not_shown),
        ("no_data", &p.labels.no_data),
    ] {
        list.push((key(&["labels".into(), name.into()]), text, f.regular));
    }
    if let Some(footer) = &p.footer {
        list.push((key(&["footer".into()]), footer, f.regular));
    }
    if let Some(more) = &p.demographics.more {
        list.push((
            key(&["demographics".into(), "more".into(), "text".into()]),
            &more.text,
            f.regular,
        ));
    }
    for (g, group) in p.demographics.groups.iter().enumerate() {
        let base = ["demographics".into(), "groups".into(), g.into()];
        list.push((
            [&base[..], &["title".into()]].concat(),
            &group.title,
            f.bold,
        ));
        for (i, item) in group.items.iter().enumerate() {
            list.push((
                [&base[..], &["items".into(), i.into(), "label".into()]].concat(),
                &item.label,
                f.regular,
            ));
        }
    }
    for (name, items) in [("sex", &p.venues.sex), ("labor", &p.venues.labor)] {
        for (i, venue) in items.iter().enumerate() {
            list.push((
                vec!["venues".into(), name.into(), i.into()],
                venue,
                f.regular,
            ));
        }
    }
    for (c, chart) in p.charts.iter().enumerate() {
        let base = ["charts".into(), c.into()];
        list.push((
            [&base[..], &["title".into()]].concat(),
            &chart.title,
            f.bold,
        ));
        if let Some(source) = &chart.source {
            list.push(([&base[..], &["source".into()]].concat(), source, f.regular));
        }
        for (i, category) in chart.categories.iter().enumerate() {
            list.push((
                [&base[..], &["categories".into(), i.into()]].concat(),
                category,
                f.regular,
            ));
        }
        for (s, series) in chart.series.iter().enumerate() {
            list.push((
                [&base[..], &["series".into(), s.into(), "name".into()]].concat(),
                &series.name,
                f.regular,
            ));
        }
    }
    for (i, law) in p.laws.items.iter().enumerate() {
        let base = ["laws".into(), "items".into(), i.into()];
        list.push((
            [&base[..], &["title".into()]].concat(),
            &law.title,
            f.regular,
        ));
        list.push((
            [&base[..], &["citation".into()]].concat(),
            &law.citation,
            f.bold,
        ));
    }
    if let Some(referral) = &p.efforts.referral {
        list.push((
            vec!["efforts".into(), "referral".into(), "text".into()],
            &referral.text,
            f.regular,
        ));
    }
    for (g, group) in p.efforts.groups.iter().enumerate() {
        let base = ["efforts".into(), "groups".into(), g.into()];
        if let Some(subtitle) = &group.subtitle {
            list.push((
                [&base[..], &["subtitle".into()]].concat(),
                subtitle,
                f.regular,
            ));
        }
        for (i, entry) in group.items.iter().enumerate() {
            list.push((
                [&base[..], &["items".into(), i.into(), "text".into()]].concat(),
                &entry.text,
                f.regular,
            ));
        }
    }
    for (base, hotline) in p.hotlines.all() {
        list.push((
            [&base[..], &["name".into()]].concat(),
            &hotline.name,
            f.bold,
        ));
        list.push((
            [&base[..], &["number".into()]].concat(),
            &hotline.number,
            f.extrabold,
        ));
        if let Some(description) = &hotline.description {
            list.push((
                [&base[..], &["description".into()]].concat(),
                description,
                f.regular,
            ));
        }
    }
    let mut list: Vec<_> = list
        .into_iter()
        .map(|(path, text, face)| (path, Cow::Borrowed(text), Some(face)))
        .collect();
    // The title as printed: the default one is the state's name and fixed
    // words, reported at `state`.
    match &p.title {
        Some(title) => {
            list.push((key(&["state".into()]), Cow::Borrowed(&p.state), None));
            list.push((
                key(&["title".into()]),
                Cow::Borrowed(title),
                Some(f.extrabold),
            ));
        }
        None => list.push((
            key(&["state".into()]),
            Cow::Owned(p.title()),
            Some(f.extrabold),
        )),
    }
    let capitals = [
        (
            key(&["venues".into(), "top_label".into()]),
            &p.venues.top_label,
            f.extrabold,
        ),
        (
            key(&["hotlines".into(), "heading".into()]),
            &p.hotlines.heading,
            f.bold,
        ),
        (
            key(&["demographics".into(), "heading".into()]),
            &p.demographics.heading,
            f.bold,
        ),
        (
            key(&["venues".into(), "sex_heading".into()]),
            &p.venues.sex_heading,
            f.bold,
        ),
        (
            key(&["venues".into(), "labor_heading".into()]),
            &p.venues.labor_heading,
            f.bold,
        ),
        (
            key(&["laws".into(), "heading".into()]),
            &p.laws.heading,
            f.bold,
        ),
        (
            key(&["efforts".into(), "heading".into()]),
            &p.efforts.heading,
            f.bold,
        ),
    ];
    for (path, text, face) in capitals {
        list.push((path, Cow::Owned(text.to_uppercase()), Some(face)));
    }
    for (g, group) in p.efforts.groups.iter().enumerate() {
        list.push((
            vec!["efforts".into(), "groups".into(), g.into(), "title".into()],
            Cow::Owned(group.title.to_uppercase()),
            Some(f.bold),
        ));
    }
    // Link labels: given, or the address without its scheme (an address
    // that is not a link is reported as such, not as an empty label).
    for (path, link) in [
        (
            key(&["demographics".into(), "more".into()]),
            &p.demographics.more,
        ),
        (
            key(&["efforts".into(), "referral".into()]),
            &p.efforts.referral,
        ),
    ] {
        if let Some(link) = link
            .as_ref()
            .filter(|l| l.label.is_some() || check_url(&l.url).is_ok())
        {
            let path = [&path[..], &["label".into()]].concat();
            list.push((path, Cow::Owned(link.label()), Some(f.semibold)));
        }
    }
    list.push((
        key(&["labels".into(), "call".into()]),
        Cow::Borrowed(&p.labels.call),
        None,
    ));
    list
}

/// The longest text a field may hold, in characters: five times the
/// longest of the shipped profiles. A text past it could not fit the page,
/// and refusing it here keeps its layout from costing more than its size.
pub const MAX_TEXT_CHARS: usize = 2000;

fn check_texts(c: &mut Checker<'_>, profile: &Profile) {
    for (path, text, face) in texts(profile) {
        let text = text.as_ref();
        if text.trim().is_empty() {
            c.error(
                &path,
                "this text is empty".to_string(),
                "write the text, or remove the entry",
            );
            continue;
        }
        let length = text.chars().count();
        if length > MAX_TEXT_CHARS {
            c.error(
                &path,
                format!(
                    "this text is {length} characters long; a field holds at most {MAX_TEXT_CHARS}"
                ),
                "shorten it: the sheet is one page",
            );
            continue;
        }
        if let Some(bad) = text.chars().find(|ch| ch.is_control() && *ch != '\n') {
            c.error(
                &path,
                format!(
                    "this text holds the control character U+{:04X}",
                    u32::from(bad)
                ),
                "remove it; only plain text and line breaks are allowed",
            );
        }
        let missing = face.map_or_else(Vec::new, |face| {
            let mut missing = fonts::missing_chars(face, text);
            missing.retain(|ch| !c.missing_reported.contains(&(face, *ch)));
            missing
        });
        if let (Some(face), false) = (face, missing.is_empty()) {
            c.error(
                &path,
                format!(
                    "the font {} cannot draw {}",
                    face.postscript_name(),
                    char_list(&missing)
                ),
                "replace these characters, or set fonts that have them in [theme.fonts]",
            );
        }
        if text.contains(super::starter::PLACEHOLDER_OPEN) {
            c.warn(
                &path,
                "this text still holds a placeholder".to_string(),
                "replace it with the real text before printing",
            );
        }
    }
}

/// "'漢' (U+6F22), '字' (U+5B57)".
fn char_list(characters: &[char]) -> String {
    let list: Vec<String> = characters
        .iter()
        .map(|ch| format!("'{ch}' (U+{:04X})", u32::from(*ch)))
        .collect();
    list.join(", ")
}

fn check_counts(c: &mut Checker<'_>, profile: &Profile) {
    if profile.demographics.groups.is_empty() {
        c.error(
            &["demographics".into()],
            "no demographics groups".to_string(),
            "add at least one [[demographics.groups]] with a title and items",
        );
    }
    for (g, group) in profile.demographics.groups.iter().enumerate() {
        let base: Vec<Key> = vec!["demographics".into(), "groups".into(), g.into()];
        if group.items.is_empty() {
            c.error(
                &base,
                format!("group `{}` has no items", group.title),
                "add items = [{ label = \"…\", count = 0 }]",
            );
        } else if group.items.iter().all(|item| item.count == 0) {
            // A starter's zeros would print as bare zeros, as if counted.
            c.warn(
                &[&base[..], &["items".into()]].concat(),
                format!(
                    "every count of `{}` is 0, like a placeholder of a starter profile",
                    group.title
                ),
                "fill in the hotline's counts, or leave the group out",
            );
        }
        for (i, item) in group.items.iter().enumerate() {
            let path = [&base[..], &["items".into(), i.into(), "count".into()]].concat();
            // The schema check keeps counts within 0..=MAX_VALUE.
            if rules::undisclosed(item.count as f64) {
                c.warn(
                    &path,
                    format!("count {} is below the hotline's disclosure threshold", item.count),
                    "the sheet prints \"fewer than 3\"; the hotline does not disclose figures referenced fewer than three times",
                );
            }
        }
    }
}

fn check_venues(c: &mut Checker<'_>, profile: &Profile) {
    for (name, items) in [
        ("sex", &profile.venues.sex),
        ("labor", &profile.venues.labor),
    ] {
        let path: Vec<Key> = vec!["venues".into(), name.into()];
        if items.is_empty() || items.len() > 5 {
            c.error(
                &path,
                format!("the {name} venue list has {} items", items.len()),
                "a top-5 list holds 1 to 5 venues, most frequent first",
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, venue) in items.iter().enumerate() {
            if !seen.insert(venue) {
                c.error(
                    &[&path[..], &[i.into()]].concat(),
                    format!("`{venue}` is listed twice"),
                    "each venue appears once",
                );
            }
        }
    }
}

fn check_charts(c: &mut Checker<'_>, profile: &Profile) {
    for (n, chart) in profile.charts.iter().enumerate() {
        let base: Vec<Key> = vec!["charts".into(), n.into()];
        if chart.categories.is_empty() || chart.series.is_empty() {
            c.error(
                &base,
                format!("chart `{}` has no data", chart.title),
                "give categories and at least one series",
            );
        }
        // Categories that are all four-digit numbers are years: a typo such
        // as 2106 would print a wrong axis.
        let years: Vec<Option<u32>> = chart
            .categories
            .iter()
            .map(|c| (c.len() == 4).then(|| c.parse().ok()).flatten())
            .collect();
        if !years.is_empty() && years.iter().all(Option::is_some) {
            for (i, year) in years.iter().flatten().enumerate() {
                if !YEARS.contains(year) {
                    c.error(
                        &[&base[..], &["categories".into(), i.into()]].concat(),
                        format!("{year} is not a plausible year"),
                        &format!("years run from {} to {}", YEARS.start(), YEARS.end()),
                    );
                }
            }
        }
        let single = !matches!(chart.kind, ChartKind::GroupedBar | ChartKind::Line);
        if single && chart.series.len() > 1 {
            c.error(
                &[&base[..], &["series".into()]].concat(),
                format!(
                    "a {} chart shows one series, and this one has {}",
                    chart.kind.name(),
                    chart.series.len()
                ),
                "keep one series, or use kind = \"grouped-bar\" or \"line\" for several",
            );
        }
        let slices = matches!(chart.kind, ChartKind::Donut | ChartKind::Pie);
        for (s, series) in chart.series.iter().enumerate() {
            let path = [&base[..], &["series".into(), s.into(), "values".into()]].concat();
            if series.values.len() != chart.categories.len() {
                c.error(
                    &path,
                    format!(
                        "series `{}` has {} values for {} categories",
                        series.name,
                        series.values.len(),
                        chart.categories.len()
                    ),
                    "give one value per category, in the same order",
                );
            }
            // The schema check keeps values within 0..=MAX_VALUE.
            if slices && series.values.iter().all(|v| *v == 0.0) {
                c.error(
                    &path,
                    format!("every value of series `{}` is zero: there is nothing to divide into slices", series.name),
                    "give the counts, use kind = \"bar\", or leave the chart out",
                );
            }
            if series.values.iter().any(|v| rules::undisclosed(*v)) {
                c.warn(
                    &path,
                    "a value of 1 or 2 is below the hotline's disclosure threshold".to_string(),
                    "the sheet prints \"fewer than 3\" for it",
                );
            }
        }
    }
}

fn check_links(c: &mut Checker<'_>, profile: &Profile) {
    let mut urls: Vec<(Vec<Key>, &str)> = Vec::new();
    if let Some(more) = &profile.demographics.more {
        urls.push((
            vec!["demographics".into(), "more".into(), "url".into()],
            &more.url,
        ));
    }
    if let Some(referral) = &profile.efforts.referral {
        urls.push((
            vec!["efforts".into(), "referral".into(), "url".into()],
            &referral.url,
        ));
    }
    for (i, law) in profile.laws.items.iter().enumerate() {
        if let Some(url) = &law.url {
            urls.push((
                vec!["laws".into(), "items".into(), i.into(), "url".into()],
                url,
            ));
        }
    }
    for (g, group) in profile.efforts.groups.iter().enumerate() {
        for (i, entry) in group.items.iter().enumerate() {
            if let Some(url) = &entry.url {
                urls.push((
                    vec![
                        "efforts".into(),
                        "groups".into(),
                        g.into(),
                        "items".into(),
                        i.into(),
                        "url".into(),
                    ],
                    url,
                ));
            }
        }
    }
    for (path, url) in urls {
        if let Err(problem) = check_url(url) {
            c.error(
                &path,
                format!("`{url}` is not a usable link: {problem}"),
                "write a full address such as https://example.org/page",
            );
        }
    }
    let hotlines = profile.hotlines.all();
    if hotlines.is_empty() {
        c.error(
            &["hotlines".into()],
            "no hotlines".to_string(),
            "add [hotlines.national] or [[hotlines.items]] with a name and number",
        );
    }
    for (base, hotline) in hotlines {
        if hotline.number.uri().is_none() {
            c.error(
                &[&base[..], &["number".into()]].concat(),
                format!("`{}` is not a phone number", hotline.number),
                "write a U.S. number such as 888-373-7888 or 1-800-555-0100, or a text shortcode such as Text BEFREE (233733)",
            );
        }
    }
}

/// Accepts a well-formed BCP 47 language tag: a language of 2–3 letters
/// (or 4–8 registered ones), then subtags of 1–8 letters or digits, such
/// as "en-US", "es-419" or "zh-Hant-TW". Whether the subtags are registered
/// is not checked; the tag goes into the PDF as written.
fn check_language_tag(tag: &str) -> Result<(), &'static str> {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    if !(2..=8).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err("it must start with a language code of 2 to 8 letters");
    }
    for subtag in subtags {
        if !(1..=8).contains(&subtag.len()) || !subtag.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err("the parts after the language are 1 to 8 letters or digits, joined by -");
        }
    }
    Ok(())
}

/// Accepts https, http, mailto and tel links with no spaces.
fn check_url(url: &str) -> Result<(), &'static str> {
    let (scheme, rest) = url.split_once(':').ok_or("it has no scheme")?;
    if !matches!(scheme, "https" | "http" | "mailto" | "tel") {
        return Err("links must start with https:, http:, mailto: or tel:");
    }
    if url.chars().any(char::is_whitespace) {
        return Err("it contains a space");
    }
    if scheme.starts_with("http") {
        let host = rest
            .strip_prefix("//")
            .ok_or("it lacks // after the scheme")?;
        let host = host.split(['/', '?', '#']).next().unwrap_or("");
        if !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
            return Err("it has no valid host name");
        }
    }
    Ok(())
}

/// County keys must name counties of the state; values must be numbers.
fn check_counties(c: &mut Checker<'_>, profile: &Profile) {
    let mut values = Vec::new();
    for (key, value) in &profile.heat_map.counties {
        let path = [
            Key::Name("heat_map"),
            Key::Name("counties"),
            Key::Owned(key.clone()),
        ];
        match value.as_float().or(value.as_integer().map(|v| v as f64)) {
            Some(v) if v > rules::MAX_VALUE => c.error(
                &path,
                format!("the value for `{key}` is above the largest allowed value"),
                &format!("use a number from 0 to {}", rules::MAX_VALUE),
            ),
            Some(v) => values.push(CountyValue {
                key: key.clone(),
                value: v,
            }),
            None => c.error(
                &path,
                format!("the value for `{key}` is not a number"),
                "give each county a number, e.g. \"Adair\" = 3",
            ),
        }
    }
    if let Err(errors) = atlas::resolve(&profile.state_code, &values) {
        for error in errors {
            let key = match &error {
                MapError::UnknownCounty { key, .. }
                | MapError::AmbiguousCounty { key, .. }
                | MapError::WrongState { key, .. }
                | MapError::InvalidValue { key, .. }
                | MapError::DuplicateCounty { key, .. } => Some(key.clone()),
                MapError::UnknownState(_) => None,
            };
            let mut path = vec![Key::Name("heat_map"), Key::Name("counties")];
            path.extend(key.map(Key::Owned));
            c.error(&path, error.to_string(), "");
        }
    }
}

/// Characters the sheet prints on its own (spaces between words, numbers,
/// percentages, ranks, bullets, ranges, the space after §), by the role of
/// the face that prints them.
const LAYOUT_CHARACTERS: [(&str, &str); 5] = [
    ("regular", " 0123456789.,:%()–"),
    ("italic", " "),
    ("semibold", " "),
    ("bold", " •\u{A0}"),
    ("extrabold", " 0123456789."),
];

/// Every face must draw what the layout prints in it. A face serving
/// several roles is reported once, at the role whose file it is.
fn check_fonts(c: &mut Checker<'_>, profile: &Profile) {
    let roles = profile.fonts.roles();
    let files = profile.theme.fonts.as_ref().map(|f| f.files());
    let has_file = |role: &str| {
        files
            .iter()
            .flatten()
            .any(|&(name, file)| name == role && file.is_some())
    };
    let mut faces: Vec<Face> = roles.iter().map(|&(_, face)| face).collect();
    faces.sort();
    faces.dedup();
    for face in faces {
        let needed: String = LAYOUT_CHARACTERS
            .iter()
            .filter(|(role, _)| roles.iter().any(|(r, f)| r == role && *f == face))
            .map(|(_, characters)| *characters)
            .collect();
        let missing = fonts::missing_chars(face, &needed);
        if missing.is_empty() {
            continue;
        }
        let serving: Vec<&str> = roles
            .iter()
            .filter(|(_, f)| *f == face)
            .map(|(role, _)| *role)
            .collect();
        let role = serving
            .iter()
            .find(|role| has_file(role))
            .unwrap_or(&serving[0]);
        c.error(
            &["theme".into(), "fonts".into(), (*role).into()],
            format!(
                "the font {} cannot draw {}, which the sheet prints itself in {} text",
                face.postscript_name(),
                char_list(&missing),
                serving.join(", ")
            ),
            "choose a font with the basic Latin digits and punctuation",
        );
        c.missing_reported
            .extend(missing.into_iter().map(|ch| (face, ch)));
    }
}

/// Theme colours must parse and keep text legible on white (4.5:1); the
/// primary colour is also the background of white text.
fn check_theme(c: &mut Checker<'_>, profile: &Profile) {
    let theme = &profile.theme;
    check_palette(c, &theme.palette);

    for (name, value) in [
        ("primary", &theme.primary),
        ("accent", &theme.accent),
        ("link", &theme.link),
    ] {
        let Some(value) = value else { continue };
        let path = ["theme".into(), name.into()];
        match super::parse_color(value) {
            None => c.error(
                &path,
                format!("`{value}` is not a colour"),
                "write it as \"#RRGGBB\", e.g. \"#1B3A5C\"",
            ),
            Some(color) => {
                let contrast = color.contrast(Rgb::WHITE);
                if contrast < 4.5 {
                    c.error(
                        &path,
                        format!("`{value}` has a contrast of {contrast:.1}:1 with white; text needs 4.5:1"),
                        "choose a darker colour",
                    );
                }
            }
        }
    }
}

/// Chart colours: graphics need 3:1 on white, and neighbouring colours must
/// differ in luminance so series stay apart in grayscale.
fn check_palette(c: &mut Checker<'_>, palette: &[String]) {
    let mut previous: Option<Rgb> = None;
    for (i, value) in palette.iter().enumerate() {
        let path = ["theme".into(), "palette".into(), i.into()];
        let Some(color) = super::parse_color(value) else {
            c.error(
                &path,
                format!("`{value}` is not a colour"),
                "write it as \"#RRGGBB\", e.g. \"#1B3A5C\"",
            );
            continue;
        };
        let contrast = color.contrast(Rgb::WHITE);
        if contrast < 3.0 {
            c.error(
                &path,
                format!("`{value}` has a contrast of {contrast:.1}:1 with white; chart colours need 3:1"),
                "choose a darker colour",
            );
        }
        if let Some(before) = previous {
            let step = (color.luminance() - before.luminance()).abs();
            if step < rules::MIN_LUMINANCE_STEP {
                c.error(
                    &path,
                    format!(
                        "`{value}` is too close in lightness to the colour before it ({step:.2}; at least {} needed)",
                        rules::MIN_LUMINANCE_STEP
                    ),
                    "alternate dark and light colours so series stay apart in grayscale",
                );
            }
        }
        previous = Some(color);
    }
}
