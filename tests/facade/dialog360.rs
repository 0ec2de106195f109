//! The dialog360 adapter of the neutral API.
