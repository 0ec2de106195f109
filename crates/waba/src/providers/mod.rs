//! One adapter per provider: builds the provider crate's client from the neutral
//! [`Settings`], maps neutral messages to the provider's typed requests, and the provider's
//! webhook payloads to neutral events. The [`Client`](crate::Client) checks capabilities
//! before calling an adapter, so an adapter only sees what its provider supports.

use std::sync::Arc;

use crate::client::Settings;
use crate::{Backend, ConfigError, Error, Event, Provider};

/// Applies the settings every provider builder takes (base URL, retry policy, timeouts, a
/// user's HTTP client, plain HTTP) to a provider crate's generated `ClientBuilder`.
#[allow(unused_macros)]
macro_rules! common_settings {
    ($builder:expr, $settings:expr) => {{
        let settings: &$crate::client::Settings = $settings;
        let mut builder = $builder;
        if let Some(url) = settings.text($crate::Setting::BaseUrl) {
            builder = builder.base_url(url);
        }
        if let Some(policy) = settings.retry.clone() {
            builder = builder.retry(policy);
        }
        if let Some(timeout) = settings.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(timeout) = settings.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(http) = settings.http.clone() {
            builder = builder.http_client(http);
        }
        if settings.allow_insecure_http {
            builder = builder.allow_insecure_http();
        }
        builder
    }};
}

/// The inherent `send_message(to, message)` of an adapter that carries text, templates and
/// media through its inherent `send_text`, `send_template` and `send_media`, and refuses
/// every other content with [`Error::unsupported_content`] (Onextel, Channel360).
#[allow(unused_macros)]
macro_rules! send_text_template_media {
    ($provider:expr) => {
        /// Maps a neutral message: text, templates and media; the other contents are not
        /// carried by this provider (its capabilities say so).
        pub(crate) async fn send_message(
            &self,
            to: &str,
            message: &$crate::Message,
        ) -> Result<$crate::Sent, $crate::Error> {
            match message.content() {
                $crate::MessageContent::Text { body } => self.send_text(to, body).await,
                $crate::MessageContent::Template(template) => {
                    self.send_template(to, template).await
                }
                $crate::MessageContent::Media(media) => self.send_media(to, media).await,
                _ => Err($crate::Error::unsupported_content($provider, message)),
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use send_text_template_media;

/// A [`ContactCard`](crate::ContactCard) from a received contact card in the Cloud API's
/// shape (`phones`, `emails`, `addresses`, `urls`, `org`, `birthday`), which 360dialog and
/// Desk360 both pass on; the name fields are given, as the two documents type `name`
/// differently. A macro because each provider crate generates its own types of the card.
#[allow(unused_macros)]
macro_rules! cloud_contact_card {
    ($card:expr, $($name:ident: $value:expr),+ $(,)?) => {{
        let card = $card;
        let org = card.org.as_ref();
        $crate::ContactCard {
            $($name: $value,)+
            phones: card
                .phones
                .iter()
                .map(|p| $crate::ContactCardPhone {
                    phone: p.phone.clone(),
                    wa_id: p.wa_id.clone(),
                    label: p.type_.clone(),
                })
                .collect(),
            emails: card
                .emails
                .iter()
                .map(|e| $crate::ContactCardEmail {
                    email: e.email.clone(),
                    label: e.type_.clone(),
                })
                .collect(),
            addresses: card
                .addresses
                .iter()
                .map(|a| $crate::ContactCardAddress {
                    street: a.street.clone(),
                    city: a.city.clone(),
                    state: a.state.clone(),
                    zip: a.zip.clone(),
                    country: a.country.clone(),
                    country_code: a.country_code.clone(),
                    label: a.type_.clone(),
                })
                .collect(),
            urls: card.urls.iter().filter_map(|u| u.url.clone()).collect(),
            company: org.and_then(|o| o.company.clone()),
            department: org.and_then(|o| o.department.clone()),
            job_title: org.and_then(|o| o.title.clone()),
            birthday: card.birthday.clone(),
        }
    }};
}
#[allow(unused_imports)]
pub(crate) use cloud_contact_card;

#[cfg(feature = "channel360")]
pub(crate) mod channel360;
#[cfg(feature = "desk360")]
pub(crate) mod desk360;
#[cfg(feature = "dialog360")]
pub(crate) mod dialog360;
#[cfg(feature = "mehery")]
pub(crate) mod mehery;
#[cfg(feature = "onextel")]
pub(crate) mod onextel;

pub(crate) fn build(settings: &Settings) -> Result<Arc<dyn Backend>, ConfigError> {
    match settings.provider {
        #[cfg(feature = "dialog360")]
        Provider::Dialog360 => Ok(Arc::new(dialog360::Adapter::build(settings)?)),
        #[cfg(feature = "onextel")]
        Provider::Onextel => Ok(Arc::new(onextel::Adapter::build(settings)?)),
        #[cfg(feature = "channel360")]
        Provider::Channel360 => Ok(Arc::new(channel360::Adapter::build(settings)?)),
        #[cfg(feature = "mehery")]
        Provider::Mehery => Ok(Arc::new(mehery::Adapter::build(settings)?)),
        #[cfg(feature = "desk360")]
        Provider::Desk360 => Ok(Arc::new(desk360::Adapter::build(settings)?)),
        #[allow(unreachable_patterns)]
        other => Err(ConfigError::NotEnabled(other)),
    }
}

/// Implements [`Backend`] for a provider adapter whose inherent
/// `send_message(to, message)` maps each neutral content its provider carries (and refuses
/// the others with [`Error::unsupported_content`]); with `mark_read`, the adapter's inherent
/// `mark_read(message_id)` too. A reply-to its provider cannot carry is refused here, so an
/// adapter only reads [`Message::reply_to_id`](crate::Message::reply_to_id) when its
/// provider has [`Capability::ReplyTo`](crate::Capability::ReplyTo). The recipient is a phone
/// number unless `recipient_kind = f` names a `fn(&Message) -> RecipientKind` (see
/// [`Backend::recipient_kind`]).
#[allow(unused_macros)]
macro_rules! adapter_backend {
    ($adapter:ty, $provider:expr, mark_read) => {
        $crate::providers::adapter_backend!(@impl $adapter, $provider, {
            fn mark_read<'a>(
                &'a self,
                message_id: &'a str,
            ) -> $crate::BoxFuture<'a, Result<(), $crate::Error>> {
                Box::pin(self.mark_read(message_id))
            }
        });
    };
    ($adapter:ty, $provider:expr $(, recipient_kind = $kind:path)?) => {
        $crate::providers::adapter_backend!(@impl $adapter, $provider, {
            $(
                fn recipient_kind(&self, message: &$crate::Message) -> $crate::RecipientKind {
                    $kind(message)
                }
            )?
        });
    };
    (@impl $adapter:ty, $provider:expr, { $($extra:tt)* }) => {
        impl $crate::Backend for $adapter {
            fn provider(&self) -> $crate::Provider {
                $provider
            }

            fn capabilities(&self) -> &[$crate::Capability] {
                $provider.capabilities()
            }

            fn send<'a>(
                &'a self,
                to: &'a str,
                message: &'a $crate::Message,
            ) -> $crate::BoxFuture<'a, Result<$crate::Sent, $crate::Error>> {
                Box::pin(async move {
                    if message.reply_to_id().is_some()
                        && !$provider.supports($crate::Capability::ReplyTo)
                    {
                        return Err($crate::Error::not_supported(
                            $provider,
                            $crate::Capability::ReplyTo,
                        ));
                    }
                    self.send_message(to, message).await
                })
            }

            $($extra)*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use adapter_backend;

/// Parses a webhook body (the secret was checked already) into events.
pub(crate) fn events(provider: Provider, body: &[u8]) -> Result<Vec<Event>, Error> {
    match provider {
        #[cfg(feature = "dialog360")]
        Provider::Dialog360 => dialog360::events(body),
        #[cfg(feature = "onextel")]
        Provider::Onextel => onextel::events(body),
        #[cfg(feature = "channel360")]
        Provider::Channel360 => channel360::events(body),
        #[cfg(feature = "mehery")]
        Provider::Mehery => mehery::events(body),
        #[cfg(feature = "desk360")]
        Provider::Desk360 => desk360::events(body),
        #[allow(unreachable_patterns)]
        other => Err(ConfigError::NotEnabled(other).into()),
    }
}

/// `to` without a leading `+` (360dialog, Onextel, Mehery). The client gives a phone
/// recipient as its digits already ([`PhoneNumber::digits`](crate::PhoneNumber::digits)).
#[allow(dead_code)]
pub(crate) fn without_plus(to: &str) -> &str {
    to.trim().trim_start_matches('+')
}

/// `to` with a leading `+` (Channel360 notifications, Desk360): the E.164 form of the digits
/// the client gives ([`PhoneNumber::e164`](crate::PhoneNumber::e164)).
#[allow(dead_code)]
pub(crate) fn with_plus(to: &str) -> String {
    format!("+{}", without_plus(to))
}

/// The provider's answer as JSON, for [`Sent::response`].
#[allow(dead_code)]
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
