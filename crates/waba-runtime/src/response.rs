//! Reading responses: every outcome becomes a typed value or an [`Error`] that keeps status,
//! headers and the raw body.

use bytes::{Bytes, BytesMut};
use progenitor_client::{ByteStream, ResponseValue};
use serde::de::DeserializeOwned;

use crate::Error;

type Raw<T> = Result<ResponseValue<T>, progenitor_client::Error<()>>;

/// Reads a whole byte stream.
pub async fn collect(stream: ByteStream) -> Result<Bytes, reqwest::Error> {
    let mut inner = stream.into_inner();
    let mut buf = BytesMut::new();
    loop {
        let next =
            std::future::poll_fn(|cx| futures_core::Stream::poll_next(inner.as_mut(), cx)).await;
        match next {
            Some(chunk) => buf.extend_from_slice(&chunk?),
            None => return Ok(buf.freeze()),
        }
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
pub async fn api_error<E: DeserializeOwned>(
    operation: &'static str,
    response: reqwest::Response,
) -> Error<E> {
    let status = response.status();
    let headers = response.headers().clone();
    match response.bytes().await {
        Ok(body) => Error::api(operation, status, headers, body),
        Err(e) => Error::transport(operation, e).with_outcome_unknown(status.is_server_error()),
    }
}

fn parse<T: DeserializeOwned, E>(
    operation: &'static str,
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Bytes,
) -> Result<ResponseValue<T>, Error<E>> {
    match serde_json::from_slice::<T>(&body) {
        Ok(value) => Ok(ResponseValue::new(value, status, headers)),
        Err(e) => Err(Error::invalid_response(
            operation,
            Some(status),
            Some(headers),
            body,
            e,
        )),
    }
}

/// A JSON success body from a progenitor call.
pub async fn json<T: DeserializeOwned, E: DeserializeOwned>(
    operation: &'static str,
    result: Raw<ByteStream>,
) -> Result<ResponseValue<T>, Error<E>> {
    match result {
        Ok(rv) => {
            let status = rv.status();
            let headers = rv.headers().clone();
            match collect(rv.into_inner()).await {
                Ok(body) => parse(operation, status, headers, body),
                Err(e) => Err(Error::transport(operation, e)),
            }
        }
        Err(e) => Err(from_progenitor(operation, e).await),
    }
}

/// A JSON success body from a progenitor call, unless the body itself says the call failed.
///
/// Some providers answer HTTP 2xx with the failure inside the body (Onextel:
/// `{"status": false, "code": 101, ...}`). The spec marks such a success response with
/// `x-waba-failure-when: {pointer, equals}`; when the JSON value at `pointer` equals `failure`
/// (a JSON literal, such as `false`), the answer is an [`ErrorKind::Api`](crate::ErrorKind::Api)
/// error keeping status, headers and raw body, with the provider's error body parsed.
pub async fn json_unless<T: DeserializeOwned, E: DeserializeOwned>(
    operation: &'static str,
    result: Raw<ByteStream>,
    pointer: &str,
    failure: &str,
) -> Result<ResponseValue<T>, Error<E>> {
    match result {
        Ok(rv) => {
            let status = rv.status();
            let headers = rv.headers().clone();
            let body = match collect(rv.into_inner()).await {
                Ok(body) => body,
                Err(e) => return Err(Error::transport(operation, e)),
            };
            if is_failure(&body, pointer, failure) {
                return Err(Error::api(operation, status, headers, body));
            }
            parse(operation, status, headers, body)
        }
        Err(e) => Err(from_progenitor(operation, e).await),
    }
}

/// True when `body` is JSON whose value at `pointer` equals the JSON literal `failure`.
pub fn is_failure(body: &[u8], pointer: &str, failure: &str) -> bool {
    let Ok(expected) = serde_json::from_str::<serde_json::Value>(failure) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .is_some_and(|v| v.pointer(pointer) == Some(&expected))
}

/// A success body that is JSON or empty (for operations whose spec marks the success response
/// `x-waba-may-be-empty`): an empty (or all-whitespace) body is `None`, anything else must parse.
pub async fn json_or_empty<T: DeserializeOwned, E: DeserializeOwned>(
    operation: &'static str,
    result: Raw<ByteStream>,
) -> Result<ResponseValue<Option<T>>, Error<E>> {
    match result {
        Ok(rv) => {
            let status = rv.status();
            let headers = rv.headers().clone();
            match collect(rv.into_inner()).await {
                Ok(body) if body.iter().all(u8::is_ascii_whitespace) => {
                    Ok(ResponseValue::new(None, status, headers))
                }
                Ok(body) => {
                    let value = parse::<T, E>(operation, status, headers.clone(), body)?;
                    Ok(ResponseValue::new(
                        Some(value.into_inner()),
                        status,
                        headers,
                    ))
                }
                Err(e) => Err(Error::transport(operation, e)),
            }
        }
        Err(e) => Err(from_progenitor(operation, e).await),
    }
}

/// A streamed success body from a progenitor call.
pub async fn stream<E: DeserializeOwned>(
    operation: &'static str,
    result: Raw<ByteStream>,
) -> Result<ResponseValue<ByteStream>, Error<E>> {
    match result {
        Ok(rv) => Ok(rv),
        Err(e) => Err(from_progenitor(operation, e).await),
    }
}

/// An empty success body from a progenitor call.
pub async fn empty<E: DeserializeOwned>(
    operation: &'static str,
    result: Raw<()>,
) -> Result<ResponseValue<()>, Error<E>> {
    match result {
        Ok(rv) => Ok(rv),
        Err(e) => Err(from_progenitor(operation, e).await),
    }
}

/// A JSON success body from a request the xtask built itself (multipart).
pub async fn from_reqwest<T: DeserializeOwned, E: DeserializeOwned>(
    operation: &'static str,
    result: reqwest::Result<reqwest::Response>,
) -> Result<ResponseValue<T>, Error<E>> {
    let response = result.map_err(|e| Error::transport(operation, e))?;
    if !response.status().is_success() {
        return Err(api_error(operation, response).await);
    }
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| Error::transport(operation, e))?;
    parse(operation, status, headers, body)
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

    #[allow(clippy::result_large_err)] // the type the generated code hands over
    fn answer(body: &'static str) -> Raw<ByteStream> {
        let response = http::Response::builder()
            .status(200)
            .header("x-request-id", "r-1")
            .body(body)
            .expect("a valid response");
        Ok(ResponseValue::stream(reqwest::Response::from(response)))
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
