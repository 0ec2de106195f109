//! Property tests: arbitrary bytes and mutated valid payloads never make the webhook parser
//! panic, and every refusal is a clear `Malformed` error.

use proptest::prelude::*;
use serde_json::{Value, json};
use waba_dialog360::webhook::{WebhookError, parse};

fn valid_payloads() -> Vec<Value> {
    vec![
        json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "4930123456789", "phone_number_id": "102290129340398"},
        "contacts": [{"profile": {"name": "Anna"}, "wa_id": "4915112345678"}],
        "messages": [
            {"from": "4915112345678", "id": "wamid.A", "timestamp": "1717171717", "type": "text", "text": {"body": "hi"}},
            {"from": "4915112345678", "id": "wamid.B", "timestamp": "1717171718", "type": "interactive", "interactive": {"type": "list_reply", "list_reply": {"id": "r1", "title": "One"}}},
            {"from": "4915112345678", "id": "wamid.C", "timestamp": "1717171719", "type": "image", "image": {"id": "9", "mime_type": "image/jpeg", "sha256": "abc"}}
        ]}}]}]}),
        json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "statuses": [{"id": "wamid.OUT", "status": "failed", "timestamp": "1717171800", "recipient_id": "4915112345678",
                "errors": [{"code": 131047, "title": "Re-engagement message"}],
                "conversation": {"id": "c1", "origin": {"type": "marketing"}}, "pricing": {"billable": true, "pricing_model": "PMP", "category": "marketing"}}]}}]}]}),
        json!({"contacts": [{"profile": {"name": "Anna"}, "wa_id": "4915112345678"}],
               "messages": [{"from": "4915112345678", "id": "ABGG", "timestamp": "1", "type": "text", "text": {"body": "x"}}]}),
    ]
}

/// Replaces the node at a pseudo-random position of `value` with `replacement`.
fn mutate(value: &mut Value, mut pick: usize, replacement: Value) {
    let mut node = value;
    loop {
        let n = match &*node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if n == 0 || pick.is_multiple_of(4) {
            *node = replacement;
            return;
        }
        let i = pick % n;
        pick /= 4;
        node = match node {
            Value::Object(m) => m.values_mut().nth(i).unwrap(),
            Value::Array(a) => &mut a[i],
            _ => unreachable!("n > 0 only for containers"),
        };
    }
}

fn any_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        Just(json!([])),
        Just(json!({})),
        Just(json!({"type": "hologram", "id": 5})),
    ]
}

fn check(body: &[u8]) -> Result<(), TestCaseError> {
    match parse(body) {
        Ok(payload) => {
            // Everything that parsed can be walked.
            for event in payload.events() {
                let _ = format!("{event:?}");
                if let waba_dialog360::webhook::Event::Message { message, .. } = event {
                    let _ = message.kind();
                }
            }
        }
        Err(WebhookError::Malformed { reason }) => prop_assert!(!reason.is_empty()),
        Err(other) => prop_assert!(false, "unexpected error {other:?}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        check(&bytes)?;
    }

    #[test]
    fn arbitrary_text_starting_like_json_never_panics(text in "\\{.{0,300}") {
        check(text.as_bytes())?;
    }

    #[test]
    fn mutated_json_nodes_never_panic(which in 0usize..3, pick in any::<usize>(), replacement in any_json()) {
        let mut payload = valid_payloads()[which].clone();
        mutate(&mut payload, pick, replacement);
        check(&serde_json::to_vec(&payload).unwrap())?;
    }

    #[test]
    fn byte_level_mutations_never_panic(which in 0usize..3, at in any::<usize>(), byte in any::<u8>(), cut in any::<bool>()) {
        let mut body = serde_json::to_vec(&valid_payloads()[which]).unwrap();
        let i = at % body.len();
        if cut { body.truncate(i) } else { body[i] = byte }
        check(&body)?;
    }
}

#[test]
fn the_unmutated_payloads_parse() {
    for payload in valid_payloads() {
        let events = parse(&serde_json::to_vec(&payload).unwrap())
            .unwrap()
            .events()
            .len();
        assert!(events > 0);
    }
}
