//! Every documented answer parses into its typed response; the document's object-or-array
//! contradictions read the same either way; nonsense is refused.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use waba_channel360::types::{
    EmptyResponse, IngestResponse, MobileNumber, NotificationResponse, Organization,
    OrganizationList, PlanSlot, ReplyResponse, Template, TemplateList, TemplateTagSlot,
    UploadResponse, WebhookList,
};

use super::response_examples;

fn parse<T: DeserializeOwned>(operation: &str, name: &str, value: &Value) -> T {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{operation} answer `{name}` does not parse: {e}"))
}

/// Parses every answer example of `operation` as `T`.
fn all<T: DeserializeOwned>(operation: &str) -> Vec<(String, T)> {
    let examples = response_examples(operation);
    assert!(!examples.is_empty(), "{operation} has no answer example");
    examples
        .into_iter()
        .map(|(name, value)| {
            let typed = parse::<T>(operation, &name, &value);
            (name, typed)
        })
        .collect()
}

#[test]
fn every_documented_answer_parses_into_its_type() {
    let mut covered = Vec::new();
    let mut check = |op: &'static str, n: usize| {
        covered.push(op);
        assert_eq!(response_examples(op).len(), n, "{op}");
    };
    all::<NotificationResponse>("send_notification");
    check("send_notification", 1);
    all::<TemplateList>("list_templates");
    check("list_templates", 1);
    all::<Template>("get_template");
    check("get_template", 2);
    all::<Template>("create_template");
    check("create_template", 7);
    all::<Template>("update_template");
    check("update_template", 2);
    all::<UploadResponse>("upload_file");
    check("upload_file", 2);
    all::<IngestResponse>("ingest_template");
    check("ingest_template", 1);
    all::<EmptyResponse>("delete_template");
    check("delete_template", 1);
    all::<Organization>("get_organization");
    check("get_organization", 1);
    all::<OrganizationList>("get_user_organizations");
    check("get_user_organizations", 1);
    all::<EmptyResponse>("create_webhook");
    check("create_webhook", 1);
    all::<WebhookList>("list_webhooks");
    check("list_webhooks", 1);
    all::<EmptyResponse>("delete_webhook");
    check("delete_webhook", 1);
    all::<ReplyResponse>("send_reply");
    check("send_reply", 3);

    // Every operation of the spec with answer examples is checked above.
    let spec = waba_workspace_tests::spec("channel360");
    for item in spec["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            if !response_examples(id).is_empty() {
                assert!(
                    covered.contains(&id),
                    "answers of `{id}` are not parsed here"
                );
            }
        }
    }
}

#[test]
fn tags_read_the_same_as_an_object_or_an_array() {
    let answers = all::<Template>("get_template");
    let (_, text) = answers
        .iter()
        .find(|(n, _)| n == "doc_text_header")
        .unwrap();
    let tags = text.tags.as_ref().unwrap();
    assert!(matches!(tags.head, Some(TemplateTagSlot::TemplateTag(_))));
    assert_eq!(tags.head.as_ref().unwrap().tags().len(), 1);
    assert_eq!(tags.body.as_ref().unwrap().tags().len(), 2);
    assert_eq!(
        tags.body.as_ref().unwrap().tags()[1].value.as_deref(),
        Some("TAG")
    );
    let (_, image) = answers
        .iter()
        .find(|(n, _)| n == "doc_image_header")
        .unwrap();
    let head = image.tags.as_ref().unwrap().head.as_ref().unwrap();
    assert!(matches!(head, TemplateTagSlot::ManyTemplateTags(_)));
    assert_eq!(
        head.tags()[0]
            .url
            .as_deref()
            .map(|u| u.ends_with("Monkey-Selfie.jpg")),
        Some(true)
    );

    // The video template's `feilds` key is read as documented.
    let created = all::<Template>("create_template");
    let (_, video) = created.iter().find(|(n, _)| n == "doc_video").unwrap();
    let body = video.tags.as_ref().unwrap().body.as_ref().unwrap();
    assert_eq!(body.tags()[0].feilds.as_deref(), Some("firstName"));
    assert!(video.message_template_id.is_none() && video.status.is_none());
}

#[test]
fn a_list_answers_one_template_or_several() {
    let (_, one) = all::<TemplateList>("list_templates").remove(0);
    assert_eq!(one.templates().len(), 1);
    assert_eq!(one.templates()[0].name, "order_shipped");
    let example = response_examples("list_templates").remove(0).1;
    let mut second = example.clone();
    second["name"] = json!("order_delivered");
    let many: TemplateList = serde_json::from_value(json!([example, second])).unwrap();
    let names: Vec<_> = many.templates().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["order_shipped", "order_delivered"]);

    let (_, orgs) = all::<OrganizationList>("get_user_organizations").remove(0);
    assert_eq!(orgs.organizations()[0].name, "Some Staging");
    assert!(
        orgs.organizations()[0]
            .users
            .as_ref()
            .unwrap()
            .users()
            .is_empty()
    );
    assert!(matches!(
        orgs.organizations()[0].plan,
        Some(PlanSlot::String(_))
    ));
}

#[test]
fn organisations_keep_both_documented_shapes_and_never_the_password() {
    let (_, org) = all::<Organization>("get_organization").remove(0);
    let users = org.users.as_ref().unwrap().users();
    assert_eq!(users.len(), 1);
    assert!(matches!(
        users[0].mobile_number,
        Some(MobileNumber::Integer(27789049032))
    ));
    assert!(matches!(org.plan, Some(PlanSlot::Plan(_))));
    let debug = format!("{org:?}");
    assert!(!debug.contains("johnDoe1234"), "{debug}");
    assert!(!serde_json::to_string(&org).unwrap().contains("password"));
}

#[test]
fn upload_answers_read_the_string_null_as_absent() {
    for (name, answer) in all::<UploadResponse>("upload_file") {
        let file = &answer.uploaded_files.files()[0];
        assert_eq!(file.server_side_encryption(), None, "{name}");
        assert_eq!(file.content_disposition(), None, "{name}");
        assert_eq!(file.content_encoding(), None, "{name}");
        assert_eq!(file.size, Some(94234));
    }
    let mut set = response_examples("upload_file").remove(0).1;
    set["uploadedFiles"]["serverSideEncryption"] = json!("AES256");
    let answer: UploadResponse = serde_json::from_value(set).unwrap();
    assert_eq!(
        answer.uploaded_files.files()[0].server_side_encryption(),
        Some("AES256")
    );
}

#[test]
fn the_ingest_answer_holds_one_template_with_one_component() {
    let (_, answer) = all::<IngestResponse>("ingest_template").remove(0);
    let template = &answer.message_templates.templates()[0];
    let components = template.components.as_ref().unwrap().components();
    assert_eq!(components.len(), 1);
    assert_eq!(components[0].type_.as_str(), "HEADER");
}

#[test]
fn nonsense_is_refused() {
    // A template without its name, tags that are a string, a reply answer without message, a
    // phone number that is a boolean.
    assert!(serde_json::from_value::<Template>(json!({"organization": "x"})).is_err());
    assert!(serde_json::from_value::<TemplateTagSlot>(json!("TAG")).is_err());
    assert!(serde_json::from_value::<TemplateList>(json!([{"organization": "x"}])).is_err());
    assert!(
        serde_json::from_value::<ReplyResponse>(json!({"conversation": {"_id": "c"}})).is_err()
    );
    assert!(serde_json::from_value::<MobileNumber>(json!(true)).is_err());
    assert!(serde_json::from_value::<WebhookList>(json!({"conversation": {"id": 1}})).is_err());
}
