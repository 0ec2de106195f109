//! Webhook payloads: every inbound type and status, the On-Premise payload, unknown types,
//! missing senders, malformed bodies and wrong secret headers.

use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use waba_dialog360::open_enums::{
    AutomaticEventName, GroupEventType, HandoverType, HistoryMessageStatus, InboundMessageType,
    PartnerSolutionStatus, PaymentConfigurationStatus, StateSyncAction, StatusValue,
};
use waba_dialog360::webhook::{
    Event, InboundKind, ItemKind, Payload, Verifier, WebhookChange, WebhookError, parse,
};

fn cloud(messages: Vec<Value>, statuses: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "104010102637483",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "4930123456789", "phone_number_id": "102290129340398"},
                    "contacts": [{"profile": {"name": "Anna Schmidt"}, "wa_id": "4915112345678"}],
                    "messages": messages,
                    "statuses": statuses
                }
            }]
        }]
    }))
    .unwrap()
}

fn inbound(kind: &str, content: Value) -> Value {
    let mut m = json!({"from": "4915112345678", "id": "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBCNkQ3RkI3QjI4NDg1QzFBAA==", "timestamp": "1717171717", "type": kind});
    if let Value::Object(extra) = content {
        m.as_object_mut().unwrap().extend(extra);
    }
    m
}

fn media(extra: Value) -> Value {
    let mut m = json!({"id": "1037543291543636", "mime_type": "image/jpeg", "sha256": "0bf1c6c8a9f8d0e6f4b2d5a3e9c1b7a5d3f1e9c7b5a3d1f9e7c5b3a1d9f7e5c3"});
    m.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    m
}

/// What a parsed kind must satisfy.
type Check = fn(&InboundKind) -> bool;

fn only_message(body: &[u8]) -> (Payload, usize) {
    let payload = parse(body).unwrap_or_else(|e| panic!("{e}"));
    let n = payload.events().len();
    (payload, n)
}

#[test]
fn every_inbound_type_parses_into_its_kind() {
    let cases: Vec<(&str, Value, Check)> = vec![
        (
            "text",
            json!({"text": {"body": "Where is my order?"}}),
            |k| matches!(k, InboundKind::Text(t) if t.body.as_deref() == Some("Where is my order?")),
        ),
        (
            "reaction",
            json!({"reaction": {"message_id": "wamid.X", "emoji": "❤️"}}),
            |k| matches!(k, InboundKind::Reaction(r) if r.emoji.as_deref() == Some("❤️")),
        ),
        (
            "image",
            json!({"image": media(json!({"caption": "the receipt"}))}),
            |k| matches!(k, InboundKind::Image(m) if m.caption.as_deref() == Some("the receipt")),
        ),
        (
            "audio",
            json!({"audio": media(json!({"mime_type": "audio/ogg; codecs=opus", "voice": true}))}),
            |k| matches!(k, InboundKind::Audio(m) if m.voice == Some(true)),
        ),
        (
            "video",
            json!({"video": media(json!({"mime_type": "video/mp4"}))}),
            |k| matches!(k, InboundKind::Video(_)),
        ),
        (
            "document",
            json!({"document": media(json!({"mime_type": "application/pdf", "filename": "invoice.pdf"}))}),
            |k| matches!(k, InboundKind::Document(m) if m.filename.as_deref() == Some("invoice.pdf")),
        ),
        (
            "sticker",
            json!({"sticker": media(json!({"mime_type": "image/webp", "animated": false}))}),
            |k| matches!(k, InboundKind::Sticker(_)),
        ),
        (
            "location",
            json!({"location": {"latitude": 52.52, "longitude": 13.405, "name": "Alexanderplatz", "address": "10178 Berlin"}}),
            |k| matches!(k, InboundKind::Location(l) if l.latitude == Some(52.52)),
        ),
        (
            "contacts",
            json!({"contacts": [{"name": {"formatted_name": "Bob Meyer", "first_name": "Bob"}, "phones": [{"phone": "+49 170 1234567", "type": "CELL", "wa_id": "491701234567"}]}]}),
            |k| matches!(k, InboundKind::Contacts(c) if c[0].name.formatted_name == "Bob Meyer"),
        ),
        (
            "button",
            json!({"button": {"payload": "RESCHEDULE_10234", "text": "Reschedule"}}),
            |k| matches!(k, InboundKind::Button(b) if b.payload.as_deref() == Some("RESCHEDULE_10234")),
        ),
        (
            "interactive",
            json!({"interactive": {"type": "button_reply", "button_reply": {"id": "slot-morning", "title": "Morning"}}}),
            |k| matches!(k, InboundKind::ButtonReply(b) if b.id.as_deref() == Some("slot-morning")),
        ),
        (
            "interactive",
            json!({"interactive": {"type": "list_reply", "list_reply": {"id": "pizza-funghi", "title": "Funghi", "description": "Tomato, mozzarella, mushrooms"}}}),
            |k| matches!(k, InboundKind::ListReply(l) if l.id.as_deref() == Some("pizza-funghi")),
        ),
        (
            "interactive",
            json!({"interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent", "response_json": "{\"flow_token\":\"t\"}"}}}),
            |k| matches!(k, InboundKind::FlowReply(_)),
        ),
        (
            "order",
            json!({"order": {"catalog_id": "1234", "text": "please deliver fast", "product_items": [{"product_retailer_id": "sku-1", "quantity": 2, "item_price": 9.5, "currency": "EUR"}]}}),
            |k| matches!(k, InboundKind::Order(o) if o.product_items.len() == 1),
        ),
        (
            "system",
            json!({"system": {"body": "User A changed from 4915112345678 to 4915187654321", "new_wa_id": "4915187654321", "type": "user_changed_number"}}),
            |k| matches!(k, InboundKind::System(s) if s.new_wa_id.as_deref() == Some("4915187654321")),
        ),
    ];
    for (kind, content, check) in cases {
        let body = cloud(vec![inbound(kind, content.clone())], vec![]);
        let (payload, n) = only_message(&body);
        assert_eq!(n, 1, "{kind}");
        let events = payload.events();
        let Event::Message {
            message,
            contact,
            metadata,
            ..
        } = events[0]
        else {
            panic!("{kind}: not a message")
        };
        assert_eq!(message.sender(), Some("4915112345678"));
        assert_eq!(
            contact
                .and_then(|c| c.profile.as_ref())
                .and_then(|p| p.name.as_deref()),
            Some("Anna Schmidt")
        );
        assert_eq!(
            metadata.and_then(|m| m.phone_number_id.as_deref()),
            Some("102290129340398")
        );
        assert!(
            !message.type_.as_ref().unwrap().is_other(),
            "{kind} is a known type"
        );
        let k = message.kind();
        assert!(check(&k), "{kind}: {content} parsed as {k:?}");
    }
}

#[test]
fn a_reply_carries_its_context_and_a_referral_its_ad() {
    let body = cloud(
        vec![inbound(
            "text",
            json!({"text": {"body": "yes"}, "context": {"from": "4930123456789", "id": "wamid.PARENT"}, "referral": {"source_url": "https://fb.me/ad", "source_type": "ad", "source_id": "120", "headline": "Spring sale", "media_type": "image", "ctwa_clid": "ARA"}}),
        )],
        vec![],
    );
    let payload = parse(&body).unwrap();
    let Event::Message { message, .. } = payload.events()[0] else {
        panic!()
    };
    assert_eq!(
        message.context.as_ref().and_then(|c| c.id.as_deref()),
        Some("wamid.PARENT")
    );
    assert_eq!(
        message
            .referral
            .as_ref()
            .and_then(|r| r.headline.as_deref()),
        Some("Spring sale")
    );
}

#[test]
fn every_status_parses_with_conversation_pricing_and_errors() {
    let status = |s: &str| {
        json!({"id": "wamid.OUT", "status": s, "timestamp": "1717171800", "recipient_id": "4915112345678",
               "conversation": {"id": "c0f6a1e9b7d5", "expiration_timestamp": "1717258200", "origin": {"type": "utility"}},
               "pricing": {"billable": true, "pricing_model": "PMP", "category": "utility", "type": "regular"},
               "biz_opaque_callback_data": "ticket-8841"})
    };
    let mut failed = json!({"id": "wamid.OUT2", "status": "failed", "timestamp": "1717171900", "recipient_id": "4915112345678"});
    failed["errors"] = json!([{"code": 131047, "title": "Re-engagement message", "message": "Re-engagement message", "error_data": {"details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."}, "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]);
    let body = cloud(
        vec![],
        vec![status("sent"), status("delivered"), status("read"), failed],
    );
    let payload = parse(&body).unwrap();
    let statuses: Vec<_> = payload
        .events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Status { status, .. } => Some(status.clone()),
            _ => None,
        })
        .collect();
    let values: Vec<_> = statuses.iter().map(|s| s.status.clone()).collect();
    assert_eq!(
        values,
        [
            StatusValue::Sent,
            StatusValue::Delivered,
            StatusValue::Read,
            StatusValue::Failed
        ]
    );
    let first = &statuses[0];
    assert_eq!(first.pricing.as_ref().and_then(|p| p.billable), Some(true));
    assert_eq!(
        first
            .conversation
            .as_ref()
            .and_then(|c| c.origin.as_ref())
            .and_then(|o| o.type_.as_ref())
            .map(|t| t.as_str()),
        Some("utility")
    );
    assert_eq!(
        first.biz_opaque_callback_data.as_deref(),
        Some("ticket-8841")
    );
    assert!(statuses[3].is_failed());
    assert_eq!(statuses[3].errors[0].parsed().unwrap().code, 131047);
}

#[test]
fn an_unknown_message_type_and_status_parse_and_keep_their_raw_json() {
    let body = cloud(
        vec![inbound(
            "hologram",
            json!({"hologram": {"frames": 24, "uri": "holo://x"}}),
        )],
        vec![
            json!({"id": "wamid.OUT", "status": "teleported", "timestamp": "1717171800", "recipient_id": "4915112345678"}),
        ],
    );
    let payload = parse(&body).unwrap();
    let events = payload.events();
    let Event::Message { message, raw, .. } = events[0] else {
        panic!()
    };
    assert_eq!(
        message.type_,
        Some(InboundMessageType::Other("hologram".into()))
    );
    match message.kind() {
        InboundKind::Other { type_name } => assert_eq!(type_name, "hologram"),
        k => panic!("{k:?}"),
    }
    // The unknown content is in the message's raw JSON.
    let raw: serde_json::Value = serde_json::from_str(raw.get()).unwrap();
    assert_eq!(raw["hologram"], json!({"frames": 24, "uri": "holo://x"}));
    let Event::Status { status, .. } = events[1] else {
        panic!()
    };
    assert_eq!(status.status, StatusValue::Other("teleported".into()));
    assert_eq!(status.status.to_string(), "teleported");
}

#[test]
fn a_message_without_from_uses_the_business_scoped_id() {
    let mut m = inbound(
        "text",
        json!({"text": {"body": "hi"}, "from_user_id": "US.13491208655302741918"}),
    );
    m.as_object_mut().unwrap().remove("from");
    let payload = parse(&cloud(vec![m], vec![])).unwrap();
    let Event::Message { message, .. } = payload.events()[0] else {
        panic!()
    };
    assert_eq!(message.from, None);
    assert_eq!(message.sender(), Some("US.13491208655302741918"));
}

#[test]
fn the_on_premise_flat_payload_parses() {
    let body = serde_json::to_vec(&json!({
        "contacts": [{"profile": {"name": "Anna"}, "wa_id": "4915112345678"}],
        "messages": [{"from": "4915112345678", "id": "ABGGFlA5FpafAgo6EhWWCPQpBcAl", "timestamp": "1717171717", "type": "text", "text": {"body": "hello"}}],
        "statuses": [{"id": "gBGGSFcCNEOPAgkO_KJ55r4w_ww", "status": "sending", "timestamp": "1717171718", "recipient_id": "4915112345678"}]
    }))
    .unwrap();
    let payload = parse(&body).unwrap();
    assert!(matches!(payload, Payload::OnPremise(_)));
    let events = payload.events();
    assert!(
        matches!(events[0], Event::Message { message, .. } if matches!(message.kind(), InboundKind::Text(_)))
    );
    assert!(
        matches!(events[1], Event::Status { status, .. } if status.status == StatusValue::Sending)
    );
}

/// The parser reads a body that does not spell `"entry"` as On-Premise without trying the
/// Cloud shape first; a Cloud body whose `entry` key is written with a JSON escape must still
/// be read as Cloud.
#[test]
fn a_cloud_body_with_an_escaped_entry_key_is_still_cloud() {
    let text = String::from_utf8(cloud(vec![], vec![])).unwrap();
    assert!(text.contains("\"entry\""));
    let escaped = text.replacen("\"entry\"", "\"\\u0065ntry\"", 1);
    assert!(!escaped.contains("\"entry\""));
    let payload = parse(escaped.as_bytes()).unwrap();
    assert!(matches!(payload, Payload::Cloud(_)), "{payload:?}");
}

#[test]
fn malformed_bodies_are_clear_errors() {
    for body in [
        &b"{not json"[..],
        b"",
        b"[]",
        b"{\"object\":\"whatsapp_business_account\",\"entry\":\"nope\"}",
        b"\xff\xfe",
    ] {
        let err = parse(body).unwrap_err();
        assert!(matches!(err, WebhookError::Malformed { .. }), "{err:?}");
        assert!(
            err.to_string().starts_with("webhook body is malformed"),
            "{err}"
        );
    }
    // JSON is UTF-8 text: a body that is not says so, with where it breaks.
    let err = parse(b"{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"\xff\"}]}")
        .unwrap_err();
    assert!(
        err.to_string().contains("not UTF-8") && err.to_string().contains("index 54"),
        "{err}"
    );
}

#[test]
fn an_item_missing_a_required_field_is_kept_raw_with_the_field_named() {
    // A message without `id`: the body parses, the message is kept raw with the reason.
    let payload = parse(b"{\"object\": \"whatsapp_business_account\", \"entry\": [{\"changes\": [{\"field\": \"messages\", \"value\": {\"messages\": [{\"type\": \"text\"}]}}]}]}").unwrap();
    let events = payload.events();
    assert_eq!(events.len(), 1, "{events:?}");
    let Event::Unparsed { at, raw, reason } = events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(at, ItemKind::Message);
    assert_eq!(raw.get(), r#"{"type": "text"}"#);
    assert!(reason.contains("missing field `id`"), "{reason}");
    // A change without `field`: kept raw, the reason names `field`.
    let payload = parse(
        br#"{"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {}}]}]}"#,
    )
    .unwrap();
    let events = payload.events();
    let Event::Unparsed { at, reason, .. } = events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(at, ItemKind::Change);
    assert!(reason.contains("missing field `field`"), "{reason}");
}

#[test]
fn the_registered_header_is_checked_before_parsing() {
    let verifier = Verifier::new()
        .header("Authorization", "Basic dGVzdHVzZXI6dGVzdHBhc3M=")
        .unwrap();
    let body = cloud(
        vec![inbound("text", json!({"text": {"body": "hi"}}))],
        vec![],
    );
    let mut headers = HeaderMap::new();
    assert!(matches!(
        verifier.parse(&headers, &body),
        Err(WebhookError::MissingHeader { .. })
    ));
    headers.insert("authorization", "Basic d3Jvbmc6d3Jvbmc=".parse().unwrap());
    let err = verifier.parse(&headers, &body).unwrap_err();
    assert!(matches!(err, WebhookError::WrongSecret { .. }));
    assert!(!format!("{err} {err:?} {verifier:?}").contains("dGVzdHVzZXI6dGVzdHBhc3M="));
    // A wrong secret is refused even when the body is garbage: the check comes first.
    assert!(matches!(
        verifier.parse(&headers, b"garbage"),
        Err(WebhookError::WrongSecret { .. })
    ));
    headers.insert(
        "authorization",
        "Basic dGVzdHVzZXI6dGVzdHBhc3M=".parse().unwrap(),
    );
    assert_eq!(verifier.parse(&headers, &body).unwrap().events().len(), 1);
}

#[test]
fn the_specs_webhook_examples_parse() {
    for schema in ["CloudWebhook", "OnPremiseWebhook"] {
        let example = waba_workspace_tests::schema_example("dialog360", schema);
        let payload = parse(&serde_json::to_vec(&example).unwrap())
            .unwrap_or_else(|e| panic!("{schema}: {e}"));
        assert!(!payload.events().is_empty(), "{schema}");
    }
}

/// Every `x-waba-examples` entry of `WebhookChange` (one per documented webhook field), in a
/// Cloud envelope, parses into the variant its field names, with the documented values.
#[test]
fn every_documented_webhook_field_parses_into_its_type() {
    let spec = waba_workspace_tests::spec("dialog360");
    let examples = spec["components"]["schemas"]["WebhookChange"]["x-waba-examples"]
        .as_object()
        .unwrap()
        .clone();
    let mapping = spec["components"]["schemas"]["WebhookChange"]["x-waba-tagged"]["mapping"]
        .as_object()
        .unwrap()
        .clone();
    // Every mapped field but `messages` (covered by the tests above) has an example.
    for field in mapping.keys().filter(|f| *f != "messages") {
        assert!(examples.contains_key(field), "no example for `{field}`");
    }
    for (field, change) in &examples {
        let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]});
        let payload = parse(&serde_json::to_vec(&body).unwrap()).unwrap();
        let events = payload.events();
        assert_eq!(events.len(), 1, "{field}: {events:?}");
        let Event::Change { change: typed, raw } = events[0] else {
            panic!("{field}: {events:?}")
        };
        assert_eq!(typed.tag(), field);
        assert!(!matches!(typed, WebhookChange::Other { .. }), "{field}");
        assert_eq!(&serde_json::from_str::<Value>(raw.get()).unwrap(), change);
        // The typed value written back is the documented value.
        let written = serde_json::to_value(typed).unwrap();
        assert_eq!(&written, change, "{field}");
    }
}

#[test]
fn documented_field_values_are_typed() {
    let spec = waba_workspace_tests::spec("dialog360");
    let examples = &spec["components"]["schemas"]["WebhookChange"]["x-waba-examples"];
    let change = |field: &str| -> WebhookChange {
        serde_json::from_value(examples[field].clone()).unwrap_or_else(|e| panic!("{field}: {e}"))
    };
    let WebhookChange::MessageTemplateStatusUpdate(u) = change("message_template_status_update")
    else {
        panic!()
    };
    assert_eq!(u.event.as_deref(), Some("REJECTED"));
    assert_eq!(u.message_template_id.unwrap().as_str(), "1689556908129835");
    let WebhookChange::Calls(c) = change("calls") else {
        panic!()
    };
    let call = c.calls[0].parsed().unwrap();
    assert_eq!(call.direction.as_deref(), Some("USER_INITIATED"));
    assert_eq!(call.duration.as_ref().unwrap().as_str(), "120");
    let WebhookChange::SmbMessageEchoes(e) = change("smb_message_echoes") else {
        panic!()
    };
    assert_eq!(
        e.message_echoes[0].parsed().unwrap().to.as_deref(),
        Some("4915112345678")
    );
    let WebhookChange::UserPreferences(p) = change("user_preferences") else {
        panic!()
    };
    assert_eq!(
        p.user_preferences[0].parsed().unwrap().value.as_deref(),
        Some("stop")
    );
    let WebhookChange::BusinessCapabilityUpdate(b) = change("business_capability_update") else {
        panic!()
    };
    assert_eq!(b.max_phone_numbers_per_business.unwrap().as_str(), "20");
    let WebhookChange::PhoneNumberQualityUpdate(q) = change("phone_number_quality_update") else {
        panic!()
    };
    assert_eq!(q.current_limit.as_deref(), Some("TIER_1K"));
    let WebhookChange::AccountAlerts(a) = change("account_alerts") else {
        panic!()
    };
    assert_eq!(
        a.alert_info.unwrap().alert_type.as_deref(),
        Some("OBA_APPROVED")
    );
    let WebhookChange::Flows(f) = change("flows") else {
        panic!()
    };
    assert_eq!(f.new_status.as_deref(), Some("PUBLISHED"));
    let WebhookChange::Security(s) = change("security") else {
        panic!()
    };
    assert_eq!(s.event.as_deref(), Some("PIN_CHANGED"));
    // A known field whose value does not fit its schema is a parse error of the change
    // (which, as an item of `changes`, is then kept raw with that reason).
    let err = serde_json::from_value::<WebhookChange>(
        json!({"field": "calls", "value": {"calls": "not a list"}}),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("`value` (`field` is `calls`)"),
        "{err}"
    );
}

#[test]
fn a_change_reads_from_a_json_value_and_from_a_reader_too() {
    let change = json!({"field": "account_review_update", "value": {"decision": "APPROVED"}});
    let from_value: WebhookChange = serde_json::from_value(change.clone()).unwrap();
    assert!(
        matches!(&from_value, WebhookChange::AccountReviewUpdate(r) if r.decision.as_deref() == Some("APPROVED"))
    );
    let bytes = serde_json::to_vec(&change).unwrap();
    let from_reader: WebhookChange = serde_json::from_reader(&bytes[..]).unwrap();
    assert_eq!(from_reader.tag(), "account_review_update");
    let unknown: WebhookChange =
        serde_json::from_value(json!({"field": "new_thing", "value": [1, 2]})).unwrap();
    let WebhookChange::Other { field, value } = &unknown else {
        panic!()
    };
    assert_eq!(field, "new_thing");
    assert_eq!(value.as_ref().unwrap().get(), "[1,2]");
}

#[test]
fn a_change_is_read_by_its_tag_wherever_the_tag_stands() {
    use waba_dialog360::webhook::Item;
    // Tag first, tag last (as Meta writes it), and a nested `field` pair written last that
    // is not the tag: each is read as the change its own `field` names.
    let bodies = [
        r#"{"field": "account_review_update", "value": {"decision": "APPROVED"}}"#,
        r#"{"value": {"decision": "APPROVED"}, "field": "account_review_update"}"#,
        r#"{"value": {"decision": "APPROVED"}, "field": "account_review_update", "note": {"field": "calls"}}"#,
    ];
    for body in bodies {
        let item: Item<WebhookChange> = serde_json::from_str(body).unwrap();
        let change = item.parsed().unwrap_or_else(|| panic!("{body}: {item:?}"));
        assert!(
            matches!(change, WebhookChange::AccountReviewUpdate(r) if r.decision.as_deref() == Some("APPROVED")),
            "{body}: {change:?}"
        );
        assert_eq!(item.raw().get(), body);
    }
    // A known tag whose value does not fit: kept raw, the reason names the field.
    let body = r#"{"value": {"calls": {"id": 1}}, "field": "calls"}"#;
    let item: Item<WebhookChange> = serde_json::from_str(body).unwrap();
    let reason = item.reason().unwrap();
    assert!(
        reason.starts_with("`value` (`field` is `calls`): calls: invalid type: map"),
        "{reason}"
    );
}

/// The fields typed for coexistence, ads, payments, groups, routing and settings: the values a
/// user reads from them are typed, open enums included.
#[test]
fn the_further_documented_fields_keep_their_data() {
    let spec = waba_workspace_tests::spec("dialog360");
    let examples = &spec["components"]["schemas"]["WebhookChange"]["x-waba-examples"];
    let change = |field: &str| -> WebhookChange {
        serde_json::from_value(examples[field].clone()).unwrap_or_else(|e| panic!("{field}: {e}"))
    };

    let WebhookChange::History(h) = change("history") else {
        panic!()
    };
    let chunk = h.history[0].parsed().unwrap();
    let progress = chunk.metadata.as_ref().unwrap().progress.as_ref().unwrap();
    assert_eq!(progress.as_str(), "100");
    let thread = chunk.threads[0].parsed().unwrap();
    assert_eq!(thread.id.as_deref(), Some("4915112345678"));
    let first = thread.messages[0].parsed().unwrap();
    assert_eq!(first.type_, Some(InboundMessageType::Text));
    assert_eq!(
        first.history_context.as_ref().unwrap().status,
        Some(HistoryMessageStatus::Read)
    );
    let reply = thread.messages[1].parsed().unwrap();
    assert_eq!(reply.to.as_deref(), Some("4915112345678"));

    let WebhookChange::SmbAppStateSync(s) = change("smb_app_state_sync") else {
        panic!()
    };
    let contact = s.state_sync[0].parsed().unwrap();
    assert_eq!(contact.action, Some(StateSyncAction::Add));
    assert_eq!(
        contact.contact.as_ref().unwrap().phone_number.as_deref(),
        Some("4915198765432")
    );

    let WebhookChange::AutomaticEvents(a) = change("automatic_events") else {
        panic!()
    };
    let purchase = a.automatic_events[0].parsed().unwrap();
    assert_eq!(purchase.event_name, Some(AutomaticEventName::Purchase));
    assert_eq!(
        purchase.ctwa_clid.as_deref(),
        Some("ARAkLm9fX3ZpZXdfY2xpY2tfaWQ")
    );
    let amount = purchase.custom_data.as_ref().unwrap();
    assert_eq!(amount.currency.as_deref(), Some("EUR"));
    assert_eq!(amount.value.as_ref().unwrap().as_str(), "89.9");

    let WebhookChange::PartnerSolutions(p) = change("partner_solutions") else {
        panic!()
    };
    assert_eq!(p.solution_status, Some(PartnerSolutionStatus::Active));
    assert_eq!(p.solution_id.as_deref(), Some("7712345678901234"));

    let WebhookChange::PaymentConfigurationUpdate(c) = change("payment_configuration_update")
    else {
        panic!()
    };
    assert_eq!(c.status, Some(PaymentConfigurationStatus::NeedsTesting));
    assert_eq!(c.provider_name.as_deref(), Some("razorpay"));
    assert_eq!(c.updated_timestamp.unwrap().as_str(), "1718042600");

    let WebhookChange::GroupLifecycleUpdate(g) = change("group_lifecycle_update") else {
        panic!()
    };
    let created = g.groups[0].parsed().unwrap();
    assert_eq!(created.type_, Some(GroupEventType::GroupCreate));
    assert_eq!(
        created.invite_link.as_deref(),
        Some("https://chat.whatsapp.com/Ab12Cd34Ef56")
    );
    let WebhookChange::GroupParticipantsUpdate(g) = change("group_participants_update") else {
        panic!()
    };
    let left = g.groups[0].parsed().unwrap();
    assert_eq!(left.type_, Some(GroupEventType::GroupParticipantsRemove));
    assert_eq!(
        left.removed_participants[0]
            .parsed()
            .unwrap()
            .wa_id
            .as_deref(),
        Some("4915112345678")
    );
    let WebhookChange::GroupSettingsUpdate(g) = change("group_settings_update") else {
        panic!()
    };
    let settings = g.groups[0].parsed().unwrap();
    assert_eq!(
        settings.group_subject.as_ref().unwrap().update_successful,
        Some(true)
    );
    let description = settings.group_description.as_ref().unwrap();
    assert_eq!(description.update_successful, Some(false));
    assert_eq!(description.errors[0].parsed().unwrap().code, 131009);
    let WebhookChange::GroupStatusUpdate(g) = change("group_status_update") else {
        panic!()
    };
    assert_eq!(
        g.groups[0].parsed().unwrap().type_,
        Some(GroupEventType::GroupSuspend)
    );

    let WebhookChange::TrackingEvents(t) = change("tracking_events") else {
        panic!()
    };
    let sent = t.events[0].parsed().unwrap();
    assert_eq!(sent.event_name.as_deref(), Some("sent"));
    assert_eq!(
        sent.tracking_data.as_ref().unwrap().click_id.as_deref(),
        Some("clk_5501")
    );

    let WebhookChange::BusinessStatusUpdate(b) = change("business_status_update") else {
        panic!()
    };
    assert_eq!(b.event.as_deref(), Some("ACCOUNT_RESTRICTION"));

    let WebhookChange::TemplateCorrectCategoryDetection(d) =
        change("template_correct_category_detection")
    else {
        panic!()
    };
    assert_eq!(d.correct_category.as_deref(), Some("MARKETING"));
    assert_eq!(d.message_template_id.unwrap().as_str(), "806312974732581");

    let WebhookChange::MessagingHandovers(m) = change("messaging_handovers") else {
        panic!()
    };
    assert_eq!(m.type_, Some(HandoverType::ControlPassed));
    assert_eq!(
        m.recipient.as_ref().unwrap().phone_number_id.as_deref(),
        Some("106540352242922")
    );
    assert_eq!(
        m.control_passed.as_ref().unwrap().new_owner_role.as_deref(),
        Some("escalation")
    );

    let WebhookChange::AccountSettingsUpdate(s) = change("account_settings_update") else {
        panic!()
    };
    let calling = s.phone_number_settings.unwrap().calling.unwrap();
    assert_eq!(calling.status.as_deref(), Some("ENABLED"));
    assert_eq!(calling.sip.unwrap().status.as_deref(), Some("DISABLED"));

    let WebhookChange::Standby(s) = change("standby") else {
        panic!()
    };
    let copied = s.standby.unwrap();
    assert_eq!(
        copied.messages[0]
            .parsed()
            .unwrap()
            .text
            .as_ref()
            .unwrap()
            .body
            .as_deref(),
        Some("When do you open tomorrow?")
    );

    let WebhookChange::MessageEchoes(e) = change("message_echoes") else {
        panic!()
    };
    assert_eq!(
        e.message_echoes[0].parsed().unwrap().to.as_deref(),
        Some("4915112345678")
    );

    // A value that is not one a status kind lists stays readable, as sent.
    let solution: WebhookChange = serde_json::from_value(json!({
        "field": "partner_solutions",
        "value": {"event": "SOLUTION_UPDATED", "solution_status": "PAUSED_BY_PARTNER"}
    }))
    .unwrap();
    let WebhookChange::PartnerSolutions(p) = &solution else {
        panic!()
    };
    assert_eq!(
        p.solution_status,
        Some(PartnerSolutionStatus::Other("PAUSED_BY_PARTNER".into()))
    );
    assert_eq!(
        serde_json::to_value(&solution).unwrap()["value"]["solution_status"],
        "PAUSED_BY_PARTNER"
    );
}

/// In the new list-shaped fields, one element that does not fit is kept raw with its reason and
/// its neighbours are still typed; the change itself is not lost.
#[test]
fn one_bad_element_of_a_new_field_loses_only_itself() {
    let body = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "group_participants_update", "value": {"groups": [
            {"group_id": "g1", "type": "group_participants_add", "timestamp": {"not": "a time"}},
            {"group_id": "g2", "type": "group_participants_add", "timestamp": 1718043000,
             "added_participants": [{"wa_id": ["not", "an", "id"]}, {"wa_id": "4915112345678"}]}
        ]}},
        {"field": "history", "value": {"history": [{"threads": [{"id": "4915112345678", "messages": [
            {"id": "wamid.A", "timestamp": "1717990000", "type": "text", "text": {"body": 7}},
            {"id": "wamid.B", "timestamp": "1717990001", "type": "text", "text": {"body": "kept"}}
        ]}]}]}},
        {"field": "automatic_events", "value": {"automatic_events": [
            {"id": "wamid.C", "event_name": "LeadSubmitted", "custom_data": "not an object"},
            {"id": "wamid.D", "event_name": "lead_submitted", "timestamp": "1718041000"}
        ]}}
    ]}]});
    let payload = parse(&serde_json::to_vec(&body).unwrap()).unwrap();
    let events = payload.events();
    assert_eq!(events.len(), 3, "{events:?}");

    let Event::Change {
        change: WebhookChange::GroupParticipantsUpdate(g),
        ..
    } = events[0]
    else {
        panic!("{:?}", events[0])
    };
    assert!(g.groups[0].parsed().is_none());
    let reason = g.groups[0].reason().unwrap();
    assert!(reason.contains("expected a string or a number"), "{reason}");
    assert!(g.groups[0].raw().get().contains("\"g1\""));
    let added = g.groups[1].parsed().unwrap();
    assert_eq!(added.group_id.as_deref(), Some("g2"));
    assert!(added.added_participants[0].parsed().is_none());
    assert_eq!(
        added.added_participants[1]
            .parsed()
            .unwrap()
            .wa_id
            .as_deref(),
        Some("4915112345678")
    );

    let Event::Change {
        change: WebhookChange::History(h),
        ..
    } = events[1]
    else {
        panic!("{:?}", events[1])
    };
    let thread = h.history[0].parsed().unwrap().threads[0].parsed().unwrap();
    assert!(thread.messages[0].parsed().is_none());
    assert!(thread.messages[0].raw().get().contains("wamid.A"));
    assert_eq!(
        thread.messages[1]
            .parsed()
            .unwrap()
            .text
            .as_ref()
            .unwrap()
            .body
            .as_deref(),
        Some("kept")
    );

    let Event::Change {
        change: WebhookChange::AutomaticEvents(a),
        ..
    } = events[2]
    else {
        panic!("{:?}", events[2])
    };
    assert!(a.automatic_events[0].parsed().is_none());
    // A spelling the enum does not list is kept as sent.
    assert_eq!(
        a.automatic_events[1].parsed().unwrap().event_name,
        Some(AutomaticEventName::Other("lead_submitted".into()))
    );
}
