//! The display list: a page size plus positioned items.
//!
//! Layout, charts and the map all draw into a [`Frame`]; the PDF exporter only
//! serialises it. Keeping the page as plain data lets the tests check geometry
//! (margins, overlaps, proportions) without parsing PDF bytes.
//!
//! Coordinates are PostScript points with the origin at the top-left corner of
//! the page and y growing downwards, the way a reader scans the sheet. Text is
//! placed by its baseline.

use crate::fonts::Face;

/// A point on the page, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// An axis-aligned rectangle: top-left corner plus size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub const fn new(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self {
            x,
            y,
            width,
            height,
        }
    }

    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// True when the two rectangles share interior area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f32 = 0.01;
        self.x + EPS < other.right()
            && other.x + EPS < self.right()
            && self.y + EPS < other.bottom()
            && other.y + EPS < self.bottom()
    }

    /// True when `other` lies inside this rectangle (with a small tolerance).
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f32 = 0.01;
        other.x + EPS >= self.x
            && other.y + EPS >= self.y
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect::new(
            x,
            y,
            self.right().max(other.right()) - x,
            self.bottom().max(other.bottom()) - y,
        )
    }
}

pub use crate::rules::Rgb;

/// A run of text on one line, in one face, size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Left end of the baseline.
    pub origin: Point,
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
    pub text: String,
    /// Advance width measured with the font's real metrics.
    pub width: f32,
}

impl TextRun {
    /// The box from the font's ascender to its descender, as wide as the advance.
    pub fn bounds(&self) -> Rect {
        let metrics = crate::fonts::metrics(self.face);
        let ascent = metrics.ascent * self.size;
        let descent = metrics.descent * self.size;
        Rect::new(
            self.origin.x,
            self.origin.y - ascent,
            self.width,
            ascent + descent,
        )
    }
}

/// A stroke: colour and line width in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub color: Rgb,
    pub width: f32,
}

/// A filled and/or stroked shape made of straight segments.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// Each ring is one closed (or, for open lines, unclosed) run of points.
    /// Several rings fill with the even-odd rule, so holes and islands work.
    pub rings: Vec<Vec<Point>>,
    pub fill: Option<Rgb>,
    pub stroke: Option<Stroke>,
    /// False for polylines (chart lines, leader lines) that must not be closed.
    pub closed: bool,
}

impl Path {
    /// A filled axis-aligned rectangle.
    pub fn rect(rect: Rect, fill: Rgb) -> Self {
        Self {
            rings: vec![vec![
                Point::new(rect.x, rect.y),
                Point::new(rect.right(), rect.y),
                Point::new(rect.right(), rect.bottom()),
                Point::new(rect.x, rect.bottom()),
            ]],
            fill: Some(fill),
            stroke: None,
            closed: true,
        }
    }

    /// A straight line segment.
    pub fn line(from: Point, to: Point, stroke: Stroke) -> Self {
        Self {
            rings: vec![vec![from, to]],
            fill: None,
            stroke: Some(stroke),
            closed: false,
        }
    }

    /// The bounding box of all points (stroke width not included).
    pub fn bounds(&self) -> Rect {
        let mut points = self.rings.iter().flatten();
        let Some(first) = points.next() else {
            return Rect::new(0.0, 0.0, 0.0, 0.0);
        };
        let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x, first.y);
        for p in points {
            x0 = x0.min(p.x);
            y0 = y0.min(p.y);
            x1 = x1.max(p.x);
            y1 = y1.max(p.y);
        }
        Rect::new(x0, y0, x1 - x0, y1 - y0)
    }
}

/// A clickable area that opens a URI (`https:`, `mailto:` or `tel:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub rect: Rect,
    pub uri: String,
    /// What the link does, for screen readers (the annotation's `/Contents`).
    pub description: String,
}

/// The role of a node in the document's logical structure (its tag tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Document,
    /// A section: groups a heading with its content.
    Sect,
    H1,
    H2,
    H3,
    P,
    /// A list, its items, an item's label (number or bullet) and its body.
    L,
    LI,
    Lbl,
    LBody,
    Link,
    /// A chart or the map; `alt` states what it shows, numbers included.
    Figure {
        alt: String,
        /// The language of `alt` when it is not the document's (generated
        /// descriptions are English).
        lang: Option<String>,
    },
    /// A table and its rows, header cells and data cells.
    Table,
    TR,
    TH,
    TD,
}

/// Index of a structure node in [`Frame::nodes`].
pub type NodeId = usize;

/// A node of the logical structure. Items point at the node they belong to.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    /// `None` only for the root.
    pub parent: Option<NodeId>,
}

/// What an item draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(TextRun),
    Path(Path),
    Link(Link),
}

/// One positioned piece of the page and the structure node it belongs to.
/// `node: None` marks decoration (rules, backgrounds): an artifact that
/// assistive technology skips.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub content: Content,
    pub node: Option<NodeId>,
}

/// A page: its size, what is drawn on it in painting order, and its structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// The structure tree; `nodes[0]` is the Document root. Children come in
    /// reading order, which is the order they were added.
    pub nodes: Vec<Node>,
    /// A page to measure on: what is drawn is not kept.
    measuring: bool,
}

impl Frame {
    pub fn new(width: f32, height: f32) -> Self {
        Self {
            width,
            height,
            items: Vec::new(),
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
            }],
            measuring: false,
        }
    }

    /// A page that only measures: drawing on it returns the same positions
    /// as on a real page, but keeps nothing drawn. Nodes made on it stay
    /// valid ids, but not every node is made (text skips its link nodes):
    /// its structure is not the page's. The layout's drafts draw many
    /// arrangements only to learn how tall they are. Charts, which report
    /// their bounds from what they drew, are not drawn on one.
    pub fn measuring(width: f32, height: f32) -> Self {
        Self {
            measuring: true,
            ..Self::new(width, height)
        }
    }

    /// Whether what is drawn is kept (see [`Frame::measuring`]).
    pub fn keeps_content(&self) -> bool {
        !self.measuring
    }

    /// The Document root node.
    pub const ROOT: NodeId = 0;

    /// Adds a structure node under `parent` and returns its id.
    pub fn node(&mut self, role: Role, parent: NodeId) -> NodeId {
        self.nodes.push(Node {
            role,
            parent: Some(parent),
        });
        self.nodes.len() - 1
    }

    pub fn push(&mut self, content: Content, node: Option<NodeId>) {
        if !self.measuring {
            self.items.push(Item { content, node });
        }
    }

    pub fn text(&mut self, run: TextRun, node: Option<NodeId>) {
        self.push(Content::Text(run), node);
    }

    pub fn path(&mut self, path: Path, node: Option<NodeId>) {
        self.push(Content::Path(path), node);
    }

    pub fn link(&mut self, link: Link, node: Option<NodeId>) {
        self.push(Content::Link(link), node);
    }

    /// All text runs, in painting order.
    pub fn text_runs(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|item| match &item.content {
            Content::Text(run) => Some(run),
            _ => None,
        })
    }

    /// All link areas, in painting order.
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        self.items.iter().filter_map(|item| match &item.content {
            Content::Link(link) => Some(link),
            _ => None,
        })
    }

    /// The bounding box of an item's visible content.
    pub fn bounds(content: &Content) -> Rect {
        match content {
            Content::Text(run) => run.bounds(),
            Content::Path(path) => path.bounds(),
            Content::Link(link) => link.rect,
        }
    }
}
