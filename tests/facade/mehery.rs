//! The mehery adapter of the neutral API.
