//! Charts: a plotters backend that draws into the Frame, and the chart kinds.
