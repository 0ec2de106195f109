//! Every component schema's example (the document's "Schemas" section) parses into its
//! generated type, and the type writes it back without losing a documented field.

use serde_json::Value;
use waba_mehery::types;
use waba_workspace_tests::spec;

/// Parses `example` as `T` and returns what `T` writes back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(example: &Value) -> Value {
    let parsed: T =
        serde_json::from_value(example.clone()).unwrap_or_else(|e| panic!("{e}: {example}"));
    serde_json::to_value(parsed).unwrap()
}

/// The generated type of a component, by the component's name in the spec.
fn through_type(name: &str, example: &Value) -> Option<Value> {
    // The app's credentials are the runtime's secret types, not generated structs.
    match name {
        "ClientAppKey" => return Some(round_trip::<waba_mehery::Secret>(example)),
        "ClientAppSecret" => return Some(round_trip::<waba_runtime::SecretJson>(example)),
        _ => {}
    }
    macro_rules! types {
        ($($schema:literal => $ty:ident),* $(,)?) => {
            match name {
                $($schema => Some(round_trip::<types::$ty>(example)),)*
                _ => None,
            }
        };
    }
    types! {
        "ApiFieldError" => ApiFieldError,
        "ApprovedChannels" => ApprovedChannels,
        "Attachment" => Attachment,
        "BasicExternalTemplate" => BasicExternalTemplate,
        "ChatMessageDTO" => ChatMessageDto,
        "ClientApp" => ClientApp,
        "CommonMsgContactCard" => CommonMsgContactCard,
        "CommonMsgLocation" => CommonMsgLocation,
        "CommonMsgOptions" => CommonMsgOptions,
        "CommonTemplateMeta" => CommonTemplateMeta,
        "CompanyVarsConfigDoc" => CompanyVarsConfigDoc,
        "ContactBusinessProfile" => ContactBusinessProfile,
        "ContactInfoUpdate" => ContactInfoUpdate,
        "ContactMeta" => ContactMeta,
        "ContactPrefsUpdate" => ContactPrefsUpdate,
        "Contactable" => Contactable,
        "CustomerLabel" => CustomerLabel,
        "DigitalEventDto" => DigitalEventDto,
        "DigitalObjectDto" => DigitalObjectDto,
        "DigitalObjectLink" => DigitalObjectLink,
        "HSMTemplateDoc" => HsmTemplateDoc,
        "InBoundAction" => InBoundAction,
        "InBoundContact" => InBoundContact,
        "InBoundContactProfile" => InBoundContactProfile,
        "InBoundEvent" => InBoundEvent,
        "InBoundMeta" => InBoundMeta,
        "InBoundMsg" => InBoundMsg,
        "InBoundMsgMedia" => InBoundMsgMedia,
        "InBoundMsgStatus" => InBoundMsgStatus,
        "InBoundMsgText" => InBoundMsgText,
        "InBoundWrapper" => InBoundWrapper,
        "MapModel" => MapModel,
        "MessagePrompt" => MessagePrompt,
        "MessageReportError" => MessageReportError,
        "MessageRouter" => MessageRouter,
        "MessageSession" => MessageSession,
        "MsgChannel" => MsgChannel,
        "MsgSession" => MsgSession,
        "OutBoundContact" => OutBoundContact,
        "OutBoundMsg" => OutBoundMsg,
        "OutBoundMsgContactAddress" => OutBoundMsgContactAddress,
        "OutBoundMsgContactEmail" => OutBoundMsgContactEmail,
        "OutBoundMsgContactName" => OutBoundMsgContactName,
        "OutBoundMsgContactOrg" => OutBoundMsgContactOrg,
        "OutBoundMsgContactPhone" => OutBoundMsgContactPhone,
        "OutBoundMsgContactSocial" => OutBoundMsgContactSocial,
        "OutBoundMsgContactUrl" => OutBoundMsgContactUrl,
        "OutBoundMsgMedia" => OutBoundMsgMedia,
        "OutBoundMsgText" => OutBoundMsgText,
        "OutBoundReciept" => OutBoundReciept,
        "OutboxMessage" => OutboxMessage,
        "PBAddress" => PbAddress,
        "PBDate" => PbDate,
        "PBEmail" => PbEmail,
        "PBLocation" => PbLocation,
        "PBName" => PbName,
        "PBPhone" => PbPhone,
        "PBSocial" => PbSocial,
        "PBVCard" => PbvCard,
        "PBWebsite" => PbWebsite,
        "PBWork" => PbWork,
        "PostManFile" => PostManFile,
        "SessionAssigned" => SessionAssigned,
        "SessionQueueAssignment" => SessionQueueAssignment,
        "SessionRouted" => SessionRouted,
        "SessionStatusClose" => SessionStatusClose,
        "TagDocument" => TagDocument,
        "TmplElement" => TmplElement,
        "WebhookUrlRequest" => WebhookUrlRequest,
        "ApiResponse_Attachment_object_" => ApiResponseAttachmentObject,
        "ApiResponse_ClientApp_object_" => ApiResponseClientAppObject,
        "ApiResponse_CompanyVarsConfigDoc_object_" => ApiResponseCompanyVarsConfigDocObject,
        "ApiResponse_DigitalEventDto_object_" => ApiResponseDigitalEventDtoObject,
        "ApiResponse_DigitalObjectDto_object_" => ApiResponseDigitalObjectDtoObject,
        "ApiResponse_HSMTemplateDoc_object_" => ApiResponseHsmTemplateDocObject,
        "ApiResponse_OutBoundReciept_object_" => ApiResponseOutBoundRecieptObject,
        "ApiResponse_OutboxMessage_object_" => ApiResponseOutboxMessageObject,
        "ApiResultsMetaCompactResponse_ChatMessageDTO_object_" => ApiResultsMetaCompactResponseChatMessageDtoObject,
        "ApiResultsMetaCompactResponse_InBoundEvent_object_" => ApiResultsMetaCompactResponseInBoundEventObject,
        "ApiResultsMetaCompactResponse_MsgChannel_object_" => ApiResultsMetaCompactResponseMsgChannelObject,
        "Map_string_object_" => MapStringObject,
        "Map_string_string_" => MapStringString,
        "Message" => Message,
        "ErrorResponse" => ErrorResponse,
    }
    .or_else(|| match name {
        "StringOrNumber" => Some(round_trip::<waba_mehery::StringOrNumber>(example)),
        "InBoundEventCode" => Some(round_trip::<waba_mehery::open_enums::InBoundEventCode>(
            example,
        )),
        _ => None,
    })
}

/// Drops what serde leaves out on the way back and the document's examples spell out: empty
/// objects and arrays of optional fields; and writes whole numbers one way (a `type: number`
/// field writes the example's `0` back as `0.0`).
fn without_empty(v: &Value) -> Value {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => v.clone(),
        },
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !matches!(v, Value::Object(m) if m.is_empty()))
                .filter(|(_, v)| !matches!(v, Value::Array(a) if a.is_empty()))
                .map(|(k, v)| (k.clone(), without_empty(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_empty).collect()),
        other => other.clone(),
    }
}

#[test]
fn every_schema_example_parses_into_its_type_and_back() {
    let spec = spec("mehery");
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let mut checked = 0;
    for (name, schema) in schemas {
        let Some(example) = schema.get("example") else {
            // Only the open enums have no example of their own.
            assert!(
                schema.get("x-waba-open-enum").is_some(),
                "schema `{name}` has no example"
            );
            continue;
        };
        crate::spec_schemas("mehery")
            .validate(name, example)
            .unwrap_or_else(|e| panic!("schema `{name}`: {e}"));
        let back = through_type(name, example)
            .unwrap_or_else(|| panic!("schema `{name}` is not mapped to its type here"));
        assert_eq!(
            without_empty(&back),
            without_empty(example),
            "schema `{name}`"
        );
        checked += 1;
    }
    // The 82 schemas of the document, plus Message, ErrorResponse, StringOrNumber,
    // InBoundEventCode, ClientAppKey and ClientAppSecret of this spec.
    assert_eq!(checked, 88);
}
