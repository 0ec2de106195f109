//! Mehery XMS: requests, responses, errors, schema examples and inbound calls against local
//! mock servers.

mod errors;
mod requests;
mod schemas;
mod webhooks;

use httpmock::MockServer;
use waba_mehery::Client;

/// The API key and id the tests use; the mocks only answer requests that carry them.
pub const KEY: &str = "test-mehery-key-51c2e8";
pub const ID: &str = "test-mehery-id-0a9d";

/// A client pointed at the mock server, sending both credentials.
pub fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .api_id(ID)
        .base_url(server.base_url())
        .build()
        .expect("client builds")
}

/// Snapshots a request body under `snapshots/mehery/<name>.snap`.
pub fn snapshot(name: &str, body: &serde_json::Value) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../snapshots/mehery"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!(name, body);
    });
}
