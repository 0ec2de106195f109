//! A provider of the user's own, written here as a user would write it in their crate: a
//! `Backend` that sends over HTTP (to a mock server), built into a `Client`, and used as a
//! failover member. Only public API of `waba` is used.

use std::time::Duration;

use httpmock::MockServer;
use serde_json::{Value, json};
use waba::{
    Backend, BoxFuture, Capability, Client, Error, ErrorKind, Message, MessageContent, Provider,
    RetryPolicy, Sent, Template,
};

use super::TO;

const ACME: Provider = Provider::Custom("acme");

/// The user's provider: sends text as `POST /send {"to", "text"}` and reads `{"id"}` back.
struct Acme {
    http: reqwest::Client,
    base: String,
}

impl Acme {
    fn new(base: &str) -> Acme {
        Acme {
            http: reqwest::Client::builder()
                .timeout(Duration::from_millis(400))
                .build()
                .expect("a client"),
            base: base.to_string(),
        }
    }
}

impl Backend for Acme {
    fn provider(&self) -> Provider {
        ACME
    }

    fn capabilities(&self) -> &[Capability] {
        &[Capability::Text]
    }

    fn send<'a>(&'a self, to: &'a str, message: &'a Message) -> BoxFuture<'a, Result<Sent, Error>> {
        Box::pin(async move {
            let MessageContent::Text { body } = message.content() else {
                // The client checks capabilities first: only text arrives here.
                return Err(Error::refused_before_sending(ACME, "only text"));
            };
            if body.len() > 1000 {
                return Err(Error::invalid_argument(ACME, "text", "is over 1000 bytes"));
            }
            let answer = self
                .http
                .post(format!("{}/send", self.base))
                // A phone number arrives as its digits: Acme wants it with `+`.
                .json(&json!({"to": format!("+{to}"), "text": body}))
                .send()
                .await;
            let answer = match answer {
                Ok(answer) => answer,
                Err(e) if e.is_connect() => return Err(Error::not_sent(ACME, e)),
                Err(e) => return Err(Error::outcome_unknown(ACME, e)),
            };
            let status = answer.status();
            let wait = answer
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()?.parse().ok())
                .map(Duration::from_secs);
            match status.as_u16() {
                200..=299 => {
                    let json: Value = answer
                        .json()
                        .await
                        .map_err(|e| Error::outcome_unknown(ACME, e))?;
                    let id = json["id"].as_str().map(str::to_string);
                    Ok(Sent::new(ACME, id, json))
                }
                429 => {
                    let error = Error::backend(ACME, ErrorKind::RateLimited, "HTTP 429");
                    Err(match wait {
                        Some(wait) => error.with_retry_after(wait),
                        None => error,
                    })
                }
                401 | 403 => Err(Error::backend(
                    ACME,
                    ErrorKind::Auth,
                    format!("HTTP {status}"),
                )),
                500..=599 => Err(Error::outcome_unknown(ACME, format!("HTTP {status}"))),
                _ => Err(Error::rejected(ACME, format!("HTTP {status}"))),
            }
        })
    }
}

#[tokio::test]
async fn a_backend_of_ones_own_sends_through_the_neutral_client() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method("POST")
            .path("/send")
            .json_body(json!({"to": "+4915112345678", "text": "Hello"}));
        then.status(200).json_body(json!({"id": "acme-42"}));
    });
    let client = Client::from_backend(Acme::new(&server.base_url()));
    assert_eq!(client.provider(), ACME);
    assert_eq!(client.provider().name(), "acme");

    let sent = client
        .send_text(&format!(" {TO} "), "Hello")
        .await
        .expect("sent");
    assert_eq!(sent.provider(), ACME);
    assert_eq!(sent.message_id(), Some("acme-42"));
    assert_eq!(sent.response(), &json!({"id": "acme-42"}));
    assert_eq!(mock.calls_async().await, 1);

    // What its capabilities lack is refused by the client before the backend runs.
    let err = client
        .send_template(TO, &Template::new("order_update"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err:?}");
    assert_eq!(err.provider(), Some(ACME));
    // Its own check names the field, before anything is sent.
    let err = client.send_text(TO, &"x".repeat(1001)).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { provider, error } if *provider == ACME && error.path == "text"),
        "{err:?}"
    );
    assert_eq!(mock.calls_async().await, 1, "nothing more was sent");
}

#[tokio::test]
async fn a_backend_of_ones_own_reports_errors_failover_and_callers_decide_on() {
    // 429: not sent, so the next member (360dialog) sends; the wait is kept.
    let (acme, d360) = (
        MockServer::start_async().await,
        MockServer::start_async().await,
    );
    let limited = acme.mock(|when, then| {
        when.method("POST").path("/send");
        then.status(429).header("Retry-After", "3");
    });
    let err = Client::from_backend(Acme::new(&acme.base_url()))
        .send_text(TO, "Hi")
        .await
        .unwrap_err();
    assert!(err.is_rate_limited() && err.is_not_sent(), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
    let accepted = d360.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(200)
            .json_body(json!({"messages": [{"id": "wamid.1"}]}));
    });
    let backup = Client::builder(Provider::Dialog360)
        .api_key("test-key")
        .base_url(d360.base_url())
        .retry(RetryPolicy::none())
        .build()
        .expect("builds");
    let client = Client::failover([
        Client::from_backend(Acme::new(&acme.base_url())),
        backup.clone(),
    ]);
    let sent = client.send_text(TO, "Hi").await.expect("the backup sends");
    assert_eq!(sent.provider(), Provider::Dialog360);
    assert_eq!(sent.message_id(), Some("wamid.1"));
    assert_eq!(
        (limited.calls_async().await, accepted.calls_async().await),
        (2, 1)
    );

    // A 500 from the user's provider: outcome unknown, never sent again elsewhere.
    let broken = MockServer::start_async().await;
    let failing = broken.mock(|when, then| {
        when.method("POST").path("/send");
        then.status(500);
    });
    let client = Client::failover([Client::from_backend(Acme::new(&broken.base_url())), backup]);
    let err = client.send_text(TO, "Hi").await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(err.provider(), Some(ACME));
    assert_eq!(failing.calls_async().await, 1);
    assert_eq!(
        accepted.calls_async().await,
        1,
        "the backup got nothing more"
    );
}
