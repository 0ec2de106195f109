//! Receiving delivery events: what 365cx.io POSTs to the `callbackUrl` of a send each time the
//! message's status changes.
//!
//! The document describes no signature or header for these callbacks; put something only you
//! know in the `callbackUrl` (an unguessable path) and check it in your handler.
//!
//! ```
//! use waba_onextel::DeliveryStatus;
//!
//! let body = br#"{"context":{"id":"669e5778a8f5d50aad723e7c"},"from":"919876543210",
//!   "to":"919812345678","type":"event","event":{"status":"READ"},"timestamp":1721652345}"#;
//! let event = waba_onextel::webhook::parse(body).unwrap();
//! assert_eq!(event.message_id(), "669e5778a8f5d50aad723e7c");
//! assert_eq!(event.status(), &DeliveryStatus::Read);
//! assert_eq!(event.timestamp_seconds(), Some(1721652345));
//! ```

pub use waba_runtime::webhook::WebhookError;

use crate::open_enums::DeliveryStatus;
use crate::types::{DeliveryEvent, EventError, EventTimestamp};

/// Parses the raw body of a delivery callback. Unknown statuses are kept
/// ([`DeliveryStatus::Other`]); a body that is not the documented JSON object is refused with
/// the reason and its line and column.
pub fn parse(body: &[u8]) -> Result<DeliveryEvent, WebhookError> {
    waba_runtime::webhook::from_object(body)
}

impl DeliveryEvent {
    /// The id of the message the event is about (`data.id` of the send's answer).
    pub fn message_id(&self) -> &str {
        &self.context.id
    }

    /// The new delivery status.
    pub fn status(&self) -> &DeliveryStatus {
        &self.event.status
    }

    /// True when the status is `FAILED`. Only the status decides: the document's sample shows
    /// an error object on a `DELIVERED` event.
    pub fn is_failed(&self) -> bool {
        self.event.status == DeliveryStatus::Failed
    }

    /// The error object, when the event has one (on any status; see [`Self::is_failed`]).
    pub fn error_details(&self) -> Option<&EventError> {
        self.error.as_ref()
    }

    /// When the status changed, in seconds since the epoch, whether sent as a number or as a
    /// string of digits.
    pub fn timestamp_seconds(&self) -> Option<i64> {
        match self.timestamp.as_ref()? {
            EventTimestamp::Int64(seconds) => Some(*seconds),
            EventTimestamp::String(text) => text.trim().parse().ok(),
        }
    }
}
