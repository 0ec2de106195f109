//! The errors of the provider-neutral API: one [`Error`] for sending, configuring and
//! receiving webhooks.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use waba_runtime::check::ValidationError;
use waba_runtime::webhook::WebhookError;

use crate::{Provider, Setting, Unsupported};

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
}

impl Error {
    /// The provider the error is about, where there is one.
    pub fn provider(&self) -> Option<Provider> {
        match self {
            Error::Unsupported(u) => Some(u.provider),
            Error::InvalidArgument { provider, .. }
            | Error::Request { provider, .. }
            | Error::WebhookRefused { provider, .. }
            | Error::WebhookMalformed { provider, .. } => Some(*provider),
            Error::Config(c) => c.provider(),
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
        self.request_error()
            .is_some_and(waba_runtime::Error::is_outcome_unknown)
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unsupported(u) => u.fmt(f),
            Error::InvalidArgument { provider, error } => {
                write!(f, "invalid argument for {provider}: {error}")
            }
            Error::Config(c) => c.fmt(f),
            Error::Request { provider, error } => write!(f, "{provider}: {error}"),
            Error::WebhookRefused { provider, error } => write!(f, "{provider}: {error}"),
            Error::WebhookMalformed { provider, reason } => {
                write!(f, "{provider}: webhook body is malformed: {reason}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Unsupported(u) => Some(u),
            Error::InvalidArgument { error, .. } => Some(error),
            Error::Config(c) => Some(c),
            Error::Request { error, .. } => Some(error),
            Error::WebhookRefused { error, .. } => Some(error),
            Error::WebhookMalformed { .. } => None,
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
            ConfigError::Build { provider, error } => write!(f, "{provider}: {error}"),
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
