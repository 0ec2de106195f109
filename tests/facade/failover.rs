//! `Client::failover`: one mock server per member, counting what each received. A member's
//! error that proves the message was not sent goes on to the next member; an outcome that
//! may have been a send, or the provider's refusal of the message, is returned as it is and
//! the next member receives nothing. Member retries run per each member's policy: its final
//! error decides.

use std::time::Duration;

use httpmock::MockServer;
use serde_json::{Value, json};
use waba::{
    Capability, Client, Error, ErrorKind, FAILOVER, Media, MediaKind, Provider, RetryPolicy,
    Template,
};
use waba_workspace_tests::{operation, schema_example, spec};

use super::TO;

const D360_PATH: &str = "/messages";
const MEHERY_PATH: &str = "/api/v1/message/send";

/// A 360dialog member against `base`, with `policy` as its retry policy.
fn dialog360(base: &str, policy: RetryPolicy) -> Client {
    Client::builder(Provider::Dialog360)
        .api_key("test-d360-key-failover")
        .base_url(base)
        .retry(policy)
        .timeout(Duration::from_millis(400))
        .build()
        .expect("client builds")
}

/// A Mehery member against `server`.
fn mehery(server: &MockServer) -> Client {
    Client::builder(Provider::Mehery)
        .api_key("test-mehery-key-failover")
        .channel_id("wa360:919988776655")
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// 360dialog's documented answer to a message.
fn d360_accepted() -> Value {
    operation(&spec("dialog360"), "send_message")["responses"]["200"]["content"]["application/json"]
        ["examples"]["message_accepted"]["value"]
        .clone()
}

/// Mehery's documented send receipt.
fn mehery_receipt() -> Value {
    schema_example("mehery", "ApiResponse_OutBoundReciept_object_")
}

/// The second member: Mehery accepting every send; its mock counts them.
fn accepting_mehery(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|when, then| {
        when.method("POST").path(MEHERY_PATH);
        then.status(200).json_body(mehery_receipt());
    })
}

/// The first member's server answering every send with `status`, `headers` and `body`.
fn answering<'a>(
    server: &'a MockServer,
    status: u16,
    headers: &[(&str, &str)],
    body: Value,
) -> httpmock::Mock<'a> {
    server.mock(|when, then| {
        when.method("POST").path(D360_PATH);
        let mut then = then.status(status);
        for (name, value) in headers {
            then = then.header(*name, *value);
        }
        if !body.is_null() {
            then.json_body(body);
        }
    })
}

/// A base URL on which nothing listens (a port bound and released).
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = listener.local_addr().expect("an address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn meta_error(code: i64, message: &str) -> Value {
    json!({"error": {"message": message, "type": "OAuthException", "code": code,
                     "fbtrace_id": "AbCdEf"}})
}

/// What the next member's server received, and who sent.
async fn expect_sent_by_second(client: &Client, second: &httpmock::Mock<'_>) -> waba::Sent {
    let sent = client
        .send_text(TO, "Your order has shipped")
        .await
        .expect("the second member sends");
    assert_eq!(
        sent.provider(),
        Provider::Mehery,
        "Sent::provider says who sent"
    );
    assert_eq!(second.calls_async().await, 1, "the second member sent once");
    sent
}

#[tokio::test]
async fn a_503_asking_to_come_back_later_goes_to_the_next_provider() {
    let (a, b) = (
        MockServer::start_async().await,
        MockServer::start_async().await,
    );
    let first = answering(
        &a,
        503,
        &[("Retry-After", "1")],
        json!({"error": "maintenance"}),
    );
    let second = accepting_mehery(&b);
    let client = Client::failover([dialog360(&a.base_url(), RetryPolicy::none()), mehery(&b)]);
    expect_sent_by_second(&client, &second).await;
    assert_eq!(
        first.calls_async().await,
        1,
        "retries off: one request to the first"
    );
}

#[tokio::test]
async fn the_members_own_retries_run_first_and_its_final_error_decides() {
    let (a, b) = (
        MockServer::start_async().await,
        MockServer::start_async().await,
    );
    // `Retry-After: 0`: the first member's default policy sends it three times at once.
    let first = answering(&a, 503, &[("Retry-After", "0")], Value::Null);
    let second = accepting_mehery(&b);
    let client = Client::failover([dialog360(&a.base_url(), RetryPolicy::default()), mehery(&b)]);
    expect_sent_by_second(&client, &second).await;
    assert_eq!(
        first.calls_async().await,
        RetryPolicy::default().max_attempts as usize,
        "the first member retried per its policy before failing over"
    );
}

#[tokio::test]
async fn a_timeout_after_sending_is_returned_and_the_next_provider_gets_nothing() {
    let (a, b) = (
        MockServer::start_async().await,
        MockServer::start_async().await,
    );
    let first = a.mock(|when, then| {
        when.method("POST").path(D360_PATH);
        then.status(200)
            .json_body(d360_accepted())
            .delay(Duration::from_secs(3));
    });
    let second = accepting_mehery(&b);
    let client = Client::failover([dialog360(&a.base_url(), RetryPolicy::default()), mehery(&b)]);
    let err = client
        .send_text(TO, "Your order has shipped")
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert!(!err.is_not_sent(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(
        err.provider(),
        Some(Provider::Dialog360),
        "returned as it is"
    );
    assert!(
        err.request_error().is_some_and(|e| e.is_timeout()),
        "{err:?}"
    );
    assert_eq!(
        first.calls_async().await,
        1,
        "a POST that may have arrived is not resent"
    );
    assert_eq!(second.calls_async().await, 0, "never sent again elsewhere");
}

#[tokio::test]
async fn a_refused_connection_goes_to_the_next_provider() {
    let b = MockServer::start_async().await;
    let second = accepting_mehery(&b);
    let client = Client::failover([
        dialog360(&closed_port(), RetryPolicy::default()),
        mehery(&b),
    ]);
    expect_sent_by_second(&client, &second).await;
}

#[tokio::test]
async fn refused_credentials_go_to_the_next_provider() {
    for status in [401, 403] {
        let (a, b) = (
            MockServer::start_async().await,
            MockServer::start_async().await,
        );
        let first = answering(
            &a,
            status,
            &[],
            meta_error(190, "Invalid OAuth access token"),
        );
        let second = accepting_mehery(&b);
        let client =
            Client::failover([dialog360(&a.base_url(), RetryPolicy::default()), mehery(&b)]);
        expect_sent_by_second(&client, &second).await;
        assert_eq!(first.calls_async().await, 1, "{status}");
    }
}

#[tokio::test]
async fn a_refusal_of_the_message_is_returned_and_the_next_provider_gets_nothing() {
    let (a, b) = (
        MockServer::start_async().await,
        MockServer::start_async().await,
    );
    let first = answering(
        &a,
        400,
        &[],
        meta_error(
            131026,
            "Message undeliverable: the recipient is not on WhatsApp",
        ),
    );
    let second = accepting_mehery(&b);
    let client = Client::failover([dialog360(&a.base_url(), RetryPolicy::default()), mehery(&b)]);
    let err = client
        .send_text(TO, "Your order has shipped")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rejected, "{err:?}");
    assert!(!err.is_not_sent() && !err.is_outcome_unknown());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.provider(), Some(Provider::Dialog360));
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 0);
}

#[tokio::test]
async fn other_5xx_and_unreadable_2xx_answers_are_returned_as_outcome_unknown() {
    let cases: [(u16, Value); 4] = [
        (500, json!({"error": "internal"})),
        (502, Value::Null),
        // A 503 that does not ask to come back later may come from a gateway that forwarded it.
        (503, Value::Null),
        // A JSON string where the documented answer is an object.
        (200, json!("<html>accepted</html>")),
    ];
    for (status, body) in cases {
        let (a, b) = (
            MockServer::start_async().await,
            MockServer::start_async().await,
        );
        let first = answering(&a, status, &[], body);
        let second = accepting_mehery(&b);
        let client =
            Client::failover([dialog360(&a.base_url(), RetryPolicy::default()), mehery(&b)]);
        let err = client
            .send_text(TO, "Your order has shipped")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{status}: {err:?}");
        assert!(err.is_outcome_unknown() && !err.is_not_sent(), "{status}");
        assert_eq!(first.calls_async().await, 1, "{status}");
        assert_eq!(second.calls_async().await, 0, "{status}: never sent twice");
    }
}

#[tokio::test]
async fn a_rate_limit_429_or_the_providers_throttling_answer_goes_to_the_next_provider() {
    let throttled: [(u16, Value); 3] = [
        (429, json!({"error": "too many requests"})),
        // 360dialog's own rate limit, documented as a 400 with a message.
        (400, json!({"error": "Rate limit hit, please slow down"})),
        // WhatsApp's throughput error.
        (400, meta_error(130429, "Rate limit hit")),
    ];
    for (status, body) in throttled {
        let (a, b) = (
            MockServer::start_async().await,
            MockServer::start_async().await,
        );
        let first = answering(&a, status, &[], body.clone());
        let second = accepting_mehery(&b);
        // Alone, the member's error says what it is.
        let alone = dialog360(&a.base_url(), RetryPolicy::none());
        let err = alone.send_text(TO, "Hi").await.unwrap_err();
        assert!(err.is_rate_limited(), "{status} {body}: {err:?}");
        assert_eq!(err.kind(), ErrorKind::RateLimited);
        assert!(err.is_not_sent());
        let client = Client::failover([alone, mehery(&b)]);
        expect_sent_by_second(&client, &second).await;
        assert_eq!(
            first.calls_async().await,
            2,
            "{status} {body}: one each time"
        );
    }
}

#[tokio::test]
async fn when_no_member_sends_the_error_says_so_and_keeps_each_members_error() {
    let a = MockServer::start_async().await;
    let first = answering(
        &a,
        429,
        &[("Retry-After", "7")],
        json!({"error": "slow down"}),
    );
    let client = Client::failover([
        dialog360(&a.base_url(), RetryPolicy::none()),
        dialog360(&closed_port(), RetryPolicy::none()),
    ]);
    let err = client.send_text(TO, "Hi").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::FailoverExhausted, "{err:?}");
    assert!(err.is_not_sent());
    assert!(
        !err.is_rate_limited(),
        "only the first member was rate limited"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    let Error::Failover(failover) = &err else {
        panic!("a failover error: {err:?}")
    };
    let kinds: Vec<ErrorKind> = failover.errors().iter().map(Error::kind).collect();
    assert_eq!(kinds, [ErrorKind::RateLimited, ErrorKind::Transport]);
    assert_eq!(failover.errors()[0].status().map(|s| s.as_u16()), Some(429));
    // The last member's error is the source; the others are reachable.
    let source = std::error::Error::source(&err).expect("a source");
    assert_eq!(source.to_string(), failover.errors()[1].to_string());
    assert!(
        err.to_string().contains("no provider sent the message"),
        "{err}"
    );
    assert_eq!(first.calls_async().await, 1);
}

#[tokio::test]
async fn a_message_a_member_cannot_carry_goes_to_the_next_member_that_can() {
    let (a, b) = (
        MockServer::start_async().await,
        MockServer::start_async().await,
    );
    let first = a.mock(|when, then| {
        when.method("POST").path(MEHERY_PATH);
        then.status(200).json_body(mehery_receipt());
    });
    let second = b.mock(|when, then| {
        when.method("POST").path(D360_PATH);
        then.status(200).json_body(d360_accepted());
    });
    let client = Client::failover([mehery(&a), dialog360(&b.base_url(), RetryPolicy::none())]);
    assert_eq!(client.provider(), FAILOVER);

    // The union: Mehery has no template header media, 360dialog no file name on images.
    assert!(client.supports(Capability::TemplateHeaderMedia));
    assert!(client.supports(Capability::FileName(MediaKind::Image)));
    for capability in Capability::ALL {
        let any = Provider::Mehery.supports(capability) || Provider::Dialog360.supports(capability);
        assert_eq!(client.supports(capability), any, "{capability}");
    }

    // A template with a header image: Mehery cannot carry it, nothing reaches it.
    let template = Template::new("order_update")
        .language("en_US")
        .header(Media::image("https://example.com/parcel.jpg"));
    let sent = client
        .send_template(TO, &template)
        .await
        .expect("360dialog sends");
    assert_eq!(sent.provider(), Provider::Dialog360);
    assert_eq!(first.calls_async().await, 0);
    assert_eq!(second.calls_async().await, 1);

    // A text: the first member sends it.
    let sent = client.send_text(TO, "Hi").await.expect("Mehery sends");
    assert_eq!(sent.provider(), Provider::Mehery);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);

    // Mark-as-read: Mehery cannot, so 360dialog marks it, with nothing sent to Mehery.
    client
        .mark_read("wamid.x")
        .await
        .expect("360dialog marks it read");
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 2);

    // What no member can do is refused before any request.
    let solo = Client::failover([mehery(&a)]);
    let err = solo.mark_read("wamid.x").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err:?}");
    assert_eq!(first.calls_async().await + second.calls_async().await, 3);
}

#[tokio::test]
async fn a_failover_checks_the_recipient_the_way_the_member_that_sends_it_does() {
    // Channel360 sends text to the app user id of the conversation, not to a phone number:
    // a failover whose first member is Channel360 takes that id for a text.
    const ORG: &str = "659039655cf56a8df0c8908";
    const APP_USER: &str = "5e7a1b2c3d4e5f6a7b8c9d0e";
    let server = MockServer::start_async().await;
    let reply = server
        .mock_async(|when, then| {
            when.method("POST")
                .path(format!("/v1.1/org/{ORG}/whatsapp/appuser/{APP_USER}/reply"));
            then.status(200);
        })
        .await;
    let channel360 = Client::builder(Provider::Channel360)
        .token("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl")
        .org_id(ORG)
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let backup = MockServer::start_async().await;
    let client = Client::failover([channel360, mehery(&backup)]);
    let sent = client.send_text(APP_USER, "Hello").await.expect("sent");
    assert_eq!(sent.provider(), Provider::Channel360);
    assert_eq!(reply.calls_async().await, 1);
    // And an id that is no id is refused naming `to`, with nothing sent anywhere.
    let refused = client.send_text("not an id", "Hello").await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::InvalidArgument, "{refused:?}");
    assert_eq!(reply.calls_async().await, 1);
}
