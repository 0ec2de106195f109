//! The desk360 adapter of the neutral API.
