//! Delivery events: the documented payload (an error object on DELIVERED), without the error
//! object, unknown statuses, the timestamp as number or string, and malformed bodies.

use serde_json::json;
use waba_onextel::DeliveryStatus;
use waba_onextel::webhook::{WebhookError, parse};

fn example() -> serde_json::Value {
    waba_workspace_tests::schema_example("onextel", "DeliveryEvent")
}

#[test]
fn the_documented_event_parses_with_its_error_object() {
    let body = serde_json::to_vec(&example()).unwrap();
    let event = parse(&body).unwrap();
    assert_eq!(event.message_id(), "669e5778a8f5d50aad723e7c");
    assert_eq!(event.status(), &DeliveryStatus::Delivered);
    assert!(
        !event.is_failed(),
        "the status decides, not the error object"
    );
    let error = event.error_details().expect("the error object");
    assert_eq!(error.code.as_deref(), Some("0"));
    assert_eq!(error.message.as_deref(), Some("Failed Retry"));
    let conversation = event.conversation.as_ref().unwrap();
    assert_eq!(conversation.type_.as_deref(), Some("marketing"));
    assert_eq!(conversation.billable, Some(true));
    assert_eq!(event.from.as_deref(), Some("919876543210"));
    assert_eq!(event.timestamp_seconds(), Some(1721652345));
}

#[test]
fn an_event_without_error_object_parses() {
    let mut value = example();
    value.as_object_mut().unwrap().remove("error");
    value["event"]["status"] = json!("READ");
    let event = parse(&serde_json::to_vec(&value).unwrap()).unwrap();
    assert!(event.error_details().is_none());
    assert_eq!(event.status(), &DeliveryStatus::Read);
}

#[test]
fn a_failed_event_is_failed() {
    let mut value = example();
    value["event"]["status"] = json!("FAILED");
    value["error"] = json!({"code": "131026", "message": "Message undeliverable"});
    let event = parse(&serde_json::to_vec(&value).unwrap()).unwrap();
    assert!(event.is_failed());
    assert_eq!(
        event.error_details().and_then(|e| e.message.as_deref()),
        Some("Message undeliverable")
    );
}

#[test]
fn an_unknown_status_is_kept_not_rejected() {
    let mut value = example();
    value["event"]["status"] = json!("DELETED");
    let event = parse(&serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(event.status(), &DeliveryStatus::Other("DELETED".into()));
    assert!(event.status().is_other());
    assert!(!event.is_failed());
}

#[test]
fn a_timestamp_sent_as_a_string_is_read_too() {
    let mut value = example();
    value["timestamp"] = json!("1721652345");
    let event = parse(&serde_json::to_vec(&value).unwrap()).unwrap();
    assert_eq!(event.timestamp_seconds(), Some(1721652345));
}

#[test]
fn malformed_bodies_are_refused_with_a_reason() {
    for body in [
        &b"[]"[..],
        b"not json",
        br#"{"event": {"status": "SENT"}}"#,
        br#"{"context": {"id": "x"}, "event": {"status": 3}}"#,
    ] {
        let err = parse(body).unwrap_err();
        assert!(matches!(err, WebhookError::Malformed { .. }), "{err:?}");
    }
    let err = parse(br#"{"event": {"status": "SENT"}}"#).unwrap_err();
    assert!(err.to_string().contains("context"), "{err}");
}
