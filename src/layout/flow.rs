//! Flowing a sequence of blocks (headings, paragraphs, list items) into
//! balanced columns of one width.
//!
//! Blocks are measured once at the column width (by their owner, which
//! also draws them), then split at block boundaries so that the tallest
//! column is as short as it can be; a block that must stay with the next
//! one (a heading) never ends a column.

use crate::frame::Frame;

/// One indivisible piece of a flow, as balancing sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    /// Its height at the column width.
    pub height: f32,
    /// Space below it when another block follows in the same column.
    pub gap_after: f32,
    /// A heading: never the last block of a column.
    pub keep_with_next: bool,
}

/// Blocks split into columns: `starts[c]` is the first block of column `c`.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub starts: Vec<usize>,
    /// Height of each column.
    pub heights: Vec<f32>,
}

/// Splits `blocks` into at most `columns` columns with the tallest as
/// short as it can be.
pub fn balance(blocks: &[Block], columns: usize) -> Columns {
    let total: f32 = blocks.iter().map(|b| b.height).sum::<f32>()
        + blocks.iter().map(|b| b.gap_after).sum::<f32>();
    if columns <= 1 {
        return pack(blocks, f32::INFINITY);
    }
    let tallest_block = blocks.iter().map(|b| b.height).fold(0.0, f32::max);
    // Each limit is tried by a linear pass; 24 halvings settle it to well
    // under a hundredth of a point on any page. A trial only counts
    // columns, and stops once there are too many: the columns are made
    // once, at the limit found. Near the end the halvings try limits that
    // compare every column height as an earlier trial did: that trial's
    // answer holds for them.
    let (mut low, mut high) = (tallest_block, total.max(tallest_block));
    let mut trials: Vec<(Course, bool)> = Vec::new();
    for _ in 0..24 {
        let mid = (low + high) / 2.0;
        let known = trials.iter().find(|(course, _)| course.holds(mid));
        let fits = match known {
            Some(&(_, fits)) => fits,
            None => {
                let mut course = Course::default();
                let mut count = 0;
                let fits = fill(blocks, mid, &mut course, |_, _| {
                    count += 1;
                    count < columns
                })
                .is_some();
                trials.push((course, fits));
                fits
            }
        };
        if fits {
            high = mid;
        } else {
            low = mid;
        }
    }
    pack(blocks, high)
}

/// How far a column may run past its limit: sums of heights differ in
/// their last bits by the order they are added in.
const OVERRUN: f32 = 0.01;

/// Of the heights a filling compared with its limit (plus [`OVERRUN`]),
/// the tallest that fitted and the shortest that did not. Filling to any
/// limit between them compares each height alike, so it takes the same
/// course block by block, to the same end.
#[derive(Debug, Clone, Copy)]
struct Course {
    fitted: f32,
    overran: f32,
}

impl Default for Course {
    fn default() -> Self {
        Course {
            fitted: f32::NEG_INFINITY,
            overran: f32::INFINITY,
        }
    }
}

impl Course {
    /// Whether filling to `limit` takes this course.
    fn holds(&self, limit: f32) -> bool {
        let edge = limit + OVERRUN;
        self.fitted <= edge && edge < self.overran
    }
}

/// Fills columns no taller than `limit` (a block taller than the limit
/// gets a column of its own).
fn pack(blocks: &[Block], limit: f32) -> Columns {
    let mut starts = Vec::new();
    let mut heights_out = Vec::new();
    let (start, height) = fill(blocks, limit, &mut Course::default(), |start, end| {
        starts.push(start);
        heights_out.push(column_height(&blocks[start..end]));
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

/// Fills columns no taller than `limit` one block at a time, noting its
/// `course`. Each column ended before the last is passed to `end` as its
/// first block and the block after its last; when `end` answers false the
/// filling stops and returns `None`. Otherwise returns the last column's
/// first block and height.
fn fill(
    blocks: &[Block],
    limit: f32,
    course: &mut Course,
    mut end: impl FnMut(usize, usize) -> bool,
) -> Option<(usize, f32)> {
    let edge = limit + OVERRUN;
    let mut start = 0;
    let mut y = 0.0;
    let mut i = 0;
    while i < blocks.len() {
        let add = if i == start {
            blocks[i].height
        } else {
            blocks[i - 1].gap_after + blocks[i].height
        };
        if i > start {
            let height = y + add;
            if height > edge {
                course.overran = course.overran.min(height);
                // Headings move with the block they introduce; a column
                // that would hold nothing but headings is not ended.
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
            } else {
                course.fitted = course.fitted.max(height);
            }
        }
        y += add;
        i += 1;
    }
    Some((start, y))
}

/// The height of `blocks` stacked in one column.
fn column_height(blocks: &[Block]) -> f32 {
    let last = blocks.len() - 1;
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| b.height + if i < last { b.gap_after } else { 0.0 })
        .sum()
}

/// Draws the blocks in their columns, column `c` at `xs[c]`, block `i`
/// by `draw(frame, i, x, top)`, which returns its bottom; returns the
/// bottom of each column of `xs` (one left empty ends at `top`).
pub fn draw(
    frame: &mut Frame,
    blocks: &[Block],
    columns: &Columns,
    xs: &[f32],
    top: f32,
    mut draw: impl FnMut(&mut Frame, usize, f32, f32) -> f32,
) -> Vec<f32> {
    let mut bottoms = vec![top; xs.len()];
    for (c, &start) in columns.starts.iter().enumerate() {
        let end = columns.starts.get(c + 1).copied().unwrap_or(blocks.len());
        let mut y = top;
        for (i, block) in blocks.iter().enumerate().take(end).skip(start) {
            y = draw(frame, i, xs[c], y);
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

    fn blocks(heights: &[f32], keep: &[usize]) -> Vec<Block> {
        heights
            .iter()
            .enumerate()
            .map(|(i, &height)| Block {
                height,
                gap_after: 2.0,
                keep_with_next: keep.contains(&i),
            })
            .collect()
    }

    #[test]
    fn columns_come_out_balanced() {
        let heights = [10.0; 10];
        let b = blocks(&heights, &[]);
        let cols = balance(&b, 2);
        assert_eq!(cols.starts, vec![0, 5]);
        let tallest = cols.heights.iter().copied().fold(0.0, f32::max);
        assert!((tallest - 58.0).abs() < 0.1, "{cols:?}");
    }

    #[test]
    fn a_heading_never_ends_a_column() {
        // Block 4 is a heading: splitting after it would orphan it.
        let heights = [10.0, 10.0, 10.0, 10.0, 5.0, 10.0, 10.0, 10.0];
        let b = blocks(&heights, &[4]);
        let cols = balance(&b, 2);
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
        let cols = balance(&b, 2);
        assert_eq!(cols.starts, vec![0], "{cols:?}");
    }

    /// The columns [`balance`] finds, each limit tried by a whole filling.
    fn balanced_by_every_trial(blocks: &[Block], columns: usize) -> Columns {
        let total = blocks.iter().map(|b| b.height).sum::<f32>()
            + blocks.iter().map(|b| b.gap_after).sum::<f32>();
        let tallest = blocks.iter().map(|b| b.height).fold(0.0, f32::max);
        let (mut low, mut high) = (tallest, total.max(tallest));
        for _ in 0..24 {
            let mid = (low + high) / 2.0;
            if pack(blocks, mid).starts.len() <= columns {
                high = mid;
            } else {
                low = mid;
            }
        }
        pack(blocks, high)
    }

    #[test]
    fn trials_taken_as_known_find_the_same_columns() {
        // Blocks of uneven heights, gaps and headings, as statutes and
        // effort groups make them.
        let mut next = crate::linebreak::below(7);
        for _ in 0..300 {
            let blocks: Vec<Block> = (0..1 + next(40))
                .map(|_| Block {
                    height: 9.6 * (1 + next(4)) as f32 + [0.0, 0.1, 3.45][next(3) as usize],
                    gap_after: [2.4, 2.7, 6.4][next(3) as usize],
                    keep_with_next: next(5) == 0,
                })
                .collect();
            let columns = 2 + next(3) as usize;
            assert_eq!(
                balance(&blocks, columns),
                balanced_by_every_trial(&blocks, columns),
                "{blocks:?} in {columns} columns"
            );
        }
    }

    #[test]
    fn one_column_holds_everything() {
        let heights = [3.0, 4.0, 5.0];
        let b = blocks(&heights, &[]);
        let cols = balance(&b, 1);
        assert_eq!(cols.starts, vec![0]);
        assert!((cols.heights[0] - 16.0).abs() < 0.1);
        let mut frame = Frame::new(100.0, 100.0);
        let bottoms = draw(&mut frame, &b, &cols, &[0.0], 10.0, |_, i, _, top| {
            top + heights[i]
        });
        assert!((bottoms[0] - 26.0).abs() < 0.1);
    }
}
