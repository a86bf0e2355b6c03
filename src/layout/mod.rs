//! Page layout: places a checked profile on one page as a [`Frame`].
//!
//! The sheet is a title band, the intro, then four bands: map and
//! demographics; the two top-5 venue lists, the charts and the disclaimer;
//! statutes and statewide efforts; the hotlines. Everything scales with one
//! factor: when the content does not fit, the type steps down to a floor and,
//! past it, layout fails naming the section that does not fit.

pub mod text;

use std::fmt;

use crate::chart::{self, ChartSpec};
use crate::fonts::{Face, FontSet};
use crate::frame::{Frame, NodeId, Path, Point, Rect, Rgb, Role, Stroke};
use crate::map::{self, CountyValue, MapSpec};
use crate::profile::{self, ChartKind, Profile};
use text::{paragraph, Setting, Span};

pub use crate::profile::Paper as PageSize;

/// Width and height of the paper, in points.
pub fn dimensions(page: PageSize) -> (f32, f32) {
    match page {
        PageSize::Letter => (612.0, 792.0),
        PageSize::A4 => (595.28, 841.89),
    }
}

/// Half an inch on every side.
pub const MARGIN: f32 = 36.0;

/// The largest and smallest type scale tried, and the step between them.
/// At the floor the body text is 7 pt.
const SCALE_MAX: f32 = 1.0;
const SCALE_FLOOR: f32 = 0.82;
const SCALE_STEP: f32 = 0.02;

/// Colours of the sheet. Every text colour keeps at least 4.5:1 contrast
/// with the background it is printed on.
pub mod palette {
    use crate::frame::Rgb;
    /// Title and hotline bands, headings.
    pub const NAVY: Rgb = Rgb(0x1B, 0x3A, 0x5C);
    /// Ranks, citations and rules.
    pub const ACCENT: Rgb = Rgb(0xA3, 0x1F, 0x34);
    pub const INK: Rgb = Rgb(0x1F, 0x1F, 0x1F);
    pub const MUTED: Rgb = Rgb(0x4A, 0x4A, 0x4A);
    pub const LINK: Rgb = Rgb(0x1A, 0x4F, 0x8B);
    /// Behind the disclaimer.
    pub const TINT: Rgb = Rgb(0xEC, 0xF1, 0xF6);
    pub const WHITE: Rgb = Rgb::WHITE;
    /// Light text on the navy bands.
    pub const ON_NAVY_SOFT: Rgb = Rgb(0xDD, 0xE6, 0xF0);
}
use palette::*;

/// Why a profile could not be laid out.
#[derive(Debug)]
pub enum LayoutError {
    /// The content is taller than the page even at the smallest type.
    Overflow {
        section: &'static str,
        over: f32,
    },
    Chart {
        title: String,
        error: chart::ChartError,
    },
    Map(map::MapError),
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::Overflow { section, over } => write!(
                f,
                "the sheet does not fit on one page even with 7 pt body text: \
                 the {section} section runs {over:.0} pt past the bottom margin; \
                 shorten its text or drop entries"
            ),
            LayoutError::Chart { title, error } => write!(f, "chart `{title}`: {error}"),
            LayoutError::Map(error) => write!(f, "heat map: {error}"),
        }
    }
}

impl std::error::Error for LayoutError {}

/// Layout settings that are not part of the profile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Overrides the profile's `theme.page`; Letter when neither is set.
    pub page: Option<PageSize>,
}

/// A laid-out sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub frame: Frame,
    /// The type scale the content fitted at (1.0 = full size).
    pub scale: f32,
}

/// Lays the profile out on one page, shrinking type as needed.
pub fn layout(profile: &Profile, options: Options) -> Result<Sheet, LayoutError> {
    let scale_at = |step: usize| SCALE_MAX - step as f32 * SCALE_STEP;
    let steps = ((SCALE_MAX - SCALE_FLOOR) / SCALE_STEP).round() as usize;
    let palette: Vec<Rgb> = profile
        .theme
        .palette
        .iter()
        .filter_map(|c| profile::parse_color(c))
        .collect();
    let attempt =
        |step: usize| Page::new(profile, &palette, options, scale_at(step), 0.0, true).run();
    // Full size first; most sheets fit. Otherwise start from the scale at
    // which the content would just fit if it shrank in proportion, then
    // step to the largest scale that fits (smaller type never makes a band
    // taller). Each attempt is a full draft, so fewer is faster.
    let mut fits = attempt(0)?;
    let mut step = 0;
    if fits.overflow.is_some() {
        let ratio = fits.available / (fits.available + fits.excess);
        step = (((SCALE_MAX - SCALE_MAX * ratio) / SCALE_STEP).ceil() as usize).clamp(1, steps);
        let mut trial = attempt(step)?;
        if trial.overflow.is_none() {
            while step > 1 {
                let bigger = attempt(step - 1)?;
                if bigger.overflow.is_some() {
                    break;
                }
                step -= 1;
                trial = bigger;
            }
        } else {
            while let Some((section, over)) = trial.overflow {
                if step == steps {
                    return Err(LayoutError::Overflow { section, over });
                }
                step += 1;
                trial = attempt(step)?;
            }
        }
        fits = trial;
    }
    // Share what is left of the page between the bands, so the sheet does
    // not end in a blank strip above the hotlines. The drafts measured; the
    // final run draws everything.
    let spread = (fits.slack / BAND_GAPS as f32).min(10.0);
    let spread = if spread > 0.5 { spread } else { 0.0 };
    let frame = Page::new(profile, &palette, options, scale_at(step), spread, false)
        .run()?
        .frame;
    Ok(Sheet {
        frame,
        scale: scale_at(step),
    })
}

/// Shares of the content width the map column may take, largest first.
const MAP_SHARES: [f32; 4] = [0.42, 0.39, 0.36, 0.33];

/// Shares of the content width the statutes column may take.
const LAW_SHARES: [f32; 4] = [0.38, 0.35, 0.32, 0.29];

/// How many gaps between bands take a share of spare height.
const BAND_GAPS: usize = 4;

/// Type sizes and spacing at one scale.
#[derive(Debug, Clone, Copy)]
struct Style {
    title: f32,
    agency: f32,
    intro: f32,
    heading: f32,
    body: f32,
    small: f32,
    number: f32,
    /// Vertical space between bands.
    band_gap: f32,
    gutter: f32,
    /// Bands and headings.
    primary: Rgb,
    /// Ranks, citations and rules.
    accent: Rgb,
    link: Rgb,
    fonts: FontSet,
}

impl Style {
    fn at(scale: f32, extra_gap: f32, profile: &Profile) -> Self {
        let theme = &profile.theme;
        let color = |value: &Option<String>, default| {
            value
                .as_deref()
                .and_then(profile::parse_color)
                .unwrap_or(default)
        };
        Self {
            primary: color(&theme.primary, NAVY),
            accent: color(&theme.accent, ACCENT),
            link: color(&theme.link, LINK),
            fonts: profile.fonts,
            title: 22.0 * scale,
            agency: 10.5 * scale,
            intro: 10.0 * scale,
            heading: 8.5 * scale,
            body: 8.5 * scale,
            small: (7.5 * scale).max(6.5),
            number: 17.0 * scale,
            band_gap: 9.0 * scale + extra_gap,
            gutter: 14.0,
        }
    }

    fn setting(size: f32, width: f32) -> Setting {
        Setting {
            size,
            leading: size * 1.22,
            width,
        }
    }
}

struct Attempt {
    frame: Frame,
    /// The section that crossed the bottom margin and by how much.
    overflow: Option<(&'static str, f32)>,
    /// Unused height above the footer when everything fits.
    slack: f32,
    /// How far the content runs past the footer (0 when it fits).
    excess: f32,
    /// The height the bands may fill.
    available: f32,
}

/// One attempt at laying out the sheet at a given scale.
struct Page<'a> {
    profile: &'a Profile,
    /// Chart colours from the theme; empty for the charts' default.
    palette: &'a [Rgb],
    style: Style,
    frame: Frame,
    /// Content box.
    left: f32,
    right: f32,
    bottom: f32,
    y: f32,
    overflow: Option<(&'static str, f32)>,
    /// Measuring only: costly drawing that cannot change the geometry is skipped.
    draft: bool,
}

impl<'a> Page<'a> {
    fn new(
        profile: &'a Profile,
        palette: &'a [Rgb],
        options: Options,
        scale: f32,
        extra_gap: f32,
        draft: bool,
    ) -> Self {
        let page = options
            .page
            .or(profile.theme.page)
            .unwrap_or(PageSize::Letter);
        let (width, height) = dimensions(page);
        Self {
            profile,
            palette,
            style: Style::at(scale, extra_gap, profile),
            frame: Frame::new(width, height),
            left: MARGIN,
            right: width - MARGIN,
            bottom: height - MARGIN,
            y: MARGIN,
            overflow: None,
            draft,
        }
    }

    fn width(&self) -> f32 {
        self.right - self.left
    }

    /// Width of one of three equal columns.
    fn third(&self) -> f32 {
        (self.width() - 2.0 * self.style.gutter) / 3.0
    }

    fn run(mut self) -> Result<Attempt, LayoutError> {
        let footer_top = self.footer_top() - self.style.band_gap;
        self.title_band();
        self.intro();
        self.map_and_demographics()?;
        self.check("map and demographics", footer_top);
        self.venues_charts_disclaimer()?;
        self.check("venues and chart", footer_top);
        self.laws_and_efforts()?;
        self.check("laws and statewide efforts", footer_top);
        self.hotlines();
        self.check("hotlines", footer_top);
        self.footer();
        Ok(Attempt {
            slack: (footer_top - self.y).max(0.0),
            excess: (self.y - footer_top).max(0.0),
            available: footer_top - MARGIN,
            frame: self.frame,
            overflow: self.overflow,
        })
    }

    /// Records the first section whose bottom crosses `limit`.
    fn check(&mut self, section: &'static str, limit: f32) {
        if self.overflow.is_none() && self.y > limit {
            self.overflow = Some((section, self.y - limit));
        }
    }

    fn rule(&mut self, x: f32, y: f32, width: f32, color: Rgb, thickness: f32) {
        self.frame.path(
            Path::line(
                Point::new(x, y),
                Point::new(x + width, y),
                Stroke {
                    color,
                    width: thickness,
                },
            ),
            None,
        );
    }

    /// A section heading in bold with a thin accent rule under it.
    /// Returns the y below the rule.
    fn heading(
        &mut self,
        text: &str,
        x: f32,
        top: f32,
        width: f32,
        node: NodeId,
        color: Rgb,
    ) -> f32 {
        let size = self.style.heading;
        let spans = [Span::new(text, self.style.fonts.bold, color)];
        let bottom = paragraph(
            &mut self.frame,
            &spans,
            x,
            top,
            Style::setting(size, width),
            Some(node),
        );
        let rule_y = bottom + 1.0;
        let rule_color = if color == WHITE {
            ON_NAVY_SOFT
        } else {
            self.style.accent
        };
        self.rule(x, rule_y, width, rule_color, 0.75);
        rule_y + 3.5
    }

    fn title_band(&mut self) {
        let s = self.style;
        let pad = 10.0;
        let title = self.profile.title();
        let width = self.width() - 2.0 * pad;
        let title_spans = [Span::new(title, self.style.fonts.extrabold, WHITE)];
        let title_setting = Setting {
            size: s.title,
            leading: s.title * 1.1,
            width,
        };
        let agency_spans = [Span::new(
            self.profile.agency.clone(),
            self.style.fonts.semibold,
            ON_NAVY_SOFT,
        )];
        let agency_setting = Style::setting(s.agency, width);
        let height = pad
            + text::height(&title_spans, title_setting)
            + 2.0
            + text::height(&agency_spans, agency_setting)
            + pad * 0.8;
        self.frame.path(
            Path::rect(
                Rect::new(self.left, self.y, self.width(), height),
                self.style.primary,
            ),
            None,
        );
        let h1 = self.frame.node(Role::H1, Frame::ROOT);
        let y = paragraph(
            &mut self.frame,
            &title_spans,
            self.left + pad,
            self.y + pad,
            title_setting,
            Some(h1),
        );
        let agency = self.frame.node(Role::P, Frame::ROOT);
        paragraph(
            &mut self.frame,
            &agency_spans,
            self.left + pad,
            y + 2.0,
            agency_setting,
            Some(agency),
        );
        self.y += height + 7.0;
    }

    fn intro(&mut self) {
        let node = self.frame.node(Role::P, Frame::ROOT);
        let spans = [Span::new(
            self.profile.intro.clone(),
            self.style.fonts.regular,
            INK,
        )];
        let setting = Style::setting(self.style.intro, self.width());
        self.y = paragraph(
            &mut self.frame,
            &spans,
            self.left,
            self.y,
            setting,
            Some(node),
        ) + self.style.band_gap;
    }

    /// The map column takes the share of the width that makes the band
    /// shortest: a long caption wants a wider map column, long demographics
    /// a narrower one. Ties keep the larger map.
    fn map_and_demographics(&mut self) -> Result<(), LayoutError> {
        let share = self.shortest_share(&MAP_SHARES, Page::map_and_demographics_at)?;
        self.map_and_demographics_at(share)
    }

    /// Of `shares` (preferred first), the one with which `band`, drafted
    /// from the current position, ends highest; ties keep the earlier share.
    fn shortest_share(
        &self,
        shares: &[f32],
        band: impl Fn(&mut Page<'a>, f32) -> Result<(), LayoutError>,
    ) -> Result<f32, LayoutError> {
        let mut best = (f32::INFINITY, shares[0]);
        for &share in shares {
            let mut trial = Page {
                frame: Frame::new(self.frame.width, self.frame.height),
                overflow: None,
                draft: true,
                ..*self
            };
            band(&mut trial, share)?;
            if trial.y < best.0 - 0.5 {
                best = (trial.y, share);
            }
        }
        Ok(best.1)
    }

    fn map_and_demographics_at(&mut self, map_share: f32) -> Result<(), LayoutError> {
        let s = self.style;
        let top = self.y;
        let map_width = (self.width() * map_share).round();
        let map_height = (map_width * 0.64).round();

        // The map and its caption.
        let sect = self.frame.node(Role::Sect, Frame::ROOT);
        let figure = self.frame.node(
            Role::Figure {
                alt: String::new(),
                lang: None,
            },
            sect,
        );
        let values: Vec<CountyValue> = self
            .profile
            .heat_map
            .counties
            .iter()
            .filter_map(|(key, value)| {
                let value = value.as_float().or(value.as_integer().map(|v| v as f64))?;
                Some(CountyValue {
                    key: key.clone(),
                    value,
                })
            })
            .collect();
        let spec = MapSpec {
            state_code: &self.profile.state_code,
            values: &values,
            counts: self.profile.heat_map.values_are_counts,
            legend_low: &self.profile.labels.legend_fewer,
            legend_high: &self.profile.labels.legend_more,
            face: self.style.fonts.regular,
            wording: self.profile.map_wording(),
        };
        let area = Rect::new(self.left, top, map_width, map_height);
        // The map stays inside its box whatever it draws, so drafts that
        // only measure the page leave it out: it is the costliest item.
        if !self.draft {
            let drawn =
                map::draw(&mut self.frame, area, &spec, Some(figure)).map_err(LayoutError::Map)?;
            self.frame.nodes[figure].role = Role::Figure {
                alt: drawn.alt,
                lang: None,
            };
        }
        let caption = self.frame.node(Role::P, sect);
        let spans = [Span::new(
            self.profile.heat_map.caption.clone(),
            self.style.fonts.italic,
            MUTED,
        )];
        let left_bottom = paragraph(
            &mut self.frame,
            &spans,
            self.left,
            top + map_height + 4.0,
            Style::setting(s.small, map_width),
            Some(caption),
        );

        // Demographics beside it.
        let x = self.left + map_width + s.gutter;
        let width = self.right - x;
        let demographics = &self.profile.demographics;
        let sect = self.frame.node(Role::Sect, Frame::ROOT);
        let h2 = self.frame.node(Role::H2, sect);
        let mut y = self.heading(&demographics.heading, x, top, width, h2, self.style.primary);
        let groups = demographics.groups.len().max(1) as f32;
        let gap = 10.0;
        let chart_width = (width - gap * (groups - 1.0)) / groups;
        let mut charts_bottom = y;
        for (i, group) in demographics.groups.iter().enumerate() {
            let cx = x + i as f32 * (chart_width + gap);
            let h3 = self.frame.node(Role::H3, sect);
            let spans = [Span::new(
                group.title.clone(),
                self.style.fonts.bold,
                self.style.primary,
            )];
            let chart_top = paragraph(
                &mut self.frame,
                &spans,
                cx,
                y,
                Style::setting(s.body, chart_width),
                Some(h3),
            ) + 1.0;
            let categories: Vec<String> = group.items.iter().map(|c| c.label.clone()).collect();
            let series = [chart::Series {
                name: group.title.clone(),
                values: group.items.iter().map(|c| c.count as f64).collect(),
            }];
            let height = group.items.len() as f32 * s.small * 3.3;
            let spec = ChartSpec {
                kind: chart::ChartKind::HorizontalBar,
                title: None,
                categories: &categories,
                series: &series,
                source: None,
                palette: self.palette,
                text_size: s.small,
                text_color: INK,
                fonts: self.style.fonts,
                labels: self.chart_labels(),
            };
            let bottom = self.chart(
                &spec,
                &group.title,
                Rect::new(cx, chart_top, chart_width, height),
                sect,
            )?;
            charts_bottom = charts_bottom.max(bottom);
        }
        y = charts_bottom + 4.0;
        let note = self.frame.node(Role::P, sect);
        let spans = [Span::new(
            demographics.note.clone(),
            self.style.fonts.italic,
            MUTED,
        )];
        y = paragraph(
            &mut self.frame,
            &spans,
            x,
            y,
            Style::setting(s.small, width),
            Some(note),
        );
        if let Some(more) = &demographics.more {
            let p = self.frame.node(Role::P, sect);
            let spans = [
                Span::new(format!("{} ", more.text), self.style.fonts.regular, INK),
                Span::new(more.label(), self.style.fonts.semibold, self.style.link)
                    .link(more.url.clone(), more.text.clone()),
                Span::new(".", self.style.fonts.regular, INK),
            ];
            y = paragraph(
                &mut self.frame,
                &spans,
                x,
                y + 3.0,
                Style::setting(s.small, width),
                Some(p),
            );
        }
        self.y = left_bottom.max(y) + s.band_gap;
        Ok(())
    }

    fn chart_labels(&self) -> chart::ChartLabels<'a> {
        self.profile.chart_labels()
    }

    /// Draws a chart as a Figure under `parent`; returns its bottom.
    fn chart(
        &mut self,
        spec: &ChartSpec,
        title: &str,
        area: Rect,
        parent: NodeId,
    ) -> Result<f32, LayoutError> {
        let figure = self.frame.node(
            Role::Figure {
                alt: String::new(),
                lang: None,
            },
            parent,
        );
        let drawn = match chart::draw(&mut self.frame, area, spec, Some(figure)) {
            // Labels wrapped onto more lines than planned: give the chart
            // the height it asks for; the page fit decides whether it stays.
            Err(chart::ChartError::TooSmall { needed_height }) => {
                let area = Rect::new(area.x, area.y, area.width, needed_height.ceil());
                chart::draw(&mut self.frame, area, spec, Some(figure))
            }
            other => other,
        }
        .map_err(|error| LayoutError::Chart {
            title: title.to_string(),
            error,
        })?;
        self.frame.nodes[figure].role = Role::Figure {
            alt: drawn.alt,
            lang: None,
        };
        Ok(drawn.bounds.bottom())
    }

    fn venues_charts_disclaimer(&mut self) -> Result<(), LayoutError> {
        let s = self.style;
        let top = self.y;
        let third = self.third();
        let venues = &self.profile.venues;
        let mut lists_bottom = top;
        for (i, (heading, items)) in [
            (&venues.sex_heading, &venues.sex),
            (&venues.labor_heading, &venues.labor),
        ]
        .into_iter()
        .enumerate()
        {
            let x = self.left + i as f32 * (third + s.gutter);
            let sect = self.frame.node(Role::Sect, Frame::ROOT);
            let label = self.frame.node(Role::P, sect);
            let spans = [Span::new(
                venues.top_label.to_uppercase(),
                self.style.fonts.extrabold,
                self.style.accent,
            )];
            let y = paragraph(
                &mut self.frame,
                &spans,
                x,
                top,
                Style::setting(s.small, third),
                Some(label),
            );
            let h2 = self.frame.node(Role::H2, sect);
            let y = self.heading(heading, x, y, third, h2, self.style.primary);
            let entries: Vec<(String, Vec<Span>)> = items
                .iter()
                .enumerate()
                .map(|(n, venue)| {
                    (
                        format!("{}.", n + 1),
                        vec![Span::new(venue.clone(), self.style.fonts.regular, INK)],
                    )
                })
                .collect();
            let bottom = list(
                &mut self.frame,
                &entries,
                self.style.fonts.extrabold,
                self.style.accent,
                x,
                y,
                third,
                s.body,
                sect,
            );
            lists_bottom = lists_bottom.max(bottom);
        }

        let charts = &self.profile.charts;
        let third_x = self.left + 2.0 * (third + s.gutter);
        if charts.len() <= 1 {
            // The chart in the third column, the disclaimer under the lists.
            let mut y = top;
            for chart in charts {
                y = self.chart_block(chart, third_x, top, third, 0.68)?;
            }
            let bottom = self.disclaimer(self.left, lists_bottom + 6.0, 2.0 * third + s.gutter);
            self.y = bottom.max(y) + s.band_gap;
        } else {
            // Several charts: the disclaimer takes the third column and the
            // charts a row of their own, up to three abreast.
            let mut y = self.disclaimer(third_x, top, third).max(lists_bottom) + s.band_gap;
            for row in charts.chunks(3) {
                let n = row.len() as f32;
                let width = (self.width() - (n - 1.0) * s.gutter) / n;
                let mut bottom = y;
                for (i, chart) in row.iter().enumerate() {
                    let x = self.left + i as f32 * (width + s.gutter);
                    bottom = bottom.max(self.chart_block(chart, x, y, width, 0.6)?);
                }
                y = bottom + s.band_gap * 0.6;
            }
            self.y = y + s.band_gap * 0.4;
        }
        Ok(())
    }

    /// A chart with its title as a section, `aspect` times as tall as it is
    /// wide; returns its bottom.
    fn chart_block(
        &mut self,
        chart: &profile::Chart,
        x: f32,
        top: f32,
        width: f32,
        aspect: f32,
    ) -> Result<f32, LayoutError> {
        let s = self.style;
        let sect = self.frame.node(Role::Sect, Frame::ROOT);
        let h2 = self.frame.node(Role::H2, sect);
        let spans = [Span::new(
            chart.title.clone(),
            self.style.fonts.bold,
            s.primary,
        )];
        let y = paragraph(
            &mut self.frame,
            &spans,
            x,
            top,
            Style::setting(s.body, width),
            Some(h2),
        ) + 2.0;
        let series: Vec<chart::Series> = chart
            .series
            .iter()
            .map(|series| chart::Series {
                name: series.name.clone(),
                values: series.values.clone(),
            })
            .collect();
        let kind = match chart.kind {
            ChartKind::Bar => chart::ChartKind::HorizontalBar,
            ChartKind::Column => chart::ChartKind::VerticalBar,
            ChartKind::GroupedBar => chart::ChartKind::GroupedBar,
            ChartKind::Donut => chart::ChartKind::Donut,
            ChartKind::Pie => chart::ChartKind::Pie,
            ChartKind::Line => chart::ChartKind::Line,
        };
        let spec = ChartSpec {
            kind,
            title: None,
            categories: &chart.categories,
            series: &series,
            source: chart.source.as_deref(),
            palette: self.palette,
            text_size: s.small,
            text_color: INK,
            fonts: self.style.fonts,
            labels: self.chart_labels(),
        };
        let height = (width * aspect).round();
        self.chart(&spec, &chart.title, Rect::new(x, y, width, height), sect)
    }

    /// The disclaimer on a tint with an accent edge; returns its bottom.
    fn disclaimer(&mut self, x: f32, top: f32, width: f32) -> f32 {
        let pad = 6.0;
        let spans = [Span::new(
            self.profile.disclaimer.text.clone(),
            self.style.fonts.italic,
            INK,
        )];
        let setting = Style::setting(self.style.small, width - 2.0 * pad);
        let height = text::height(&spans, setting) + 2.0 * pad;
        self.frame
            .path(Path::rect(Rect::new(x, top, width, height), TINT), None);
        self.frame.path(
            Path::rect(Rect::new(x, top, 2.5, height), self.style.accent),
            None,
        );
        let p = self.frame.node(Role::P, Frame::ROOT);
        paragraph(
            &mut self.frame,
            &spans,
            x + pad,
            top + pad,
            setting,
            Some(p),
        );
        top + height
    }

    /// Statutes on the left; statewide efforts in two columns on the right.
    /// The statutes take the share of the width that makes the band shortest.
    fn laws_and_efforts(&mut self) -> Result<(), LayoutError> {
        let share = self.shortest_share(&LAW_SHARES, |page, share| {
            page.laws_and_efforts_at(share);
            Ok(())
        })?;
        self.laws_and_efforts_at(share);
        Ok(())
    }

    fn laws_and_efforts_at(&mut self, laws_share: f32) {
        let s = self.style;
        let top = self.y;
        let laws_width = (self.width() * laws_share).round();

        // Statutes.
        let laws = &self.profile.laws;
        let sect = self.frame.node(Role::Sect, Frame::ROOT);
        let h2 = self.frame.node(Role::H2, sect);
        let y = self.heading(
            &laws.heading,
            self.left,
            top,
            laws_width,
            h2,
            self.style.primary,
        );
        let entries: Vec<(String, Vec<Span>)> = laws
            .items
            .iter()
            .map(|law| {
                // A citation never breaks after its section sign.
                let citation = law
                    .citation
                    .replace("§ ", &format!("§{}", text::NO_BREAK_SPACE));
                let citation = Span::new(citation, self.style.fonts.bold, self.style.accent);
                let citation = match &law.url {
                    Some(url) => {
                        citation.link(url.clone(), format!("{} {}", law.citation, law.title))
                    }
                    None => citation,
                };
                (
                    "•".to_string(),
                    vec![
                        Span::new(format!("{} ", law.title), self.style.fonts.regular, INK),
                        citation,
                    ],
                )
            })
            .collect();
        let laws_bottom = list(
            &mut self.frame,
            &entries,
            self.style.fonts.bold,
            self.style.accent,
            self.left,
            y,
            laws_width,
            s.small,
            sect,
        );

        // Statewide efforts beside them, in two columns.
        let x = self.left + laws_width + s.gutter;
        let width = self.right - x;
        let column = (width - s.gutter) / 2.0;
        let efforts = &self.profile.efforts;
        let sect = self.frame.node(Role::Sect, Frame::ROOT);
        let h2 = self.frame.node(Role::H2, sect);
        let mut y = self.heading(&efforts.heading, x, top, width, h2, self.style.primary);
        if let Some(referral) = &efforts.referral {
            let p = self.frame.node(Role::P, sect);
            let spans = [
                Span::new(format!("{} ", referral.text), self.style.fonts.regular, INK),
                Span::new(referral.label(), self.style.fonts.semibold, self.style.link)
                    .link(referral.url.clone(), referral.text.clone()),
            ];
            y = paragraph(
                &mut self.frame,
                &spans,
                x,
                y,
                Style::setting(s.small, width),
                Some(p),
            ) + 4.0;
        }
        // Groups fill the left column first, then the right, balancing heights.
        let heights: Vec<f32> = efforts
            .groups
            .iter()
            .map(|g| self.group_height(g, column))
            .collect();
        let total: f32 = heights.iter().sum();
        let mut split = efforts.groups.len();
        let mut acc = 0.0;
        for (i, h) in heights.iter().enumerate() {
            if acc > 0.0 && acc + h / 2.0 > total / 2.0 {
                split = i;
                break;
            }
            acc += h;
        }
        let mut bottoms = [y, y];
        for (i, group) in efforts.groups.iter().enumerate() {
            let side = usize::from(i >= split);
            let gx = x + side as f32 * (column + s.gutter);
            bottoms[side] =
                effort_group(&mut self.frame, s, group, gx, bottoms[side], column, sect);
        }
        self.y = laws_bottom.max(bottoms[0]).max(bottoms[1]) + s.band_gap;
    }

    fn group_height(&self, group: &profile::EffortGroup, width: f32) -> f32 {
        let mut scratch = Frame::new(self.frame.width, self.frame.height);
        effort_group(
            &mut scratch,
            self.style,
            group,
            0.0,
            0.0,
            width,
            Frame::ROOT,
        )
    }

    fn hotlines(&mut self) {
        let pad = 9.0;
        let inner = self.width() - 2.0 * pad;
        let x = self.left + pad;
        let band_top = self.y;
        // Measured on scratch first: the band is painted before its text.
        let mut scratch = Frame::new(self.frame.width, self.frame.height);
        let rows_bottom = hotline_rows(
            &mut scratch,
            self.profile,
            self.style,
            x,
            band_top + pad,
            inner,
            None,
        );
        let height = rows_bottom - band_top + pad * 0.6;
        self.frame.path(
            Path::rect(
                Rect::new(self.left, band_top, self.width(), height),
                self.style.primary,
            ),
            None,
        );
        let sect = self.frame.node(Role::Sect, Frame::ROOT);
        hotline_rows(
            &mut self.frame,
            self.profile,
            self.style,
            x,
            band_top + pad,
            inner,
            Some(sect),
        );
        self.y = band_top + height;
    }

    /// The footer's spans and setting; `None` when the profile has no footer.
    fn footer_text(&self) -> Option<([Span; 1], Setting)> {
        let footer = self.profile.footer.as_ref()?;
        Some((
            [Span::new(footer.clone(), self.style.fonts.regular, MUTED)],
            Style::setting(6.5, self.width()),
        ))
    }

    /// Where the footer starts: the lowest point the bands may reach.
    fn footer_top(&self) -> f32 {
        self.footer_text().map_or(self.bottom, |(spans, setting)| {
            self.bottom - text::height(&spans, setting)
        })
    }

    /// The source line at the foot of the page, painted last so it reads last.
    fn footer(&mut self) {
        if let Some((spans, setting)) = self.footer_text() {
            let top = self.footer_top();
            let node = self.frame.node(Role::P, Frame::ROOT);
            paragraph(&mut self.frame, &spans, self.left, top, setting, Some(node));
        }
    }
}

/// A list with labels (ranks or bullets) hanging left of each entry.
/// Returns the bottom of the last entry.
#[allow(clippy::too_many_arguments)]
fn list(
    frame: &mut Frame,
    entries: &[(String, Vec<Span>)],
    label_face: Face,
    label_color: Rgb,
    x: f32,
    top: f32,
    width: f32,
    size: f32,
    parent: NodeId,
) -> f32 {
    let indent = size * 1.4;
    let setting = Style::setting(size, width - indent);
    let l = frame.node(Role::L, parent);
    let mut y = top;
    for (label, body) in entries {
        let li = frame.node(Role::LI, l);
        let lbl = frame.node(Role::Lbl, li);
        paragraph(
            frame,
            &[Span::new(label.clone(), label_face, label_color)],
            x,
            y,
            Setting {
                width: indent,
                ..setting
            },
            Some(lbl),
        );
        let lbody = frame.node(Role::LBody, li);
        y = paragraph(frame, body, x + indent, y, setting, Some(lbody)) + size * 0.25;
    }
    y
}

fn effort_entries(group: &profile::EffortGroup, face: Face, link: Rgb) -> Vec<(String, Vec<Span>)> {
    group
        .items
        .iter()
        .map(|entry| {
            let span = match &entry.url {
                Some(url) => {
                    Span::new(entry.text.clone(), face, link).link(url.clone(), entry.text.clone())
                }
                None => Span::new(entry.text.clone(), face, INK),
            };
            ("•".to_string(), vec![span])
        })
        .collect()
}

/// One group of statewide efforts; returns its bottom.
fn effort_group(
    frame: &mut Frame,
    s: Style,
    group: &profile::EffortGroup,
    x: f32,
    top: f32,
    width: f32,
    parent: NodeId,
) -> f32 {
    let h3 = frame.node(Role::H3, parent);
    let spans = [Span::new(
        group.title.to_uppercase(),
        s.fonts.bold,
        s.primary,
    )];
    let mut y = paragraph(
        frame,
        &spans,
        x,
        top,
        Style::setting(s.small, width),
        Some(h3),
    );
    if let Some(subtitle) = &group.subtitle {
        let p = frame.node(Role::P, parent);
        let spans = [Span::new(subtitle.clone(), s.fonts.regular, MUTED)];
        y = paragraph(frame, &spans, x, y, Style::setting(s.small, width), Some(p));
    }
    list(
        frame,
        &effort_entries(group, s.fonts.regular, s.link),
        s.fonts.bold,
        s.accent,
        x,
        y + 1.0,
        width,
        s.small,
        parent,
    ) + 3.0
}

/// Draws the hotline heading and rows into `frame`; returns the bottom.
fn hotline_rows(
    frame: &mut Frame,
    profile: &Profile,
    s: Style,
    x: f32,
    top: f32,
    width: f32,
    sect: Option<NodeId>,
) -> f32 {
    let hotlines = &profile.hotlines;
    let node = |frame: &mut Frame, role: Role| sect.map(|parent| frame.node(role, parent));
    let h2 = node(frame, Role::H2);
    let mut y = paragraph(
        frame,
        &[Span::new(
            hotlines.heading.to_uppercase(),
            s.fonts.bold,
            WHITE,
        )],
        x,
        top,
        Style::setting(s.heading, width),
        h2,
    ) + 2.0;
    for (_, hotline) in hotlines.all() {
        let p = node(frame, Role::P);
        let number_width = crate::fonts::width(s.fonts.extrabold, s.number, &hotline.number);
        let name_width = width - number_width - 12.0;
        let row_top = y;
        let name_setting = Style::setting(s.body * 1.1, name_width);
        let name_lines = text::set(
            &[Span::new(hotline.name.clone(), s.fonts.bold, WHITE)],
            name_setting,
        );
        // The name's last line shares the number's baseline.
        let number_leading = s.number * 1.3;
        let name_top = row_top + number_leading
            - name_lines.len() as f32 * name_setting.leading
            - (number_leading - name_setting.leading) / 2.0
            + 1.0;
        text::draw_lines(
            frame,
            &[Span::new(hotline.name.clone(), s.fonts.bold, WHITE)],
            &name_lines,
            x,
            name_top.max(row_top),
            name_setting,
            p,
        );
        let tel = profile::phone_uri(&hotline.number).unwrap_or_default();
        let number_spans = [
            Span::new(hotline.number.clone(), s.fonts.extrabold, WHITE).link(
                tel,
                format!(
                    "{} {}: {}",
                    profile.labels.call, hotline.name, hotline.number
                ),
            ),
        ];
        let number_bottom = paragraph(
            frame,
            &number_spans,
            x + width - number_width,
            row_top,
            Setting {
                size: s.number,
                leading: number_leading,
                width: number_width + 1.0,
            },
            p,
        );
        y = number_bottom.max(name_top + name_lines.len() as f32 * name_setting.leading);
        if let Some(description) = &hotline.description {
            let d = node(frame, Role::P);
            y = paragraph(
                frame,
                &[Span::new(
                    description.clone(),
                    s.fonts.regular,
                    ON_NAVY_SOFT,
                )],
                x,
                y,
                Style::setting(s.small, width),
                d,
            );
        }
        y += 5.0;
    }
    y
}
