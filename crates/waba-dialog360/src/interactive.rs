//! Builders for interactive messages.
//!
//! Every builder collects plain values and checks them once, in `build()`, against the spec:
//! lengths, item counts, required fields, and Meta's rules the spec states with `x-waba-*`
//! extensions (unique ids, rows over all sections, ...), so a list message takes one `?` at the
//! end and a refused value names its field (`interactive.action.sections[0].rows[1].title`).

use serde_json::{Map, Value, json};

use crate::messages::{InvalidArgument, MediaSource, invalid};
use crate::types::{MarkAsRead, MarkAsReadStatus, Message, MessagesRequest, MessagingProduct};

/// Which flow a flow message opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowRef {
    /// The flow's id.
    Id(String),
    /// The flow's name.
    Name(String),
}

/// An interactive message being built: start with [`Message::buttons`], [`Message::list`],
/// [`Message::cta_url`], [`Message::location_request`], [`Message::flow`],
/// [`Message::product`], [`Message::product_list`], [`Message::catalog`],
/// [`Message::order_details`], [`Message::order_status`] or
/// [`Message::call_permission_request`], then call [`build`](InteractiveBuilder::build).
///
/// ```
/// use waba_dialog360::Message;
///
/// # fn demo() -> Result<(), waba_dialog360::InvalidArgument> {
/// let message = Message::list("4915112345678", "Pick a dish.", "Show dishes")
///     .section("Pizza")
///     .row("pizza-margherita", "Margherita", Some("Tomato, mozzarella, basil"))
///     .row("pizza-funghi", "Funghi", None)
///     .section("Salads")
///     .row("salad-caesar", "Caesar salad", None)
///     .footer("Delivery in 30 minutes")
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "call `build()` to get the message"]
pub struct InteractiveBuilder {
    to: String,
    kind: &'static str,
    interactive: Map<String, Value>,
    action: Map<String, Value>,
    group: bool,
    reply_to: Option<String>,
    callback_data: Option<String>,
    misuse: Option<InvalidArgument>,
}

impl InteractiveBuilder {
    fn new(to: impl Into<String>, kind: &'static str, body: Option<&str>) -> Self {
        let mut interactive = Map::new();
        interactive.insert("type".into(), kind.into());
        if let Some(body) = body {
            interactive.insert("body".into(), json!({ "text": body }));
        }
        InteractiveBuilder {
            to: to.into(),
            kind,
            interactive,
            action: Map::new(),
            group: false,
            reply_to: None,
            callback_data: None,
            misuse: None,
        }
    }

    /// Runs `f` when the message is of one of `kinds`; otherwise records (once) that
    /// `method` does not apply, which `build` returns.
    fn with_kind(mut self, kinds: &[&str], method: &str, f: impl FnOnce(&mut Self)) -> Self {
        if kinds.contains(&self.kind) {
            f(&mut self);
        } else if self.misuse.is_none() {
            let wanted: Vec<String> = kinds.iter().map(|k| format!("`{k}`")).collect();
            self.misuse = Some(invalid(
                "interactive.type",
                format!(
                    "is `{}`; `{method}` needs {}",
                    self.kind,
                    wanted.join(" or ")
                ),
            ));
        }
        self
    }

    /// The object under `action.<key>`, made one if it is anything else.
    fn object_at(&mut self, key: &str) -> &mut Map<String, Value> {
        let slot = self
            .action
            .entry(key)
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        match slot {
            Value::Object(map) => map,
            _ => unreachable!("made an object above"),
        }
    }

    fn parameters(&mut self) -> &mut Map<String, Value> {
        self.object_at("parameters")
    }

    /// Appends `item` to the `key` array of the last section, starting an untitled section
    /// when there is none.
    fn push_to_last_section(&mut self, key: &str, item: Value) {
        let sections = self
            .action
            .entry("sections")
            .or_insert_with(|| Value::Array(Vec::new()));
        if !sections.is_array() {
            *sections = Value::Array(Vec::new());
        }
        let Value::Array(sections) = sections else {
            return;
        };
        if sections.is_empty() {
            sections.push(json!({ key: [] }));
        }
        if let Some(Value::Array(items)) = sections.last_mut().and_then(|s| s.get_mut(key)) {
            items.push(item);
        }
    }

    /// Sets (or replaces) the body text.
    pub fn body(mut self, text: &str) -> Self {
        self.interactive
            .insert("body".into(), json!({ "text": text }));
        self
    }

    /// Sets the footer text (at most 60 characters).
    pub fn footer(mut self, text: &str) -> Self {
        self.interactive
            .insert("footer".into(), json!({ "text": text }));
        self
    }

    /// Sets a text header (at most 60 characters).
    pub fn header_text(mut self, text: &str) -> Self {
        self.interactive
            .insert("header".into(), json!({ "type": "text", "text": text }));
        self
    }

    /// Adds a second line (at most 60 characters) under a text header; call it after
    /// [`header_text`](Self::header_text) (or on a product list, whose header is text).
    pub fn header_sub_text(mut self, sub_text: &str) -> Self {
        match self.interactive.get_mut("header") {
            Some(header) if header.get("type").and_then(Value::as_str) == Some("text") => {
                header["sub_text"] = sub_text.into();
            }
            _ if self.misuse.is_none() => {
                self.misuse = Some(invalid(
                    "interactive.header",
                    "`header_sub_text` needs a text header first",
                ));
            }
            _ => {}
        }
        self
    }

    fn header_media(mut self, kind: &str, media: Value) -> Self {
        self.interactive
            .insert("header".into(), json!({ "type": kind, kind: media }));
        self
    }

    /// Sets an image header (reply buttons, cta_url, flow and order details messages).
    pub fn header_image(self, media: MediaSource) -> Self {
        self.header_media("image", media_json(media, None))
    }

    /// Sets a video header (reply buttons, cta_url and flow messages).
    pub fn header_video(self, media: MediaSource) -> Self {
        self.header_media("video", media_json(media, None))
    }

    /// Sets a document header with an optional file name (reply buttons, cta_url and flow
    /// messages).
    pub fn header_document(self, media: MediaSource, filename: Option<&str>) -> Self {
        self.header_media("document", media_json(media, filename))
    }

    /// Adds a reply button (buttons messages: 1 to 3, id ≤ 256 and title ≤ 20 characters,
    /// both unique within the message).
    pub fn reply(self, id: &str, title: &str) -> Self {
        self.with_kind(&["button"], "reply", |b| {
            let button = json!({ "type": "reply", "reply": { "id": id, "title": title } });
            match b.action.get_mut("buttons") {
                Some(Value::Array(buttons)) => buttons.push(button),
                _ => {
                    b.action
                        .insert("buttons".into(), Value::Array(vec![button]));
                }
            }
        })
    }

    /// Starts a new section (list and product list messages; titles ≤ 24 characters, required
    /// when there is more than one section).
    pub fn section(self, title: &str) -> Self {
        let key = if self.kind == "list" {
            "rows"
        } else {
            "product_items"
        };
        self.with_kind(&["list", "product_list"], "section", |b| {
            let section = json!({ "title": title, key: [] });
            match b.action.get_mut("sections") {
                Some(Value::Array(sections)) => sections.push(section),
                _ => {
                    b.action
                        .insert("sections".into(), Value::Array(vec![section]));
                }
            }
        })
    }

    /// Adds a row to the current section of a list message (at most 10 rows in all; id ≤ 200,
    /// title ≤ 24, description ≤ 72 characters; ids unique). Without a `section` before it,
    /// the row goes into one section without a title.
    pub fn row(self, id: &str, title: &str, description: Option<&str>) -> Self {
        self.with_kind(&["list"], "row", |b| {
            let mut row = json!({ "id": id, "title": title });
            if let Some(d) = description {
                row["description"] = d.into();
            }
            b.push_to_last_section("rows", row);
        })
    }

    /// Adds a product (its SKU) to the current section of a product list message (at most 30
    /// products in all).
    pub fn product(self, product_retailer_id: &str) -> Self {
        self.with_kind(&["product_list"], "product", |b| {
            b.push_to_last_section(
                "product_items",
                json!({ "product_retailer_id": product_retailer_id }),
            );
        })
    }

    /// Sets the flow token echoed back with the user's answer (flow messages).
    pub fn flow_token(self, token: &str) -> Self {
        self.with_kind(&["flow"], "flow_token", |b| {
            b.parameters().insert("flow_token".into(), token.into());
        })
    }

    /// Opens the flow at `screen` with its input `data` (flow messages; `flow_action`
    /// `navigate`).
    pub fn flow_screen(self, screen: &str, data: Option<Map<String, Value>>) -> Self {
        self.with_kind(&["flow"], "flow_screen", |b| {
            let mut payload = json!({ "screen": screen });
            if let Some(data) = data {
                payload["data"] = Value::Object(data);
            }
            let p = b.parameters();
            p.insert("flow_action".into(), "navigate".into());
            p.insert("flow_action_payload".into(), payload);
        })
    }

    /// Asks your flow endpoint for the first screen (flow messages; `flow_action`
    /// `data_exchange`).
    pub fn flow_data_exchange(self) -> Self {
        self.with_kind(&["flow"], "flow_data_exchange", |b| {
            b.parameters()
                .insert("flow_action".into(), "data_exchange".into());
        })
    }

    /// Sends a flow that is not published yet (flow messages; `mode` `draft`).
    pub fn flow_draft(self) -> Self {
        self.with_kind(&["flow"], "flow_draft", |b| {
            b.parameters().insert("mode".into(), "draft".into());
        })
    }

    /// Uses this product's image as the thumbnail of a catalog message.
    pub fn thumbnail(self, product_retailer_id: &str) -> Self {
        self.with_kind(&["catalog_message"], "thumbnail", |b| {
            b.parameters().insert(
                "thumbnail_product_retailer_id".into(),
                product_retailer_id.into(),
            );
        })
    }

    /// Sends the message to a WhatsApp group: `to` is then the group's id.
    pub fn to_group(mut self) -> Self {
        self.group = true;
        self
    }

    /// Sends the message as a reply to (quoting) the message `message_id`.
    pub fn reply_to(mut self, message_id: &str) -> Self {
        self.reply_to = Some(message_id.to_owned());
        self
    }

    /// Attaches data (≤ 512 characters) that WhatsApp echoes in this message's status webhooks.
    pub fn callback_data(mut self, data: &str) -> Self {
        self.callback_data = Some(data.to_owned());
        self
    }

    /// Checks every value against the spec (with Meta's limits) and builds the message; the
    /// first refused value is returned with its field path.
    pub fn build(self) -> Result<Message, InvalidArgument> {
        if let Some(e) = self.misuse {
            return Err(e);
        }
        let mut interactive = self.interactive;
        interactive.insert("action".into(), Value::Object(self.action));
        // Only the `interactive` object is read from JSON (its types keep their `Explain`:
        // `x-waba-json-read`): a reader of the whole `Message` would compile one of every
        // request type into the crate.
        let interactive: crate::types::InteractiveObject = waba_runtime::check::from_json_at(
            &Value::Object(interactive),
            &waba_runtime::check::Path::Root.field("interactive"),
        )?;
        let mut message = Message::new_interactive(interactive, self.to);
        if self.group {
            message = message.to_group();
        }
        if let Some(id) = self.reply_to {
            message = message.reply_to(id);
        }
        if let Some(data) = self.callback_data {
            message = message.with_callback_data(data);
        }
        waba_runtime::check::Check::check(&message)?;
        Ok(message)
    }
}

fn media_json(media: MediaSource, filename: Option<&str>) -> Value {
    let mut v = match media {
        MediaSource::Id(id) => json!({ "id": id }),
        MediaSource::Link(link) => json!({ "link": link }),
    };
    if let Some(f) = filename {
        v["filename"] = f.into();
    }
    v
}

/// The details of an order details message: its items and amounts, in minor units (cents,
/// paise) with an offset of 100. The total is computed (subtotal + tax + shipping −
/// discount), as Meta requires it to add up.
#[derive(Debug, Clone)]
#[must_use = "pass the order to `Message::order_details`"]
pub struct Order {
    parameters: Map<String, Value>,
    items: Vec<Value>,
    subtotal: i64,
    extras: Map<String, Value>,
    tax: i64,
    shipping: i64,
    discount: i64,
    total: Option<i64>,
}

fn amount(value: i64) -> Value {
    json!({ "value": value, "offset": 100 })
}

impl Order {
    /// An order with your unique `reference_id` (≤ 35 characters), in `currency` (ISO 4217,
    /// e.g. `INR`), of physical goods (`digital` false) or digital goods.
    pub fn new(reference_id: &str, currency: &str, digital: bool) -> Order {
        let mut parameters = Map::new();
        parameters.insert("reference_id".into(), reference_id.into());
        parameters.insert(
            "type".into(),
            if digital {
                "digital-goods"
            } else {
                "physical-goods"
            }
            .into(),
        );
        parameters.insert("currency".into(), currency.into());
        Order {
            parameters,
            items: Vec::new(),
            subtotal: 0,
            extras: Map::new(),
            tax: 0,
            shipping: 0,
            discount: 0,
            total: None,
        }
    }

    /// Sets the payment type (e.g. `upi`) and the name of the payment configuration of the
    /// WhatsApp Business Account.
    pub fn payment(mut self, payment_type: &str, configuration: &str) -> Order {
        self.parameters
            .insert("payment_type".into(), payment_type.into());
        self.parameters
            .insert("payment_configuration".into(), configuration.into());
        self
    }

    /// Sets only the payment type (`br` in Brazil, with [`payment_setting`](Self::payment_setting)).
    pub fn payment_type(mut self, payment_type: &str) -> Order {
        self.parameters
            .insert("payment_type".into(), payment_type.into());
        self
    }

    /// Adds a payment setting as Meta documents it for the country (in Brazil, for example
    /// `{"type": "payment_link", "payment_link": {"uri": "https://..."}}` or a Pix setting).
    pub fn payment_setting(mut self, setting: Map<String, Value>) -> Order {
        match self.parameters.get_mut("payment_settings") {
            Some(Value::Array(settings)) => settings.push(Value::Object(setting)),
            _ => {
                self.parameters.insert(
                    "payment_settings".into(),
                    Value::Array(vec![Value::Object(setting)]),
                );
            }
        }
        self
    }

    /// Sets the total, in minor units, for an order without items (Meta's simplified order
    /// details, which has no `order` object); with items the total is computed.
    pub fn total(mut self, value: i64) -> Order {
        self.total = Some(value);
        self
    }

    /// Adds an item: your id (the SKU for catalog products), its name (≤ 60 characters), its
    /// price in minor units and the quantity.
    pub fn item(mut self, retailer_id: &str, name: &str, price: i64, quantity: u32) -> Order {
        self.subtotal = self
            .subtotal
            .saturating_add(price.saturating_mul(i64::from(quantity)));
        self.items.push(json!({
            "retailer_id": retailer_id,
            "name": name,
            "amount": amount(price),
            "quantity": quantity,
        }));
        self
    }

    /// Adds an item sold at a reduced `sale_price` (both in minor units); the subtotal counts
    /// the sale price.
    pub fn sale_item(
        mut self,
        retailer_id: &str,
        name: &str,
        price: i64,
        sale_price: i64,
        quantity: u32,
    ) -> Order {
        self.subtotal = self
            .subtotal
            .saturating_add(sale_price.saturating_mul(i64::from(quantity)));
        self.items.push(json!({
            "retailer_id": retailer_id,
            "name": name,
            "amount": amount(price),
            "sale_amount": amount(sale_price),
            "quantity": quantity,
        }));
        self
    }

    fn extra(mut self, key: &str, value: i64, description: Option<&str>) -> Order {
        let mut a = amount(value);
        if let Some(d) = description {
            a["description"] = d.into();
        }
        self.extras.insert(key.into(), a);
        self
    }

    /// Sets the tax, in minor units, with an optional description (≤ 60 characters).
    pub fn tax(mut self, value: i64, description: Option<&str>) -> Order {
        self.tax = value;
        self.extra("tax", value, description)
    }

    /// Sets the shipping cost, in minor units, with an optional description.
    pub fn shipping(mut self, value: i64, description: Option<&str>) -> Order {
        self.shipping = value;
        self.extra("shipping", value, description)
    }

    /// Sets the discount, in minor units, with an optional description.
    pub fn discount(mut self, value: i64, description: Option<&str>) -> Order {
        self.discount = value;
        self.extra("discount", value, description)
    }

    /// Sets when the order can no longer be paid (Unix seconds) and the text shown about it.
    pub fn expires(mut self, unix_seconds: u64, description: &str) -> Order {
        self.extras.insert(
            "expiration".into(),
            json!({ "timestamp": unix_seconds.to_string(), "description": description }),
        );
        self
    }

    fn into_parameters(self) -> Value {
        let computed = self.subtotal + self.tax + self.shipping - self.discount;
        if self.items.is_empty() && self.extras.is_empty() {
            let mut p = self.parameters;
            p.insert(
                "total_amount".into(),
                amount(self.total.unwrap_or(computed)),
            );
            return Value::Object(p);
        }
        let total = computed;
        let mut order = Map::new();
        order.insert("status".into(), "pending".into());
        if let Some(e) = self.extras.get("expiration") {
            order.insert("expiration".into(), e.clone());
        }
        order.insert("items".into(), Value::Array(self.items));
        order.insert("subtotal".into(), amount(self.subtotal));
        for key in ["tax", "shipping", "discount"] {
            if let Some(v) = self.extras.get(key) {
                order.insert(key.into(), v.clone());
            }
        }
        let mut p = self.parameters;
        p.insert("total_amount".into(), amount(total));
        p.insert("order".into(), Value::Object(order));
        Value::Object(p)
    }
}

impl Message {
    /// Reply buttons with `body` (≤ 1024 characters); add 1 to 3 buttons with
    /// [`reply`](InteractiveBuilder::reply).
    pub fn buttons(to: impl Into<String>, body: &str) -> InteractiveBuilder {
        InteractiveBuilder::new(to, "button", Some(body))
    }

    /// A list opened by a button labelled `button` (≤ 20 characters), with `body` (≤ 4096
    /// characters); add sections and rows with [`section`](InteractiveBuilder::section) and
    /// [`row`](InteractiveBuilder::row).
    pub fn list(to: impl Into<String>, body: &str, button: &str) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "list", Some(body));
        b.action.insert("button".into(), button.into());
        b.action.insert("sections".into(), Value::Array(Vec::new()));
        b
    }

    /// A button labelled `display_text` (≤ 20 characters) that opens `url`.
    pub fn cta_url(
        to: impl Into<String>,
        body: &str,
        display_text: &str,
        url: &str,
    ) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "cta_url", Some(body));
        b.action.insert("name".into(), "cta_url".into());
        b.action.insert(
            "parameters".into(),
            json!({ "display_text": display_text, "url": url }),
        );
        b
    }

    /// Asks the user to share their location.
    pub fn location_request(to: impl Into<String>, body: &str) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "location_request_message", Some(body));
        b.action.insert("name".into(), "send_location".into());
        b
    }

    /// A button labelled `cta` (≤ 30 characters) that opens a WhatsApp Flow; see
    /// [`flow_token`](InteractiveBuilder::flow_token) and
    /// [`flow_screen`](InteractiveBuilder::flow_screen).
    pub fn flow(to: impl Into<String>, body: &str, flow: FlowRef, cta: &str) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "flow", Some(body));
        b.action.insert("name".into(), "flow".into());
        let p = b.parameters();
        p.insert("flow_message_version".into(), "3".into());
        match flow {
            FlowRef::Id(id) => p.insert("flow_id".into(), id.into()),
            FlowRef::Name(name) => p.insert("flow_name".into(), name.into()),
        };
        p.insert("flow_cta".into(), cta.into());
        b
    }

    /// One product of a catalog; body and footer are optional.
    pub fn product(
        to: impl Into<String>,
        catalog_id: &str,
        product_retailer_id: &str,
    ) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "product", None);
        b.action.insert("catalog_id".into(), catalog_id.into());
        b.action
            .insert("product_retailer_id".into(), product_retailer_id.into());
        b
    }

    /// Up to 30 products of a catalog in up to 10 sections, with a text `header` and a `body`;
    /// add them with [`section`](InteractiveBuilder::section) and
    /// [`product`](InteractiveBuilder::product).
    pub fn product_list(
        to: impl Into<String>,
        header: &str,
        body: &str,
        catalog_id: &str,
    ) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "product_list", Some(body)).header_text(header);
        b.action.insert("catalog_id".into(), catalog_id.into());
        b.action.insert("sections".into(), Value::Array(Vec::new()));
        b
    }

    /// A "View catalog" button that opens the business's catalog; see
    /// [`thumbnail`](InteractiveBuilder::thumbnail).
    pub fn catalog(to: impl Into<String>, body: &str) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "catalog_message", Some(body));
        b.action.insert("name".into(), "catalog_message".into());
        b
    }

    /// An order with a "Review and pay" button (WhatsApp payments).
    pub fn order_details(to: impl Into<String>, body: &str, order: Order) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "order_details", Some(body));
        if order.items.is_empty() && order.total.is_none() {
            b.misuse = Some(invalid(
                "interactive.action.parameters.order.items",
                "is empty; add items, or set the total of an order without items with `Order::total`",
            ));
        }
        b.action.insert("name".into(), "review_and_pay".into());
        b.action
            .insert("parameters".into(), order.into_parameters());
        b
    }

    /// Tells the user about a new status of the order sent with `reference_id` (an
    /// [`order_details`](Message::order_details) message): for example `processing`,
    /// `partially-shipped`, `shipped`, `completed` or `canceled`, with an optional text
    /// (≤ 120 characters).
    pub fn order_status(
        to: impl Into<String>,
        body: &str,
        reference_id: &str,
        status: &str,
        description: Option<&str>,
    ) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "order_status", Some(body));
        let mut order = json!({ "status": status });
        if let Some(d) = description {
            order["description"] = d.into();
        }
        b.action.insert("name".into(), "review_order".into());
        b.action.insert(
            "parameters".into(),
            json!({ "reference_id": reference_id, "order": order }),
        );
        b
    }

    /// Asks the user for permission to call them (WhatsApp business calling).
    pub fn call_permission_request(to: impl Into<String>, body: &str) -> InteractiveBuilder {
        let mut b = InteractiveBuilder::new(to, "call_permission_request", Some(body));
        b.action
            .insert("name".into(), "call_permission_request".into());
        b
    }

    /// Checks the message against the spec, Meta's limits included (see
    /// [`MessagesRequest::check_limits`]); the same as [`Message::check_send`].
    pub fn check_limits(&self) -> Result<(), InvalidArgument> {
        self.check_send()
    }
}

impl MessagesRequest {
    /// Checks the body against the spec, including Meta's limits that plain JSON Schema cannot
    /// state and the spec states with `x-waba-*` extensions (rows over all sections, unique ids
    /// and titles, exactly one of `flow_id`/`flow_name` or of a media's `id`/`link`, ...):
    /// what [`Client::send`](crate::Client::send) runs before sending.
    pub fn check_limits(&self) -> Result<(), InvalidArgument> {
        waba_runtime::check::Check::check(self)
    }
}

impl MarkAsRead {
    /// A read receipt for the received message `message_id`.
    pub fn new(message_id: impl Into<String>) -> MarkAsRead {
        MarkAsRead {
            message_id: message_id.into(),
            messaging_product: MessagingProduct::Whatsapp,
            status: MarkAsReadStatus::Read,
            typing_indicator: None,
        }
    }

    /// Also shows a typing indicator to the user (up to 25 seconds or until you reply).
    pub fn typing_indicator(mut self) -> MarkAsRead {
        self.typing_indicator = Some(crate::types::TypingIndicator {
            type_: crate::types::TypingIndicatorType::Text,
        });
        self
    }
}
