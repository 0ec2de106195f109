//! The basic and interactive sends added for the whole Cloud API: their typed reproductions
//! (used by `requests.rs`, which compares each with the spec's example, sends and snapshots
//! it), and Meta's limits on them: a value just inside passes, just outside is refused naming
//! the field, by the builders and before sending.

use httpmock::MockServer;
use serde_json::{Value, json};
use waba_dialog360::types::{Message, MessagesRequest, RecipientType, TextMessageWithoutType};
use waba_dialog360::{
    AtField, ErrorKind, FlowRef, InvalidArgument, MarkAsRead, MediaSource, Order,
};

use super::client;

const TO: &str = "4915112345678";
const WAMID: &str = "wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFjNFQjBCNkQ3RkI3QjI4NDg1QzFBAA==";

/// The typed reproduction of the `send_message` examples added with the interactive kinds.
pub fn typed(name: &str) -> MessagesRequest {
    let m = match name {
        "video_by_id" => Ok(Message::video(
            TO,
            MediaSource::Id("5647382910564738".into()),
            None,
        )),
        "audio_by_link" => Ok(Message::audio(
            TO,
            MediaSource::Link("https://www.example.com/audio/welcome.ogg".into()),
        )),
        "document_by_id" => Ok(Message::document(
            TO,
            MediaSource::Id("3847561029384756".into()),
            Some("terms.pdf"),
            None,
        )),
        "sticker_by_link" => Ok(Message::sticker(
            TO,
            MediaSource::Link("https://www.example.com/stickers/thanks.webp".into()),
        )),
        "reaction_removal" => Ok(Message::remove_reaction(TO, WAMID)),
        "text_without_type" => {
            let mut text = TextMessageWithoutType::new(TO, "Your table is booked for 8 pm.");
            text.recipient_type = Some(RecipientType::Individual);
            return text.into();
        }
        "mark_as_read_only" => return MarkAsRead::new(WAMID).into(),
        "interactive_buttons_image_header" => Message::buttons(TO, "Is this the jacket you meant?")
            .header_image(MediaSource::Id("1283746510293847".into()))
            .reply("jacket-yes", "Yes")
            .reply("jacket-no", "No")
            .build(),
        "interactive_buttons_video_header" => {
            Message::buttons(TO, "Did the video help you set up your router?")
                .header_video(MediaSource::Link(
                    "https://www.example.com/videos/setup-guide.mp4".into(),
                ))
                .reply("video-helped", "It worked")
                .reply("video-support", "Call me")
                .build()
        }
        "interactive_buttons_document_header" => {
            Message::buttons(TO, "Please review the contract and confirm.")
                .header_document(
                    MediaSource::Link("https://www.example.com/contracts/C-2024-881.pdf".into()),
                    Some("C-2024-881.pdf"),
                )
                .footer("Example Store")
                .reply("contract-accept", "Accept")
                .build()
        }
        "interactive_flow" => {
            let data = json!({ "party_size": 2 }).as_object().cloned();
            Message::flow(
                TO,
                "Book a table in three taps.",
                FlowRef::Id("1234567890123456".into()),
                "Book a table",
            )
            .header_text("Table booking")
            .footer("Example Bistro")
            .flow_token("booking-7731")
            .flow_screen("CHOOSE_DATE", data)
            .build()
        }
        "interactive_product" => Message::product(TO, "6543210987654321", "sku-jacket-42")
            .body("The jacket you asked about is back in stock.")
            .footer("Example Store")
            .build(),
        "interactive_product_list" => Message::product_list(
            TO,
            "Rain gear",
            "Everything you need for the wet season.",
            "6543210987654321",
        )
        .footer("Example Store")
        .section("Jackets")
        .product("sku-jacket-42")
        .product("sku-jacket-43")
        .section("Boots")
        .product("sku-boots-7")
        .build(),
        "interactive_catalog" => Message::catalog(TO, "Browse our catalog and order in the chat.")
            .footer("Free delivery over 50 EUR")
            .thumbnail("sku-jacket-42")
            .build(),
        "interactive_order_details" => {
            let order = Order::new("order-10234", "INR", false)
                .payment("upi", "example-store-upi")
                .expires(1767225600, "Pay within 24 hours")
                .item("sku-jacket-42", "Rain jacket", 50000, 1)
                .tax(9000, Some("GST 18%"));
            Message::order_details(
                "919812345678",
                "Your order is ready. Review it and pay in the chat.",
                order,
            )
            .footer("Example Store")
            .build()
        }
        "interactive_order_details_simplified" => {
            let link = json!({ "type": "payment_link",
                "payment_link": { "uri": "https://pay.example.com/deposit-5521" } });
            let order = Order::new("deposit-5521", "BRL", true)
                .payment_type("br")
                .payment_setting(link.as_object().cloned().unwrap_or_default())
                .total(15000);
            Message::order_details(
                "5511987654321",
                "Your booking deposit is ready to pay.",
                order,
            )
            .build()
        }
        "interactive_order_status" => Message::order_status(
            "919812345678",
            "Your rain jacket is on its way.",
            "order-10234",
            "shipped",
            Some("Handed to the courier today"),
        )
        .build(),
        "interactive_call_permission_request" => {
            Message::call_permission_request(TO, "May we call you to arrange the delivery?").build()
        }
        "text_to_group" => Ok(Message::text(
            "Y2FwaV9ncm91cDo0OTE1MTEyMzQ1Njc4OjEyMDM2MzAyNTI0NjEyNTQ4Ng",
            "The team meeting moves to 3 pm.",
        )
        .to_group()),
        other => panic!("example `{other}` of send_message has no typed reproduction in this test"),
    };
    MessagesRequest::Message(m.unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// Asserts that `make(at)` builds and `make(past)` is refused naming `path`.
fn boundary(
    what: &str,
    make: impl Fn(usize) -> Result<Message, InvalidArgument>,
    at: usize,
    path: &str,
) {
    if let Err(e) = make(at) {
        panic!("{what}: {at} is allowed, but was refused: {e}");
    }
    match make(at + 1) {
        Ok(_) => panic!("{what}: {} was accepted", at + 1),
        Err(e) => assert_eq!(e.path, path, "{what}: {e}"),
    }
}

fn x(n: usize) -> String {
    "x".repeat(n)
}

/// A list with `n` rows spread over sections of at most three rows.
fn list_with_rows(n: usize) -> Result<Message, InvalidArgument> {
    let mut b = Message::list(TO, "Pick one", "Open");
    for i in 0..n {
        if i % 3 == 0 {
            b = b.section(&format!("Section {}", i / 3));
        }
        b = b.row(&format!("row-{i}"), &format!("Row {i}"), None);
    }
    b.build()
}

#[test]
fn list_limits_are_refused_just_past_them_naming_the_field() {
    let list = || Message::list(TO, "Pick one", "Open");
    boundary(
        "rows in all sections",
        list_with_rows,
        10,
        "interactive.action.sections",
    );
    boundary(
        "sections",
        |n| {
            (0..n)
                .fold(list(), |b, i| {
                    b.section(&format!("S{i}")).row(&format!("r{i}"), "R", None)
                })
                .build()
        },
        10,
        "interactive.action.sections",
    );
    boundary(
        "row title",
        |n| {
            list()
                .section("S")
                .row("a", "A", None)
                .row("b", &x(n), None)
                .build()
        },
        24,
        "interactive.action.sections[0].rows[1].title",
    );
    boundary(
        "row description",
        |n| list().section("S").row("a", "A", Some(&x(n))).build(),
        72,
        "interactive.action.sections[0].rows[0].description",
    );
    boundary(
        "row id",
        |n| list().section("S").row(&x(n), "A", None).build(),
        200,
        "interactive.action.sections[0].rows[0].id",
    );
    boundary(
        "section title",
        |n| {
            list()
                .section("S")
                .row("a", "A", None)
                .section(&x(n))
                .row("b", "B", None)
                .build()
        },
        24,
        "interactive.action.sections[1].title",
    );
    boundary(
        "list button",
        |n| {
            Message::list(TO, "Pick one", &x(n))
                .row("a", "A", None)
                .build()
        },
        20,
        "interactive.action.button",
    );
    boundary(
        "list body",
        |n| Message::list(TO, &x(n), "Open").row("a", "A", None).build(),
        4096,
        "interactive.body.text",
    );
    boundary(
        "list header",
        |n| list().header_text(&x(n)).row("a", "A", None).build(),
        60,
        "interactive.header.text",
    );
    boundary(
        "list footer",
        |n| list().footer(&x(n)).row("a", "A", None).build(),
        60,
        "interactive.footer.text",
    );

    let e = list()
        .row("a", "A", None)
        .section("S")
        .row("a", "B", None)
        .build()
        .unwrap_err();
    assert_eq!(e.path, "interactive.action.sections[0].title", "{e}");
    let e = list()
        .section("S")
        .row("same", "A", None)
        .section("T")
        .row("same", "B", None)
        .build()
        .unwrap_err();
    assert_eq!(e.path, "interactive.action.sections[1].rows[0].id", "{e}");
    assert!(e.message.contains("unique"), "{e}");
    let e = list().build().unwrap_err();
    assert_eq!(e.path, "interactive.action.sections", "{e}");
    // A row without a section goes into one untitled section, which Meta accepts.
    let one = list().row("a", "A", None).build().unwrap();
    assert_eq!(
        serde_json::to_value(&one).unwrap()["interactive"]["action"]["sections"],
        json!([{ "rows": [{ "id": "a", "title": "A" }] }])
    );
}

#[test]
fn button_limits_are_refused_just_past_them_naming_the_field() {
    let buttons = |n: usize| {
        (0..n)
            .fold(Message::buttons(TO, "Pick one"), |b, i| {
                b.reply(&format!("id-{i}"), &format!("Title {i}"))
            })
            .build()
    };
    boundary("buttons", buttons, 3, "interactive.action.buttons");
    assert_eq!(buttons(0).unwrap_err().path, "interactive.action.buttons");
    boundary(
        "button title",
        |n| {
            Message::buttons(TO, "Pick")
                .reply("a", "A")
                .reply("b", &x(n))
                .build()
        },
        20,
        "interactive.action.buttons[1].reply.title",
    );
    boundary(
        "button id",
        |n| Message::buttons(TO, "Pick").reply(&x(n), "A").build(),
        256,
        "interactive.action.buttons[0].reply.id",
    );
    boundary(
        "button body",
        |n| Message::buttons(TO, &x(n)).reply("a", "A").build(),
        1024,
        "interactive.body.text",
    );
    let e = Message::buttons(TO, "Pick")
        .reply("a", "Same")
        .reply("b", "Same")
        .build()
        .unwrap_err();
    assert_eq!(e.path, "interactive.action.buttons[1].reply.title", "{e}");
    let e = Message::buttons(TO, "Pick")
        .reply("a", "One")
        .reply("a", "Two")
        .build()
        .unwrap_err();
    assert_eq!(e.path, "interactive.action.buttons[1].reply.id", "{e}");
    // A method that does not apply to the kind is reported, not ignored.
    let e = Message::buttons(TO, "Pick")
        .reply("a", "A")
        .row("r", "R", None)
        .build()
        .unwrap_err();
    assert_eq!(e.path, "interactive.type", "{e}");
}

#[test]
fn other_interactive_limits_are_refused_just_past_them_naming_the_field() {
    boundary(
        "cta_url label",
        |n| Message::cta_url(TO, "Tickets", &x(n), "https://www.example.com").build(),
        20,
        "interactive.action.parameters.display_text",
    );
    let flow = |cta: &str| Message::flow(TO, "Book", FlowRef::Name("booking".into()), cta);
    boundary(
        "flow cta",
        |n| flow(&x(n)).build(),
        30,
        "interactive.action.parameters.flow_cta",
    );
    boundary(
        "catalog body",
        |n| Message::catalog(TO, &x(n)).build(),
        1024,
        "interactive.body.text",
    );
    boundary(
        "product footer",
        |n| Message::product(TO, "1", "sku").footer(&x(n)).build(),
        60,
        "interactive.footer.text",
    );
    let products = |n: usize| {
        let mut b = Message::product_list(TO, "Gear", "All of it", "1");
        for i in 0..n {
            if i % 5 == 0 {
                b = b.section(&format!("S{}", i / 5));
            }
            b = b.product(&format!("sku-{i}"));
        }
        b.build()
    };
    boundary(
        "products in all sections",
        products,
        30,
        "interactive.action.sections",
    );
    boundary(
        "product sections",
        |n| {
            (0..n)
                .fold(Message::product_list(TO, "Gear", "All", "1"), |b, i| {
                    b.section(&format!("S{i}")).product("sku")
                })
                .build()
        },
        10,
        "interactive.action.sections",
    );
    boundary(
        "product list header",
        |n| {
            Message::product_list(TO, &x(n), "All", "1")
                .product("sku")
                .build()
        },
        60,
        "interactive.header.text",
    );
    let order =
        |reference: &str, name: &str| Order::new(reference, "INR", true).item("sku", name, 100, 1);
    boundary(
        "order reference id",
        |n| Message::order_details(TO, "Pay", order(&x(n), "Item")).build(),
        35,
        "interactive.action.parameters.reference_id",
    );
    boundary(
        "order item name",
        |n| Message::order_details(TO, "Pay", order("ref", &x(n))).build(),
        60,
        "interactive.action.parameters.order.items[0].name",
    );
    let e = Message::order_details(TO, "Pay", Order::new("ref", "INR", true))
        .build()
        .unwrap_err();
    assert_eq!(e.path, "interactive.action.parameters.order.items", "{e}");

    // Both flow_id and flow_name: one is required, not both.
    let mut both = serde_json::to_value(flow("Book").build().unwrap()).unwrap();
    both["interactive"]["action"]["parameters"]["flow_id"] = json!("1");
    let both: Message = serde_json::from_value(both).unwrap();
    let e = both.check_limits().unwrap_err();
    assert_eq!(e.path, "interactive.action.parameters", "{e}");
    assert!(
        e.message
            .contains("exactly one of `flow_id` and `flow_name`"),
        "{e}"
    );
}

/// What the built message's types cannot hold is refused by the builder itself, naming the
/// field: an order item with a quantity of 0, a list's or product list's header that is not
/// text.
#[test]
fn values_the_types_cannot_hold_are_refused_naming_the_field() {
    let order = |quantity: u32| {
        Order::new("ref", "INR", false)
            .item("a", "A", 100, 1)
            .item("b", "B", 100, quantity)
    };
    assert!(Message::order_details(TO, "Pay", order(1)).build().is_ok());
    let e = Message::order_details(TO, "Pay", order(0))
        .build()
        .unwrap_err();
    assert_eq!(
        e.path, "interactive.action.parameters.order.items[1].quantity",
        "{e}"
    );
    let sale = Order::new("ref", "INR", false).sale_item("a", "A", 100, 80, 0);
    let e = Message::order_details(TO, "Pay", sale).build().unwrap_err();
    assert_eq!(
        e.path, "interactive.action.parameters.order.items[0].quantity",
        "{e}"
    );

    let media = || MediaSource::Id("1283746510293847".into());
    let list = || Message::list(TO, "Pick one", "Open").row("a", "A", None);
    let products = || Message::product_list(TO, "Gear", "All", "1").product("sku");
    for (kind, refused) in [
        ("list, image", list().header_image(media()).build()),
        ("list, video", list().header_video(media()).build()),
        (
            "list, document",
            list().header_document(media(), None).build(),
        ),
        (
            "product list, image",
            products().header_image(media()).build(),
        ),
        (
            "product list, document",
            products().header_document(media(), Some("a.pdf")).build(),
        ),
    ] {
        let e = refused.expect_err(kind);
        assert_eq!(e.path, "interactive.header.type", "{kind}: {e}");
    }
    // A text header is what they take; other kinds take any header.
    assert!(list().header_text("Menu").build().is_ok());
    assert!(
        Message::buttons(TO, "Pick")
            .reply("a", "A")
            .header_image(media())
            .build()
            .is_ok()
    );
}

/// A message with several faults is refused naming one of them (which one `build`'s
/// documentation says): always a field that is really at fault. Sent as a typed request, the
/// same message is refused before sending, again naming one of its faults.
#[tokio::test]
async fn a_message_with_several_faults_names_one_of_them_and_nothing_is_sent() {
    let four_buttons = |title: &str| {
        ["a", "b", "c", "d"]
            .into_iter()
            .fold(Message::buttons(TO, "Pick"), |b, id| {
                b.reply(id, if id == "d" { title } else { id })
            })
    };
    let eleven_rows = |title: &str| {
        (0..11).fold(Message::list(TO, "Pick", "Open"), |b, i| {
            let b = if i % 6 == 0 {
                b.section(&format!("S{i}"))
            } else {
                b
            };
            b.row(&format!("r{i}"), if i == 0 { title } else { "Row" }, None)
        })
    };
    let built = [
        (
            four_buttons(&x(21)).build(),
            &[
                "interactive.action.buttons",
                "interactive.action.buttons[3].reply.title",
            ][..],
        ),
        (
            eleven_rows(&x(25)).build(),
            &[
                "interactive.action.sections",
                "interactive.action.sections[0].rows[0].title",
            ],
        ),
        (
            Message::buttons(TO, "")
                .reply("a", "Same")
                .reply("b", "Same")
                .build(),
            &[
                "interactive.action.buttons[1].reply.title",
                "interactive.body.text",
            ],
        ),
        (
            Message::order_details(
                TO,
                "Pay",
                Order::new("ref", "INR", false)
                    .item("a", "A", 100, 0)
                    .item("b", &x(61), 100, 1),
            )
            .build(),
            &[
                "interactive.action.parameters.order.items[0].quantity",
                "interactive.action.parameters.order.items[1].name",
            ],
        ),
        (
            Message::list(TO, "Pick", "Open")
                .header_image(MediaSource::Id("1".into()))
                .row("a", &x(25), None)
                .build(),
            &[
                "interactive.header.type",
                "interactive.action.sections[0].rows[0].title",
            ],
        ),
        (
            Message::product_list(TO, "Gear", "", "1")
                .header_video(MediaSource::Id("1".into()))
                .product("sku")
                .build(),
            &["interactive.header.type", "interactive.body.text"],
        ),
    ];
    for (i, (result, faults)) in built.into_iter().enumerate() {
        let e = result.expect_err("a message with two faults is refused");
        assert!(faults.contains(&e.path.as_str()), "case {i}: {e}");
    }

    // The same faults in typed requests made without the builder, sent: the pre-send check
    // refuses each naming one of its faults.
    use waba_dialog360::types as t;
    let buttons = |body: &str, buttons: &[(&str, &str)]| t::InteractiveObject::Button {
        action: t::InteractiveButtonAction::new(
            buttons
                .iter()
                .map(|(id, title)| t::ReplyButton::new(t::ReplyButtonContent::new(*id, *title)))
                .collect::<Vec<_>>(),
        ),
        body: t::InteractiveBody::new(body),
        footer: None,
        header: None,
    };
    let long = x(21);
    let rows: Vec<t::ListRow> = (0..11)
        .map(|i| t::ListRow::new(format!("r{i}"), if i == 0 { x(25) } else { "Row".into() }))
        .collect();
    let sent = [
        (
            buttons("Pick", &[("a", "a"), ("b", "b"), ("c", "c"), ("d", &long)]),
            &[
                "interactive.action.buttons",
                "interactive.action.buttons[3].reply.title",
            ][..],
        ),
        (
            buttons("", &[("a", "Same"), ("b", "Same")]),
            &[
                "interactive.action.buttons[1].reply.title",
                "interactive.body.text",
            ],
        ),
        (
            t::InteractiveObject::List {
                action: t::InteractiveListAction::new("Open", vec![t::ListSection::new(rows)]),
                body: t::InteractiveListBody::new("Pick"),
                footer: None,
                header: None,
            },
            &[
                "interactive.action.sections[0].rows",
                "interactive.action.sections",
                "interactive.action.sections[0].rows[0].title",
            ],
        ),
    ];
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    for (i, (interactive, faults)) in sent.into_iter().enumerate() {
        let request = MessagesRequest::Message(Message::new_interactive(interactive, TO));
        let err = client(&server).send(request).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "case {i}: {err}");
        let path = err
            .validation()
            .map(|v| v.path.as_str())
            .unwrap_or_default();
        assert!(faults.contains(&path), "case {i}: {err}");
    }
    assert_eq!(any.calls_async().await, 0, "nothing reached the server");
}

#[test]
fn order_totals_add_up() {
    let m = Message::order_details(
        TO,
        "Pay",
        Order::new("ref-1", "INR", false)
            .item("a", "A", 1000, 3)
            .item("b", "B", 250, 2)
            .tax(350, None)
            .shipping(500, Some("Courier"))
            .discount(100, None),
    )
    .build()
    .unwrap();
    let v = serde_json::to_value(&m).unwrap();
    let p = &v["interactive"]["action"]["parameters"];
    assert_eq!(
        p["order"]["subtotal"],
        json!({ "value": 3500, "offset": 100 })
    );
    assert_eq!(p["total_amount"], json!({ "value": 4250, "offset": 100 }));
    assert_eq!(p["order"]["shipping"]["description"], "Courier");
}

#[test]
fn sale_items_count_their_sale_price_and_headers_take_a_second_line() {
    let m = Message::order_details(
        TO,
        "Pay",
        Order::new("ref-2", "INR", true)
            .sale_item("bread", "Bread", 1500, 1000, 1)
            .tax(100, None),
    )
    .build()
    .unwrap();
    let v = serde_json::to_value(&m).unwrap();
    let p = &v["interactive"]["action"]["parameters"];
    assert_eq!(p["order"]["items"][0]["sale_amount"]["value"], 1000);
    assert_eq!(p["order"]["subtotal"]["value"], 1000);
    assert_eq!(p["total_amount"]["value"], 1100);

    let m = Message::product_list(TO, "Rain gear", "All of it", "1")
        .header_sub_text("New this week")
        .product("sku")
        .build()
        .unwrap();
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(
        v["interactive"]["header"],
        json!({ "type": "text", "text": "Rain gear", "sub_text": "New this week" })
    );
    boundary(
        "header sub text",
        |n| {
            Message::product_list(TO, "Gear", "All", "1")
                .header_sub_text(&x(n))
                .product("sku")
                .build()
        },
        60,
        "interactive.header.sub_text",
    );
    let e = Message::buttons(TO, "Pick")
        .header_sub_text("x")
        .reply("a", "A")
        .build()
        .unwrap_err();
    assert_eq!(e.path, "interactive.header", "{e}");
    boundary(
        "order status description",
        |n| Message::order_status(TO, "Update", "ref", "shipped", Some(&x(n))).build(),
        120,
        "interactive.action.parameters.order.description",
    );
}

#[test]
fn envelope_options_apply_to_built_messages() {
    let m = Message::location_request(TO, "Where are you?")
        .reply_to(WAMID)
        .callback_data("ticket-1")
        .build()
        .unwrap();
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(v["context"]["message_id"], WAMID);
    assert_eq!(v["biz_opaque_callback_data"], "ticket-1");
    let group = Message::buttons("group-id", "Vote")
        .reply("y", "Yes")
        .to_group()
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&group).unwrap()["recipient_type"],
        "group"
    );
    boundary(
        "callback data",
        |n| {
            Message::location_request(TO, "Where?")
                .callback_data(&x(n))
                .build()
        },
        512,
        "biz_opaque_callback_data",
    );
    let text = Message::text(TO, "See https://www.example.com").with_link_preview();
    assert_eq!(
        serde_json::to_value(&text).unwrap()["text"]["preview_url"],
        true
    );
    // Another message has no preview: it is returned unchanged.
    let reaction = Message::reaction(TO, WAMID, "");
    assert_eq!(
        serde_json::to_value(reaction.clone().with_link_preview()).unwrap(),
        serde_json::to_value(reaction).unwrap()
    );
}

#[test]
fn a_conversion_into_a_generated_type_names_its_field() {
    let r: Result<waba_dialog360::types::ListRowTitle, _> = x(25)
        .as_str()
        .try_into()
        .at("interactive.action.sections[0].rows[1].title");
    let e = r.unwrap_err();
    assert_eq!(e.path, "interactive.action.sections[0].rows[1].title");
    assert!(e.message.contains("24"), "{e}");
}

/// Bodies that the generated types accept but Meta refuses; `Client::send` checks them
/// before sending, so none reaches the server.
#[tokio::test]
async fn limits_the_schema_cannot_state_are_refused_before_sending() {
    let rows: Vec<Value> = (0..11)
        .map(|i| json!({ "id": format!("r{i}"), "title": "Row" }))
        .collect();
    let products: Vec<Value> = (0..31)
        .map(|i| json!({ "product_retailer_id": format!("sku-{i}") }))
        .collect();
    let interactive = |v: Value| json!({ "messaging_product": "whatsapp", "to": TO, "type": "interactive", "interactive": v });
    let cases = [
        (
            interactive(
                json!({ "type": "list", "body": { "text": "Pick" }, "action": {
                    "button": "Open",
                    "sections": [{ "title": "A", "rows": rows[..6] }, { "title": "B", "rows": rows[6..] }]
                }}),
            ),
            "interactive.action.sections",
        ),
        (
            interactive(
                json!({ "type": "list", "body": { "text": "Pick" }, "action": {
                    "button": "Open",
                    "sections": [{ "title": "A", "rows": [rows[0]] }, { "rows": [rows[1]] }]
                }}),
            ),
            "interactive.action.sections[1].title",
        ),
        (
            interactive(
                json!({ "type": "list", "body": { "text": "Pick" }, "action": {
                    "button": "Open",
                    "sections": [{ "title": "", "rows": [rows[0]] }, { "title": "B", "rows": [rows[1]] }]
                }}),
            ),
            "interactive.action.sections[0].title",
        ),
        (
            interactive(
                json!({ "type": "list", "body": { "text": "Pick" }, "action": {
                    "button": "Open",
                    "sections": [{ "title": "A", "rows": [rows[0], rows[0]] }]
                }}),
            ),
            "interactive.action.sections[0].rows[1].id",
        ),
        (
            interactive(
                json!({ "type": "product_list", "header": { "type": "text", "text": "Gear" },
                    "body": { "text": "All" }, "action": {
                    "catalog_id": "1",
                    "sections": [{ "title": "A", "product_items": products[..20] }, { "title": "B", "product_items": products[20..] }]
                }}),
            ),
            "interactive.action.sections",
        ),
        (
            interactive(
                json!({ "type": "button", "body": { "text": "Pick" }, "action": { "buttons": [
                    { "type": "reply", "reply": { "id": "a", "title": "Same" } },
                    { "type": "reply", "reply": { "id": "b", "title": "Same" } }
                ]}}),
            ),
            "interactive.action.buttons[1].reply.title",
        ),
        (
            json!({ "messaging_product": "whatsapp", "to": TO, "type": "image",
                "image": { "id": "1", "link": "https://www.example.com/a.jpg" } }),
            "image",
        ),
        (
            interactive(
                json!({ "type": "button", "header": { "type": "image", "image": {} },
                    "body": { "text": "Pick" }, "action": { "buttons": [
                    { "type": "reply", "reply": { "id": "a", "title": "A" } }
                ]}}),
            ),
            "interactive.header.image",
        ),
    ];
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    for (body, path) in cases {
        let request: MessagesRequest = serde_json::from_value(body.clone())
            .unwrap_or_else(|e| panic!("{path}: the types accept the body: {e}"));
        let err = client(&server).send(request).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{path}");
        assert_eq!(
            err.validation().map(|v| v.path.as_str()),
            Some(path),
            "{err}"
        );
    }
    assert_eq!(any.calls_async().await, 0, "nothing reached the server");
}

/// A body over a limit the spec states cannot even be read into the typed request, and the
/// pre-send check (the spec validator `send_message` runs) names the field.
#[test]
fn a_row_title_over_the_limit_is_refused_by_the_types_and_the_pre_send_check() {
    let mut body = serde_json::to_value(
        Message::list(TO, "Pick", "Open")
            .section("A")
            .row("a", "A", None)
            .row("b", "B", None)
            .build()
            .unwrap(),
    )
    .unwrap();
    crate::spec_schemas("dialog360")
        .validate("MessagesRequest", &body)
        .unwrap();
    body["interactive"]["action"]["sections"][0]["rows"][1]["title"] = json!(x(25));
    assert!(serde_json::from_value::<MessagesRequest>(body.clone()).is_err());
    let v = crate::spec_schemas("dialog360")
        .validate("MessagesRequest", &body)
        .unwrap_err();
    assert_eq!(v.path, "interactive.action.sections[0].rows[1].title");
    assert!(v.message.contains("at most 24"), "{v}");
}

/// The pre-send check names the field whichever shape of `MessagesRequest` the body is meant
/// for: a message with `recipient_type`, or a text without `type`.
#[test]
fn the_pre_send_check_names_the_field_of_every_request_shape() {
    let schemas = &crate::spec_schemas("dialog360");
    let mut list = serde_json::to_value(
        Message::list(TO, "Pick", "Open")
            .row("a", "A", None)
            .build()
            .unwrap(),
    )
    .unwrap();
    list["recipient_type"] = json!("individual");
    list["interactive"]["action"]["sections"][0]["rows"][0]["description"] = json!(x(73));
    let e = schemas.validate("MessagesRequest", &list).unwrap_err();
    assert_eq!(
        e.path, "interactive.action.sections[0].rows[0].description",
        "{e}"
    );

    let untyped = json!({ "messaging_product": "whatsapp", "recipient_type": "individual",
        "to": TO, "text": { "body": x(4097) } });
    let e = schemas.validate("MessagesRequest", &untyped).unwrap_err();
    assert_eq!(e.path, "text.body", "{e}");

    let receipt = json!({ "messaging_product": "whatsapp", "status": "read", "message_id": 7 });
    let e = schemas.validate("MessagesRequest", &receipt).unwrap_err();
    assert_eq!(e.path, "message_id", "{e}");
}

/// Every `send_message` example reads into the typed request and writes back unchanged, as
/// the shape its `type` says (a text without `type` stays without it).
#[test]
fn every_send_message_example_round_trips_through_the_typed_request() {
    for name in waba_workspace_tests::request_example_names("dialog360", "send_message") {
        let example = waba_workspace_tests::request_example("dialog360", "send_message", &name);
        let request: MessagesRequest = serde_json::from_value(example.clone())
            .unwrap_or_else(|e| panic!("{name}: not read: {e}"));
        let shape = match &request {
            MessagesRequest::Message(_) => example["type"].as_str().is_some(),
            MessagesRequest::MarkAsRead(_) => example["status"] == "read",
            MessagesRequest::TextMessageWithoutType(_) => example.get("type").is_none(),
            other => panic!("{name}: a request shape this test does not know: {other:?}"),
        };
        assert!(shape, "{name}: read as the wrong shape: {request:?}");
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            example,
            "{name}: written back differently"
        );
    }
}
