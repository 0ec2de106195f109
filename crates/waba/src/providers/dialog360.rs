//! The dialog360 adapter (see [`super`] for the contract).

use crate::client::Settings;
use crate::{ConfigError, Error, Event, Media, Provider, Sent, Template, Unsupported};

const PROVIDER: Provider = Provider::Dialog360;

/// The dialog360 client and the settings sends need.
#[derive(Clone)]
pub(crate) struct Adapter {
    client: waba_dialog360::Client,
}

impl Adapter {
    pub(crate) fn build(settings: &Settings) -> Result<Adapter, ConfigError> {
        let _ = settings;
        todo!("build the dialog360 client")
    }

    /// The provider crate's client.
    pub(crate) fn client(&self) -> &waba_dialog360::Client {
        &self.client
    }

    pub(crate) async fn send_text(&self, to: &str, body: &str) -> Result<Sent, Error> {
        let _ = (to, body);
        Err(Unsupported {
            provider: PROVIDER,
            capability: crate::Capability::Text,
        }
        .into())
    }

    pub(crate) async fn send_template(&self, to: &str, template: &Template) -> Result<Sent, Error> {
        let _ = (to, template);
        Err(Unsupported {
            provider: PROVIDER,
            capability: crate::Capability::Template,
        }
        .into())
    }

    pub(crate) async fn send_media(&self, to: &str, media: &Media) -> Result<Sent, Error> {
        let _ = to;
        Err(Unsupported {
            provider: PROVIDER,
            capability: crate::Capability::Media(media.kind()),
        }
        .into())
    }
}

/// The neutral events of one webhook body.
pub(crate) fn events(body: &[u8]) -> Result<Vec<Event>, Error> {
    let _ = body;
    Err(Unsupported {
        provider: PROVIDER,
        capability: crate::Capability::StatusUpdates,
    }
    .into())
}
