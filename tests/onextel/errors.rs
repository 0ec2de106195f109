//! Failures reported inside the body are errors, whatever the HTTP status; bad input is refused
//! before sending.

use httpmock::MockServer;
use serde_json::json;
use waba_onextel::mock::MockServerExt;
use waba_onextel::{ErrorKind, Media, SendMessageRequest, Template};

use super::{TOKEN, client, login};

fn message() -> SendMessageRequest {
    SendMessageRequest::new(
        "919876543210",
        "919812345678",
        "000000000000000000000000",
        Template::new("order_confirmation"),
    )
}

#[tokio::test]
async fn journey_not_found_with_http_200_is_an_api_error_keeping_status_and_body() {
    let documented = waba_workspace_tests::spec("onextel")["x-error-responses"]["4XX"]["content"]
        ["application/json"]["examples"]["journey_not_found"]["value"]
        .clone();
    assert_eq!(documented["code"], 101);
    let server = MockServer::start_async().await;
    login(&server, TOKEN);
    let send = server.send_message(|when, then| {
        when.into_inner().header("authentication-token", TOKEN);
        then.into_inner()
            .status(200)
            .header("x-request-id", "r-42")
            .json_body(documented.clone());
    });
    let err = client(&server).send(&message()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.operation(), "send_message");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(
        err.headers()
            .and_then(|h| h.get("x-request-id"))
            .map(|v| v.to_str().unwrap()),
        Some("r-42")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(err.body().unwrap()).unwrap(),
        documented
    );
    let body = err.error_body().expect("typed error body");
    assert!(body.is_journey_not_found());
    assert_eq!(body.message_text(), Some("Journey not found"));
    assert_eq!(
        err.to_string(),
        "send_message failed with HTTP 200 OK: Journey not found (code 101)"
    );
    assert!(
        !err.is_outcome_unknown(),
        "the provider said it did not send"
    );
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        send.calls_async().await,
        1,
        "an in-body failure is not resent"
    );
}

#[tokio::test]
async fn an_http_error_keeps_the_typed_body() {
    let server = MockServer::start_async().await;
    login(&server, TOKEN);
    server.send_message(|_, then| {
        then.into_inner().status(400).json_body(
            json!({"message": "Invalid template", "code": 102, "status": false, "data": null}),
        );
    });
    let err = client(&server).send(&message()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.error_body().and_then(|b| b.code()), Some(102));
}

#[tokio::test]
async fn a_success_body_that_does_not_match_the_spec_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    login(&server, TOKEN);
    server.send_message(|_, then| {
        then.into_inner()
            .status(200)
            .body("<html>maintenance</html>");
    });
    let err = client(&server).send(&message()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    assert_eq!(err.body_text().as_deref(), Some("<html>maintenance</html>"));
}

#[tokio::test]
async fn bad_input_is_refused_at_the_send_naming_the_field_and_nothing_is_sent() {
    // Building is infallible; the one check runs when the request is sent.
    let cases = [
        (
            SendMessageRequest::new("919876543210", "9198", "j", Template::new("")),
            "message.template.templateId",
        ),
        (
            SendMessageRequest::new("", "9198", "j", Template::new("t")),
            "from",
        ),
        (message().with_callback_url(""), "callbackUrl"),
        (
            SendMessageRequest::new(
                "919876543210",
                "9198",
                "j",
                Template::new("t").with_media(Media::image("")),
            ),
            "message.template.media.url",
        ),
    ];
    for (request, path) in cases {
        let server = MockServer::start_async().await;
        let any = crate::answer_everything(&server, 200);
        let err = client(&server).send(&request).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{path}: {err}");
        assert_eq!(
            err.validation().map(|v| v.path.as_str()),
            Some(path),
            "{err}"
        );
        assert_eq!(any.calls_async().await, 0, "{path}: nothing sent");
    }
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let rating = waba_onextel::SatisfactionRating::new("", "9198", 5);
    let err = client(&server)
        .live_agent_satisfaction_rating(&rating)
        .await
        .unwrap_err();
    assert_eq!(
        err.validation().map(|v| v.path.as_str()),
        Some("chatId"),
        "{err}"
    );
    assert_eq!(any.calls_async().await, 0);

    // A body assembled by hand is checked against the spec before sending.
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let mut bad = message();
    bad.message.template.cards = vec![];
    let mut carousel: serde_json::Value = serde_json::to_value(&bad).unwrap();
    carousel["message"]["template"]["media"] = json!({"type": "AUDIO", "url": "https://x"});
    assert!(
        serde_json::from_value::<SendMessageRequest>(carousel).is_err(),
        "AUDIO is not a media type"
    );
    let rating: Result<waba_onextel::SatisfactionRating, _> =
        serde_json::from_value(json!({"chatId": "", "customerPhoneNumber": "9198", "rating": 5}));
    assert!(rating.is_err());
    assert_eq!(any.calls_async().await, 0);
}
