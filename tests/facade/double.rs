//! `waba::testing`: the test double records what an app sends, answers what the test
//! chose, and lets an app's failover and retry handling be tested without a network.

use std::time::Duration;

use waba::testing::{self, TEST_PROVIDER, TestBackend};
use waba::{
    Capability, Client, Content, Error, ErrorKind, Event, Message, Provider, Status, Template,
};

use super::TO;

#[tokio::test]
async fn it_records_every_send_in_order_and_answers_the_default() {
    let double = TestBackend::new();
    let client = double.client();
    let first = client.send_text(TO, "one").await.expect("accepted");
    let template = Template::new("order_update").body(["Anna"]);
    let second = client.send_template(TO, &template).await.expect("accepted");
    assert_eq!(first.message_id(), Some("test-1"));
    assert_eq!(second.message_id(), Some("test-2"));
    assert_eq!(first.provider(), TEST_PROVIDER);

    let sends = double.sends();
    assert_eq!(sends.len(), 2);
    assert!(sends[0].order < sends[1].order);
    // The client checked the number: the double records its digits, as any backend gets it.
    assert_eq!(sends[0].to, TO.trim_start_matches('+'));
    assert_eq!(sends[0].message, Message::text("one"));
    assert_eq!(sends[1].message, Message::from(template));
    double.clear();
    assert!(double.sends().is_empty());
}

#[tokio::test]
async fn queued_answers_come_first_then_the_default() {
    let double = TestBackend::new().with_provider(Provider::Custom("acme"));
    double
        .accept_next("wamid.chosen")
        .fail_next(TestBackend::rejected())
        .fail_next(TestBackend::rate_limited(Duration::from_secs(4)));
    let client = double.client();
    let sent = client.send_text(TO, "a").await.expect("accepted");
    assert_eq!(sent.message_id(), Some("wamid.chosen"));
    assert_eq!(sent.provider(), Provider::Custom("acme"));
    let err = client.send_text(TO, "b").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rejected);
    let err = client.send_text(TO, "c").await.unwrap_err();
    assert!(err.is_rate_limited() && err.is_not_sent());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(4)));
    assert!(client.send_text(TO, "d").await.is_ok(), "then the default");

    double.fail_always(TestBackend::not_sent);
    let err = client.send_text(TO, "e").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(double.sends().len(), 5, "failed sends are recorded too");
}

#[tokio::test]
async fn chosen_capabilities_refuse_before_the_double_sees_the_message() {
    let double = TestBackend::new().with_capabilities(Provider::Onextel.capabilities().to_vec());
    let client = double.client();
    assert!(!client.supports(Capability::Text));
    let err = client.send_text(TO, "hi").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    assert!(double.sends().is_empty(), "refused by the client first");
    assert!(client.send_template(TO, &Template::new("t")).await.is_ok());
    // Every capability by default, mark-as-read included (recorded).
    let all = TestBackend::new();
    all.client().mark_read(" wamid.in ").await.expect("marked");
    assert_eq!(all.marked_read(), ["wamid.in"]);
}

/// An app's failover handling, tested with two doubles: a member that did not send goes on
/// to the next; one whose outcome is unknown is never sent again.
#[tokio::test]
async fn an_apps_failover_can_be_tested_with_two_doubles() {
    let (primary, backup) = (TestBackend::new(), TestBackend::new());
    let client = Client::failover([primary.client(), backup.client()]);

    primary.fail_next(TestBackend::not_sent());
    let sent = client.send_text(TO, "one").await.expect("the backup sends");
    assert_eq!(sent.message_id(), Some("test-1"), "the backup's first id");
    let (p, b) = (primary.sends(), backup.sends());
    assert_eq!((p.len(), b.len()), (1, 1));
    assert!(p[0].order < b[0].order, "the primary was tried first");

    primary.fail_next(TestBackend::outcome_unknown());
    let err = client.send_text(TO, "two").await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(backup.sends().len(), 1, "never sent twice");

    primary.fail_next(TestBackend::not_sent());
    backup.fail_next(TestBackend::rate_limited(Duration::from_secs(9)));
    let err = client.send_text(TO, "three").await.unwrap_err();
    let Error::Failover(failover) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(failover.errors().len(), 2);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(9)));
}

#[test]
fn webhook_events_are_built_from_neutral_values() {
    let Event::Message(message) = testing::inbound_text("4915112345678", "Hi") else {
        panic!("a message")
    };
    assert_eq!(message.sender, "4915112345678");
    assert_eq!(message.content, Content::Text { body: "Hi".into() });
    assert_eq!(message.provider, TEST_PROVIDER);

    let reply = Content::ButtonReply {
        id: "TRACK".into(),
        title: Some("Track".into()),
    };
    let Event::Message(message) = testing::inbound("4915112345678", reply.clone()) else {
        panic!("a message")
    };
    assert_eq!(message.content, reply);

    let Event::Status(update) = testing::status("test-1", Status::Delivered) else {
        panic!("a status")
    };
    assert_eq!(update.message_id, "test-1");
    assert_eq!(update.status, Status::Delivered);
    // The same JSON as a provider's event of the same values.
    let json = testing::status("test-1", Status::Read).to_json();
    assert_eq!(json["status"], "read");
    assert_eq!(json["provider"], "test");
}
