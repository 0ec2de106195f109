//! The providers, what each can do ([`Capability`]), and the settings each needs
//! ([`Setting`]). All of this is plain data, available whatever features are enabled.

use std::fmt;
use std::str::FromStr;

use crate::ConfigError;

/// A WhatsApp Business messaging provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Provider {
    /// 360dialog (Cloud API), crate `waba-dialog360`, feature `dialog360`.
    Dialog360,
    /// Onextel 365cx.io, crate `waba-onextel`, feature `onextel`.
    Onextel,
    /// Channel360 V1.1, crate `waba-channel360`, feature `channel360`.
    Channel360,
    /// Mehery Messaging APIs (XMS), crate `waba-mehery`, feature `mehery`.
    Mehery,
    /// Desk360 public API, crate `waba-desk360`, feature `desk360`.
    Desk360,
    /// A provider this workspace does not ship, plugged in through a
    /// [`Backend`](crate::Backend) of your own: the name is its [`id`](Provider::id) and
    /// [`name`](Provider::name). What it can do is what its backend says
    /// ([`Backend::capabilities`](crate::Backend::capabilities)); [`Provider::capabilities`]
    /// and [`Provider::settings`] know only the five built-in providers and are empty for it.
    Custom(&'static str),
}

impl Provider {
    /// Every provider, in the order of the tables in the crate docs.
    pub const ALL: [Provider; 5] = [
        Provider::Dialog360,
        Provider::Onextel,
        Provider::Channel360,
        Provider::Mehery,
        Provider::Desk360,
    ];

    /// The identifier used by the cargo feature, `WABA_PROVIDER` and the environment variable
    /// names (`dialog360`, `onextel`, `channel360`, `mehery`, `desk360`; a custom provider's
    /// name).
    pub const fn id(self) -> &'static str {
        match self {
            Provider::Custom(name) => name,
            Provider::Dialog360 => "dialog360",
            Provider::Onextel => "onextel",
            Provider::Channel360 => "channel360",
            Provider::Mehery => "mehery",
            Provider::Desk360 => "desk360",
        }
    }

    /// The provider's name as its documents spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Provider::Custom(name) => name,
            Provider::Dialog360 => "360dialog",
            Provider::Onextel => "Onextel 365cx.io",
            Provider::Channel360 => "Channel360",
            Provider::Mehery => "Mehery XMS",
            Provider::Desk360 => "Desk360",
        }
    }

    /// Whether this build of `waba` has the provider's cargo feature enabled (always true for
    /// a custom provider: its code is yours).
    pub const fn is_enabled(self) -> bool {
        match self {
            Provider::Custom(_) => true,
            Provider::Dialog360 => cfg!(feature = "dialog360"),
            Provider::Onextel => cfg!(feature = "onextel"),
            Provider::Channel360 => cfg!(feature = "channel360"),
            Provider::Mehery => cfg!(feature = "mehery"),
            Provider::Desk360 => cfg!(feature = "desk360"),
        }
    }

    /// What the provider-neutral API can do with this built-in provider (empty for
    /// [`Provider::Custom`]: ask its [`Backend`](crate::Backend)).
    pub fn capabilities(self) -> &'static [Capability] {
        use Capability::*;
        use MediaKind::*;
        match self {
            Provider::Custom(_) => &[],
            Provider::Dialog360 => &[
                Text,
                Template,
                TemplateHeaderMedia,
                TemplateButtons,
                Media(Image),
                Media(Video),
                Media(Document),
                Media(Audio),
                Caption(Image),
                Caption(Video),
                Caption(Document),
                FileName(Document),
                ReplyTo,
                MarkRead,
                ReplyButtons,
                List,
                CtaUrl,
                Location,
                LocationRequest,
                Reaction,
                Contacts,
                InboundMessages,
                StatusUpdates,
                TemplateStatusUpdates,
            ],
            Provider::Onextel => &[
                Template,
                TemplateHeaderMedia,
                TemplateButtons,
                StatusUpdates,
            ],
            Provider::Channel360 => &[
                Text,
                Template,
                TemplateHeaderMedia,
                TemplateButtons,
                Media(Image),
                Media(Video),
                Media(Document),
                Caption(Image),
                Caption(Video),
                Caption(Document),
            ],
            Provider::Mehery => &[
                Text,
                Template,
                Media(Image),
                Media(Video),
                Media(Document),
                Media(Audio),
                Caption(Image),
                Caption(Video),
                Caption(Document),
                Caption(Audio),
                FileName(Image),
                FileName(Video),
                FileName(Document),
                FileName(Audio),
                ReplyButtons,
                CtaUrl,
                Location,
                InboundMessages,
                StatusUpdates,
            ],
            Provider::Desk360 => &[
                Text,
                Template,
                ReplyButtons,
                Location,
                LocationRequest,
                Contacts,
                InboundMessages,
                StatusUpdates,
            ],
        }
    }

    /// Whether the provider can do `capability`.
    pub fn supports(self, capability: Capability) -> bool {
        self.capabilities().contains(&capability)
    }

    /// `Ok` when the provider can do `capability`, else the typed [`Unsupported`] error.
    pub fn require(self, capability: Capability) -> Result<(), Unsupported> {
        if self.supports(capability) {
            Ok(())
        } else {
            Err(Unsupported {
                provider: self,
                capability,
            })
        }
    }

    /// How the provider proves that a webhook request comes from it.
    pub const fn webhook_check(self) -> WebhookCheck {
        match self {
            Provider::Dialog360 | Provider::Desk360 => WebhookCheck::EchoedHeaders,
            Provider::Mehery => WebhookCheck::VerifyToken,
            Provider::Onextel | Provider::Channel360 | Provider::Custom(_) => WebhookCheck::None,
        }
    }

    /// The settings a client of this provider takes, required ones first.
    pub fn settings(self) -> &'static [(Setting, Need)] {
        use Need::*;
        use Setting::*;
        match self {
            Provider::Custom(_) => &[],
            Provider::Dialog360 => &[(ApiKey, Required), (BaseUrl, Optional)],
            Provider::Onextel => &[
                (Email, Required),
                (Password, Required),
                (Sender, Required),
                (JourneyId, Required),
                (CallbackUrl, Optional),
                (BaseUrl, Optional),
            ],
            Provider::Channel360 => &[(Token, Required), (OrgId, Required), (BaseUrl, Optional)],
            Provider::Mehery => &[
                (ApiKey, Required),
                (ChannelId, Required),
                (ApiId, Optional),
                (BaseUrl, Optional),
            ],
            Provider::Desk360 => &[
                (IntegrationId, Required),
                (Email, EitherOr),
                (Password, EitherOr),
                (Token, EitherOr),
                (BaseUrl, Optional),
            ],
        }
    }

    /// The capability table of the crate docs, rendered from [`Provider::capabilities`] (a
    /// test keeps the docs equal to it).
    pub fn capability_table() -> String {
        let mut out = String::from("| capability |");
        for p in Provider::ALL {
            out.push_str(&format!(" {} |", p.name()));
        }
        out.push_str("\n|---|");
        for _ in Provider::ALL {
            out.push_str("---|");
        }
        out.push('\n');
        for capability in Capability::ALL {
            out.push_str(&format!("| {capability} |"));
            for p in Provider::ALL {
                out.push_str(if p.supports(capability) {
                    " yes |"
                } else {
                    " no |"
                });
            }
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Provider {
    type Err = ConfigError;

    /// Parses an identifier ([`Provider::id`]), ignoring case; `360dialog` is accepted too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        if wanted == "360dialog" {
            return Ok(Provider::Dialog360);
        }
        Provider::ALL
            .into_iter()
            .find(|p| p.id() == wanted)
            .ok_or_else(|| ConfigError::UnknownProvider(s.to_string()))
    }
}

/// The kind of a media message or attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MediaKind {
    /// An image (JPEG, PNG).
    Image,
    /// A video (MP4, 3GPP).
    Video,
    /// A document (PDF and other files).
    Document,
    /// An audio file or voice note.
    Audio,
    /// A sticker (only ever received).
    Sticker,
}

impl MediaKind {
    /// Lower-case name: `image`, `video`, `document`, `audio`, `sticker`.
    pub const fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Document => "document",
            MediaKind::Audio => "audio",
            MediaKind::Sticker => "sticker",
        }
    }
}

impl fmt::Display for MediaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the provider-neutral API can ask of a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Capability {
    /// Free text ([`Client::send_text`](crate::Client::send_text)).
    Text,
    /// Templates with positional body parameters
    /// ([`Client::send_template`](crate::Client::send_template)).
    Template,
    /// A template header with an image, video or document.
    TemplateHeaderMedia,
    /// Template buttons with a quick-reply payload or a URL suffix.
    TemplateButtons,
    /// A media message of this kind by URL ([`Client::send_media`](crate::Client::send_media)).
    Media(MediaKind),
    /// A caption on a media message of this kind.
    Caption(MediaKind),
    /// A file name on a media message of this kind.
    FileName(MediaKind),
    /// A reply to an earlier message ([`Message::reply_to`](crate::Message::reply_to)).
    ReplyTo,
    /// Marking a received message as read ([`Client::mark_read`](crate::Client::mark_read)).
    MarkRead,
    /// Reply buttons ([`Message::buttons`](crate::Message::buttons)).
    ReplyButtons,
    /// A list of rows in sections ([`Message::list`](crate::Message::list)).
    List,
    /// A call-to-action URL button ([`Message::cta_url`](crate::Message::cta_url)).
    CtaUrl,
    /// A location pin ([`Message::location`](crate::Message::location)).
    Location,
    /// A request to share a location
    /// ([`Message::location_request`](crate::Message::location_request)).
    LocationRequest,
    /// An emoji reaction and its removal ([`Message::reaction`](crate::Message::reaction)).
    Reaction,
    /// Contact cards ([`Message::contacts`](crate::Message::contacts)).
    Contacts,
    /// Inbound messages in webhooks.
    InboundMessages,
    /// Status changes (sent, delivered, read, failed) in webhooks.
    StatusUpdates,
    /// Template review status changes (approved, rejected, paused, …) in webhooks
    /// ([`Event::TemplateStatus`](crate::Event::TemplateStatus)).
    TemplateStatusUpdates,
}

impl Capability {
    /// Every capability, in the order of the capability table.
    pub const ALL: [Capability; 28] = [
        Capability::Text,
        Capability::Template,
        Capability::TemplateHeaderMedia,
        Capability::TemplateButtons,
        Capability::Media(MediaKind::Image),
        Capability::Media(MediaKind::Video),
        Capability::Media(MediaKind::Document),
        Capability::Media(MediaKind::Audio),
        Capability::Caption(MediaKind::Image),
        Capability::Caption(MediaKind::Video),
        Capability::Caption(MediaKind::Document),
        Capability::Caption(MediaKind::Audio),
        Capability::FileName(MediaKind::Image),
        Capability::FileName(MediaKind::Video),
        Capability::FileName(MediaKind::Document),
        Capability::FileName(MediaKind::Audio),
        Capability::ReplyTo,
        Capability::MarkRead,
        Capability::ReplyButtons,
        Capability::List,
        Capability::CtaUrl,
        Capability::Location,
        Capability::LocationRequest,
        Capability::Reaction,
        Capability::Contacts,
        Capability::InboundMessages,
        Capability::StatusUpdates,
        Capability::TemplateStatusUpdates,
    ];
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Capability::Text => f.write_str("text message"),
            Capability::Template => f.write_str("template with body parameters"),
            Capability::TemplateHeaderMedia => f.write_str("template header media"),
            Capability::TemplateButtons => f.write_str("template button payloads"),
            Capability::Media(kind) => write!(f, "{kind} message by URL"),
            Capability::Caption(kind) => write!(f, "caption on {kind}"),
            Capability::FileName(kind) => write!(f, "file name on {kind}"),
            Capability::ReplyTo => f.write_str("reply to a message (context)"),
            Capability::MarkRead => f.write_str("mark as read"),
            Capability::ReplyButtons => f.write_str("reply buttons"),
            Capability::List => f.write_str("list message"),
            Capability::CtaUrl => f.write_str("call-to-action URL button"),
            Capability::Location => f.write_str("location message"),
            Capability::LocationRequest => f.write_str("location request"),
            Capability::Reaction => f.write_str("reaction"),
            Capability::Contacts => f.write_str("contact cards"),
            Capability::InboundMessages => f.write_str("inbound messages (webhook)"),
            Capability::StatusUpdates => f.write_str("status updates (webhook)"),
            Capability::TemplateStatusUpdates => f.write_str("template status updates (webhook)"),
        }
    }
}

/// A request the chosen provider cannot carry out, found before anything was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported {
    /// The provider.
    pub provider: Provider,
    /// What it cannot do.
    pub capability: Capability,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} does not support {} (see waba's capability table)",
            self.provider, self.capability
        )
    }
}

impl std::error::Error for Unsupported {}

/// How a provider proves a webhook request comes from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookCheck {
    /// None is documented: register the webhook URL with a secret query parameter and give
    /// it to [`WebhookBuilder::url_token`](crate::WebhookBuilder::url_token).
    None,
    /// The provider echoes headers you registered with the webhook URL, checked when given
    /// with [`WebhookBuilder::require_header`](crate::WebhookBuilder::require_header) (or a
    /// URL token).
    EchoedHeaders,
    /// The provider sends your verification token in `x-verify-token` (required, given with
    /// [`WebhookBuilder::verify_token`](crate::WebhookBuilder::verify_token)).
    VerifyToken,
}

/// A setting of a provider-neutral client; each maps to an environment variable
/// `WABA_<PROVIDER>_<SETTING>` (for example `WABA_DIALOG360_API_KEY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Setting {
    /// API key (360dialog `D360-API-KEY`, Mehery `x-api-key`). Secret.
    ApiKey,
    /// Mehery's `x-api-id`. Secret.
    ApiId,
    /// Login email (Onextel, Desk360).
    Email,
    /// Login password (Onextel, Desk360). Secret.
    Password,
    /// Bearer token (Channel360 JWT, Desk360 API token). Secret.
    Token,
    /// Channel360 organisation id.
    OrgId,
    /// Mehery channel id, for example `wa360:919988776655`.
    ChannelId,
    /// Desk360 WhatsApp integration id.
    IntegrationId,
    /// Onextel business number messages are sent from (`from`).
    Sender,
    /// Onextel journey id (`journeyId`, from the stream's webhook URL in Flow Builder).
    JourneyId,
    /// Onextel `callbackUrl` where delivery events are sent.
    CallbackUrl,
    /// Another base URL than the provider's (for example a local mock server).
    BaseUrl,
    /// Mehery webhook verification token (`x-verify-token`), for [`Webhook`](crate::Webhook).
    VerifyToken,
    /// A header the provider echoes on every webhook request, written `Name: value` (360dialog
    /// and Desk360 echo the headers registered with the webhook URL, for example
    /// `Authorization: Basic dXNlcjpwYXNz`). Secret. For [`Webhook`](crate::Webhook).
    WebhookHeader,
    /// A secret the webhook URL registered with the provider carries as its query parameter
    /// `token` (`https://example.com/webhooks/onextel?token=...`), for providers that echo no
    /// header. Secret. For [`Webhook`](crate::Webhook).
    WebhookToken,
}

impl Setting {
    /// The suffix of the environment variable, for example `API_KEY`.
    pub const fn env_suffix(self) -> &'static str {
        match self {
            Setting::ApiKey => "API_KEY",
            Setting::ApiId => "API_ID",
            Setting::Email => "EMAIL",
            Setting::Password => "PASSWORD",
            Setting::Token => "TOKEN",
            Setting::OrgId => "ORG_ID",
            Setting::ChannelId => "CHANNEL_ID",
            Setting::IntegrationId => "INTEGRATION_ID",
            Setting::Sender => "SENDER",
            Setting::JourneyId => "JOURNEY_ID",
            Setting::CallbackUrl => "CALLBACK_URL",
            Setting::BaseUrl => "BASE_URL",
            Setting::VerifyToken => "VERIFY_TOKEN",
            Setting::WebhookHeader => "WEBHOOK_HEADER",
            Setting::WebhookToken => "WEBHOOK_TOKEN",
        }
    }

    /// The environment variable of this setting for `provider`, for example
    /// `WABA_MEHERY_CHANNEL_ID`.
    pub fn env_var(self, provider: Provider) -> String {
        format!(
            "WABA_{}_{}",
            provider.id().to_ascii_uppercase(),
            self.env_suffix()
        )
    }

    /// Whether the value is a secret (never shown in `Debug` or errors).
    pub const fn is_secret(self) -> bool {
        matches!(
            self,
            Setting::ApiKey
                | Setting::ApiId
                | Setting::Password
                | Setting::Token
                | Setting::VerifyToken
                | Setting::WebhookHeader
                | Setting::WebhookToken
        )
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.env_suffix().to_ascii_lowercase().replace('_', " "))
    }
}

/// Whether a provider needs a [`Setting`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Need {
    /// Always needed.
    Required,
    /// Used when given.
    Optional,
    /// One of two ways to authenticate (Desk360: email and password, or a token).
    EitherOr,
}
