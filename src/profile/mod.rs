//! The profile: what one sheet says, as read from its TOML file.
//!
//! This module owns the schema (serde types, unknown keys rejected), reading
//! a file into a [`Profile`] with located diagnostics ([`load`]) and the checks
//! that serde cannot express ([`validate`]), and the numbers it reads from
//! CSV tables ([`DataCache`]). Every field is documented in
//! README.md under "The profile format".

mod data;
mod diagnostic;
mod load;
mod place;
pub mod schema;
pub mod starter;
mod validate;

pub use data::{ChartData, CountData, CountyData, DataCache, RowOrder, SeriesColumn};
pub use diagnostic::{escape_controls, Diagnostic, Severity, MAX_DIAGNOSTICS};
pub use load::{
    diagnostic_at, files_used, is_base, load, load_str, load_str_with, load_with, Loaded,
    MAX_PROFILE_BYTES,
};
pub use place::{Key, Place};
pub use validate::validate;

use schemars::JsonSchema;

use crate::fonts::FontSet;
use crate::rules::{Rgb, MAX_CATEGORIES, MAX_SERIES, MAX_VALUE};
use crate::words::NumberFormat;
use serde::Deserialize;

/// The schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// One fact sheet.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Schema version; must be 1.
    pub schema: u32,
    /// A base profile this one builds on (path relative to this file): its
    /// tables merge key by key under this file's, lists are replaced.
    #[serde(default)]
    pub extends: Option<String>,
    /// The state's name as printed ("Missouri").
    pub state: String,
    /// Two-letter postal code; selects the map.
    pub state_code: String,
    /// The sheet's title; defaults to "<state>: Efforts to Combat Human Trafficking".
    #[serde(default)]
    pub title: Option<String>,
    /// The agency line under the title; also the PDF's author.
    pub agency: String,
    /// The opening paragraph.
    pub intro: String,
    /// Document language (BCP 47), for the PDF and screen readers.
    #[serde(default = "default_lang")]
    pub lang: String,
    /// Extra search keywords for the PDF's metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The heat map of the state and its caption.
    pub heat_map: HeatMap,
    pub demographics: Demographics,
    pub venues: Venues,
    /// Charts in the third column of the venues row (usually the hotline calls).
    #[serde(default)]
    pub charts: Vec<Chart>,
    /// The tinted note on what the data are and are not.
    pub disclaimer: Disclaimer,
    pub laws: Laws,
    pub efforts: Efforts,
    pub hotlines: Hotlines,
    /// A one-line source note at the foot of the page.
    #[serde(default)]
    pub footer: Option<String>,
    /// The fixed wording the sheet prints, for sheets in other languages.
    #[serde(default)]
    pub labels: Labels,
    /// Colours, fonts and paper.
    #[serde(default)]
    pub theme: Theme,
    /// The faces `theme.fonts` names, loaded; Public Sans without it.
    #[serde(skip)]
    #[schemars(skip)]
    pub fonts: FontSet,
}

fn default_lang() -> String {
    "en-US".to_string()
}

impl Profile {
    /// How numbers are written: the `[labels]` separators, else the
    /// language's.
    pub fn number_format(&self) -> NumberFormat<'_> {
        let usual = NumberFormat::for_language(&self.lang);
        NumberFormat {
            thousands: self
                .labels
                .thousands_separator
                .as_deref()
                .unwrap_or(usual.thousands),
            decimal: self
                .labels
                .decimal_separator
                .as_deref()
                .unwrap_or(usual.decimal),
        }
    }

    /// The title as printed.
    pub fn title(&self) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| format!("{}: Efforts to Combat Human Trafficking", self.state))
    }
}

/// Fixed wording of the sheet; every entry has an English default.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Labels {
    /// The light end of the heat map's legend.
    pub legend_fewer: String,
    /// The dark end of the heat map's legend.
    pub legend_more: String,
    /// Printed instead of a count of 1 or 2 (the hotline's disclosure rule).
    pub undisclosed: String,
    /// Introduces the zero-valued categories a pie or donut leaves out.
    pub not_shown: String,
    /// What a hotline link does, for screen readers: "{call} {name}: {number}".
    pub call: String,
    /// The map legend's swatch for counties without data.
    pub no_data: String,
    /// Joins the last two names of a list in alt text ("a, b and c").
    pub and: String,
    /// Between groups of three digits; by `lang` when not set ("," in
    /// English, "." in Spanish).
    pub thousands_separator: Option<String>,
    /// Before a decimal digit; by `lang` when not set.
    pub decimal_separator: Option<String>,
    /// The map's alt text.
    pub map_alt: MapAlt,
}

impl Default for Labels {
    fn default() -> Self {
        Self {
            legend_fewer: "Fewer cases".to_string(),
            legend_more: "More cases".to_string(),
            undisclosed: crate::rules::UNDISCLOSED_LABEL.to_string(),
            not_shown: "Not shown".to_string(),
            call: "Call".to_string(),
            no_data: "No data".to_string(),
            and: "and".to_string(),
            thousands_separator: None,
            decimal_separator: None,
            map_alt: MapAlt::default(),
        }
    }
}

/// The map's alt text as templates: parts in braces (`{state}`, `{units}`,
/// `{fewer}`, `{more}`, `{shaded}`, `{total}`, `{lightest}`, `{darkest}`,
/// `{classes}`, `{regions}`, `{counties}`) are filled in.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MapAlt {
    /// Opening when values are relative intensities.
    pub intensities: String,
    /// Opening when values are counts.
    pub counts: String,
    /// Where shading is heaviest, after the opening.
    pub heaviest: String,
    /// A map without data.
    pub empty: String,
    /// The state's county-level units, plural; by state in English when
    /// not set ("counties", "parishes", …).
    pub units: Option<String>,
    /// The nine parts of a state, north to south and west to east.
    pub regions: Regions,
    /// Stands for the parts when shading is heaviest in more than three.
    pub several_regions: String,
}

impl Default for MapAlt {
    fn default() -> Self {
        Self {
            intensities: "Heat map of {state} {units}, shaded from lightest for {fewer} to \
                          darkest for {more}; {shaded} of {total} have data"
                .to_string(),
            counts: "Heat map of {state} {units} by number, shaded from lightest \
                     ({lightest}, {fewer}) to darkest ({darkest}, {more}); {shaded} of \
                     {total} have data"
                .to_string(),
            heaviest: "; shading is heaviest in {regions} {state}: {counties}.".to_string(),
            empty: "Map of the {total} {units} of {state}; no data are shaded.".to_string(),
            units: None,
            regions: Regions::default(),
            several_regions: "several parts of".to_string(),
        }
    }
}

/// The names of the nine parts of a state.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Regions {
    pub northwest: String,
    pub north_central: String,
    pub northeast: String,
    pub west_central: String,
    pub central: String,
    pub east_central: String,
    pub southwest: String,
    pub south_central: String,
    pub southeast: String,
}

impl Default for Regions {
    fn default() -> Self {
        Self {
            northwest: "northwest".to_string(),
            north_central: "north-central".to_string(),
            northeast: "northeast".to_string(),
            west_central: "west-central".to_string(),
            central: "central".to_string(),
            east_central: "east-central".to_string(),
            southwest: "southwest".to_string(),
            south_central: "south-central".to_string(),
            southeast: "southeast".to_string(),
        }
    }
}

/// Colours, fonts and paper size.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// `letter` (default) or `a4`; `--paper` on the command line overrides it.
    #[serde(default)]
    pub page: Option<Paper>,
    /// Title and hotline bands and headings, as "#RRGGBB".
    #[serde(default)]
    pub primary: Option<String>,
    /// Ranks, citations and rules, as "#RRGGBB".
    #[serde(default)]
    pub accent: Option<String>,
    /// Link text, as "#RRGGBB".
    #[serde(default)]
    pub link: Option<String>,
    /// Chart series and slice colours, in order, as "#RRGGBB": each needs
    /// 3:1 contrast on white, and neighbours must differ in lightness so
    /// they stay apart in grayscale. Empty: the built-in palette.
    #[serde(default)]
    pub palette: Vec<String>,
    /// TrueType (.ttf) or OpenType (.otf) files to set the sheet in, in
    /// place of the built-in Public Sans.
    #[serde(default)]
    pub fonts: Option<ThemeFonts>,
}

/// Font files by the kind of text they set. Paths are relative to the file
/// that names them (a base's fonts stay with the base).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeFonts {
    /// Body text, lists, chart and map labels.
    pub regular: String,
    /// Captions, notes and the disclaimer; `regular` when not given.
    #[serde(default)]
    pub italic: Option<String>,
    /// The agency line and link labels; `bold` when not given.
    #[serde(default)]
    pub semibold: Option<String>,
    /// Headings, citations and hotline names; `regular` when not given.
    #[serde(default)]
    pub bold: Option<String>,
    /// The title, venue ranks and hotline numbers; `bold` when not given.
    #[serde(default)]
    pub extrabold: Option<String>,
}

impl ThemeFonts {
    /// Each role's file as written, `None` where it falls back to another.
    pub fn files(&self) -> [(&'static str, Option<&str>); 5] {
        [
            ("regular", Some(self.regular.as_str())),
            ("italic", self.italic.as_deref()),
            ("semibold", self.semibold.as_deref()),
            ("bold", self.bold.as_deref()),
            ("extrabold", self.extrabold.as_deref()),
        ]
    }
}

/// Paper sizes a profile may ask for.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    Letter,
    A4,
}

/// `path` with `.` and `..` folded away without touching the disk (a
/// folder named may not exist yet): `profiles/../data/x.csv` is
/// `data/x.csv`. A `..` with no folder before it to undo stays.
pub(crate) fn lexical(path: &std::path::Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Parses "#RRGGBB".
pub fn parse_color(text: &str) -> Option<Rgb> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Rgb(channel(0)?, channel(2)?, channel(4)?))
}

/// The county heat map.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeatMap {
    /// The paragraph printed under the map.
    pub caption: String,
    /// True when county values are case counts (the legend shows numbers);
    /// false when they are relative intensities (the legend reads fewer → more).
    #[serde(default)]
    pub values_are_counts: bool,
    /// County name or 5-digit FIPS code → value.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, f64>")]
    pub counties: toml::Table,
    /// Reads `counties` from a CSV table instead.
    #[serde(default)]
    pub data: Option<CountyData>,
}

/// Demographics of potential persons trafficked.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Demographics {
    pub heading: String,
    pub groups: Vec<DemographicGroup>,
    /// The note under the charts (e.g. "These statistics are non-cumulative…").
    pub note: String,
    /// The "more statistics" sentence and its link.
    #[serde(default)]
    pub more: Option<LinkedText>,
}

/// One small bar chart: Citizenship, Gender or Age.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemographicGroup {
    pub title: String,
    #[serde(default)]
    pub items: Vec<Count>,
    /// Reads `items` from a CSV table instead.
    #[serde(default)]
    pub data: Option<CountData>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub label: String,
    #[schemars(range(min = 0, max = MAX_VALUE))]
    pub count: i64,
}

/// Text followed by a link, printed as one sentence.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkedText {
    pub text: String,
    pub url: String,
    /// What is printed for the link; defaults to the URL without its scheme.
    #[serde(default)]
    pub label: Option<String>,
}

impl LinkedText {
    pub fn label(&self) -> String {
        self.label.clone().unwrap_or_else(|| {
            self.url
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .to_string()
        })
    }
}

/// The two top-5 venue lists, ranked.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Venues {
    /// The small line above each list's heading.
    #[serde(default = "default_top")]
    pub top_label: String,
    #[serde(default = "default_sex_heading")]
    pub sex_heading: String,
    pub sex: Vec<String>,
    #[serde(default = "default_labor_heading")]
    pub labor_heading: String,
    pub labor: Vec<String>,
}

fn default_top() -> String {
    "Top 5".to_string()
}
fn default_sex_heading() -> String {
    "Sex Trafficking Venues".to_string()
}
fn default_labor_heading() -> String {
    "Labor Trafficking Venues".to_string()
}

/// A chart drawn from the profile's own numbers.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    /// Bar labels, slice labels or x values (years).
    #[serde(default)]
    #[schemars(length(max = MAX_CATEGORIES))]
    pub categories: Vec<String>,
    #[serde(default)]
    #[schemars(length(max = MAX_SERIES))]
    pub series: Vec<Series>,
    /// Reads `categories` and `series` from a CSV table instead.
    #[serde(default)]
    pub data: Option<ChartData>,
    /// Where the numbers come from, printed under the chart.
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    Bar,
    Column,
    GroupedBar,
    Donut,
    Pie,
    Line,
}

impl ChartKind {
    /// The kind as written in a profile.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Bar => "bar",
            ChartKind::Column => "column",
            ChartKind::GroupedBar => "grouped-bar",
            ChartKind::Donut => "donut",
            ChartKind::Pie => "pie",
            ChartKind::Line => "line",
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub name: String,
    /// One count per category, from 0 to 10^15.
    #[schemars(inner(range(min = 0, max = MAX_VALUE)))]
    pub values: Vec<f64>,
}

/// The tinted note on what the data are and are not.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Disclaimer {
    pub text: String,
}

/// The state's trafficking statutes.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Laws {
    pub heading: String,
    pub items: Vec<Law>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Law {
    pub title: String,
    pub citation: String,
    /// The statute's page; makes the citation a link.
    #[serde(default)]
    pub url: Option<String>,
}

/// Statewide efforts: the referral directory and grouped resources.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Efforts {
    pub heading: String,
    #[serde(default)]
    pub referral: Option<LinkedText>,
    pub groups: Vec<EffortGroup>,
}

/// Collaborations, resources, funding opportunities or campaigns.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EffortGroup {
    pub title: String,
    /// A parenthetical under the title, e.g. "(Coalitions, Task Forces, Working Groups)".
    #[serde(default)]
    pub subtitle: Option<String>,
    pub items: Vec<Entry>,
}

/// A list entry, linked when its address is known.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub text: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// The hotline band at the foot of the sheet.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hotlines {
    pub heading: String,
    /// The national hotline, printed first; usually set once in a shared base.
    #[serde(default)]
    pub national: Option<Hotline>,
    /// The state's own hotlines, in order.
    #[serde(default)]
    pub items: Vec<Hotline>,
}

impl Hotlines {
    /// Every hotline in printed order, with its key path in the profile.
    pub fn all(&self) -> Vec<(Vec<Key>, &Hotline)> {
        let national = self
            .national
            .iter()
            .map(|h| (vec![Key::Name("hotlines"), Key::Name("national")], h));
        let items = self.items.iter().enumerate().map(|(i, h)| {
            (
                vec![Key::Name("hotlines"), Key::Name("items"), Key::Index(i)],
                h,
            )
        });
        national.chain(items).collect()
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hotline {
    pub name: String,
    /// As printed, e.g. "888-373-7888"; dialled as a `tel:` link.
    #[schemars(with = "String")]
    pub number: PhoneNumber,
    #[serde(default)]
    pub description: Option<String>,
}

/// A hotline number as written, with the link that dials it: parsed once,
/// when the profile is read, for validation and layout alike.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "String")]
pub struct PhoneNumber {
    printed: String,
    uri: Option<String>,
}

impl PhoneNumber {
    /// The `tel:` or `sms:` link; `None` when the text is neither a U.S.
    /// number nor a text shortcode (validation refuses such a profile).
    pub fn uri(&self) -> Option<&str> {
        self.uri.as_deref()
    }
}

impl From<String> for PhoneNumber {
    fn from(printed: String) -> Self {
        let uri = phone_uri(&printed);
        Self { printed, uri }
    }
}

impl std::ops::Deref for PhoneNumber {
    type Target = str;
    fn deref(&self) -> &str {
        &self.printed
    }
}

impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.printed)
    }
}

/// The link that dials a hotline as printed: `tel:` for a U.S. number
/// ("888-373-7888", "1-800-700-1650", "(573) 555-0100"), `sms:` for a text
/// shortcode ("Text BEFREE (233733)", "Text 233733"); `None` when it is neither.
fn phone_uri(number: &str) -> Option<String> {
    let text = number.trim();
    if let Some(rest) = text
        .strip_prefix("Text ")
        .or_else(|| text.strip_prefix("text "))
    {
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let shape_ok = rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '(' | ')'));
        return (shape_ok && (5..=6).contains(&digits.len())).then(|| format!("sms:{digits}"));
    }
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '.' | '+')))
    {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        10 => digits.as_str(),
        11 if digits.starts_with('1') => &digits[1..],
        _ => return None,
    };
    // North American numbers never start an area code or exchange with 0 or 1.
    let valid = |d: u8| d >= b'2';
    let bytes = national.as_bytes();
    (valid(bytes[0]) && valid(bytes[3])).then(|| {
        format!(
            "tel:+1-{}-{}-{}",
            &national[..3],
            &national[3..6],
            &national[6..]
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn lexical_paths_fold_dot_dot_only_where_a_folder_undoes_it() {
        use std::path::Path;
        let fold = |p: &str| super::lexical(Path::new(p)).display().to_string();
        assert_eq!(fold("profiles/../data/x.csv"), "data/x.csv");
        assert_eq!(fold("./profiles/./a.toml"), "profiles/a.toml");
        assert_eq!(fold("../other/../data/x.csv"), "../data/x.csv");
        assert_eq!(fold("../../x"), "../../x");
        assert_eq!(fold("/srv/profiles/../data"), "/srv/data");
    }

    use super::phone_uri;

    #[test]
    fn phone_numbers_and_shortcodes_become_links() {
        assert_eq!(
            phone_uri("888-373-7888").as_deref(),
            Some("tel:+1-888-373-7888")
        );
        assert_eq!(
            phone_uri("1-800-700-1650").as_deref(),
            Some("tel:+1-800-700-1650")
        );
        assert_eq!(
            phone_uri("(573) 555-0100").as_deref(),
            Some("tel:+1-573-555-0100")
        );
        assert_eq!(
            phone_uri("Text BEFREE (233733)").as_deref(),
            Some("sms:233733")
        );
        assert_eq!(phone_uri("800-700-165"), None);
        assert_eq!(phone_uri("call us"), None);
        assert_eq!(phone_uri("088-373-7888"), None);
    }
}
