//! The onextel adapter of the neutral API.
