//! Tests of the state table and of resolving county keys.

use super::*;

fn cv(key: &str, value: f64) -> CountyValue {
    CountyValue {
        key: key.to_owned(),
        value,
    }
}

fn resolve_one(state: &str, key: &str) -> Result<u32, Vec<MapError>> {
    resolve(state, &[cv(key, 1.0)]).map(|r| r[0].0)
}

#[test]
fn county_typo_fails_with_a_suggestion() {
    let errors = resolve_one("MO", "Buchannan").unwrap_err();
    let MapError::UnknownCounty { key, suggestions } = &errors[0] else {
        panic!("{errors:?}");
    };
    assert_eq!(key, "Buchannan");
    assert_eq!(suggestions[0], "Buchanan");
    let message = errors[0].to_string();
    assert!(message.contains("did you mean \"Buchanan\""), "{message}");
    // Far-off names still get pointers to the nearest ones.
    let errors = resolve_one("MO", "Cook").unwrap_err();
    assert!(
        matches!(&errors[0], MapError::UnknownCounty { suggestions, .. } if !suggestions.is_empty())
    );
}

#[test]
fn st_louis_is_ambiguous_in_missouri() {
    let errors = resolve_one("MO", "St. Louis").unwrap_err();
    let MapError::AmbiguousCounty { candidates, .. } = &errors[0] else {
        panic!("{errors:?}");
    };
    assert_eq!(
        candidates,
        &["St. Louis County (29189)", "St. Louis city (29510)"]
    );
    let message = errors[0].to_string();
    assert!(message.contains("St. Louis city (29510)"), "{message}");
    for (key, fips) in [
        ("St. Louis County", 29189),
        ("saint louis county", 29189),
        ("St Louis city", 29510),
        ("City of St. Louis", 29510),
        ("29510", 29510),
        ("29189", 29189),
        ("Ste. Genevieve", 29186),
        ("Sainte Genevieve County", 29186),
        ("st. charles", 29183),
        ("ADAIR COUNTY", 29001),
        (" Adair ", 29001),
    ] {
        assert_eq!(resolve_one("MO", key), Ok(fips), "{key}");
    }
    // A typo of the ambiguous name suggests the distinct forms.
    let errors = resolve_one("MO", "St. Luis").unwrap_err();
    let MapError::UnknownCounty { suggestions, .. } = &errors[0] else {
        panic!("{errors:?}");
    };
    assert!(
        suggestions.contains(&"St. Louis County".to_owned()),
        "{suggestions:?}"
    );
}

#[test]
fn other_states_names_and_codes() {
    assert_eq!(resolve_one("LA", "Orleans Parish"), Ok(22071));
    assert_eq!(resolve_one("NM", "Dona Ana"), Ok(35013));
    assert_eq!(resolve_one("MD", "Prince Georges County"), Ok(24033));
    assert_eq!(resolve_one("MD", "Baltimore city"), Ok(24510));
    assert_eq!(resolve_one("NV", "Carson City"), Ok(32510));
    assert_eq!(resolve_one("VA", "Fairfax County"), Ok(51059));
    assert_eq!(resolve_one("VA", "James City"), Ok(51095));
    assert!(matches!(
        &resolve_one("VA", "Richmond").unwrap_err()[0],
        MapError::AmbiguousCounty { .. }
    ));
    assert_eq!(state_fips("mo"), Some("29"));
    assert_eq!(state_fips("DC"), Some("11"));
    assert_eq!(state_name("WY"), Some("Wyoming"));
    assert_eq!(state_fips("PR"), None);
}

#[test]
fn fips_of_another_state_is_an_error() {
    let errors = resolve_one("MO", "20091").unwrap_err();
    assert_eq!(
        errors[0],
        MapError::WrongState {
            key: "20091".into(),
            state: "Missouri".into()
        }
    );
    assert!(errors[0].to_string().contains("belongs to Kansas"));
    assert!(matches!(
        &resolve_one("MO", "29999").unwrap_err()[0],
        MapError::UnknownCounty { .. }
    ));
}

#[test]
fn resolve_reports_every_problem() {
    let values = [
        cv("Adair", 1.0),
        cv("Buchannan", 2.0),
        cv("St. Louis", 3.0),
        cv("20091", 4.0),
        cv("Clark", f64::NAN),
        cv("Knox", -1.0),
        cv("29001", 2.0),
    ];
    let errors = resolve("MO", &values).unwrap_err();
    assert_eq!(errors.len(), 6, "{errors:?}");
    assert!(matches!(errors[5], MapError::DuplicateCounty { .. }));
    for e in &errors {
        let text = e.to_string();
        assert!(text.ends_with('.') && text.len() > 30, "{text}");
    }
    assert_eq!(
        resolve("XX", &[]),
        Err(vec![MapError::UnknownState("XX".into())])
    );
}

#[test]
fn every_county_resolves_by_its_display_name() {
    for (code, fips, _) in STATES {
        let state: u32 = fips.parse().unwrap();
        for county in atlas().counties_of(state) {
            let key = display_name(county);
            assert_eq!(resolve_one(code, &key), Ok(county.fips), "{code}: {key}");
        }
    }
}
