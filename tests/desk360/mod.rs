//! Desk360: every documented request and response, login and re-login, rate limits,
//! pagination, validation and webhooks, against local mock servers.

mod auth;
mod limits;
mod pages;
mod requests;
mod responses;
mod webhooks;

use httpmock::MockServer;
use serde_json::{Value, json};
use waba_desk360::Client;
use waba_runtime::multipart;

/// The API token the tests use; the mocks only answer requests that carry it.
pub const TOKEN: &str = "1|test-desk360-token-9c2e";
/// The integration the tests send through.
pub const INTEGRATION: &str = "11";

/// A client with a token, pointed at the mock server, without client-side rate limit.
pub fn client(server: &MockServer) -> Client {
    Client::builder_with_token(TOKEN)
        .base_url(server.base_url())
        .without_rate_limit()
        .build()
        .expect("client builds")
}

/// The `Authorization` header the token client sends.
pub fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

/// Snapshots a request under `snapshots/desk360/<name>.snap`.
pub fn snapshot(name: &str, body: &Value) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../snapshots/desk360"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!(name, body);
    });
}

pub use waba_workspace_tests::Seen;

/// A mock of `POST path` (with the token) that records the request and answers `answer`.
pub fn recording_mock<'a>(
    server: &'a MockServer,
    path: &str,
    answer: &Value,
) -> (httpmock::Mock<'a>, Seen) {
    let (seen, record) = waba_workspace_tests::recorder();
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path(path)
            .header("authorization", bearer())
            .is_true(record);
        then.status(200).json_body(answer.clone());
    });
    (mock, seen)
}

/// The parts of a recorded multipart request, sorted by name (the order of form fields does
/// not matter to the provider): text parts as `{"name", "value"}`, file parts as `{"name",
/// "file_name", "content_type", "bytes"}`.
pub fn parts(seen: &Seen) -> Value {
    let (content_type, body) = seen
        .lock()
        .unwrap()
        .clone()
        .expect("a request was received");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let mut parts: Vec<Value> = multipart::parse(&content_type, &body)
        .expect("well-formed multipart")
        .into_iter()
        .map(|p| match p.file_name {
            Some(file_name) => json!({
                "name": p.name,
                "file_name": file_name,
                "content_type": p.content_type,
                "bytes": p.body.len(),
            }),
            None => json!({"name": p.name, "value": String::from_utf8_lossy(&p.body)}),
        })
        .collect();
    parts.sort_by_key(|p| p.to_string());
    Value::Array(parts)
}

/// The parts the document's cURL sample sends, in the shape of [`parts`]: `(name, value)` for
/// text fields, `(name, "@file_name")` for files of `bytes` bytes with `content_type`.
pub fn documented_parts(fields: &[(&str, &str)], content_type: &str, bytes: usize) -> Value {
    let mut parts: Vec<Value> = fields
        .iter()
        .map(|(name, value)| match value.strip_prefix('@') {
            Some(file_name) => json!({
                "name": name,
                "file_name": file_name,
                "content_type": content_type,
                "bytes": bytes,
            }),
            None => json!({"name": name, "value": value}),
        })
        .collect();
    parts.sort_by_key(|p| p.to_string());
    Value::Array(parts)
}
