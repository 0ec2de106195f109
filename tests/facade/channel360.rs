//! The channel360 adapter of the neutral API.
