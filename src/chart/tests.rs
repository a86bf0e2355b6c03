//! Geometry checks on the Frame a chart leaves behind.

use super::*;
use crate::fonts::FontSet;
use crate::frame::{Content, Path, Point, TextRun};

fn format_number(v: f64) -> String {
    NumberFormat::ENGLISH.format(v)
}

const NAVY: Rgb = Rgb(0x1B, 0x3A, 0x5C);
const TEXT: Rgb = Rgb(0x22, 0x22, 0x22);

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn series(name: &str, values: &[f64]) -> Series {
    Series {
        name: name.into(),
        values: values.to_vec(),
    }
}

fn spec<'a>(kind: ChartKind, categories: &'a [String], series: &'a [Series]) -> ChartSpec<'a> {
    ChartSpec {
        kind,
        title: None,
        categories,
        series,
        source: None,
        palette: &[],
        text_size: 7.5,
        text_color: TEXT,
        fonts: FontSet::embedded(),
        labels: ChartLabels::default(),
    }
}

/// Draws `s` into a fresh page-sized frame and checks what every chart
/// must keep to ([`check_common`]).
fn drawn(area: Rect, s: &ChartSpec, node: Option<NodeId>) -> (Frame, ChartOutput) {
    let mut frame = Frame::new(612.0, 792.0);
    let out = draw(&mut frame, area, s, node).unwrap();
    check_common(&frame, area);
    (frame, out)
}

fn texts(frame: &Frame) -> Vec<&TextRun> {
    frame.text_runs().collect()
}

fn filled(frame: &Frame) -> Vec<(&Path, Option<NodeId>)> {
    frame
        .items
        .iter()
        .filter_map(|i| match &i.content {
            Content::Path(p) if p.fill.is_some() => Some((p, i.node)),
            _ => None,
        })
        .collect()
}

/// Everything inside the area, no text run overlapping another, no text
/// below the minimum size, text legible on white.
fn check_common(frame: &Frame, area: Rect) {
    for item in &frame.items {
        let b = Frame::bounds(&item.content);
        assert!(area.contains(&b), "{b:?} outside {area:?}: {item:?}");
    }
    let runs = texts(frame);
    for (i, a) in runs.iter().enumerate() {
        assert!(a.size >= MIN_TEXT_SIZE, "{:?} is {} pt", a.text, a.size);
        assert!(a.color.contrast(Rgb::WHITE) >= 4.5, "{:?}", a.text);
        for b in &runs[i + 1..] {
            assert!(
                !a.bounds().overlaps(&b.bounds()),
                "{:?} {:?} overlaps {:?} {:?}",
                a.text,
                a.bounds(),
                b.text,
                b.bounds()
            );
        }
    }
}

fn has_text(frame: &Frame, text: &str) -> bool {
    frame.text_runs().any(|r| r.text == text)
}

fn demographics() -> (Vec<String>, Vec<Series>) {
    (
        strings(&["U.S. Citizen/Legal Permanent Resident", "Foreign National"]),
        vec![series("Citizenship", &[167.0, 66.0])],
    )
}

fn hotline() -> (Vec<String>, Vec<Series>) {
    (
        strings(&["2012", "2013", "2014", "2015", "2016"]),
        vec![
            series("Signals", &[214.0, 320.0, 290.0, 366.0, 421.0]),
            series("Cases", &[48.0, 77.0, 55.0, 69.0, 135.0]),
        ],
    )
}

fn five_slices() -> (Vec<String>, Vec<Series>) {
    (
        strings(&["Sex", "Labor", "Sex and Labor", "Not specified", "Other"]),
        vec![series("Type of trafficking", &[88.0, 17.0, 9.0, 20.0, 2.0])],
    )
}

#[test]
fn palette_steps_in_luminance_and_contrasts_with_white() {
    let p = default_palette();
    assert!(p.len() >= 5);
    for i in 0..p.len() {
        let (a, b) = (p[i], p[(i + 1) % p.len()]);
        let step = (a.luminance() - b.luminance()).abs();
        assert!(step >= MIN_LUMINANCE_STEP, "{a:?} next to {b:?}: {step}");
        assert!(a.contrast(Rgb::WHITE) >= 3.0, "{a:?}");
    }
}

#[test]
fn slice_colours_keep_the_step_all_round() {
    for n in 1..=9 {
        let colors = pie::slice_colors(default_palette(), n);
        if n < 2 {
            continue;
        }
        for i in 0..n {
            let (a, b) = (colors[i], colors[(i + 1) % n]);
            assert!(
                (a.luminance() - b.luminance()).abs() >= MIN_LUMINANCE_STEP,
                "{n} slices: {i} {a:?} / {b:?}"
            );
        }
    }
}

#[test]
fn undisclosed_counts() {
    assert!(undisclosed(1.0) && undisclosed(2.0));
    assert!(!undisclosed(0.0) && !undisclosed(3.0) && !undisclosed(214.0));
    let labels = ChartLabels::default();
    assert_eq!(labels.count(2.0), "fewer than 3");
    assert_eq!(labels.count(0.0), "0");
    assert_eq!(labels.count(1234.0), "1,234");
}

#[test]
fn percentages_sum_to_100() {
    for values in [
        vec![1.0, 1.0, 1.0],
        vec![167.0, 66.0],
        vec![88.0, 17.0, 9.0, 20.0, 2.0],
        vec![330.0, 62.0, 0.0],
        vec![5.0],
        vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    ] {
        let p = percentages(&values);
        assert_eq!(p.iter().sum::<u32>(), 100, "{values:?} → {p:?}");
    }
    assert_eq!(percentages(&[1.0, 1.0, 1.0]), vec![34, 33, 33]);
    assert_eq!(percentages(&[167.0, 66.0]), vec![72, 28]);
}

#[test]
fn horizontal_bars_are_proportional_and_labelled() {
    let (cats, ser) = demographics();
    let area = Rect::new(40.0, 100.0, 160.0, 55.0);
    let (frame, out) = drawn(area, &spec(ChartKind::HorizontalBar, &cats, &ser), Some(3));
    let bars: Vec<Rect> = filled(&frame).iter().map(|(p, _)| p.bounds()).collect();
    assert_eq!(bars.len(), 2);
    let ratio = bars[1].width / bars[0].width;
    assert!(
        (ratio - 66.0 / 167.0).abs() / (66.0 / 167.0) < 0.005,
        "{ratio}"
    );
    assert!(has_text(&frame, "167") && has_text(&frame, "66"));
    // Category label left of its bar, level with it; count to the right of
    // the bar's end.
    let label = texts(&frame)
        .into_iter()
        .find(|r| r.text == "Foreign National")
        .unwrap();
    assert!(label.bounds().right() < bars[1].x);
    let (lb, bar_mid) = (label.bounds(), bars[1].y + bars[1].height / 2.0);
    assert!((lb.y + lb.height / 2.0 - bar_mid).abs() < 0.05);
    assert!((bars[0].x - bars[1].x).abs() < 0.02, "bars share the axis");
    let count = texts(&frame).into_iter().find(|r| r.text == "66").unwrap();
    assert!(count.origin.x >= bars[1].right());
    assert!(frame.items.iter().all(|i| i.node == Some(3)));
    assert_eq!(
        out.alt,
        "Citizenship: U.S. Citizen/Legal Permanent Resident 167, Foreign National 66."
    );
    assert!(area.contains(&out.bounds));
}

#[test]
fn horizontal_bars_show_zero_and_hide_small_counts() {
    let cats = strings(&["Female", "Male", "Gender Minorities", "Unknown"]);
    let ser = vec![series("Gender", &[330.0, 62.0, 0.0, 2.0])];
    let area = Rect::new(40.0, 100.0, 100.0, 72.0);
    let (frame, out) = drawn(area, &spec(ChartKind::HorizontalBar, &cats, &ser), None);
    for t in ["330", "62", "0", UNDISCLOSED_LABEL] {
        assert!(has_text(&frame, t), "{t}");
    }
    assert!(!has_text(&frame, "2"));
    let bars: Vec<Rect> = filled(&frame).iter().map(|(p, _)| p.bounds()).collect();
    assert_eq!(
        bars.len(),
        3,
        "no bar for zero, a stub for the undisclosed count"
    );
    assert!((bars[2].width - bars::STUB).abs() < 0.02);
    // The zero is a hairline at the axis, with its number after it.
    let hairline = frame
        .items
        .iter()
        .find_map(|i| match &i.content {
            Content::Path(p) if p.stroke.map(|s| s.color) == Some(default_palette()[0]) => {
                Some(p.bounds())
            }
            _ => None,
        })
        .expect("a hairline for the zero");
    assert!(
        (hairline.x - bars[0].x).abs() < 0.5,
        "{hairline:?} at the axis"
    );
    let zero = texts(&frame).into_iter().find(|r| r.text == "0").unwrap();
    assert!(zero.origin.x > hairline.right());
    assert!(zero.origin.x - hairline.right() < 4.0);
    assert!(out.alt.contains("Unknown fewer than 3"));
}

#[test]
fn three_demographic_charts_fit_their_boxes() {
    let cases = [
        (
            vec!["Female", "Male", "Gender Minorities"],
            vec![330.0, 62.0, 0.0],
        ),
        (vec!["Adult", "Minor"], vec![247.0, 140.0]),
    ];
    for (cats, values) in cases {
        let cats = strings(&cats);
        let ser = vec![series("x", &values)];
        let area = Rect::new(40.0, 100.0, 95.0, 55.0);
        drawn(area, &spec(ChartKind::HorizontalBar, &cats, &ser), None);
    }
}

#[test]
fn too_small_says_how_tall() {
    let (cats, ser) = demographics();
    let mut frame = Frame::new(612.0, 792.0);
    let area = Rect::new(40.0, 100.0, 100.0, 20.0);
    let err = draw(
        &mut frame,
        area,
        &spec(ChartKind::HorizontalBar, &cats, &ser),
        None,
    )
    .unwrap_err();
    let ChartError::TooSmall { needed_height } = err else {
        panic!("{err:?}")
    };
    assert!(needed_height > 20.0);
    assert!(frame.items.is_empty(), "nothing is left behind on error");
    let area = Rect::new(40.0, 100.0, 100.0, needed_height);
    draw(
        &mut frame,
        area,
        &spec(ChartKind::HorizontalBar, &cats, &ser),
        None,
    )
    .unwrap();
}

/// A value just under the axis top puts its label above the plot, and
/// lowering the plot raises it again by part of the step: at every height
/// and text size the chart still draws, at once or at the height it asks
/// for.
#[test]
fn labels_near_the_axis_top_settle_at_any_height() {
    let cats = strings(&["2012", "2013", "2014", "2015", "2016"]);
    let ser = vec![
        series("Signals", &[227.0, 329.0, 429.0, 436.0, 379.0]),
        series("Cases", &[84.0, 126.0, 171.0, 213.0, 251.0]),
    ];
    for (size, tenths) in [7.0, 7.5, 8.0, 8.5, 9.0]
        .into_iter()
        .flat_map(|size| (500..1400).map(move |t| (size, t)))
    {
        let s = ChartSpec {
            text_size: size,
            ..spec(ChartKind::GroupedBar, &cats, &ser)
        };
        let height = tenths as f32 / 10.0;
        let area = Rect::new(404.0, 300.0, 172.0, height);
        let mut frame = Frame::new(612.0, 792.0);
        let out = draw_growing(&mut frame, area, &s, None)
            .unwrap_or_else(|e| panic!("{size} pt text, {height} pt high: {e:?}"));
        let grown = Rect::new(area.x, area.y, area.width, out.bounds.bottom() - area.y);
        check_common(&frame, grown.union(&area));
    }
}

#[test]
fn grouped_bars_are_proportional_labelled_and_legended() {
    let (cats, ser) = hotline();
    let area = Rect::new(300.0, 200.0, 170.0, 150.0);
    let mut s = spec(ChartKind::GroupedBar, &cats, &ser);
    s.title = Some("Hotline signals and cases in Missouri, 2012–2016");
    s.source = Some("Source: National Human Trafficking Hotline");
    let (frame, out) = drawn(area, &s, Some(1));
    let pal = default_palette();
    let bars: Vec<Rect> = filled(&frame)
        .iter()
        .filter(|(p, _)| p.fill == Some(pal[0]) || p.fill == Some(pal[1]))
        .map(|(p, _)| p.bounds())
        .collect();
    // Two legend swatches, then ten bars.
    assert_eq!(bars.len(), 12);
    let bars = &bars[2..];
    let values: Vec<f64> = (0..5)
        .flat_map(|i| [ser[0].values[i], ser[1].values[i]])
        .collect();
    let unit = bars[0].height as f64 / values[0];
    for (b, v) in bars.iter().zip(&values) {
        let expected = v * unit;
        assert!(
            ((b.height as f64) - expected).abs() / expected < 0.005,
            "{b:?} for {v}"
        );
        assert!(
            (b.bottom() - bars[0].bottom()).abs() < 0.02,
            "common baseline"
        );
    }
    for v in values {
        assert!(has_text(&frame, &format_number(v)), "{v}");
    }
    assert!(has_text(&frame, "Signals") && has_text(&frame, "Cases"));
    for y in &cats {
        assert!(has_text(&frame, y));
    }
    // Gridlines and rules are decoration.
    assert!(frame.items.iter().any(|i| i.node.is_none()));
    assert!(frame
        .items
        .iter()
        .all(|i| i.node.is_none() || i.node == Some(1)));
    assert!(out.alt.starts_with(
        "Hotline signals and cases in Missouri, 2012–2016: 2012 signals 214, cases 48; 2013 signals 320, cases 77;"
    ), "{}", out.alt);
}

#[test]
fn vertical_bars_with_large_numbers() {
    let cats = strings(&["2014", "2015", "2016"]);
    let ser = vec![series("Calls", &[18_243.0, 26_727.0, 1.0])];
    let area = Rect::new(50.0, 50.0, 160.0, 120.0);
    let (frame, _) = drawn(area, &spec(ChartKind::VerticalBar, &cats, &ser), None);
    assert!(has_text(&frame, "26,727") && has_text(&frame, "18,243"));
    assert!(has_text(&frame, UNDISCLOSED_LABEL));
}

/// Clockwise angle from twelve o'clock, in degrees, near `near`.
fn angle_of(center: Point, p: Point, near: f32) -> f32 {
    let a = (p.x - center.x).atan2(center.y - p.y).to_degrees();
    let mut a = a.rem_euclid(360.0);
    while a - near > 180.0 {
        a -= 360.0;
    }
    while near - a > 180.0 {
        a += 360.0;
    }
    a
}

fn slice_spans(frame: &Frame, colors: &[Rgb], expected: &[f32]) -> Vec<f32> {
    let wedges: Vec<&Path> = filled(frame).into_iter().map(|(p, _)| p).collect();
    assert_eq!(wedges.len(), expected.len());
    // The centre: middle of the union of all wedges.
    let all = wedges
        .iter()
        .map(|w| w.bounds())
        .reduce(|a, b| a.union(&b))
        .unwrap();
    let center = Point::new(all.x + all.width / 2.0, all.y + all.height / 2.0);
    let mut start = 0.0;
    wedges
        .iter()
        .zip(expected)
        .zip(colors)
        .map(|((w, &span), &color)| {
            assert_eq!(w.fill, Some(color));
            let mid = start + span / 2.0;
            start += span;
            let angles: Vec<f32> = w
                .rings
                .iter()
                .flatten()
                .filter(|p| (p.x - center.x).hypot(p.y - center.y) > 0.5)
                .map(|&p| angle_of(center, p, mid))
                .collect();
            let lo = angles.iter().copied().fold(f32::INFINITY, f32::min);
            let hi = angles.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            hi - lo
        })
        .collect()
}

#[test]
fn donut_slices_are_proportional_and_labelled_without_collisions() {
    let (cats, ser) = five_slices();
    for kind in [ChartKind::Donut, ChartKind::Pie] {
        let area = Rect::new(50.0, 50.0, 220.0, 130.0);
        let mut s = spec(kind, &cats, &ser);
        s.title = Some("Type of trafficking");
        let (frame, out) = drawn(area, &s, Some(2));
        let values = &ser[0].values;
        let total: f64 = values.iter().sum();
        let expected: Vec<f32> = values.iter().map(|v| (v / total * 360.0) as f32).collect();
        let colors = pie::slice_colors(default_palette(), 5);
        let spans = slice_spans(&frame, &colors, &expected);
        for (got, want) in spans.iter().zip(&expected) {
            assert!((got - want).abs() < 0.5, "{kind:?}: {got}° for {want}°");
        }
        let pct = percentages(values);
        for (i, c) in cats.iter().enumerate() {
            assert!(has_text(&frame, c), "{c}");
            let label = if undisclosed(values[i]) {
                UNDISCLOSED_LABEL.to_string()
            } else {
                format!("{} ({}%)", format_number(values[i]), pct[i])
            };
            assert!(has_text(&frame, &label), "{label}");
        }
        // Leader lines are there (decoration).
        assert!(frame.items.iter().any(|i| i.node.is_none()));
        assert!(
            out.alt
                .starts_with("Type of trafficking: Sex 88 (65%), Labor 17 (12%),"),
            "{}",
            out.alt
        );
    }
}

#[test]
fn many_small_slices_do_not_collide() {
    let cats = strings(&["A big one", "b", "c", "d", "e", "f", "g", "h"]);
    let ser = vec![series("x", &[500.0, 4.0, 5.0, 3.0, 6.0, 4.0, 3.0, 5.0])];
    let area = Rect::new(50.0, 50.0, 220.0, 150.0);
    drawn(area, &spec(ChartKind::Donut, &cats, &ser), None);
}

#[test]
fn one_category_and_zero_categories() {
    let cats = strings(&["Adult"]);
    let ser = vec![series("Age", &[247.0])];
    let area = Rect::new(50.0, 50.0, 180.0, 100.0);
    let (frame, _) = drawn(area, &spec(ChartKind::Donut, &cats, &ser), None);
    assert!(has_text(&frame, "247 (100%)"));

    let cats = strings(&["Female", "Male", "Gender Minorities"]);
    let ser = vec![series("Gender", &[330.0, 62.0, 0.0])];
    let mut frame = Frame::new(612.0, 792.0);
    let out = draw(&mut frame, area, &spec(ChartKind::Pie, &cats, &ser), None).unwrap();
    check_common(&frame, area);
    assert_eq!(filled(&frame).len(), 2, "no wedge for zero");
    assert!(frame
        .text_runs()
        .any(|r| r.text.contains("Gender Minorities 0")));
    assert!(out.alt.contains("Gender Minorities 0 (0%)"));
}

#[test]
fn bad_data_is_a_clear_error() {
    let cats = strings(&["a", "b"]);
    let area = Rect::new(0.0, 0.0, 200.0, 150.0);
    let mut frame = Frame::new(612.0, 792.0);
    let zeros = vec![series("Zeros", &[0.0, 0.0])];
    let err = draw(
        &mut frame,
        area,
        &spec(ChartKind::Donut, &cats, &zeros),
        None,
    )
    .unwrap_err();
    assert!(matches!(err, ChartError::AllZero { .. }), "{err:?}");
    assert!(err.to_string().contains("Zeros"));
    let neg = vec![series("N", &[3.0, -1.0])];
    for kind in [ChartKind::Pie, ChartKind::HorizontalBar, ChartKind::Line] {
        let err = draw(&mut frame, area, &spec(kind, &cats, &neg), None).unwrap_err();
        assert!(matches!(err, ChartError::Negative { .. }), "{err:?}");
        assert!(err.to_string().contains("\"b\""), "{err}");
    }
    let short = vec![series("S", &[3.0])];
    let err = draw(
        &mut frame,
        area,
        &spec(ChartKind::VerticalBar, &cats, &short),
        None,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ChartError::Mismatch {
            values: 1,
            categories: 2,
            ..
        }
    ));
    let err = draw(&mut frame, area, &spec(ChartKind::Pie, &[], &short), None).unwrap_err();
    assert!(matches!(err, ChartError::Empty(_)));
    let two = vec![series("a", &[1.0, 3.0]), series("b", &[4.0, 5.0])];
    let err = draw(&mut frame, area, &spec(ChartKind::Pie, &cats, &two), None).unwrap_err();
    assert!(matches!(err, ChartError::TooManySeries { .. }));
    assert!(frame.items.is_empty());
    // All-zero bars are drawable: every bar reads 0.
    draw(
        &mut frame,
        area,
        &spec(ChartKind::VerticalBar, &cats, &zeros),
        None,
    )
    .unwrap();
    check_common(&frame, area);
}

#[test]
fn line_chart_labels_every_point() {
    let (cats, ser) = hotline();
    let area = Rect::new(50.0, 50.0, 200.0, 140.0);
    let mut s = spec(ChartKind::Line, &cats, &ser);
    s.title = Some("Hotline signals and cases");
    let (frame, out) = drawn(area, &s, Some(4));
    for sr in &ser {
        for v in &sr.values {
            assert!(has_text(&frame, &format_number(*v)), "{v}");
        }
    }
    let lines: Vec<&Path> = frame
        .items
        .iter()
        .filter_map(|i| match &i.content {
            Content::Path(p) if !p.closed && i.node == Some(4) && p.rings[0].len() == 5 => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 2, "one polyline per series");
    // Point heights proportional to values above the common zero.
    let zero = frame
        .items
        .iter()
        .filter_map(|i| match &i.content {
            Content::Path(p) if i.node.is_none() && p.stroke.map(|s| s.color) == Some(AXIS) => {
                Some(p.rings[0][0].y)
            }
            _ => None,
        })
        .next()
        .unwrap();
    let unit = (zero - lines[0].rings[0][0].y) / 214.0;
    for (p, v) in lines[0].rings[0].iter().zip(&ser[0].values) {
        let h = zero - p.y;
        assert!((h - *v as f32 * unit).abs() / h < 0.005);
    }
    assert!(out.alt.contains("2016 signals 421, cases 135"));
}

#[test]
fn text_is_never_smaller_than_the_minimum() {
    let (cats, ser) = hotline();
    let mut frame = Frame::new(612.0, 792.0);
    let area = Rect::new(50.0, 50.0, 200.0, 160.0);
    let mut s = spec(ChartKind::GroupedBar, &cats, &ser);
    s.text_size = 4.0;
    s.source = Some("Source: hotline");
    draw(&mut frame, area, &s, None).unwrap();
    assert!(frame.text_runs().all(|r| r.size >= MIN_TEXT_SIZE));
}

#[test]
fn backend_maps_plotters_styles_to_faces_and_back() {
    use plotters::style::FontStyle;
    use plotters_backend::BackendTextStyle;
    let fonts = FontSet::embedded();
    let cases = [
        (FontStyle::Bold, fonts.bold),
        (FontStyle::Normal, fonts.regular),
        (FontStyle::Italic, fonts.italic),
    ];
    let mut frame = Frame::new(100.0, 100.0);
    let canvas = canvas::Canvas::new(&mut frame, Rect::new(0.0, 0.0, 10.0, 10.0), None, fonts);
    for (style, face) in cases {
        assert_eq!(backend::face_for(&fonts, style), face);
        let text = canvas.font(face, 8.0, TEXT);
        assert_eq!(backend::face_for(&fonts, text.style()), face);
    }
}

#[test]
fn custom_palette_and_accent_colours() {
    let (cats, ser) = demographics();
    let mut frame = Frame::new(612.0, 792.0);
    let area = Rect::new(40.0, 100.0, 110.0, 60.0);
    let mut s = spec(ChartKind::HorizontalBar, &cats, &ser);
    let pal = [NAVY, Rgb(0xB2, 0x22, 0x22)];
    s.palette = &pal;
    draw(&mut frame, area, &s, None).unwrap();
    assert!(filled(&frame).iter().all(|(p, _)| p.fill == Some(NAVY)));
}

// ---- Looking at it -------------------------------------------------------

fn svg(frame: &Frame, width: f32, height: f32) -> String {
    let hex = |c: Rgb| format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2);
    let mut out = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='{}' height='{}' viewBox='0 0 {width} {height}'><rect width='100%' height='100%' fill='white'/>\n",
        width * 4.0,
        height * 4.0
    );
    for item in &frame.items {
        match &item.content {
            Content::Path(p) => {
                let mut d = String::new();
                for ring in &p.rings {
                    for (i, pt) in ring.iter().enumerate() {
                        d.push_str(&format!(
                            "{}{:.2} {:.2} ",
                            if i == 0 { 'M' } else { 'L' },
                            pt.x,
                            pt.y
                        ));
                    }
                    if p.closed {
                        d.push('Z');
                    }
                }
                let fill = p.fill.map_or("none".to_string(), hex);
                let stroke = p.stroke.map_or(String::new(), |s| {
                    format!(" stroke='{}' stroke-width='{}'", hex(s.color), s.width)
                });
                out.push_str(&format!(
                    "<path d='{d}' fill='{fill}' fill-rule='evenodd'{stroke}/>\n"
                ));
            }
            Content::Text(t) => {
                let weight = if t.face == FontSet::embedded().bold {
                    "bold"
                } else {
                    "normal"
                };
                let text = t.text.replace('&', "&amp;").replace('<', "&lt;");
                out.push_str(&format!(
                    "<text x='{:.2}' y='{:.2}' font-family='Public Sans' font-weight='{weight}' font-size='{}' fill='{}' textLength='{:.2}'>{text}</text>\n",
                    t.origin.x, t.origin.y, t.size, hex(t.color), t.width
                ));
            }
            Content::Link(_) => {}
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Writes /tmp/chart-preview.svg with every kind, to look at.
#[test]
#[ignore]
fn preview_svg() {
    let mut frame = Frame::new(500.0, 560.0);
    let (cats, ser) = five_slices();
    let mut s = spec(ChartKind::Donut, &cats, &ser);
    s.title = Some("Type of trafficking");
    s.source = Some("Source: National Human Trafficking Hotline");
    draw(&mut frame, Rect::new(10.0, 10.0, 220.0, 140.0), &s, None).unwrap();
    let mut s = spec(ChartKind::Pie, &cats, &ser);
    s.title = Some("Type of trafficking (pie)");
    draw(&mut frame, Rect::new(260.0, 10.0, 220.0, 140.0), &s, None).unwrap();

    let (cats, ser) = hotline();
    let mut s = spec(ChartKind::GroupedBar, &cats, &ser);
    s.title = Some("Hotline signals and cases in Missouri, 2012–2016");
    s.source = Some("Source: National Human Trafficking Hotline");
    draw(&mut frame, Rect::new(10.0, 170.0, 170.0, 150.0), &s, None).unwrap();
    let mut s = spec(ChartKind::Line, &cats, &ser);
    s.title = Some("Signals and cases, trend");
    draw(&mut frame, Rect::new(200.0, 170.0, 200.0, 150.0), &s, None).unwrap();

    draw_demographics_in(
        &mut frame,
        Point::new(10.0, 340.0),
        130.0,
        &demographic_groups(),
        1,
    );
    let cats = strings(&["2014", "2015", "2016"]);
    let ser = vec![series("Calls", &[18_243.0, 26_727.0, 2.0])];
    let mut s = spec(ChartKind::VerticalBar, &cats, &ser);
    s.title = Some("Calls to the hotline");
    draw(&mut frame, Rect::new(150.0, 340.0, 160.0, 120.0), &s, None).unwrap();
    let cats = strings(&["A big one", "b", "c", "d", "e", "f", "g", "h"]);
    let ser = vec![series("x", &[500.0, 4.0, 5.0, 3.0, 6.0, 4.0, 3.0, 5.0])];
    draw(
        &mut frame,
        Rect::new(320.0, 340.0, 170.0, 150.0),
        &spec(ChartKind::Donut, &cats, &ser),
        None,
    )
    .unwrap();
    std::fs::write("/tmp/chart-preview.svg", svg(&frame, 500.0, 560.0)).unwrap();
}

#[test]
fn crowded_side_hands_labels_over() {
    let cats = strings(&["Big", "b", "c", "d", "e", "f", "g", "h", "i"]);
    let ser = vec![series(
        "x",
        &[900.0, 9.0, 8.0, 7.0, 9.0, 8.0, 7.0, 9.0, 8.0],
    )];
    let area = Rect::new(50.0, 50.0, 220.0, 110.0);
    let (frame, _) = drawn(area, &spec(ChartKind::Pie, &cats, &ser), None);
    for c in &cats {
        assert!(has_text(&frame, c), "{c}");
    }
}

#[test]
fn value_axes_end_at_most_a_quarter_above_the_largest_value() {
    let (cats, ser) = hotline();
    for kind in [ChartKind::GroupedBar, ChartKind::Line] {
        for height in [110.0, 150.0, 220.0] {
            let area = Rect::new(300.0, 200.0, 170.0, height);
            let (frame, _) = drawn(area, &spec(kind, &cats, &ser), None);
            // Tick labels are the numbers at the left of the plot.
            let ticks: Vec<f64> = texts(&frame)
                .into_iter()
                .filter(|r| r.origin.x < area.x + 20.0)
                .filter_map(|r| r.text.replace(',', "").parse().ok())
                .collect();
            let top = ticks.iter().copied().fold(0.0, f64::max);
            assert!(
                (421.0..=421.0 * 1.25).contains(&top),
                "{kind:?} {height}: {ticks:?}"
            );
        }
    }
}

#[test]
fn pie_labels_run_in_slice_order_and_leaders_cross_no_slice() {
    let cats = strings(&[
        "Crisis calls",
        "Tips",
        "Requests for information",
        "Requests for referrals",
        "Other",
    ]);
    let ser = vec![series("Calls", &[120.0, 95.0, 60.0, 40.0, 2.0])];
    for (kind, width, height) in [
        (ChartKind::Donut, 180.0, 122.0),
        (ChartKind::Donut, 230.0, 140.0),
        (ChartKind::Pie, 180.0, 122.0),
    ] {
        let area = Rect::new(50.0, 50.0, width, height);
        let (frame, _) = drawn(area, &spec(kind, &cats, &ser), Some(1));
        let wedges = filled(&frame)
            .iter()
            .map(|(p, _)| p.bounds())
            .reduce(|a, b| a.union(&b))
            .unwrap();
        let center = Point::new(
            wedges.x + wedges.width / 2.0,
            wedges.y + wedges.height / 2.0,
        );
        let r = wedges.width / 2.0;
        // Leaders: decoration polylines. No point of any segment lies
        // inside the circle.
        let leaders: Vec<&Path> = frame
            .items
            .iter()
            .filter_map(|i| match &i.content {
                Content::Path(p) if i.node.is_none() && !p.closed => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(leaders.len(), 5, "{kind:?}");
        for leader in &leaders {
            for w in leader.rings[0].windows(2) {
                for k in 0..=20 {
                    let t = k as f32 / 20.0;
                    let p = Point::new(
                        w[0].x + t * (w[1].x - w[0].x),
                        w[0].y + t * (w[1].y - w[0].y),
                    );
                    let d = (p.x - center.x).hypot(p.y - center.y);
                    assert!(
                        d >= r - 0.05,
                        "{kind:?} {width}: leader enters the circle at {p:?}"
                    );
                }
            }
        }
        // Labels in slice order: down the right column, up the left one.
        // Each is found by its count line, which is unique.
        let pct = percentages(&ser[0].values);
        let placed: Vec<(bool, f32)> = ser[0]
            .values
            .iter()
            .zip(&pct)
            .map(|(&v, p)| {
                let text = if undisclosed(v) {
                    UNDISCLOSED_LABEL.to_string()
                } else {
                    format!("{} ({p}%)", format_number(v))
                };
                let run = texts(&frame).into_iter().find(|t| t.text == text).unwrap();
                (run.origin.x > center.x, run.origin.y)
            })
            .collect();
        let order: Vec<f32> = placed
            .iter()
            .map(|&(right, y)| if right { y } else { 10_000.0 - y })
            .collect();
        // A label handed over to the right at twelve o'clock comes first.
        let mut rotated = order.clone();
        if placed[4].0 {
            rotated.rotate_right(1);
            rotated[0] -= 20_000.0;
        }
        assert!(
            rotated.windows(2).all(|w| w[0] < w[1]),
            "{kind:?} {width}: {placed:?}"
        );
    }
}

fn demographic_groups() -> Vec<(String, Vec<String>, Vec<f64>)> {
    vec![
        (
            "Citizenship".into(),
            strings(&["U.S. Citizen/Legal Permanent Resident", "Foreign National"]),
            vec![167.0, 66.0],
        ),
        (
            "Gender".into(),
            strings(&["Female", "Male", "Gender Minorities"]),
            vec![330.0, 62.0, 0.0],
        ),
        (
            "Age".into(),
            strings(&["Adult", "Minor"]),
            vec![247.0, 140.0],
        ),
    ]
}

/// The bars of the demographic groups, checked to be proportional to
/// their counts on one scale.
fn bars_on_one_scale(frame: &Frame) -> Vec<Rect> {
    let bars: Vec<Rect> = filled(frame).iter().map(|(p, _)| p.bounds()).collect();
    assert_eq!(bars.len(), 6, "a bar per non-zero count");
    let unit = bars[2].width / 330.0;
    for (bar, count) in bars.iter().zip(DEMOGRAPHIC_COUNTS) {
        assert!(
            (bar.width - count * unit).abs() < 0.02,
            "{bar:?} for {count}"
        );
    }
    bars
}

/// The non-zero counts of [`demographic_groups`], in order.
const DEMOGRAPHIC_COUNTS: [f32; 6] = [167.0, 66.0, 330.0, 62.0, 247.0, 140.0];

/// The block stacked at a fixed place.
fn draw_demographics(
    frame: &mut Frame,
    width: f32,
    data: &[(String, Vec<String>, Vec<f64>)],
) -> (Rect, NodeId) {
    draw_demographics_in(frame, Point::new(40.0, 100.0), width, data, 1)
}

/// The groups of `data` (title, categories, counts) as the chart takes them.
fn demographic_specs(data: &[(String, Vec<String>, Vec<f64>)]) -> Vec<demographics::Group<'_>> {
    data.iter()
        .map(|(title, categories, counts)| demographics::Group {
            title,
            categories,
            counts,
        })
        .collect()
}

/// The block of `groups` with sub-heads and labels of these sizes.
fn demographic_block<'a>(
    groups: &'a [demographics::Group<'a>],
    heading_size: f32,
    label_size: f32,
    columns: usize,
) -> demographics::Demographics<'a> {
    let fonts = FontSet::embedded();
    demographics::Demographics {
        groups,
        heading: demographics::Heading {
            face: fonts.bold,
            size: heading_size,
            color: NAVY,
        },
        label_size,
        text_color: TEXT,
        bar_color: None,
        fonts,
        labels: ChartLabels::default(),
        columns,
        gap: 12.0,
    }
}

fn draw_demographics_in(
    frame: &mut Frame,
    top_left: Point,
    width: f32,
    data: &[(String, Vec<String>, Vec<f64>)],
    columns: usize,
) -> (Rect, NodeId) {
    let groups = demographic_specs(data);
    let spec = demographic_block(&groups, 8.0, 7.0, columns);
    let parent = frame.node(crate::frame::Role::Sect, Frame::ROOT);
    let bounds = demographics::draw(frame, top_left, width, &spec, parent).unwrap();
    (bounds, parent)
}

#[test]
fn demographic_bars_share_one_scale_and_one_axis() {
    let data = demographic_groups();
    let mut frame = Frame::new(612.0, 792.0);
    let (bounds, parent) = draw_demographics(&mut frame, 240.0, &data);
    check_common(&frame, bounds);
    let bars = bars_on_one_scale(&frame);
    for bar in &bars {
        assert!(
            (bar.x - bars[0].x).abs() < 0.01,
            "every bar starts at one x"
        );
    }
    // Each count sits the same distance after its bar, level with it.
    for (bar, count) in bars.iter().zip(DEMOGRAPHIC_COUNTS) {
        let run = texts(&frame)
            .into_iter()
            .find(|r| r.text == format_number(f64::from(count)))
            .unwrap();
        assert!(
            (run.origin.x - bar.right() - 2.5).abs() < 0.05,
            "{}",
            run.text
        );
        let mid = run.bounds().y + run.bounds().height / 2.0;
        assert!((mid - (bar.y + bar.height / 2.0)).abs() < 0.05);
    }
    // The zero: a hairline at the axis and its number.
    assert!(has_text(&frame, "0"));
    assert!(frame.items.iter().any(|i| matches!(&i.content,
        Content::Path(p) if p.fill.is_none() && (p.bounds().x - bars[0].x).abs() < 0.5)));
    // Every label at least 7 pt; sub-heads in the heading face.
    assert!(frame.text_runs().all(|r| r.size >= 7.0));
    let heads: Vec<&TextRun> = frame
        .text_runs()
        .filter(|r| r.face == FontSet::embedded().bold)
        .collect();
    assert_eq!(
        heads.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(),
        ["Citizenship", "Gender", "Age"]
    );
    // Tagging: an H3 and a Figure per group, under the parent, in order.
    let children: Vec<&crate::frame::Role> = frame
        .nodes
        .iter()
        .filter(|n| n.parent == Some(parent))
        .map(|n| &n.role)
        .collect();
    assert_eq!(children.len(), 6);
    assert_eq!(children[0], &crate::frame::Role::H3);
    let crate::frame::Role::Figure { alt, .. } = children[1] else {
        panic!("{:?}", children[1])
    };
    assert_eq!(
        alt,
        "Citizenship: U.S. Citizen/Legal Permanent Resident 167, Foreign National 66."
    );
    assert!(
        frame.items.iter().all(|i| i.node.is_some()),
        "nothing untagged"
    );
}

/// The layout's drafts measure the block with `bottom`, and the sheet is
/// drawn with `draw`: both must put its bottom at the same place.
#[test]
fn demographic_block_measured_where_it_is_drawn() {
    let data = demographic_groups();
    let groups = demographic_specs(&data);
    for columns in [1, 3] {
        for width in [150.0, 172.0, 218.0, 264.0, 310.0, 400.0] {
            for size in [7.0, 7.5, 8.75] {
                let spec = demographic_block(&groups, size * 1.05, size, columns);
                let top_left = Point::new(36.0, 117.3125);
                let mut frame = Frame::new(612.0, 792.0);
                let drawn =
                    demographics::draw(&mut frame, top_left, width, &spec, Frame::ROOT).unwrap();
                check_common(&frame, drawn);
                let measured = demographics::bottom(top_left, width, &spec).unwrap();
                assert_eq!(
                    measured,
                    drawn.bottom(),
                    "{columns} columns, {width} wide, {size} pt"
                );
            }
        }
    }
}

#[test]
fn demographic_block_height_depends_on_width_and_content_only() {
    let data = demographic_groups();
    let mut a = Frame::new(612.0, 792.0);
    let (first, _) = draw_demographics(&mut a, 240.0, &data);
    let mut b = Frame::new(612.0, 792.0);
    b.node(crate::frame::Role::P, Frame::ROOT);
    let (second, _) = draw_demographics(&mut b, 240.0, &data);
    assert_eq!(first, second);
    // Narrower: labels wrap, the block grows; bars still share one x.
    let mut c = Frame::new(612.0, 792.0);
    let (narrow, _) = draw_demographics(&mut c, 150.0, &data);
    check_common(&c, narrow);
    assert!(narrow.height > first.height);
    let xs: Vec<f32> = filled(&c).iter().map(|(p, _)| p.bounds().x).collect();
    assert!(xs.iter().all(|x| (x - xs[0]).abs() < 0.01));
}

#[test]
fn demographic_groups_side_by_side_keep_one_scale_and_level_bars() {
    let data = demographic_groups();
    let mut frame = Frame::new(612.0, 792.0);
    let (bounds, _) = draw_demographics_in(&mut frame, Point::new(40.0, 100.0), 300.0, &data, 3);
    check_common(&frame, bounds);
    let bars = bars_on_one_scale(&frame);
    // Three columns: each group's bars start at its column's left edge.
    let column = (300.0 - 2.0 * 12.0) / 3.0;
    for (i, first) in [0, 2, 4].into_iter().enumerate() {
        assert!((bars[first].x - (40.0 + i as f32 * (column + 12.0))).abs() < 0.01);
    }
    // The first bars of the three groups are level, although the first
    // label ("U.S. Citizen/Legal Permanent Resident") wraps and the others
    // do not; so are the second bars.
    for row in [[0, 2, 4], [1, 3, 5]] {
        for &i in &row[1..] {
            assert!(
                (bars[i].y - bars[row[0]].y).abs() < 0.01,
                "{:?}",
                (bars[i], bars[row[0]])
            );
        }
    }
    // Each label sits above its bar.
    let label = texts(&frame)
        .into_iter()
        .find(|r| r.text == "Female")
        .unwrap();
    assert!(label.bounds().bottom() <= bars[2].y + 0.01);
}

#[test]
fn narrow_bar_rows_keep_their_counts_inside() {
    let cats = strings(&["Female", "Male", "Gender Minorities", "Unknown"]);
    let ser = vec![series("Gender", &[330.0, 62.0, 0.0, 2.0])];
    for width in [80.0, 90.0, 110.0] {
        let area = Rect::new(40.0, 100.0, width, 110.0);
        let (frame, _) = drawn(area, &spec(ChartKind::HorizontalBar, &cats, &ser), None);
        let longest = filled(&frame)
            .iter()
            .map(|(p, _)| p.bounds().width)
            .fold(0.0, f32::max);
        assert!(longest >= 12.0 - 0.05, "{width}: {longest}");
    }
}
