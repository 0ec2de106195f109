//! `waba webhook parse`: a webhook body from stdin, its secret checked like the webhook
//! server checks it, printed as the neutral events (or the provider's typed payload).

use std::io::{IsTerminal, Read};

use clap::Subcommand;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use waba::{Error, Provider, Webhook};

use crate::exit::{Exit, Failure};
use crate::output::{BOLD, CYAN, DIM, Output, YELLOW};

/// Webhook bodies: `waba webhook parse`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads one webhook body on stdin, checks its secret and prints its events.
    ///
    /// The secret expected comes from the variables waba::Webhook::from_env reads:
    /// WABA_{PROVIDER}_WEBHOOK_HEADER ("Name: value", 360dialog and Desk360),
    /// WABA_MEHERY_VERIFY_TOKEN, WABA_{PROVIDER}_WEBHOOK_TOKEN (the URL's `token` query parameter);
    /// without one the body is refused unless --allow-unauthenticated (or
    /// WABA_ALLOW_UNAUTHENTICATED=1). The neutral events are JSON lines (`event`: message, status
    /// or other); on a terminal without --json, one readable line each.
    Parse(ParseArgs),
}

#[derive(clap::Args)]
struct ParseArgs {
    /// The provider that sent the body [env: WABA_PROVIDER].
    #[arg(long, value_name = "P")]
    provider: Option<String>,
    /// A header of the request as received, `Name: value`; repeat for each.
    #[arg(long = "header", value_name = "NAME:VALUE", value_parser = parse_header)]
    headers: Vec<(HeaderName, HeaderValue)>,
    /// The `token` query parameter of the request's URL, as received.
    #[arg(long, value_name = "T")]
    url_token: Option<String>,
    /// Accept the body without a secret configured (anyone can post to such a URL).
    #[arg(long)]
    allow_unauthenticated: bool,
    /// Print the provider's typed payload as one JSON line instead of the neutral events.
    #[arg(long)]
    typed: bool,
    /// JSON lines even on a terminal.
    #[arg(long)]
    json: bool,
}

/// `Name: value` (or `Name:value`) as a header.
fn parse_header(text: &str) -> Result<(HeaderName, HeaderValue), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| format!("`{text}` is not `NAME:VALUE`"))?;
    let name = HeaderName::from_bytes(name.trim().as_bytes())
        .map_err(|_| format!("`{}` is not a valid header name", name.trim()))?;
    // The value is not repeated in the message: it may be a secret.
    let value = HeaderValue::from_str(value.trim())
        .map_err(|_| format!("the value of header `{name}` is not a valid header value"))?;
    Ok((name, value))
}

/// The query string `token=<T>`, the token percent-encoded (the webhook decodes it).
fn query(token: &str) -> String {
    let mut out = String::from(waba::URL_TOKEN_PARAMETER);
    out.push('=');
    for byte in token.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Runs `waba webhook ...`.
pub async fn run(args: Args) -> Result<(), Failure> {
    match args.command {
        Command::Parse(args) => parse(args),
    }
}

fn parse(args: ParseArgs) -> Result<(), Failure> {
    let out = Output::new(args.json);
    let var = |name: &str| -> Option<String> {
        match name {
            "WABA_PROVIDER" if args.provider.is_some() => args.provider.clone(),
            "WABA_ALLOW_UNAUTHENTICATED" if args.allow_unauthenticated => Some("1".into()),
            _ => std::env::var(name).ok(),
        }
    };
    let provider: Provider = var("WABA_PROVIDER")
        .ok_or(waba::ConfigError::NoProvider)?
        .parse()?;
    let webhook = Webhook::for_provider_from_vars(provider, var)?;
    if !webhook.is_authenticated() {
        out.warn("no secret is checked (--allow-unauthenticated): anyone can post such a body");
    }

    let mut headers = HeaderMap::new();
    for (name, value) in args.headers {
        headers.append(name, value);
    }
    let query = args.url_token.as_deref().map(query);
    webhook.verify(&headers, query.as_deref())?;

    let mut body = Vec::new();
    if std::io::stdin().is_terminal() {
        out.warn("reading the webhook body from stdin (end it with Ctrl-D)");
    }
    std::io::stdin()
        .read_to_end(&mut body)
        .map_err(|e| Failure::usage(format!("cannot read the body from stdin: {e}")))?;

    if args.typed {
        let payload = typed(provider, &body)?;
        out.json_line(&payload);
        return Ok(());
    }
    let events = webhook.parse(&body)?;
    if out.readable() {
        for event in &events {
            out.line(&summary(&event.to_json()));
        }
        if events.is_empty() {
            out.warn("the body holds no events");
        }
    } else {
        for event in &events {
            out.json_line(&event.to_json());
        }
    }
    Ok(())
}

/// The provider crate's typed payload of `body`, as JSON.
fn typed(provider: Provider, body: &[u8]) -> Result<Value, Failure> {
    fn json<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).unwrap_or(Value::Null)
    }
    let malformed = |error: waba::runtime::webhook::WebhookError| {
        Failure::from(match error {
            waba::runtime::webhook::WebhookError::Malformed { reason } => {
                Error::WebhookMalformed { provider, reason }
            }
            other => Error::WebhookRefused {
                provider,
                error: other,
            },
        })
    };
    match provider {
        Provider::Dialog360 => {
            use waba::dialog360::webhook::{Payload, parse};
            match parse(body).map_err(malformed)? {
                Payload::Cloud(cloud) => Ok(json(&cloud)),
                Payload::OnPremise(flat) => Ok(json(&flat)),
            }
        }
        Provider::Onextel => Ok(json(
            &waba::onextel::webhook::parse(body).map_err(malformed)?,
        )),
        Provider::Mehery => {
            use waba::mehery::webhook::{contact_info_call, parse_notification};
            match contact_info_call(body) {
                Some(contact) => Ok(json(&contact)),
                None => Ok(json(&parse_notification(body).map_err(malformed)?)),
            }
        }
        Provider::Desk360 => Ok(json(
            &waba::desk360::webhook::parse(body).map_err(malformed)?,
        )),
        _ => Err(Failure::new(
            Exit::Refused,
            format!("{provider} documents no webhook payload"),
        )),
    }
}

/// One readable line for an event's JSON.
fn summary(event: &Value) -> String {
    let s = |v: &Value, key: &str| match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let kind = s(event, "event");
    match kind.as_str() {
        "message" => {
            let content = &event["content"];
            let what = match s(content, "type").as_str() {
                "text" => format!("text {:?}", s(content, "body")),
                "reply" => format!("reply {}", s(content, "payload")),
                "location" => format!(
                    "location {},{}",
                    s(content, "latitude"),
                    s(content, "longitude")
                ),
                "other" => format!("other {}", s(content, "kind")),
                media => format!("{media} {}", s(content, "url")),
            };
            format!(
                "{CYAN}message{CYAN:#}  {BOLD}{}{BOLD:#}  {DIM}from{DIM:#} {}  {}",
                s(event, "message_id"),
                s(event, "sender"),
                what.trim_end()
            )
        }
        "status" => {
            let mut line = format!(
                "{CYAN}status{CYAN:#}   {BOLD}{}{BOLD:#}  {}",
                s(event, "message_id"),
                s(event, "status")
            );
            let recipient = s(event, "recipient");
            if !recipient.is_empty() {
                line.push_str(&format!("  {DIM}to{DIM:#} {recipient}"));
            }
            if let Some(error) = event.get("error").filter(|e| !e.is_null()) {
                line.push_str(&format!(
                    "  {YELLOW}{} {}{YELLOW:#}",
                    s(error, "code"),
                    s(error, "message")
                ));
            }
            line
        }
        _ => {
            let mut line = format!("{CYAN}other{CYAN:#}    {}", s(event, "kind"));
            let reason = s(event, "reason");
            if !reason.is_empty() {
                line.push_str(&format!("  {YELLOW}{reason}{YELLOW:#}"));
            }
            line
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_tokens_are_percent_encoded() {
        assert_eq!(query("a-b_c.d~e"), "token=a-b_c.d~e");
        assert_eq!(query("a b&c=d"), "token=a%20b%26c%3Dd");
    }

    #[test]
    fn headers_are_name_colon_value() {
        let (name, value) = parse_header("Authorization: Basic abc").unwrap();
        assert_eq!(name, "authorization");
        assert_eq!(value, "Basic abc");
        assert!(parse_header("no colon").is_err());
        let refused = parse_header("bad name: secret-value").unwrap_err();
        assert!(!refused.contains("secret-value"), "{refused}");
    }
}
