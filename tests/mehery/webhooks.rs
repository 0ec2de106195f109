//! The calls Mehery makes to your server: the token is checked in constant time, the
//! documented payloads parse, and values the provider adds later do not fail a payload.

use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use waba_mehery::open_enums::{
    ContactType, InBoundEventCode, InBoundMsgType, InBoundWrapperType, MessageStatusCode,
};
use waba_mehery::webhook::{
    InBoundKind, Verifier, WebhookError, parse_notification, parse_notification_raw,
};
use waba_workspace_tests::spec;

const TOKEN: &str = "s1agenttoken$$$";

/// The `doc` example of one of the spec's `x-webhooks`.
fn webhook_example(name: &str) -> Value {
    let spec = spec("mehery");
    let value =
        spec["x-webhooks"][name]["post"]["requestBody"]["content"]["application/json"]["examples"]
            ["doc"]["value"]
            .clone();
    assert!(!value.is_null(), "x-webhooks `{name}` has no `doc` example");
    value
}

fn headers(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("x-verify-token", token.parse().unwrap());
    headers
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

#[test]
fn the_documented_notification_parses_with_the_right_token() {
    let example = webhook_example("receive_notifications");
    crate::spec_schemas("mehery")
        .validate("InBoundWrapper", &example)
        .unwrap();
    let n = Verifier::new(TOKEN)
        .notification(&headers(TOKEN), &bytes(&example))
        .unwrap();
    // `message` is outside the documented enum but is what the document's example sends.
    assert_eq!(n.type_, Some(InBoundWrapperType::Message));
    let message = &n.messages[0];
    assert_eq!(message.type_, Some(InBoundMsgType::Text));
    match message.kind() {
        InBoundKind::Text(text) => {
            assert_eq!(text.body.as_deref(), Some("your-text-message-content"))
        }
        other => panic!("{other:?}"),
    }
    // Documented as strings, sent as numbers in the example: read as text either way.
    assert_eq!(message.from.as_ref().unwrap().as_str(), "919988776655");
    assert_eq!(message.id.as_ref().unwrap().as_str(), "1234567");
    assert_eq!(
        message.image.as_ref().unwrap().id.as_ref().unwrap(),
        "2121212"
    );
    assert_eq!(
        message.location.as_ref().unwrap().latitude.as_str(),
        "12.90909"
    );
    let status = &n.statuses[0];
    assert_eq!(status.status, Some(MessageStatusCode::Dlvrd));
    assert!(!status.is_failed());
    assert_eq!(status.errors[0].code.as_ref().unwrap().as_str(), "470");
    let event = &n.events[0];
    assert_eq!(event.event_code, Some(InBoundEventCode::SessionRouted));
    assert_eq!(n.actions[0].action_code.as_deref(), Some("SEND_INVOICE"));
    assert_eq!(n.contacts[0].contact_type, Some(ContactType::Whatsapp));
    assert_eq!(n.meta.as_ref().unwrap().domain.as_deref(), Some("alex"));
}

#[test]
fn the_documented_contact_info_call_parses_and_is_answered_with_the_documented_update() {
    let example = webhook_example("contact_info");
    crate::spec_schemas("mehery")
        .validate("InBoundContact", &example)
        .unwrap();
    let contact = Verifier::new(TOKEN)
        .contact_info(&headers(TOKEN), &bytes(&example))
        .unwrap();
    assert_eq!(contact.contact_id.as_ref().unwrap().as_str(), "1234567");
    assert_eq!(contact.lane.as_ref().unwrap().as_str(), "919999998888");
    assert_eq!(contact.channel_id.as_deref(), Some("wa360:919988776655"));
    assert_eq!(
        contact
            .business_profile
            .as_ref()
            .and_then(|p| p.phone.as_ref())
            .map(|p| p.as_str()),
        Some("919988776655")
    );

    let spec = spec("mehery");
    let answer = &spec["x-webhooks"]["contact_info"]["post"]["responses"]["200"]["content"]["application/json"]
        ["example"];
    let update = waba_mehery::types::ContactInfoUpdate::new()
        .with_email("abc@xyz.com")
        .with_labels(vec![
            waba_mehery::types::CustomerLabel::new("CUSTOMER_TYPE", json!("Platinum"))
                .with_format(waba_mehery::types::CustomerLabelFormat::MmDdYy)
                .with_name("Customer Type")
                .with_type(waba_mehery::types::CustomerLabelType::Text),
        ])
        .with_mobile(waba_mehery::StringOrNumber::from(919988776655_i64))
        .with_name("John Doe")
        .with_profile_id("C34567");
    assert_eq!(&serde_json::to_value(&update).unwrap(), answer);
}

#[test]
fn a_wrong_or_missing_token_is_refused_before_the_body_is_read() {
    let verifier = Verifier::new(TOKEN);
    let body = b"not even json";
    let wrong = verifier
        .notification(&headers("s1agenttoken$$"), body)
        .unwrap_err();
    assert_eq!(
        wrong,
        WebhookError::WrongSecret {
            name: "x-verify-token".into()
        }
    );
    assert!(!format!("{wrong} {wrong:?} {verifier:?}").contains("s1agenttoken"));
    let missing = verifier.contact_info(&HeaderMap::new(), body).unwrap_err();
    assert_eq!(
        missing,
        WebhookError::MissingHeader {
            name: "x-verify-token".into()
        }
    );
    // The right token lets the body through to the parser, which then refuses it.
    assert!(matches!(
        verifier.notification(&headers(TOKEN), body),
        Err(WebhookError::Malformed { .. })
    ));
}

#[test]
fn values_the_provider_adds_later_do_not_fail_a_payload() {
    let body = json!({
        "type": "reactions",
        "messages": [{"id": "m-1", "type": "sticker", "sticker": {"id": "s-1"}}],
        "statuses": [{"id": "m-0", "status": "QUEUED"}],
        "events": [{"eventId": "e-1", "eventCode": "SESSION_TRANSFERRED"}],
        "contacts": [{"contactId": "c-1", "contactType": "VIBER"}],
        "somethingNew": {"a": 1}
    });
    let n = parse_notification(&bytes(&body)).unwrap();
    assert_eq!(n.type_, Some(InBoundWrapperType::Other("reactions".into())));
    assert!(matches!(
        n.messages[0].kind(),
        InBoundKind::Other {
            type_name: "sticker"
        }
    ));
    assert_eq!(
        n.statuses[0].status,
        Some(MessageStatusCode::Other("QUEUED".into()))
    );
    assert_eq!(
        n.events[0].event_code,
        Some(InBoundEventCode::Other("SESSION_TRANSFERRED".into()))
    );
    assert_eq!(
        n.contacts[0].contact_type,
        Some(ContactType::Other("VIBER".into()))
    );
    // A failed status is recognised.
    let failed = parse_notification(br#"{"statuses": [{"status": "FAILD", "errors": [{"code": 470, "title": "outside the window"}]}]}"#).unwrap();
    assert!(failed.statuses[0].is_failed());
}

#[test]
fn bodies_that_are_not_the_documented_objects_are_refused_with_a_reason() {
    for body in [
        &b"[]"[..],
        b"",
        b"{\"messages\": 5}",
        b"{\"messages\": [{\"from\": true}]}",
    ] {
        let err = parse_notification(body).unwrap_err();
        assert!(
            matches!(&err, WebhookError::Malformed { reason } if !reason.is_empty()),
            "{err:?}"
        );
    }
}

/// Every documented notification, and bodies that bend or break the rules, as the two readers
/// see them: `parse_notification_raw` accepts and refuses exactly what `parse_notification`
/// does, reads the same notification, and keeps each message, event and action as sent.
#[test]
fn the_raw_keeping_reader_reads_what_the_plain_one_reads_and_keeps_each_item() {
    let spec = spec("mehery");
    let examples = spec["x-webhooks"]["receive_notifications"]["post"]["requestBody"]["content"]
        ["application/json"]["examples"]
        .as_object()
        .expect("documented notifications")
        .values()
        .map(|e| bytes(&e["value"]))
        .collect::<Vec<_>>();
    assert!(!examples.is_empty());
    let odd: [&[u8]; 9] = [
        br#"{"messages": [{"from": 1, "type": "sticker", "sticker": {"id": "s-1"}, "extra": [1, {"a": null}]}], "events": [{"eventCode": "SESSION_NEW", "at": 1.5}], "actions": [{"actionCode": "X"}]}"#,
        br#"{"type": "messages", "messages": [], "unknown": {"nested": [true]}}"#,
        br#"  {"meta": null, "type": null}"#,
        br#"{"messages": null}"#,
        br#"{"messages": [{"from": true}]}"#,
        br#"{"events": [5]}"#,
        b"[]",
        b"",
        b"{\"messages\": [{\"text\": {\"body\": \"caf\\u00e9 \xc3\xa9\"}}]}",
    ];
    for body in examples.iter().map(Vec::as_slice).chain(odd) {
        let text = String::from_utf8_lossy(body);
        let plain = parse_notification(body);
        let raw = parse_notification_raw(body);
        match (plain, raw) {
            (Ok(plain), Ok(raw)) => {
                assert_eq!(
                    serde_json::to_value(&plain).unwrap(),
                    serde_json::to_value(&raw.notification).unwrap(),
                    "{text}"
                );
                let whole: Value = serde_json::from_slice(body).unwrap();
                for (list, kept) in [
                    ("messages", &raw.messages),
                    ("events", &raw.events),
                    ("actions", &raw.actions),
                ] {
                    let sent = whole[list].as_array().cloned().unwrap_or_default();
                    let kept: Vec<Value> = kept
                        .iter()
                        .map(|r| serde_json::from_str(r.get()).unwrap())
                        .collect();
                    assert_eq!(kept, sent, "{list} of {text}");
                }
            }
            (Err(_), Err(_)) => {}
            (plain, raw) => panic!("{text}: the readers disagree: {plain:?} vs {raw:?}"),
        }
    }
}
