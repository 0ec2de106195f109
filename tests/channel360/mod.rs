//! Channel360: every documented request reproduced through the typed API, every documented
//! answer parsed, multipart bodies checked part by part, errors typed.

mod errors;
mod requests;
mod responses;

use httpmock::MockServer;
use serde_json::Value;
use waba_channel360::Client;

/// The JWT the tests use; the mocks only answer requests that carry it as a Bearer token.
pub const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";
/// The organisation the client is built for (the list example's organisation).
pub const ORG: &str = "659039655cf56a8df0c8908";
/// The `Authorization` header every request must carry.
pub const BEARER: &str = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";

/// A client for [`ORG`] pointed at the mock server.
pub fn client(server: &MockServer) -> Client {
    Client::builder(JWT, ORG)
        .base_url(server.base_url())
        .build()
        .expect("client builds")
}

/// Snapshots a request body under `snapshots/channel360/<name>.snap`.
pub fn snapshot(name: &str, body: &Value) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../snapshots/channel360"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!(name, body);
    });
}

/// Every named example of an operation's 2xx answer: (name, value).
pub fn response_examples(operation_id: &str) -> Vec<(String, Value)> {
    let spec = waba_workspace_tests::spec("channel360");
    let op = waba_workspace_tests::operation(&spec, operation_id);
    let responses = op["responses"].as_object().expect("responses");
    let (_, ok) = responses
        .iter()
        .find(|(code, _)| code.starts_with('2'))
        .expect("a 2xx response");
    ok["content"]["application/json"]["examples"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v["value"].clone()))
                .collect()
        })
        .unwrap_or_default()
}
