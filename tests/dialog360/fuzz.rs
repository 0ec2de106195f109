//! Property tests: arbitrary bytes and mutated valid payloads never make the webhook parser
//! panic, and every refusal is a clear `Malformed` error; a valid body with any one item
//! corrupted still yields every other item, and the corrupted one as received.

use proptest::prelude::*;
use serde_json::{Value, json};
use waba_dialog360::webhook::{Event, WebhookError, parse};

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

/// A Cloud body with many items: two entries, a `messages` change with three messages, two
/// statuses, an error and a contact, a template status change, and a second entry's message.
fn many_items() -> Value {
    json!({"object": "whatsapp_business_account", "entry": [
        {"id": "1", "changes": [
            {"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "4930123456789", "phone_number_id": "102290129340398"},
                "contacts": [{"profile": {"name": "Anna"}, "wa_id": "4915112345678"}],
                "messages": [
                    {"from": "4915112345678", "id": "wamid.A", "timestamp": "1717171717", "type": "text", "text": {"body": "hi"}},
                    {"from": "4915112345678", "id": "wamid.B", "timestamp": 1717171718, "type": "order", "order": {"catalog_id": "7", "product_items": [{"product_retailer_id": "sku", "quantity": "2", "item_price": 9.5, "currency": "EUR"}]}},
                    {"from": "4915112345678", "id": "wamid.C", "timestamp": "1717171719", "type": "location", "location": {"latitude": 52.5, "longitude": 13.4}}
                ],
                "statuses": [
                    {"id": "wamid.OUT1", "status": "delivered", "timestamp": "1717171800", "recipient_id": "4915112345678"},
                    {"id": "wamid.OUT2", "status": "failed", "timestamp": "1717171801", "recipient_id": "4915112345678", "errors": [{"code": 131047, "title": "Re-engagement message"}]}
                ],
                "errors": [{"code": 131000, "title": "Something went wrong"}]
            }},
            {"field": "message_template_status_update", "value": {"event": "APPROVED", "message_template_id": 42, "message_template_name": "hello", "message_template_language": "de", "reason": "NONE"}}
        ]},
        {"id": "2", "changes": [{"field": "messages", "value": {"messages": [
            {"from": "4915187654321", "id": "wamid.D", "timestamp": "1717171900", "type": "text", "text": {"body": "second entry"}}
        ]}}]}
    ]})
}

/// The items of [`many_items`] that come out as an event each, by JSON pointer.
const ITEMS: &[&str] = &[
    "/entry/0/changes/0/value/messages/0",
    "/entry/0/changes/0/value/messages/1",
    "/entry/0/changes/0/value/messages/2",
    "/entry/0/changes/0/value/statuses/0",
    "/entry/0/changes/0/value/statuses/1",
    "/entry/0/changes/0/value/errors/0",
    "/entry/0/changes/1",
    "/entry/1/changes/0/value/messages/0",
];

/// The raw JSON text each event carries. (Text, not `Value`: a float read back into a `Value`
/// may differ in its last digit.)
fn event_json(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Message { raw, .. }
        | Event::Status { raw, .. }
        | Event::Change { raw, .. }
        | Event::Error { raw, .. }
        | Event::Unparsed { raw, .. } => Some(raw.get().to_string()),
        _ => None,
    }
}

fn one_corrupted_item_loses_nothing_else(
    which: usize,
    pick: usize,
    replacement: Value,
) -> Result<(), TestCaseError> {
    let original = many_items();
    let mut body = original.clone();
    // Corrupt one item: a node inside it (or the item itself) becomes `replacement`.
    mutate(body.pointer_mut(ITEMS[which]).unwrap(), pick, replacement);
    let corrupted = body.pointer(ITEMS[which]).unwrap().clone();
    let payload = parse(&serde_json::to_vec(&body).unwrap())
        .map_err(|e| TestCaseError::fail(format!("the body no longer parses: {e}")))?;
    let events = payload.events();
    let got: Vec<String> = events.iter().filter_map(event_json).collect();
    for (i, pointer) in ITEMS.iter().enumerate() {
        // The body was written by serde_json, so each item's text is its `to_string`.
        let item = serde_json::to_string(if i == which {
            &corrupted
        } else {
            original.pointer(pointer).unwrap()
        })
        .unwrap();
        prop_assert!(
            got.contains(&item),
            "item {pointer} is missing (corrupted {}): {events:?}",
            ITEMS[which]
        );
    }
    // Every other item is delivered typed (not as unparsed).
    let unparsed = events
        .iter()
        .filter(|e| matches!(e, Event::Unparsed { .. }))
        .count();
    prop_assert!(unparsed <= 1, "{events:?}");
    // The contact is untouched, so the messages of the first change still find it.
    for event in &events {
        if let Event::Message {
            message, contact, ..
        } = event
            && message.from.as_deref() == Some("4915112345678")
        {
            prop_assert!(contact.is_some());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_body_with_one_corrupted_item_yields_every_other_item(
        which in 0usize..ITEMS.len(),
        pick in any::<usize>(),
        replacement in any_json(),
    ) {
        one_corrupted_item_loses_nothing_else(which, pick, replacement)?;
    }

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

#[test]
fn the_many_items_body_gives_one_event_per_item() {
    let body = serde_json::to_vec(&many_items()).unwrap();
    let payload = parse(&body).unwrap();
    let events = payload.events();
    assert_eq!(events.len(), ITEMS.len(), "{events:?}");
    assert!(!events.iter().any(|e| matches!(e, Event::Unparsed { .. })));
    // A whole item replaced by a number is kept as unparsed, the rest typed.
    for which in 0..ITEMS.len() {
        one_corrupted_item_loses_nothing_else(which, 0, json!(7)).unwrap();
    }
}
