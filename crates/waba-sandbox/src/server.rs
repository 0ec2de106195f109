//! The axum router: provider routes and the `/_sandbox/` control endpoints.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, State as AxumState};
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::Provider;
use crate::data::{self, Operation, Route, Spec};
use crate::form::{self, Field, FieldValue};

/// The largest body the sandbox reads (Desk360 files go up to 20 MB each).
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// One request the sandbox received.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The provider whose prefix the path starts with; `None` for an unknown prefix.
    #[serde(default, with = "data::provider_id::option")]
    pub provider: Option<Provider>,
    /// The documented operation it matched; `None` when none.
    pub operation: Option<String>,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path below the provider's prefix (the spec's path).
    pub path: String,
    /// The query string, without `?`; empty when none.
    pub query: String,
    /// Every header, lower-case names; credentials (the provider's API key or token,
    /// `authorization`, `x-api-id`, `x-verify-token`, cookies) as `<redacted>`.
    pub headers: BTreeMap<String, String>,
    /// The body: JSON as JSON (fields named like passwords redacted), a form as the JSON it
    /// reads as (files as their names), other text as a string, nothing as `null`.
    pub body: Value,
}

/// A change to the next answers of one operation, queued with `POST /_sandbox/overrides`.
///
/// ```json
/// {"provider": "dialog360", "operation": "send_message", "status": 401, "times": 1}
/// {"provider": "desk360", "operation": "list_integrations", "retry_after": 2}
/// {"provider": "mehery", "operation": "send_message", "delay_ms": 3000}
/// ```
///
/// `delay_ms` waits before answering (then answers as usual, or as the other fields say);
/// `retry_after` answers 429 with `Retry-After` (seconds) and the documented 429 body, or
/// the documented error shape; `status` (or `error`, the example's name) answers that
/// documented error example. `times` (default 1) is how many matching requests it applies to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Override {
    /// The provider.
    #[serde(with = "data::provider_id")]
    pub provider: Provider,
    /// The operation id.
    pub operation: String,
    /// A documented error example's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// A documented error example's name (instead of `status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A wait before answering, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// A 429 with this `Retry-After`, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// How many matching requests it applies to (default 1).
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

impl Override {
    /// An override of the next request of `provider`'s `operation` that changes nothing yet:
    /// set one of the fields.
    pub fn new(provider: Provider, operation: impl Into<String>) -> Override {
        Override {
            provider,
            operation: operation.into(),
            status: None,
            error: None,
            delay_ms: None,
            retry_after: None,
            times: 1,
        }
    }
}

/// A webhook delivery asked for with `POST /_sandbox/deliver`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Delivery {
    /// Whose payload.
    #[serde(with = "data::provider_id")]
    pub provider: Provider,
    /// The documented payload's name (`GET /_sandbox/payloads` lists them); default the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Where to post it.
    pub url: String,
    /// Headers to send: the headers registered with the webhook (360dialog, Desk360 echo
    /// them), Mehery's `x-verify-token`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

pub(crate) struct State {
    specs: Vec<(Provider, Spec)>,
    inner: Mutex<Inner>,
    http: reqwest::Client,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Inner {
    requests: Vec<RecordedRequest>,
    overrides: Vec<Override>,
    tokens: HashSet<(Provider, String)>,
    issued: u64,
}

impl State {
    pub(crate) fn new(specs: Vec<(Provider, Spec)>) -> State {
        waba_runtime::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap_or_default();
        State {
            specs,
            inner: Mutex::new(Inner::default()),
            http,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    pub(crate) fn clear_requests(&self) {
        self.lock().requests.clear();
    }

    /// Forgets the tokens issued for `only` (every provider when `None`); how many.
    pub(crate) fn expire_tokens(&self, only: Option<Provider>) -> usize {
        let mut inner = self.lock();
        let before = inner.tokens.len();
        inner.tokens.retain(|(p, _)| only.is_some_and(|o| o != *p));
        before - inner.tokens.len()
    }

    /// Queues an override after checking that it names a served provider, a documented
    /// operation and a documented error.
    pub(crate) fn add_override(&self, o: Override) -> Result<(), String> {
        let Some(spec) = self.spec(o.provider) else {
            return Err(format!("{} is not served", o.provider.id()));
        };
        let Some(op) = spec.operation(&o.operation) else {
            return Err(format!("{} has no operation `{}`", spec.label, o.operation));
        };
        if let Some(name) = &o.error
            && !op.errors.iter().any(|e| &e.name == name)
        {
            return Err(format!(
                "`{}` documents no error example `{name}`",
                o.operation
            ));
        }
        if let Some(status) = o.status
            && !op.errors.iter().any(|e| e.status == status)
        {
            let documented: Vec<String> = op
                .errors
                .iter()
                .map(|e| format!("{} ({})", e.status, e.name))
                .collect();
            return Err(format!(
                "`{}` documents no error example with status {status} (documented: {})",
                o.operation,
                documented.join(", ")
            ));
        }
        if o.status.is_none()
            && o.error.is_none()
            && o.delay_ms.is_none()
            && o.retry_after.is_none()
        {
            return Err(
                "an override needs one of `status`, `error`, `delay_ms`, `retry_after`".into(),
            );
        }
        if o.times == 0 {
            return Err("`times` must be at least 1".into());
        }
        self.lock().overrides.push(o);
        Ok(())
    }

    fn spec(&self, provider: Provider) -> Option<&Spec> {
        self.specs
            .iter()
            .find(|(p, _)| *p == provider)
            .map(|(_, s)| s)
    }
}

pub(crate) fn router(state: Arc<State>) -> Router {
    Router::new()
        .fallback(handle)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn sandbox_error(status: StatusCode, message: impl Into<String>) -> Response {
    json_response(status, &json!({"sandbox_error": message.into()}))
}

async fn handle(AxumState(state): AxumState<Arc<State>>, request: Request<Body>) -> Response {
    let path = request.uri().path().to_string();
    if let Some(control) = path.strip_prefix("/_sandbox/") {
        return control_endpoint(&state, control.to_string(), request).await;
    }
    let trimmed = path.trim_start_matches('/');
    let (first, rest) = match trimmed.find('/') {
        Some(i) => (&trimmed[..i], &trimmed[i..]),
        None => (trimmed, "/"),
    };
    let provider = data::provider_by_id(first);
    let spec = provider.and_then(|p| state.spec(p));
    let (Some(provider), Some(spec)) = (provider, spec) else {
        let served: Vec<String> = state
            .specs
            .iter()
            .map(|(p, _)| format!("/{}", p.id()))
            .collect();
        return json_response(
            StatusCode::NOT_FOUND,
            &json!({
                "sandbox_error": format!("no provider is served at `/{first}`"),
                "served": served,
            }),
        );
    };
    serve(&state, provider, spec, rest.to_string(), request).await
}

fn redacted_headers(headers: &HeaderMap, spec: Option<&Spec>) -> BTreeMap<String, String> {
    let mut secret: Vec<&str> = vec![
        "authorization",
        "proxy-authorization",
        "cookie",
        "x-api-id",
        "x-api-key",
        "x-verify-token",
    ];
    if let Some(spec) = spec {
        secret.extend(spec.credentials.iter().map(|c| c.header.as_str()));
    }
    let mut out = BTreeMap::new();
    for (name, value) in headers {
        let name = name.as_str().to_ascii_lowercase();
        let value = if secret.contains(&name.as_str()) {
            "<redacted>".to_string()
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        out.insert(name, value);
    }
    out
}

/// Fields whose name says they hold a secret, redacted everywhere in a recorded body.
fn redact_body(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let key = k.to_ascii_lowercase();
                if key.contains("password") || key.contains("secret") {
                    *v = Value::String("<redacted>".into());
                } else {
                    redact_body(v);
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(redact_body),
        _ => {}
    }
}

/// The body as read: `Ok(None)` when there is none, the JSON value of a JSON or form body, or
/// an error naming what breaks it.
enum Read {
    Nothing,
    Json(Value),
    Text(String),
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

async fn read_multipart(headers: &HeaderMap, bytes: Bytes) -> Result<Vec<Field>, String> {
    let mut request = Request::new(Body::from(bytes));
    *request.headers_mut() = headers.clone();
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| format!("the multipart body does not read: {}", e.body_text()))?;
    let mut fields = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(format!("the multipart body does not read: {e}")),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let data = field
            .bytes()
            .await
            .map_err(|e| format!("the multipart field `{name}` does not read: {e}"))?;
        let value = match file_name {
            Some(file_name) => FieldValue::File {
                file_name,
                size: data.len(),
            },
            None => FieldValue::Text(String::from_utf8_lossy(&data).into_owned()),
        };
        fields.push(Field { name, value });
    }
    Ok(fields)
}

/// Reads the body the way the operation's content type says; `Err` is a 400's fault.
async fn read_body(
    op: Option<&Operation>,
    headers: &HeaderMap,
    bytes: Bytes,
) -> Result<Read, Fault> {
    if bytes.is_empty() {
        return Ok(Read::Nothing);
    }
    let sent = content_type(headers);
    let body = op.and_then(|o| o.body.as_ref());
    let shape = body.and_then(|b| b.form.as_ref());
    match sent.as_str() {
        "application/json" => serde_json::from_slice(&bytes)
            .map(Read::Json)
            .map_err(|e| Fault::body(format!("the body is not JSON: {e}"))),
        "application/x-www-form-urlencoded" => {
            let fields = form_urlencoded_pairs(&bytes)
                .into_iter()
                .map(|(name, text)| Field {
                    name,
                    value: FieldValue::Text(text),
                })
                .collect();
            form::to_value(fields, shape)
                .map(Read::Json)
                .map_err(Fault::from)
        }
        "multipart/form-data" => {
            let fields = read_multipart(headers, bytes).await.map_err(Fault::body)?;
            form::to_value(fields, shape)
                .map(Read::Json)
                .map_err(Fault::from)
        }
        _ => Ok(Read::Text(String::from_utf8_lossy(&bytes).into_owned())),
    }
}

/// `a=1&b=x%20y` → pairs, `+` as space.
fn form_urlencoded_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    String::from_utf8_lossy(bytes)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// What is wrong with a request: the field's path when one is at fault, and what.
struct Fault {
    path: Option<String>,
    message: String,
}

impl Fault {
    fn body(message: impl Into<String>) -> Fault {
        Fault {
            path: None,
            message: message.into(),
        }
    }
}

impl From<form::FormError> for Fault {
    fn from(e: form::FormError) -> Fault {
        Fault {
            path: Some(e.path),
            message: e.message,
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.path.as_deref() {
            Some(path) if !path.is_empty() => write!(f, "`{path}` {}", self.message),
            Some(_) => write!(f, "the body {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The provider crate's check of a request component (its `json-checks` feature).
fn check_json(provider: Provider, component: &str, value: &Value) -> Option<Result<(), Fault>> {
    let result = match provider {
        Provider::Dialog360 => waba_dialog360::check_json(component, value),
        Provider::Onextel => waba_onextel::check_json(component, value),
        Provider::Channel360 => waba_channel360::check_json(component, value),
        Provider::Mehery => waba_mehery::check_json(component, value),
        Provider::Desk360 => waba_desk360::check_json(component, value),
        // No spec, so never served.
        _ => None,
    }?;
    Some(result.map_err(|e| {
        let e = e.into_inner();
        Fault {
            path: Some(e.path),
            message: e.message,
        }
    }))
}

/// `body` with the message at every `x-waba-error` message pointer that holds a string
/// replaced (at the first pointer that exists when none holds a string), and, where the error
/// lists fields, one item naming `field`.
fn with_message(spec: &Spec, body: &Value, message: &str, field: Option<&str>) -> Value {
    let mut body = body.clone();
    let Some(rule) = &spec.error else {
        return body;
    };
    let strings: Vec<String> = rule
        .message
        .iter()
        .filter(|p| body.pointer(p).is_some_and(Value::is_string))
        .cloned()
        .collect();
    if strings.is_empty() {
        if let Some(pointer) = rule
            .message
            .iter()
            .find(|p| body.pointer(p).is_some())
            .cloned()
        {
            if let Some(slot) = body.pointer_mut(&pointer) {
                *slot = Value::String(message.to_string());
            }
        } else if let (Some(first), Value::Object(map)) = (rule.message.first(), &mut body)
            && let Some(key) = first.strip_prefix('/')
            && !key.contains('/')
        {
            map.insert(key.to_string(), Value::String(message.to_string()));
        }
    }
    for pointer in strings {
        if let Some(slot) = body.pointer_mut(&pointer) {
            *slot = Value::String(message.to_string());
        }
    }
    if let (Some(fields), Some(field)) = (&rule.fields, field)
        && let Some(slot) = body.pointer_mut(&fields.list)
        && let Some(text) = fields.text.first()
    {
        let mut item = Value::Object(Default::default());
        set_pointer(&mut item, &fields.field, Value::String(field.to_string()));
        set_pointer(&mut item, text, Value::String(message.to_string()));
        *slot = Value::Array(vec![item]);
    }
    body
}

/// Sets `/a/b` in an object, creating objects on the way.
fn set_pointer(target: &mut Value, pointer: &str, value: Value) {
    let mut at = target;
    let keys: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for (i, key) in keys.iter().enumerate() {
        if !at.is_object() {
            *at = Value::Object(Default::default());
        }
        let Value::Object(map) = at else { return };
        if i + 1 == keys.len() {
            map.insert((*key).to_string(), value);
            return;
        }
        at = map
            .entry((*key).to_string())
            .or_insert_with(|| Value::Object(Default::default()));
    }
}

fn error_answer(status: u16, body: Value) -> Response {
    json_response(
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        &body,
    )
}

/// The documented 400 example with the message naming what is wrong (and the field, where
/// the error body lists fields).
fn invalid(spec: &Spec, op: &Operation, fault: &Fault) -> Response {
    let message = fault.to_string();
    let message = message.as_str();
    let field = fault.path.as_deref().filter(|p| !p.is_empty());
    let example = op
        .errors
        .iter()
        .find(|e| e.status == 400)
        .or_else(|| op.errors.first());
    let body = match example {
        Some(e) => with_message(spec, &e.body, message, field),
        None => json!({"message": message}),
    };
    error_answer(400, body)
}

/// 401 for a missing credential: a documented 401 example, else one that refuses a token,
/// else the first documented error, the message saying what is missing.
fn unauthenticated(spec: &Spec, op: &Operation, message: &str) -> Response {
    let example = op
        .errors
        .iter()
        .find(|e| e.status == 401)
        .or_else(|| op.errors.iter().find(|e| refuses(spec, &e.body)))
        .or_else(|| op.errors.first());
    let body = match example {
        Some(e) => with_message(spec, &e.body, message, None),
        None => json!({"message": message}),
    };
    error_answer(401, body)
}

/// Whether `body` passes one of the `x-waba-token-refused` body alternatives.
fn refuses(spec: &Spec, body: &Value) -> bool {
    spec.credentials.iter().any(|c| {
        c.refused.bodies.iter().any(|tests| {
            !tests.is_empty()
                && tests
                    .iter()
                    .all(|t| body.pointer(&t.pointer) == Some(&t.equals))
        })
    })
}

/// The provider's answer to a token it did not issue: the first refusing status, with a
/// documented body that refuses a token when the spec says which, else a documented 401 body.
fn token_refused(spec: &Spec, op: &Operation, status: u16, message: &str) -> Response {
    let example = op
        .errors
        .iter()
        .find(|e| refuses(spec, &e.body))
        .or_else(|| op.errors.iter().find(|e| e.status == status))
        .or_else(|| op.errors.first());
    let body = match example {
        Some(e) => with_message(spec, &e.body, message, None),
        None => json!({"message": message}),
    };
    error_answer(status, body)
}

async fn serve(
    state: &State,
    provider: Provider,
    spec: &Spec,
    path: String,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.clone();
    let query = parts.uri.query().unwrap_or("").to_string();
    let headers = parts.headers;
    let bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(e) => return sandbox_error(StatusCode::PAYLOAD_TOO_LARGE, e.to_string()),
    };
    let route = spec.route(method.as_str(), &path);
    let op = match &route {
        Route::Found(op) => Some(*op),
        _ => None,
    };
    let read = read_body(op, &headers, bytes.clone()).await;
    let mut recorded_body = match &read {
        Ok(Read::Json(v)) => v.clone(),
        Ok(Read::Text(t)) => Value::String(t.clone()),
        Ok(Read::Nothing) => Value::Null,
        Err(_) => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
    };
    redact_body(&mut recorded_body);
    state.lock().requests.push(RecordedRequest {
        provider: Some(provider),
        operation: op.map(|o| o.id.clone()),
        method: method.to_string(),
        path: path.clone(),
        query,
        headers: redacted_headers(&headers, Some(spec)),
        body: recorded_body,
    });

    let op = match route {
        Route::Found(op) => op,
        Route::WrongMethod => {
            return sandbox_error(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{} documents no {method} on `{path}`", spec.label),
            );
        }
        Route::NotFound => {
            let documented: Vec<String> = spec
                .operations
                .iter()
                .map(|o| format!("{} {} ({})", o.method, o.path, o.id))
                .collect();
            return json_response(
                StatusCode::NOT_FOUND,
                &json!({
                    "sandbox_error": format!("{} documents no operation at {method} `{path}`", spec.label),
                    "operations": documented,
                }),
            );
        }
    };

    // Overrides queued for this operation.
    let taken = {
        let mut inner = state.lock();
        let found = inner
            .overrides
            .iter()
            .position(|o| o.provider == provider && o.operation == op.id);
        found.map(|i| {
            let o = inner.overrides[i].clone();
            if inner.overrides[i].times <= 1 {
                inner.overrides.remove(i);
            } else {
                inner.overrides[i].times -= 1;
            }
            o
        })
    };
    if let Some(delay) = taken.as_ref().and_then(|o| o.delay_ms) {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }

    // Credentials.
    if !op.public {
        for credential in &spec.credentials {
            let value = headers
                .get(credential.header.as_str())
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let token = if credential.prefix.is_empty() {
                Some(value)
            } else {
                value
                    .get(..credential.prefix.len())
                    .filter(|p| p.eq_ignore_ascii_case(&credential.prefix))
                    .map(|_| &value[credential.prefix.len()..])
            };
            let token = token.map(str::trim).unwrap_or("");
            if token.is_empty() {
                let shown = if credential.prefix.is_empty() {
                    format!("the `{}` header", credential.header)
                } else {
                    format!(
                        "the `{}` header (`{}<token>`)",
                        credential.header, credential.prefix
                    )
                };
                return unauthenticated(spec, op, &format!("missing credentials: {shown}"));
            }
            if credential.login.is_some()
                && !state.lock().tokens.contains(&(provider, token.to_string()))
            {
                let status = credential.refused.statuses.first().copied().unwrap_or(401);
                return token_refused(
                    spec,
                    op,
                    status,
                    "the token was not issued by this sandbox's login or has expired",
                );
            }
        }
    }

    // Overrides that answer instead of the operation.
    if let Some(o) = &taken {
        if let Some(seconds) = o.retry_after {
            let example = op
                .errors
                .iter()
                .find(|e| e.status == 429)
                .map(|e| e.body.clone())
                .or_else(|| {
                    op.errors.first().map(|e| {
                        with_message(spec, &e.body, "Too many requests (sandbox override)", None)
                    })
                })
                .unwrap_or_else(|| json!({"message": "Too many requests (sandbox override)"}));
            let mut response = error_answer(429, example);
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return response;
        }
        let chosen = if let Some(name) = &o.error {
            op.errors.iter().find(|e| &e.name == name)
        } else if let Some(status) = o.status {
            op.errors.iter().find(|e| e.status == status)
        } else {
            None
        };
        if let Some(e) = chosen {
            return error_answer(e.status, e.body.clone());
        }
    }

    // The body.
    let value = match read {
        Err(fault) => return invalid(spec, op, &fault),
        Ok(Read::Json(v)) => Some(v),
        Ok(Read::Nothing) => None,
        Ok(Read::Text(_)) => {
            if let Some(body) = &op.body {
                return invalid(
                    spec,
                    op,
                    &Fault::body(format!(
                        "the body must be sent as {} (Content-Type: {})",
                        body.content_type,
                        content_type(&headers)
                    )),
                );
            }
            None
        }
    };
    if let Some(body) = &op.body {
        let sent = content_type(&headers);
        let fits = sent == body.content_type
            || (body.json_without_files && sent == "application/json")
            || value.is_none();
        if !fits {
            return invalid(
                spec,
                op,
                &Fault::body(format!(
                    "the body must be sent as {}, not {}",
                    body.content_type, sent
                )),
            );
        }
        match (&value, &body.component) {
            (None, _) if body.required => {
                return invalid(spec, op, &Fault::body("the request body is required"));
            }
            (Some(value), Some(component)) => {
                if let Some(Err(fault)) = check_json(provider, component, value) {
                    return invalid(spec, op, &fault);
                }
            }
            _ => {}
        }
    }

    // The documented answer.
    let status = StatusCode::from_u16(op.success.status).unwrap_or(StatusCode::OK);
    let login = spec
        .credentials
        .iter()
        .find_map(|c| c.login.as_ref().filter(|l| l.operation == op.id));
    match (&op.success.content_type, &op.success.example) {
        (Some(ct), Some(example)) if ct == "application/json" => {
            let mut example = example.clone();
            if let Some(login) = login {
                let token = {
                    let mut inner = state.lock();
                    inner.issued += 1;
                    let token = format!("sandbox-{}-token-{}", provider.id(), inner.issued);
                    inner.tokens.insert((provider, token.clone()));
                    token
                };
                if let Some(slot) = example.pointer_mut(&login.token) {
                    *slot = Value::String(token);
                }
            }
            json_response(status, &example)
        }
        (Some(ct), example) => {
            let body = match example {
                Some(Value::String(s)) => s.clone().into_bytes(),
                Some(v) => v.to_string().into_bytes(),
                None => b"sandbox file content".to_vec(),
            };
            let mut response = (status, body).into_response();
            if let Ok(v) = HeaderValue::from_str(ct) {
                response.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            response
        }
        (None, _) => status.into_response(),
    }
}

async fn control_endpoint(state: &State, name: String, request: Request<Body>) -> Response {
    let method = request.method().clone();
    let uri: Uri = request.uri().clone();
    let bytes = match axum::body::to_bytes(request.into_body(), BODY_LIMIT).await {
        Ok(b) => b,
        Err(e) => return sandbox_error(StatusCode::PAYLOAD_TOO_LARGE, e.to_string()),
    };
    let _ = uri;
    match (method, name.as_str()) {
        (Method::GET, "requests") => {
            let requests = state.requests();
            json_response(
                StatusCode::OK,
                &serde_json::to_value(requests).unwrap_or(Value::Null),
            )
        }
        (Method::DELETE, "requests") => {
            state.clear_requests();
            StatusCode::NO_CONTENT.into_response()
        }
        (Method::POST, "overrides") => {
            let o: Override = match serde_json::from_slice(&bytes) {
                Ok(o) => o,
                Err(e) => {
                    return sandbox_error(StatusCode::BAD_REQUEST, format!("not an override: {e}"));
                }
            };
            match state.add_override(o) {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err(e) => sandbox_error(StatusCode::BAD_REQUEST, e),
            }
        }
        (Method::DELETE, "overrides") => {
            state.lock().overrides.clear();
            StatusCode::NO_CONTENT.into_response()
        }
        (Method::POST, "expire-tokens") => {
            #[derive(Deserialize)]
            struct Expire {
                #[serde(default, with = "data::provider_id::option")]
                provider: Option<Provider>,
            }
            let only = if bytes.is_empty() {
                None
            } else {
                match serde_json::from_slice::<Expire>(&bytes) {
                    Ok(e) => e.provider,
                    Err(e) => {
                        return sandbox_error(
                            StatusCode::BAD_REQUEST,
                            format!("expected {{\"provider\": ...}} or nothing: {e}"),
                        );
                    }
                }
            };
            let expired = state.expire_tokens(only);
            json_response(StatusCode::OK, &json!({"expired": expired}))
        }
        (Method::GET, "payloads") => {
            let list: BTreeMap<&str, Vec<&str>> = state
                .specs
                .iter()
                .map(|(p, s)| {
                    (
                        p.id(),
                        s.webhooks
                            .payloads
                            .iter()
                            .map(|x| x.name.as_str())
                            .collect(),
                    )
                })
                .collect();
            json_response(StatusCode::OK, &json!(list))
        }
        (Method::POST, "deliver") => deliver(state, &bytes).await,
        (method, other) => sandbox_error(
            StatusCode::NOT_FOUND,
            format!(
                "no control endpoint {method} /_sandbox/{other} (GET|DELETE requests, POST|DELETE overrides, POST expire-tokens, GET payloads, POST deliver)"
            ),
        ),
    }
}

async fn deliver(state: &State, bytes: &[u8]) -> Response {
    let d: Delivery = match serde_json::from_slice(bytes) {
        Ok(d) => d,
        Err(e) => return sandbox_error(StatusCode::BAD_REQUEST, format!("not a delivery: {e}")),
    };
    let Some(spec) = state.spec(d.provider) else {
        return sandbox_error(
            StatusCode::BAD_REQUEST,
            format!("{} is not served", d.provider.id()),
        );
    };
    let payload = match &d.payload {
        Some(name) => spec.webhooks.payloads.iter().find(|p| &p.name == name),
        None => spec.webhooks.payloads.first(),
    };
    let Some(payload) = payload else {
        let names: Vec<&str> = spec
            .webhooks
            .payloads
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        return sandbox_error(
            StatusCode::BAD_REQUEST,
            match &d.payload {
                Some(name) => format!(
                    "{} documents no webhook payload `{name}` (documented: {})",
                    spec.label,
                    names.join(", ")
                ),
                None => format!("{} documents no webhook payload", spec.label),
            },
        );
    };
    if let data::Secret::VerifyToken { header } = &spec.webhooks.secret
        && !d.headers.keys().any(|k| k.eq_ignore_ascii_case(header))
    {
        return sandbox_error(
            StatusCode::BAD_REQUEST,
            format!(
                "{} sends its verification token in `{header}`: give it in `headers`",
                spec.label
            ),
        );
    }
    let mut request = state
        .http
        .post(&d.url)
        .header(header::CONTENT_TYPE, "application/json")
        .body(payload.body.to_string());
    for (name, value) in &d.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    match request.send().await {
        Ok(response) => {
            let status = response.status();
            let text = response.text().await.unwrap_or_default();
            json_response(
                StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY),
                &json!({"payload": payload.name, "status": status.as_u16(), "body": text}),
            )
        }
        Err(e) => sandbox_error(
            StatusCode::BAD_GATEWAY,
            format!("the delivery to the URL failed: {}", without_url(&e)),
        ),
    }
}

/// A reqwest error's text without the URL (it may carry a token in its query).
fn without_url(e: &reqwest::Error) -> String {
    let mut e = e.to_string();
    if let Some(i) = e.find(" for url (") {
        e.truncate(i);
    }
    e
}
