//! Every webhook body of the real-world Cloud API corpus (`shared/realworld/cloud-api/webhooks`:
//! bodies other public projects wrote for their tests and docs). Each parses, yields at least
//! one event, loses no item (every message, status, error and change of the file comes out, with
//! its JSON as sent), and gives what the file is about: the table below says, per file, which
//! events in which order. Bodies with deviating values (integer timestamps, string quantities,
//! placeholder coordinates) are checked for what a user relies on.

use serde_json::{Value, json};
use waba_dialog360::types::CallsValue;
use waba_dialog360::webhook::{
    Event, InboundKind, ItemKind, Payload, RawValue, WebhookChange, parse,
};

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/realworld/cloud-api/webhooks"
);

/// What each file must give, in order: `message:<type>:<kind>`, `status:<status>`,
/// `error:<code>`, `change:<field>`, `unparsed:<item>`.
const EXPECTED: &[(&str, &[&str])] = &[
    ("netflie__a_button_notification", &["message:button:Button"]),
    (
        "netflie__a_button_reply_notification",
        &["message:interactive:ButtonReply"],
    ),
    (
        "netflie__a_contact_notification",
        &["message:contacts:Contacts"],
    ),
    (
        "netflie__a_flow_notification",
        &["message:interactive:FlowReply"],
    ),
    (
        "netflie__a_list_notification",
        &["message:interactive:ListReply"],
    ),
    // Placeholder strings where the coordinates go: the message is kept raw with the reason.
    ("netflie__a_location_notification", &["unparsed:Message"]),
    ("netflie__a_notification", &["message:button:Button"]),
    (
        "netflie__a_notification_with_bsuid_only_and_no_from",
        &["message:text:Text"],
    ),
    (
        "netflie__a_removed_reaction_notification",
        &["message:reaction:Reaction"],
    ),
    (
        "netflie__a_status_conversation_initiated_notification",
        &["status:read"],
    ),
    ("netflie__a_status_notification", &["status:read"]),
    (
        "netflie__a_status_notification_with_errors",
        &["status:failed"],
    ),
    (
        "netflie__a_status_notification_without_expiration_time",
        &["status:delivered"],
    ),
    (
        "netflie__a_status_with_pricing_notification",
        &["status:delivered"],
    ),
    (
        "netflie__a_sticker_notification",
        &["message:sticker:Sticker"],
    ),
    ("netflie__a_system_notification", &["message:system:System"]),
    (
        "netflie__an_authentication_status_notification",
        &["status:delivered"],
    ),
    (
        "netflie__an_document_notification",
        &["message:document:Document"],
    ),
    ("netflie__an_order_notification", &["message:order:Order"]),
    (
        "netflie__an_unknown_notification",
        &["message:unknown:Other"],
    ),
    (
        "netflie__can_keep_wa_id_priority_when_user_id_is_present",
        &["message:text:Text"],
    ),
    (
        "netflie__multiple_text_notification",
        &["message:text:Text", "message:text:Text"],
    ),
    (
        "netflie__without_contact_profile_a_notification",
        &["message:text:Text"],
    ),
    (
        "pywa__account_update__account_violation",
        &["change:account_update"],
    ),
    (
        "pywa__account_update__partner_added",
        &["change:account_update"],
    ),
    ("pywa__call_connect__user_initiated", &["change:calls"]),
    (
        "pywa__call_permission_update__accept",
        &["message:interactive:CallPermissionReply"],
    ),
    ("pywa__call_status__call_status", &["change:calls"]),
    ("pywa__call_terminate__call_terminate", &["change:calls"]),
    (
        "pywa__callback_button__button",
        &["message:interactive:ButtonReply"],
    ),
    (
        "pywa__callback_button__quick_reply",
        &["message:button:Button"],
    ),
    (
        "pywa__callback_button__quick_reply_without_context",
        &["message:button:Button"],
    ),
    (
        "pywa__callback_selection__callback",
        &["message:interactive:ListReply"],
    ),
    (
        "pywa__callback_selection__description",
        &["message:interactive:ListReply"],
    ),
    ("pywa__deleted_message__revoke", &["message:revoke:Revoke"]),
    ("pywa__edited_message__image", &["message:edit:Edit"]),
    (
        "pywa__flow_completion__completion",
        &["message:interactive:FlowReply"],
    ),
    (
        "pywa__flow_completion__without_flow_token",
        &["message:interactive:FlowReply"],
    ),
    (
        "pywa__message__animated_sticker",
        &["message:sticker:Sticker"],
    ),
    ("pywa__message__audio", &["message:audio:Audio"]),
    (
        "pywa__message__chosen_location",
        &["message:location:Location"],
    ),
    ("pywa__message__contacts", &["message:contacts:Contacts"]),
    (
        "pywa__message__current_location",
        &["message:location:Location"],
    ),
    ("pywa__message__document", &["message:document:Document"]),
    ("pywa__message__forwarded", &["message:text:Text"]),
    (
        "pywa__message__forwarded_many_times",
        &["message:text:Text"],
    ),
    ("pywa__message__image", &["message:image:Image"]),
    // An interactive message without its content, and the value-level error explaining it.
    (
        "pywa__message__interactive_message_with_err",
        &["message:interactive:Other", "error:131000"],
    ),
    ("pywa__message__media_with_url", &["message:image:Image"]),
    ("pywa__message__order", &["message:order:Order"]),
    ("pywa__message__reaction", &["message:reaction:Reaction"]),
    ("pywa__message__referral", &["message:text:Text"]),
    ("pywa__message__reply", &["message:text:Text"]),
    (
        "pywa__message__static_sticker",
        &["message:sticker:Sticker"],
    ),
    ("pywa__message__text", &["message:text:Text"]),
    (
        "pywa__message__unreaction_empty",
        &["message:reaction:Reaction"],
    ),
    (
        "pywa__message__unreaction_no_emoji",
        &["message:reaction:Reaction"],
    ),
    (
        "pywa__message__unsupported",
        &["message:unsupported:Unsupported"],
    ),
    (
        "pywa__message__unsupported_with_type",
        &["message:unsupported:Unsupported"],
    ),
    ("pywa__message__video", &["message:video:Video"]),
    ("pywa__message__voice", &["message:audio:Audio"]),
    ("pywa__message_status__delivered", &["status:delivered"]),
    ("pywa__message_status__failed", &["status:failed"]),
    ("pywa__message_status__group", &["status:read"]),
    ("pywa__message_status__played", &["status:played"]),
    ("pywa__message_status__read", &["status:read"]),
    ("pywa__message_status__sent", &["status:sent"]),
    ("pywa__message_status__with_tracker", &["status:sent"]),
    (
        "pywa__outgoing_message__edit",
        &["change:smb_message_echoes"],
    ),
    (
        "pywa__outgoing_message__text",
        &["change:smb_message_echoes"],
    ),
    ("pywa__system__identity_change", &["message:system:System"]),
    (
        "pywa__system__phone_number_change",
        &["message:system:System"],
    ),
    (
        "pywa__template_category_update__marketing",
        &["change:template_category_update"],
    ),
    (
        "pywa__template_components_update__element",
        &["change:message_template_components_update"],
    ),
    (
        "pywa__template_quality_update__yellow",
        &["change:message_template_quality_update"],
    ),
    (
        "pywa__template_status_update__approved",
        &["change:message_template_status_update"],
    ),
    (
        "pywa__template_status_update__rejected",
        &["change:message_template_status_update"],
    ),
    (
        "pywa__user_marketing_preferences__resume",
        &["change:user_preferences"],
    ),
    (
        "sipsy__interactive_button_reply",
        &["message:interactive:ButtonReply"],
    ),
    (
        "sipsy__interactive_list_reply",
        &["message:interactive:ListReply"],
    ),
    (
        "sipsy__location_reply_with_context",
        &["message:location:Location"],
    ),
];

fn body(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}.json")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn load(name: &str) -> Payload {
    parse(&body(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn kind_name(kind: &InboundKind<'_>) -> &'static str {
    match kind {
        InboundKind::Text(_) => "Text",
        InboundKind::Reaction(_) => "Reaction",
        InboundKind::Image(_) => "Image",
        InboundKind::Audio(_) => "Audio",
        InboundKind::Video(_) => "Video",
        InboundKind::Document(_) => "Document",
        InboundKind::Sticker(_) => "Sticker",
        InboundKind::Location(_) => "Location",
        InboundKind::Contacts(_) => "Contacts",
        InboundKind::Button(_) => "Button",
        InboundKind::ButtonReply(_) => "ButtonReply",
        InboundKind::ListReply(_) => "ListReply",
        InboundKind::FlowReply(_) => "FlowReply",
        InboundKind::Order(_) => "Order",
        InboundKind::System(_) => "System",
        InboundKind::Edit(_) => "Edit",
        InboundKind::Revoke(_) => "Revoke",
        InboundKind::CallPermissionReply(_) => "CallPermissionReply",
        InboundKind::Unsupported { .. } => "Unsupported",
        InboundKind::Other { .. } => "Other",
        _ => "?",
    }
}

fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Message { message, .. } => format!(
            "message:{}:{}",
            message.type_.as_ref().map(|t| t.as_str()).unwrap_or(""),
            kind_name(&message.kind())
        ),
        Event::Status { status, .. } => format!("status:{}", status.status),
        Event::Error { error, .. } => format!("error:{}", error.code),
        Event::Change { change, .. } => format!("change:{}", change.tag()),
        Event::Unparsed { at, .. } => format!("unparsed:{at:?}"),
        _ => "?".into(),
    }
}

fn json_of(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap()
}

#[test]
fn every_corpus_body_parses_and_loses_no_item() {
    let mut files: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".json").unwrap().to_string()
        })
        .collect();
    files.sort();
    // The table speaks for the files it names; a file it does not name (the corpus is a sample
    // and grows) must still parse, give at least one event and lose no item.
    for (name, _) in EXPECTED {
        assert!(files.iter().any(|f| f == name), "{name}: not in the corpus");
    }
    assert!(files.len() >= 81, "the corpus has {} bodies", files.len());
    for name in &files {
        let expected = EXPECTED.iter().find(|(n, _)| n == name).map(|(_, e)| *e);
        let bytes = body(name);
        let payload = parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(matches!(payload, Payload::Cloud(_)), "{name}");
        let events = payload.events();
        assert!(!events.is_empty(), "{name}: no event");
        if let Some(expected) = expected {
            let got: Vec<String> = events.iter().map(describe).collect();
            assert_eq!(got, expected, "{name}");
        }
        // Nothing lost: the raw JSON of the events is every message and status of the file and
        // every other change whole, in order (errors come out typed and are compared by code in
        // the table).
        let file: Value = serde_json::from_slice(&bytes).unwrap();
        let raws: Vec<Value> = events
            .iter()
            .filter(|e| !matches!(e, Event::Error { .. }))
            .map(|e| json_of(e.raw()))
            .collect();
        assert_eq!(
            raws,
            super::cloud_items(&file, &["messages", "statuses"]),
            "{name}"
        );
        // Written back, every entry is as received (entries keep their raw JSON; a top-level
        // key other than `object` and `entry`, as one file of the corpus carries, is not kept).
        let written: Value = serde_json::to_value(match &payload {
            Payload::Cloud(c) => c,
            Payload::OnPremise(_) => unreachable!(),
        })
        .unwrap();
        assert_eq!(written["entry"], file["entry"], "{name}");
        assert_eq!(written["object"], file["object"], "{name}");
    }
}

fn message_at<'a>(events: &'a [Event<'a>], i: usize) -> &'a waba_dialog360::types::InboundMessage {
    match &events[i] {
        Event::Message { message, .. } => message,
        e => panic!("{e:?}"),
    }
}

#[test]
fn integer_timestamps_are_read_and_kept_as_numbers() {
    for name in [
        "netflie__a_button_notification",
        "netflie__a_button_reply_notification",
        "netflie__a_flow_notification",
        "netflie__a_list_notification",
        "netflie__a_notification",
        "netflie__a_system_notification",
        "netflie__an_order_notification",
    ] {
        let payload = load(name);
        let events = payload.events();
        let m = message_at(&events, 0);
        assert_eq!(m.timestamp.as_str(), "1669233778", "{name}");
        assert!(m.timestamp.is_number(), "{name}");
    }
}

#[test]
fn string_quantities_and_prices_of_an_order_are_kept_as_sent() {
    let payload = load("netflie__an_order_notification");
    let events = payload.events();
    let InboundKind::Order(order) = message_at(&events, 0).kind() else {
        panic!()
    };
    assert_eq!(order.product_items.len(), 2);
    let item = &order.product_items[1];
    assert_eq!(
        item.product_retailer_id.as_deref(),
        Some("the-product-SKU-identifier-2")
    );
    let quantity = item.quantity.as_ref().unwrap();
    assert_eq!(quantity.as_str(), "number-of-item");
    assert!(!quantity.is_number());
    assert_eq!(
        item.item_price.as_ref().unwrap().as_str(),
        "unitary-price-of-item"
    );
    // Numbers stay numbers.
    let payload = load("pywa__message__order");
    let events = payload.events();
    let InboundKind::Order(order) = message_at(&events, 0).kind() else {
        panic!()
    };
    assert!(
        order.product_items[0]
            .quantity
            .as_ref()
            .unwrap()
            .is_number()
    );
}

#[test]
fn placeholder_coordinates_keep_the_message_raw_with_the_reason() {
    let payload = load("netflie__a_location_notification");
    let events = payload.events();
    let Event::Unparsed { at, raw, reason } = events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(at, ItemKind::Message);
    let raw = json_of(raw);
    assert_eq!(raw["id"], "wamid.ID");
    assert_eq!(raw["location"]["latitude"], "LOCATION_LATITUDE");
    // The reason names the field within the message, then what is wrong with it.
    assert!(
        reason.starts_with(
            "location.latitude: invalid type: string \"LOCATION_LATITUDE\", expected f64"
        ),
        "{reason}"
    );
}

#[test]
fn business_scoped_ids_groups_and_billing_are_typed() {
    let payload = load("netflie__a_notification_with_bsuid_only_and_no_from");
    let events = payload.events();
    let Event::Message {
        message, contact, ..
    } = events[0]
    else {
        panic!()
    };
    assert_eq!(message.from, None);
    assert_eq!(contact.unwrap().user_id.as_deref(), Some("BSUID_123"));

    let payload = load("pywa__message_status__group");
    let events = payload.events();
    let Event::Status { status, .. } = events[0] else {
        panic!()
    };
    assert_eq!(status.recipient_type.as_deref(), Some("group"));
    assert_eq!(
        status.recipient_participant_user_id.as_deref(),
        Some("US.123456")
    );
    assert_eq!(
        status.recipient_participant_parent_user_id.as_deref(),
        Some("<PARENT_BSUID>")
    );

    let payload = load("pywa__message_status__with_tracker");
    let events = payload.events();
    let Event::Status { status, .. } = events[0] else {
        panic!()
    };
    assert_eq!(
        status.biz_opaque_callback_data.as_deref(),
        Some("some data")
    );
    let pricing = status.pricing.as_ref().unwrap();
    assert_eq!(pricing.pricing_model.as_ref().unwrap().as_str(), "CBP");
    let conversation = status.conversation.as_ref().unwrap();
    assert_eq!(
        conversation.expiration_timestamp.as_ref().unwrap().as_str(),
        "1698339900"
    );

    let payload = load("pywa__message__unsupported_with_type");
    let events = payload.events();
    let InboundKind::Unsupported {
        unsupported,
        errors,
    } = message_at(&events, 0).kind()
    else {
        panic!()
    };
    assert!(unsupported.and_then(|u| u.type_.as_deref()).is_some());
    assert!(!errors.is_empty() && errors.iter().all(|e| e.is_parsed()));

    let payload = load("pywa__edited_message__image");
    let events = payload.events();
    let InboundKind::Edit(edit) = message_at(&events, 0).kind() else {
        panic!()
    };
    assert_eq!(
        edit.message.get("image").and_then(|i| i.get("caption")),
        Some(&json!("Updated image caption"))
    );
}

fn change(payload: &Payload) -> WebhookChange {
    let events = payload.events();
    let Event::Change { change, .. } = events[0] else {
        panic!("{events:?}")
    };
    change.clone()
}

#[test]
fn changes_of_other_fields_are_typed() {
    let WebhookChange::MessageTemplateStatusUpdate(update) =
        change(&load("pywa__template_status_update__rejected"))
    else {
        panic!()
    };
    assert_eq!(update.event.as_deref(), Some("REJECTED"));
    assert!(update.message_template_id.as_ref().unwrap().is_number());
    assert_eq!(
        update.message_template_id.as_ref().unwrap().as_str(),
        "1689556908129835"
    );
    assert!(update.rejection_info.unwrap().recommendation.is_some());

    let WebhookChange::MessageTemplateQualityUpdate(q) =
        change(&load("pywa__template_quality_update__yellow"))
    else {
        panic!()
    };
    assert_eq!(q.new_quality_score.as_deref(), Some("YELLOW"));

    let WebhookChange::TemplateCategoryUpdate(c) =
        change(&load("pywa__template_category_update__marketing"))
    else {
        panic!()
    };
    assert_eq!(c.new_category.as_deref(), Some("MARKETING"));

    let WebhookChange::MessageTemplateComponentsUpdate(c) =
        change(&load("pywa__template_components_update__element"))
    else {
        panic!()
    };
    assert_eq!(
        c.message_template_element.as_deref(),
        Some("Hi {{1}}! Welcome to our service.")
    );

    let WebhookChange::AccountUpdate(a) = change(&load("pywa__account_update__partner_added"))
    else {
        panic!()
    };
    assert_eq!(a.event.as_deref(), Some("PARTNER_ADDED"));
    assert_eq!(a.waba_info.unwrap().solution_partner_business_ids.len(), 2);

    let WebhookChange::Calls(CallsValue { calls, errors, .. }) =
        change(&load("pywa__call_terminate__call_terminate"))
    else {
        panic!()
    };
    let call = calls[0].parsed().unwrap();
    assert_eq!(call.event.as_deref(), Some("terminate"));
    assert_eq!(call.duration.as_ref().unwrap().as_str(), "120");
    assert_eq!(errors[0].parsed().unwrap().code, 12455);

    let WebhookChange::Calls(calls) = change(&load("pywa__call_status__call_status")) else {
        panic!()
    };
    let status = calls.statuses[0].parsed().unwrap();
    assert_eq!(status.status.as_str(), "RINGING");
    assert_eq!(status.type_.as_deref(), Some("call"));

    let WebhookChange::SmbMessageEchoes(echoes) = change(&load("pywa__outgoing_message__text"))
    else {
        panic!()
    };
    let echo = echoes.message_echoes[0].parsed().unwrap();
    assert_eq!(echo.to_user_id.as_deref(), Some("<BSUID>"));
    assert!(
        matches!(echo.kind(), InboundKind::Text(t) if t.body.as_deref() == Some("Test message"))
    );

    let WebhookChange::UserPreferences(prefs) =
        change(&load("pywa__user_marketing_preferences__resume"))
    else {
        panic!()
    };
    let pref = prefs.user_preferences[0].parsed().unwrap();
    assert_eq!(pref.value.as_deref(), Some("resume"));
    assert!(pref.timestamp.as_ref().unwrap().is_number());
}
