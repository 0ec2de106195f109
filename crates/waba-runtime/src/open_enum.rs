//! Support for generated open enums: deserialising a string without copying it when the
//! input allows.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A string borrowed from the input when possible.
pub type Str<'de> = Cow<'de, str>;

/// A serde visitor that reads a string.
pub struct Visitor<'de>(PhantomData<&'de ()>);

impl Visitor<'_> {
    /// A new visitor.
    pub fn new() -> Self {
        Visitor(PhantomData)
    }
}

impl Default for Visitor<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de> serde::de::Visitor<'de> for Visitor<'de> {
    type Value = Str<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}
