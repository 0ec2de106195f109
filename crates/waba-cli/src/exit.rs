//! Exit codes, and the one failure every command returns.

use std::fmt;

use waba::runtime::ErrorKind as RequestKind;
use waba::{ConfigError, ErrorKind};

/// What the process reports to its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done: the message was sent, the templates listed, the body parsed.
    Success = 0,
    /// The command line or the configuration is wrong (clap's own usage errors are 2 too).
    Usage = 2,
    /// Refused before anything was sent: an invalid argument, something the provider cannot
    /// do, or a webhook body whose secret or content is refused.
    Refused = 3,
    /// The request failed and the message was not sent: the provider answered with an error,
    /// or could not be reached.
    Failed = 4,
    /// The outcome is unknown: the message may have been sent (a timeout after sending, an
    /// answer that cannot be read). Do not resend it blindly.
    Unknown = 5,
}

/// The exit codes as `--help` shows them.
pub const HELP: &str = "\
Exit codes:
  0  sent (or listed, or parsed)
  2  usage or configuration error (a bad flag, a missing WABA_* setting)
  3  refused before sending: an invalid argument or something the provider cannot do; for
     `webhook parse`, a refused secret or a malformed body
  4  the provider answered with an error (or could not be reached): the message was not sent
  5  the outcome is unknown (a timeout after sending, an answer that cannot be read): the
     message may have been sent, do not resend it blindly
`waba sandbox` exits 0 after Ctrl-C, 2 when it cannot start (the port is taken), 4 when it
fails while running.

Settings come from WABA_PROVIDER and WABA_<PROVIDER>_<SETTING> variables, as in
waba::Client::from_env; a flag overrides its variable.";

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// A command that did not succeed: the exit code and one sentence for stderr (never a
/// secret: every message comes from an error type that redacts them, or names a flag).
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub exit: Exit,
    /// What went wrong.
    pub message: String,
}

impl Failure {
    /// A failure with this exit code and message.
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
        }
    }

    /// A usage or configuration error.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(Exit::Usage, message)
    }

    /// A request `provider`'s typed client made (listing templates): refused before sending
    /// (3), the outcome unknown (5), or failed (4).
    pub fn request<E>(provider: waba::Provider, error: &waba::runtime::Error<E>) -> Self
    where
        waba::runtime::Error<E>: std::error::Error,
    {
        let exit = if error.kind() == RequestKind::InvalidRequest {
            Exit::Refused
        } else if error.is_outcome_unknown() {
            Exit::Unknown
        } else {
            Exit::Failed
        };
        Failure::new(exit, format!("{provider}: {}", waba::report(error)))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The exit code of a neutral API error.
pub fn of(error: &waba::Error) -> Exit {
    match error.kind() {
        ErrorKind::Config => Exit::Usage,
        ErrorKind::Unsupported | ErrorKind::InvalidArgument | ErrorKind::Webhook => Exit::Refused,
        _ if error.is_outcome_unknown() => Exit::Unknown,
        _ => Exit::Failed,
    }
}

impl From<waba::Error> for Failure {
    fn from(error: waba::Error) -> Self {
        Failure::new(of(&error), waba::report(&error))
    }
}

impl From<ConfigError> for Failure {
    fn from(error: ConfigError) -> Self {
        Failure::usage(waba::report(&error))
    }
}
