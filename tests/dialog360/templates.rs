//! Template sends: every `template_*` example of `send_message` built through the typed API
//! (`requests.rs` compares each with the spec, sends it to a mock server and snapshots it),
//! read back into the typed request and written out unchanged, and the documented limits:
//! just inside is accepted, just outside is refused naming the full path, and nothing reaches
//! the server.

use httpmock::MockServer;
use serde_json::{Value, json};
use waba_dialog360::types::{
    MessagesRequest, TemplateCarouselCard, TemplateComponent, TemplateDateTime,
    TemplateDateTimeCalendar, TemplateParameter, TemplateProductSection,
};
use waba_dialog360::{ErrorKind, MediaSource, Message};
use waba_workspace_tests::{request_example, request_example_names};

use super::client;

const TO: &str = "4915112345678";

fn link(url: &str) -> MediaSource {
    MediaSource::Link(url.into())
}

/// The typed reproduction of each `template_*` example of `send_message`.
pub fn typed(name: &str) -> MessagesRequest {
    let t = |name: &str, language: &str| Message::template(TO, name, language);
    let m = match name {
        "template_text_params" => {
            t("order_confirmation", "en_US").with_body_text(["Anna", "10234"])
        }
        "template_media_header" => t("spring_sale", "de")
            .with_header(TemplateParameter::image(link(
                "https://www.example.com/images/spring-sale.jpg",
            )))
            .with_body_text(["Anna"]),
        "template_currency_datetime" => t("payment_reminder", "en_US").with_body(vec![
            TemplateParameter::currency("€49.90", "EUR", 49900),
            TemplateParameter::date_time("March 15, 2025"),
        ]),
        "template_buttons" => t("delivery_update", "en_US")
            .with_body_text(["10234"])
            .with_quick_reply_payload(0, "RESCHEDULE_10234")
            .with_url_suffix(1, "track/10234"),
        "template_header_text" => t("appointment_reminder", "en_US")
            .with_header(TemplateParameter::text("Dr. Weber"))
            .with_body_text(["Tuesday 10:30"]),
        "template_header_video" => t("product_launch", "en_US").with_header(
            TemplateParameter::video(MediaSource::Id("5647382910564738".into())),
        ),
        "template_header_document" => t("invoice_ready", "de")
            .with_header(TemplateParameter::document(
                link("https://www.example.com/invoices/INV-2024-0117.pdf"),
                Some("INV-2024-0117.pdf"),
            ))
            .with_body_text(["INV-2024-0117"]),
        "template_header_location" => t("pickup_point", "en_US")
            .with_header(TemplateParameter::location(
                "52.520008",
                "13.404954",
                Some("Example Store Berlin"),
                Some("Alexanderplatz 1, 10178 Berlin"),
            ))
            .with_body_text(["10234"]),
        "template_named_parameters" => t("order_total_named", "en_US").with_body(vec![
            TemplateParameter::named_text("first_name", "Anna"),
            TemplateParameter::currency("€49.90", "EUR", 49900).named("total"),
            TemplateParameter::date_time("March 15, 2025").named("delivery_date"),
        ]),
        "template_date_time_fields" => {
            let fields = TemplateParameter::DateTime {
                date_time: TemplateDateTime::new("Saturday, March 15, 2025 at 14:30")
                    .with_day_of_week(6.try_into().unwrap())
                    .with_year(2025)
                    .with_month(3.try_into().unwrap())
                    .with_day_of_month(15.try_into().unwrap())
                    .with_hour(14)
                    .with_minute(30)
                    .with_calendar(TemplateDateTimeCalendar::Gregorian),
                parameter_name: None,
            };
            let mut epoch = TemplateParameter::date_time("March 15, 2025");
            if let TemplateParameter::DateTime { date_time, .. } = &mut epoch {
                date_time.timestamp = Some(1742049000);
            }
            t("appointment_confirmation", "en_US").with_body(vec![fields, epoch])
        }
        "template_copy_code" => t("spring_coupon", "en_US")
            .with_body_text(["20%"])
            .with_copy_code(0, "SPRING20"),
        "template_authentication" => t("login_code", "en_US")
            .with_one_time_password("482913")
            .unwrap(),
        "template_flow" => {
            let data = json!({"party_size": 4, "preferred_area": "terrace"});
            t("book_a_table", "en_US").with_flow(
                0,
                "booking-7731",
                data.as_object().unwrap().clone(),
            )
        }
        "template_catalog" => t("browse_catalog", "en_US")
            .with_body_text(["15"])
            .with_catalog(0, Some("sku-boots-42")),
        "template_multi_product" => t("winter_picks", "en_US")
            .with_header(TemplateParameter::text("Winter"))
            .with_body_text(["Anna"])
            .with_product_sections(
                0,
                "sku-boots-42",
                [
                    ("Boots", vec!["sku-boots-42", "sku-boots-43"]),
                    ("Coats", vec!["sku-coat-7"]),
                ],
            ),
        "template_carousel_media" => {
            let card = |i: i32, header: MediaSource, price: &str, more: &str, path: &str| {
                TemplateCarouselCard::new(i)
                    .with_header(TemplateParameter::image(header))
                    .with_body_text([price])
                    .with_quick_reply_payload(0, more)
                    .with_url_suffix(1, path)
            };
            t("winter_collection", "en_US")
                .with_body_text(["Anna"])
                .with_carousel([
                    card(
                        0,
                        link("https://www.example.com/images/boots.jpg"),
                        "89",
                        "more-boots",
                        "boots-42",
                    ),
                    card(
                        1,
                        MediaSource::Id("1928374655647382".into()),
                        "149",
                        "more-coats",
                        "coat-7",
                    ),
                ])
        }
        "template_carousel_product" => {
            let card = |i: i32, sku: &str| {
                TemplateCarouselCard::new(i)
                    .with_header(TemplateParameter::product(sku, "1928374650192837"))
            };
            t("picked_for_you", "en_US")
                .with_body_text(["Anna"])
                .with_carousel([card(0, "sku-boots-42"), card(1, "sku-coat-7")])
        }
        "template_limited_time_offer" => t("flash_sale", "en_US")
            .with_header(TemplateParameter::image(link(
                "https://www.example.com/images/flash-sale.jpg",
            )))
            .with_body_text(["Anna"])
            .with_limited_time_offer(1767225599000)
            .with_copy_code(0, "FLASH25")
            .with_url_suffix(1, "flash-sale"),
        other => panic!("template example `{other}` has no typed reproduction in this test"),
    };
    MessagesRequest::Message(m)
}

fn template_examples() -> Vec<String> {
    request_example_names("dialog360", "send_message")
        .into_iter()
        .filter(|n| n.starts_with("template_"))
        .collect()
}

#[test]
fn every_template_example_is_built_by_the_typed_api_and_passes_the_checks() {
    let names = template_examples();
    assert!(names.len() >= 18, "template examples: {names:?}");
    for name in names {
        let expected = request_example("dialog360", "send_message", &name);
        let built = typed(&name);
        assert_eq!(serde_json::to_value(&built).unwrap(), expected, "{name}");
        let MessagesRequest::Message(m) = &built else {
            panic!("{name} is not a message")
        };
        m.check_template().unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn every_template_example_reads_into_the_typed_request_and_writes_back_unchanged() {
    for name in template_examples() {
        let expected = request_example("dialog360", "send_message", &name);
        let read: MessagesRequest = serde_json::from_value(expected.clone())
            .unwrap_or_else(|e| panic!("{name} does not read: {e}"));
        assert!(
            matches!(&read, MessagesRequest::Message(Message::Template { .. })),
            "{name} did not read as a template message"
        );
        assert_eq!(serde_json::to_value(&read).unwrap(), expected, "{name}");
    }
}

#[test]
fn a_language_without_policy_and_numeric_coordinates_are_written_back_as_they_came() {
    let body = json!({
        "messaging_product": "whatsapp", "to": TO, "type": "template",
        "template": {"name": "pickup_point", "language": {"code": "en_US"},
            "components": [{"type": "header", "parameters": [{"type": "location",
                "location": {"latitude": 52.520008, "longitude": -13.5}}]}]}
    });
    let read: MessagesRequest = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(serde_json::to_value(&read).unwrap(), body);
    let MessagesRequest::Message(m) = read else {
        panic!("not a message")
    };
    m.check_template().unwrap();
}

/// What a builder refused: the path and the message.
/// What the send would refuse: building checks nothing, `check_send` is the send's check.
fn refused(message: Message) -> (String, String) {
    let e = message
        .check_send()
        .expect_err("the send should refuse the value");
    (e.path, e.message)
}

#[test]
fn limits_just_inside_pass_and_just_outside_name_the_path() {
    let t = || Message::template(TO, "limits", "en_US");

    // Button index 0 to 9.
    assert!(t().with_quick_reply_payload(9, "p").check_send().is_ok());
    let (path, _) = refused(t().with_quick_reply_payload(10, "p"));
    assert_eq!(path, "template.components[0].index");
    let (path, _) = refused(t().with_url_suffix(-1, "x"));
    assert_eq!(path, "template.components[0].index");

    // Copy code at most 15 characters, also when it is the second component.
    let body = || t().with_body_text(["x"]);
    assert!(
        body()
            .with_copy_code(0, "C".repeat(15))
            .check_send()
            .is_ok()
    );
    let (path, message) = refused(body().with_copy_code(0, "C".repeat(16)));
    assert_eq!(path, "template.components[1].parameters[0].coupon_code");
    assert!(message.contains("15"), "{message}");

    // One-time password at most 15 characters.
    // (checked when written: the sent body does not say which text is a password)
    assert!(t().with_one_time_password(&"7".repeat(15)).is_ok());
    let e = t().with_one_time_password(&"7".repeat(16)).unwrap_err();
    assert_eq!(e.path, "template.components[0].parameters[0].text");

    // Header text at most 60 characters.
    assert!(
        t().with_header(TemplateParameter::text("h".repeat(60)))
            .check_send()
            .is_ok()
    );
    let (path, message) = refused(t().with_header(TemplateParameter::text("h".repeat(61))));
    assert_eq!(path, "template.components[0].parameters[0].text");
    assert!(message.contains("at most 60"), "{message}");

    // Body text: 32768 when the body is alone, 1024 beside other components.
    assert!(t().with_body_text(["b".repeat(32768)]).check_send().is_ok());
    let (path, _) = refused(t().with_body_text(["b".repeat(32769)]));
    assert_eq!(path, "template.components[0].parameters[0].text");
    let with_button = || t().with_quick_reply_payload(0, "p");
    assert!(
        with_button()
            .with_body_text(["b".repeat(1024)])
            .check_send()
            .is_ok()
    );
    let (path, _) = refused(with_button().with_body_text(["ok", &"b".repeat(1025)]));
    assert_eq!(path, "template.components[0].parameters[1].text");

    // At most 10 carousel cards, card_index 0 to 9, card button index 0 or 1.
    let card = |i: i32| {
        TemplateCarouselCard::new(i)
            .with_header(TemplateParameter::image(link("https://example.com/a.jpg")))
    };
    assert!(t().with_carousel((0..10).map(card)).check_send().is_ok());
    let (path, message) = refused(t().with_carousel((0..11).map(|i| card(i % 10))));
    assert_eq!(path, "template.components[0].cards");
    assert!(message.contains("11"), "{message}");
    let (path, _) = refused(t().with_carousel([card(0), card(10)]));
    assert_eq!(path, "template.components[0].cards[1].card_index");
    let (path, _) = refused(t().with_carousel([card(0).with_quick_reply_payload(2, "p")]));
    assert_eq!(path, "template.components[0].cards[0].components[1].index");
    // A value refused deep inside a card names its whole path.
    let mut late = TemplateParameter::date_time("at midnight");
    if let TemplateParameter::DateTime { date_time, .. } = &mut late {
        date_time.hour = Some(24);
    }
    let (path, _) = refused(
        t().with_body_text(["x"])
            .with_carousel([TemplateCarouselCard::new(0)
                .with_header(TemplateParameter::image(link("https://example.com/a.jpg")))
                .with_body(vec![late])]),
    );
    assert_eq!(
        path,
        "template.components[1].cards[0].components[1].parameters[0].date_time.hour"
    );

    // Multi-product: section title ≤ 24, ≤ 10 sections, ≤ 30 products in all.
    use waba_dialog360::Check as _;
    assert!(
        TemplateProductSection::new("s".repeat(24), ["a"])
            .check()
            .is_ok()
    );
    let e = TemplateProductSection::new("s".repeat(25), ["a"])
        .check()
        .unwrap_err();
    assert_eq!(e.path, "title");
    let section = |n: usize| TemplateProductSection::new("S", (0..n).map(|i| format!("sku-{i}")));
    assert!(
        t().with_products(0, "sku-0", vec![section(15), section(15)])
            .check_send()
            .is_ok()
    );
    let (path, message) = refused(t().with_products(0, "sku-0", vec![section(15), section(16)]));
    assert_eq!(path, "template.components[0].parameters[0].action.sections");
    assert!(message.contains("31"), "{message}");
    let (path, _) = refused(t().with_body_text(["x"]).with_product_sections(
        0,
        "sku-0",
        [("Boots", vec!["a"]), (&"s".repeat(25), vec!["b"])],
    ));
    assert_eq!(
        path,
        "template.components[1].parameters[0].action.sections[1].title"
    );
    // A title is needed only when there are several sections.
    let untitled = || TemplateProductSection::untitled(["sku-0"]);
    assert!(
        t().with_products(0, "sku-0", vec![untitled()])
            .check_send()
            .is_ok()
    );
    let (path, _) = refused(t().with_products(0, "sku-0", vec![section(1), untitled()]));
    assert_eq!(
        path,
        "template.components[0].parameters[0].action.sections[1].title"
    );
    assert!(
        t().with_products(0, "sku-0", vec![section(1); 10])
            .check_send()
            .is_ok()
    );
    let (path, _) = refused(t().with_products(0, "sku-0", vec![section(1); 11]));
    assert_eq!(path, "template.components[0].parameters[0].action.sections");

    // date_time fields keep to their ranges.
    let mut date = TemplateParameter::date_time("x");
    if let TemplateParameter::DateTime { date_time, .. } = &mut date {
        date_time.hour = Some(24);
    }
    let (path, _) = refused(t().with_body(vec![date]));
    assert_eq!(path, "template.components[0].parameters[0].date_time.hour");

    // Only templates take template parts: another message is returned unchanged.
    let text = serde_json::to_value(Message::text(TO, "hi")).unwrap();
    let changed = Message::text(TO, "hi").with_carousel([card(0)]);
    assert_eq!(serde_json::to_value(changed).unwrap(), text);
}

#[tokio::test]
async fn a_template_beyond_a_limit_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(200)
            .json_body(json!({"messages": [{"id": "wamid.x"}]}));
    });
    let client = client(&server);

    // Written out by hand, so no builder checked them.
    let card = |i: i32| TemplateCarouselCard::new(i);
    let mut cards = Message::template(TO, "limits", "en_US");
    let mut long_header = cards.clone();
    if let Message::Template { template, .. } = &mut cards {
        template.components.push(TemplateComponent::Carousel {
            cards: (0..11).map(|i| card(i % 10)).collect(),
        });
    }
    if let Message::Template { template, .. } = &mut long_header {
        template.components.push(TemplateComponent::Header {
            parameters: vec![TemplateParameter::text("h".repeat(61))],
        });
    }
    for (message, path) in [
        (cards, "template.components[0].cards"),
        (long_header, "template.components[0].parameters[0].text"),
    ] {
        let err = client.send(message).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
        assert_eq!(err.operation(), "send_message");
        assert_eq!(err.validation().map(|f| f.path.as_str()), Some(path));
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[test]
fn a_string_button_index_as_in_metas_examples_is_read_checked_and_written_back() {
    let body = |index: Value| {
        json!({
            "messaging_product": "whatsapp", "to": TO, "type": "template",
            "template": {"name": "n", "language": {"code": "en", "policy": "deterministic"},
                "components": [{"type": "button", "sub_type": "quick_reply", "index": index,
                    "parameters": [{"type": "payload", "payload": "p"}]}]}
        })
    };
    for index in [json!("0"), json!(9), json!("9")] {
        let read: MessagesRequest = serde_json::from_value(body(index.clone())).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), body(index.clone()));
        let MessagesRequest::Message(m) = read else {
            panic!("not a message")
        };
        m.check_template()
            .unwrap_or_else(|e| panic!("index {index}: {e}"));
    }
    for index in [json!("10"), json!(10), json!(1.5), json!("a")] {
        let read: MessagesRequest = serde_json::from_value(body(index.clone())).unwrap();
        let MessagesRequest::Message(m) = read else {
            panic!("not a message")
        };
        let e = m.check_template().unwrap_err();
        assert_eq!(e.path, "template.components[0].index", "index {index}");
    }
}

#[test]
fn carousel_and_limited_time_offer_definitions_read_and_write_back_unchanged() {
    use waba_dialog360::types::TemplateCreate;
    let carousel = json!({
        "name": "winter_collection", "category": "MARKETING", "language": "en_US",
        "components": [
            {"type": "BODY", "text": "Hi {{1}}, our winter picks:", "example": {"body_text": [["Anna"]]}},
            {"type": "CAROUSEL", "cards": [
                {"components": [
                    {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::aW1hZ2U=:AR1"]}},
                    {"type": "BODY", "text": "Boots from {{1}} EUR", "example": {"body_text": [["89"]]}},
                    {"type": "BUTTONS", "buttons": [
                        {"type": "QUICK_REPLY", "text": "More like this"},
                        {"type": "URL", "text": "Buy", "url": "https://www.example.com/p/{{1}}", "example": ["https://www.example.com/p/boots-42"]}]}]},
                {"components": [
                    {"type": "HEADER", "format": "PRODUCT"},
                    {"type": "BUTTONS", "buttons": [{"type": "SPM", "text": "View"}]}]}]}]
    });
    let offer = json!({
        "name": "flash_sale", "category": "MARKETING", "language": "en_US",
        "components": [
            {"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": "Flash sale!", "has_expiration": true}},
            {"type": "BODY", "text": "Hi {{1}}, 25% off today.", "example": {"body_text": [["Anna"]]}},
            {"type": "BUTTONS", "buttons": [
                {"type": "COPY_CODE", "example": "FLASH25"},
                {"type": "MPM", "text": "View items"}]}]
    });
    for body in [carousel, offer] {
        let read: TemplateCreate = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&read).unwrap(), body);
        crate::spec_schemas("dialog360")
            .validate("TemplateCreate", &body)
            .unwrap();
    }
    // The offer's headline is at most 16 characters.
    let long = json!({"name": "n", "category": "MARKETING", "language": "en",
        "components": [{"type": "LIMITED_TIME_OFFER", "limited_time_offer": {"text": "x".repeat(17)}}]});
    let e = crate::spec_schemas("dialog360")
        .validate("TemplateCreate", &long)
        .unwrap_err();
    assert_eq!(e.path, "components[0].limited_time_offer.text");
}
