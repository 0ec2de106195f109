//! The capability table: every combination a provider cannot carry out is refused with a typed
//! `Unsupported` error before anything reaches the server, and the crate docs show the table
//! the code holds.

use httpmock::MockServer;
use waba::{
    Capability, Client, Contact, Error, Media, MediaKind, Message, Provider, Section, Template,
    Webhook,
};

use crate::answer_everything;

/// A client of `provider` with every required setting, pointed at `server`.
pub fn client(provider: Provider, server: &MockServer) -> Client {
    let builder = Client::builder(provider).base_url(server.base_url());
    let builder = match provider {
        Provider::Dialog360 => builder.api_key("D360-KEY"),
        Provider::Onextel => builder
            .email("ops@example.com")
            .password("pw")
            .sender("919876543210")
            .journey_id("66c3054f9a1b2c3d61f5501e"),
        Provider::Channel360 => builder.token("jwt").org_id("659039655cf56a8df0c8908"),
        Provider::Mehery => builder.api_key("KEY").channel_id("wa360:919988776655"),
        Provider::Desk360 => builder.token("desk-token").integration_id("42"),
        other => panic!("no test settings for {other}"),
    };
    builder.build().expect("client builds")
}

fn media(kind: MediaKind) -> Media {
    match kind {
        MediaKind::Image => Media::image("https://example.com/a.jpg"),
        MediaKind::Video => Media::video("https://example.com/a.mp4"),
        MediaKind::Document => Media::document("https://example.com/a.pdf"),
        MediaKind::Audio => Media::audio("https://example.com/a.ogg"),
        other => panic!("no media of kind {other}"),
    }
}

/// A valid message that needs `capability` and nothing else (`None` for those that are not
/// a message's).
pub fn message_needing(capability: Capability) -> Option<Message> {
    Some(match capability {
        Capability::ReplyTo => {
            Message::from(Template::new("1").language("1")).reply_to("wamid.HBgLMTIzNDU2Nzg5MA==")
        }
        Capability::ReplyButtons => Message::buttons("Pick a slot")
            .button("slot-morning", "Morning")
            .into(),
        Capability::List => Message::list("Pick a dish", "Show dishes")
            .section(Section::new("Pizza").row("pizza-funghi", "Funghi"))
            .into(),
        Capability::CtaUrl => {
            Message::cta_url("Your tickets", "Open", "https://example.com/t").into()
        }
        Capability::Location => Message::location(52.52, 13.40).into(),
        Capability::LocationRequest => Message::location_request("Where are you?"),
        Capability::Reaction => Message::reaction("wamid.HBgLMTIzNDU2Nzg5MA==", "\u{1F44D}"),
        Capability::Contacts => Message::contacts([Contact::new("Anna Schmidt")
            .first_name("Anna")
            .last_name("Schmidt")]),
        _ => return None,
    })
}

/// Makes the one call that needs `capability` (and, where possible, nothing else the
/// provider lacks); `None` for the webhook capabilities.
async fn call_needing(client: &Client, capability: Capability) -> Option<Result<(), Error>> {
    let template = || Template::new("1").language("1");
    if capability == Capability::MarkRead {
        return Some(client.mark_read("wamid.HBgLMTIzNDU2Nzg5MA==").await);
    }
    if let Some(message) = message_needing(capability) {
        assert_eq!(message.needs().last(), Some(&capability));
        return Some(client.send("+4915112345678", &message).await.map(drop));
    }
    let sent = match capability {
        Capability::Text => client.send_text("+4915112345678", "hi").await,
        Capability::Template => client.send_template("+4915112345678", &template()).await,
        Capability::TemplateHeaderMedia => {
            client
                .send_template(
                    "+4915112345678",
                    &template().header(Media::image("https://example.com/a.jpg")),
                )
                .await
        }
        Capability::TemplateButtons => {
            client
                .send_template("+4915112345678", &template().quick_reply("YES"))
                .await
        }
        Capability::Media(kind) => client.send_media("+4915112345678", &media(kind)).await,
        Capability::Caption(kind) => {
            client
                .send_media("+4915112345678", &media(kind).caption("c"))
                .await
        }
        Capability::FileName(kind) => {
            client
                .send_media("+4915112345678", &media(kind).file_name("f"))
                .await
        }
        _ => return None,
    };
    Some(sent.map(drop))
}

#[tokio::test]
async fn every_unsupported_send_is_refused_before_any_request() {
    let mut refused = 0;
    for provider in Provider::ALL {
        let server = MockServer::start_async().await;
        let anything = answer_everything(&server, 200);
        let client = client(provider, &server);
        for capability in Capability::ALL {
            if provider.supports(capability) {
                continue;
            }
            let Some(result) = call_needing(&client, capability).await else {
                continue;
            };
            let err = result.expect_err("an unsupported call fails");
            let unsupported = err
                .unsupported()
                .unwrap_or_else(|| panic!("{provider} {capability}: {err:?}"));
            assert_eq!(unsupported.provider, provider);
            // A caption or file name on a kind the provider cannot send at all names the kind.
            let expected = match capability {
                Capability::Caption(kind) | Capability::FileName(kind)
                    if !provider.supports(Capability::Media(kind)) =>
                {
                    Capability::Media(kind)
                }
                other => other,
            };
            assert_eq!(unsupported.capability, expected, "{provider}");
            assert_eq!(err.provider(), Some(provider));
            assert!(err.to_string().contains(provider.name()), "{err}");
            refused += 1;
        }
        assert_eq!(anything.calls_async().await, 0, "{provider} sent a request");
    }
    // Onextel alone lacks text, 4 media kinds and the 7 new contents; Channel360 as many.
    assert!(
        refused >= 60,
        "only {refused} unsupported combinations tried"
    );
}

#[test]
fn webhooks_of_a_provider_without_documented_payloads_are_unsupported() {
    for provider in Provider::ALL {
        let has_events = provider.supports(Capability::InboundMessages)
            || provider.supports(Capability::StatusUpdates);
        if has_events {
            continue;
        }
        let err = Webhook::builder(provider)
            .allow_unauthenticated()
            .build()
            .expect("opted out")
            .events(&waba::HeaderMap::new(), b"{}")
            .expect_err("no webhook payloads documented");
        assert_eq!(err.unsupported().map(|u| u.provider), Some(provider));
    }
}

#[test]
fn the_capability_table_in_the_crate_docs_is_the_one_in_code() {
    let lib = std::fs::read_to_string(format!(
        "{}/../crates/waba/src/lib.rs",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("lib.rs");
    let docs: String = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
        .collect();
    let table = Provider::capability_table();
    assert!(
        docs.contains(&table),
        "the crate docs must contain this table (from Provider::capabilities):\n{table}"
    );
}

#[test]
fn the_table_answers_what_the_documents_say() {
    // Facts from the provider documents, one per provider.
    assert!(!Provider::Onextel.supports(Capability::Text)); // template-only
    assert!(Provider::Onextel.supports(Capability::TemplateHeaderMedia));
    assert!(!Provider::Desk360.supports(Capability::Media(MediaKind::Image))); // files only
    assert!(!Provider::Channel360.supports(Capability::Media(MediaKind::Audio)));
    assert!(!Provider::Channel360.supports(Capability::StatusUpdates)); // no payload documented
    assert!(Provider::Dialog360.supports(Capability::FileName(MediaKind::Document)));
    assert!(!Provider::Dialog360.supports(Capability::Caption(MediaKind::Audio)));
    assert!(Provider::Mehery.supports(Capability::Media(MediaKind::Audio)));
}

#[tokio::test]
async fn a_backend_called_directly_refuses_what_its_provider_cannot_carry() {
    // The `Client` checks capabilities first; a backend used on its own (a failover wrapper,
    // a test double around it) must refuse too, before any request.
    for provider in Provider::ALL {
        let server = MockServer::start_async().await;
        let anything = answer_everything(&server, 200);
        let client = client(provider, &server);
        let backend = client.backend();
        for capability in Capability::ALL {
            if provider.supports(capability) || capability == Capability::MarkRead {
                continue;
            }
            let Some(message) = message_needing(capability) else {
                continue;
            };
            let err = backend
                .send("+4915112345678", &message)
                .await
                .expect_err("refused");
            assert_eq!(
                err.unsupported().map(|u| (u.provider, u.capability)),
                Some((provider, capability)),
                "{provider}: {err:?}"
            );
        }
        if !provider.supports(Capability::MarkRead) {
            let err = backend
                .mark_read("wamid.HBgLMTIzNDU2Nzg5MA==")
                .await
                .unwrap_err();
            assert_eq!(
                err.unsupported().map(|u| u.capability),
                Some(Capability::MarkRead)
            );
        }
        assert_eq!(anything.calls_async().await, 0, "{provider} sent a request");
    }
}
