//! The page grid: twelve columns and one gutter across the content width.
//!
//! Every band places its columns on this grid, so column edges line up
//! from band to band and, because the grid depends only on the paper, from
//! state to state.

/// Columns of the grid.
pub const COLUMNS: usize = 12;

/// Space between two columns, the same on every sheet of a paper size.
pub const GUTTER: f32 = 12.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// Left edge of the first column.
    pub left: f32,
    /// Width of one column.
    pub column: f32,
}

impl Grid {
    /// The grid over a content box `width` wide starting at `left`.
    pub fn new(left: f32, width: f32) -> Self {
        Self {
            left,
            column: (width - GUTTER * (COLUMNS - 1) as f32) / COLUMNS as f32,
        }
    }

    /// Left edge of column `start` (0-based).
    pub fn x(&self, start: usize) -> f32 {
        self.left + start as f32 * (self.column + GUTTER)
    }

    /// Width of `columns` columns and the gutters between them.
    pub fn span(&self, columns: usize) -> f32 {
        columns as f32 * self.column + columns.saturating_sub(1) as f32 * GUTTER
    }

    /// The whole content width.
    pub fn width(&self) -> f32 {
        self.span(COLUMNS)
    }

    /// Every x at which a column starts or ends.
    pub fn edges(&self) -> Vec<f32> {
        (0..COLUMNS)
            .flat_map(|c| [self.x(c), self.x(c) + self.column])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_columns_fill_the_content_width() {
        let grid = Grid::new(36.0, 540.0);
        assert!((grid.column - 34.0).abs() < 1e-4);
        assert!((grid.x(11) + grid.column - 576.0).abs() < 1e-3);
        assert!((grid.width() - 540.0).abs() < 1e-3);
        assert!((grid.span(4) - 172.0).abs() < 1e-3);
        assert_eq!(grid.edges().len(), 24);
    }
}
