//! The provider-neutral API of `waba`: the same neutral messages through every provider,
//! compared with each provider's documented bodies and snapshotted under
//! `snapshots/facade/<provider>/`; every provider's documented webhook payloads as neutral
//! events; unsupported combinations refused before sending; configuration.

mod capabilities;
mod channel360;
mod checks;
mod config;
mod contents;
mod custom;
mod desk360;
mod dialog360;
mod double;
mod errors;
mod events;
mod failover;
mod mehery;
mod onextel;

use httpmock::MockServer;
use serde_json::Value;
use waba::{Media, Template};

/// The recipient of the shared neutral messages.
pub const TO: &str = "+4915112345678";
/// The text of the shared neutral text message.
pub const TEXT: &str = "Hello from waba";

/// The shared neutral template: a reference, a language and two body parameters.
pub fn template() -> Template {
    Template::new("order_update")
        .language("en_US")
        .body(["Anna", "#10234"])
}

/// The shared neutral media messages, one per kind, with a caption.
pub fn media() -> Vec<Media> {
    vec![
        Media::image("https://example.com/cat.jpg").caption("A cat"),
        Media::video("https://example.com/clip.mp4").caption("A clip"),
        Media::document("https://example.com/invoice.pdf").caption("Your invoice"),
        Media::audio("https://example.com/note.ogg"),
    ]
}

pub use waba_workspace_tests::Seen;

/// A mock for `method path` that records the request and answers `status` with `answer`
/// (no body when `answer` is `Value::Null`).
pub fn recording<'a>(
    server: &'a MockServer,
    method: &str,
    path: &str,
    status: u16,
    answer: Value,
) -> (httpmock::Mock<'a>, Seen) {
    let (seen, record) = waba_workspace_tests::recorder();
    let mock = server.mock(|when, then| {
        when.method(method).path(path).is_true(record);
        let then = then.status(status);
        if !answer.is_null() {
            then.json_body(answer);
        }
    });
    (mock, seen)
}

/// An error as a reporter prints it: each level of its `source()` chain, joined by `: `.
pub fn report(error: &dyn std::error::Error) -> String {
    waba::report(error)
}

/// The JSON body a recording mock saw.
pub fn seen_json(seen: &Seen) -> Value {
    let (content_type, body) = seen.lock().unwrap().clone().expect("a request was seen");
    assert!(
        content_type.starts_with("application/json"),
        "expected JSON, got {content_type}"
    );
    serde_json::from_slice(&body).expect("the body is JSON")
}

/// Snapshots what a provider received under `snapshots/facade/<provider>/<name>.snap`.
pub fn snapshot(provider: &str, name: &str, body: &Value) {
    insta::with_settings!({
        snapshot_path => format!("{}/../snapshots/facade/{provider}", env!("CARGO_MANIFEST_DIR")),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!(name, body);
    });
}
