//! Starter profiles for `factsheet new`, and the published hotline figures
//! that pre-fill their calls chart.
//!
//! A starter builds at once: every required field holds a value, and what
//! the author must still write is marked `<<like this>>`, which `check`
//! reports as a placeholder until it is replaced.

use std::path::{Path, PathBuf};

/// National Human Trafficking Hotline signals and cases by state and year,
/// 2012–2016 (see the notes at the top of the file).
const HOTLINE_CSV: &str = include_str!("../../data/hotline-calls-cases-2012-2016.csv");

/// Where the hotline table is, from the project folder.
pub const HOTLINE_TABLE: &str = "data/hotline-calls-cases-2012-2016.csv";

/// The path of the hotline table in the working folder as a profile in
/// `dir` names it, when the table is there: the starter then reads its
/// calls chart from the table rather than copying the numbers.
pub fn hotline_table_from(dir: &Path) -> Option<String> {
    let table = Path::new(HOTLINE_TABLE);
    if !table.is_file() {
        return None;
    }
    let dir = super::lexical(&std::path::absolute(dir).ok()?);
    let table = super::lexical(&std::path::absolute(table).ok()?);
    let shared = dir
        .components()
        .zip(table.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = PathBuf::new();
    for _ in shared..dir.components().count() {
        relative.push("..");
    }
    relative.extend(table.components().skip(shared));
    // TOML paths use forward slashes on every system.
    Some(relative.to_str()?.replace('\\', "/"))
}

/// Marks text the author must replace.
pub const PLACEHOLDER_OPEN: &str = "<<";

/// One state's published hotline figures for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HotlineYear {
    pub year: u16,
    pub signals: u32,
    pub cases: u32,
}

/// The published figures for a state (postal code), oldest year first.
pub fn hotline_figures(code: &str) -> Vec<HotlineYear> {
    let mut years: Vec<HotlineYear> = HOTLINE_CSV
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("Year_Date"))
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            if fields.len() != 5 || !fields[4].trim().eq_ignore_ascii_case(code) {
                return None;
            }
            Some(HotlineYear {
                year: fields[0].trim().parse().ok()?,
                signals: fields[1].trim().parse().ok()?,
                cases: fields[2].trim().parse().ok()?,
            })
        })
        .collect();
    years.sort_by_key(|y| y.year);
    years
}

/// `text` as a TOML string, quotes and escapes included, so any name
/// makes a valid profile.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// A commented starter profile for `state` (`code` its postal code). With
/// `base`, the profile extends it and leaves out what a base holds; with
/// `schema` (the path of factsheet.schema.json from the profile), its first
/// line points editors at the schema. With `hotline_table` (the path of
/// [`HOTLINE_TABLE`] from the profile's folder), the calls chart reads its
/// numbers from it; without, they are written in.
pub fn starter(
    state: &str,
    code: &str,
    base: Option<&str>,
    schema: Option<&str>,
    hotline_table: Option<&str>,
) -> String {
    let mut out = String::new();
    if let Some(schema) = schema {
        out.push_str(&format!("#:schema {schema}\n"));
    }
    let p = |what: &str| format!("{PLACEHOLDER_OPEN}{what}>>");
    out.push_str(&format!(
        "# {}: Efforts to Combat Human Trafficking\n\
         # Written by `factsheet new`. Replace every {open}…>> placeholder;\n\
         # `factsheet check` lists those that remain. See README, \"The profile format\".\n\
         schema = 1\n",
        super::escape_controls(state),
        open = PLACEHOLDER_OPEN
    ));
    if let Some(base) = base {
        out.push_str(&format!("extends = {}\n", quoted(base)));
    }
    out.push_str(&format!(
        "state = {}\nstate_code = {}\n",
        quoted(state),
        quoted(code)
    ));
    if base.is_none() {
        out.push_str(&format!("agency = \"{}\"\n", p("agency")));
    }
    out.push_str(&format!(
        "intro = \"{}\"\n\n[heat_map]\ncaption = \"{}\"\n\
         # County name or FIPS code = value (relative 1–5, or counts with values_are_counts = true).\n\
         [heat_map.counties]\n\n",
        p("one paragraph: what the sheet summarizes and the reporting period"),
        p("what the heat map shows"),
    ));
    out.push_str("[demographics]\n");
    if base.is_none() {
        out.push_str(&format!(
            "heading = \"Demographics of Potential Persons Trafficked\"\nnote = \"{}\"\n",
            p("note on how to read the counts")
        ));
    }
    out.push_str(&format!(
        "more = {{ text = {}, url = {} }}\n\n",
        quoted(&format!(
            "For more statistics on human trafficking in {state}, visit"
        )),
        quoted(&format!(
            "https://humantraffickinghotline.org/state/{}",
            state.to_lowercase().replace(' ', "-")
        )),
    ));
    for (title, labels) in [
        (
            "Citizenship",
            &["U.S. Citizen/Legal Permanent Resident", "Foreign National"][..],
        ),
        ("Gender", &["Female", "Male", "Gender Minorities"][..]),
        ("Age", &["Adult", "Minor"][..]),
    ] {
        out.push_str(&format!(
            "[[demographics.groups]]\ntitle = \"{title}\"\n# Replace the zeros with the hotline's counts.\nitems = [\n"
        ));
        for label in labels {
            out.push_str(&format!("  {{ label = \"{label}\", count = 0 }},\n"));
        }
        out.push_str("]\n\n");
    }
    out.push_str(&format!(
        "[venues]\n# Most frequent first, 1 to 5 each.\nsex = [\"{}\"]\nlabor = [\"{}\"]\n\n",
        p("sex trafficking venue"),
        p("labor trafficking venue")
    ));
    let figures = hotline_figures(code);
    if !figures.is_empty() {
        let first = figures[0].year;
        let last = figures[figures.len() - 1].year;
        let list = |f: &dyn Fn(&HotlineYear) -> String| {
            figures.iter().map(f).collect::<Vec<_>>().join(", ")
        };
        out.push_str(&format!(
            "# Published National Human Trafficking Hotline figures for {state}.\n\
             [[charts]]\n\
             title = \"Signals and Cases Reported to the National Human Trafficking Hotline, {first}–{last}\"\n\
             kind = \"grouped-bar\"\n\
             source = {}\n",
            quoted(&format!(
                "Source: National Human Trafficking Hotline, {state}, {first}–{last}."
            )),
        ));
        let signals = "Signals (calls, emails, online tips)";
        let cases = "Cases reported";
        match hotline_table {
            Some(table) => out.push_str(&format!(
                "# Read from the hotline's table: new figures there change the sheet.\n\
                 [charts.data]\n\
                 file = {}\n\
                 where = {{ postal = {} }}\n\
                 categories = \"Year_Date\"\n\
                 order = \"ascending\"\n\
                 series = [\n  {{ name = \"{signals}\", column = \"Calls\" }},\n  {{ name = \"{cases}\", column = \"Cases_Reported\" }},\n]\n\n",
                quoted(table),
                quoted(code),
            )),
            None => out.push_str(&format!(
                "categories = [{}]\n\
                 series = [\n  {{ name = \"{signals}\", values = [{}] }},\n  {{ name = \"{cases}\", values = [{}] }},\n]\n\n",
                list(&|y| format!("\"{}\"", y.year)),
                list(&|y| y.signals.to_string()),
                list(&|y| y.cases.to_string()),
            )),
        }
    }
    if base.is_none() {
        out.push_str(&format!(
            "[disclaimer]\ntext = \"{}\"\n\n",
            p("what the data are and are not")
        ));
    }
    out.push_str(&format!(
        "[laws]\nheading = {}\n\
         items = [\n  {{ title = \"{}\", citation = \"{}\" }},\n]\n\n",
        quoted(&format!("{state} Human Trafficking Laws")),
        p("statute title"),
        p("§ citation"),
    ));
    out.push_str(&format!(
        "[efforts]\nheading = {}\n\n\
         [[efforts.groups]]\ntitle = \"Collaborations\"\nsubtitle = \"(Coalitions, Task Forces, Working Groups)\"\n\
         items = [{{ text = \"{}\" }}]\n\n",
        quoted(&format!("{state} Statewide Efforts")),
        p("coalition or task force"),
    ));
    if base.is_none() {
        out.push_str(
            "[hotlines]\nheading = \"Human Trafficking Hotlines\"\n\n\
             [hotlines.national]\nname = \"National Human Trafficking Hotline\"\nnumber = \"888-373-7888\"\n\n",
        );
    } else {
        out.push_str("# The national hotline comes from the base; add the state's own:\n# [[hotlines.items]]\n# name = \"…\"\n# number = \"…\"\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_come_from_the_published_table() {
        let mo = hotline_figures("MO");
        assert_eq!(mo.len(), 5);
        assert_eq!(
            mo[4],
            HotlineYear {
                year: 2016,
                signals: 421,
                cases: 135
            }
        );
        assert_eq!(hotline_figures("mo"), mo);
        assert!(hotline_figures("XX").is_empty());
        // 50 states and DC, five years each.
        let states: std::collections::BTreeSet<&str> = HOTLINE_CSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("Year"))
            .filter_map(|l| l.split(',').nth(4))
            .collect();
        assert_eq!(states.len(), 51);
    }
}
