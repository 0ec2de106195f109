//! # waba
//!
//! Typed SDKs for WhatsApp Business messaging providers, and one provider-neutral API over
//! them. Each provider is its own crate, generated from a hand-written OpenAPI spec, and
//! re-exported here behind a cargo feature of the same name, so an application compiles only
//! the providers it uses.
//!
//! | feature | module (with the feature) | crate |
//! |---|---|---|
//! | `dialog360` (default) | `waba::dialog360` | `waba-dialog360` |
//! | `onextel` (default) | `waba::onextel` | `waba-onextel` |
//! | `channel360` (default) | `waba::channel360` | `waba-channel360` |
//! | `mehery` (default) | `waba::mehery` | `waba-mehery` |
//! | `desk360` (default) | `waba::desk360` | `waba-desk360` |
//!
//! The shared runtime (errors, secrets, validation) is [`runtime`].
//!
//! A provider's request types (what a client sends) derive `serde::Serialize` but not
//! `serde::Deserialize`: the SDK writes them and never reads them back, so their JSON readers
//! are not compiled. The `json-checks` feature adds `Deserialize` to them in every enabled
//! provider (to keep messages as JSON in a job queue, say) and each provider's `check_json`.
//!
//! ## The provider-neutral API
//!
//! A [`Client`] is built for one [`Provider`] from its settings, and sends a [`Message`]: a
//! text, a template, a media file, reply [`Buttons`], a [`List`], a call-to-action URL button
//! ([`CtaUrl`]), a [`Location`] or a location request, a [`Reaction`] or [`Contact`] cards,
//! optionally as a reply to an earlier message; it returns the provider's message id
//! ([`Sent::message_id`]). Each content is checked against WhatsApp's own limits first
//! ([`Message::check`]), naming the neutral field (`buttons[1].title`). A [`Webhook`]
//! checks a provider's secret and turns its webhook bodies into [`Event`]s. Switching provider
//! is a matter of configuration: the same code runs against any of them, and what a provider
//! cannot do is a typed [`Error::Unsupported`] raised before any request.
//!
//! ```no_run
//! use waba::{Client, Media, Message, Template};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::from_env()?; // WABA_PROVIDER=dialog360, WABA_DIALOG360_API_KEY=...
//! let sent = client.send_text("+4915112345678", "Your order has shipped").await?;
//! println!("{:?}", sent.message_id());
//!
//! let template = Template::new("order_update")
//!     .language("en_US")
//!     .body(["Anna", "#10234"])
//!     .quick_reply("TRACK_10234");
//! client.send_template("+4915112345678", &template).await?;
//!
//! let media = Media::document("https://example.com/invoice.pdf")
//!     .caption("Your invoice")
//!     .file_name("invoice.pdf");
//! client.send_media("+4915112345678", &media).await?;
//!
//! let buttons = Message::buttons("When should we deliver your order?")
//!     .button("slot-morning", "Morning")
//!     .button("slot-evening", "Evening");
//! let reply = Message::from(buttons).reply_to("wamid.HBgLMTIzNDU2Nzg5MA==");
//! client.send("+4915112345678", &reply).await?;
//! # Ok(())
//! # }
//! ```
//!
//! ### A small bot
//!
//! It offers two delivery slots as reply buttons, and answers the tap (an
//! [`Event::Message`] whose content is [`Content::ButtonReply`]) with a text that quotes it.
//! The same code sends on any provider that has [`Capability::ReplyButtons`]; the tap comes
//! back where the provider's webhooks report it (360dialog; the field-mapping table says
//! which). Here it runs on the test double (feature `testing`, below) so the example is
//! checked.
//!
//! ```
//! use waba::{Client, Content, Event, Message};
//!
//! /// Offers the delivery slots to `customer`.
//! async fn offer_slots(client: &Client, customer: &str) -> Result<(), waba::Error> {
//!     let slots = Message::buttons("When should we deliver your order?")
//!         .button("slot-morning", "Morning")
//!         .button("slot-evening", "Evening")
//!         .footer("Order #10234");
//!     client.send(customer, &slots.into()).await.map(drop)
//! }
//!
//! /// Answers a tap on one of the slots, as a reply to it.
//! async fn on_event(client: &Client, event: &Event) -> Result<(), waba::Error> {
//!     let Event::Message(inbound) = event else { return Ok(()) };
//!     let Content::ButtonReply { id, .. } = &inbound.content else { return Ok(()) };
//!     let answer = match id.as_str() {
//!         "slot-morning" => "Booked: tomorrow between 8 and 12.",
//!         "slot-evening" => "Booked: tomorrow between 17 and 21.",
//!         _ => return Ok(()), // a button of another conversation
//!     };
//!     let mut reply = Message::text(answer);
//!     if let Some(tapped) = &inbound.message_id {
//!         reply = reply.reply_to(tapped.as_str());
//!     }
//!     client.send(&inbound.sender, &reply).await.map(drop)
//! }
//! # #[cfg(feature = "testing")]
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! # use waba::testing::{self, TestBackend};
//! # let double = TestBackend::new();
//! # let client = double.client();
//! # offer_slots(&client, "+4915112345678").await.unwrap();
//! # let tap = testing::inbound(
//! #     "4915112345678",
//! #     Content::ButtonReply { id: "slot-evening".into(), title: Some("Evening".into()) },
//! # );
//! # on_event(&client, &tap).await.unwrap();
//! # let sends = double.sends();
//! # assert_eq!(sends.len(), 2);
//! # assert_eq!(sends[1].message, Message::text("Booked: tomorrow between 17 and 21.").reply_to("inbound-1"));
//! # });
//! ```
//!
//! ### Settings and environment variables
//!
//! [`Client::builder`] takes the settings by name (`.api_key(..)`, `.email(..)`, …);
//! [`Client::from_env`] reads `WABA_PROVIDER` (`dialog360`, `onextel`, `channel360`, `mehery`
//! or `desk360`) and then `WABA_<PROVIDER>_<SETTING>`. A missing setting is a
//! [`ConfigError::Missing`] naming its variable; a setting the provider does not use is
//! refused ([`ConfigError::NotUsed`]). Every provider also takes `WABA_<PROVIDER>_BASE_URL`.
//!
//! | provider | required | optional |
//! |---|---|---|
//! | 360dialog | `WABA_DIALOG360_API_KEY` | |
//! | Onextel 365cx.io | `WABA_ONEXTEL_EMAIL`, `WABA_ONEXTEL_PASSWORD`, `WABA_ONEXTEL_SENDER` (the business number), `WABA_ONEXTEL_JOURNEY_ID` | `WABA_ONEXTEL_CALLBACK_URL` |
//! | Channel360 | `WABA_CHANNEL360_TOKEN` (the JWT), `WABA_CHANNEL360_ORG_ID` | |
//! | Mehery XMS | `WABA_MEHERY_API_KEY`, `WABA_MEHERY_CHANNEL_ID` | `WABA_MEHERY_API_ID` |
//! | Desk360 | `WABA_DESK360_INTEGRATION_ID`, and `WABA_DESK360_EMAIL` + `WABA_DESK360_PASSWORD` or `WABA_DESK360_TOKEN` | |
//!
//! Webhooks: [`Webhook::from_env`] reads `WABA_PROVIDER` and that provider's secret:
//! `WABA_MEHERY_VERIFY_TOKEN` (Mehery), `WABA_<P>_WEBHOOK_HEADER` (`Name: value`, 360dialog
//! and Desk360), `WABA_<P>_WEBHOOK_TOKEN` (the URL's `token` query parameter, any
//! provider); without one it is refused unless `WABA_ALLOW_UNAUTHENTICATED=1` (see
//! [`WebhookBuilder`]). The webhook server (feature `server`, `waba::server`) reads the same.
//!
//! ### Capabilities
//!
//! [`Provider::capabilities`] holds this table ([`Provider::supports`] asks it one question);
//! a call that needs a "no" fails with [`Error::Unsupported`] before anything is sent.
//!
//! | capability | 360dialog | Onextel 365cx.io | Channel360 | Mehery XMS | Desk360 |
//! |---|---|---|---|---|---|
//! | text message | yes | no | yes | yes | yes |
//! | template with body parameters | yes | yes | yes | yes | yes |
//! | template header media | yes | yes | yes | no | no |
//! | template button payloads | yes | yes | yes | no | no |
//! | image message by URL | yes | no | yes | yes | no |
//! | video message by URL | yes | no | yes | yes | no |
//! | document message by URL | yes | no | yes | yes | no |
//! | audio message by URL | yes | no | no | yes | no |
//! | caption on image | yes | no | yes | yes | no |
//! | caption on video | yes | no | yes | yes | no |
//! | caption on document | yes | no | yes | yes | no |
//! | caption on audio | no | no | no | yes | no |
//! | file name on image | no | no | no | yes | no |
//! | file name on video | no | no | no | yes | no |
//! | file name on document | yes | no | no | yes | no |
//! | file name on audio | no | no | no | yes | no |
//! | reply to a message (context) | yes | no | no | no | no |
//! | mark as read | yes | no | no | no | no |
//! | reply buttons | yes | no | no | yes | yes |
//! | list message | yes | no | no | no | no |
//! | call-to-action URL button | yes | no | no | yes | no |
//! | location message | yes | no | no | yes | yes |
//! | location request | yes | no | no | no | yes |
//! | reaction | yes | no | no | no | no |
//! | contact cards | yes | no | no | no | yes |
//! | inbound messages (webhook) | yes | no | no | yes | yes |
//! | status updates (webhook) | yes | yes | no | yes | yes |
//! | template status updates (webhook) | yes | no | no | no | no |
//!
//! ### Checked before sending
//!
//! [`Client::send`] (and `send_text`, `send_template`, `send_media`) checks, in this order,
//! before any request, the same way for every provider:
//!
//! 1. the capabilities the message needs ([`Message::needs`]): else [`Error::Unsupported`];
//! 2. the recipient `to`, as the backend's [`Backend::recipient_kind`] says: a
//!    [`PhoneNumber`] (spaces, dashes, dots, parentheses and a leading `+` or `00` are
//!    dropped; what is left must be 7 to 15 digits, not starting with 0: letters, national
//!    numbers such as `0151 …`, too short or too long are refused), or, for Channel360's text
//!    and media, the app user id of the conversation ([`RecipientKind::ProviderId`]: not
//!    empty, no whitespace, control characters, `/`, `?` or `#`; not read as a phone number);
//! 3. WhatsApp's own limits ([`Message::check`], constants in [`limits`]);
//! 4. the provider's own limits (its adapter, and its crate's checks against its spec).
//!
//! A refusal in 2 or 3 is an [`Error::InvalidArgument`] whose [`ValidationError`](runtime::check::ValidationError)
//! names the neutral field, and the limit where there is one (`` `text.body` is 4097
//! characters long, at most 4096 allowed ``); a refusal in 4 names the provider's field.
//! Lengths count characters, not bytes.
//!
//! | neutral field | WhatsApp's limit, checked for every provider |
//! |---|---|
//! | `to` | a phone number as above (or Channel360's app user id for text and media) |
//! | `text.body` | 1 to 4096 characters, not only whitespace |
//! | `media.link`, `template.header.link` | an absolute `https://` URL with a host, no whitespace (Meta's reference also takes `http`; 360dialog documents HTTPS links, and a plain link lets anyone on the way read or swap the file) |
//! | `media.caption` | at most 1024 characters |
//! | `media.file_name`, `template.header.file_name` | not empty, at most 255 characters, no `/`, `\` or control characters |
//! | `template.reference`, `template.language` | not empty (the language when given) |
//! | `template.body[i]` | not empty, at most 32768 characters |
//! | `template.buttons`, `template.buttons[i]` | at most 10; each payload or URL suffix not empty |
//! | `template.header.caption` | not given: a template header has no caption |
//! | `reply_to` | a message id: not empty, no whitespace |
//!
//! A phone number is checked for its form only; whether it exists and has WhatsApp only the
//! provider can tell. Apps can check numbers themselves with [`PhoneNumber::parse`].
//!
//! ### Field mapping
//!
//! What each neutral field becomes in each provider's API ("—": not supported). A phone
//! recipient arrives at the adapter as its digits (`4915112345678`, checked above), and each
//! provider gets it without or with `+`.
//!
//! | neutral | 360dialog | Onextel 365cx.io | Channel360 | Mehery XMS | Desk360 |
//! |---|---|---|---|---|---|
//! | recipient (to) | `to`, digits without `+` (`4915112345678`) | `to`, digits without `+` | text, media: the app user id in the path `{appUser}`, trimmed, checked as an id (not a phone number); template: `destination`, `+` and digits (`+4915112345678`) | `to.phone` (OutBoundContact), digits without `+`; `channelId` from the channel id setting | `to` (text) / `destinations[0].phone` (template), `+` and digits |
//! | text body | `text.body` (with `recipient_type: individual`) | — | `text` (reply) | `text.body` (`type: text`) | `text` (text-message form, multipart) |
//! | template reference | `template.name` | `message.template.templateId` | `message.template.name` | `template.code` (`type: template`) | `template_id` (numeric) |
//! | template language | `template.language.code` (with `policy: deterministic`) | — (not sent; the template id fixes it) | `message.template.language.code` (with `policy: deterministic`) | `template.lang` | `language_id` (numeric, required) |
//! | body parameters | `template.components[type=body].parameters[].text` | `message.template.parameterValues` `{"0": v1, "1": v2…}` | `message.template.components`, as 360dialog (a reading: the document shows only `[]`) | `template.data` with keys `"1"`, `"2"`, … (a reading: the document shows named keys) | `destinations[0].parameters` `{"body-1": v1, "body-2": v2…}` |
//! | header media | `template.components[type=header].parameters[0].{image,video,document}.link` (and `filename`) | `message.template.media` `{type: IMAGE/DOC/VIDEO, url}` | as 360dialog (a reading) | — | — |
//! | button payloads | `template.components[type=button, sub_type=quick_reply or url, index=i].parameters[0].payload` or `.text` | `message.template.buttons[]` `{type: QUICK_REPLY/URL, payload}` in order | as 360dialog (a reading) | — | — |
//! | media URL | `{image,video,document,audio}.link` | — (only as template header `media.url`) | `mediaUrl` (`type` image, video or file) | `image` / `video` / `audio` / `document` `.link` | — |
//! | caption | `<kind>.caption` (not audio) | — | `altText` (required) | `<kind>.caption` | — |
//! | file name | `document.filename` | — (only as template header `media.fileName`) | — | `<kind>.filename` | — |
//! | reply-to (`Message::reply_to`) | `context.message_id` | — | — | — (no quoted-message field in `Message`) | — |
//! | reply buttons (`Message::buttons`) | `interactive` `type: button`: `body.text`, `action.buttons[].reply.{id,title}` (`type: reply`), `header` `{type: text, text}`, `footer.text` | — | — | `type: text`: `text.body`, `options.buttons[]` `{type: QUICK_REPLY, code: id, label: title, name: id}` in order (a reading: the document requires only `name` of an element and does not describe it; `code` is its "key to be used programmatically", `label` its display text); `header`, `footer`: refused (`InvalidArgument`, Mehery's text has none); a tap is not documented in its webhooks | interactive message: `body`, `buttons[].{id,title}` (ids at most 200 characters), `header` `{type: text, text}`, `footer.text` |
//! | list (`Message::list`) | `interactive` `type: list`: `body.text`, `action.button`, `action.sections[].title`, `.rows[].{id,title,description}`, `header`, `footer` | — | — | — | — |
//! | call-to-action URL (`Message::cta_url`) | `interactive` `type: cta_url`: `body.text`, `action.parameters.{display_text,url}`, `header`, `footer` | — | — | `type: text`: `text.body`, one `options.buttons[]` `{type: URL, label: display_text, url, name: display_text}` (a reading, as for reply buttons); `header`, `footer`: refused (`InvalidArgument`) | — |
//! | location (`Message::location`) | `location.{latitude,longitude,name,address}` | — | — | `location.latitude` / `.longitude` (JSON numbers), `.name`, `.address` (`type: location`) | location message: `location.{latitude,longitude,name,address}` |
//! | location request | `interactive` `type: location_request_message`: `body.text`, `action.name: send_location` | — | — | — | location-request message: `body` |
//! | reaction (and removal) | `reaction.{message_id,emoji}` (empty emoji removes) | — | — | — | — |
//! | contact cards (`Message::contacts`) | `contacts[]`: `name.{formatted_name,first_name,last_name}`, `phones[].{phone,type,wa_id}`, `emails[].{email,type}`, `urls[].{url,type}`, `org.{company,title}`, `birthday` | — | — | — (every field of a card is required by the document: addresses, ims, …) | contact message: as 360dialog; first and last name required |
//! | mark as read (`Client::mark_read`) | `{messaging_product, status: read, message_id}` to `/messages` | — | — | — | — (its read call also needs the sender's number, which `mark_read` is not given) |
//! | message id (Sent) | `messages[0].id` (the wamid) | `data.id` | template: `notification._id`; media: `message._id`; text: none (the answer has no body) | `data.id` (else `results[0].id`) | `message_id` |
//! | inbound sender | `messages[].from` | — | — | `messages[].from` | `messages.from` (as given, no `+`) |
//! | inbound profile name | `contacts[].profile.name` of the contact matched to the message (`wa_id`, else user id, else the only contact) | — | — | `contacts[].profile.name` of the contact matched to the message (`contactId`, else `profile.phone` = `from`, else the only contact) | `messages.name` |
//! | inbound business number | `metadata.display_phone_number` (Cloud API only) | — | — | `lane` of the matched contact (a reading: "contact used by user while sending message, eg your business number") | — |
//! | inbound business number id | `metadata.phone_number_id` (Cloud API only) | — | — | `channelId` of the matched contact | — |
//! | inbound context (reply to) | `messages[].context.id` / `.from` / `.forwarded` / `.frequently_forwarded` | — | — | — (not documented) | — (not documented) |
//! | inbound message id | `messages[].id` | — | — | `messages[].id` | `messages.id` |
//! | inbound text | `messages[].text.body` | — | — | `messages[].text.body` | `messages.text` (type `text`) |
//! | inbound media | `messages[].{image,video,document,audio,sticker}`: `id`, `url` (when sent; it needs the API key), `mime_type`, `caption`, `filename` | — | — | `messages[].image/video/audio/voice/document`: `id`, `linkSecure` (else `link`), `mime_type`, `caption`, `filename`; voice is audio | `messages.<type>.media_id` / `.mime_type` / `.message` (caption); URL and file name from `messages.attachments.<type>s[0].url` / `.name` |
//! | inbound location | `messages[].location.{latitude,longitude,name,address}` | — | — | `messages[].location.latitude/longitude/name/address` | `messages.location.latitude` / `.longitude` / `.name` / `.address` |
//! | inbound button reply (`ButtonReply`) | `interactive.button_reply.{id,title}` | — | — | — (not documented) | — (not documented; would arrive as `Content::Other`) |
//! | inbound list reply (`ListReply`) | `interactive.list_reply.{id,title,description}` | — | — | — (not documented) | — (not documented) |
//! | inbound template quick reply (`TemplateQuickReply`) | `button.{payload,text}` | — | — | — (not documented) | — (not documented) |
//! | inbound reaction (`Reaction`, `ReactionRemoved`) | `reaction.{message_id,emoji}`; an empty or missing `emoji` is `ReactionRemoved` | — | — | — (not documented) | — (not documented) |
//! | inbound order (`Order`) | `order.catalog_id`, `.text`, `.product_items[].{product_retailer_id,quantity,item_price,currency}` (quantity and price as numbers or numeric strings; otherwise `Content::Other`) | — | — | — (not documented) | — (not documented) |
//! | inbound contacts (`Contacts`) | `contacts[]`: `name.{formatted_name,first_name,middle_name,last_name}`, `phones[].{phone,wa_id,type}`, `emails[].{email,type}`, `addresses[]`, `urls[].url`, `org.{company,department,title}`, `birthday` | — | — | — (not documented) | `messages.contacts[]`, the same fields (`ims` not kept) |
//! | inbound edit (`Edited`) | `edit.original_message_id`; `edit.message` read as a message for the new content | — | — | — (not documented) | — (not documented) |
//! | inbound deletion (`Deleted`) | `revoke.original_message_id` (type `revoke`) | — | — | — (not documented) | — (not documented) |
//! | template status (`Event::TemplateStatus`) | change `message_template_status_update`: `event`, `message_template_name`, `message_template_id`, `message_template_language`, `message_template_category`, `reason` (`NONE` is none), `rejection_info.reason` (else `other_info.description` / `.title`) as detail, `rejection_info.recommendation` | — | — | — (not documented) | — (not documented) |
//! | status message id | `statuses[].id` | `context.id` | — | `statuses[].id` | `statuses.id` |
//! | status | `statuses[].status` (sent, delivered, read, failed; others `Other`) | `event.status` SENT/DELIVERED/READ/FAILED | — | `statuses[].status`: SENT/DLVRD/READ/FAILD; DELTD and others are `Other` | `statuses.status` delivered/read |
//! | status error code / text | `statuses[].errors[0].code` / `.message` (else `.title`, else `.error_data.details`) | `error.code` / `error.message` (FAILED events only) | — | `statuses[].errors[0].code` / `.title` (else `.details`) | — |
//! | webhook secret check | the headers registered with `set_webhook`, echoed (`WebhookBuilder::require_header`), or a URL token | — (none documented: a URL token, `WebhookBuilder::url_token`) | — (no payload documented: `Unsupported`; a URL token) | `x-verify-token` (required, `WebhookBuilder::verify_token`) | echoed header (`WebhookBuilder::require_header`), or a URL token |
//!
//! ### Webhooks
//!
//! ```
//! use waba::{Error, Provider, Webhook};
//!
//! // Mehery sends your verification token in `x-verify-token`; it is checked (in constant
//! // time) before the body is read.
//! let webhook = Webhook::builder(Provider::Mehery)
//!     .verify_token("s1agenttoken$$$")
//!     .build()?;
//! let mut headers = waba::HeaderMap::new();
//! headers.insert("x-verify-token", "a-wrong-token".parse().unwrap());
//! let refused = webhook.events(&headers, b"{}").unwrap_err();
//! assert!(matches!(refused, Error::WebhookRefused { .. }));
//!
//! // A webhook without a secret is refused when built, unless the opt-out is explicit.
//! assert!(Webhook::builder(Provider::Desk360).build().is_err());
//! # Ok::<(), waba::ConfigError>(())
//! ```
//!
//! ### Errors callers decide on
//!
//! Every failure is one [`Error`]; [`Error::kind`] says what it means for the message
//! ([`ErrorKind`]): [`Error::is_not_sent`] when it certainly was not sent (refused before
//! sending, the provider could not be reached, it asked to slow down, was unavailable or
//! refused the credentials), [`Error::is_outcome_unknown`] when it may have been (never send
//! it again blindly), neither when the provider read it and refused it
//! ([`ErrorKind::Rejected`]). [`Error::is_rate_limited`] and [`Error::retry_after`] say
//! whether and how long to wait. `Display` gives one line per level: the top says which
//! provider and what it means, its [`source`](std::error::Error::source) the provider's
//! details (print the chain, as `anyhow`'s `{:#}` or any error reporter does).
//!
//! ### A provider of your own
//!
//! The [`Client`] runs on a [`Backend`]; implement it for a provider this crate does not ship
//! and everything above works with it (failover and the test double too). Name it with
//! [`Provider::Custom`], answer [`Sent::new`], and report failures with the constructors that
//! say what happened to the message: [`Error::invalid_argument`] or
//! [`Error::refused_before_sending`] (nothing sent), [`Error::not_sent`] (it could not be
//! reached), [`Error::backend`] with a kind ([`ErrorKind::RateLimited`],
//! [`ErrorKind::Auth`], …, and [`Error::with_retry_after`]), [`Error::rejected`] (it refused
//! the message), [`Error::outcome_unknown`] (it may have sent it). Each keeps your error as
//! its source.
//!
//! ```no_run
//! use waba::{
//!     Backend, BoxFuture, Capability, Client, Error, ErrorKind, Message, MessageContent,
//!     Provider, Sent,
//! };
//!
//! const ACME: Provider = Provider::Custom("acme");
//!
//! /// Acme's gateway: `POST /send {"to", "text"}` answers `{"id"}`.
//! struct Acme {
//!     http: reqwest::Client,
//! }
//!
//! impl Backend for Acme {
//!     fn provider(&self) -> Provider {
//!         ACME
//!     }
//!
//!     fn capabilities(&self) -> &[Capability] {
//!         &[Capability::Text] // the client refuses anything else before `send`
//!     }
//!
//!     fn send<'a>(&'a self, to: &'a str, message: &'a Message) -> BoxFuture<'a, Result<Sent, Error>> {
//!         Box::pin(async move {
//!             let MessageContent::Text { body } = message.content() else {
//!                 return Err(Error::refused_before_sending(ACME, "Acme sends text only"));
//!             };
//!             let answer = self
//!                 .http
//!                 .post("https://gateway.acme.example/send")
//!                 // The client checked the number: it arrives as its digits.
//!                 .json(&serde_json::json!({ "to": format!("+{to}"), "text": body }))
//!                 .send()
//!                 .await
//!                 .map_err(|e| if e.is_connect() {
//!                     Error::not_sent(ACME, e) // nothing left this machine
//!                 } else {
//!                     Error::outcome_unknown(ACME, e) // it may have arrived
//!                 })?;
//!             match answer.status().as_u16() {
//!                 200..=299 => {
//!                     let json: serde_json::Value =
//!                         answer.json().await.map_err(|e| Error::outcome_unknown(ACME, e))?;
//!                     let id = json["id"].as_str().map(str::to_string);
//!                     Ok(Sent::new(ACME, id, json))
//!                 }
//!                 429 => Err(Error::backend(ACME, ErrorKind::RateLimited, "HTTP 429")),
//!                 401 | 403 => Err(Error::backend(ACME, ErrorKind::Auth, "credentials refused")),
//!                 500..=599 => Err(Error::outcome_unknown(ACME, "HTTP 5xx")),
//!                 status => Err(Error::rejected(ACME, format!("HTTP {status}"))),
//!             }
//!         })
//!     }
//! }
//!
//! # async fn demo() -> Result<(), Error> {
//! let client = Client::from_backend(Acme { http: reqwest::Client::new() });
//! let sent = client.send_text("+4915112345678", "Your order has shipped").await?;
//! assert_eq!(sent.provider(), ACME);
//! # Ok(())
//! # }
//! ```
//!
//! ### Failover
//!
//! [`Client::failover`] sends through the first of several clients that sends the message.
//! A member's error that proves the message was not sent ([`Error::is_not_sent`]: refused
//! before sending, could not connect, 429 or the provider's throttling answer, 503 asking to
//! come back later, 401/403 or a refused login) goes on to the next member; an outcome that
//! may have been a send (a timeout after sending, another 5xx, a 2xx that cannot be read) is
//! returned as it is and never sent anywhere again, and so is the provider's refusal of the
//! message itself (a 400 about it), which another provider would refuse too ([`Failover`]
//! has the whole table). Each member retries per its own [`RetryPolicy`] first; its final
//! error decides. A message a member cannot carry goes to the next member that can: the
//! failover client's capabilities are the union of its members'. [`Sent::provider`] says
//! which provider sent; when none did, [`Error::Failover`] keeps each member's error.
//!
//! ```no_run
//! use std::time::Duration;
//! use waba::{Client, Error, Provider, RetryPolicy};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let primary = Client::builder(Provider::Dialog360)
//!     .api_key("...")
//!     .timeout(Duration::from_secs(10))
//!     .build()?;
//! let backup = Client::builder(Provider::Mehery)
//!     .api_key("...")
//!     .channel_id("wa360:919988776655")
//!     .retry(RetryPolicy::none()) // the last resort: fail fast
//!     .build()?;
//! let client = Client::failover([primary, backup]);
//!
//! match client.send_text("+4915112345678", "Your order has shipped").await {
//!     Ok(sent) => println!("{} sent {:?}", sent.provider(), sent.message_id()),
//!     Err(e) if e.is_outcome_unknown() => println!("may have been sent, not resent: {e}"),
//!     Err(Error::Failover(all)) => {
//!         for member in all.errors() {
//!             println!("not sent: {member}");
//!         }
//!     }
//!     Err(e) => println!("refused: {e}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ### Testing an app (feature `testing`)
//!
//! `waba::testing::TestBackend` is a [`Backend`] for tests: it records every send
//! (recipient, message, order), answers what the test queued (accepted with a message id, or
//! any error, such as `TestBackend::outcome_unknown()` and `TestBackend::not_sent()` to test
//! the app's retry and failover handling) or else accepts, and has every capability unless
//! given others. `waba::testing::inbound_text`, `inbound` and `status` build the webhook
//! [`Event`]s an app receives (their types cannot be built outside this crate otherwise).
//!
//! ```
//! use waba::testing::{self, TestBackend};
//! use waba::{Client, Content, Event, Message};
//!
//! /// The app: answers each inbound text, and never resends a message that may have gone out.
//! async fn on_event(client: &Client, event: &Event) -> Result<(), waba::Error> {
//!     let Event::Message(inbound) = event else { return Ok(()) };
//!     let Content::Text { body } = &inbound.content else { return Ok(()) };
//!     let reply = format!("We got: {body}");
//!     match client.send_text(&inbound.sender, &reply).await {
//!         Err(e) if e.is_not_sent() => client.send_text(&inbound.sender, &reply).await.map(drop),
//!         other => other.map(drop),
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let double = TestBackend::new();
//! let client = double.client();
//! let hi = testing::inbound_text("4915112345678", "Hi");
//! on_event(&client, &hi).await.unwrap();
//! let sends = double.sends();
//! assert_eq!(sends.len(), 1);
//! assert_eq!(sends[0].to, "4915112345678");
//! assert_eq!(sends[0].message, Message::text("We got: Hi"));
//!
//! // Not sent: the app tries again. Outcome unknown: it does not.
//! double.fail_next(TestBackend::not_sent());
//! on_event(&client, &hi).await.unwrap();
//! assert_eq!(double.sends().len(), 3);
//! double.fail_next(TestBackend::outcome_unknown());
//! assert!(on_event(&client, &hi).await.unwrap_err().is_outcome_unknown());
//! assert_eq!(double.sends().len(), 4);
//! # });
//! ```
//!
//! The provider crates stay one step away for everything else: `Client::dialog360` (and
//! the others) return the provider's own typed client.
// Built without any provider, the adapters' helpers have no users.
#![cfg_attr(
    not(any(
        feature = "dialog360",
        feature = "onextel",
        feature = "channel360",
        feature = "mehery",
        feature = "desk360"
    )),
    allow(dead_code, unused_variables, unused_imports)
)]

mod backend;
mod client;
mod contents;
mod error;
mod failover;
pub mod limits;
mod message;
mod provider;
mod providers;
mod recipient;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "testing")]
pub mod testing;
mod webhook;

pub use backend::{Backend, BoxFuture};
pub use client::{Client, ClientBuilder};
pub use contents::{
    Buttons, Contact, ContactEmail, ContactPhone, ContactUrl, CtaUrl, List, Location, Reaction,
    ReplyButton, Row, Section,
};
pub use error::{ConfigError, Error, ErrorKind, report};
pub use failover::{FAILOVER, Failover, FailoverError};
pub use message::{Media, Message, MessageContent, Sent, Template, TemplateButton};
pub use provider::{Capability, MediaKind, Need, Provider, Setting, Unsupported, WebhookCheck};
pub use recipient::{PhoneNumber, PhoneNumberError, RecipientKind};
pub use reqwest::header::HeaderMap;
pub use waba_runtime as runtime;
pub use waba_runtime::{RetryPolicy, Secret};
pub use webhook::{
    BusinessNumber, ContactCard, ContactCardAddress, ContactCardEmail, ContactCardPhone, Content,
    Event, InboundMessage, MessageContext, OrderItem, OtherEvent, Status, StatusError,
    StatusUpdate, TemplateStatus, TemplateStatusUpdate, URL_TOKEN_PARAMETER, Webhook,
    WebhookBuilder,
};

/// 360dialog: Cloud API and On-Premise (`waba-dialog360`).
#[cfg(feature = "dialog360")]
pub use waba_dialog360 as dialog360;

/// Onextel 365cx.io: token login, template sends, delivery events (`waba-onextel`).
#[cfg(feature = "onextel")]
pub use waba_onextel as onextel;

/// Channel360 V1.1 (`waba-channel360`).
#[cfg(feature = "channel360")]
pub use waba_channel360 as channel360;

/// Mehery Messaging APIs (XMS) (`waba-mehery`).
#[cfg(feature = "mehery")]
pub use waba_mehery as mehery;

/// Desk360: WhatsApp integrations of the Desk360 public API (`waba-desk360`).
#[cfg(feature = "desk360")]
pub use waba_desk360 as desk360;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(all(
    doctest,
    feature = "dialog360",
    feature = "onextel",
    feature = "channel360",
    feature = "mehery",
    feature = "desk360"
))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
