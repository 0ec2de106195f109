//! Error answers become typed errors that keep status, headers and the raw body; bad
//! requests are refused before they are sent.

use httpmock::MockServer;
use serde_json::json;
use waba_mehery::{ErrorKind, Message, OutBoundContact};

use super::client;

fn text() -> Message {
    Message::text(
        "wa360:919988776655",
        OutBoundContact::phone("919812345678"),
        "hello",
    )
}

#[tokio::test]
async fn a_spring_error_body_is_typed_and_everything_is_kept() {
    let server = MockServer::start_async().await;
    let body = json!({"timestamp": "2023-10-06T13:49:00.000+00:00", "status": 401, "error": "Unauthorized", "message": "Invalid API key", "path": "/xms/api/v1/message/send"});
    server.mock(|when, then| {
        when.method("POST").path("/api/v1/message/send");
        then.status(401)
            .header("x-request-id", "r-1")
            .json_body(body.clone());
    });
    let err = client(&server).send(text()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.operation(), "send_message");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.headers().unwrap()["x-request-id"], "r-1");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(err.body().unwrap()).unwrap(),
        body
    );
    let parsed = err.error_body().expect("error body parses");
    assert_eq!(parsed.status.as_ref().unwrap().as_str(), "401");
    assert_eq!(parsed.path.as_deref(), Some("/xms/api/v1/message/send"));
    assert_eq!(
        err.to_string(),
        "send_message failed with HTTP 401 Unauthorized: Invalid API key"
    );
}

#[tokio::test]
async fn the_envelopes_field_errors_are_summarised() {
    let server = MockServer::start_async().await;
    let spec = waba_workspace_tests::spec("mehery");
    let example = spec["paths"]["/api/v1/message/send"]["post"]["responses"]["4XX"]["content"]
        ["application/json"]["examples"]["validation"]["value"]
        .clone();
    server.mock(|when, then| {
        when.method("POST").path("/api/v1/message/send");
        then.status(400).json_body(example.clone());
    });
    let err = client(&server).send(text()).await.unwrap_err();
    let parsed = err.error_body().expect("envelope parses");
    assert_eq!(parsed.errors[0].field.as_deref(), Some("channelId"));
    assert_eq!(
        err.to_string(),
        "send_message failed with HTTP 400 Bad Request: Validation failed (channelId: channelId must not be null)"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_kept_raw() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("GET").path("/api/v1/config/channels");
        then.status(404).body("<html>Not Found</html>");
    });
    let err = client(&server).list_channels(None, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(err.error_body().is_none());
    assert_eq!(err.body().unwrap(), &b"<html>Not Found</html>"[..]);
}

#[tokio::test]
async fn a_malformed_success_is_an_invalid_response_with_its_body() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("POST").path("/api/v1/message/send");
        then.status(200).body("[1, 2]");
    });
    let err = client(&server).send(text()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    assert_eq!(err.body().unwrap(), &b"[1, 2]"[..]);
}

#[tokio::test]
async fn a_message_that_breaks_the_spec_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let anything = crate::answer_everything(&server, 200);
    // The constructor checks nothing; the send refuses the empty list, naming it.
    let empty_contacts = Message::contacts(
        "wa360:919988776655",
        OutBoundContact::phone("919812345678"),
        [],
    );
    let err = client(&server).send(empty_contacts).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(
        err.validation().map(|v| v.path.as_str()),
        Some("contacts"),
        "{err}"
    );
    assert_eq!(anything.calls_async().await, 0);
}

#[test]
fn the_client_needs_a_key_and_never_prints_it() {
    assert!(waba_mehery::Client::new("").is_err());
    let c = waba_mehery::Client::builder("secret-key-123")
        .api_id("secret-id-456")
        .build()
        .unwrap();
    assert_eq!(c.base_url(), waba_mehery::MEHERY_API_URL);
    let builder = waba_mehery::Client::builder("secret-key-123").api_id("secret-id-456");
    let printed = format!("{c:?} {builder:?}");
    assert!(
        !printed.contains("secret-key") && !printed.contains("secret-id"),
        "{printed}"
    );
}

#[tokio::test]
async fn the_apps_key_and_secret_in_the_set_webhook_answer_never_print() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("POST");
        then.status(200).json_body(json!({
            "status": "200",
            "results": [{"id": "app-1", "key": "app-key-SECRET", "secret": {"token": "app-secret-SECRET"}}]
        }));
    });
    let request = waba_mehery::types::WebhookUrlRequest::new("https://www.example.com/webhook");
    let answer = client(&server)
        .set_webhook(&request)
        .await
        .unwrap()
        .into_inner();
    let app = answer.results.first().expect("the client app");
    assert_eq!(app.key.as_ref().map(|k| k.expose()), Some("app-key-SECRET"));
    assert_eq!(
        app.secret.as_ref().map(|s| s.expose()["token"].clone()),
        Some(json!("app-secret-SECRET"))
    );
    let printed = format!("{answer:?}");
    assert!(
        printed.contains("app-1") && !printed.contains("SECRET"),
        "{printed}"
    );
}
