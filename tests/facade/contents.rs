//! WhatsApp's own limits of the interactive and rich contents (reply buttons, lists,
//! call-to-action URL buttons, locations, location requests, reactions, contact cards):
//! every rule refused by `Client::send` naming the neutral field, before any request; values
//! at the limits accepted.

use httpmock::MockServer;
use waba::{Contact, Error, Message, Provider, Section};

use super::capabilities::client;
use crate::answer_everything;

fn buttons(n: usize) -> waba::Buttons {
    (0..n).fold(Message::buttons("Pick one"), |b, i| {
        b.button(format!("id-{i}"), format!("Title {i}"))
    })
}

fn list_of(sections: Vec<Section>) -> Message {
    sections
        .into_iter()
        .fold(Message::list("Pick a dish", "Show dishes"), |l, s| {
            l.section(s)
        })
        .into()
}

fn rows(section: Section, from: usize, n: usize) -> Section {
    (from..from + n).fold(section, |s, i| {
        s.row(format!("row-{i}"), format!("Row {i}"))
    })
}

fn cta(display: &str, url: &str) -> Message {
    Message::cta_url("Your tickets are ready.", display, url).into()
}

/// One message per rule, and the neutral field its refusal must name.
fn broken() -> Vec<(&'static str, Message, &'static str)> {
    let x = |n: usize| "x".repeat(n);
    vec![
        // Reply buttons.
        ("no button", buttons(0).into(), "buttons"),
        ("4 buttons", buttons(4).into(), "buttons"),
        (
            "button title over 20",
            buttons(1).button("b", x(21)).into(),
            "buttons[1].title",
        ),
        (
            "empty button title",
            buttons(1).button("b", "").into(),
            "buttons[1].title",
        ),
        (
            "button id over 256",
            buttons(2).button(x(257), "C").into(),
            "buttons[2].id",
        ),
        (
            "duplicate button id",
            buttons(1).button("id-0", "Other").into(),
            "buttons[1].id",
        ),
        (
            "duplicate button title",
            buttons(1).button("other", "Title 0").into(),
            "buttons[1].title",
        ),
        (
            "buttons body over 1024",
            Message::buttons(x(1025)).button("a", "A").into(),
            "body",
        ),
        (
            "empty buttons body",
            Message::buttons(" ").button("a", "A").into(),
            "body",
        ),
        ("header over 60", buttons(1).header(x(61)).into(), "header"),
        ("footer over 60", buttons(1).footer(x(61)).into(), "footer"),
        // Lists.
        (
            "list body over 4096",
            Message::list(x(4097), "Show")
                .section(Section::untitled().row("a", "A"))
                .into(),
            "body",
        ),
        (
            "list button text over 20",
            Message::list("Pick", x(21))
                .section(Section::untitled().row("a", "A"))
                .into(),
            "button",
        ),
        ("no section", list_of(vec![]), "sections"),
        (
            "11 sections",
            list_of(
                (0..11)
                    .map(|i| rows(Section::new(format!("S{i}")), i, 1))
                    .collect(),
            ),
            "sections",
        ),
        (
            "11 rows in all",
            list_of(vec![
                rows(Section::new("A"), 0, 6),
                rows(Section::new("B"), 6, 5),
            ]),
            "sections",
        ),
        (
            "section without rows",
            list_of(vec![Section::new("Empty")]),
            "sections[0].rows",
        ),
        (
            "row id over 200",
            list_of(vec![Section::untitled().row(x(201), "A")]),
            "sections[0].rows[0].id",
        ),
        (
            "duplicate row id across sections",
            list_of(vec![
                rows(Section::new("A"), 0, 2),
                Section::new("B").row("b", "B").row("row-1", "Again"),
            ]),
            "sections[1].rows[1].id",
        ),
        (
            "row title over 24",
            list_of(vec![rows(Section::untitled(), 0, 2).row("c", x(25))]),
            "sections[0].rows[2].title",
        ),
        (
            "row description over 72",
            list_of(vec![Section::untitled().row_described("a", "A", x(73))]),
            "sections[0].rows[0].description",
        ),
        (
            "section title over 24",
            list_of(vec![rows(Section::new(x(25)), 0, 1)]),
            "sections[0].title",
        ),
        (
            "untitled section among several",
            list_of(vec![
                rows(Section::new("A"), 0, 1),
                rows(Section::untitled(), 1, 1),
            ]),
            "sections[1].title",
        ),
        (
            "list header over 60",
            Message::list("Pick", "Show")
                .section(Section::untitled().row("a", "A"))
                .header(x(61))
                .into(),
            "header",
        ),
        // Call-to-action URL buttons.
        (
            "display text over 20",
            cta(&x(21), "https://example.com"),
            "display_text",
        ),
        ("http URL", cta("Open", "http://example.com/tickets"), "url"),
        ("URL without host", cta("Open", "https:///tickets"), "url"),
        ("not a URL", cta("Open", "tickets"), "url"),
        (
            "cta body over 1024",
            Message::cta_url(x(1025), "Open", "https://example.com").into(),
            "body",
        ),
        (
            "cta footer over 60",
            Message::cta_url("Body", "Open", "https://example.com")
                .footer(x(61))
                .into(),
            "footer",
        ),
        // Locations.
        (
            "latitude over 90",
            Message::location(90.5, 13.4).into(),
            "latitude",
        ),
        (
            "latitude under -90",
            Message::location(-91.0, 13.4).into(),
            "latitude",
        ),
        (
            "longitude over 180",
            Message::location(52.5, 180.01).into(),
            "longitude",
        ),
        (
            "longitude not a number",
            Message::location(52.5, f64::NAN).into(),
            "longitude",
        ),
        (
            "location request body over 1024",
            Message::location_request(x(1025)),
            "body",
        ),
        // Reactions, contacts, replies.
        (
            "reaction without message id",
            Message::reaction("", "\u{1F44D}"),
            "message_id",
        ),
        ("no contact card", Message::contacts([]), "contacts"),
        (
            "contact without name",
            Message::contacts([Contact::new("Anna"), Contact::new(" ")]),
            "contacts[1].name.formatted_name",
        ),
        (
            "contact birthday not a date",
            Message::contacts([Contact::new("Anna").birthday("23.04.1990")]),
            "contacts[0].birthday",
        ),
        (
            "empty reply-to id",
            Message::location_request("Where are you?").reply_to(""),
            "reply_to",
        ),
    ]
}

#[tokio::test]
async fn every_limit_is_refused_naming_the_neutral_field_before_any_request() {
    // 360dialog carries every content, so only the limits can refuse them.
    let server = MockServer::start_async().await;
    let anything = answer_everything(&server, 200);
    let client = client(Provider::Dialog360, &server);
    for (rule, message, path) in broken() {
        let checked = message.check().expect_err(rule);
        assert_eq!(checked.path, path, "{rule}: {checked}");
        let err = client
            .send("+4915112345678", &message)
            .await
            .expect_err(rule);
        match &err {
            Error::InvalidArgument { provider, error } => {
                assert_eq!(*provider, Provider::Dialog360, "{rule}");
                assert_eq!(error.path, path, "{rule}: {error}");
                let report = super::report(&err);
                assert!(report.contains(path), "{rule}: {report}");
            }
            other => panic!("{rule}: {other:?}"),
        }
    }
    assert_eq!(anything.calls_async().await, 0, "nothing was sent");
}

#[test]
fn values_at_the_limits_are_accepted() {
    let x = |n: usize| "x".repeat(n);
    let at_limits: Vec<Message> = vec![
        Message::buttons(x(1024))
            .button(x(256), x(20))
            .button("b", "B")
            .button("c", "C")
            .header(x(60))
            .footer(x(60))
            .into(),
        Message::list(x(4096), x(20))
            .section(rows(Section::new(x(24)), 0, 9).row_described(x(200), x(24), x(72)))
            .header(x(60))
            .footer(x(60))
            .into(),
        list_of(
            (0..10)
                .map(|i| rows(Section::new(format!("S{i}")), i, 1))
                .collect(),
        ),
        Message::cta_url(x(1024), x(20), "https://example.com/t?a=1")
            .header(x(60))
            .footer(x(60))
            .into(),
        Message::location(-90.0, 180.0).into(),
        Message::location(90.0, -180.0).into(),
        Message::location_request(x(1024)),
        Message::remove_reaction("wamid.HBgLMTIzNDU2Nzg5MA=="),
        Message::contacts([Contact::new("Anna").birthday("1990-04-23")]),
    ];
    for message in at_limits {
        assert_eq!(message.check(), Ok(()), "{message:?}");
    }
}
