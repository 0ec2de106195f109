//! Receiving webhooks: checking the secret header a provider echoes, parse errors that say
//! where a body went wrong without ever printing a secret, and [`Item`], which reads each
//! element of a webhook array on its own so that one element that does not fit the types
//! loses nothing else.

use std::fmt;
use std::sync::OnceLock;

use reqwest::header::{HeaderMap, HeaderName};
use subtle::ConstantTimeEq;

use crate::Secret;

/// Raw JSON text, as kept by [`Item`] (re-exported from `serde_json`).
pub use serde_json::value::RawValue;

mod strict;
pub use strict::{
    StrSeed, Strict, TaggedKey, TaggedKeyAtSeed, TaggedKeySeed, from_slice_strict,
    from_str_lenient, from_str_strict, from_str_with, tag_hint, with_tag_hints,
};

/// Why a webhook request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The expected secret header is absent.
    MissingHeader {
        /// The header's name.
        name: String,
    },
    /// The secret header is present with another value (the values are not shown).
    WrongSecret {
        /// The header's name.
        name: String,
    },
    /// The expected secret query parameter of the webhook URL is absent (for providers that
    /// echo no header, the secret travels in the URL registered with them).
    MissingQueryParameter {
        /// The parameter's name.
        name: String,
    },
    /// The secret query parameter is present with another value (the values are not shown).
    WrongQueryParameter {
        /// The parameter's name.
        name: String,
    },
    /// The body is not the JSON the provider documents.
    Malformed {
        /// What is wrong, with line and column.
        reason: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader { name } => {
                write!(f, "webhook refused: header `{name}` is missing")
            }
            WebhookError::WrongSecret { name } => {
                write!(
                    f,
                    "webhook refused: header `{name}` does not carry the expected secret"
                )
            }
            WebhookError::MissingQueryParameter { name } => {
                write!(f, "webhook refused: query parameter `{name}` is missing")
            }
            WebhookError::WrongQueryParameter { name } => write!(
                f,
                "webhook refused: query parameter `{name}` does not carry the expected secret"
            ),
            WebhookError::Malformed { reason } => write!(f, "webhook body is malformed: {reason}"),
        }
    }
}

impl WebhookError {
    /// True when the request was refused for its secret (missing or wrong), false for a
    /// malformed body.
    pub fn is_refused(&self) -> bool {
        !matches!(self, WebhookError::Malformed { .. })
    }

    /// True when the secret is absent (answer 401), false when it is present but wrong
    /// (answer 403) or the body is malformed.
    pub fn is_missing_secret(&self) -> bool {
        matches!(
            self,
            WebhookError::MissingHeader { .. } | WebhookError::MissingQueryParameter { .. }
        )
    }
}

impl std::error::Error for WebhookError {}

impl From<serde_json::Error> for WebhookError {
    fn from(e: serde_json::Error) -> Self {
        WebhookError::Malformed {
            reason: e.to_string(),
        }
    }
}

/// Reads a webhook body into `T`, refusing anything but a JSON object first (serde reads a
/// struct from a JSON array too, and no provider sends one): the one read of the providers'
/// plain webhook parsers, with the reason and its line and column when it fails.
pub fn from_object<'a, T: serde::Deserialize<'a>>(body: &'a [u8]) -> Result<T, WebhookError> {
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(WebhookError::Malformed {
            reason: "the body is not a JSON object".into(),
        });
    }
    Ok(serde_json::from_slice(body)?)
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Checks that every `(name, secret)` pair is present in `headers` with exactly that value,
/// comparing in constant time.
pub fn verify_headers(
    headers: &HeaderMap,
    expected: &[(HeaderName, Secret)],
) -> Result<(), WebhookError> {
    for (name, secret) in expected {
        let Some(value) = headers.get(name) else {
            return Err(WebhookError::MissingHeader {
                name: name.to_string(),
            });
        };
        if !constant_time_eq(value.as_bytes(), secret.expose().as_bytes()) {
            return Err(WebhookError::WrongSecret {
                name: name.to_string(),
            });
        }
    }
    Ok(())
}

/// A webhook payload type that a [`Verifier`] parses once the headers are checked; each
/// provider crate implements it for its payload with its own parse function.
pub trait WebhookPayload: Sized {
    /// Parses a raw webhook body.
    fn parse_body(body: &[u8]) -> Result<Self, WebhookError>;
}

/// Checks the secret headers a provider echoes on every webhook request (compared in constant
/// time), then parses the body into `T`. Providers expose it as `webhook::Verifier`.
pub struct Verifier<T> {
    expected: Vec<(HeaderName, Secret)>,
    payload: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Verifier<T> {
    fn clone(&self) -> Self {
        Verifier {
            expected: self.expected.clone(),
            payload: std::marker::PhantomData,
        }
    }
}

impl<T> Default for Verifier<T> {
    fn default() -> Self {
        Verifier {
            expected: Vec::new(),
            payload: std::marker::PhantomData,
        }
    }
}

impl<T> fmt::Debug for Verifier<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The names only: the values are secrets.
        let names: Vec<&str> = self.expected.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Verifier").field("headers", &names).finish()
    }
}

impl<T: WebhookPayload> Verifier<T> {
    /// A verifier that expects no header (add them with [`Verifier::header`]).
    pub fn new() -> Self {
        Verifier::default()
    }

    /// Expects header `name` with exactly `value` (the header registered with the provider).
    pub fn header(mut self, name: &str, value: impl Into<Secret>) -> Result<Self, WebhookError> {
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| WebhookError::MissingHeader {
                name: name.to_string(),
            })?;
        self.expected.push((name, value.into()));
        Ok(self)
    }

    /// Refuses the request unless every expected header matches (compared in constant time).
    pub fn verify(&self, headers: &HeaderMap) -> Result<(), WebhookError> {
        verify_headers(headers, &self.expected)
    }

    /// Refuses the request unless every expected header matches, then parses the body.
    pub fn parse(&self, headers: &HeaderMap, body: &[u8]) -> Result<T, WebhookError> {
        self.verify(headers)?;
        T::parse_body(body)
    }
}

/// One element of a webhook array (a message, a status, a change, ...), read on its own.
///
/// Read on its own (the tolerant way), the element's JSON is first taken as raw text, then
/// parsed into `T`. An element that does not fit `T` (an unexpected type of value, a missing
/// required field) becomes [`Item::Unparsed`] with its raw JSON and the reason, and the
/// elements beside it are still read. A parsed element keeps its raw JSON too, so fields the
/// spec does not describe are not lost.
///
/// Read under a [`Strict`] deserializer (the fast path of a webhook parse, which reads the
/// whole body in one pass and falls back to the tolerant way when the strict read fails), the
/// element is parsed in place and no raw text is kept: the strict read has checked that the
/// typed value holds everything the element held, so [`Item::raw`] writes it from the typed
/// value when first asked. That JSON is equivalent to the element as received (the same keys
/// and values), not byte for byte the same text: keys come in the type's order, and string
/// escapes and number spellings are written the standard way (`1.50` as `1.5`).
///
/// Serializing an item writes its raw JSON (or, when none was kept, its typed value).
///
/// Generated for arrays of a component marked `x-waba-item: true` in a spec.
#[derive(Clone, Debug)]
pub enum Item<T> {
    /// The element fits `T`.
    Parsed {
        /// The typed element.
        value: T,
        /// The element's JSON as received (with any field `T` does not describe); empty until
        /// [`Item::raw`] is first called when the element was read by the strict read, which
        /// keeps no text.
        raw: OnceLock<Box<RawValue>>,
    },
    /// The element does not fit `T`: kept as received, with the reason.
    Unparsed {
        /// The element's JSON as received.
        raw: Box<RawValue>,
        /// Why it does not fit: the parser's message, naming the field, line and column
        /// (counted within the element).
        reason: String,
    },
}

impl<T> Item<T> {
    /// The typed element, if it fits the type.
    pub fn parsed(&self) -> Option<&T> {
        match self {
            Item::Parsed { value, .. } => Some(value),
            Item::Unparsed { .. } => None,
        }
    }

    /// The typed element, mutably, if it fits the type. (A raw JSON already kept is not
    /// changed with it.)
    pub fn parsed_mut(&mut self) -> Option<&mut T> {
        match self {
            Item::Parsed { value, .. } => Some(value),
            Item::Unparsed { .. } => None,
        }
    }

    /// Why the element does not fit the type; `None` when it does.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Item::Parsed { .. } => None,
            Item::Unparsed { reason, .. } => Some(reason),
        }
    }

    /// True when the element fits the type.
    pub fn is_parsed(&self) -> bool {
        matches!(self, Item::Parsed { .. })
    }

    /// The typed element, or `Err` with the raw JSON and the reason.
    pub fn into_result(self) -> Result<T, (Box<RawValue>, String)> {
        match self {
            Item::Parsed { value, .. } => Ok(value),
            Item::Unparsed { raw, reason } => Err((raw, reason)),
        }
    }
}

impl<T: serde::Serialize> Item<T> {
    /// The element's JSON, parsed or not: as received, or (for an element the strict read
    /// parsed in place) written from the typed value on first call, equivalent to what was
    /// received.
    pub fn raw(&self) -> &RawValue {
        match self {
            Item::Parsed { value, raw } => raw.get_or_init(|| {
                // A value read from JSON writes back as JSON; `null` is only a guard.
                serde_json::value::to_raw_value(value).unwrap_or_else(|_| RawValue::NULL.to_owned())
            }),
            Item::Unparsed { raw, .. } => raw,
        }
    }

    /// An item made from a typed value (for building payloads in code, such as tests); its raw
    /// JSON is the value serialized.
    pub fn new(value: T) -> Result<Self, serde_json::Error> {
        let raw = serde_json::value::to_raw_value(&value)?;
        Ok(Item::Parsed {
            value,
            raw: OnceLock::from(raw),
        })
    }
}

/// How an [`Item`]'s type is read: from the element's raw JSON text (the tolerant way), or in
/// place under a strict [`Strict`] deserializer (the fast path). Generated for every
/// `x-waba-item` component; both ways run the same code, [`FromRawJson::deserialize_strict`]
/// under a lenient or a strict [`Strict`].
pub trait FromRawJson: Sized {
    /// Parses the element from its raw JSON text.
    fn from_raw_json(raw: &str) -> Result<Self, serde_json::Error>;

    /// Parses the element under a [`Strict`] deserializer. A strict one (the fast path) must
    /// fail wherever the typed value would not hold everything the element holds; a lenient one
    /// ([`Strict::is_lenient`], the tolerant way) must read as a plain `Deserialize` would.
    fn deserialize_strict<'de, D: serde::Deserializer<'de>>(
        deserializer: Strict<D>,
    ) -> Result<Self, D::Error>;
}

/// The string value of a `"key": "value"` pair in `raw` whose value is a plain string (no
/// escapes), found textually without parsing: the object's first pair when it has that key,
/// else the last such pair in the text. A guess for [`FromRawJson`] implementations of tagged
/// unions, which must check it (the last pair may belong to a nested object).
pub fn peek_tag<'a>(raw: &'a str, key: &str) -> Option<&'a str> {
    // The pair's value, when `rest` starts right after the key's closing quote.
    fn value_after(rest: &str) -> Option<&str> {
        let rest = rest.trim_start().strip_prefix(':')?;
        let rest = rest.trim_start().strip_prefix('"')?;
        let value = &rest[..rest.find('"')?];
        (!value.contains('\\')).then_some(value)
    }
    // The first pair (the tag written first).
    if let Some(rest) = raw.trim_start().strip_prefix('{')
        && let Some(rest) = rest.trim_start().strip_prefix('"')
        && let Some(rest) = rest.strip_prefix(key)
        && let Some(rest) = rest.strip_prefix('"')
    {
        return value_after(rest);
    }
    // The last pair (the tag written after the content, as Meta does).
    let bytes = raw.as_bytes();
    let mut end = raw.len();
    while let Some(at) = raw[..end].rfind(key) {
        end = at;
        if at > 0
            && bytes[at - 1] == b'"'
            && bytes.get(at + key.len()) == Some(&b'"')
            && let Some(value) = value_after(&raw[at + key.len() + 1..])
        {
            return Some(value);
        }
    }
    None
}

/// Reads `T` from an item's JSON text, as `serde_json::from_str` does; when the text does not
/// fit, the error names the path of the field that broke it within the item
/// (`location.latitude: invalid type: string "x", expected f64 at line 1 column 52`). The path
/// is found from the error's position in the text, only on that failure (no second read, and
/// no second copy of `T`'s deserializer).
pub fn from_str_explained<T: serde::de::DeserializeOwned>(raw: &str) -> serde_json::Result<T> {
    serde_json::from_str(raw).map_err(|error| explained(raw, error))
}

/// Reads `T` from an item's JSON text the tolerant way, as [`from_str_explained`] does, but
/// through the code of the strict read ([`from_str_lenient`]): a crate that reads a type both
/// ways compiles its `Deserialize` code once.
pub fn from_str_tolerant<'de, T: serde::Deserialize<'de>>(raw: &'de str) -> serde_json::Result<T> {
    from_str_lenient(raw).map_err(|error| explained(raw, error))
}

/// The error of [`from_str_explained`] with its path (one copy, not one per type).
fn explained(raw: &str, error: serde_json::Error) -> serde_json::Error {
    let path = crate::json_path::path_of_error(raw, &error);
    if path.is_empty() {
        error
    } else {
        <serde_json::Error as serde::de::Error>::custom(format!("{path}: {error}"))
    }
}

impl<T: FromRawJson> Item<T> {
    /// Reads an element from its raw JSON: [`Item::Parsed`] when it fits `T`, else
    /// [`Item::Unparsed`] with the reason.
    pub fn from_raw(raw: Box<RawValue>) -> Self {
        match T::from_raw_json(raw.get()) {
            Ok(value) => Item::Parsed {
                value,
                raw: OnceLock::from(raw),
            },
            Err(e) => Item::Unparsed {
                raw,
                reason: e.to_string(),
            },
        }
    }
}

impl<T: serde::Serialize> serde::Serialize for Item<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Parsed { value, raw } => match raw.get() {
                Some(raw) => raw.serialize(serializer),
                None => value.serialize(serializer),
            },
            Item::Unparsed { raw, .. } => raw.serialize(serializer),
        }
    }
}

impl<'de, T: FromRawJson> serde::Deserialize<'de> for Item<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor<T>(std::marker::PhantomData<fn() -> T>);

        impl<'de, T: FromRawJson> serde::de::Visitor<'de> for ItemVisitor<T> {
            type Value = Item<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            // Any deserializer but `Strict`: the tolerant way, raw text first.
            fn visit_newtype_struct<D2: serde::Deserializer<'de>>(
                self,
                deserializer: D2,
            ) -> Result<Item<T>, D2::Error> {
                let raw = Box::<RawValue>::deserialize(deserializer)?;
                Ok(Item::from_raw(raw))
            }

            // `Strict` (only it answers the item's name with `visit_some`): in place.
            fn visit_some<D2: serde::Deserializer<'de>>(
                self,
                deserializer: D2,
            ) -> Result<Item<T>, D2::Error> {
                T::deserialize_strict(Strict::new(deserializer)).map(|value| Item::Parsed {
                    value,
                    raw: OnceLock::new(),
                })
            }
        }

        use serde::Deserialize as _;
        deserializer
            .deserialize_newtype_struct(strict::ITEM_TOKEN, ItemVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected() -> Vec<(HeaderName, Secret)> {
        vec![(
            HeaderName::from_static("authorization"),
            Secret::new("Basic dGVzdHVzZXI6dGVzdHBhc3M="),
        )]
    }

    #[test]
    fn the_right_header_passes_and_others_are_refused_without_the_secret() {
        let mut headers = HeaderMap::new();
        assert_eq!(
            verify_headers(&headers, &expected()),
            Err(WebhookError::MissingHeader {
                name: "authorization".into()
            })
        );
        headers.insert(
            "authorization",
            "Basic dGVzdHVzZXI6d3Jvbmc=".parse().unwrap(),
        );
        let err = verify_headers(&headers, &expected()).unwrap_err();
        assert_eq!(
            err,
            WebhookError::WrongSecret {
                name: "authorization".into()
            }
        );
        assert!(!format!("{err} {err:?}").contains("dGVzdHVzZXI6"));
        headers.insert(
            "authorization",
            "Basic dGVzdHVzZXI6dGVzdHBhc3M=".parse().unwrap(),
        );
        assert_eq!(verify_headers(&headers, &expected()), Ok(()));
    }

    #[derive(Debug, PartialEq)]
    struct Body(Vec<u8>);

    impl WebhookPayload for Body {
        fn parse_body(body: &[u8]) -> Result<Self, WebhookError> {
            Ok(Body(body.to_vec()))
        }
    }

    #[test]
    fn a_verifier_checks_every_header_before_parsing_and_never_prints_a_secret() {
        let verifier = Verifier::<Body>::new()
            .header("x-webhook-secret", "s3cret-VALUE")
            .unwrap();
        let mut headers = HeaderMap::new();
        assert!(matches!(
            verifier.parse(&headers, b"{}"),
            Err(WebhookError::MissingHeader { .. })
        ));
        headers.insert("x-webhook-secret", "wrong".parse().unwrap());
        assert!(matches!(
            verifier.parse(&headers, b"{}"),
            Err(WebhookError::WrongSecret { .. })
        ));
        headers.insert("x-webhook-secret", "s3cret-VALUE".parse().unwrap());
        assert_eq!(verifier.parse(&headers, b"{}"), Ok(Body(b"{}".to_vec())));
        let printed = format!("{verifier:?}");
        assert!(
            printed.contains("x-webhook-secret") && !printed.contains("VALUE"),
            "{printed}"
        );
        assert!(Verifier::<Body>::new().header("bad name", "x").is_err());
    }

    #[test]
    fn lengths_and_contents_both_matter() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }

    #[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq)]
    struct Msg {
        id: String,
        timestamp: String,
    }

    impl FromRawJson for Msg {
        fn from_raw_json(raw: &str) -> Result<Self, serde_json::Error> {
            serde_json::from_str(raw)
        }

        fn deserialize_strict<'de, D: serde::Deserializer<'de>>(
            deserializer: Strict<D>,
        ) -> Result<Self, D::Error> {
            serde::Deserialize::deserialize(deserializer)
        }
    }

    #[test]
    fn a_tag_is_peeked_from_the_last_plain_pair() {
        assert_eq!(
            peek_tag(r#"{"value": {"a": 1}, "field": "messages"}"#, "field"),
            Some("messages")
        );
        assert_eq!(
            peek_tag(r#"{"field":"calls","value":{"x":[]}}"#, "field"),
            Some("calls")
        );
        // The first pair wins; else the last one, which may be a nested pair (callers check).
        assert_eq!(
            peek_tag(r#"{"field":"a","value":{"field":"b"}}"#, "field"),
            Some("a")
        );
        assert_eq!(
            peek_tag(r#"{"value":{"field":"b"},"id":1}"#, "field"),
            Some("b")
        );
        assert_eq!(peek_tag(r#"{"myfield": "x"}"#, "field"), None);
        assert_eq!(peek_tag(r#"{"field": 5}"#, "field"), None);
        assert_eq!(peek_tag(r#"{"field": "a\"b"}"#, "field"), None);
        assert_eq!(peek_tag(r#"{"value": {}}"#, "field"), None);
    }

    #[test]
    fn one_bad_item_is_kept_raw_with_its_reason_and_the_others_are_parsed() {
        let body = r#"[{"id":"a","timestamp":"1","extra":{"x":1}},{"id":"b","timestamp":2},{"id":"c","timestamp":"3"}]"#;
        let items: Vec<Item<Msg>> = serde_json::from_str(body).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].parsed().unwrap().id, "a");
        // The field the type does not know is still in the raw JSON.
        assert_eq!(
            items[0].raw().get(),
            r#"{"id":"a","timestamp":"1","extra":{"x":1}}"#
        );
        assert!(items[1].parsed().is_none());
        assert_eq!(items[1].raw().get(), r#"{"id":"b","timestamp":2}"#);
        let reason = items[1].reason().unwrap();
        assert!(reason.contains("invalid type: integer `2`"), "{reason}");
        assert_eq!(items[2].parsed().unwrap().timestamp, "3");
        // Written back as received, parsed or not.
        assert_eq!(serde_json::to_string(&items).unwrap(), body);
    }

    #[test]
    fn an_item_needs_json_and_can_be_built_from_a_value() {
        assert!(serde_json::from_str::<Vec<Item<Msg>>>(r#"[{"id":"a",]"#).is_err());
        let item = Item::new(Msg {
            id: "x".into(),
            timestamp: "9".into(),
        })
        .unwrap();
        assert_eq!(item.raw().get(), r#"{"id":"x","timestamp":"9"}"#);
        assert!(item.is_parsed() && item.reason().is_none());
        assert_eq!(item.into_result().unwrap().id, "x");
    }
}
