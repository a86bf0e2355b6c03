//! Flowing a sequence of blocks (headings, paragraphs, list items) into
//! balanced columns of one width.
//!
//! Blocks are measured once at the column width, then split at block
//! boundaries so that the tallest column is as short as it can be; a block
//! that must stay with the next one (a heading) never ends a column.

use crate::frame::Frame;

/// Draws itself with its top-left at `(x, top)` and returns its bottom.
pub type Draw<'a> = Box<dyn Fn(&mut Frame, f32, f32) -> f32 + 'a>;

/// One indivisible piece of a flow.
pub struct Block<'a> {
    pub draw: Draw<'a>,
    /// Space below it when another block follows in the same column.
    pub gap_after: f32,
    /// A heading: never the last block of a column.
    pub keep_with_next: bool,
}

impl<'a> Block<'a> {
    pub fn new(gap_after: f32, draw: impl Fn(&mut Frame, f32, f32) -> f32 + 'a) -> Self {
        Self {
            draw: Box::new(draw),
            gap_after,
            keep_with_next: false,
        }
    }

    pub fn keep_with_next(mut self) -> Self {
        self.keep_with_next = true;
        self
    }
}

/// Blocks split into columns: `starts[c]` is the first block of column `c`.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub starts: Vec<usize>,
    /// Height of each column.
    pub heights: Vec<f32>,
}

/// The height of each block, measured on a scratch page.
pub fn measure(blocks: &[Block], page: (f32, f32)) -> Vec<f32> {
    let mut scratch = Frame::measuring(page.0, page.1);
    blocks
        .iter()
        .map(|block| (block.draw)(&mut scratch, 0.0, 0.0))
        .collect()
}

/// Splits blocks of `heights` into at most `columns` columns with the
/// tallest as short as it can be.
pub fn balance(blocks: &[Block], heights: &[f32], columns: usize) -> Columns {
    let total: f32 = heights.iter().sum::<f32>() + blocks.iter().map(|b| b.gap_after).sum::<f32>();
    if columns <= 1 {
        return pack(blocks, heights, f32::INFINITY);
    }
    let tallest_block = heights.iter().copied().fold(0.0, f32::max);
    // Each limit is tried by a linear pass; 24 halvings settle it to well
    // under a hundredth of a point on any page. A trial only counts
    // columns, and stops once there are too many: the columns are made
    // once, at the limit found.
    let (mut low, mut high) = (tallest_block, total.max(tallest_block));
    for _ in 0..24 {
        let mid = (low + high) / 2.0;
        let mut count = 0;
        let last = fill(blocks, heights, mid, |_, _| {
            count += 1;
            count < columns
        });
        if last.is_some() {
            high = mid;
        } else {
            low = mid;
        }
    }
    pack(blocks, heights, high)
}

/// Fills columns no taller than `limit` (a block taller than the limit
/// gets a column of its own).
fn pack(blocks: &[Block], heights: &[f32], limit: f32) -> Columns {
    let mut starts = Vec::new();
    let mut heights_out = Vec::new();
    let (start, height) = fill(blocks, heights, limit, |start, end| {
        starts.push(start);
        heights_out.push(column_height(blocks, heights, start, end));
        true
    })
    .expect("every column is taken");
    starts.push(start);
    heights_out.push(height);
    Columns {
        starts,
        heights: heights_out,
    }
}

/// Fills columns no taller than `limit` one block at a time. Each column
/// ended before the last is passed to `end` as its first block and the
/// block after its last; when `end` answers false the filling stops and
/// returns `None`. Otherwise returns the last column's first block and
/// height.
fn fill(
    blocks: &[Block],
    heights: &[f32],
    limit: f32,
    mut end: impl FnMut(usize, usize) -> bool,
) -> Option<(usize, f32)> {
    let mut start = 0;
    let mut y = 0.0;
    let mut i = 0;
    while i < blocks.len() {
        let add = if i == start {
            heights[i]
        } else {
            blocks[i - 1].gap_after + heights[i]
        };
        if i > start && y + add > limit + 0.01 {
            // Headings move with the block they introduce; a column that
            // would hold nothing but headings is not ended.
            let mut at = i;
            while at > start && blocks[at - 1].keep_with_next {
                at -= 1;
            }
            if at > start {
                if !end(start, at) {
                    return None;
                }
                start = at;
                y = 0.0;
                i = at;
                continue;
            }
        }
        y += add;
        i += 1;
    }
    Some((start, y))
}

fn column_height(blocks: &[Block], heights: &[f32], start: usize, end: usize) -> f32 {
    (start..end)
        .map(|i| {
            heights[i]
                + if i + 1 < end {
                    blocks[i].gap_after
                } else {
                    0.0
                }
        })
        .sum()
}

/// Draws the blocks in their columns, column `c` at `xs[c]`; returns the
/// bottom of each column of `xs` (one left empty ends at `top`).
pub fn draw(
    frame: &mut Frame,
    blocks: &[Block],
    columns: &Columns,
    xs: &[f32],
    top: f32,
) -> Vec<f32> {
    let mut bottoms = vec![top; xs.len()];
    for (c, &start) in columns.starts.iter().enumerate() {
        let end = columns.starts.get(c + 1).copied().unwrap_or(blocks.len());
        let mut y = top;
        for (i, block) in blocks.iter().enumerate().take(end).skip(start) {
            y = (block.draw)(frame, xs[c], y);
            if i + 1 < end {
                y += block.gap_after;
            }
        }
        bottoms[c] = y;
    }
    bottoms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(heights: &[f32], keep: &[usize]) -> Vec<Block<'static>> {
        heights
            .iter()
            .enumerate()
            .map(|(i, &h)| {
                let block = Block::new(2.0, move |_: &mut Frame, _, top| top + h);
                if keep.contains(&i) {
                    block.keep_with_next()
                } else {
                    block
                }
            })
            .collect()
    }

    #[test]
    fn columns_come_out_balanced() {
        let heights = [10.0; 10];
        let b = blocks(&heights, &[]);
        let cols = balance(&b, &heights, 2);
        assert_eq!(cols.starts, vec![0, 5]);
        let tallest = cols.heights.iter().copied().fold(0.0, f32::max);
        assert!((tallest - 58.0).abs() < 0.1, "{cols:?}");
    }

    #[test]
    fn a_heading_never_ends_a_column() {
        // Block 4 is a heading: splitting after it would orphan it.
        let heights = [10.0, 10.0, 10.0, 10.0, 5.0, 10.0, 10.0, 10.0];
        let b = blocks(&heights, &[4]);
        let cols = balance(&b, &heights, 2);
        for &start in &cols.starts[1..] {
            assert!(!b[start - 1].keep_with_next, "{cols:?}");
        }
        assert_eq!(cols.starts.len(), 2);
    }

    #[test]
    fn headings_alone_never_make_a_column() {
        // Title and subtitle keep with the one item after them.
        let heights = [10.0, 10.0, 10.0];
        let b = blocks(&heights, &[0, 1]);
        let cols = balance(&b, &heights, 2);
        assert_eq!(cols.starts, vec![0], "{cols:?}");
    }

    #[test]
    fn one_column_holds_everything() {
        let heights = [3.0, 4.0, 5.0];
        let b = blocks(&heights, &[]);
        let cols = balance(&b, &heights, 1);
        assert_eq!(cols.starts, vec![0]);
        assert!((cols.heights[0] - 16.0).abs() < 0.1);
        let mut frame = Frame::new(100.0, 100.0);
        assert!((draw(&mut frame, &b, &cols, &[0.0], 10.0)[0] - 26.0).abs() < 0.1);
    }
}
