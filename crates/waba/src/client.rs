//! The provider-neutral [`Client`] and its [`ClientBuilder`].

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use waba_runtime::{RetryPolicy, Secret};

use crate::providers;
use crate::{
    Backend, Capability, ConfigError, Error, Media, Message, Need, Provider, Sent, Setting,
    Template,
};

/// Sends messages through whichever provider it was built for: one of the five built-in
/// providers ([`Client::builder`], [`Client::from_env`]) or any [`Backend`]
/// ([`Client::from_backend`]).
///
/// Cloning is cheap and clones share the connection pool, token and rate limit.
#[derive(Clone)]
pub struct Client {
    provider: Provider,
    backend: Arc<dyn Backend>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Settings for a client of `provider`.
    pub fn builder(provider: Provider) -> ClientBuilder {
        ClientBuilder {
            provider,
            values: BTreeMap::new(),
            retry: None,
            timeout: None,
            connect_timeout: None,
            http: None,
            allow_insecure_http: false,
        }
    }

    /// A client configured by environment variables: `WABA_PROVIDER` names the provider,
    /// and `WABA_<PROVIDER>_<SETTING>` give its settings (see the crate docs).
    pub fn from_env() -> Result<Client, ConfigError> {
        Client::from_vars(|name| std::env::var(name).ok())
    }

    /// Like [`Client::from_env`], reading variables through `var` (for tests, or another
    /// source of configuration).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Client, ConfigError> {
        ClientBuilder::from_vars(var)?.build()
    }

    /// A client that sends through `backend`: a provider of your own, or any of the
    /// workspace's wrapped differently.
    pub fn from_backend(backend: impl Backend) -> Client {
        Client::from_shared_backend(Arc::new(backend))
    }

    /// Like [`Client::from_backend`], for a backend already shared.
    pub fn from_shared_backend(backend: Arc<dyn Backend>) -> Client {
        Client {
            provider: backend.provider(),
            backend,
        }
    }

    /// The provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// What this client can send and receive.
    pub fn capabilities(&self) -> &[Capability] {
        self.backend.capabilities()
    }

    /// Whether this client can do `capability`.
    pub fn supports(&self, capability: Capability) -> bool {
        self.capabilities().contains(&capability)
    }

    /// The backend this client runs on.
    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.backend
    }

    /// Sends `message` to `to` (a phone number in international format, with or without
    /// `+`, spaces, dashes, dots or parentheses; for Channel360's text and media the app user
    /// id of the conversation). Before any request: what the provider cannot carry is
    /// [`Error::Unsupported`]; a recipient that is not a phone number ([`PhoneNumber::parse`])
    /// or not an id (as [`Backend::recipient_kind`] says), and a message that breaks one of
    /// WhatsApp's limits ([`Message::check`]), are [`Error::InvalidArgument`] naming the
    /// neutral field (`to`, `text.body`, `media.link`, …).
    ///
    /// [`PhoneNumber::parse`]: crate::PhoneNumber::parse
    pub async fn send(&self, to: &str, message: &Message) -> Result<Sent, Error> {
        for need in message.needs() {
            self.require(need)?;
        }
        let to = crate::limits::checked(&*self.backend, to, message).map_err(|error| {
            Error::InvalidArgument {
                provider: self.provider,
                error,
            }
        })?;
        self.backend.send(&to, message).await
    }

    /// Sends free text to `to` (a phone number in international format, with or without
    /// `+`; for Channel360 the app user id of the conversation).
    pub async fn send_text(&self, to: &str, body: &str) -> Result<Sent, Error> {
        self.send(to, &Message::text(body)).await
    }

    /// Sends a template to `to` (a phone number in international format, with or without
    /// `+`).
    pub async fn send_template(&self, to: &str, template: &Template) -> Result<Sent, Error> {
        self.send(to, &Message::from(template.clone())).await
    }

    /// Sends an image, video, document or audio file by URL to `to` (a phone number in
    /// international format, with or without `+`; for Channel360 the app user id of the
    /// conversation).
    pub async fn send_media(&self, to: &str, media: &Media) -> Result<Sent, Error> {
        self.send(to, &Message::from(media.clone())).await
    }

    /// Marks the received message `message_id` as read (WhatsApp shows two blue ticks).
    pub async fn mark_read(&self, message_id: &str) -> Result<(), Error> {
        self.require(Capability::MarkRead)?;
        self.backend.mark_read(message_id.trim()).await
    }

    fn require(&self, capability: Capability) -> Result<(), Error> {
        if self.supports(capability) {
            Ok(())
        } else {
            Err(Error::not_supported(self.provider, capability))
        }
    }

    /// The backend as its concrete type, when it is one.
    #[allow(dead_code)] // Used by the accessors of the enabled providers.
    fn backend_as<T: Backend>(&self) -> Option<&T> {
        let any: &dyn std::any::Any = &*self.backend;
        any.downcast_ref::<T>()
    }
}

/// Settings of a provider-neutral [`Client`]. Which settings each provider needs is in
/// [`Provider::settings`] and the crate docs; a setting the provider does not use is refused
/// by [`ClientBuilder::build`].
///
/// `Debug` shows the names of the settings given, never secret values.
#[derive(Clone)]
pub struct ClientBuilder {
    provider: Provider,
    values: BTreeMap<Setting, Secret>,
    retry: Option<RetryPolicy>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
    allow_insecure_http: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ClientBuilder");
        d.field("provider", &self.provider);
        for (setting, value) in &self.values {
            if setting.is_secret() {
                d.field(setting.env_suffix(), &"<redacted>");
            } else {
                d.field(setting.env_suffix(), &value.expose());
            }
        }
        d.field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("http_client", &self.http.is_some())
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

macro_rules! setting_setters {
    ($($(#[$doc:meta])* $name:ident => $setting:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(self, value: impl Into<Secret>) -> Self {
                self.set(Setting::$setting, value)
            }
        )*
    };
}

impl ClientBuilder {
    /// Settings read from environment-style variables through `var`: `WABA_PROVIDER`, then
    /// `WABA_<PROVIDER>_<SETTING>` for each setting the provider takes.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, ConfigError> {
        let provider: Provider = var("WABA_PROVIDER")
            .ok_or(ConfigError::NoProvider)?
            .parse()?;
        let mut builder = Client::builder(provider);
        for (setting, _) in provider.settings() {
            if let Some(value) = var(&setting.env_var(provider)).filter(|v| !v.is_empty()) {
                builder = builder.set(*setting, value);
            }
        }
        Ok(builder)
    }

    /// Sets any setting.
    pub fn set(mut self, setting: Setting, value: impl Into<Secret>) -> Self {
        self.values.insert(setting, value.into());
        self
    }

    setting_setters! {
        /// The API key (360dialog, Mehery).
        api_key => ApiKey;
        /// Mehery's `x-api-id`.
        api_id => ApiId;
        /// The login email (Onextel, Desk360).
        email => Email;
        /// The login password (Onextel, Desk360).
        password => Password;
        /// The bearer token (Channel360 JWT, or a Desk360 API token instead of a login).
        token => Token;
        /// Channel360's organisation id.
        org_id => OrgId;
        /// Mehery's channel id, for example `wa360:919988776655`.
        channel_id => ChannelId;
        /// Desk360's WhatsApp integration id.
        integration_id => IntegrationId;
        /// Onextel's business number the messages are sent from.
        sender => Sender;
        /// Onextel's journey id.
        journey_id => JourneyId;
        /// Onextel's `callbackUrl` for delivery events.
        callback_url => CallbackUrl;
        /// Another base URL than the provider's (`https://`, or `http://` to a loopback
        /// address such as a local mock server, or to any host after
        /// [`allow_insecure_http`](Self::allow_insecure_http)).
        base_url => BaseUrl;
    }

    /// How failed requests are retried (each provider's default otherwise).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Time allowed for a whole request (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed to connect (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sends through your own `reqwest::Client` (proxies, middleware): the provider client's
    /// `http_client`. Its own timeouts and TLS settings apply instead of
    /// [`timeout`](Self::timeout) and [`connect_timeout`](Self::connect_timeout); the
    /// credentials are still sent on every request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Accepts a plain `http://` base URL to any host, not only loopback addresses (a mock
    /// server in another container): the provider client's `allow_insecure_http`. Never for
    /// the provider itself.
    pub fn allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// Builds the client: refuses settings the provider does not use and reports the first
    /// required one missing, with its environment variable.
    pub fn build(self) -> Result<Client, ConfigError> {
        let provider = self.provider;
        if !provider.is_enabled() {
            return Err(ConfigError::NotEnabled(provider));
        }
        let takes = provider.settings();
        if let Some(setting) = self
            .values
            .keys()
            .find(|s| !takes.iter().any(|(t, _)| t == *s))
        {
            return Err(ConfigError::NotUsed {
                provider,
                setting: *setting,
            });
        }
        for (setting, need) in takes {
            let given = self.values.get(setting).is_some_and(|v| !v.is_empty());
            if *need == Need::Required && !given {
                return Err(ConfigError::Missing {
                    provider,
                    setting: *setting,
                });
            }
        }
        // Desk360 takes an email and a password, or a token.
        let either: Vec<Setting> = takes
            .iter()
            .filter(|(_, need)| *need == Need::EitherOr)
            .map(|(s, _)| *s)
            .collect();
        if !either.is_empty() {
            let given = |s: &Setting| self.values.get(s).is_some_and(|v| !v.is_empty());
            let token = either.contains(&Setting::Token) && given(&Setting::Token);
            let login = either.iter().filter(|s| **s != Setting::Token).all(given);
            if !token && !login {
                return Err(ConfigError::MissingLogin { provider });
            }
        }
        let settings = Settings {
            provider,
            values: self.values,
            retry: self.retry,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            http: self.http,
            allow_insecure_http: self.allow_insecure_http,
        };
        let backend = providers::build(&settings)?;
        Ok(Client { provider, backend })
    }
}

/// The checked settings a provider adapter builds its client from.
pub(crate) struct Settings {
    pub(crate) provider: Provider,
    values: BTreeMap<Setting, Secret>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) allow_insecure_http: bool,
}

#[allow(dead_code)] // Which helpers are used depends on the enabled providers.
impl Settings {
    /// A setting, if given (not empty).
    pub(crate) fn get(&self, setting: Setting) -> Option<&Secret> {
        self.values.get(&setting).filter(|v| !v.is_empty())
    }

    /// A setting's plain value, if given.
    pub(crate) fn text(&self, setting: Setting) -> Option<&str> {
        self.get(setting).map(Secret::expose)
    }

    /// A required setting (`build` checked it is there).
    pub(crate) fn required(&self, setting: Setting) -> Result<&Secret, ConfigError> {
        self.get(setting).ok_or(ConfigError::Missing {
            provider: self.provider,
            setting,
        })
    }

    /// A provider crate's build error.
    pub(crate) fn build_error(&self, error: waba_runtime::BuildError) -> ConfigError {
        ConfigError::Build {
            provider: self.provider,
            error,
        }
    }
}

macro_rules! provider_accessors {
    ($($(#[$doc:meta])* $feature:literal, $name:ident, $module:ident, $krate:ident;)*) => {
        impl Client {
            $(
                $(#[$doc])*
                #[cfg(feature = $feature)]
                pub fn $name(&self) -> Option<&$krate::Client> {
                    self.backend_as::<providers::$module::Adapter>()
                        .map(providers::$module::Adapter::client)
                }
            )*
        }
    };
}

provider_accessors! {
    /// The 360dialog client, for everything the neutral API does not cover (`None` when this
    /// client runs on another backend).
    "dialog360", dialog360, dialog360, waba_dialog360;
    /// The Onextel client, for everything the neutral API does not cover.
    "onextel", onextel, onextel, waba_onextel;
    /// The Channel360 client, for everything the neutral API does not cover.
    "channel360", channel360, channel360, waba_channel360;
    /// The Mehery client, for everything the neutral API does not cover.
    "mehery", mehery, mehery, waba_mehery;
    /// The Desk360 client, for everything the neutral API does not cover.
    "desk360", desk360, desk360, waba_desk360;
}
