//! The strict read behind the fast path of a webhook parse: a deserializer wrapper that fails
//! wherever a typed value would not write back what it read.
//!
//! [`Strict`] forwards every call to the deserializer it wraps, and wraps every nested
//! deserializer, map, sequence and enum the same way, so the whole value is read in one pass.
//! It fails (with a custom error) on what serde would drop or change silently:
//!
//! - a key a struct does not know (serde reads its value as `IgnoredAny`);
//! - a `null` read into an `Option` (it becomes `None`, written back as nothing);
//! - an empty array or an empty map other than a struct (a defaulted field skipped on write);
//! - a number with a fraction or an exponent (serde_json reads it into the nearest float, not
//!   always exactly, and writes it back in its own spelling), and an integer read into a float
//!   (written back as `1.0`);
//! - an object or array read through `deserialize_any` (a buffering read such as an untagged
//!   or internally tagged enum, which serde then replays without this check).
//!
//! [`Item`](super::Item) reads its element in place under a strict `Strict` deserializer (no
//! raw text kept: the raw JSON is written from the typed value when asked for), and its plain
//! tolerant way (raw text first) under any other deserializer. A caller reads a body strictly
//! first and, when that fails, reads it again the tolerant way, which loses nothing either.
//!
//! The tolerant read goes through the same wrapper, made lenient ([`Strict::lenient`]): it then
//! checks nothing and reads exactly as the deserializer it wraps, and an item under it is read
//! the tolerant way. Both reads of a type are then one copy of its `Deserialize` code (a
//! `Strict` over serde_json's text reader) instead of two, so a crate of webhook types
//! compiles its readers once; what tells the two reads apart is a flag checked at run time.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

/// The name under which [`Item`](super::Item) asks for a newtype struct; [`Strict`] answers
/// it with `visit_some` and the deserializer it wraps (which the item wraps again), any other
/// deserializer with `visit_newtype_struct`.
pub(crate) const ITEM_TOKEN: &str = "$waba_runtime::webhook::Item";

/// serde_json's name for a raw value (`Box<RawValue>`, `&RawValue`): passed through unwrapped.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// A deserializer that reads like the one it wraps but fails wherever the typed value would
/// not write back the JSON it read (see the module documentation); made with
/// [`Strict::lenient`], it checks nothing and reads exactly as the one it wraps.
pub struct Strict<D> {
    inner: D,
    lenient: bool,
}

impl<D> Strict<D> {
    /// Wraps a deserializer for the strict read.
    pub fn new(inner: D) -> Self {
        Strict {
            inner,
            lenient: false,
        }
    }

    /// Wraps a deserializer for the tolerant read: nothing is checked, and an
    /// [`Item`](super::Item) under it is read the tolerant way (raw text first).
    pub fn lenient(inner: D) -> Self {
        Strict {
            inner,
            lenient: true,
        }
    }

    /// True for the tolerant read ([`Strict::lenient`]).
    pub fn is_lenient(&self) -> bool {
        self.lenient
    }

    fn wrap<V>(&self, visitor: V, mode: Mode) -> Wrap<V> {
        Wrap {
            visitor,
            mode: if self.lenient { Mode::Lenient } else { mode },
        }
    }
}

/// Reads `T` from JSON text with the strict read, checking that nothing follows the value.
pub fn from_str_strict<'de, T: de::Deserialize<'de>>(text: &'de str) -> serde_json::Result<T> {
    from_str_with(text, false, |d| T::deserialize(d))
}

/// Reads `T` from JSON text the tolerant way, as `serde_json::from_str` does, through the
/// same code as the strict read ([`Strict::lenient`]).
pub fn from_str_lenient<'de, T: de::Deserialize<'de>>(text: &'de str) -> serde_json::Result<T> {
    from_str_with(text, true, |d| T::deserialize(d))
}

/// Reads a value from JSON text with `read` under a strict or a lenient [`Strict`], checking
/// that nothing follows the value. (For a type whose strict read is not its `Deserialize`
/// impl, such as a generated tagged union's.)
pub fn from_str_with<'de, T>(
    text: &'de str,
    lenient: bool,
    read: impl FnOnce(
        Strict<&mut serde_json::Deserializer<serde_json::de::StrRead<'de>>>,
    ) -> serde_json::Result<T>,
) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = read(Strict {
        inner: &mut de,
        lenient,
    })?;
    de.end()?;
    Ok(value)
}

/// Reads `T` from JSON bytes with the strict read, checking that nothing follows the value.
pub fn from_slice_strict<'de, T: de::Deserialize<'de>>(bytes: &'de [u8]) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = T::deserialize(Strict::new(&mut de))?;
    de.end()?;
    Ok(value)
}

fn lossy<E: de::Error>(what: &str) -> E {
    E::custom(format_args!(
        "strict read: {what} would not be written back"
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A scalar, sequence or enum asked for by its type.
    Plain,
    /// A float: an integer would be written back as a float.
    Float,
    /// `deserialize_any`: only scalars.
    Any,
    /// `deserialize_map`: not empty.
    Map,
    /// `deserialize_struct`: may be empty.
    Struct,
    /// The tolerant read: nothing is checked.
    Lenient,
}

struct Wrap<V> {
    visitor: V,
    mode: Mode,
}

macro_rules! forward {
    ($($method:ident => $mode:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                let wrap = self.wrap(visitor, Mode::$mode);
                self.inner.$method(wrap)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward! {
        deserialize_any => Any,
        deserialize_bool => Plain,
        deserialize_i8 => Plain,
        deserialize_i16 => Plain,
        deserialize_i32 => Plain,
        deserialize_i64 => Plain,
        deserialize_i128 => Plain,
        deserialize_u8 => Plain,
        deserialize_u16 => Plain,
        deserialize_u32 => Plain,
        deserialize_u64 => Plain,
        deserialize_u128 => Plain,
        deserialize_f32 => Float,
        deserialize_f64 => Float,
        deserialize_char => Plain,
        deserialize_str => Plain,
        deserialize_string => Plain,
        deserialize_bytes => Plain,
        deserialize_byte_buf => Plain,
        deserialize_option => Plain,
        deserialize_unit => Plain,
        deserialize_seq => Plain,
        deserialize_map => Map,
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_identifier(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        if self.lenient {
            return self.inner.deserialize_ignored_any(visitor);
        }
        Err(lossy("a key the type does not know"))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let wrap = self.wrap(visitor, Mode::Plain);
        self.inner.deserialize_unit_struct(name, wrap)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        match name {
            // Lenient: the item reads its raw text from the inner deserializer (`Item`'s
            // `visit_newtype_struct`), then parses it the tolerant way.
            ITEM_TOKEN if self.lenient => visitor.visit_newtype_struct(self.inner),
            // Strict: the item wraps the inner deserializer again (`Item`'s `visit_some`).
            ITEM_TOKEN => visitor.visit_some(self.inner),
            RAW_TOKEN => self.inner.deserialize_newtype_struct(name, visitor),
            _ => {
                let wrap = self.wrap(visitor, Mode::Plain);
                self.inner.deserialize_newtype_struct(name, wrap)
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let wrap = self.wrap(visitor, Mode::Plain);
        self.inner.deserialize_tuple(len, wrap)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let wrap = self.wrap(visitor, Mode::Plain);
        self.inner.deserialize_tuple_struct(name, len, wrap)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let wrap = self.wrap(visitor, Mode::Struct);
        self.inner.deserialize_struct(name, fields, wrap)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let wrap = self.wrap(visitor, Mode::Plain);
        self.inner.deserialize_enum(name, variants, wrap)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! scalar {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                self.visitor.$method(v)
            }
        )*
    };
}

macro_rules! integer {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                if self.mode == Mode::Float {
                    return Err(lossy("an integer read as a float"));
                }
                self.visitor.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    scalar! {
        visit_bool(bool),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    }

    integer! {
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
    }

    fn visit_f32<E: de::Error>(self, v: f32) -> Result<Self::Value, E> {
        if self.mode == Mode::Lenient {
            return self.visitor.visit_f32(v);
        }
        Err(lossy("a number with a fraction or an exponent"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if self.mode == Mode::Lenient {
            return self.visitor.visit_f64(v);
        }
        Err(lossy("a number with a fraction or an exponent"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        if self.mode == Mode::Lenient {
            return self.visitor.visit_none();
        }
        Err(lossy("a null"))
    }

    fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
        let lenient = self.lenient();
        self.visitor.visit_some(Strict { inner: d, lenient })
    }

    fn visit_newtype_struct<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
        let lenient = self.lenient();
        self.visitor
            .visit_newtype_struct(Strict { inner: d, lenient })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        if self.mode == Mode::Any {
            return Err(lossy("an array read without its type"));
        }
        let lenient = self.lenient();
        self.visitor.visit_seq(StrictSeq {
            seq,
            read: 0,
            lenient,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        if self.mode == Mode::Any {
            return Err(lossy("an object read without its type"));
        }
        let lenient = self.lenient();
        self.visitor.visit_map(StrictMap {
            map,
            read: 0,
            may_be_empty: lenient || self.mode == Mode::Struct,
            lenient,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let lenient = self.lenient();
        self.visitor.visit_enum(StrictEnum {
            inner: data,
            lenient,
        })
    }
}

impl<V> Wrap<V> {
    fn lenient(&self) -> bool {
        self.mode == Mode::Lenient
    }
}

/// A seed whose deserializer is wrapped as [`Strict`], strict or lenient.
struct StrictSeed<S> {
    seed: S,
    lenient: bool,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for StrictSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Strict {
            inner: d,
            lenient: self.lenient,
        })
    }
}

struct StrictSeq<A> {
    seq: A,
    read: usize,
    lenient: bool,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictSeq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let seed = StrictSeed {
            seed,
            lenient: self.lenient,
        };
        match self.seq.next_element_seed(seed)? {
            Some(v) => {
                self.read += 1;
                Ok(Some(v))
            }
            None if self.read == 0 && !self.lenient => Err(lossy("an empty array")),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

struct StrictMap<A> {
    map: A,
    read: usize,
    may_be_empty: bool,
    lenient: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.map.next_key_seed(seed)? {
            Some(k) => {
                self.read += 1;
                Ok(Some(k))
            }
            None if self.read == 0 && !self.may_be_empty => Err(lossy("an empty object")),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(StrictSeed {
            seed,
            lenient: self.lenient,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

struct StrictEnum<A> {
    inner: A,
    lenient: bool,
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for StrictEnum<A> {
    type Error = A::Error;
    type Variant = StrictEnum<A::Variant>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), A::Error> {
        let (v, variant) = self.inner.variant_seed(seed)?;
        Ok((
            v,
            StrictEnum {
                inner: variant,
                lenient: self.lenient,
            },
        ))
    }
}

impl<A> StrictEnum<A> {
    fn wrap<V>(&self, visitor: V, mode: Mode) -> Wrap<V> {
        Wrap {
            visitor,
            mode: if self.lenient { Mode::Lenient } else { mode },
        }
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for StrictEnum<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        let lenient = self.lenient;
        self.inner
            .newtype_variant_seed(StrictSeed { seed, lenient })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let wrap = self.wrap(visitor, Mode::Plain);
        self.inner.tuple_variant(len, wrap)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let wrap = self.wrap(visitor, Mode::Struct);
        self.inner.struct_variant(fields, wrap)
    }
}

/// A key of the object of a tagged union, as read by a generated strict read
/// ([`TaggedKeySeed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaggedKey {
    /// The key naming the variant.
    Tag,
    /// The key holding the variant's content.
    Content,
    /// Any other key.
    Other,
}

/// Reads an object key as a [`TaggedKey`] without allocating.
#[derive(Debug, Clone, Copy)]
pub struct TaggedKeySeed {
    /// The key naming the variant.
    pub tag: &'static str,
    /// The key holding the variant's content.
    pub content: &'static str,
}

impl<'de> DeserializeSeed<'de> for TaggedKeySeed {
    type Value = TaggedKey;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<TaggedKey, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for TaggedKeySeed {
    type Value = TaggedKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<TaggedKey, E> {
        Ok(self.key(v))
    }
}

/// Reads a string, borrowed from the text when it has no escape.
#[derive(Debug, Clone, Copy, Default)]
pub struct StrSeed;

impl<'de> DeserializeSeed<'de> for StrSeed {
    type Value = crate::open_enum::Str<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(crate::open_enum::Visitor::new())
    }
}

/// Reads an object key as a [`TaggedKey`] and, when the key's text is borrowed from the input
/// (a key without escapes, read from text), the address of that text, for [`tag_hint`].
#[derive(Debug, Clone, Copy)]
pub struct TaggedKeyAtSeed {
    /// The key naming the variant.
    pub tag: &'static str,
    /// The key holding the variant's content.
    pub content: &'static str,
}

impl TaggedKeyAtSeed {
    fn key(&self, v: &str) -> TaggedKey {
        TaggedKeySeed {
            tag: self.tag,
            content: self.content,
        }
        .key(v)
    }
}

impl TaggedKeySeed {
    fn key(&self, v: &str) -> TaggedKey {
        if v == self.tag {
            TaggedKey::Tag
        } else if v == self.content {
            TaggedKey::Content
        } else {
            TaggedKey::Other
        }
    }
}

impl<'de> DeserializeSeed<'de> for TaggedKeyAtSeed {
    type Value = (TaggedKey, Option<usize>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for TaggedKeyAtSeed {
    type Value = (TaggedKey, Option<usize>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((self.key(v), None))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok((self.key(v), Some(v.as_ptr() as usize)))
    }
}

/// The `"key": "value"` pairs of the text being read while [`with_tag_hints`] runs: where each
/// pair is (its address) and its value (a range of `values`). Kept per thread and reused, so
/// noting them allocates nothing once warm.
#[derive(Default)]
struct Hints {
    key: Option<&'static str>,
    found: Vec<(usize, std::ops::Range<usize>)>,
    values: String,
    finder: Option<memchr::memmem::Finder<'static>>,
}

impl Hints {
    fn note(&mut self, text: &str, key: &'static str) {
        self.found.clear();
        self.values.clear();
        if self
            .finder
            .as_ref()
            .is_none_or(|f| f.needle() != key.as_bytes())
        {
            self.finder = Some(memchr::memmem::Finder::new(key));
        }
        self.key = Some(key);
        let Some(finder) = &self.finder else { return };
        let base = text.as_ptr() as usize;
        let bytes = text.as_bytes();
        for at in finder.find_iter(bytes) {
            // The key as a whole string: `"key"`.
            let end = at + key.len();
            if at == 0 || bytes[at - 1] != b'"' || bytes.get(end) != Some(&b'"') {
                continue;
            }
            let rest = text[end + 1..].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let Some(rest) = rest.trim_start().strip_prefix('"') else {
                continue;
            };
            if let Some(close) = rest.find(['"', '\\'])
                && rest.as_bytes()[close] == b'"'
            {
                let start = self.values.len();
                self.values.push_str(&rest[..close]);
                self.found.push((base + at - 1, start..self.values.len()));
            }
        }
    }
}

thread_local! {
    static HINTS: std::cell::RefCell<Hints> = std::cell::RefCell::new(Hints::default());
}

/// Runs `read` (a strict read of `text`) with the `"key": "value"` pairs of `text` whose value
/// is a plain string noted, so that a tagged union whose content comes before its tag (as Meta
/// writes a webhook change: `{"value": {...}, "field": "messages"}`) can read the content in
/// place as the variant [`tag_hint`] guesses, instead of holding it as raw text until the tag
/// and reading it again. A guess is checked when the tag is read; a wrong one fails the strict
/// read (the caller then reads the tolerant way), so a guess changes speed, never the result.
pub fn with_tag_hints<R>(text: &str, key: &'static str, read: impl FnOnce() -> R) -> R {
    // What an enclosing call noted (none but in a nested call), put back when this one ends,
    // a panic included.
    struct Restore(Option<Hints>);
    impl Drop for Restore {
        fn drop(&mut self) {
            HINTS.with(|h| {
                let mut hints = h.borrow_mut();
                match self.0.take() {
                    Some(earlier) => *hints = earlier,
                    None => hints.key = None,
                }
            });
        }
    }
    let earlier = HINTS.with(|h| {
        let mut hints = h.borrow_mut();
        let earlier = hints.key.is_some().then(|| std::mem::take(&mut *hints));
        hints.note(text, key);
        earlier
    });
    let _restore = Restore(earlier);
    read()
}

/// The value of the first `"key": "value"` pair noted by [`with_tag_hints`] after the address
/// `after` (that of a union's content key, from [`TaggedKeyAtSeed`]): the likely tag of a
/// union whose content comes first. `None` outside [`with_tag_hints`], for another key, or
/// when no pair follows.
pub fn tag_hint(after: usize, key: &str) -> Option<String> {
    HINTS.with(|h| {
        let hints = h.borrow();
        if hints.key != Some(key) {
            return None;
        }
        let next = hints.found.partition_point(|(at, _)| *at <= after);
        let (_, value) = hints.found.get(next)?;
        Some(hints.values[value.clone()].to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_hint_is_the_next_plain_pair_of_the_key_and_only_while_noted() {
        let text = r#"[{"value":{"a":1},"field":"messages"},{"value":2,"field" : "calls"},{"value":3,"field":"x\"y"},{"field2":"no"}]"#;
        let at = |needle: &str, nth: usize| {
            text.match_indices(needle).nth(nth).unwrap().0 + text.as_ptr() as usize
        };
        let first_value = at("\"value\"", 0);
        assert_eq!(
            tag_hint(first_value, "field"),
            None,
            "outside with_tag_hints"
        );
        with_tag_hints(text, "field", || {
            assert_eq!(tag_hint(first_value, "field").as_deref(), Some("messages"));
            assert_eq!(
                tag_hint(at("\"value\"", 1), "field").as_deref(),
                Some("calls")
            );
            // A value with an escape is not noted, nor a longer key: no pair follows.
            assert_eq!(tag_hint(at("\"value\"", 2), "field"), None);
            assert_eq!(tag_hint(first_value, "other"), None, "another key");
            // Nested: the inner text's hints, then the outer ones again.
            let inner = r#"{"value":0,"field":"inner"}"#;
            with_tag_hints(inner, "field", || {
                let v = inner.as_ptr() as usize + 1;
                assert_eq!(tag_hint(v, "field").as_deref(), Some("inner"));
            });
            assert_eq!(tag_hint(first_value, "field").as_deref(), Some("messages"));
        });
        assert_eq!(tag_hint(first_value, "field"), None, "restored");
    }

    #[test]
    fn a_key_read_from_text_says_where_it_is() {
        let text = r#"{"value":1,"fi\u0065ld":2}"#;
        let mut de = serde_json::Deserializer::from_str(text);
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Vec<(TaggedKey, Option<usize>)>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let seed = TaggedKeyAtSeed {
                    tag: "field",
                    content: "value",
                };
                let mut out = Vec::new();
                while let Some(key) = map.next_key_seed(seed)? {
                    map.next_value::<de::IgnoredAny>()?;
                    out.push(key);
                }
                Ok(out)
            }
        }
        let keys = de.deserialize_map(Keys).unwrap();
        let value_at = text.as_ptr() as usize + 2;
        // A plain key is borrowed from the text; one with an escape is not.
        assert_eq!(
            keys,
            vec![(TaggedKey::Content, Some(value_at)), (TaggedKey::Tag, None)]
        );
    }
}
