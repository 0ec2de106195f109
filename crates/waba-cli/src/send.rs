//! `waba send text|template|media|buttons`: one message through the provider-neutral client.

use clap::{Subcommand, ValueEnum};
use serde_json::json;
use waba::{Buttons, Client, Media, Sent, Template};

use crate::config::ClientArgs;
use crate::exit::Failure;
use crate::output::{BOLD, DIM, GREEN, Output};

/// Sends one message and prints the provider's message id.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    client: ClientArgs,
    /// Print `{"provider", "message_id", "response"}` (the provider's whole answer) as one
    /// JSON line.
    #[arg(long, global = true, help_heading = "Options")]
    json: bool,
    /// Reply to the message with this id (WhatsApp quotes it above the new one), where the
    /// provider carries replies.
    #[arg(
        long,
        global = true,
        value_name = "MESSAGE_ID",
        help_heading = "Options"
    )]
    reply_to: Option<String>,
    #[command(subcommand)]
    message: Message,
}

/// The kind of message.
#[derive(Subcommand)]
enum Message {
    /// Free text (not every provider sends free text: Onextel does not).
    Text {
        /// The recipient: a phone number in international format, with or without `+` (for
        /// Channel360 the app user id of the conversation).
        #[arg(long, value_name = "NUMBER")]
        to: String,
        /// The text.
        text: String,
    },
    /// A template, with its body parameters, header media and quick-reply payloads.
    Template {
        /// The recipient: a phone number in international format, with or without `+`.
        #[arg(long, value_name = "NUMBER")]
        to: String,
        /// The template as the provider names it: its name (360dialog, Channel360), id
        /// (Onextel, Desk360) or code (Mehery); `waba templates` lists them.
        name: String,
        /// The language: a code such as en_US (360dialog, Channel360, Mehery) or Desk360's
        /// numeric language id.
        #[arg(long, value_name = "L")]
        language: Option<String>,
        /// A body parameter ({{1}}, {{2}}, … in the order given); repeat for each.
        #[arg(long = "body", value_name = "V")]
        body: Vec<String>,
        /// The header's image, video or document, by public URL.
        #[arg(long, value_name = "URL")]
        header_media: Option<String>,
        /// What the header media is; guessed from the URL's extension when not given.
        #[arg(long, value_name = "KIND", requires = "header_media")]
        header_kind: Option<HeaderKind>,
        /// The file name shown for a header document.
        #[arg(long, value_name = "F", requires = "header_media")]
        header_file_name: Option<String>,
        /// The payload of the next quick-reply button; repeat for each, in button order.
        #[arg(long = "quick-reply", value_name = "P")]
        quick_reply: Vec<String>,
    },
    /// An image, video, document or audio file by public URL.
    Media {
        /// The recipient: a phone number in international format, with or without `+` (for
        /// Channel360 the app user id of the conversation).
        #[arg(long, value_name = "NUMBER")]
        to: String,
        /// What the file is.
        #[arg(long, value_name = "KIND")]
        kind: MediaKind,
        /// The file's public URL.
        url: String,
        /// The text shown with it.
        #[arg(long, value_name = "C")]
        caption: Option<String>,
        /// The file name shown to the recipient.
        #[arg(long, value_name = "F")]
        file_name: Option<String>,
    },
    /// A text with one to three reply buttons; the tapped button comes back as a button
    /// reply with its id.
    Buttons {
        /// The recipient: a phone number in international format, with or without `+`.
        #[arg(long, value_name = "NUMBER")]
        to: String,
        /// The text above the buttons.
        text: String,
        /// A button, written `ID:TITLE` (the id comes back when it is tapped, the title is
        /// shown); repeat for each, in order.
        #[arg(long = "button", value_name = "ID:TITLE", required = true)]
        buttons: Vec<String>,
        /// A text header.
        #[arg(long, value_name = "H")]
        header: Option<String>,
        /// A footer.
        #[arg(long, value_name = "F")]
        footer: Option<String>,
    },
}

/// A media message's kind.
#[derive(Clone, Copy, ValueEnum)]
enum MediaKind {
    Image,
    Video,
    Document,
    Audio,
}

/// A template header's kind.
#[derive(Clone, Copy, ValueEnum)]
enum HeaderKind {
    Image,
    Video,
    Document,
}

impl MediaKind {
    fn media(self, url: String) -> Media {
        match self {
            MediaKind::Image => Media::image(url),
            MediaKind::Video => Media::video(url),
            MediaKind::Document => Media::document(url),
            MediaKind::Audio => Media::audio(url),
        }
    }
}

/// The header kind a URL's extension tells, if it tells one.
fn guess_header_kind(url: &str) -> Option<HeaderKind> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "jpg" | "jpeg" | "png" | "webp" => Some(HeaderKind::Image),
        "mp4" | "3gp" | "3gpp" => Some(HeaderKind::Video),
        "pdf" | "doc" | "docx" | "xls" | "xlsx" | "ppt" | "pptx" | "txt" | "csv" => {
            Some(HeaderKind::Document)
        }
        _ => None,
    }
}

/// Runs `waba send`.
pub async fn run(args: Args) -> Result<(), Failure> {
    let out = Output::new(args.json);
    let client = args.client.builder()?.build()?;
    let provider = client.provider();
    let progress = out.progress(&format!("sending through {provider}"));
    let sent = send(&client, args.message, args.reply_to).await;
    drop(progress);
    let sent = sent?;
    print(&out, &sent);
    Ok(())
}

async fn send(
    client: &Client,
    message: Message,
    reply_to: Option<String>,
) -> Result<Sent, Failure> {
    let (to, mut message) = message.build()?;
    if let Some(id) = reply_to {
        message = message.reply_to(id);
    }
    Ok(client.send(&to, &message).await?)
}

impl Message {
    /// The recipient and the neutral message.
    fn build(self) -> Result<(String, waba::Message), Failure> {
        Ok(match self {
            Message::Text { to, text } => (to, waba::Message::text(text)),
            Message::Template {
                to,
                name,
                language,
                body,
                header_media,
                header_kind,
                header_file_name,
                quick_reply,
            } => {
                let mut template = Template::new(name).body(body);
                if let Some(language) = language {
                    template = template.language(language);
                }
                if let Some(url) = header_media {
                    let kind = header_kind.or_else(|| guess_header_kind(&url)).ok_or_else(|| {
                    Failure::usage(format!(
                        "cannot tell whether the header media `{url}` is an image, a video or a \
                         document: give --header-kind"
                    ))
                })?;
                    let mut media = match kind {
                        HeaderKind::Image => Media::image(url),
                        HeaderKind::Video => Media::video(url),
                        HeaderKind::Document => Media::document(url),
                    };
                    if let Some(file_name) = header_file_name {
                        media = media.file_name(file_name);
                    }
                    template = template.header(media);
                }
                for payload in quick_reply {
                    template = template.quick_reply(payload);
                }
                (to, template.into())
            }
            Message::Media {
                to,
                kind,
                url,
                caption,
                file_name,
            } => {
                let mut media = kind.media(url);
                if let Some(caption) = caption {
                    media = media.caption(caption);
                }
                if let Some(file_name) = file_name {
                    media = media.file_name(file_name);
                }
                (to, media.into())
            }
            Message::Buttons {
                to,
                text,
                buttons,
                header,
                footer,
            } => {
                let mut message = Buttons::new(text);
                for button in buttons {
                    let (id, title) = button.split_once(':').ok_or_else(|| {
                    Failure::usage(format!(
                        "--button `{button}` is not written ID:TITLE (the id, a colon, the title)"
                    ))
                })?;
                    message = message.button(id, title);
                }
                if let Some(header) = header {
                    message = message.header(header);
                }
                if let Some(footer) = footer {
                    message = message.footer(footer);
                }
                (to, message.into())
            }
        })
    }
}

/// The message id (or the JSON line).
fn print(out: &Output, sent: &Sent) {
    if out.json() {
        out.json_line(&json!({
            "provider": sent.provider().id(),
            "message_id": sent.message_id(),
            "response": sent.response(),
        }));
        return;
    }
    match sent.message_id() {
        Some(id) if out.readable() => out.line(&format!(
            "{GREEN}sent{GREEN:#} through {}  {DIM}message id{DIM:#} {BOLD}{id}{BOLD:#}",
            sent.provider()
        )),
        Some(id) => out.line(id),
        None => out.warn(&format!(
            "{} accepted the message; its answer names no message id (--json shows the answer)",
            sent.provider()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_kinds_from_extensions() {
        let kind = |url| {
            guess_header_kind(url).map(|k| k.to_possible_value().unwrap().get_name().to_string())
        };
        assert_eq!(kind("https://e.com/a.JPG").as_deref(), Some("image"));
        assert_eq!(kind("https://e.com/a.mp4?x=1").as_deref(), Some("video"));
        assert_eq!(
            kind("https://e.com/invoice.pdf#p2").as_deref(),
            Some("document")
        );
        assert_eq!(kind("https://e.com/file"), None);
        assert_eq!(kind("https://e.com/a.bin"), None);
    }
}
