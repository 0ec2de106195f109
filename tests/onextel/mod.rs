//! Onextel 365cx.io: requests, login and tokens, in-body failures and delivery events against
//! local mock servers.

mod auth;
mod errors;
mod requests;
mod webhooks;

use httpmock::{Mock, MockServer};
use serde_json::{Value, json};
use waba_onextel::Client;
use waba_onextel::mock::MockServerExt;

/// The login the tests use; the login mock only answers this form.
pub const EMAIL: &str = "ops@example.com";
/// The password the tests use.
pub const PASSWORD: &str = "correct-horse-battery-staple";
/// The token the login mock hands out.
pub const TOKEN: &str = "VFl6Zz6ZMezrz+12+8CqIHRZdt3Ka9QwLm2Pn5Rs7Tu";

/// A client pointed at the mock server, logging in with [`EMAIL`] and [`PASSWORD`].
pub fn client(server: &MockServer) -> Client {
    Client::builder(EMAIL, PASSWORD)
        .base_url(server.base_url())
        .build()
        .expect("client builds")
}

/// The document's login success answer, handing out `token`.
pub fn login_answer(token: &str) -> Value {
    let mut answer = waba_workspace_tests::response_example("onextel", "generate_token", "200");
    answer["response"]["token"] = json!(token);
    answer
}

/// A login mock that accepts exactly the form-encoded [`EMAIL`] and [`PASSWORD`] and answers
/// with `token`.
pub fn login<'a>(server: &'a MockServer, token: &str) -> Mock<'a> {
    let answer = login_answer(token);
    server.generate_token(|when, then| {
        when.into_inner()
            .header("content-type", "application/x-www-form-urlencoded")
            .header_missing("authentication-token")
            .form_urlencoded_tuple("email", EMAIL)
            .form_urlencoded_tuple("password", PASSWORD)
            .form_urlencoded_tuple_missing("longTermToken");
        then.into_inner().status(200).json_body(answer);
    })
}

/// The document's send success answer.
pub fn sent_answer() -> Value {
    waba_workspace_tests::response_example("onextel", "send_message", "200")
}

/// Snapshots a request body under `snapshots/onextel/<name>.snap`.
pub fn snapshot(name: &str, body: &Value) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/../snapshots/onextel"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_json_snapshot!(name, body);
    });
}
