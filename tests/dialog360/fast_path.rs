//! The fast path of the webhook parse (the whole body read strictly in one pass, each item
//! parsed in place) gives the same items as the tolerant path (each item read from its raw
//! text on its own), and a body the typed items could not hold whole goes the tolerant way.

use serde_json::{Value, json};
use waba_dialog360::types::{CloudWebhook, OnPremiseWebhook};
use waba_dialog360::webhook::{Event, Payload, parse};
use waba_runtime::webhook::from_slice_strict;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/realworld/cloud-api/webhooks"
);

/// The `Debug` text of a typed value with every nested item's raw JSON cut out: the tolerant
/// path keeps it, the fast path writes it only when asked, and it is compared on its own.
fn typed_debug(value: &impl std::fmt::Debug) -> String {
    let text = format!("{value:?}");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("raw: OnceLock(") {
        out.push_str(&rest[..at]);
        rest = &rest[at + "raw: OnceLock(".len()..];
        // Skip to the closing parenthesis, outside the JSON strings of the raw text.
        let (mut depth, mut in_string, mut escaped) = (1, false, false);
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match (in_string, escaped, c) {
                (true, true, _) => escaped = false,
                (true, false, '\\') => escaped = true,
                (true, false, '"') => in_string = false,
                (false, _, '"') => in_string = true,
                (false, _, '(') => depth += 1,
                (false, _, ')') => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// What an event says, typed (`Debug`, nested raw JSON cut out) and as JSON (its raw JSON).
fn describe(event: &Event<'_>) -> (String, Value) {
    let json = |raw: &waba_dialog360::webhook::RawValue| -> Value {
        serde_json::from_str(raw.get()).unwrap()
    };
    match event {
        Event::Message {
            message,
            raw,
            contact,
            metadata,
        } => (typed_debug(&(message, contact, metadata)), json(raw)),
        Event::Status {
            status,
            raw,
            metadata,
        } => (typed_debug(&(status, metadata)), json(raw)),
        Event::Error { error, raw } => (typed_debug(error), json(raw)),
        Event::Change { change, raw } => (typed_debug(change), json(raw)),
        Event::Unparsed { at, raw, reason } => (format!("unparsed {at:?} {reason}"), json(raw)),
        other => panic!("{other:?}"),
    }
}

/// Reads `body` both ways. `None` when the fast read refuses it; else asserts that both give
/// the same events (typed and as JSON, in order) and that the JSON written back is the same.
fn both_ways(name: &str, body: &[u8]) -> Option<usize> {
    let fast_cloud = body.windows(7).any(|w| w == b"\"entry\"");
    let (fast, tolerant) = if fast_cloud {
        let tolerant: CloudWebhook =
            serde_json::from_slice(body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let fast = from_slice_strict::<CloudWebhook>(body).ok()?;
        (Payload::Cloud(fast), Payload::Cloud(tolerant))
    } else {
        let tolerant: OnPremiseWebhook =
            serde_json::from_slice(body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let fast = from_slice_strict::<OnPremiseWebhook>(body).ok()?;
        (Payload::OnPremise(fast), Payload::OnPremise(tolerant))
    };
    let (a, b) = (fast.events(), tolerant.events());
    assert_eq!(a.len(), b.len(), "{name}");
    assert!(!a.is_empty(), "{name}");
    for (x, y) in a.iter().zip(&b) {
        assert!(
            !matches!(x, Event::Unparsed { .. }),
            "{name}: the fast read keeps no unparsed item"
        );
        assert_eq!(describe(x), describe(y), "{name}");
    }
    let written = |p: &Payload| match p {
        Payload::Cloud(c) => serde_json::to_value(c).unwrap(),
        Payload::OnPremise(f) => serde_json::to_value(f).unwrap(),
    };
    assert_eq!(written(&fast), written(&tolerant), "{name}");
    // And `parse` gives the same, since it takes the fast path.
    let parsed = parse(body).unwrap();
    let c: Vec<_> = parsed.events().iter().map(describe).collect();
    let a: Vec<_> = a.iter().map(describe).collect();
    assert_eq!(c, a, "{name}");
    Some(a.len())
}

#[test]
fn every_corpus_body_the_fast_read_takes_gives_the_same_items_as_the_tolerant_read() {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 81);
    let mut fast = Vec::new();
    for name in &names {
        let body = std::fs::read(format!("{DIR}/{name}")).unwrap();
        if both_ways(name, &body).is_some() {
            fast.push(name.as_str());
        }
    }
    // Most bodies fit the types whole; the others (a null, a float, a key the types do not
    // describe, a value that does not fit, ...) go the tolerant way, checked below and by the
    // corpus test.
    println!(
        "{} of {} corpus bodies take the fast path",
        fast.len(),
        names.len()
    );
    assert!(
        fast.len() >= 40,
        "only {} take the fast path: {fast:?}",
        fast.len()
    );
}

/// The documented webhook payloads of the spec, as JSON bodies.
fn documented() -> Vec<(String, Value)> {
    let spec = waba_workspace_tests::spec("dialog360");
    let schemas = &spec["components"]["schemas"];
    let mut out = Vec::new();
    for name in ["CloudWebhook", "OnPremiseWebhook", "WebhookChange"] {
        let mut examples = vec![(format!("{name} example"), schemas[name]["example"].clone())];
        for (k, v) in schemas[name]["x-waba-examples"]
            .as_object()
            .into_iter()
            .flatten()
        {
            examples.push((format!("{name} {k}"), v.clone()));
        }
        for (label, example) in examples {
            assert!(!example.is_null(), "{label}");
            let body = if name == "WebhookChange" {
                json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [example]}]})
            } else {
                example
            };
            out.push((label, body));
        }
    }
    out
}

/// `value` written as JSON text with every object's `field` key written last.
fn field_last(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut pairs: Vec<_> = map.iter().filter(|(k, _)| *k != "field").collect();
            pairs.extend(map.get_key_value("field"));
            let pairs: Vec<String> = pairs
                .into_iter()
                .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), field_last(v)))
                .collect();
            format!("{{{}}}", pairs.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(field_last).collect();
            format!("[{}]", items.join(","))
        }
        scalar => scalar.to_string(),
    }
}

#[test]
fn the_documented_payloads_give_the_same_items_both_ways() {
    let mut fast = 0;
    let documented = documented();
    for (label, body) in &documented {
        // Written with the keys sorted (`field` before `value`) and as Meta writes a change
        // (`value` before `field`): the fast read takes both.
        let sorted = serde_json::to_vec(body).unwrap();
        let meta_order = field_last(body);
        assert!(meta_order.contains(r#"},"field":"#) || !meta_order.contains("\"field\""));
        for bytes in [sorted, meta_order.into_bytes()] {
            if both_ways(label, &bytes).is_some() {
                fast += 1;
            }
        }
    }
    println!(
        "{fast} of {} documented bodies take the fast path",
        2 * documented.len()
    );
    assert!(fast > documented.len(), "{fast}");
}

/// The documented body with several items, its one float (a price) written as a string: a
/// float never takes the fast path (see below).
fn several_items() -> Value {
    let spec = waba_workspace_tests::spec("dialog360");
    let mut body =
        spec["components"]["schemas"]["CloudWebhook"]["x-waba-examples"]["several_items"].clone();
    let price = body
        .pointer_mut("/entry/0/changes/0/value/messages/1/order/product_items/0/item_price")
        .unwrap();
    assert!(price.is_f64());
    *price = json!("89.90");
    body
}

#[test]
fn a_body_the_types_cannot_hold_whole_goes_the_tolerant_way_and_loses_nothing() {
    let base = several_items();
    let bytes = serde_json::to_vec(&base).unwrap();
    assert!(
        both_ways("several_items", &bytes).is_some(),
        "the base body takes the fast path"
    );
    let message = "/entry/0/changes/0/value/messages/0";
    let cases: Vec<(&str, &str, Value)> = vec![
        // A key no type describes, in a message, in nested parts and beside `field`/`value`.
        (
            "unknown key in a message",
            message,
            json!({"surprise": {"x": 1}}),
        ),
        (
            "unknown key in a nested part",
            "/entry/0/changes/0/value/messages/0/text",
            json!({"preview": true}),
        ),
        (
            "unknown key in the metadata",
            "/entry/0/changes/0/value/metadata",
            json!({"extra": 1}),
        ),
        (
            "unknown key beside field and value",
            "/entry/0/changes/1",
            json!({"extra": "x"}),
        ),
        // A message type this crate does not know: its content goes to no field.
        (
            "unknown message type",
            message,
            json!({"type": "hologram", "hologram": {"frames": 3}}),
        ),
        // A value that does not fit: that message is kept raw with the reason.
        (
            "bad value",
            message,
            json!({"type": "location", "location": {"latitude": "north"}}),
        ),
        // What a typed value would write back differently.
        ("null", message, json!({"context": null})),
        (
            "empty array",
            "/entry/0/changes/0/value",
            json!({"errors": []}),
        ),
        (
            "float",
            "/entry/0/changes/0/value/statuses/0",
            json!({"timestamp": 1718031400.5}),
        ),
    ];
    for (label, pointer, patch) in cases {
        let mut body = base.clone();
        let target = body.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
        for (k, v) in patch.as_object().unwrap() {
            target.insert(k.clone(), v.clone());
        }
        let bytes = serde_json::to_vec(&body).unwrap();
        assert!(
            from_slice_strict::<CloudWebhook>(&bytes).is_err(),
            "{label}: the fast read refuses it"
        );
        let payload = parse(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        let events = payload.events();
        let raws: Vec<Value> = events.iter().map(|e| describe(e).1).collect();
        assert_eq!(
            raws,
            super::cloud_items(&body, &["messages", "statuses", "errors"]),
            "{label}: every item, as sent"
        );
        let unparsed = events
            .iter()
            .filter(|e| matches!(e, Event::Unparsed { .. }))
            .count();
        assert_eq!(
            unparsed,
            usize::from(label == "bad value"),
            "{label}: {events:?}"
        );
    }
}

#[test]
fn an_unknown_webhook_field_takes_the_fast_path_with_its_value_kept() {
    let change = json!({"field": "hologram_update", "value": {"frames": [1, 2], "id": "x"}});
    let body =
        json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]});
    for bytes in [
        serde_json::to_vec(&body).unwrap(),
        field_last(&body).into_bytes(),
    ] {
        assert_eq!(both_ways("unknown field", &bytes), Some(1));
        let payload = parse(&bytes).unwrap();
        let events = payload.events();
        assert_eq!(describe(&events[0]).1, change);
    }
}

/// Every object of `value` (itself included), depth first.
fn objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            out.push(value);
            map.values().for_each(|v| objects(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| objects(v, out)),
        _ => {}
    }
}

/// Reads `text` as an item of type `T` the tolerant way, as the crate now does (the strict
/// read's code, lenient) and as it did before with a plain `Deserialize` (`reference`), and
/// asserts the two agree: the same typed value and JSON, or the same error message.
fn tolerant_agrees<T>(label: &str, text: &str, reference: fn(&str) -> serde_json::Result<T>)
where
    T: waba_runtime::webhook::FromRawJson + std::fmt::Debug + serde::Serialize,
{
    match (T::from_raw_json(text), reference(text)) {
        (Ok(a), Ok(b)) => {
            assert_eq!(typed_debug(&a), typed_debug(&b), "{label}: {text}");
            assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&b).unwrap(),
                "{label}: {text}"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{label}: {text}"),
        (a, b) => panic!(
            "{label}: {text}\n  lenient: {:?}\n  plain: {:?}",
            a.map(|_| ()),
            b.map(|_| ())
        ),
    }
}

/// Reads every object of `body`, as written and with `field` keys last, as every item type,
/// both ways.
fn every_object_agrees(label: &str, body: &Value) {
    use waba_dialog360::types::*;
    use waba_runtime::webhook::from_str_explained as plain;
    let mut all = Vec::new();
    objects(body, &mut all);
    for object in all {
        for text in [serde_json::to_string(object).unwrap(), field_last(object)] {
            let text = text.as_str();
            // A tagged union's plain read is its own `Deserialize` (the tag, then the content).
            tolerant_agrees::<waba_dialog360::webhook::WebhookChange>(label, text, |t| {
                serde_json::from_str(t)
            });
            tolerant_agrees::<AutomaticEvent>(label, text, plain);
            tolerant_agrees::<CallEvent>(label, text, plain);
            tolerant_agrees::<GroupEvent>(label, text, plain);
            tolerant_agrees::<GroupParticipant>(label, text, plain);
            tolerant_agrees::<HistoryChunk>(label, text, plain);
            tolerant_agrees::<HistoryThread>(label, text, plain);
            tolerant_agrees::<InboundMessage>(label, text, plain);
            tolerant_agrees::<MessageStatus>(label, text, plain);
            tolerant_agrees::<StateSyncItem>(label, text, plain);
            tolerant_agrees::<TrackingEvent>(label, text, plain);
            tolerant_agrees::<UserPreference>(label, text, plain);
            tolerant_agrees::<WebhookContact>(label, text, plain);
            tolerant_agrees::<WhatsAppError>(label, text, plain);
        }
    }
}

#[test]
fn the_tolerant_read_reads_every_item_as_a_plain_read_does() {
    // The tolerant read runs the strict read's code, lenient. It must read every item as
    // serde's plain reader does: the same value, or the same error (reasons of unparsed
    // items are what users see). Every object of every corpus and documented body is read as
    // every item type, fitting or not, and so are bodies with the faults the strict read
    // refuses.
    let mut names: Vec<_> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in &names {
        let body: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        every_object_agrees(&path.display().to_string(), &body);
    }
    for (label, body) in documented() {
        every_object_agrees(&label, &body);
    }
    let change = |c: Value| json!({"entry": [{"changes": [c]}]});
    let faults = [
        change(json!({"field": "messages", "value": null})),
        change(json!({"field": "messages"})),
        change(json!({"value": {"messaging_product": "whatsapp"}})),
        change(json!({"field": 5, "value": {}})),
        change(json!({"field": "hologram", "value": null})),
        change(json!({"field": "hologram", "value": [1, 2.5]})),
        change(json!({"field": "calls", "value": {"calls": [{"id": 5}]}, "extra": true})),
        change(json!({"field": "messages", "value": {"messages": [{"type": "text"}]}})),
        json!({"messages": [
            {"from": "1", "id": "a", "timestamp": "1", "type": "location",
             "location": {"latitude": "north"}},
            {"from": "1", "id": "b", "timestamp": "1", "type": "text", "text": {"body": "x"},
             "context": null, "surprise": {"x": [1.5e3, null, []]}},
            {"id": "c", "status": "read", "timestamp": 1718031400.5, "errors": []},
        ]}),
        json!(["field", "messages"]),
    ];
    for (i, body) in faults.iter().enumerate() {
        every_object_agrees(&format!("fault {i}"), body);
    }
    // An array, not an object, is refused both ways.
    tolerant_agrees::<waba_dialog360::types::InboundMessage>(
        "array",
        "[1]",
        waba_runtime::webhook::from_str_explained,
    );
}

#[test]
fn a_change_read_as_the_kind_its_text_suggests_gives_what_the_tolerant_read_gives() {
    // Meta writes `value` before `field`; the fast read reads the value in place as the kind
    // the next `"field": "..."` of the text names, and checks that guess when it reads
    // `field`. A wrong guess may cost speed, never the result: these bodies mislead it.
    let metadata = json!({"display_phone_number": "15550001111", "phone_number_id": "1"});
    let bodies = [
        // A `field` pair inside the value of a field this crate does not know.
        r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[
            {"value":{"x":{"field":"calls"}},"field":"hologram_update"}]}]}"#
            .to_string(),
        // A tag written with an escape (not noted), so the next change's tag is guessed.
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[
            {{"value":{{"messaging_product":"whatsapp","metadata":{metadata}}},"field":"mess\u0061ges"}},
            {{"value":{{"event":"VERIFIED_ACCOUNT"}},"field":"account_update"}}]}}]}}"#
        ),
        // A value every kind can hold, the next change's tag guessed: read in place as the
        // wrong kind, which only the check of the guess against `field` catches.
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[
            {{"value":{{}},"field":"account\u005fupdate"}},
            {{"value":{{"messaging_product":"whatsapp","metadata":{metadata}}},"field":"messages"}}]}}]}}"#
        ),
        // The same, the other way round.
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[
            {{"value":{{"event":"VERIFIED_ACCOUNT"}},"field":"account\u005fupdate"}},
            {{"value":{{"messaging_product":"whatsapp","metadata":{metadata}}},"field":"messages"}}]}}]}}"#
        ),
    ];
    for body in &bodies {
        let parsed = parse(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"));
        let tolerant = waba_runtime::webhook::from_str_lenient::<CloudWebhook>(body).unwrap();
        let tolerant = Payload::Cloud(tolerant);
        let (a, b) = (parsed.events(), tolerant.events());
        assert!(!a.is_empty(), "{body}");
        let a: Vec<_> = a.iter().map(describe).collect();
        let b: Vec<_> = b.iter().map(describe).collect();
        assert_eq!(a, b, "{body}");
    }
    // And a body written as Meta writes it takes the fast path with every change typed.
    let documented = documented();
    let (_, body) = documented
        .iter()
        .find(|(label, _)| label == "CloudWebhook example")
        .unwrap();
    let meta_order = field_last(body);
    assert!(
        meta_order.contains(r#"},"field":"messages""#),
        "{meta_order}"
    );
    assert!(both_ways("Meta's order", meta_order.as_bytes()).is_some());
}
