//! The [`Backend`] trait: what the neutral [`Client`](crate::Client) runs on. The five
//! providers of this workspace implement it; implement it for a provider of your own and
//! build a `Client` from it with [`Client::from_backend`](crate::Client::from_backend).

use std::future::Future;
use std::pin::Pin;

use crate::{Capability, Error, Message, Provider, RecipientKind, Sent};

/// A boxed future that can be sent between threads, as [`Backend`]'s methods return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A provider the neutral [`Client`](crate::Client) sends through.
///
/// The `Client` checks a message before it calls [`send`](Backend::send): every capability
/// the message [`needs`](Message::needs) is in [`capabilities`](Backend::capabilities) (else
/// [`Error::Unsupported`], nothing sent), WhatsApp's own limits hold ([`Message::check`]),
/// and the recipient is what [`recipient_kind`](Backend::recipient_kind) says (a phone number,
/// given to the backend as its digits, or the provider's id; else [`Error::InvalidArgument`]
/// naming `to`). A backend maps what
/// it is given to its provider's request, answers [`Sent::new`], and reports errors so that
/// callers can decide ([`Error::kind`]): [`Error::invalid_argument`] or
/// [`Error::refused_before_sending`] when it refused the message before sending it,
/// [`Error::not_sent`] when its provider could not be reached, [`Error::backend`] with
/// [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited),
/// [`Unavailable`](crate::ErrorKind::Unavailable) or [`Auth`](crate::ErrorKind::Auth) when the
/// provider did not act on it, [`Error::rejected`] when the provider refused the message, and
/// [`Error::outcome_unknown`] whenever the provider may have acted on it (failover relies on
/// this to never send a message twice). The crate docs show a backend of your own.
///
/// The trait is object safe: methods return boxed futures (`Box::pin(async move { .. })`).
pub trait Backend: std::any::Any + Send + Sync {
    /// Which provider this is ([`Provider::Custom`] for one of your own).
    fn provider(&self) -> Provider;

    /// What it can send and receive.
    fn capabilities(&self) -> &[Capability];

    /// Sends `message` to `to`, as the [`Client`](crate::Client) checked it: for
    /// [`RecipientKind::Phone`] the digits of the number (country code first, no `+`:
    /// [`PhoneNumber::digits`](crate::PhoneNumber::digits)), for
    /// [`RecipientKind::ProviderId`] the id, trimmed. Write it in the provider's form (with a
    /// `+` where the provider wants one).
    fn send<'a>(&'a self, to: &'a str, message: &'a Message) -> BoxFuture<'a, Result<Sent, Error>>;

    /// What `message` is sent to, which decides how the [`Client`](crate::Client) checks the
    /// recipient: a phone number (the default) or an id the provider gave the recipient
    /// (Channel360's text and media go to the app user id of the conversation).
    fn recipient_kind(&self, message: &Message) -> RecipientKind {
        let _ = message;
        RecipientKind::Phone
    }

    /// Marks the received message `message_id` as read. Called only when
    /// [`capabilities`](Backend::capabilities) has [`Capability::MarkRead`]; the default
    /// refuses with [`Error::Unsupported`].
    fn mark_read<'a>(&'a self, message_id: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        let _ = message_id;
        let provider = self.provider();
        Box::pin(async move { Err(Error::not_supported(provider, Capability::MarkRead)) })
    }
}
