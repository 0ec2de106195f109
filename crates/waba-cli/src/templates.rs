//! `waba templates`: the templates of the configured account, through the provider's typed
//! client (the neutral API has no list). 360dialog, Channel360, Mehery and Desk360 document a
//! list; Onextel does not.

use serde_json::{Value, json};
use waba::{Client, Provider, Setting};

use crate::config::ClientArgs;
use crate::exit::{Exit, Failure};
use anstyle::Style;

use crate::output::{GREEN, Output, RED, YELLOW};

/// Lists the templates you can send (a table on a terminal; JSON lines with `--json`).
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    client: ClientArgs,
    /// One JSON object a line: `provider`, `reference` (what `waba send template` takes),
    /// `name`, `language` (what `--language` takes), `language_name`, `status`, `category` and the
    /// provider's whole `template`. Also what is written when stdout is not a terminal.
    #[arg(long, help_heading = "Options")]
    json: bool,
}

/// One template (in one language) as listed.
struct Row {
    /// What `waba send template` takes as NAME.
    reference: String,
    /// The name people read (the reference for 360dialog and Channel360).
    name: String,
    /// What `--language` takes, where known.
    language: Option<String>,
    /// The language's name, where the language is an id (Desk360).
    language_name: Option<String>,
    status: Option<String>,
    category: Option<String>,
    /// The provider's typed template, as JSON.
    template: Value,
}

/// Runs `waba templates`.
pub async fn run(args: Args) -> Result<(), Failure> {
    let out = Output::new(args.json);
    let client = args.client.builder()?.build()?;
    let provider = client.provider();
    let progress = out.progress(&format!("listing templates of {provider}"));
    let rows = list(&client, &args.client).await;
    drop(progress);
    let rows = rows?;
    if out.readable() {
        print_table(&out, &rows);
    } else {
        for row in &rows {
            out.json_line(&json!({
                "provider": provider.id(),
                "reference": row.reference,
                "name": row.name,
                "language": row.language,
                "language_name": row.language_name,
                "status": row.status,
                "category": row.category,
                "template": row.template,
            }));
        }
    }
    Ok(())
}

fn print_table(out: &Output, rows: &[Row]) {
    if rows.is_empty() {
        out.warn("no templates");
        return;
    }
    let show_name = rows.iter().any(|r| r.name != r.reference);
    let mut header = vec!["TEMPLATE", "LANGUAGE", "STATUS", "CATEGORY"];
    if show_name {
        header.push("NAME");
    }
    let plain = Style::new();
    let table: Vec<Vec<(String, Style)>> = rows
        .iter()
        .map(|r| {
            let status = r.status.clone().unwrap_or_default();
            let lower = status.to_ascii_lowercase();
            let style = if lower.contains("approved") || lower.contains("active") {
                GREEN
            } else if lower.contains("reject") || lower.contains("disabled") {
                RED
            } else {
                YELLOW
            };
            let language = match (&r.language, &r.language_name) {
                (Some(id), Some(name)) => format!("{id} ({name})"),
                (language, _) => language.clone().unwrap_or_default(),
            };
            let mut cells = vec![
                (r.reference.clone(), plain),
                (language, plain),
                (status, style),
                (r.category.clone().unwrap_or_default(), plain),
            ];
            if show_name {
                cells.push((r.name.clone(), plain));
            }
            cells
        })
        .collect();
    out.table(&header, &table);
}

/// A string field of a JSON object (a number is written as text).
fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

async fn list(client: &Client, args: &ClientArgs) -> Result<Vec<Row>, Failure> {
    let provider = client.provider();
    match provider {
        Provider::Dialog360 => dialog360(client).await,
        Provider::Channel360 => channel360(client).await,
        Provider::Mehery => mehery(client, args).await,
        Provider::Desk360 => desk360(client, args).await,
        _ => Err(Failure::new(
            Exit::Refused,
            format!("{provider} documents no way to list templates"),
        )),
    }
}

fn typed<T>(client: Option<T>) -> Result<T, Failure> {
    client.ok_or_else(|| Failure::usage("the client is not of the provider it names"))
}

/// 360dialog: `GET /v1/configs/templates`, page by page (`offset`) until `total`.
async fn dialog360(client: &Client) -> Result<Vec<Row>, Failure> {
    let provider = client.provider();
    let typed = typed(client.dialog360())?;
    let mut rows = Vec::new();
    let mut offset = 0_i64;
    loop {
        let page = typed
            .list_templates(None, None, Some(offset).filter(|o| *o > 0), None)
            .await
            .map_err(|e| Failure::request(provider, &e))?
            .into_inner();
        let count = page.waba_templates.len() as i64;
        for template in &page.waba_templates {
            let value = to_json(template);
            let name = text(&value, "name").unwrap_or_default();
            rows.push(Row {
                reference: name.clone(),
                name,
                language: text(&value, "language"),
                language_name: None,
                status: text(&value, "status"),
                category: text(&value, "category"),
                template: value,
            });
        }
        offset += count;
        match page.total {
            Some(total) if count > 0 && offset < total => continue,
            _ => break,
        }
    }
    Ok(rows)
}

/// Channel360: `GET /v1.1/org/{orgId}/templates/list` (one template or several).
async fn channel360(client: &Client) -> Result<Vec<Row>, Failure> {
    let provider = client.provider();
    let typed = typed(client.channel360())?;
    let list = typed
        .list_templates(None, None)
        .await
        .map_err(|e| Failure::request(provider, &e))?
        .into_inner();
    Ok(list
        .templates()
        .iter()
        .map(|template| {
            let value = to_json(template);
            let name = text(&value, "name").unwrap_or_default();
            Row {
                reference: name.clone(),
                name,
                language: text(&value, "language"),
                language_name: None,
                status: text(&value, "status"),
                category: text(&value, "category"),
                template: value,
            }
        })
        .collect())
}

/// Mehery: `GET /api/v1/config/tmpl/hsm?channelId=..` (the configured channel's templates),
/// one in `data` or several in `results`; sent by `code`.
async fn mehery(client: &Client, args: &ClientArgs) -> Result<Vec<Row>, Failure> {
    let provider = client.provider();
    let typed = typed(client.mehery())?;
    let channel = args.setting(Provider::Mehery, Setting::ChannelId);
    let answer = typed
        .list_hsm_templates(channel.as_deref(), None)
        .await
        .map_err(|e| Failure::request(provider, &e))?
        .into_inner();
    let answer = to_json(&answer);
    let mut templates: Vec<Value> = answer
        .get("results")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if templates.is_empty()
        && let Some(one) = answer.get("data").filter(|d| d.is_object())
    {
        templates.push(one.clone());
    }
    Ok(templates
        .into_iter()
        .map(|value| {
            let code = text(&value, "code").unwrap_or_default();
            // The status for the configured channel, else the first approval listed.
            let approvals = value.get("approved").and_then(Value::as_array);
            let status = approvals.and_then(|list| {
                list.iter()
                    .find(|a| {
                        channel.is_some() && text(a, "channelId").as_deref() == channel.as_deref()
                    })
                    .or_else(|| list.first())
                    .and_then(|a| text(a, "status"))
            });
            Row {
                name: text(&value, "name").unwrap_or_else(|| code.clone()),
                reference: code,
                language: text(&value, "lang"),
                language_name: None,
                status,
                category: text(&value, "category"),
                template: value,
            }
        })
        .collect())
}

/// Desk360: every page of `GET /v1/integrations/{id}/conversations/templates`, one row per
/// translation; sent by template id and `language_id`.
async fn desk360(client: &Client, args: &ClientArgs) -> Result<Vec<Row>, Failure> {
    let provider = client.provider();
    let typed = typed(client.desk360())?;
    let integration = args
        .setting(Provider::Desk360, Setting::IntegrationId)
        .unwrap_or_default();
    let templates = typed
        .whatsapp_templates(&integration)
        .all()
        .await
        .map_err(|e| Failure::request(provider, &e))?;
    let mut rows = Vec::new();
    for template in &templates {
        let value = to_json(template);
        let reference = text(&value, "id").unwrap_or_default();
        let name = text(&value, "name").unwrap_or_default();
        let category = value
            .get("category")
            .and_then(|c| text(c, "label"))
            .or_else(|| text(&value, "category_label"));
        let translations = value
            .get("translations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if translations.is_empty() {
            rows.push(Row {
                reference,
                name,
                language: None,
                language_name: None,
                status: None,
                category,
                template: value,
            });
            continue;
        }
        for translation in &translations {
            rows.push(Row {
                reference: reference.clone(),
                name: name.clone(),
                language: text(translation, "language_id"),
                language_name: text(translation, "language"),
                status: text(translation, "status")
                    .map(|s| s.trim_start_matches("template-messages.").to_string()),
                category: category.clone(),
                template: value.clone(),
            });
        }
    }
    Ok(rows)
}
