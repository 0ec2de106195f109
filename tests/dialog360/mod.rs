//! 360dialog: requests, responses, errors, media and webhooks against local mock servers.

mod errors;
mod fast_path;
mod fuzz;
mod interactive;
mod media;
mod realworld_errors;
mod realworld_requests;
mod realworld_webhooks;
mod requests;
mod templates;
mod validation;
mod webhooks;

use httpmock::MockServer;
use waba_dialog360::Client;

/// The API key the tests use; the mocks only answer requests that carry it.
pub const KEY: &str = "test-d360-key-7f3a9c";

/// A client pointed at the mock server.
pub fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(server.base_url())
        .build()
        .expect("client builds")
}

/// Snapshots a request body under `snapshots/dialog360/<name>.snap`.
pub fn snapshot(name: &str, body: &serde_json::Value) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../snapshots/dialog360"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!(name, body);
    });
}

/// The JSON of every item a Cloud body holds, in event order: the arrays named `keys`
/// (`messages`, `statuses`, `errors`) of each `messages` change, and every other change whole.
pub fn cloud_items(body: &serde_json::Value, keys: &[&str]) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for entry in body["entry"].as_array().into_iter().flatten() {
        for change in entry["changes"].as_array().into_iter().flatten() {
            if change["field"] == "messages" {
                for key in keys {
                    out.extend(
                        change["value"][*key]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .cloned(),
                    );
                }
            } else {
                out.push(change.clone());
            }
        }
    }
    out
}
