//! Heights the fit measures once: what depends only on the type size and
//! a width (a statute set in a column, the demographics chart), not on
//! the spacing or on where it stands on the page.
//!
//! The fit drafts the page at a few body sizes, then at one body size with
//! a few spacings, then draws it; each draft tries several arrangements of
//! each band. Most of what they measure comes out the same in many of
//! them, so it is measured in the first and remembered for the rest of the
//! fit.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

/// What was measured, the body size, and the measures it was taken at (a
/// width, say), as bits.
type Key = (&'static str, [u32; 1 + MEASURES]);

/// The most measures a height is remembered at.
const MEASURES: usize = 3;

/// Heights remembered for one fit.
#[derive(Default)]
pub(crate) struct Heights(RefCell<FxHashMap<Key, Rc<[f32]>>>);

impl Heights {
    /// The heights `measure` finds for `what` at `body` size and `at`,
    /// measured the first time they are asked for. `what` names the thing
    /// measured, and nothing but the type size (which follows from the body
    /// size) and `at` (up to three measures) may change its heights.
    pub fn remembered(
        &self,
        what: &'static str,
        body: f32,
        at: &[f32],
        measure: impl FnOnce() -> Vec<f32>,
    ) -> Rc<[f32]> {
        let measured = self.try_remembered(what, body, at, || {
            Ok::<_, std::convert::Infallible>(measure())
        });
        match measured {
            Ok(heights) => heights,
        }
    }

    /// [`Heights::remembered`] for a measure that may fail; a failure is
    /// not remembered.
    pub fn try_remembered<E>(
        &self,
        what: &'static str,
        body: f32,
        at: &[f32],
        measure: impl FnOnce() -> Result<Vec<f32>, E>,
    ) -> Result<Rc<[f32]>, E> {
        assert!(at.len() <= MEASURES, "{what} is remembered at {at:?}");
        let mut key = (what, [body.to_bits(); 1 + MEASURES]);
        for (bits, measure) in key.1[1..]
            .iter_mut()
            .zip(at.iter().chain([0.0; MEASURES].iter()))
        {
            *bits = measure.to_bits();
        }
        if let Some(heights) = self.0.borrow().get(&key) {
            return Ok(Rc::clone(heights));
        }
        let heights: Rc<[f32]> = measure()?.into();
        self.0.borrow_mut().insert(key, Rc::clone(&heights));
        Ok(heights)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_thing_is_measured_once_per_size_and_width() {
        let heights = Heights::default();
        let mut measured = 0;
        let mut measure = |what, body, width| {
            heights.remembered(what, body, &[width], || {
                measured += 1;
                vec![body * width]
            })[0]
        };
        assert_eq!(measure("list", 8.0, 100.0), 800.0);
        assert_eq!(measure("list", 8.0, 100.0), 800.0);
        assert_eq!(measure("list", 8.5, 100.0), 850.0);
        assert_eq!(measure("list", 8.0, 90.0), 720.0);
        assert_eq!(measure("chart", 8.0, 100.0), 800.0);
        assert_eq!(measured, 4);
        let failing = |body| heights.try_remembered("failing", body, &[1.0], || Err(body));
        assert_eq!(failing(9.0), Err(9.0));
        assert_eq!(
            heights.try_remembered("failing", 9.0, &[1.0], || Ok::<_, f32>(vec![2.0])),
            Ok(Rc::from([2.0]))
        );
    }
}
