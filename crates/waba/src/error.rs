//! The errors of the provider-neutral API: one [`Error`] for sending, configuring and
//! receiving webhooks.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use waba_runtime::check::ValidationError;
use waba_runtime::webhook::WebhookError;

use crate::{FailoverError, Provider, Setting, Unsupported};

/// What a caller decides on: the kind of an [`Error`] ([`Error::kind`]). Whether the message
/// may have been sent follows from it ([`ErrorKind::is_not_sent`],
/// [`ErrorKind::OutcomeUnknown`]).
///
/// The runtime's finer kind of a failed request (API answer, unreadable answer, transport,
/// login) is [`runtime::ErrorKind`](crate::runtime::ErrorKind), through
/// [`Error::request_error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The provider cannot carry the message ([`Error::Unsupported`]); nothing was sent.
    Unsupported,
    /// The message breaks a limit of the provider or of WhatsApp and was refused before
    /// sending; nothing was sent.
    InvalidArgument,
    /// The client or webhook is not configured right; nothing was sent.
    Config,
    /// The provider read the message and refused it (a 400 about the message, a 404): sending
    /// it elsewhere would most likely be refused the same way, so it is not failed over.
    Rejected,
    /// The provider asked to slow down (429, or its documented throttling answer) and did not
    /// act on the message; [`Error::retry_after`] says how long to wait when it said so.
    RateLimited,
    /// The provider is unavailable and asked to come back later (503 with `Retry-After`); it
    /// did not act on the message.
    Unavailable,
    /// The credentials were refused (401, 403, a failed login); nothing was sent.
    Auth,
    /// The provider could not be reached (connection refused, DNS, TLS handshake, connect
    /// timeout); nothing was sent.
    Transport,
    /// The message may have been sent: a timeout or a broken connection after sending, a 5xx
    /// other than a 503 asking to come back later, a 2xx answer that cannot be read. Never
    /// send it again blindly, here or elsewhere.
    OutcomeUnknown,
    /// Every member of a failover client failed without sending the message
    /// ([`Error::Failover`] keeps each one's error).
    FailoverExhausted,
    /// A webhook request was refused or its body is malformed.
    Webhook,
}

impl ErrorKind {
    /// Whether an error of this kind proves that the message was not sent (refused before
    /// sending, or a provider that did not act on it), so another provider may send it:
    /// [`Unsupported`](ErrorKind::Unsupported), [`InvalidArgument`](ErrorKind::InvalidArgument),
    /// [`Config`](ErrorKind::Config), [`RateLimited`](ErrorKind::RateLimited),
    /// [`Unavailable`](ErrorKind::Unavailable), [`Auth`](ErrorKind::Auth),
    /// [`Transport`](ErrorKind::Transport) and
    /// [`FailoverExhausted`](ErrorKind::FailoverExhausted).
    pub const fn is_not_sent(self) -> bool {
        matches!(
            self,
            ErrorKind::Unsupported
                | ErrorKind::InvalidArgument
                | ErrorKind::Config
                | ErrorKind::RateLimited
                | ErrorKind::Unavailable
                | ErrorKind::Auth
                | ErrorKind::Transport
                | ErrorKind::FailoverExhausted
        )
    }

    /// What an error of this kind means for the message, as the top line of [`Error`]'s
    /// `Display` says it.
    const fn meaning(self) -> &'static str {
        match self {
            ErrorKind::Unsupported => "cannot carry the message, nothing was sent",
            ErrorKind::InvalidArgument => "refused the message before sending it",
            ErrorKind::Config => "is not configured right, nothing was sent",
            ErrorKind::Rejected => "refused the message",
            ErrorKind::RateLimited => "asked to slow down, nothing was sent",
            ErrorKind::Unavailable => "is unavailable, nothing was sent",
            ErrorKind::Auth => "refused the credentials, nothing was sent",
            ErrorKind::Transport => "could not be reached, nothing was sent",
            ErrorKind::OutcomeUnknown => {
                "may have sent the message, whether it did is unknown: never send it again blindly"
            }
            ErrorKind::FailoverExhausted => "sent nothing through any of its providers",
            ErrorKind::Webhook => "refused a webhook request",
        }
    }
}

/// Why a provider-neutral call failed. Never contains a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The provider cannot do what was asked; nothing was sent.
    Unsupported(Unsupported),
    /// An argument breaks one of WhatsApp's limits or the provider's documented limits;
    /// nothing was sent.
    InvalidArgument {
        /// The provider the message was for.
        provider: Provider,
        /// The field and what is wrong: the neutral name (`to`, `text.body`, `media.link`, …)
        /// for what the client checks for every provider, else the provider's name for it.
        error: ValidationError,
    },
    /// The client or webhook settings are incomplete or wrong; nothing was sent.
    Config(ConfigError),
    /// The request was sent (or tried) and failed: status, headers and raw body are kept.
    Request {
        /// The provider.
        provider: Provider,
        /// The provider crate's error, its typed error body converted to JSON.
        error: waba_runtime::Error,
    },
    /// A webhook request was refused: its secret (header, verification token or URL token) is
    /// missing ([`WebhookError::is_missing_secret`]: answer 401) or wrong (403). The body was
    /// not read.
    WebhookRefused {
        /// The provider.
        provider: Provider,
        /// Which secret and why (never its value). Not [`WebhookError::Malformed`]: that is
        /// [`Error::WebhookMalformed`].
        error: WebhookError,
    },
    /// A webhook body (its secret was accepted) is not what the provider documents: answer
    /// 400.
    WebhookMalformed {
        /// The provider.
        provider: Provider,
        /// What is wrong, naming the field, line and column where the parser says.
        reason: String,
    },
    /// A [`Backend`](crate::Backend) of your own failed: built with [`Error::backend`] (or
    /// [`Error::not_sent`], [`Error::outcome_unknown`], [`Error::rejected`],
    /// [`Error::refused_before_sending`]) around your own error.
    Backend {
        /// The provider.
        provider: Provider,
        /// What it means for the message; failover trusts it.
        kind: ErrorKind,
        /// How long the provider asked to wait, if it said ([`Error::with_retry_after`]).
        retry_after: Option<Duration>,
        /// Your error, with the details.
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// No member of a failover client ([`Client::failover`](crate::Client::failover)) sent
    /// the message: each one failed in a way that proves it did not send it. Each member's
    /// error is kept, in order.
    Failover(FailoverError),
}

impl Error {
    /// The provider the error is about, where there is one.
    pub fn provider(&self) -> Option<Provider> {
        match self {
            Error::Unsupported(u) => Some(u.provider),
            Error::InvalidArgument { provider, .. }
            | Error::Request { provider, .. }
            | Error::WebhookRefused { provider, .. }
            | Error::WebhookMalformed { provider, .. }
            | Error::Backend { provider, .. } => Some(*provider),
            Error::Config(c) => c.provider(),
            Error::Failover(_) => None,
        }
    }

    /// What kind of failure this is: what a caller decides on (see [`ErrorKind`]).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Unsupported(_) => ErrorKind::Unsupported,
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::Config(_) => ErrorKind::Config,
            Error::Request { error, .. } => request_kind(error),
            Error::WebhookRefused { .. } | Error::WebhookMalformed { .. } => ErrorKind::Webhook,
            Error::Backend { kind, .. } => *kind,
            Error::Failover(_) => ErrorKind::FailoverExhausted,
        }
    }

    /// Whether the message was certainly not sent: refused before sending
    /// ([`Unsupported`](ErrorKind::Unsupported), [`InvalidArgument`](ErrorKind::InvalidArgument),
    /// [`Config`](ErrorKind::Config)), the provider could not be reached, or it did not act on
    /// the message (rate limited, unavailable, credentials refused). Sending it again, later
    /// or through another provider, cannot deliver it twice; a failover client
    /// ([`Client::failover`](crate::Client::failover)) sends it through its next member.
    /// Never true together with [`Error::is_outcome_unknown`].
    pub fn is_not_sent(&self) -> bool {
        self.kind().is_not_sent()
    }

    /// Whether the provider asked to slow down (429, or its documented throttling answer:
    /// 360dialog's rate limit as a 400, WhatsApp's 130429 and 131056). For a failover
    /// client's error, whether every member was. [`Error::retry_after`] says how long to wait
    /// when the provider said.
    pub fn is_rate_limited(&self) -> bool {
        match self {
            Error::Failover(f) => {
                !f.errors().is_empty() && f.errors().iter().all(Error::is_rate_limited)
            }
            _ => self.kind() == ErrorKind::RateLimited,
        }
    }

    /// How long the provider asked to wait (its `Retry-After`), when it sent one. For a
    /// failover client's error, the shortest wait any member was given.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Request { error, .. } => error.retry_after(),
            Error::Backend { retry_after, .. } => *retry_after,
            Error::Failover(f) => f.errors().iter().filter_map(Error::retry_after).min(),
            _ => None,
        }
    }

    /// Whether the provider cannot do what was asked.
    pub fn unsupported(&self) -> Option<&Unsupported> {
        match self {
            Error::Unsupported(u) => Some(u),
            _ => None,
        }
    }

    /// The failed request's error, if a request was made.
    pub fn request_error(&self) -> Option<&waba_runtime::Error> {
        match self {
            Error::Request { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The HTTP status of the provider's answer, if one came.
    pub fn status(&self) -> Option<StatusCode> {
        self.request_error()?.status()
    }

    /// The headers of the provider's answer, if one came.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.request_error()?.headers()
    }

    /// The raw body of the provider's answer, if one came.
    pub fn body(&self) -> Option<&[u8]> {
        self.request_error()?.body()
    }

    /// Whether the message may have been sent although no readable success was seen: a
    /// timeout or a broken connection after sending, a 5xx, or a 2xx answer that cannot be
    /// read. Do not resend such a message blindly, and do not fail it over to another
    /// provider: the recipient may get it twice.
    pub fn is_outcome_unknown(&self) -> bool {
        self.kind() == ErrorKind::OutcomeUnknown
    }

    /// Whether the provider accepted the message (it answered 2xx) although its answer cannot
    /// be read, so [`Sent`](crate::Sent) and its message id are missing. The message is on its
    /// way: never resend it. Implies [`Error::is_outcome_unknown`]. False for a provider that
    /// reports refusals inside 2xx answers (Onextel), whose unreadable answer may be a refusal:
    /// there only the outcome is unknown.
    pub fn is_accepted(&self) -> bool {
        self.request_error()
            .is_some_and(waba_runtime::Error::is_accepted)
    }

    /// A failure of a [`Backend`](crate::Backend) of your own: `kind` says what it means for
    /// the message (failover and callers decide on it), `source` is your error. Choose the
    /// kind honestly: [`ErrorKind::OutcomeUnknown`] whenever the provider may have acted on
    /// the message (a timeout after sending, a broken connection, a 5xx, an answer you cannot
    /// read), a kind that [is not sent](ErrorKind::is_not_sent) only when it certainly did not.
    ///
    /// ```
    /// use waba::{Error, ErrorKind, Provider};
    ///
    /// let error = Error::backend(Provider::Custom("acme"), ErrorKind::RateLimited, "HTTP 429")
    ///     .with_retry_after(std::time::Duration::from_secs(2));
    /// assert!(error.is_not_sent() && error.is_rate_limited());
    /// assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(2)));
    /// ```
    pub fn backend(
        provider: Provider,
        kind: ErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Error {
        Error::Backend {
            provider,
            kind,
            retry_after: None,
            source: source.into(),
        }
    }

    /// Your backend refused the message before sending it (`source` says why):
    /// [`ErrorKind::InvalidArgument`]. To name a field, [`Error::invalid_argument`].
    pub fn refused_before_sending(
        provider: Provider,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Error {
        Error::backend(provider, ErrorKind::InvalidArgument, source)
    }

    /// Your backend could not reach its provider, so nothing was sent (connection refused,
    /// DNS, TLS handshake): [`ErrorKind::Transport`]. For other answers the provider did not
    /// act on, [`Error::backend`] with [`ErrorKind::RateLimited`], [`ErrorKind::Unavailable`]
    /// or [`ErrorKind::Auth`].
    pub fn not_sent(
        provider: Provider,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Error {
        Error::backend(provider, ErrorKind::Transport, source)
    }

    /// Your backend's provider may have acted on the message (a timeout after sending, a
    /// broken connection, a 5xx, an answer it cannot read): [`ErrorKind::OutcomeUnknown`].
    /// Failover never sends it again.
    pub fn outcome_unknown(
        provider: Provider,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Error {
        Error::backend(provider, ErrorKind::OutcomeUnknown, source)
    }

    /// Your backend's provider read the message and refused it (a 400 about the message):
    /// [`ErrorKind::Rejected`], returned as it is by failover.
    pub fn rejected(
        provider: Provider,
        source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Error {
        Error::backend(provider, ErrorKind::Rejected, source)
    }

    /// How long the provider asked to wait, for an error of your backend
    /// ([`Error::Backend`]; other errors are returned unchanged).
    pub fn with_retry_after(mut self, wait: Duration) -> Error {
        if let Error::Backend { retry_after, .. } = &mut self {
            *retry_after = Some(wait);
        }
        self
    }

    /// An argument breaks a limit of `provider` (the field `path`, as the provider names it,
    /// and what is wrong), found before sending: [`Error::InvalidArgument`].
    pub fn invalid_argument(provider: Provider, path: &str, message: impl fmt::Display) -> Error {
        Error::invalid(provider, path, message)
    }

    pub(crate) fn invalid(provider: Provider, path: &str, message: impl fmt::Display) -> Error {
        Error::InvalidArgument {
            provider,
            error: ValidationError {
                path: path.to_string(),
                message: message.to_string(),
            },
        }
    }

    /// Converts a provider crate's error. A request the crate refused before sending (its
    /// check against the spec, a size limit) is an [`Error::InvalidArgument`]: nothing was
    /// sent. Anything else keeps status, headers and raw body; the typed error body becomes
    /// JSON.
    pub(crate) fn request<E>(provider: Provider, error: waba_runtime::Error<E>) -> Error
    where
        E: serde::Serialize + waba_runtime::ProviderError,
    {
        if error.kind() == waba_runtime::ErrorKind::InvalidRequest {
            let invalid = error
                .validation()
                .cloned()
                .unwrap_or_else(|| ValidationError {
                    path: String::new(),
                    message: error.to_string(),
                });
            return Error::InvalidArgument {
                provider,
                error: invalid,
            };
        }
        Error::Request {
            provider,
            error: error
                .map_body(|body| serde_json::to_value(body).unwrap_or(serde_json::Value::Null)),
        }
    }

    /// What `provider` cannot do.
    pub(crate) fn not_supported(provider: Provider, capability: crate::Capability) -> Error {
        Error::Unsupported(Unsupported {
            provider,
            capability,
        })
    }

    /// What `provider` cannot do of `message`: the first capability it needs that the
    /// provider lacks (a backend given a message its capabilities do not cover).
    #[allow(dead_code)] // Used by the adapters of the enabled providers.
    pub(crate) fn unsupported_content(provider: Provider, message: &crate::Message) -> Error {
        let needs = message.needs();
        let capability = needs
            .iter()
            .copied()
            .find(|need| !provider.supports(*need))
            .unwrap_or(needs[0]);
        Error::not_supported(provider, capability)
    }

    /// A webhook error: [`Error::WebhookMalformed`] for a malformed body, else
    /// [`Error::WebhookRefused`].
    pub(crate) fn webhook(provider: Provider, error: WebhookError) -> Error {
        match error {
            WebhookError::Malformed { reason } => Error::WebhookMalformed { provider, reason },
            error => Error::WebhookRefused { provider, error },
        }
    }
}

/// The kind of a failed request, from what the runtime knows of it.
fn request_kind(error: &waba_runtime::Error) -> ErrorKind {
    if error.kind() == waba_runtime::ErrorKind::InvalidRequest {
        ErrorKind::InvalidArgument
    } else if error.is_outcome_unknown() {
        ErrorKind::OutcomeUnknown
    } else if error.is_rate_limited() {
        ErrorKind::RateLimited
    } else if error.is_auth_refused() {
        ErrorKind::Auth
    } else if error.is_not_sent() {
        if error.status().is_some() {
            ErrorKind::Unavailable
        } else {
            ErrorKind::Transport
        }
    } else {
        ErrorKind::Rejected
    }
}

/// Each level of the `source()` chain says only its own part: the top line says which
/// provider and what it means for the message, its source the details (so a reporter that
/// prints the chain says nothing twice).
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unsupported(u) => u.fmt(f),
            Error::InvalidArgument { provider, .. } => {
                write!(f, "invalid argument for {provider}, nothing was sent")
            }
            Error::Config(c) => c.fmt(f),
            Error::Request { provider, .. } | Error::Backend { provider, .. } => {
                write!(f, "{provider} {}", self.kind().meaning())
            }
            Error::WebhookRefused { provider, .. } => {
                write!(f, "{provider} webhook request refused")
            }
            Error::WebhookMalformed { provider, reason } => {
                write!(f, "{provider}: webhook body is malformed: {reason}")
            }
            Error::Failover(failover) => failover.fmt(f),
        }
    }
}

/// An error as a log line or a command line prints it: the error and each level of its
/// `source()` chain, joined by `: `. [`Error`]'s `Display` says what happened to the message
/// and its sources say why, so print this where the details matter.
///
/// ```
/// use waba::{Client, Provider};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let client = Client::builder(Provider::Dialog360).api_key("key").build().unwrap();
/// let refused = client.send_text("abc", "Hi").await.unwrap_err();
/// assert_eq!(refused.to_string(), "invalid argument for 360dialog, nothing was sent");
/// assert!(waba::report(&refused).starts_with(
///     "invalid argument for 360dialog, nothing was sent: `to` is not a phone number"
/// ));
/// # }
/// ```
pub fn report(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(level) = next {
        text.push_str(": ");
        text.push_str(&level.to_string());
        next = level.source();
    }
    text
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Unsupported(_) | Error::WebhookMalformed { .. } => None,
            Error::InvalidArgument { error, .. } => Some(error),
            // The configuration error's own text is this error's; its source is next.
            Error::Config(c) => std::error::Error::source(c),
            Error::Request { error, .. } => Some(error),
            Error::WebhookRefused { error, .. } => Some(error),
            Error::Backend { source, .. } => Some(source.as_ref()),
            Error::Failover(failover) => std::error::Error::source(failover),
        }
    }
}

impl From<Unsupported> for Error {
    fn from(u: Unsupported) -> Self {
        Error::Unsupported(u)
    }
}

impl From<ConfigError> for Error {
    fn from(c: ConfigError) -> Self {
        Error::Config(c)
    }
}

/// Why a provider-neutral client or webhook could not be configured. Never contains a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// `WABA_PROVIDER` (or a string parsed as a provider) names no provider.
    UnknownProvider(String),
    /// `WABA_PROVIDER` is not set.
    NoProvider,
    /// This build of `waba` does not have the provider's cargo feature.
    NotEnabled(Provider),
    /// A setting the provider needs is missing.
    Missing {
        /// The provider.
        provider: Provider,
        /// The setting, with its environment variable.
        setting: Setting,
    },
    /// Desk360 needs an email and a password, or a token; neither was given completely.
    MissingLogin {
        /// The provider.
        provider: Provider,
    },
    /// A setting the provider does not use was given (probably meant for another provider).
    NotUsed {
        /// The provider.
        provider: Provider,
        /// The setting.
        setting: Setting,
    },
    /// A setting's value is not valid (the value is not shown when it is a secret).
    Invalid {
        /// The provider.
        provider: Provider,
        /// The setting.
        setting: Setting,
        /// What is wrong.
        reason: String,
    },
    /// A header given to [`WebhookBuilder::require_header`](crate::WebhookBuilder::require_header) is not a
    /// valid header name.
    InvalidHeaderName {
        /// The provider.
        provider: Provider,
        /// The name given.
        name: String,
    },
    /// A webhook of a provider was built with no secret to check (no verification token,
    /// echoed header or URL token), and without
    /// [`WebhookBuilder::allow_unauthenticated`](crate::WebhookBuilder::allow_unauthenticated).
    Unauthenticated {
        /// The provider.
        provider: Provider,
    },
    /// The provider crate refused to build its client.
    Build {
        /// The provider.
        provider: Provider,
        /// Why.
        error: waba_runtime::BuildError,
    },
}

impl ConfigError {
    /// The provider the error is about, if known.
    pub fn provider(&self) -> Option<Provider> {
        match self {
            ConfigError::UnknownProvider(_) | ConfigError::NoProvider => None,
            ConfigError::NotEnabled(p)
            | ConfigError::Missing { provider: p, .. }
            | ConfigError::MissingLogin { provider: p }
            | ConfigError::NotUsed { provider: p, .. }
            | ConfigError::Invalid { provider: p, .. }
            | ConfigError::InvalidHeaderName { provider: p, .. }
            | ConfigError::Unauthenticated { provider: p }
            | ConfigError::Build { provider: p, .. } => Some(*p),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownProvider(s) => write!(
                f,
                "unknown provider `{s}` (expected one of dialog360, onextel, channel360, mehery, desk360)"
            ),
            ConfigError::NoProvider => f.write_str("WABA_PROVIDER is not set"),
            ConfigError::NotEnabled(p) => write!(
                f,
                "{p} is not compiled in: enable the `{}` feature of waba",
                p.id()
            ),
            ConfigError::Missing { provider, setting } => write!(
                f,
                "{provider} needs its {setting} ({})",
                setting.env_var(*provider)
            ),
            ConfigError::MissingLogin { provider } => write!(
                f,
                "{provider} needs an email and a password ({}, {}) or a token ({})",
                Setting::Email.env_var(*provider),
                Setting::Password.env_var(*provider),
                Setting::Token.env_var(*provider)
            ),
            ConfigError::NotUsed { provider, setting } => {
                write!(f, "{provider} does not use a {setting}")
            }
            ConfigError::Invalid {
                provider,
                setting,
                reason,
            } => write!(f, "{provider}: the {setting} is not valid: {reason}"),
            ConfigError::InvalidHeaderName { provider, name } => {
                write!(f, "{provider} webhook: `{name}` is not a valid header name")
            }
            ConfigError::Unauthenticated { provider } => {
                write!(f, "{provider} webhook: no secret to check; set ")?;
                if provider.webhook_check() == crate::WebhookCheck::EchoedHeaders {
                    write!(f, "{} or ", Setting::WebhookHeader.env_var(*provider))?;
                }
                write!(
                    f,
                    "{} (or opt out with allow_unauthenticated, WABA_ALLOW_UNAUTHENTICATED=1)",
                    Setting::WebhookToken.env_var(*provider)
                )
            }
            // The build error is the source and says why.
            ConfigError::Build { provider, .. } => {
                write!(f, "{provider}: the client could not be built")
            }
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Build { error, .. } => Some(error),
            _ => None,
        }
    }
}
