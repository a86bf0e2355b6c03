//! Alt text: the sentence a screen reader gets instead of a chart, every
//! number included, in the sheet's language. Only names, numbers and
//! punctuation go into it, joined with the profile's own "and", so no
//! English word slips into a sheet in another language.

use super::{percentages, undisclosed, ChartKind, ChartLabels, ChartSpec};
use crate::words::{in_sentence, join_list};

/// "Signals 214, cases 48; …" for a chart.
pub fn chart(spec: &ChartSpec) -> String {
    let labels = &spec.labels;
    let lead = match spec.title.map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => title.to_string(),
        None => {
            let names: Vec<&str> = spec
                .series
                .iter()
                .map(|s| s.name.trim())
                .filter(|n| !n.is_empty())
                .collect();
            let names: Vec<String> = names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    if i == 0 {
                        n.to_string()
                    } else {
                        in_sentence(n)
                    }
                })
                .collect();
            join_list(&names, labels.and)
        }
    };
    let body = match spec.kind {
        ChartKind::GroupedBar | ChartKind::Line if spec.series.len() > 1 => spec
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let parts: Vec<String> = spec
                    .series
                    .iter()
                    .map(|s| format!("{} {}", in_sentence(&s.name), labels.count(s.values[i])))
                    .collect();
                format!("{c} {}", parts.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; "),
        ChartKind::Pie | ChartKind::Donut => {
            let values = &spec.series[0].values;
            let pct = percentages(values);
            spec.categories
                .iter()
                .zip(values)
                .zip(pct)
                .map(|((c, &v), p)| {
                    if undisclosed(v) {
                        format!("{c} {}", labels.undisclosed)
                    } else {
                        format!("{c} {} ({p}%)", labels.numbers.format(v))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
        _ => counts(spec.categories, &spec.series[0].values, labels),
    };
    sentence(&lead, &body, spec.source)
}

/// "Female 330, Male 62, Gender minorities 0": each category with its count.
pub(crate) fn counts(categories: &[String], values: &[f64], labels: &ChartLabels) -> String {
    categories
        .iter()
        .zip(values)
        .map(|(c, &v)| format!("{c} {}", labels.count(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Lead: body." followed by the source as its own sentence.
pub(crate) fn sentence(lead: &str, body: &str, source: Option<&str>) -> String {
    let lead = lead.trim().trim_end_matches(['.', ':']);
    let mut alt = if lead.is_empty() {
        format!("{body}.")
    } else {
        format!("{lead}: {body}.")
    };
    if let Some(source) = source.map(str::trim).filter(|s| !s.is_empty()) {
        alt.push(' ');
        alt.push_str(source);
        if !source.ends_with('.') {
            alt.push('.');
        }
    }
    alt
}
