//! The county heat map of a state, drawn into the Frame.
