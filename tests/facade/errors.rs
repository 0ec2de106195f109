//! The neutral `Error` as a reporter prints it: the whole `source()` chain, each level saying
//! only its own part, for every variant (and the runtime errors under `Request`); and the
//! kind each failure is.

use std::time::Duration;

use httpmock::MockServer;
use serde_json::json;
use waba::{Client, ConfigError, Error, ErrorKind, HeaderMap, Provider, RetryPolicy, Webhook};

use super::TO;

/// Each level of the chain, top first.
fn chain(error: &Error) -> Vec<String> {
    let mut levels = vec![error.to_string()];
    let mut next = std::error::Error::source(error);
    while let Some(level) = next {
        levels.push(level.to_string());
        next = level.source();
    }
    levels
}

/// The parts of a level's text: split where a reporter's or a message's clauses meet.
fn parts(text: &str) -> Vec<String> {
    text.split([':', ';', ',', '(', ')'])
        .map(|p| p.trim().to_ascii_lowercase())
        .filter(|p| p.len() >= 8)
        .collect()
}

/// No level repeats another's text, nor any clause of it.
fn assert_says_nothing_twice(name: &str, error: &Error) {
    let levels = chain(error);
    let report = levels.join(": ");
    for (i, a) in levels.iter().enumerate() {
        for b in levels.iter().skip(i + 1) {
            assert!(
                !a.contains(b.as_str()) && !b.contains(a.as_str()),
                "{name}: a level repeats another: {report}"
            );
            for part in parts(a) {
                assert!(
                    !parts(b).contains(&part),
                    "{name}: `{part}` is said twice: {report}"
                );
            }
        }
    }
}

fn d360(base: &str) -> Client {
    Client::builder(Provider::Dialog360)
        .api_key("test-d360-key-errors")
        .base_url(base)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("builds")
}

fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = listener.local_addr().expect("an address").port();
    format!("http://127.0.0.1:{port}")
}

/// A 360dialog send that `server` answers with `status` and `body`.
async fn answer(server: &MockServer, status: u16, body: serde_json::Value) -> Error {
    let mock = server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(status).json_body(body);
    });
    let err = d360(&server.base_url())
        .send_text(TO, "Hi")
        .await
        .unwrap_err();
    mock.delete_async().await;
    err
}

/// One error of every variant, and of every kind a request fails with.
async fn every_error() -> Vec<(&'static str, Error, ErrorKind)> {
    let server = MockServer::start_async().await;
    let mut errors = Vec::new();
    let meta = |code: i64, message: &str| json!({"error": {"message": message, "code": code}});
    errors.push((
        "400",
        answer(&server, 400, meta(131026, "Message undeliverable")).await,
        ErrorKind::Rejected,
    ));
    errors.push((
        "401",
        answer(&server, 401, meta(190, "Invalid OAuth access token")).await,
        ErrorKind::Auth,
    ));
    errors.push((
        "429",
        answer(&server, 429, json!({"error": "too many"})).await,
        ErrorKind::RateLimited,
    ));
    errors.push((
        "500",
        answer(&server, 500, json!({"error": "internal"})).await,
        ErrorKind::OutcomeUnknown,
    ));
    errors.push((
        "unreadable 200",
        answer(&server, 200, json!("<html>accepted</html>")).await,
        ErrorKind::OutcomeUnknown,
    ));
    let unavailable = server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(503).header("Retry-After", "5");
    });
    errors.push((
        "503 with Retry-After",
        d360(&server.base_url())
            .send_text(TO, "Hi")
            .await
            .unwrap_err(),
        ErrorKind::Unavailable,
    ));
    unavailable.delete_async().await;
    let slow = server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(200).delay(Duration::from_secs(2));
    });
    errors.push((
        "timeout",
        d360(&server.base_url())
            .send_text(TO, "Hi")
            .await
            .unwrap_err(),
        ErrorKind::OutcomeUnknown,
    ));
    slow.delete_async().await;
    errors.push((
        "connection refused",
        d360(&closed_port()).send_text(TO, "Hi").await.unwrap_err(),
        ErrorKind::Transport,
    ));
    errors.push((
        "unsupported",
        d360(&server.base_url())
            .send_media(
                TO,
                &waba::Media::audio("https://example.com/a.ogg").caption("Hi"),
            )
            .await
            .unwrap_err(),
        ErrorKind::Unsupported,
    ));
    errors.push((
        "invalid argument",
        d360(&server.base_url())
            .send_text(TO, &"x".repeat(5000))
            .await
            .unwrap_err(),
        ErrorKind::InvalidArgument,
    ));
    let build = Client::builder(Provider::Dialog360)
        .api_key("k")
        .base_url("http://example.com")
        .build()
        .unwrap_err();
    assert!(matches!(build, ConfigError::Build { .. }), "{build:?}");
    errors.push(("config (build)", Error::from(build), ErrorKind::Config));
    let webhook = Webhook::builder(Provider::Mehery)
        .verify_token("test-verify-token-9c2e")
        .build()
        .expect("builds");
    let mut headers = HeaderMap::new();
    headers.insert("x-verify-token", "wrong".parse().unwrap());
    errors.push((
        "webhook refused",
        webhook.events(&headers, b"{}").unwrap_err(),
        ErrorKind::Webhook,
    ));
    headers.insert("x-verify-token", "test-verify-token-9c2e".parse().unwrap());
    errors.push((
        "webhook malformed",
        webhook.events(&headers, b"{not json").unwrap_err(),
        ErrorKind::Webhook,
    ));
    errors.push((
        "backend",
        Error::not_sent(
            Provider::Custom("acme"),
            std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "acme is down"),
        ),
        ErrorKind::Transport,
    ));
    let failover = Client::failover([d360(&closed_port()), d360(&closed_port())]);
    errors.push((
        "failover",
        failover.send_text(TO, "Hi").await.unwrap_err(),
        ErrorKind::FailoverExhausted,
    ));
    errors
}

#[tokio::test]
async fn the_source_chain_says_each_part_once_for_every_variant() {
    for (name, error, _) in every_error().await {
        assert_says_nothing_twice(name, &error);
    }
}

#[tokio::test]
async fn each_failure_has_the_kind_callers_decide_on() {
    for (name, error, kind) in every_error().await {
        assert_eq!(error.kind(), kind, "{name}: {error:?}");
        assert_eq!(error.is_not_sent(), kind.is_not_sent(), "{name}");
        assert_eq!(
            error.is_outcome_unknown(),
            kind == ErrorKind::OutcomeUnknown,
            "{name}"
        );
        assert!(
            !(error.is_not_sent() && error.is_outcome_unknown()),
            "{name}: both"
        );
        assert_eq!(
            error.is_rate_limited(),
            kind == ErrorKind::RateLimited,
            "{name}"
        );
        // Nothing of the chain is lost: the details are under the top line.
        let report = chain(&error).join(": ");
        if let Some(provider) = error.provider() {
            assert!(report.contains(provider.name()), "{name}: {report}");
        }
    }
}

#[tokio::test]
async fn the_details_of_a_refusal_are_in_the_chain_and_retry_after_is_kept() {
    let errors = every_error().await;
    let find = |name: &str| &errors.iter().find(|(n, ..)| *n == name).expect(name).1;
    let report = chain(find("400")).join(": ");
    assert!(report.contains("Message undeliverable"), "{report}");
    assert!(
        report.starts_with("360dialog refused the message: "),
        "{report}"
    );
    let report = chain(find("invalid argument")).join(": ");
    assert!(
        report.contains("`text.body`"),
        "the field is named: {report}"
    );
    assert_eq!(
        find("503 with Retry-After").retry_after(),
        Some(Duration::from_secs(5))
    );
    assert_eq!(find("400").retry_after(), None);
}
