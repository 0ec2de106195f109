//! One adapter per provider: builds the provider crate's client from the neutral
//! [`Settings`], maps neutral messages to the provider's typed requests, and the provider's
//! webhook payloads to neutral events. The [`Client`](crate::Client) checks capabilities
//! before calling an adapter, so an adapter only sees what its provider supports.

use crate::client::Settings;
use crate::{ConfigError, Error, Event, Media, Provider, Sent, Template};

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

/// The provider client behind a neutral [`Client`](crate::Client).
#[derive(Clone)]
pub(crate) enum Inner {
    #[cfg(feature = "dialog360")]
    Dialog360(dialog360::Adapter),
    #[cfg(feature = "onextel")]
    Onextel(onextel::Adapter),
    #[cfg(feature = "channel360")]
    Channel360(channel360::Adapter),
    #[cfg(feature = "mehery")]
    Mehery(mehery::Adapter),
    #[cfg(feature = "desk360")]
    Desk360(desk360::Adapter),
    /// Keeps the enum inhabited-by-nothing when no provider is enabled.
    #[allow(dead_code)]
    None(std::convert::Infallible),
}

/// Runs `$body` with `$adapter` bound to whichever adapter `$inner` holds.
macro_rules! dispatch {
    ($inner:expr, $adapter:ident => $body:expr) => {
        match $inner {
            #[cfg(feature = "dialog360")]
            Inner::Dialog360($adapter) => $body,
            #[cfg(feature = "onextel")]
            Inner::Onextel($adapter) => $body,
            #[cfg(feature = "channel360")]
            Inner::Channel360($adapter) => $body,
            #[cfg(feature = "mehery")]
            Inner::Mehery($adapter) => $body,
            #[cfg(feature = "desk360")]
            Inner::Desk360($adapter) => $body,
            Inner::None(never) => match *never {},
        }
    };
}

pub(crate) fn build(settings: &Settings) -> Result<Inner, ConfigError> {
    match settings.provider {
        #[cfg(feature = "dialog360")]
        Provider::Dialog360 => dialog360::Adapter::build(settings).map(Inner::Dialog360),
        #[cfg(feature = "onextel")]
        Provider::Onextel => onextel::Adapter::build(settings).map(Inner::Onextel),
        #[cfg(feature = "channel360")]
        Provider::Channel360 => channel360::Adapter::build(settings).map(Inner::Channel360),
        #[cfg(feature = "mehery")]
        Provider::Mehery => mehery::Adapter::build(settings).map(Inner::Mehery),
        #[cfg(feature = "desk360")]
        Provider::Desk360 => desk360::Adapter::build(settings).map(Inner::Desk360),
        #[allow(unreachable_patterns)]
        other => Err(ConfigError::NotEnabled(other)),
    }
}

pub(crate) async fn send_text(inner: &Inner, to: &str, body: &str) -> Result<Sent, Error> {
    dispatch!(inner, adapter => adapter.send_text(to, body).await)
}

pub(crate) async fn send_template(
    inner: &Inner,
    to: &str,
    template: &Template,
) -> Result<Sent, Error> {
    dispatch!(inner, adapter => adapter.send_template(to, template).await)
}

pub(crate) async fn send_media(inner: &Inner, to: &str, media: &Media) -> Result<Sent, Error> {
    dispatch!(inner, adapter => adapter.send_media(to, media).await)
}

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

/// `to` without a leading `+` (360dialog, Onextel).
#[allow(dead_code)]
pub(crate) fn without_plus(to: &str) -> &str {
    to.trim().trim_start_matches('+')
}

/// `to` with a leading `+` (Channel360 notifications, Desk360).
#[allow(dead_code)]
pub(crate) fn with_plus(to: &str) -> String {
    format!("+{}", without_plus(to))
}

/// The provider's answer as JSON, for [`Sent::response`].
#[allow(dead_code)]
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
