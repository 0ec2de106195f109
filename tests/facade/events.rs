//! Webhook bodies as neutral events, for every provider: every documented payload (the specs'
//! `x-webhooks` and `x-waba-examples`, and the whole-body schema examples) and every body of
//! the real-world Cloud API corpus (`shared/realworld/cloud-api/webhooks`, next to the
//! workspace), each snapshotted under `snapshots/facade/<provider>/webhook__*.snap`; then one
//! test per neutral kind and field, naming what it checks.

use serde_json::{Value, json};
use waba::{
    Capability, Content, Error, Event, InboundMessage, MediaKind, Provider, TemplateStatus,
    TemplateStatusUpdate, Webhook,
};
use waba_workspace_tests::{root, schema_example, spec};

/// The real-world Cloud API webhook bodies (beside the workspace, as the dialog360 tests find
/// them).
fn corpus_dir() -> std::path::PathBuf {
    root().join("../shared/realworld/cloud-api/webhooks")
}

fn corpus_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("the real-world corpus")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .collect();
    names.sort();
    names
}

fn corpus(name: &str) -> Vec<u8> {
    let path = corpus_dir().join(format!("{name}.json"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn webhook(provider: Provider) -> Webhook {
    Webhook::builder(provider)
        .allow_unauthenticated()
        .build()
        .expect("opted out")
}

fn parse(provider: Provider, body: &[u8]) -> Result<Vec<Event>, Error> {
    webhook(provider).parse(body)
}

fn events(provider: Provider, body: &Value) -> Vec<Event> {
    parse(provider, &serde_json::to_vec(body).unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

fn d360(body: &Value) -> Vec<Event> {
    events(Provider::Dialog360, body)
}

fn corpus_events(name: &str) -> Vec<Event> {
    parse(Provider::Dialog360, &corpus(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Snapshots the neutral events of one payload as `snapshots/facade/<provider>/<name>.snap`.
fn snapshot(provider: Provider, name: &str, events: &Result<Vec<Event>, Error>) {
    let shown = match events {
        Ok(events) => format!("{events:#?}"),
        Err(e) => format!("error: {e}"),
    };
    insta::with_settings!({
        snapshot_path => format!("{}/../snapshots/facade/{}", env!("CARGO_MANIFEST_DIR"), provider.id()),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, shown);
    });
}

fn only_message(events: Vec<Event>) -> InboundMessage {
    match <[Event; 1]>::try_from(events) {
        Ok([Event::Message(m)]) => m,
        other => panic!("expected one message, got {other:?}"),
    }
}

fn only_template_status(events: Vec<Event>) -> TemplateStatusUpdate {
    match <[Event; 1]>::try_from(events) {
        Ok([Event::TemplateStatus(t)]) => t,
        other => panic!("expected one template status, got {other:?}"),
    }
}

/// The documented Cloud API envelope (`CloudWebhook` example) with its one change replaced.
fn with_change(change: Value) -> Value {
    let mut body = schema_example("dialog360", "CloudWebhook");
    body["entry"][0]["changes"] = json!([change]);
    body
}

/// The documented envelope with its one message replaced.
fn with_message(message: Value) -> Value {
    let mut body = schema_example("dialog360", "CloudWebhook");
    body["entry"][0]["changes"][0]["value"]["messages"] = json!([message]);
    body
}

// ------------------------------------------------------------------ documented payloads

#[test]
fn every_documented_dialog360_payload_maps_to_its_snapshot() {
    let spec = spec("dialog360");
    let schemas = &spec["components"]["schemas"];
    let mut payloads = vec![
        (
            "webhook__doc_cloud_webhook".to_string(),
            schemas["CloudWebhook"]["example"].clone(),
        ),
        (
            "webhook__doc_on_premise_webhook".to_string(),
            schemas["OnPremiseWebhook"]["example"].clone(),
        ),
        (
            "webhook__doc_change".to_string(),
            with_change(schemas["WebhookChange"]["example"].clone()),
        ),
    ];
    for (name, body) in schemas["CloudWebhook"]["x-waba-examples"]
        .as_object()
        .unwrap()
    {
        payloads.push((format!("webhook__doc_{name}"), body.clone()));
    }
    let changes = schemas["WebhookChange"]["x-waba-examples"]
        .as_object()
        .unwrap();
    assert!(changes.len() >= 30, "{} change examples", changes.len());
    for (field, change) in changes {
        payloads.push((
            format!("webhook__doc_change_{field}"),
            with_change(change.clone()),
        ));
    }
    for (name, body) in payloads {
        assert!(body.is_object(), "{name}");
        let events = parse(Provider::Dialog360, &serde_json::to_vec(&body).unwrap());
        let list = events.as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!list.is_empty(), "{name}");
        // A documented payload always fits the types.
        for event in list {
            assert!(
                !matches!(event, Event::Other(o) if o.reason.is_some()),
                "{name}: {event:?}"
            );
        }
        snapshot(Provider::Dialog360, &name, &events);
    }
}

#[test]
fn every_documented_mehery_payload_maps_to_its_snapshot() {
    let spec = spec("mehery");
    let hooks = spec["x-webhooks"].as_object().expect("x-webhooks");
    assert_eq!(hooks.len(), 2);
    for (name, hook) in hooks {
        let body =
            &hook["post"]["requestBody"]["content"]["application/json"]["examples"]["doc"]["value"];
        assert!(body.is_object(), "{name}");
        let events = parse(Provider::Mehery, &serde_json::to_vec(body).unwrap());
        snapshot(Provider::Mehery, &format!("webhook__doc_{name}"), &events);
    }
}

#[test]
fn every_documented_desk360_payload_maps_to_its_snapshot() {
    let spec = spec("desk360");
    let examples = spec["components"]["schemas"]["WebhookPayload"]["x-waba-examples"]
        .as_object()
        .expect("x-waba-examples");
    assert_eq!(examples.len(), 5);
    for (name, body) in examples {
        let events = parse(Provider::Desk360, &serde_json::to_vec(body).unwrap());
        assert_eq!(events.as_ref().map(Vec::len).ok(), Some(1), "{name}");
        snapshot(Provider::Desk360, &format!("webhook__doc_{name}"), &events);
    }
}

#[test]
fn the_documented_onextel_payload_maps_to_its_snapshot() {
    let body = schema_example("onextel", "DeliveryEvent");
    let events = parse(Provider::Onextel, &serde_json::to_vec(&body).unwrap());
    assert_eq!(events.as_ref().map(Vec::len).ok(), Some(1));
    snapshot(Provider::Onextel, "webhook__doc_delivery_event", &events);
}

// ------------------------------------------------------------------ the real-world corpus

/// Corpus bodies that keep an item unparsed (`Event::Other` with a reason), and why.
const UNPARSED: &[(&str, &str)] = &[(
    "netflie__a_location_notification",
    "placeholder strings (`LOCATION_LATITUDE`) where the coordinates go",
)];

/// Webhook fields the neutral events do not model: they arrive as `Event::Other` with the
/// field as kind, no reason, and the change's raw JSON.
const NOT_MODELLED: &[&str] = &[
    "account_update",
    "calls",
    "smb_message_echoes",
    "template_category_update",
    "message_template_components_update",
    "message_template_quality_update",
    "user_preferences",
    // A value-level error (`value.errors`), not tied to a message.
    "error",
];

/// Corpus messages whose content stays `Content::Other` (kind as sent), and why: every other
/// message of the corpus has a neutral content.
const RAW_CONTENT: &[(&str, &str, &str)] = &[
    (
        "netflie__a_flow_notification",
        "interactive",
        "a flow answer",
    ),
    (
        "pywa__flow_completion__completion",
        "interactive",
        "a flow answer",
    ),
    (
        "pywa__flow_completion__without_flow_token",
        "interactive",
        "a flow answer",
    ),
    (
        "pywa__call_permission_update__accept",
        "interactive",
        "a call permission answer",
    ),
    (
        "pywa__message__interactive_message_with_err",
        "interactive",
        "no content, an error",
    ),
    (
        "netflie__a_system_notification",
        "system",
        "a system notice",
    ),
    ("pywa__system__identity_change", "system", "a system notice"),
    (
        "pywa__system__phone_number_change",
        "system",
        "a system notice",
    ),
    (
        "pywa__message__unsupported",
        "unsupported",
        "WhatsApp did not pass it on",
    ),
    (
        "pywa__message__unsupported_with_type",
        "unsupported",
        "WhatsApp did not pass it on",
    ),
    (
        "netflie__an_unknown_notification",
        "unknown",
        "an unknown type",
    ),
    (
        "netflie__an_order_notification",
        "order",
        "placeholder quantities and prices",
    ),
];

#[test]
fn every_realworld_webhook_maps_to_its_snapshot() {
    let names = corpus_names();
    assert!(names.len() >= 81, "{} corpus bodies", names.len());
    for name in &names {
        let events = parse(Provider::Dialog360, &corpus(name));
        let list = events.as_ref().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!list.is_empty(), "{name}");
        for event in list {
            if let Event::Message(m) = event {
                let raw = RAW_CONTENT.iter().find(|(n, _, _)| n == name);
                match (&m.content, raw) {
                    (Content::Other { kind, .. }, Some((_, expected, _))) => {
                        assert_eq!(kind.as_deref(), Some(*expected), "{name}")
                    }
                    (Content::Other { .. }, None) => panic!("{name}: kept raw: {m:?}"),
                    (_, Some((_, _, why))) => panic!("{name} ({why}) is neutral now: {m:?}"),
                    _ => {}
                }
            }
            let Event::Other(other) = event else { continue };
            match &other.reason {
                Some(_) => assert!(
                    UNPARSED.iter().any(|(n, _)| n == name),
                    "{name}: unparsed {other:?}"
                ),
                None => assert!(
                    other
                        .kind
                        .as_deref()
                        .is_some_and(|k| NOT_MODELLED.contains(&k)),
                    "{name}: a modelled kind arrived as another event: {other:?}"
                ),
            }
        }
        snapshot(
            Provider::Dialog360,
            &format!("webhook__realworld_{name}"),
            &events,
        );
    }
}

#[test]
fn only_the_listed_corpus_bodies_keep_an_item_unparsed() {
    for (name, why) in UNPARSED {
        let events = corpus_events(name);
        assert!(
            events
                .iter()
                .any(|e| matches!(e, Event::Other(o) if o.reason.is_some())),
            "{name} ({why}) is parsed now: take it off the list"
        );
    }
}

// ------------------------------------------------------------------ replies

#[test]
fn a_button_reply_gives_its_id_and_title() {
    let m = only_message(corpus_events("sipsy__interactive_button_reply"));
    assert_eq!(
        m.content,
        Content::ButtonReply {
            id: "change-button".into(),
            title: Some("Change".into()),
        }
    );
    let m = only_message(corpus_events("pywa__callback_button__button"));
    assert!(
        matches!(&m.content, Content::ButtonReply { id, .. } if !id.is_empty()),
        "{m:?}"
    );
}

#[test]
fn a_list_reply_gives_id_title_and_description() {
    let m = only_message(corpus_events("pywa__callback_selection__description"));
    assert_eq!(
        m.content,
        Content::ListReply {
            id: "callback_data".into(),
            title: Some("title".into()),
            description: Some("description".into()),
        }
    );
    // The spec's `ListReply` example, inside an interactive message.
    let message = json!({"from": "4915112345678", "id": "wamid.IN", "timestamp": "1718031234",
        "type": "interactive", "interactive": {"type": "list_reply",
        "list_reply": schema_example("dialog360", "ListReply")}});
    let Content::ListReply { id, title, .. } = only_message(d360(&with_message(message))).content
    else {
        panic!("a list reply")
    };
    assert_eq!(id, "pizza-margherita");
    assert_eq!(title.as_deref(), Some("Margherita"));
}

#[test]
fn a_template_quick_reply_keeps_payload_text_and_the_template_message_id() {
    let m = only_message(corpus_events("pywa__callback_button__quick_reply"));
    assert_eq!(
        m.content,
        Content::TemplateQuickReply {
            payload: "callback_data".into(),
            text: Some("title".into()),
        }
    );
    assert_eq!(m.reply_to(), Some("wamid.xyzxyz=="));
    // The spec's `InboundButton` example.
    let message = json!({"from": "4915112345678", "id": "wamid.IN", "timestamp": "1718031234",
        "type": "button", "button": schema_example("dialog360", "InboundButton")});
    assert_eq!(
        only_message(d360(&with_message(message))).content,
        Content::TemplateQuickReply {
            payload: "RESCHEDULE_10234".into(),
            text: Some("Reschedule".into()),
        }
    );
}

// ------------------------------------------------------------------ reactions

#[test]
fn a_reaction_gives_the_reacted_message_and_the_emoji() {
    let m = only_message(corpus_events("pywa__message__reaction"));
    assert_eq!(
        m.content,
        Content::Reaction {
            message_id: "wamid.yzxyzx=".into(),
            emoji: "\u{1f62e}".into(),
        }
    );
}

#[test]
fn a_removed_reaction_is_reported_as_removed() {
    for (name, message_id) in [
        ("pywa__message__unreaction_empty", "wamid.yzxyzx="),
        ("pywa__message__unreaction_no_emoji", "wamid.yzxyzx="),
        ("netflie__a_removed_reaction_notification", "MESSAGE_ID"),
    ] {
        let m = only_message(corpus_events(name));
        assert_eq!(
            m.content,
            Content::ReactionRemoved {
                message_id: message_id.into()
            },
            "{name}"
        );
    }
}

// ------------------------------------------------------------------ orders

#[test]
fn an_order_gives_catalog_items_and_text() {
    let m = only_message(corpus_events("pywa__message__order"));
    let Content::Order {
        catalog_id,
        items,
        text,
    } = &m.content
    else {
        panic!("{m:?}")
    };
    assert_eq!(catalog_id.as_deref(), Some("354160437058781"));
    assert_eq!(text.as_deref(), Some(""));
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].product_id.as_deref(), Some("HAMBURGER"));
    assert_eq!(items[0].quantity, Some(3));
    assert_eq!(items[0].unit_price, Some(30.0));
    assert_eq!(items[0].currency.as_deref(), Some("ILS"));
    assert_eq!(items[2].product_id.as_deref(), Some("SODA"));
    assert_eq!(items[2].quantity, Some(2));
    assert_eq!(items[2].unit_price, Some(10.0));
}

#[test]
fn an_order_quantity_given_as_text_is_read_as_a_number() {
    let several = spec("dialog360")["components"]["schemas"]["CloudWebhook"]["x-waba-examples"]
        ["several_items"]
        .clone();
    let events = d360(&several);
    let Event::Message(m) = &events[1] else {
        panic!("{events:?}")
    };
    let Content::Order {
        catalog_id, items, ..
    } = &m.content
    else {
        panic!("{m:?}")
    };
    assert_eq!(catalog_id.as_deref(), Some("194836987003835"));
    assert_eq!(items[0].product_id.as_deref(), Some("jacket-m-blue"));
    assert_eq!(items[0].quantity, Some(1), "`\"1\"` is one");
    assert_eq!(items[0].unit_price, Some(89.9));
    assert_eq!(items[0].currency.as_deref(), Some("EUR"));
}

#[test]
fn an_order_with_placeholder_numbers_is_kept_raw() {
    let m = only_message(corpus_events("netflie__an_order_notification"));
    let Content::Other { kind, raw } = &m.content else {
        panic!("{m:?}")
    };
    assert_eq!(kind.as_deref(), Some("order"));
    assert_eq!(
        raw["order"]["product_items"][0]["quantity"],
        "number-of-item"
    );
}

// ------------------------------------------------------------------ contacts

#[test]
fn shared_contacts_give_names_and_phones() {
    let m = only_message(corpus_events("pywa__message__contacts"));
    let Content::Contacts(cards) = &m.content else {
        panic!("{m:?}")
    };
    assert_eq!(cards.len(), 3);
    assert_eq!(cards[0].formatted_name.as_deref(), Some("Chandler Bing"));
    assert_eq!(cards[0].first_name.as_deref(), Some("Chandler"));
    assert_eq!(cards[0].last_name.as_deref(), Some("Bing"));
    assert_eq!(cards[0].phones[0].phone.as_deref(), Some("+1 555-555-5555"));
    assert_eq!(cards[0].phones[0].wa_id.as_deref(), Some("972987654321"));
    assert_eq!(cards[0].phones[0].label.as_deref(), Some("CELL"));
    assert_eq!(cards[1].last_name, None);
    assert_eq!(cards[2].phones[0].label.as_deref(), Some("WORK"));
}

#[test]
fn a_desk360_contact_card_gives_every_documented_field() {
    let body =
        spec("desk360")["components"]["schemas"]["WebhookPayload"]["x-waba-examples"]["contact"]
            .clone();
    let m = only_message(events(Provider::Desk360, &body));
    let Content::Contacts(cards) = &m.content else {
        panic!("{m:?}")
    };
    let [card] = cards.as_slice() else {
        panic!("{cards:?}")
    };
    assert_eq!(card.formatted_name.as_deref(), Some("Kerry Fisher"));
    assert_eq!(card.first_name.as_deref(), Some("Kerry"));
    assert_eq!(card.last_name.as_deref(), Some("Fisher"));
    assert_eq!(card.phones[0].phone.as_deref(), Some("+1 (650) 555-1234"));
    assert_eq!(card.phones[0].wa_id.as_deref(), Some("16505551234"));
    assert_eq!(card.phones[0].label.as_deref(), Some("WORK"));
    assert_eq!(card.emails[0].email.as_deref(), Some("kfish@fb.com"));
    assert_eq!(card.emails[0].label.as_deref(), Some("WORK"));
    let address = &card.addresses[0];
    assert_eq!(address.street.as_deref(), Some("1 Hacker Way"));
    assert_eq!(address.city.as_deref(), Some("Menlo Park"));
    assert_eq!(address.state.as_deref(), Some("CA"));
    assert_eq!(address.zip.as_deref(), Some("94025"));
    assert_eq!(address.country.as_deref(), Some("United States"));
    assert_eq!(address.country_code.as_deref(), Some("us"));
    assert_eq!(address.label.as_deref(), Some("WORK"));
    assert_eq!(card.urls, ["https://www.facebook.com"]);
    assert_eq!(card.company.as_deref(), Some("Meta"));
    assert_eq!(card.department.as_deref(), Some("WhatsApp"));
    assert_eq!(card.birthday.as_deref(), Some("2012-08-18"));
}

// ------------------------------------------------------------------ edits and deletions

#[test]
fn an_edit_gives_the_original_id_and_the_new_content() {
    let m = only_message(corpus_events("pywa__edited_message__image"));
    let Content::Edited {
        original_message_id,
        content,
    } = &m.content
    else {
        panic!("{m:?}")
    };
    assert_eq!(
        original_message_id,
        "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA="
    );
    assert_eq!(
        **content,
        Content::Media {
            kind: MediaKind::Image,
            id: Some("1234567890".into()),
            url: Some("https://media.example.com/updated-image.jpg".into()),
            mime_type: Some("image/jpeg".into()),
            caption: Some("Updated image caption".into()),
            file_name: None,
        }
    );
}

#[test]
fn an_edited_text_gives_the_new_text_and_an_edit_without_content_is_kept_raw() {
    let edit = |edit: Value| {
        json!({"from": "4915112345678", "id": "wamid.EDIT", "timestamp": "1718031300",
               "type": "edit", "edit": edit})
    };
    let text = edit(json!({"original_message_id": "wamid.ORIGINAL",
        "message": {"type": "text", "text": {"body": "size L, not M"}}}));
    assert_eq!(
        only_message(d360(&with_message(text))).content,
        Content::Edited {
            original_message_id: "wamid.ORIGINAL".into(),
            content: Box::new(Content::Text {
                body: "size L, not M".into()
            }),
        }
    );
    // No original id: nothing to say which message changed.
    let anonymous = edit(json!({"message": {"type": "text", "text": {"body": "x"}}}));
    let m = only_message(d360(&with_message(anonymous.clone())));
    assert_eq!(
        m.content,
        Content::Other {
            kind: Some("edit".into()),
            raw: anonymous
        }
    );
}

#[test]
fn a_deletion_gives_the_deleted_message_id() {
    let m = only_message(corpus_events("pywa__deleted_message__revoke"));
    assert_eq!(
        m.content,
        Content::Deleted {
            original_message_id: "<ORIGINAL_WHATSAPP_MESSAGE_ID>".into()
        }
    );
}

// ------------------------------------------------------------------ template status

#[test]
fn a_rejected_template_gives_its_reason_and_recommendation() {
    let t = only_template_status(corpus_events("pywa__template_status_update__rejected"));
    assert_eq!(t.provider, Provider::Dialog360);
    assert_eq!(t.status, TemplateStatus::Rejected);
    assert_eq!(t.template_name.as_deref(), Some("abandoned_cart"));
    assert_eq!(t.template_id.as_deref(), Some("1689556908129835"));
    assert_eq!(t.language.as_deref(), Some("en"));
    assert_eq!(t.category.as_deref(), Some("MARKETING"));
    assert_eq!(t.reason.as_deref(), Some("INVALID_FORMAT"));
    assert!(
        t.detail
            .as_deref()
            .is_some_and(|d| d.starts_with("Your template has parameters placed next")),
        "{t:?}"
    );
    assert!(
        t.recommendation
            .as_deref()
            .is_some_and(|r| r.starts_with("Separate parameters")),
        "{t:?}"
    );
    // The spec's example of the change.
    let change = spec("dialog360")["components"]["schemas"]["WebhookChange"]["x-waba-examples"]
        ["message_template_status_update"]
        .clone();
    let t = only_template_status(d360(&with_change(change)));
    assert_eq!(t.status, TemplateStatus::Rejected);
    assert_eq!(t.template_name.as_deref(), Some("spring_sale"));
    assert_eq!(t.language.as_deref(), Some("de"));
    assert_eq!(t.reason.as_deref(), Some("INVALID_FORMAT"));
    assert_eq!(
        t.recommendation.as_deref(),
        Some("Put words between the variables.")
    );
}

#[test]
fn an_approved_template_has_no_reason() {
    let t = only_template_status(corpus_events("pywa__template_status_update__approved"));
    assert_eq!(t.status, TemplateStatus::Approved);
    assert_eq!(t.template_name.as_deref(), Some("order_confirmation"));
    assert_eq!(t.template_id.as_deref(), Some("1689556908129832"));
    assert_eq!(t.language.as_deref(), Some("en_US"));
    assert_eq!(t.reason, None, "`NONE` is no reason");
    assert_eq!(t.detail, None);
}

#[test]
fn a_paused_template_gives_why_and_unknown_statuses_keep_their_spelling() {
    let paused = json!({"field": "message_template_status_update", "value": {
        "event": "PAUSED", "message_template_id": 42, "message_template_name": "spring_sale",
        "message_template_language": "de", "reason": "NONE",
        "other_info": {"title": "FIRST_PAUSE",
                       "description": "Paused for 3 hours because of low quality."}}});
    let t = only_template_status(d360(&with_change(paused)));
    assert_eq!(t.status, TemplateStatus::Paused);
    assert_eq!(t.template_id.as_deref(), Some("42"));
    assert_eq!(
        t.detail.as_deref(),
        Some("Paused for 3 hours because of low quality.")
    );
    let appeal = json!({"field": "message_template_status_update", "value": {
        "event": "IN_APPEAL", "message_template_name": "spring_sale"}});
    let t = only_template_status(d360(&with_change(appeal)));
    assert_eq!(t.status, TemplateStatus::Other("IN_APPEAL".into()));
    // Without `event` there is no status to report: kept as another event, raw.
    let no_event = json!({"field": "message_template_status_update", "value": {
        "message_template_name": "spring_sale"}});
    let events = d360(&with_change(no_event.clone()));
    assert!(
        matches!(&events[..], [Event::Other(o)] if o.raw == no_event && o.reason.is_none()),
        "{events:?}"
    );
}

#[test]
fn only_360dialog_reports_template_status_updates() {
    for provider in Provider::ALL {
        assert_eq!(
            provider.supports(Capability::TemplateStatusUpdates),
            provider == Provider::Dialog360,
            "{provider}"
        );
    }
    assert_eq!(
        Capability::ALL.last(),
        Some(&Capability::TemplateStatusUpdates)
    );
}

// ------------------------------------------------------------------ sender, number, context

#[test]
fn the_profile_name_and_business_number_come_with_a_360dialog_message() {
    let m = only_message(d360(&schema_example("dialog360", "CloudWebhook")));
    assert_eq!(m.profile_name.as_deref(), Some("Max Mustermann"));
    let business = m.business.expect("the business number");
    assert_eq!(
        business.display_phone_number.as_deref(),
        Some("4930123456789")
    );
    assert_eq!(business.phone_number_id.as_deref(), Some("106540352242922"));
    assert_eq!(m.context, None);
    // On-Premise has no metadata; the contact still names the sender.
    let m = only_message(d360(&schema_example("dialog360", "OnPremiseWebhook")));
    assert_eq!(m.business, None);
    assert!(m.profile_name.is_some(), "{m:?}");
}

#[test]
fn the_profile_name_is_the_contact_of_the_message_sender() {
    // Two senders, their contacts listed in the other order.
    let mut body = schema_example("dialog360", "CloudWebhook");
    let value = &mut body["entry"][0]["changes"][0]["value"];
    let first = value["messages"][0].clone();
    let mut second = first.clone();
    second["from"] = json!("4917600000002");
    second["id"] = json!("wamid.SECOND");
    value["messages"] = json!([first, second]);
    value["contacts"] = json!([
        {"profile": {"name": "Second Sender"}, "wa_id": "4917600000002"},
        {"profile": {"name": "First Sender"}, "wa_id": "4915112345678"},
    ]);
    let names: Vec<(String, Option<String>)> = d360(&body)
        .into_iter()
        .map(|e| match e {
            Event::Message(m) => (m.sender, m.profile_name),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            (
                "4915112345678".to_string(),
                Some("First Sender".to_string())
            ),
            (
                "4917600000002".to_string(),
                Some("Second Sender".to_string())
            ),
        ]
    );
    let m = only_message(corpus_events(
        "netflie__without_contact_profile_a_notification",
    ));
    assert_eq!(m.profile_name, None);
}

#[test]
fn a_reply_names_the_message_it_answers() {
    let m = only_message(corpus_events("pywa__message__reply"));
    assert_eq!(m.reply_to(), Some("wamid.xyzxyz=="));
    let context = m.context.expect("a context");
    assert_eq!(context.from.as_deref(), Some("972123456789"));
    assert!(!context.forwarded);
    assert_eq!(
        m.content,
        Content::Text {
            body: "replied text".into()
        }
    );

    let m = only_message(corpus_events("sipsy__location_reply_with_context"));
    assert_eq!(
        m.reply_to(),
        Some("wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1QjJGRjI1RDY0RkE4Nzg4QzcA")
    );
    assert!(matches!(m.content, Content::Location { .. }), "{m:?}");
}

#[test]
fn a_forwarded_message_says_so_without_a_reply_id() {
    let m = only_message(corpus_events("pywa__message__forwarded"));
    let context = m.context.clone().expect("a context");
    assert!(context.forwarded);
    assert!(!context.frequently_forwarded);
    assert_eq!(m.reply_to(), None);
    let m = only_message(corpus_events("pywa__message__forwarded_many_times"));
    assert!(m.context.expect("a context").frequently_forwarded);
}

#[test]
fn mehery_gives_profile_name_and_business_number_from_the_contact() {
    let spec = spec("mehery");
    let doc = &spec["x-webhooks"]["receive_notifications"]["post"]["requestBody"]["content"]["application/json"]
        ["examples"]["doc"]["value"];
    let events = events(Provider::Mehery, doc);
    let Event::Message(m) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(m.profile_name.as_deref(), Some("John Doe"));
    let business = m.business.as_ref().expect("the business number");
    assert_eq!(
        business.display_phone_number.as_deref(),
        Some("919999998888"),
        "`lane`"
    );
    assert_eq!(
        business.phone_number_id.as_deref(),
        Some("wa360:919988776655"),
        "`channelId`"
    );
    assert_eq!(m.context, None);

    // With two contacts, the one with the message's `contactId` is the sender's.
    let mut two = doc.clone();
    let mut other = two["contacts"][0].clone();
    other["contactId"] = json!("someone-else");
    other["profile"]["name"] = json!("Someone Else");
    other["profile"]["phone"] = json!("000");
    let mut sender = two["contacts"][0].clone();
    sender["contactId"] = two["messages"][0]["contactId"].clone();
    sender["profile"]["name"] = json!("The Sender");
    two["contacts"] = json!([other, sender]);
    let events = self::events(Provider::Mehery, &two);
    let Event::Message(m) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(m.profile_name.as_deref(), Some("The Sender"));
}

#[test]
fn desk360_gives_the_profile_name_and_no_business_number() {
    let body =
        spec("desk360")["components"]["schemas"]["WebhookPayload"]["x-waba-examples"]["text"]
            .clone();
    let m = only_message(events(Provider::Desk360, &body));
    assert_eq!(m.profile_name.as_deref(), Some("John Doe"));
    assert_eq!(m.business, None);
    assert_eq!(m.context, None);
}

#[test]
fn the_json_form_of_new_events_names_their_fields() {
    let t = d360(
        &json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "message_template_status_update", "value": {"event": "REJECTED",
         "message_template_name": "spring_sale", "reason": "INVALID_FORMAT"}}]}]}),
    );
    let line = t[0].to_json();
    assert_eq!(line["event"], "template_status");
    assert_eq!(line["status"], "REJECTED");
    assert_eq!(line["template_name"], "spring_sale");
    assert_eq!(line["reason"], "INVALID_FORMAT");

    let m = corpus_events("pywa__callback_button__quick_reply");
    let line = m[0].to_json();
    assert_eq!(line["profile_name"], "Test Name");
    assert_eq!(line["business"]["phone_number_id"], "1122334455667");
    assert_eq!(line["context"]["message_id"], "wamid.xyzxyz==");
    assert_eq!(
        line["content"],
        json!({"type": "template_quick_reply", "payload": "callback_data", "text": "title"})
    );
}
