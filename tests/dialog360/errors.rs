//! Error answers become typed errors that keep status, headers and the raw body.

use httpmock::MockServer;
use serde_json::json;
use waba_dialog360::types::ErrorResponse;
use waba_dialog360::{ErrorKind, Message};

use super::client;

fn text() -> Message {
    Message::text("4915112345678", "hello")
}

#[tokio::test]
async fn a_meta_error_is_typed_with_its_code() {
    let server = MockServer::start_async().await;
    let body = json!({"error": {"message": "(#131030) Recipient phone number not in allowed list", "type": "OAuthException", "code": 131030, "error_data": {"messaging_product": "whatsapp", "details": "Recipient phone number not in allowed list"}, "fbtrace_id": "AbCdEf123"}});
    server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(400)
            .header("x-request-id", "r-1")
            .json_body(body.clone());
    });
    let err = client(&server).send(text()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.operation(), "send_message");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.headers().unwrap()["x-request-id"], "r-1");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(err.body().unwrap()).unwrap(),
        body
    );
    let parsed = err.error_body().expect("Meta error parses");
    assert!(matches!(parsed, ErrorResponse::MetaErrorResponse(_)));
    assert_eq!(parsed.code(), Some(131030));
    assert!(!parsed.is_rate_limit());
    assert!(!err.is_outcome_unknown());
    let text = err.to_string();
    assert!(
        text.starts_with("send_message failed with HTTP 400 Bad Request"),
        "{text}"
    );
    assert!(
        text.contains("Recipient phone number not in allowed list (code 131030)"),
        "{text}"
    );
}

#[tokio::test]
async fn a_360dialog_rate_limit_arrives_as_400_and_is_recognised() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(400)
            .json_body(json!({"error": "You have exceeded the endpoint rate limit"}));
    });
    let err = client(&server).send(text()).await.unwrap_err();
    let parsed = err.error_body().expect("360dialog error parses");
    assert!(matches!(parsed, ErrorResponse::D360ErrorResponse(_)));
    assert!(parsed.is_rate_limit());
    assert!(
        err.to_string()
            .contains("You have exceeded the endpoint rate limit")
    );
}

#[tokio::test]
async fn an_invalid_key_is_a_401_with_the_providers_words() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("GET").path("/v1/configs/webhook");
        then.status(401)
            .json_body(json!({"error": "Invalid api key"}));
    });
    let err = client(&server).get_webhook().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        err.to_string(),
        "get_webhook failed with HTTP 401 Unauthorized: Invalid api key"
    );
    assert!(!format!("{err:?}").contains(super::KEY));
}

#[tokio::test]
async fn a_5xx_html_page_keeps_its_body_and_says_the_outcome_is_unknown() {
    let server = MockServer::start_async().await;
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(502)
            .header("content-type", "text/html")
            .body(page);
    });
    let err = client(&server).send(text()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Api);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.body_text().as_deref(), Some(page));
    assert!(err.error_body().is_none());
    assert!(
        err.is_outcome_unknown(),
        "a POST answered 502 may have been processed"
    );
    assert!(err.to_string().contains("(outcome unknown)"));
}

#[tokio::test]
async fn a_success_with_a_body_that_is_not_json_is_an_invalid_response_with_status() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(200).header("x-trace", "t-9").body("OK");
    });
    let err = client(&server).send(text()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidResponse);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(err.headers().unwrap()["x-trace"], "t-9");
    assert_eq!(err.body(), Some(&b"OK"[..]));
    // The provider accepted the message: the error says so, and that it must not be resent.
    assert!(err.is_accepted() && err.is_outcome_unknown(), "{err:?}");
    assert!(
        err.to_string().starts_with(
            "send_message was accepted by the provider (HTTP 200 OK) but its answer cannot be read"
        ),
        "{err}"
    );
    assert!(err.to_string().contains("do not resend it"), "{err}");
}

#[tokio::test]
async fn an_empty_error_body_is_kept_as_empty() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("DELETE").path("/123");
        then.status(404);
    });
    let err = client(&server).delete_media("123").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.body(), Some(&b""[..]));
    assert_eq!(
        err.to_string(),
        "delete_media failed with HTTP 404 Not Found"
    );
}

/// Every error example of `send_message` (4XX and 5XX), with the status it is served with.
fn documented_errors() -> Vec<(String, u16, serde_json::Value)> {
    let op =
        waba_workspace_tests::operation(&waba_workspace_tests::spec("dialog360"), "send_message");
    let mut out = Vec::new();
    for (range, status) in [("4XX", 400), ("5XX", 500)] {
        let examples = op["responses"][range]["content"]["application/json"]["examples"]
            .as_object()
            .unwrap_or_else(|| panic!("{range} has examples"));
        for (name, example) in examples {
            out.push((name.clone(), status, example["value"].clone()));
        }
    }
    out
}

#[tokio::test]
async fn every_documented_error_is_typed_field_by_field_through_error_body() {
    let errors = documented_errors();
    assert!(
        errors
            .iter()
            .filter(|(n, ..)| n.starts_with("meta_"))
            .count()
            >= 4,
        "{errors:?}"
    );
    for (name, status, body) in errors {
        // Read and written back, the body is the same JSON: nothing is dropped.
        let typed: ErrorResponse = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), body, "{name}");

        let server = MockServer::start_async().await;
        server.mock(|when, then| {
            when.method("POST").path("/messages");
            then.status(status).json_body(body.clone());
        });
        let err = client(&server).send(text()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Api, "{name}");
        let parsed = err.error_body().unwrap_or_else(|| panic!("{name}: typed"));
        let raw = &body["error"];
        if raw.is_object() {
            assert!(
                matches!(parsed, ErrorResponse::MetaErrorResponse(_)),
                "{name}"
            );
            assert_eq!(parsed.code(), raw["code"].as_i64(), "{name}");
            assert_eq!(parsed.subcode(), raw["error_subcode"].as_i64(), "{name}");
            assert_eq!(parsed.message(), raw["message"].as_str(), "{name}");
            assert_eq!(
                parsed.user_title(),
                raw["error_user_title"].as_str(),
                "{name}"
            );
            assert_eq!(
                parsed.user_message(),
                raw["error_user_msg"].as_str(),
                "{name}"
            );
            assert_eq!(
                parsed.is_transient(),
                raw["is_transient"].as_bool(),
                "{name}"
            );
            assert_eq!(parsed.fbtrace_id(), raw["fbtrace_id"].as_str(), "{name}");
            assert_eq!(
                parsed.details(),
                raw.pointer("/error_data/details").and_then(|d| d.as_str()),
                "{name}"
            );
        } else {
            assert!(
                matches!(parsed, ErrorResponse::D360ErrorResponse(_)),
                "{name}"
            );
            assert_eq!(parsed.message(), raw.as_str(), "{name}");
            assert_eq!(parsed.code(), None, "{name}");
            assert_eq!(parsed.is_transient(), None, "{name}");
        }
    }
}

#[tokio::test]
async fn user_facing_texts_subcode_and_the_transient_flag_are_read() {
    let server = MockServer::start_async().await;
    server.mock(|when, then| {
        when.method("POST").path("/messages");
        then.status(400).json_body(json!({"error": {
            "message": "(#131009) Parameter value is not valid", "type": "OAuthException",
            "code": 131009, "error_subcode": 2494010, "is_transient": false,
            "error_user_title": "Invalid parameter",
            "error_user_msg": "The button index must be between 0 and 9.",
            "error_data": {"messaging_product": "whatsapp", "details": "index 12"},
            "fbtrace_id": "AbR4kP8vQ1zN6yT2mH5sJ0w"}}));
    });
    let err = client(&server).send(text()).await.unwrap_err();
    let parsed = err.error_body().unwrap();
    assert_eq!(parsed.code(), Some(131009));
    assert_eq!(parsed.subcode(), Some(2494010));
    assert_eq!(parsed.user_title(), Some("Invalid parameter"));
    assert_eq!(
        parsed.user_message(),
        Some("The button index must be between 0 and 9.")
    );
    assert_eq!(parsed.is_transient(), Some(false));
    assert_eq!(parsed.details(), Some("index 12"));
    assert_eq!(parsed.fbtrace_id(), Some("AbR4kP8vQ1zN6yT2mH5sJ0w"));
    let text = err.to_string();
    assert!(
        text.contains("(#131009) Parameter value is not valid (code 131009, subcode 2494010)"),
        "{text}"
    );
}
