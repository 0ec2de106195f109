//! Reading responses: every outcome becomes a typed value or an [`Error`] that keeps status,
//! headers and the raw body.

use bytes::{Bytes, BytesMut};
use progenitor_client::{ByteStream, ResponseValue};
use serde::de::DeserializeOwned;

use crate::Error;

type Raw<T> = Result<ResponseValue<T>, progenitor_client::Error<()>>;

/// What a generated method of a JSON operation returns: the answer itself, its body unread
/// (the xtask rewrites progenitor's `ResponseValue::stream`, which copied the headers and boxed
/// the body, out of these methods).
pub type RawResponse = Result<reqwest::Response, progenitor_client::Error<()>>;

/// Reads a whole byte stream.
pub async fn collect(stream: ByteStream) -> Result<Bytes, reqwest::Error> {
    match collect_partial(stream).await {
        (body, None) => Ok(body),
        (_, Some(e)) => Err(e),
    }
}

/// Reads a byte stream to its end, or to the error that ends it early: the bytes that came,
/// and the error if any. A body that arrives in one chunk is not copied.
async fn collect_partial(stream: ByteStream) -> (Bytes, Option<reqwest::Error>) {
    let mut inner = stream.into_inner();
    let mut body = Chunks::default();
    loop {
        let next =
            std::future::poll_fn(|cx| futures_core::Stream::poll_next(inner.as_mut(), cx)).await;
        match next {
            Some(Ok(chunk)) => body.push(chunk),
            end => return (body.finish(), end.and_then(Result::err)),
        }
    }
}

/// A body read chunk by chunk: one chunk is kept as it came, more are copied together.
#[derive(Default)]
struct Chunks {
    first: Option<Bytes>,
    buf: BytesMut,
}

impl Chunks {
    fn push(&mut self, chunk: Bytes) {
        match self.first.take() {
            None if self.buf.is_empty() => self.first = Some(chunk),
            earlier => {
                if let Some(earlier) = earlier {
                    self.buf.extend_from_slice(&earlier);
                }
                self.buf.extend_from_slice(&chunk);
            }
        }
    }

    fn finish(self) -> Bytes {
        match self.first {
            Some(only) => only,
            None => self.buf.freeze(),
        }
    }
}

/// Reads a response's body to its end, or to the error that ends it early: the bytes that
/// came, and the error if any. A body that arrives in one chunk is not copied.
pub(crate) async fn read_partial(
    response: &mut reqwest::Response,
) -> (Bytes, Option<reqwest::Error>) {
    let mut body = Chunks::default();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => body.push(chunk),
            end => return (body.finish(), end.err()),
        }
    }
}

/// A 2xx answer read to its end (status and headers moved into the returned value, not
/// copied), or the [`ErrorKind::InvalidResponse`](crate::ErrorKind) error of an answer that
/// broke off (the provider has the request: outcome unknown).
async fn success_body<E>(
    operation: &'static str,
    mut response: reqwest::Response,
) -> Result<(ResponseValue<()>, Bytes), Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    match read_partial(&mut response).await {
        (body, None) => Ok((ResponseValue::new((), status, headers), body)),
        (partial, Some(e)) => Err(Error::cut_off_answer(
            operation, status, headers, partial, e,
        )),
    }
}

/// Maps a progenitor error (the generated clients declare no error responses, so every error
/// status arrives as `UnexpectedResponse` with its body unread).
pub async fn from_progenitor<E: DeserializeOwned>(
    operation: &'static str,
    error: progenitor_client::Error<()>,
) -> Error<E> {
    use progenitor_client::Error as P;
    match error {
        P::InvalidRequest(why) => Error::invalid_request(operation, why),
        P::Custom(why) => Error::auth(operation, why),
        P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
            Error::transport(operation, e)
        }
        P::ErrorResponse(rv) => {
            Error::api(operation, rv.status(), rv.headers().clone(), Bytes::new())
        }
        P::InvalidResponsePayload(body, e) => {
            Error::invalid_response(operation, None, None, body, e)
        }
        P::UnexpectedResponse(response) => api_error(operation, response).await,
    }
}

/// An error status: reads the body and keeps everything.
///
/// A success status other than the one the spec documents (a 200 where it says 201) is no
/// refusal: the provider accepted the request, and the answer is one the client cannot read,
/// an [`ErrorKind::InvalidResponse`](crate::ErrorKind) error with unknown outcome.
pub async fn api_error<E: DeserializeOwned>(
    operation: &'static str,
    mut response: reqwest::Response,
) -> Error<E> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    if status.is_success() {
        return match read_partial(&mut response).await {
            (body, None) => Error::invalid_response(
                operation,
                Some(status),
                Some(headers),
                body,
                format!("HTTP {status} is not the success status the spec documents"),
            ),
            (partial, Some(e)) => Error::cut_off_answer(operation, status, headers, partial, e),
        };
    }
    match response.bytes().await {
        Ok(body) => Error::api(operation, status, headers, body),
        Err(e) => Error::transport(operation, e).with_outcome_unknown(status.is_server_error()),
    }
}

/// Reads a 2xx body into `T`; a body that is not `T` is an
/// [`ErrorKind::InvalidResponse`](crate::ErrorKind) error (accepted, outcome unknown) keeping
/// status, headers and the raw body.
fn parse<T: DeserializeOwned + std::fmt::Debug, E>(
    operation: &'static str,
    rv: ResponseValue<()>,
    body: Bytes,
) -> Result<ResponseValue<T>, Error<E>> {
    match serde_json::from_slice::<T>(&body) {
        Ok(value) => Ok(with_value(rv, value)),
        Err(e) => {
            let why: &dyn std::fmt::Display = if body.iter().all(u8::is_ascii_whitespace) {
                &"the answer is empty where the spec documents a JSON body"
            } else {
                &e
            };
            Err(Error::invalid_response(
                operation,
                Some(rv.status()),
                Some(rv.headers().clone()),
                body,
                why,
            ))
        }
    }
}

/// The answer's status and headers around `value` (moved, not copied).
fn with_value<T: std::fmt::Debug>(rv: ResponseValue<()>, value: T) -> ResponseValue<T> {
    let Ok(rv) = rv.map::<_, _, std::convert::Infallible>(|()| value);
    rv
}

/// A JSON success body from a progenitor call.
///
/// A 2xx answer that cannot be read (not JSON, cut off, not the documented shape, empty) is an
/// [`ErrorKind::InvalidResponse`](crate::ErrorKind) error: accepted, outcome unknown, with
/// status, headers and the raw body (what arrived of it).
pub async fn json<T: DeserializeOwned + std::fmt::Debug, E: DeserializeOwned>(
    operation: &'static str,
    result: RawResponse,
) -> Result<ResponseValue<T>, Error<E>> {
    match result {
        Ok(rv) => {
            let (rv, body) = success_body(operation, rv).await?;
            parse(operation, rv, body)
        }
        Err(e) => Err(Box::pin(from_progenitor(operation, e)).await),
    }
}

/// A JSON success body from a progenitor call, unless the body itself says the call failed.
///
/// Some providers answer HTTP 2xx with the failure inside the body (Onextel:
/// `{"status": false, "code": 101, ...}`). The spec marks such a success response with
/// `x-waba-failure-when: {pointer, equals}`; when the JSON value at `pointer` equals `failure`
/// (a JSON literal, such as `false`), the answer is an [`ErrorKind::Api`](crate::ErrorKind::Api)
/// error keeping status, headers and raw body, with the provider's error body parsed.
///
/// A 2xx answer that cannot be read is an [`ErrorKind::InvalidResponse`](crate::ErrorKind)
/// error whose outcome is unknown but that is not [accepted](Error::is_accepted): the body
/// that would have said whether the provider refused the request cannot be read.
pub async fn json_unless<T: DeserializeOwned + std::fmt::Debug, E: DeserializeOwned>(
    operation: &'static str,
    result: RawResponse,
    pointer: &str,
    failure: &str,
) -> Result<ResponseValue<T>, Error<E>> {
    match result {
        Ok(rv) => {
            let (rv, body) = success_body(operation, rv)
                .await
                .map_err(|e| e.with_accepted(false))?;
            if is_failure(&body, pointer, failure) {
                return Err(Error::api(
                    operation,
                    rv.status(),
                    rv.headers().clone(),
                    body,
                ));
            }
            parse(operation, rv, body).map_err(|e| e.with_accepted(false))
        }
        Err(e) => Err(Box::pin(from_progenitor(operation, e))
            .await
            .with_accepted(false)),
    }
}

/// True when `body` is JSON whose value at `pointer` equals the JSON literal `failure`.
///
/// Only the value at `pointer` is read into a `serde_json::Value`; the rest of the body is
/// checked as JSON and skipped without being built (this runs on every answer of such an
/// operation). Unlike a `Value`, a skipped number too large for an `f64` is no error.
pub fn is_failure(body: &[u8], pointer: &str, failure: &str) -> bool {
    let Ok(expected) = serde_json::from_str::<serde_json::Value>(failure) else {
        return false;
    };
    // `true`, `false`, `null` and an integer are written in JSON only as their own text (an
    // exponent or a fraction makes a float, which a `Value` holds apart from an integer): a
    // body without that text cannot carry the flag, and most answers are successes.
    let plain =
        expected.is_boolean() || expected.is_null() || expected.is_i64() || expected.is_u64();
    if plain && !crate::rules::contains(body, failure.trim().as_bytes()) {
        return false;
    }
    // A JSON pointer (RFC 6901): empty, or `/`-separated tokens with `~1` for `/`, `~0` for `~`.
    let tokens: Vec<String> = match pointer {
        "" => Vec::new(),
        p if p.starts_with('/') => p[1..]
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
        _ => return false,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let found = serde::de::DeserializeSeed::deserialize(At(&tokens), &mut de);
    matches!(found, Ok(Some(v)) if v == expected) && de.end().is_ok()
}

/// Reads the value at a pointer's tokens into a `Value`, skipping everything else; `None` when
/// the pointer leads nowhere. Duplicate keys: the last one counts, as in a `Value`.
struct At<'p>(&'p [String]);

impl<'de> serde::de::DeserializeSeed<'de> for At<'_> {
    type Value = Option<serde_json::Value>;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        match self.0 {
            [] => serde::Deserialize::deserialize(de).map(Some),
            _ => de.deserialize_any(self),
        }
    }
}

/// A map key, compared with a token without being kept.
struct KeyIs<'p>(&'p str);

impl<'de> serde::de::DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<bool, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

impl<'de> serde::de::Visitor<'de> for At<'_> {
    type Value = Option<serde_json::Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (first, rest) = self.0.split_first().expect("a non-empty pointer");
        let mut found = None;
        while let Some(hit) = map.next_key_seed(KeyIs(first))? {
            if hit {
                found = map.next_value_seed(At(rest))?;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let (first, rest) = self.0.split_first().expect("a non-empty pointer");
        // An array index is digits without a leading zero (RFC 6901).
        let index = (first == "0" || !first.starts_with('0'))
            .then(|| first.parse::<usize>().ok())
            .flatten();
        let mut found = None;
        let mut i = 0usize;
        loop {
            if Some(i) == index {
                match seq.next_element_seed(At(rest))? {
                    Some(value) => found = value,
                    None => break,
                }
            } else if seq.next_element::<serde::de::IgnoredAny>()?.is_none() {
                break;
            }
            i += 1;
        }
        Ok(found)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A success body that is JSON or empty (for operations whose spec marks the success response
/// `x-waba-may-be-empty`): an empty (or all-whitespace) body is `None`, anything else must parse.
pub async fn json_or_empty<T: DeserializeOwned + std::fmt::Debug, E: DeserializeOwned>(
    operation: &'static str,
    result: RawResponse,
) -> Result<ResponseValue<Option<T>>, Error<E>> {
    match result {
        Ok(rv) => {
            let (rv, body) = success_body(operation, rv).await?;
            if body.iter().all(u8::is_ascii_whitespace) {
                return Ok(with_value(rv, None));
            }
            let value = parse::<T, E>(operation, rv, body)?;
            let Ok(value) = value.map::<_, _, std::convert::Infallible>(Some);
            Ok(value)
        }
        Err(e) => Err(Box::pin(from_progenitor(operation, e)).await),
    }
}

/// A streamed success body from a progenitor call.
pub async fn stream<E: DeserializeOwned>(
    operation: &'static str,
    result: Raw<ByteStream>,
) -> Result<ResponseValue<ByteStream>, Error<E>> {
    match result {
        Ok(rv) => Ok(rv),
        Err(e) => Err(Box::pin(from_progenitor(operation, e)).await),
    }
}

/// An empty success body from a progenitor call.
pub async fn empty<E: DeserializeOwned>(
    operation: &'static str,
    result: Raw<()>,
) -> Result<ResponseValue<()>, Error<E>> {
    match result {
        Ok(rv) => Ok(rv),
        Err(e) => Err(Box::pin(from_progenitor(operation, e)).await),
    }
}

/// A JSON success body from a request the xtask built itself (multipart); a 2xx answer that
/// cannot be read is handled as in [`json`].
pub async fn from_reqwest<T: DeserializeOwned + std::fmt::Debug, E: DeserializeOwned>(
    operation: &'static str,
    result: reqwest::Result<reqwest::Response>,
) -> Result<ResponseValue<T>, Error<E>> {
    let response = result.map_err(|e| Error::transport(operation, e))?;
    if !response.status().is_success() {
        return Err(Box::pin(api_error(operation, response)).await);
    }
    let (rv, body) = success_body(operation, response).await?;
    parse(operation, rv, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_flag_is_found_only_where_the_spec_points() {
        assert!(is_failure(
            br#"{"status": false, "code": 101}"#,
            "/status",
            "false"
        ));
        assert!(!is_failure(
            br#"{"status": true, "code": 100}"#,
            "/status",
            "false"
        ));
        assert!(!is_failure(br#"{"code": 101}"#, "/status", "false"));
        assert!(!is_failure(br#"{"status": "false"}"#, "/status", "false"));
        assert!(!is_failure(b"not json", "/status", "false"));
        assert!(is_failure(br#"{"a": {"ok": 0}}"#, "/a/ok", "0"));
    }

    #[test]
    fn the_failure_probe_agrees_with_a_value_and_its_pointer() {
        let bodies: [&[u8]; 14] = [
            br#"{"status": false, "code": 101, "data": {"list": [1, {"x": "y"}]}}"#,
            // The literal's text without the literal (a float, a string): no failure.
            br#"{"code": 1.01e2, "status": "false", "data": {"list": [-0, 0.0]}}"#,
            br#"{"note": "false, null, 101", "status": true}"#,
            br#"{"status":false,"code":-101}"#,
            br#"{"code": 101, "status": true, "status": false}"#,
            br#"{"data": {"list": [0, {"ok": null}]}, "a/b": 1, "m~n": 2}"#,
            br#"{"data": {"list": []}}"#,
            br#"[{"status": false}]"#,
            br#"{"status": false} trailing"#,
            br#"{"status": false"#,
            br#"{"status": fals}"#,
            br#""status""#,
            br#"{"": {"": false}}"#,
            b"",
        ];
        let probes = [
            ("/status", "false"),
            ("/code", "101"),
            ("/data/list/1/x", "\"y\""),
            ("/data/list/1/ok", "null"),
            ("/data/list/01", "0"),
            ("/data/list/0", "0"),
            ("/a~1b", "1"),
            ("/m~0n", "2"),
            ("/0/status", "false"),
            ("//", "false"),
            ("", r#"{"": {"": false}}"#),
            ("status", "false"),
            ("/code", "-101"),
            ("/data/list/0", "-0"),
        ];
        for body in bodies {
            for (pointer, failure) in probes {
                let expected: serde_json::Value = serde_json::from_str(failure).unwrap();
                let by_value = serde_json::from_slice::<serde_json::Value>(body)
                    .ok()
                    .is_some_and(|v| v.pointer(pointer) == Some(&expected));
                assert_eq!(
                    is_failure(body, pointer, failure),
                    by_value,
                    "{} at {pointer:?} = {failure}",
                    String::from_utf8_lossy(body)
                );
            }
        }
        // The one difference: a skipped number too large for an f64 fails a `Value`, not the
        // probe. The flag is there, so the answer is the provider's refusal.
        assert!(is_failure(
            br#"{"status": false, "big": 1e400}"#,
            "/status",
            "false"
        ));
    }

    #[allow(clippy::result_large_err)] // the type the generated code hands over
    fn answer(body: &'static str) -> RawResponse {
        let response = http::Response::builder()
            .status(200)
            .header("x-request-id", "r-1")
            .body(body)
            .expect("a valid response");
        Ok(reqwest::Response::from(response))
    }

    #[tokio::test]
    async fn json_or_empty_reads_nothing_as_none_and_json_as_some() {
        let none = json_or_empty::<serde_json::Value, ()>("op", answer(""))
            .await
            .unwrap();
        assert!(none.is_none());
        assert_eq!(none.headers()["x-request-id"], "r-1");
        assert!(
            json_or_empty::<serde_json::Value, ()>("op", answer(" \r\n"))
                .await
                .unwrap()
                .is_none()
        );
        let some = json_or_empty::<serde_json::Value, ()>("op", answer(r#"{"a":1}"#))
            .await
            .unwrap();
        assert_eq!(*some, Some(serde_json::json!({"a": 1})));
    }

    #[tokio::test]
    async fn json_or_empty_refuses_a_body_that_is_not_the_type() {
        let err = json_or_empty::<Vec<u8>, ()>("op", answer("not json"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidResponse);
        assert_eq!(err.body(), Some(&b"not json"[..]));
    }
}
