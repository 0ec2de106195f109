//! The five documented webhook payloads parse into typed events.

use reqwest::header::HeaderMap;
use serde_json::Value;
use waba_desk360::open_enums::{InboundMessageType, MessageStatus};
use waba_desk360::webhook::{self, Event, MessageKind, Verifier, WebhookError};

fn example(name: &str) -> Vec<u8> {
    let spec = waba_workspace_tests::spec("desk360");
    let value = &spec["components"]["schemas"]["WebhookPayload"]["x-waba-examples"][name];
    assert!(!value.is_null(), "no webhook example `{name}`");
    serde_json::to_vec(value).unwrap()
}

fn message(name: &str) -> webhook::InboundMessage {
    match webhook::parse(&example(name)).unwrap().event() {
        Some(Event::Message(m)) => m.clone(),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn the_five_documented_payloads_parse() {
    let spec = waba_workspace_tests::spec("desk360");
    let names: Vec<&String> = spec["components"]["schemas"]["WebhookPayload"]["x-waba-examples"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        names,
        ["contact", "location", "media", "status_update", "text"]
    );

    let text = message("text");
    assert!(matches!(text.kind(), MessageKind::Text("Hello")));
    assert_eq!(text.sender(), "+90xxxxxxxxxx");
    assert_eq!(text.timestamp.as_deref(), Some("1630913975"));

    let location = message("location");
    match location.kind() {
        MessageKind::Location(l) => {
            assert_eq!(l.latitude, Some(38.9806263495));
            assert_eq!(l.name.as_deref(), Some("Main Street Beach"));
        }
        other => panic!("{other:?}"),
    }

    let contact = message("contact");
    assert_eq!(contact.type_, InboundMessageType::Contacts);
    match contact.kind() {
        MessageKind::Contacts(cards) => {
            assert_eq!(cards[0].ims[0].user_id.as_deref(), Some("kfish"));
            assert_eq!(
                cards[0]
                    .name
                    .as_ref()
                    .and_then(|n| n.formatted_name.as_deref()),
                Some("Kerry Fisher")
            );
        }
        other => panic!("{other:?}"),
    }

    let media = message("media");
    match media.kind() {
        MessageKind::Media { media, attachments } => {
            assert_eq!(
                media.media_id.as_deref(),
                Some("83518734-56a9-4b51-8372-93f1432cfa9b")
            );
            assert_eq!(media.message, None);
            assert_eq!(attachments["images"][0].aws, Some(true));
        }
        other => panic!("{other:?}"),
    }

    match webhook::parse(&example("status_update")).unwrap().event() {
        Some(Event::Status(s)) => {
            assert_eq!(s.id, "gBEGkFBXUQRnAglM82HET_hbwJs");
            assert_eq!(s.status, MessageStatus::Delivered);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_types_and_statuses_do_not_fail_the_payload() {
    let body = br#"{"messages": {"id": "x", "from": "90", "type": "reaction", "reaction": {"emoji": "+1"}}}"#;
    let payload = webhook::parse(body).unwrap();
    let Some(Event::Message(m)) = payload.event() else {
        panic!()
    };
    assert_eq!(m.type_.to_string(), "reaction");
    assert!(matches!(m.kind(), MessageKind::Other));
    let body = br#"{"statuses": {"id": "x", "status": "failed"}}"#;
    let payload = webhook::parse(body).unwrap();
    let Some(Event::Status(s)) = payload.event() else {
        panic!()
    };
    assert_eq!(s.status.to_string(), "failed");
}

#[test]
fn malformed_bodies_and_wrong_secrets_are_refused() {
    for body in [
        &b"[]"[..],
        b"{}",
        b"{\"messages\": {\"id\": 1}}",
        b"not json",
    ] {
        assert!(
            matches!(webhook::parse(body), Err(WebhookError::Malformed { .. })),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    let verifier = Verifier::new()
        .header("x-desk360-secret", "s3cret")
        .unwrap();
    let body = example("text");
    let mut headers = HeaderMap::new();
    assert!(matches!(
        verifier.parse(&headers, &body),
        Err(WebhookError::MissingHeader { .. })
    ));
    headers.insert("x-desk360-secret", "wrong".parse().unwrap());
    assert!(matches!(
        verifier.parse(&headers, &body),
        Err(WebhookError::WrongSecret { .. })
    ));
    headers.insert("x-desk360-secret", "s3cret".parse().unwrap());
    assert!(verifier.parse(&headers, &body).is_ok());
    let _: Value = serde_json::from_slice(&body).unwrap();
}
