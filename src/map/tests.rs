//! Tests of the county map.

use super::*;
use crate::atlas::STATES;
use crate::fonts::FontSet;
use crate::frame::{Content, Role};
use crate::profile::Labels;

const AREA: Rect = Rect::new(40.0, 300.0, 220.0, 170.0);

fn cv(key: &str, value: f64) -> CountyValue {
    CountyValue {
        key: key.to_owned(),
        value,
    }
}

/// The English wording: the profile's default labels.
fn english() -> MapWording<'static> {
    static LABELS: std::sync::LazyLock<Labels> = std::sync::LazyLock::new(Labels::default);
    crate::layout::wording::map_wording(&LABELS, NumberFormat::ENGLISH)
}

fn spec<'a>(state: &'a str, values: &'a [CountyValue], counts: bool) -> MapSpec<'a> {
    MapSpec {
        state_code: state,
        values,
        counts,
        legend_low: "Fewer cases",
        legend_high: "More cases",
        face: FontSet::embedded().regular,
        wording: english(),
    }
}

/// Draws into a fresh frame under a Figure node.
fn render(spec: &MapSpec, area: Rect) -> (Frame, MapOutput, NodeId) {
    let mut frame = Frame::new(612.0, 792.0);
    let node = frame.node(
        Role::Figure {
            alt: String::new(),
            lang: None,
        },
        Frame::ROOT,
    );
    let out = draw(&mut frame, area, spec, Some(node)).expect("map draws");
    (frame, out, node)
}

/// The county shapes drawn: filled paths with the white county border.
fn county_paths(frame: &Frame) -> Vec<&Path> {
    frame
        .items
        .iter()
        .filter_map(|item| match &item.content {
            Content::Path(p) if p.stroke == Some(BORDER) && p.fill.is_some() => Some(p),
            _ => None,
        })
        .collect()
}

fn union(rects: impl Iterator<Item = Rect>) -> Rect {
    rects.reduce(|a, b| a.union(&b)).expect("something drawn")
}

/// One value per county of the state, so that a legend is drawn.
fn all_values(state_fips: u32) -> Vec<CountyValue> {
    atlas()
        .counties_of(state_fips)
        .iter()
        .enumerate()
        .map(|(i, c)| cv(&format!("{:05}", c.fips), (i % 7) as f64))
        .collect()
}

#[test]
fn every_state_fits_its_box_and_draws_each_county_once() {
    assert_eq!(STATES.len(), 51);
    for &(code, fips, name) in &STATES {
        let state_fips: u32 = fips.parse().unwrap();
        let expected = atlas().counties_of(state_fips).len();
        assert!(expected > 0, "{name} has no counties");
        let values = all_values(state_fips);
        for (values, counts) in [(&[][..], false), (&values[..], false), (&values[..], true)] {
            for area in [AREA, Rect::new(0.0, 0.0, 300.0, 100.0)] {
                let s = spec(code, values, counts);
                let (frame, out, _) = render(&s, area);
                let counties = county_paths(&frame);
                assert_eq!(counties.len(), expected, "{name}: county shapes");
                let map = union(counties.iter().map(|p| p.bounds()));
                assert!(
                    area.contains(&out.bounds),
                    "{name}: {out:?} outside {area:?}"
                );
                assert!(area.contains(&map), "{name}: map {map:?} outside {area:?}");
                let legend = (!values.is_empty()).then(|| {
                    let c = Classes::new(
                        &values.iter().map(|v| v.value).collect::<Vec<_>>(),
                        counts,
                        &NumberFormat::ENGLISH,
                    );
                    Legend {
                        colors: c.colors.clone(),
                        labels: c.labels.clone(),
                        low: s.legend_low.to_owned(),
                        high: s.legend_high.to_owned(),
                        no_data: None,
                        face: s.face,
                    }
                });
                let (placement, _) = place(area, project_state(state_fips).extent, legend.as_ref());
                let bx = placement.map_box;
                assert!(
                    bx.contains(&map),
                    "{name}: map {map:?} outside its box {bx:?}"
                );
                let fills_w = map.width >= 0.99 * bx.width;
                let fills_h = map.height >= 0.99 * bx.height;
                assert!(
                    fills_w || fills_h,
                    "{name}: map {map:?} does not fill its box {bx:?}"
                );
                // Legend text lies on the page, over no shape of the map or legend.
                for run in frame.text_runs() {
                    for item in &frame.items {
                        if let Content::Path(p) = &item.content {
                            assert!(
                                !run.bounds().overlaps(&p.bounds()),
                                "{name}: text over a shape"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn missouri_has_115_counties_with_st_louis_city_apart() {
    let mo = atlas().counties_of(29);
    assert_eq!(mo.len(), 115);
    let st_louis: Vec<u32> = mo
        .iter()
        .filter(|c| c.name == "St. Louis")
        .map(|c| c.fips)
        .collect();
    assert_eq!(st_louis, [29189, 29510]);
    let (frame, _, _) = render(&spec("mo", &[], false), AREA);
    assert_eq!(county_paths(&frame).len(), 115);
}

#[test]
fn palette_stays_apart_in_grayscale() {
    // CIE lightness, what a gray print keeps of a colour.
    let lightness = |c: Rgb| {
        let y = f64::from(c.luminance());
        if y > 0.008856 {
            116.0 * y.cbrt() - 16.0
        } else {
            903.3 * y
        }
    };
    let mut ramp = vec![NO_DATA];
    ramp.extend(PALETTE);
    for pair in ramp.windows(2) {
        let step = lightness(pair[0]) - lightness(pair[1]);
        assert!(step >= 12.5, "{pair:?}: {step}");
    }
    assert!(TEXT.contrast(Rgb::WHITE) >= 4.5);
}

#[test]
fn legend_has_a_no_data_swatch_when_a_county_has_no_data() {
    let values = missouri_example();
    let (frame, _, node) = render(&spec("MO", &values, false), AREA);
    let label = frame
        .text_runs()
        .find(|r| r.text == "No data")
        .expect("a no-data label");
    let swatch = frame
        .items
        .iter()
        .find_map(|i| match &i.content {
            Content::Path(p) if p.fill == Some(NO_DATA) && p.stroke == Some(SWATCH_EDGE) => {
                Some((p.bounds(), i.node))
            }
            _ => None,
        })
        .expect("a no-data swatch");
    assert_eq!(swatch.1, Some(node));
    assert!(swatch.0.right() < label.origin.x && label.origin.x - swatch.0.right() < 5.0);
    // Every county with data: no such swatch.
    let all = all_values(29);
    let (frame, _, _) = render(&spec("MO", &all, false), AREA);
    assert!(frame.text_runs().all(|r| r.text != "No data"));
}

#[test]
fn aspect_is_the_projected_shape() {
    let aspect = |code| shape(&spec(code, &[], false)).map(|s| s.aspect());
    let mo = aspect("MO").unwrap();
    assert!((1.0..1.4).contains(&mo), "{mo}");
    let tn = aspect("TN").unwrap();
    assert!(tn > 3.0, "Tennessee is long and thin: {tn}");
    assert!(aspect("XX").is_err());
}

#[test]
fn alt_text_in_another_language() {
    let values = missouri_example();
    let mut s = spec("MO", &values, false);
    s.legend_low = "Menos casos";
    s.legend_high = "Más casos";
    s.wording = MapWording {
        and: "y",
        alt: "Mapa de los {units} de {state}, del más claro para {fewer} al más oscuro para {more}; {shaded} de {total} con datos",
        alt_heaviest: "; más intenso en {regions} de {state}: {counties}.",
        units: Some("condados"),
        regions: ["el noroeste", "el centro-norte", "el noreste", "el centro-oeste", "el centro", "el centro-este", "el suroeste", "el centro-sur", "el sureste"],
        ..english()
    };
    let (_, out, _) = render(&s, AREA);
    assert!(
        out.alt.starts_with("Mapa de los condados de Missouri, del más claro para menos casos al más oscuro para más casos; 22 de 115 con datos; más intenso en el noreste y el noroeste de Missouri: Adair, Andrew, "),
        "{}",
        out.alt
    );
    assert!(out.alt.ends_with(", Schuyler y Scotland."), "{}", out.alt);
}

/// The fill of each named county in the drawn frame, by FIPS.
fn fills(frame: &Frame, state_fips: u32) -> HashMap<u32, Rgb> {
    let counties = atlas().counties_of(state_fips);
    county_paths(frame)
        .iter()
        .zip(counties)
        .map(|(p, c)| (c.fips, p.fill.unwrap()))
        .collect()
}

#[test]
fn shading_follows_the_values() {
    let keys = [
        ("Adair", 29001),
        ("Andrew", 29003),
        ("Atchison", 29005),
        ("Audrain", 29007),
        ("Barry", 29009),
        ("Barton", 29011),
        ("Bates", 29013),
        ("Benton", 29015),
    ];
    for counts in [false, true] {
        for values in [
            vec![1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 2.0, 1.0],
            vec![0.0, 3.0, 10.0, 250.0, 17.0, 40.0, 1.0, 99.0],
        ] {
            let cvs: Vec<CountyValue> = keys
                .iter()
                .zip(&values)
                .map(|(&(k, _), &v)| cv(k, v))
                .collect();
            let (frame, _, _) = render(&spec("MO", &cvs, counts), AREA);
            let fill = fills(&frame, 29);
            for (i, &(_, a)) in keys.iter().enumerate() {
                for (j, &(_, b)) in keys.iter().enumerate() {
                    let (la, lb) = (fill[&a].luminance(), fill[&b].luminance());
                    if values[i] > values[j] {
                        assert!(la <= lb, "{counts}: {} vs {}", values[i], values[j]);
                    }
                    if values[i] == values[j] {
                        assert_eq!(fill[&a], fill[&b]);
                    }
                }
            }
            // The largest value gets the darkest colour; counties without data the tint.
            let max = values.iter().copied().fold(0.0, f64::max);
            let darkest = keys[values.iter().position(|&v| v == max).unwrap()].1;
            assert_eq!(fill[&darkest], PALETTE[4]);
            assert_eq!(fill[&29510], NO_DATA);
        }
    }
    // Relative intensities 1–5 map onto the five shades in order.
    let cvs: Vec<CountyValue> = (1..=5).map(|i| cv(keys[i - 1].0, i as f64)).collect();
    let (frame, _, _) = render(&spec("MO", &cvs, false), AREA);
    let fill = fills(&frame, 29);
    for i in 0..5 {
        assert_eq!(fill[&keys[i].1], PALETTE[i]);
    }
}

#[test]
fn a_bad_county_key_draws_nothing() {
    let values = [cv("Adair", 1.0), cv("Buchannan", 2.0)];
    let mut frame = Frame::new(100.0, 100.0);
    assert!(draw(&mut frame, AREA, &spec("MO", &values, false), None).is_err());
    assert!(frame.items.is_empty());
}

/// The proposed Missouri profile: heaviest shading in the northeast and
/// northwest, lighter around the metro areas.
fn missouri_example() -> Vec<CountyValue> {
    [
        ("Adair", 5.0),
        ("Clark", 5.0),
        ("Knox", 5.0),
        ("Lewis", 5.0),
        ("Marion", 5.0),
        ("Schuyler", 5.0),
        ("Scotland", 5.0),
        ("Shelby", 4.0),
        ("Macon", 4.0),
        ("Ralls", 4.0),
        ("Atchison", 5.0),
        ("Andrew", 5.0),
        ("Buchanan", 5.0),
        ("Holt", 5.0),
        ("Nodaway", 5.0),
        ("Platte", 4.0),
        ("Clay", 4.0),
        ("DeKalb", 3.0),
        ("Jackson", 2.0),
        ("St. Louis County", 2.0),
        ("St. Louis city", 2.0),
        ("Greene", 1.0),
    ]
    .iter()
    .map(|&(k, v)| cv(k, v))
    .collect()
}

#[test]
fn alt_text_names_the_heaviest_areas() {
    let values = missouri_example();
    let (frame, out, node) = render(&spec("MO", &values, false), AREA);
    assert!(
        out.alt.starts_with("Heat map of Missouri counties, shaded from lightest for fewer cases to darkest for more cases; 22 of 115 have data; shading is heaviest in northeast and northwest Missouri: "),
        "{}",
        out.alt
    );
    assert!(
        out.alt.ends_with("Adair, Andrew, Atchison, Buchanan, Clark, Holt, Knox, Lewis, Marion, Nodaway, Schuyler and Scotland."),
        "{}",
        out.alt
    );
    // Every item belongs to the figure; text is small, regular and dark.
    assert!(frame.items.iter().all(|i| i.node == Some(node)));
    let runs: Vec<&TextRun> = frame.text_runs().collect();
    assert_eq!(runs.len(), 3, "fewer, more, no data");
    for run in runs {
        assert!((6.5..=7.0).contains(&run.size));
        assert_eq!(run.face, FontSet::embedded().regular);
        assert!(run.color.contrast(Rgb::WHITE) >= 4.5);
    }

    let counts = [
        cv("Adair", 40.0),
        cv("St. Louis city", 12.0),
        cv("Greene", 3.0),
    ];
    let (_, out, _) = render(&spec("MO", &counts, true), AREA);
    assert!(out.alt.contains("by number, shaded from lightest (3, fewer cases) to darkest (40, more cases); 3 of 115 have data"), "{}", out.alt);
    assert!(
        out.alt
            .ends_with("heaviest in northeast Missouri: Adair (40)."),
        "{}",
        out.alt
    );

    let (frame, out, _) = render(&spec("MO", &[], false), AREA);
    assert_eq!(
        out.alt,
        "Map of the 115 counties of Missouri; no data are shaded."
    );
    assert_eq!(frame.text_runs().count(), 0);
}

#[test]
fn counts_legend_shows_class_ranges() {
    let values: Vec<CountyValue> = all_values(29)
        .into_iter()
        .enumerate()
        .map(|(i, mut v)| {
            v.value = (i * i) as f64;
            v
        })
        .collect();
    let (frame, _, _) = render(&spec("MO", &values, true), AREA);
    let labels: Vec<&str> = frame.text_runs().map(|r| r.text.as_str()).collect();
    assert_eq!(
        labels,
        [
            "0–484",
            "529–2,025",
            "2,116–4,624",
            "4,761–8,281",
            "8,464–12,996"
        ]
    );
}

#[test]
fn alaska_stays_in_one_piece() {
    let p = project_state(2);
    let [x0, y0, x1, y1] = p.extent;
    // Alaska is about 1.5 times as wide as tall; wrapped wrongly, it would
    // span the globe.
    let ratio = (x1 - x0) / (y1 - y0);
    assert!((1.2..2.2).contains(&ratio), "{ratio}");
}

#[test]
fn decoding_and_drawing_are_cheap() {
    // Generous bounds for an unoptimised build on a busy machine; a release
    // build decodes in about a millisecond.
    let start = std::time::Instant::now();
    let _ = atlas();
    let values = missouri_example();
    let _ = render(&spec("MO", &values, false), AREA);
    let elapsed = start.elapsed();
    assert!(elapsed.as_millis() < 250, "decode + draw took {elapsed:?}");
}

#[test]
fn one_class_of_counts() {
    let values = [cv("Adair", 0.0), cv("Knox", 0.0)];
    let (frame, out, _) = render(&spec("MO", &values, true), AREA);
    assert!(
        out.alt
            .contains("shaded from lightest (0, fewer cases) to darkest (0, more cases)"),
        "{}",
        out.alt
    );
    assert_eq!(
        frame
            .text_runs()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>(),
        ["0", "No data"]
    );
}
