//! How numbers and phrases read in the sheet's language: numbers with the
//! language's separators, names lower-cased inside a sentence, lists joined
//! with the language's "and", and phrases filled in from templates. Charts
//! and the map write their alt text with these, so both read alike; a
//! message joins the names it suggests with them too.

/// The separators a number is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat<'a> {
    /// Between groups of three digits: "," in English ("1,234").
    pub thousands: &'a str,
    /// Before the decimal digit: "." in English ("3.5").
    pub decimal: &'a str,
}

impl NumberFormat<'_> {
    /// English: "1,234.5".
    pub const ENGLISH: NumberFormat<'static> = NumberFormat {
        thousands: ",",
        decimal: ".",
    };

    /// The usual separators of a BCP 47 language: "1.234,5" in Spanish,
    /// Portuguese, German, Italian and Dutch; "1,234.5" otherwise.
    pub fn for_language(lang: &str) -> NumberFormat<'static> {
        let primary = lang.split(['-', '_']).next().unwrap_or("");
        if ["es", "pt", "de", "it", "nl"]
            .iter()
            .any(|l| primary.eq_ignore_ascii_case(l))
        {
            NumberFormat {
                thousands: ".",
                decimal: ",",
            }
        } else {
            NumberFormat::ENGLISH
        }
    }

    /// A whole number with thousands separators, anything else rounded to
    /// one decimal: 26727 → "26,727", 1234.56 → "1,234.6" (in English).
    pub fn format(&self, value: f64) -> String {
        let tenths = (value.abs() * 10.0).round() as u64;
        let (int, frac) = (tenths / 10, tenths % 10);
        let digits = int.to_string();
        let mut out = String::new();
        if value < 0.0 && tenths > 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(self.thousands);
            }
            out.push(c);
        }
        if frac > 0 {
            out.push_str(self.decimal);
            out.push_str(&frac.to_string());
        }
        out
    }
}

impl Default for NumberFormat<'_> {
    fn default() -> Self {
        NumberFormat::ENGLISH
    }
}

/// A name inside a sentence: "Signals" → "signals", "More cases" → "more
/// cases"; an acronym ("NGO") or a single letter stays as it is.
pub fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

/// "a", "a and b", "a, b and c", with the language's `and`.
pub fn join_list<S: AsRef<str>>(items: &[S], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {and} {}", init.join(", "), last.as_ref())
        }
    }
}

/// `template` with each `{name}` replaced by its value; a placeholder
/// without a value stays as written, so a typo shows in the text rather
/// than vanishing.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let replaced = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, *v))
        });
        match replaced {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_the_language_separators() {
        let en = NumberFormat::ENGLISH;
        assert_eq!(en.format(26727.0), "26,727");
        assert_eq!(en.format(1_234_567.0), "1,234,567");
        assert_eq!(en.format(999.0), "999");
        assert_eq!(en.format(0.0), "0");
        assert_eq!(en.format(1234.56), "1,234.6");
        assert_eq!(en.format(1234.5), "1,234.5");
        assert_eq!(en.format(-3.0), "-3");
        let es = NumberFormat {
            thousands: ".",
            decimal: ",",
        };
        assert_eq!(es.format(1234.0), "1.234");
        assert_eq!(es.format(1234.5), "1.234,5");
        assert_eq!(es.format(421.0), "421");
        assert_eq!(NumberFormat::for_language("es-US"), es);
        assert_eq!(NumberFormat::for_language("en-US"), en);
        assert_eq!(NumberFormat::for_language(""), en);
    }

    #[test]
    fn names_lower_case_inside_a_sentence() {
        assert_eq!(in_sentence("Signals"), "signals");
        assert_eq!(in_sentence("Más casos"), "más casos");
        assert_eq!(in_sentence("NGO"), "NGO");
        assert_eq!(in_sentence("A"), "A");
    }

    #[test]
    fn lists_join_with_the_language_and() {
        assert_eq!(join_list::<&str>(&[], "and"), "");
        assert_eq!(join_list(&["a"], "and"), "a");
        assert_eq!(join_list(&["a", "b"], "y"), "a y b");
        assert_eq!(join_list(&["a", "b", "c"], "and"), "a, b and c");
    }

    #[test]
    fn templates_fill_known_placeholders_only() {
        let text = fill(
            "Map of {state}: {n} of {total} {typo}",
            &[("state", "Missouri"), ("n", "3"), ("total", "115")],
        );
        assert_eq!(text, "Map of Missouri: 3 of 115 {typo}");
        assert_eq!(fill("{", &[]), "{");
    }
}
