//! A body that breaks a documented limit is refused before it is sent, naming the field.

use httpmock::MockServer;
use waba_dialog360::types::{Contact, Message, MessagingProduct};
use waba_dialog360::{ErrorKind, MediaSource};

use super::client;

#[tokio::test]
async fn four_reply_buttons_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let mut message = Message::reply_buttons(
        "4915112345678",
        "Pick one",
        [("a", "A"), ("b", "B"), ("c", "C")],
    );
    if let Message::Interactive {
        interactive: waba_dialog360::types::InteractiveObject::Button { action, .. },
        ..
    } = &mut message
    {
        action.buttons.push(action.buttons[0].clone());
    }
    let err = client(&server).send(message).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    let v = err.validation().expect("names the field");
    assert_eq!(v.path, "interactive.action.buttons");
    assert!(v.message.contains("at most 3"), "{}", v.message);
    assert!(
        err.to_string()
            .starts_with("send_message was not sent: `interactive.action.buttons`"),
        "{err}"
    );
    assert_eq!(any.calls_async().await, 0, "nothing reached the server");
}

#[tokio::test]
async fn six_contacts_and_zero_contacts_are_refused() {
    let server = MockServer::start_async().await;
    let any = crate::answer_everything(&server, 200);
    let contact = Contact::new("A");
    let contacts = |contacts: Vec<Contact>| Message::Contacts {
        to: "4915112345678".into(),
        contacts,
        biz_opaque_callback_data: None,
        context: None,
        messaging_product: MessagingProduct::Whatsapp,
        recipient_type: None,
    };
    for n in [0, 6] {
        let message = contacts(vec![contact.clone(); n]);
        let err = client(&server).send(message).await.unwrap_err();
        assert_eq!(
            err.validation().map(|v| v.path.as_str()),
            Some("contacts"),
            "{n} contacts: {err}"
        );
    }
    let mut bad_birthday = contact.clone();
    bad_birthday.birthday = Some("23.04.1990".into());
    let err = client(&server)
        .send(contacts(vec![bad_birthday]))
        .await
        .unwrap_err();
    assert_eq!(
        err.validation().map(|v| v.path.as_str()),
        Some("contacts[0].birthday"),
        "{err}"
    );
    assert_eq!(any.calls_async().await, 0);
}

#[test]
fn contacts_are_built_unchecked_and_checked_once_naming_the_field() {
    let card = |i: usize| Contact::new(format!("Person {i}")).phone("+49 151 1", None, None);
    let contacts = |cards: Vec<Contact>| Message::contacts("4915112345678", cards).check_send();
    assert!(contacts((0..5).map(card).collect()).is_ok());
    for n in [0, 6] {
        let e = contacts((0..n).map(card).collect()).unwrap_err();
        assert_eq!(e.path, "contacts", "{n} contacts: {e}");
    }
    let e = contacts(vec![card(0).birthday("23.04.1990")]).unwrap_err();
    assert_eq!(e.path, "contacts[0].birthday", "{e}");
}

#[test]
fn values_over_the_limits_are_refused_by_the_one_check_naming_the_field() {
    let refused = |m: Message| m.check_send().unwrap_err();
    let long = "x".repeat(4097);
    assert_eq!(
        refused(Message::text("4915112345678", &long)).path,
        "text.body"
    );
    assert_eq!(
        refused(Message::text("4915112345678", "")).path,
        "text.body"
    );
    let caption = "c".repeat(1025);
    let e = refused(Message::image(
        "1",
        MediaSource::Id("1".into()),
        Some(&caption),
    ));
    assert_eq!(e.path, "image.caption");
    let e = refused(Message::reply_buttons(
        "1",
        "body",
        [("id", "a title longer than 20")],
    ));
    assert_eq!(e.path, "interactive.action.buttons[0].reply.title");
    let e = refused(Message::reply_buttons(
        "1",
        "body",
        Vec::<(&str, &str)>::new(),
    ));
    assert_eq!(e.path, "interactive.action.buttons");
    // Template parts on another message change nothing.
    let text = serde_json::to_value(Message::text("1", "hi")).unwrap();
    let changed = Message::text("1", "hi").with_body_text(["x"]);
    assert_eq!(serde_json::to_value(changed).unwrap(), text);
    let e = refused(Message::text("1", "hi").with_callback_data("d".repeat(513)));
    assert_eq!(e.path, "biz_opaque_callback_data");
    // Multi-byte characters count as one each.
    assert!(Message::text("1", "ü".repeat(4096)).check_send().is_ok());
}

#[test]
fn a_plain_http_base_url_is_refused_unless_loopback() {
    let err = waba_dialog360::Client::builder("k")
        .base_url("http://waba-v2.360dialog.io")
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("refusing plain-HTTP base URL"),
        "{err}"
    );
    assert!(
        waba_dialog360::Client::builder("k")
            .base_url("http://127.0.0.1:1")
            .build()
            .is_ok()
    );
    assert!(
        waba_dialog360::Client::builder("").build().is_err(),
        "an empty key is refused"
    );
}

#[test]
fn the_api_key_never_prints() {
    let builder = waba_dialog360::Client::builder("super-secret-key-123");
    let client = builder.clone().build().unwrap();
    for text in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(!text.contains("super-secret-key-123"), "{text}");
    }
}
