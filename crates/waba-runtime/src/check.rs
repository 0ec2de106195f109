//! Request checks: the spec's constraints, generated as Rust code per type.
//!
//! `cargo xtask generate` writes `generated/checks.rs` in every provider crate: an
//! `impl Check for T` for every type a request body or multipart form is made of. A check
//! reads the typed value in place (nothing is serialised) and allocates nothing when the value
//! is valid; only a failure renders the [`Path`] of the broken field into a
//! [`ValidationError`]. The helpers below are what the generated code calls, one per kind of
//! constraint, so every message reads the same.
//!
//! ```
//! use waba_runtime::check::{Check, Path, ValidationError, max_items, max_length};
//!
//! struct Row { title: String }
//! struct Section { rows: Vec<Row> }
//!
//! impl Check for Row {
//!     fn check_at(&self, at: &Path<'_>) -> Result<(), ValidationError> {
//!         max_length(&at.field("title"), &self.title, 24)
//!     }
//! }
//! impl Check for Section {
//!     fn check_at(&self, at: &Path<'_>) -> Result<(), ValidationError> {
//!         let rows = at.field("rows");
//!         max_items(&rows, self.rows.len(), 10)?;
//!         for (i, row) in self.rows.iter().enumerate() {
//!             row.check_at(&rows.index(i))?;
//!         }
//!         Ok(())
//!     }
//! }
//!
//! let section = Section { rows: vec![Row { title: "x".repeat(25) }] };
//! let e = section.check().unwrap_err();
//! assert_eq!(e.to_string(), "`rows[0].title` is 25 characters long, at most 24 allowed");
//! ```

use std::fmt::{self, Write as _};

mod matcher;

pub use matcher::{Class, Pattern, Piece, pattern_sets};

/// Where and why a value breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Path of the offending field from the root, dotted with \[index\] for arrays, e.g.
    /// `interactive.action.buttons[3].reply.title`; empty string for the root.
    pub path: String,
    /// What is wrong, e.g. "has 4 items, at most 3 allowed", "is 25 characters long, at most 20 allowed",
    /// "is required", "must be one of \"a\", \"b\"", "must be a string".
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "the value {}", self.message)
        } else {
            write!(f, "`{}` {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ValidationError {}

/// The place of the value being checked: a chain of borrowed links on the caller's stack,
/// rendered as `interactive.action.sections[0].rows[1].title` only when a check fails.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The body itself.
    Root,
    /// A field of an object (its JSON name).
    Field(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The field `name` (its JSON name) of the value at `self`.
    pub fn field(&'a self, name: &'a str) -> Path<'a> {
        Path::Field(self, name)
    }

    /// The element `index` of the array at `self`.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The dotted path, empty for the root.
    pub fn render(&self) -> String {
        let mut links = Vec::new();
        let mut cur = self;
        loop {
            match cur {
                Path::Root => break,
                Path::Field(parent, _) | Path::Index(parent, _) => {
                    links.push(cur);
                    cur = parent;
                }
            }
        }
        let mut out = String::new();
        for link in links.iter().rev() {
            match link {
                Path::Root => {}
                Path::Field(_, name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Path::Index(_, i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }
}

/// A value checked against the constraints of its schema; implemented by the generated code.
pub trait Check {
    /// Checks the value found at `at`; the error names the first broken field from the root.
    fn check_at(&self, at: &Path<'_>) -> Result<(), ValidationError>;

    /// Checks the value as a whole body.
    fn check(&self) -> Result<(), ValidationError> {
        self.check_at(&Path::Root)
    }
}

impl<T: Check + ?Sized> Check for &T {
    fn check_at(&self, at: &Path<'_>) -> Result<(), ValidationError> {
        (**self).check_at(at)
    }
}

impl<T: Check + ?Sized> Check for Box<T> {
    fn check_at(&self, at: &Path<'_>) -> Result<(), ValidationError> {
        (**self).check_at(at)
    }
}

/// Why a JSON value was refused by `check_json` (generated per provider): it does not read as
/// the component's type, or it reads but breaks a constraint its check enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonError {
    /// The value does not read as the type (a closed enum's unknown value, a constrained
    /// string that is too long, a missing required field, ...), with the field's path where
    /// serde could follow it (not inside an internally tagged or untagged enum).
    Type(ValidationError),
    /// The value reads as the type but breaks a constraint its check enforces.
    Check(ValidationError),
}

impl JsonError {
    /// The error, whichever step refused the value.
    pub fn into_inner(self) -> ValidationError {
        match self {
            JsonError::Type(e) | JsonError::Check(e) => e,
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonError::Type(e) | JsonError::Check(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for JsonError {}

/// How a generated constrained string (typify's newtype) reads itself: its text is parsed
/// (`FromStr`, which checks the schema's limits) inside the deserializer's string read, so a
/// refusal carries the string's own position in the JSON text, and the path an explanation
/// finds from it names the field rather than the object around it. It also reads a borrowed
/// string without first copying it into a `String`.
pub struct ParseText<T>(std::marker::PhantomData<fn() -> T>);

impl<T> ParseText<T> {
    /// The visitor for `T`.
    pub fn new() -> Self {
        ParseText(std::marker::PhantomData)
    }
}

impl<T> Default for ParseText<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> serde::de::Visitor<'_> for ParseText<T>
where
    T: std::str::FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

/// How a generated type explains a JSON value it cannot read: the first field that does not
/// read as its type, with its path. serde's own path stops at an internally tagged or untagged
/// enum (it buffers the content); the generated impls look inside by the tag's value, or by
/// each variant of an untagged enum (the deepest failure names the field the value was meant
/// to have).
pub trait Explain: serde::de::DeserializeOwned {
    /// The error for `value` at `at`, or `None` when it reads as `Self`.
    fn explain(value: &serde_json::Value, at: &Path<'_>) -> Option<ValidationError> {
        read_error::<Self>(value, at)
    }
}

/// The error of reading `value` (found at `at`) as `T`, with serde's path within it, or
/// `None` when it reads.
pub fn read_error<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    at: &Path<'_>,
) -> Option<ValidationError> {
    let text = value.to_string();
    let e = serde_json::from_str::<T>(&text).err()?;
    Some(read_error_at(value, at, &text, &e))
}

/// The part of [`read_error`] that does not depend on the type (one copy, not one per type).
fn read_error_at(
    value: &serde_json::Value,
    at: &Path<'_>,
    text: &str,
    e: &serde_json::Error,
) -> ValidationError {
    let inner = crate::json_path::path_of_error(text, e);
    let message = crate::json_path::message_of_error(e);
    let join = |a: &str, b: &str| match (a.is_empty(), b.is_empty()) {
        (_, true) => a.to_string(),
        (true, false) => b.to_string(),
        (false, false) if b.starts_with('[') => format!("{a}{b}"),
        (false, false) => format!("{a}.{b}"),
    };
    let path = join(&at.render(), &inner);
    // serde names a missing field at its parent: the checks name the field.
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        return ValidationError {
            path: join(&path, field),
            message: "is required".to_owned(),
        };
    }
    ValidationError {
        message: reword(&message, pointer(value, &inner)),
        path,
    }
}

/// Reads `value` as `T`; a refusal names the field (see [`Explain`]) and says what a typed
/// string refused in the words of the checks (`is 25 characters long, at most 24 allowed`).
///
/// The value is read from its text, as webhooks and explanations read theirs, so each type has
/// one copy of its deserializer (this is not a hot path).
pub fn from_json<T: Explain>(value: &serde_json::Value) -> Result<T, ValidationError> {
    from_json_at(value, &Path::Root)
}

/// [`from_json`] for a value found at `at` (the error's path starts there).
pub fn from_json_at<T: Explain>(
    value: &serde_json::Value,
    at: &Path<'_>,
) -> Result<T, ValidationError> {
    serde_json::from_str::<T>(&value.to_string()).map_err(|e| {
        T::explain(value, at).unwrap_or_else(|| ValidationError {
            path: at.render(),
            message: format!("does not fit its type: {e}"),
        })
    })
}

/// The value at a rendered path (`a.b[0].c`), when there is one.
fn pointer<'v>(mut value: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            value = value.get(key)?;
        }
        for index in rest.split('[') {
            let index = index.trim_end_matches(']');
            if !index.is_empty() {
                value = value.get(index.parse::<usize>().ok()?)?;
            }
        }
    }
    Some(value)
}

/// typify's and serde's messages in the checks' words, where they say the same thing.
fn reword(message: &str, value: Option<&serde_json::Value>) -> String {
    let len = value
        .and_then(serde_json::Value::as_str)
        .map(|s| s.chars().count());
    let bound = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(" characters"))
            .and_then(|n| n.parse::<usize>().ok())
    };
    if let (Some(max), Some(len)) = (bound("longer than "), len) {
        return format!(
            "is {} long, at most {max} allowed",
            plural(len, "character")
        );
    }
    if let (Some(min), Some(len)) = (bound("shorter than "), len) {
        return format!(
            "is {} long, at least {min} required",
            plural(len, "character")
        );
    }
    if let Some(p) = message
        .strip_prefix("doesn't match pattern \"")
        .and_then(|r| r.strip_suffix('"'))
    {
        return format!("must match the pattern `{p}`");
    }
    format!("does not fit its type: {message}")
}

/// Reads `value` as `T` and checks it (what the generated `check_json` does per component).
pub fn read_and_check<T: Check + Explain>(value: &serde_json::Value) -> Result<(), JsonError> {
    let typed = from_json::<T>(value).map_err(JsonError::Type)?;
    typed.check().map_err(JsonError::Check)
}

/// Builds the error for `at` (only called on failure).
#[cold]
#[inline(never)]
pub fn fail(at: &Path<'_>, message: impl fmt::Display) -> ValidationError {
    ValidationError {
        path: at.render(),
        message: message.to_string(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `maxLength`: at most `max` characters (Unicode scalar values).
#[inline]
pub fn max_length(at: &Path<'_>, value: &str, max: usize) -> Result<(), ValidationError> {
    // Each character takes at least one byte: short strings need no counting.
    if value.len() <= max {
        return Ok(());
    }
    let len = value.chars().count();
    if len > max {
        return Err(fail(
            at,
            format_args!(
                "is {} long, at most {max} allowed",
                plural(len, "character")
            ),
        ));
    }
    Ok(())
}

/// `minLength`: at least `min` characters.
#[inline]
pub fn min_length(at: &Path<'_>, value: &str, min: usize) -> Result<(), ValidationError> {
    if value.len() >= min.saturating_mul(4) {
        return Ok(());
    }
    let len = value.chars().count();
    if len < min {
        return Err(fail(
            at,
            format_args!(
                "is {} long, at least {min} required",
                plural(len, "character")
            ),
        ));
    }
    Ok(())
}

/// `pattern`: an unanchored ECMAScript search, as JSON Schema defines it. `pattern` is the
/// spec's pattern compiled by the generator, held by the generated code in a static.
#[inline]
pub fn pattern(at: &Path<'_>, value: &str, pattern: &Pattern) -> Result<(), ValidationError> {
    if !pattern.is_match(value) {
        return Err(fail(
            at,
            format_args!("must match the pattern `{}`", pattern.source()),
        ));
    }
    Ok(())
}

/// `format: date`: `YYYY-MM-DD`.
#[inline]
pub fn date(at: &Path<'_>, value: &str) -> Result<(), ValidationError> {
    if !is_date(value.as_bytes()) {
        return Err(fail(at, "must be a date in the form YYYY-MM-DD"));
    }
    Ok(())
}

/// `format: date-time`: an RFC 3339 date-time.
#[inline]
pub fn date_time(at: &Path<'_>, value: &str) -> Result<(), ValidationError> {
    if !is_date_time(value.as_bytes()) {
        return Err(fail(
            at,
            "must be an RFC 3339 date-time such as 2024-01-31T13:45:00Z",
        ));
    }
    Ok(())
}

/// `maxItems`.
#[inline]
pub fn max_items(at: &Path<'_>, len: usize, max: usize) -> Result<(), ValidationError> {
    if len > max {
        return Err(fail(
            at,
            format_args!("has {}, at most {max} allowed", plural(len, "item")),
        ));
    }
    Ok(())
}

/// `minItems`.
#[inline]
pub fn min_items(at: &Path<'_>, len: usize, min: usize) -> Result<(), ValidationError> {
    if len < min {
        return Err(fail(
            at,
            format_args!("has {}, at least {min} required", plural(len, "item")),
        ));
    }
    Ok(())
}

/// `maxProperties` (a map's entries).
#[inline]
pub fn max_properties(at: &Path<'_>, len: usize, max: usize) -> Result<(), ValidationError> {
    if len > max {
        return Err(fail(
            at,
            format_args!("has {}, at most {max} allowed", plural(len, "field")),
        ));
    }
    Ok(())
}

/// `minProperties` (a map's entries).
#[inline]
pub fn min_properties(at: &Path<'_>, len: usize, min: usize) -> Result<(), ValidationError> {
    if len < min {
        return Err(fail(
            at,
            format_args!("has {}, at least {min} required", plural(len, "field")),
        ));
    }
    Ok(())
}

/// `uniqueItems`: no two equal elements (compared as the values they are).
#[inline]
pub fn unique_items<T: PartialEq>(at: &Path<'_>, items: &[T]) -> Result<(), ValidationError> {
    for (i, item) in items.iter().enumerate() {
        if let Some(j) = items[..i].iter().position(|other| other == item) {
            return Err(fail(
                at,
                format_args!("must not contain duplicate items ([{j}] and [{i}] are equal)"),
            ));
        }
    }
    Ok(())
}

/// `x-waba-exactly-one-of`: `present` of the listed properties (`names`, for the message)
/// are set, where exactly one must be.
#[inline]
pub fn exactly_one_of(at: &Path<'_>, present: usize, names: &str) -> Result<(), ValidationError> {
    if present != 1 {
        return Err(fail(at, format_args!("needs exactly one of {names}")));
    }
    Ok(())
}

/// `x-waba-unique-by`: the value at `at` equals the one of an earlier item (`what` names the
/// sub-field).
#[cold]
pub fn not_unique(at: &Path<'_>, what: &str) -> ValidationError {
    fail(
        at,
        format_args!("repeats the {what} of an earlier item; it must be unique"),
    )
}

/// `x-waba-max-total`: `total` elements over the `what` arrays of all items, at most `max`.
#[inline]
pub fn max_total(
    at: &Path<'_>,
    total: usize,
    max: usize,
    what: &str,
) -> Result<(), ValidationError> {
    if total > max {
        return Err(fail(
            at,
            format_args!("has {total} {what} in all items, at most {max} allowed"),
        ));
    }
    Ok(())
}

/// `x-waba-required-when-several`: a property an item must carry because the array has more
/// than one item.
#[cold]
pub fn required_when_several(at: &Path<'_>) -> ValidationError {
    fail(at, "is required when there is more than one item")
}

/// A property the schema requires that the value does not carry.
#[cold]
pub fn required(at: &Path<'_>) -> ValidationError {
    fail(at, "is required")
}

/// A number compared with a bound of the spec; `bound` is the spec's text of it, for messages.
pub trait Number: Copy {
    /// The value as an `f64` for comparison (the specs' bounds and values are far below 2^53).
    fn as_f64(self) -> f64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            #[inline]
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(self) -> f64 { self as f64 }
        }
    )*};
}
number!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

macro_rules! non_zero {
    ($($t:ty),*) => {$(
        impl Number for $t {
            #[inline]
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(self) -> f64 { self.get() as f64 }
        }
    )*};
}
non_zero!(
    std::num::NonZeroU8,
    std::num::NonZeroU16,
    std::num::NonZeroU32,
    std::num::NonZeroU64,
    std::num::NonZeroI64
);

/// `minimum` (with `exclusiveMinimum` when `exclusive`).
#[inline]
pub fn minimum<N: Number>(
    at: &Path<'_>,
    value: N,
    bound: f64,
    exclusive: bool,
    text: &str,
) -> Result<(), ValidationError> {
    let v = value.as_f64();
    let ok = if exclusive { v > bound } else { v >= bound };
    if !ok {
        return Err(if exclusive {
            fail(at, format_args!("must be greater than {text}"))
        } else {
            fail(at, format_args!("must be at least {text}"))
        });
    }
    Ok(())
}

/// `maximum` (with `exclusiveMaximum` when `exclusive`).
#[inline]
pub fn maximum<N: Number>(
    at: &Path<'_>,
    value: N,
    bound: f64,
    exclusive: bool,
    text: &str,
) -> Result<(), ValidationError> {
    let v = value.as_f64();
    let ok = if exclusive { v < bound } else { v <= bound };
    if !ok {
        return Err(if exclusive {
            fail(at, format_args!("must be less than {text}"))
        } else {
            fail(at, format_args!("must be at most {text}"))
        });
    }
    Ok(())
}

/// `multipleOf`.
#[inline]
pub fn multiple_of<N: Number>(
    at: &Path<'_>,
    value: N,
    factor: f64,
    text: &str,
) -> Result<(), ValidationError> {
    let q = value.as_f64() / factor;
    if !q.is_finite() || (q - q.round()).abs() > 1e-9 {
        return Err(fail(at, format_args!("must be a multiple of {text}")));
    }
    Ok(())
}

/// `x-waba-max-bytes` on a multipart file part.
#[inline]
pub fn max_bytes(
    at: &Path<'_>,
    file: &crate::multipart::FilePart,
    max: u64,
) -> Result<(), ValidationError> {
    let len = file.bytes.len() as u64;
    if len > max {
        return Err(fail(
            at,
            format_args!(
                "`{}` is {len} bytes long, at most {max} allowed",
                file.file_name
            ),
        ));
    }
    Ok(())
}

/// A value of an open enum (`x-waba-open-enum`) that the spec does not list: refused in a
/// request, as the spec's `enum` says; reading one from an answer still works.
#[cold]
pub fn not_listed(at: &Path<'_>, allowed: &str) -> ValidationError {
    fail(at, format_args!("must be one of {allowed}"))
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD` with a real month and day (leap years included).
pub fn is_date(b: &[u8]) -> bool {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
pub fn is_date_time(b: &[u8]) -> bool {
    if b.len() < 20 || !is_date(&b[..10]) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    let t = &b[11..];
    if t[2] != b':' || t[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(s)) = (digits(&t[0..2]), digits(&t[3..5]), digits(&t[6..8])) else {
        return false;
    };
    if h > 23 || m > 59 || s > 60 {
        return false;
    }
    let mut rest = &t[8..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            matches!((digits(&[*h1, *h2]), digits(&[*m1, *m2])), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_the_field_they_name() {
        let root = Path::Root;
        let a = root.field("interactive");
        let b = a.field("sections");
        let c = b.index(0);
        let d = c.field("title");
        assert_eq!(d.render(), "interactive.sections[0].title");
        assert_eq!(root.index(2).field("x").render(), "[2].x");
        assert_eq!(root.render(), "");
    }

    #[test]
    fn lengths_count_characters() {
        let at = Path::Root;
        assert!(max_length(&at, "héllo", 5).is_ok());
        let e = max_length(&at.field("body"), "héllo!", 5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`body` is 6 characters long, at most 5 allowed"
        );
        assert!(min_length(&at, "é", 1).is_ok());
        assert_eq!(
            min_length(&at, "", 1).unwrap_err().message,
            "is 0 characters long, at least 1 required"
        );
    }

    #[test]
    fn bounds_and_counts() {
        let at = Path::Root;
        assert!(maximum(&at, 10i64, 10.0, false, "10").is_ok());
        assert_eq!(
            maximum(&at, 10i64, 10.0, true, "10").unwrap_err().message,
            "must be less than 10"
        );
        assert_eq!(
            minimum(&at, 0.5f64, 1.0, false, "1").unwrap_err().message,
            "must be at least 1"
        );
        assert!(multiple_of(&at, 0.3f64, 0.1, "0.1").is_ok());
        assert!(multiple_of(&at, 0.35f64, 0.1, "0.1").is_err());
        assert_eq!(
            max_items(&at, 4, 3).unwrap_err().message,
            "has 4 items, at most 3 allowed"
        );
        assert_eq!(
            min_items(&at, 0, 1).unwrap_err().message,
            "has 0 items, at least 1 required"
        );
        assert_eq!(
            unique_items(&at, &["a", "b", "a"]).unwrap_err().message,
            "must not contain duplicate items ([0] and [2] are equal)"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_named() {
        let file = crate::multipart::FilePart::new(vec![0u8; 11], "big.jpg", "image/jpeg");
        let root = Path::Root;
        let files = root.field("attachments");
        assert!(max_bytes(&files.index(0), &file, 11).is_ok());
        let err = max_bytes(&files.index(0), &file, 10).unwrap_err();
        assert_eq!(err.path, "attachments[0]");
        assert_eq!(
            err.message,
            "`big.jpg` is 11 bytes long, at most 10 allowed"
        );
    }

    #[test]
    fn json_read_errors_name_the_field_in_the_checks_words() {
        #[derive(serde::Deserialize, Debug)]
        struct Row {
            #[allow(dead_code)]
            title: Short,
        }
        // As the generated constrained strings read themselves.
        #[derive(Debug)]
        struct Short;
        impl std::str::FromStr for Short {
            type Err = &'static str;
            fn from_str(s: &str) -> Result<Short, &'static str> {
                if s.chars().count() > 3 {
                    Err("longer than 3 characters")
                } else {
                    Ok(Short)
                }
            }
        }
        impl<'de> serde::Deserialize<'de> for Short {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Short, D::Error> {
                d.deserialize_string(ParseText::new())
            }
        }
        #[derive(serde::Deserialize, Debug)]
        struct List {
            #[allow(dead_code)]
            rows: Vec<Row>,
        }
        impl Explain for List {}
        let v = serde_json::json!({"rows": [{"title": "abc"}, {"title": "abcd"}]});
        let e = from_json::<List>(&v).unwrap_err();
        assert_eq!(e.path, "rows[1].title");
        assert_eq!(e.message, "is 4 characters long, at most 3 allowed");
        let e = read_error::<Row>(&serde_json::json!({}), &Path::Root.field("row")).unwrap();
        assert_eq!(e.path, "row.title");
        assert_eq!(e.message, "is required");
    }

    #[test]
    fn dates() {
        assert!(is_date(b"2024-02-29"));
        assert!(!is_date(b"2023-02-29"));
        assert!(is_date_time(b"2024-01-31T13:45:00Z"));
        assert!(is_date_time(b"2024-01-31T13:45:00.5+01:00"));
        assert!(!is_date_time(b"2024-01-31T25:45:00Z"));
    }
}
