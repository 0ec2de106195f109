//! Failover: one [`Client`] over an ordered list of clients ([`Client::failover`]), each tried
//! in turn while the ones before it fail in a way that proves the message was not sent.

use std::fmt;

use crate::{
    Backend, BoxFuture, Capability, Client, Error, Message, Provider, RecipientKind, Sent,
};

/// The provider a failover client reports as its own ([`Client::provider`]); the provider
/// that sent a message is [`Sent::provider`].
pub const FAILOVER: Provider = Provider::Custom("failover");

/// A [`Backend`] that sends through the first of its clients that sends the message; built
/// by [`Client::failover`].
///
/// A member's send (its own retries included, per its [`RetryPolicy`](crate::RetryPolicy):
/// its final error decides) goes on to the next member only when its error
/// [is not sent](Error::is_not_sent):
///
/// | the member's error | what the failover client does |
/// |---|---|
/// | refused before sending: [`Unsupported`](crate::ErrorKind::Unsupported) (it cannot carry the message), [`InvalidArgument`](crate::ErrorKind::InvalidArgument) (its limits), [`Config`](crate::ErrorKind::Config) | next member |
/// | could not connect ([`Transport`](crate::ErrorKind::Transport)) | next member |
/// | 429 or the provider's throttling answer ([`RateLimited`](crate::ErrorKind::RateLimited)), 503 with `Retry-After` ([`Unavailable`](crate::ErrorKind::Unavailable)) | next member |
/// | 401, 403, a refused login ([`Auth`](crate::ErrorKind::Auth)) | next member |
/// | outcome unknown: a timeout or broken connection after sending, any other 5xx, a 2xx it cannot read ([`OutcomeUnknown`](crate::ErrorKind::OutcomeUnknown)) | returned as it is: the provider may have sent it, and sending it elsewhere could deliver it twice |
/// | the provider read the message and refused it, a 400 about it ([`Rejected`](crate::ErrorKind::Rejected)) | returned as it is: the message itself is at fault (a recipient not on WhatsApp, a template that does not exist, a window that closed), which another provider would refuse the same way after spending a request, and a refusal a caller must see rather than have hidden by a later success |
///
/// When every member failed without sending, the error is [`Error::Failover`] with each
/// member's error, in order. A member that cannot carry the message fails with
/// [`Error::Unsupported`] before any request, so a message goes to the first member that
/// can; the failover client's capabilities are the union of its members'.
#[derive(Clone)]
pub struct Failover {
    members: Vec<Client>,
    capabilities: Vec<Capability>,
}

impl fmt::Debug for Failover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Failover")
            .field("members", &self.members)
            .finish_non_exhaustive()
    }
}

impl Failover {
    /// A failover over `members`, tried in this order. With no members it can do nothing
    /// (every send is [`Error::Unsupported`]).
    pub fn new(members: impl IntoIterator<Item = Client>) -> Failover {
        let members: Vec<Client> = members.into_iter().collect();
        let capabilities = Capability::ALL
            .into_iter()
            .filter(|c| members.iter().any(|m| m.supports(*c)))
            .collect();
        Failover {
            members,
            capabilities,
        }
    }

    /// The clients, in the order they are tried.
    pub fn members(&self) -> &[Client] {
        &self.members
    }
}

impl Backend for Failover {
    fn provider(&self) -> Provider {
        FAILOVER
    }

    fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    /// What the first member that can carry `message` sends it to (each member checks the
    /// recipient again its own way when its turn comes).
    fn recipient_kind(&self, message: &Message) -> RecipientKind {
        let needs = message.needs();
        self.members
            .iter()
            .find(|member| needs.iter().all(|need| member.supports(*need)))
            .map_or(RecipientKind::Phone, |member| {
                member.backend().recipient_kind(message)
            })
    }

    fn send<'a>(&'a self, to: &'a str, message: &'a Message) -> BoxFuture<'a, Result<Sent, Error>> {
        Box::pin(async move {
            let mut errors = Vec::new();
            for member in &self.members {
                match member.send(to, message).await {
                    Ok(sent) => return Ok(sent),
                    Err(error) if error.is_not_sent() => {
                        tracing::info!(
                            provider = member.provider().id(),
                            kind = ?error.kind(),
                            "not sent; failing over to the next provider"
                        );
                        errors.push(error);
                    }
                    Err(error) => return Err(error),
                }
            }
            Err(Error::Failover(FailoverError { errors }))
        })
    }

    /// Marks the message read through the first member that can, going on to the next one
    /// on the same errors as a send (marking read twice is harmless).
    fn mark_read<'a>(&'a self, message_id: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let mut errors = Vec::new();
            for member in &self.members {
                match member.mark_read(message_id).await {
                    Ok(()) => return Ok(()),
                    Err(error) if error.is_not_sent() => errors.push(error),
                    Err(error) => return Err(error),
                }
            }
            Err(Error::Failover(FailoverError { errors }))
        })
    }
}

impl Client {
    /// A client that sends through the first of `clients` that sends the message, in order:
    /// a member's error that proves the message was not sent goes on to the next member;
    /// any other error is returned as it is (see [`Failover`] for which is which, and why).
    /// [`Sent::provider`] says which provider sent it.
    ///
    /// ```no_run
    /// use waba::{Client, Provider};
    ///
    /// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let primary = Client::builder(Provider::Dialog360).api_key("...").build()?;
    /// let backup = Client::builder(Provider::Mehery)
    ///     .api_key("...")
    ///     .channel_id("wa360:919988776655")
    ///     .build()?;
    /// let client = Client::failover([primary, backup]);
    /// match client.send_text("+4915112345678", "Your order has shipped").await {
    ///     Ok(sent) => println!("sent by {}", sent.provider()),
    ///     Err(e) if e.is_outcome_unknown() => println!("may have been sent: check before resending"),
    ///     Err(e) => println!("not sent: {e}"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn failover(clients: impl IntoIterator<Item = Client>) -> Client {
        Client::from_backend(Failover::new(clients))
    }
}

/// Every member of a failover client failed without sending the message
/// ([`Error::Failover`]): each member's error, in the order they were tried.
#[derive(Debug)]
pub struct FailoverError {
    errors: Vec<Error>,
}

impl FailoverError {
    /// Each member's error, in the order the members were tried.
    pub fn errors(&self) -> &[Error] {
        &self.errors
    }

    /// The last member's error (also the `source()` of [`Error::Failover`]).
    pub fn last(&self) -> Option<&Error> {
        self.errors.last()
    }

    /// The members' errors.
    pub fn into_errors(self) -> Vec<Error> {
        self.errors
    }
}

impl fmt::Display for FailoverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.len() {
            0 => f.write_str("no provider to send through"),
            n => write!(
                f,
                "no provider sent the message, all {n} failed without sending it"
            ),
        }
    }
}

impl std::error::Error for FailoverError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.last().map(|e| e as &(dyn std::error::Error + 'static))
    }
}
