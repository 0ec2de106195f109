//! Builders for interactive messages.
//!
//! Every builder collects plain values and checks them once, in `build()`, against the spec:
//! lengths, item counts, required fields, and Meta's rules the spec states with `x-waba-*`
//! extensions (unique ids, rows over all sections, ...), so a list message takes one `?` at the
//! end and a refused value names its field (`interactive.action.sections[0].rows[1].title`).

use std::num::NonZeroU64;

use serde_json::{Map, Value};

use crate::messages::{InvalidArgument, MediaSource, invalid};
use crate::types::{
    CatalogParameters, CtaUrlParameters, DocumentObject, FlowActionPayload, FlowParameters,
    FlowParametersFlowAction, FlowParametersMode, InteractiveBody, InteractiveButtonAction,
    InteractiveCallPermissionAction, InteractiveCatalogAction, InteractiveCtaUrlAction,
    InteractiveFlowAction, InteractiveFooter, InteractiveHeader, InteractiveHeaderSubText,
    InteractiveHeaderText, InteractiveListAction, InteractiveListBody,
    InteractiveLocationRequestAction, InteractiveObject, InteractiveOrderDetailsAction,
    InteractiveOrderStatusAction, InteractiveProductAction, InteractiveProductListAction,
    InteractiveTextHeader, InteractiveTextHeaderSubText, InteractiveTextHeaderText,
    InteractiveTextHeaderType, ListRow, ListSection, ListSectionTitle, MarkAsRead,
    MarkAsReadStatus, Message, MessagesRequest, MessagingProduct, OrderAmount,
    OrderAmountDescription, OrderDetailsItem, OrderDetailsOrder, OrderDetailsParameters,
    OrderDetailsParametersReferenceId, OrderDetailsParametersType, OrderExpiration,
    OrderExpirationDescription, OrderStatusParameters, OrderStatusParametersReferenceId,
    OrderStatusUpdate, OrderStatusUpdateDescription, ProductItem, ProductSection,
    ProductSectionTitle, ReplyButton, ReplyButtonContent,
};

/// Which flow a flow message opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowRef {
    /// The flow's id.
    Id(String),
    /// The flow's name.
    Name(String),
}

/// The header set so far, in the builder's words (which `type` of header the message takes
/// depends on its kind, so the typed header is made in `build`).
#[derive(Debug, Clone)]
enum Header {
    Text {
        text: String,
        sub_text: Option<String>,
    },
    Image(MediaSource),
    Video(MediaSource),
    Document(MediaSource, Option<String>),
}

/// The action of each kind of interactive message, built with the generated types (their
/// constrained strings stored unchecked: `build` checks the whole message once).
#[derive(Debug, Clone)]
enum Action {
    Buttons(Vec<ReplyButton>),
    List(InteractiveListAction),
    CtaUrl(InteractiveCtaUrlAction),
    LocationRequest,
    Flow(FlowParameters),
    Product(InteractiveProductAction),
    ProductList(InteractiveProductListAction),
    Catalog(InteractiveCatalogAction),
    OrderDetails(Box<OrderDetailsParameters>),
    OrderStatus(InteractiveOrderStatusAction),
    CallPermission,
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
    body: Option<String>,
    footer: Option<String>,
    header: Option<Header>,
    action: Action,
    group: bool,
    reply_to: Option<String>,
    callback_data: Option<String>,
    misuse: Option<InvalidArgument>,
    /// The first order item added with a quantity of 0, which no item can have.
    zero_quantity: Option<usize>,
}

impl InteractiveBuilder {
    fn new(to: impl Into<String>, kind: &'static str, body: Option<&str>, action: Action) -> Self {
        InteractiveBuilder {
            to: to.into(),
            kind,
            body: body.map(str::to_owned),
            footer: None,
            header: None,
            action,
            group: false,
            reply_to: None,
            callback_data: None,
            misuse: None,
            zero_quantity: None,
        }
    }

    /// Runs `f` on the action when the message is of one of `kinds`; otherwise records (once)
    /// that `method` does not apply, which `build` returns.
    fn with_kind(mut self, kinds: &[&str], method: &str, f: impl FnOnce(&mut Action)) -> Self {
        if kinds.contains(&self.kind) {
            f(&mut self.action);
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

    /// Sets (or replaces) the body text.
    pub fn body(mut self, text: &str) -> Self {
        self.body = Some(text.to_owned());
        self
    }

    /// Sets the footer text (at most 60 characters).
    pub fn footer(mut self, text: &str) -> Self {
        self.footer = Some(text.to_owned());
        self
    }

    /// Sets a text header (at most 60 characters).
    pub fn header_text(mut self, text: &str) -> Self {
        self.header = Some(Header::Text {
            text: text.to_owned(),
            sub_text: None,
        });
        self
    }

    /// Adds a second line (at most 60 characters) under a text header; call it after
    /// [`header_text`](Self::header_text) (or on a product list, whose header is text).
    pub fn header_sub_text(mut self, sub_text: &str) -> Self {
        match &mut self.header {
            Some(Header::Text { sub_text: s, .. }) => *s = Some(sub_text.to_owned()),
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

    /// Sets an image header (reply buttons, cta_url, flow and order details messages).
    pub fn header_image(mut self, media: MediaSource) -> Self {
        self.header = Some(Header::Image(media));
        self
    }

    /// Sets a video header (reply buttons, cta_url and flow messages).
    pub fn header_video(mut self, media: MediaSource) -> Self {
        self.header = Some(Header::Video(media));
        self
    }

    /// Sets a document header with an optional file name (reply buttons, cta_url and flow
    /// messages).
    pub fn header_document(mut self, media: MediaSource, filename: Option<&str>) -> Self {
        self.header = Some(Header::Document(media, filename.map(str::to_owned)));
        self
    }

    /// Adds a reply button (buttons messages: 1 to 3, id ≤ 256 and title ≤ 20 characters,
    /// both unique within the message).
    pub fn reply(self, id: &str, title: &str) -> Self {
        self.with_kind(&["button"], "reply", |action| {
            if let Action::Buttons(buttons) = action {
                buttons.push(ReplyButton::new(ReplyButtonContent::new(id, title)));
            }
        })
    }

    /// Starts a new section (list and product list messages; titles ≤ 24 characters, required
    /// when there is more than one section).
    pub fn section(self, title: &str) -> Self {
        self.with_kind(
            &["list", "product_list"],
            "section",
            |action| match action {
                Action::List(list) => list.sections.push(ListSection {
                    rows: Vec::new(),
                    title: Some(ListSectionTitle::from_spec_unchecked(title.to_owned())),
                }),
                Action::ProductList(list) => list.sections.push(ProductSection {
                    product_items: Vec::new(),
                    title: Some(ProductSectionTitle::from_spec_unchecked(title.to_owned())),
                }),
                _ => {}
            },
        )
    }

    /// Adds a row to the current section of a list message (at most 10 rows in all; id ≤ 200,
    /// title ≤ 24, description ≤ 72 characters; ids unique). Without a `section` before it,
    /// the row goes into one section without a title.
    pub fn row(self, id: &str, title: &str, description: Option<&str>) -> Self {
        self.with_kind(&["list"], "row", |action| {
            if let Action::List(list) = action {
                let mut row = ListRow::new(id, title);
                if let Some(d) = description {
                    row = row.with_description(d);
                }
                if list.sections.is_empty() {
                    list.sections.push(ListSection {
                        rows: Vec::new(),
                        title: None,
                    });
                }
                if let Some(section) = list.sections.last_mut() {
                    section.rows.push(row);
                }
            }
        })
    }

    /// Adds a product (its SKU) to the current section of a product list message (at most 30
    /// products in all).
    pub fn product(self, product_retailer_id: &str) -> Self {
        self.with_kind(&["product_list"], "product", |action| {
            if let Action::ProductList(list) = action {
                if list.sections.is_empty() {
                    list.sections.push(ProductSection {
                        product_items: Vec::new(),
                        title: None,
                    });
                }
                if let Some(section) = list.sections.last_mut() {
                    section
                        .product_items
                        .push(ProductItem::new(product_retailer_id));
                }
            }
        })
    }

    /// Sets the flow token echoed back with the user's answer (flow messages).
    pub fn flow_token(self, token: &str) -> Self {
        self.with_kind(&["flow"], "flow_token", |action| {
            if let Action::Flow(p) = action {
                p.flow_token = Some(token.to_owned());
            }
        })
    }

    /// Opens the flow at `screen` with its input `data` (flow messages; `flow_action`
    /// `navigate`).
    pub fn flow_screen(self, screen: &str, data: Option<Map<String, Value>>) -> Self {
        self.with_kind(&["flow"], "flow_screen", |action| {
            if let Action::Flow(p) = action {
                let mut payload = FlowActionPayload::new().with_screen(screen);
                payload.data = data.unwrap_or_default();
                p.flow_action = Some(FlowParametersFlowAction::Navigate);
                p.flow_action_payload = Some(payload);
            }
        })
    }

    /// Asks your flow endpoint for the first screen (flow messages; `flow_action`
    /// `data_exchange`).
    pub fn flow_data_exchange(self) -> Self {
        self.with_kind(&["flow"], "flow_data_exchange", |action| {
            if let Action::Flow(p) = action {
                p.flow_action = Some(FlowParametersFlowAction::DataExchange);
            }
        })
    }

    /// Sends a flow that is not published yet (flow messages; `mode` `draft`).
    pub fn flow_draft(self) -> Self {
        self.with_kind(&["flow"], "flow_draft", |action| {
            if let Action::Flow(p) = action {
                p.mode = Some(FlowParametersMode::Draft);
            }
        })
    }

    /// Uses this product's image as the thumbnail of a catalog message.
    pub fn thumbnail(self, product_retailer_id: &str) -> Self {
        self.with_kind(&["catalog_message"], "thumbnail", |action| {
            if let Action::Catalog(catalog) = action {
                catalog.parameters = Some(
                    CatalogParameters::new()
                        .with_thumbnail_product_retailer_id(product_retailer_id),
                );
            }
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

    /// Checks every value against the spec (with Meta's limits) and builds the message; a
    /// refused value is returned with its field path.
    ///
    /// When a message has several faults, the error names one of them, found in this order:
    ///
    /// 1. what the message's types cannot hold, which the builder refuses itself: a method
    ///    that does not apply to the kind (`interactive.type`), a buttons message without
    ///    buttons, an order without items or total, an order item with a quantity of 0
    ///    (`interactive.action.parameters.order.items[i].quantity`), a list's or product list's
    ///    header that is not text (`interactive.header.type`);
    /// 2. otherwise the first fault the generated check (the one
    ///    [`Client::send`](crate::Client::send) runs) meets in the `interactive` object. It
    ///    goes depth first through an object's fields in alphabetical order (`action`, `body`,
    ///    `footer`, `header`), then tests the object's rules over several fields (exactly one of
    ///    `flow_id`/`flow_name`); in an array it tests the item count, then each item, then the
    ///    rules over all items (a title on every section when there are several, unique ids and
    ///    titles, at most 10 rows over all sections);
    /// 3. then the rest of the message (`biz_opaque_callback_data`, ...).
    ///
    /// So 4 buttons, one with a title too long, name `interactive.action.buttons` (the count),
    /// not the title.
    pub fn build(self) -> Result<Message, InvalidArgument> {
        if let Some(e) = self.misuse {
            return Err(e);
        }
        if matches!(&self.action, Action::Buttons(b) if b.is_empty()) {
            // No button was added: the message has no `buttons` array at all.
            return Err(invalid("interactive.action.buttons", "is required"));
        }
        if let Some(i) = self.zero_quantity {
            // The item was built with a quantity of 1 (its type cannot hold 0), which the
            // generated check cannot tell from a real 1: refused here.
            return Err(invalid(
                &format!("interactive.action.parameters.order.items[{i}].quantity"),
                "does not fit its type: invalid value: integer `0`, expected a nonzero u64",
            ));
        }
        let body = self.body;
        let footer = self.footer.map(InteractiveFooter::new);
        let header = self.header;
        // Every kind but the product message is made with a body.
        let text = |body: Option<String>| body.unwrap_or_default();
        let interactive = match self.action {
            Action::Buttons(buttons) => InteractiveObject::Button {
                action: InteractiveButtonAction::new(buttons),
                body: InteractiveBody::new(text(body)),
                footer,
                header: header.map(any_header),
            },
            Action::List(action) => InteractiveObject::List {
                action,
                body: InteractiveListBody::new(text(body)),
                footer,
                header: header.map(text_header).transpose()?,
            },
            Action::CtaUrl(action) => InteractiveObject::CtaUrl {
                action,
                body: InteractiveBody::new(text(body)),
                footer,
                header: header.map(any_header),
            },
            Action::LocationRequest => InteractiveObject::LocationRequestMessage {
                action: InteractiveLocationRequestAction::new(),
                body: InteractiveBody::new(text(body)),
            },
            Action::Flow(parameters) => InteractiveObject::Flow {
                action: InteractiveFlowAction::new(parameters),
                body: InteractiveBody::new(text(body)),
                footer,
                header: header.map(any_header),
            },
            Action::Product(action) => InteractiveObject::Product {
                action,
                body: body.map(InteractiveBody::new),
                footer,
            },
            Action::ProductList(action) => InteractiveObject::ProductList {
                action,
                body: InteractiveBody::new(text(body)),
                footer,
                header: text_header(header.unwrap_or_else(|| Header::Text {
                    text: String::new(),
                    sub_text: None,
                }))?,
            },
            Action::Catalog(action) => InteractiveObject::CatalogMessage {
                action,
                body: InteractiveBody::new(text(body)),
                footer,
            },
            Action::OrderDetails(parameters) => InteractiveObject::OrderDetails {
                action: InteractiveOrderDetailsAction::new(*parameters),
                body: InteractiveBody::new(text(body)),
                footer,
                header: header.map(any_header),
            },
            Action::OrderStatus(action) => InteractiveObject::OrderStatus {
                action,
                body: InteractiveBody::new(text(body)),
                footer,
            },
            Action::CallPermission => InteractiveObject::CallPermissionRequest {
                action: InteractiveCallPermissionAction::new(),
                body: InteractiveBody::new(text(body)),
                footer,
            },
        };
        // The `interactive` object first, so its refused value is named before one of the
        // envelope's (`biz_opaque_callback_data`), then the whole message.
        let at = waba_runtime::check::Path::Root.field("interactive");
        waba_runtime::check::Check::check_at(&interactive, &at)?;
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

/// The header of a message that takes any header (text, image, video or document).
fn any_header(header: Header) -> InteractiveHeader {
    match header {
        Header::Text { text, sub_text } => InteractiveHeader::Text {
            sub_text: sub_text.map(InteractiveHeaderSubText::from_spec_unchecked),
            text: InteractiveHeaderText::from_spec_unchecked(text),
        },
        Header::Image(media) => InteractiveHeader::Image {
            image: media.media(),
        },
        Header::Video(media) => InteractiveHeader::Video {
            video: media.media(),
        },
        Header::Document(media, filename) => {
            let media = media.media();
            let document = DocumentObject {
                caption: None,
                filename,
                id: media.id,
                link: media.link,
            };
            InteractiveHeader::Document { document }
        }
    }
}

/// The header of a list or product list message, which may only be text: another kind is
/// refused here, naming `interactive.header.type` (the typed header cannot hold it, so the
/// generated check never sees it).
fn text_header(header: Header) -> Result<InteractiveTextHeader, InvalidArgument> {
    let kind = match header {
        Header::Text { text, sub_text } => {
            return Ok(InteractiveTextHeader {
                sub_text: sub_text.map(InteractiveTextHeaderSubText::from_spec_unchecked),
                text: InteractiveTextHeaderText::from_spec_unchecked(text),
                type_: InteractiveTextHeaderType::Text,
            });
        }
        Header::Image(_) => "image",
        Header::Video(_) => "video",
        Header::Document(..) => "document",
    };
    // serde's words for a tag the text header does not have (what a JSON read said).
    Err(invalid(
        "interactive.header.type",
        format!("does not fit its type: unknown variant `{kind}`, expected `text`"),
    ))
}

/// The details of an order details message: its items and amounts, in minor units (cents,
/// paise) with an offset of 100. The total is computed (subtotal + tax + shipping −
/// discount), as Meta requires it to add up.
#[derive(Debug, Clone)]
#[must_use = "pass the order to `Message::order_details`"]
pub struct Order {
    reference_id: String,
    digital: bool,
    currency: String,
    payment_type: Option<String>,
    payment_configuration: Option<String>,
    payment_settings: Vec<Map<String, Value>>,
    items: Vec<OrderDetailsItem>,
    /// The first item added with a quantity of 0, which no item can have.
    zero_quantity: Option<usize>,
    subtotal: i64,
    expiration: Option<OrderExpiration>,
    tax: Option<OrderAmount>,
    shipping: Option<OrderAmount>,
    discount: Option<OrderAmount>,
    tax_value: i64,
    shipping_value: i64,
    discount_value: i64,
    total: Option<i64>,
}

fn amount(value: i64) -> OrderAmount {
    OrderAmount::new(100, value)
}

impl Order {
    /// An order with your unique `reference_id` (≤ 35 characters), in `currency` (ISO 4217,
    /// e.g. `INR`), of physical goods (`digital` false) or digital goods.
    pub fn new(reference_id: &str, currency: &str, digital: bool) -> Order {
        Order {
            reference_id: reference_id.to_owned(),
            digital,
            currency: currency.to_owned(),
            payment_type: None,
            payment_configuration: None,
            payment_settings: Vec::new(),
            items: Vec::new(),
            zero_quantity: None,
            subtotal: 0,
            expiration: None,
            tax: None,
            shipping: None,
            discount: None,
            tax_value: 0,
            shipping_value: 0,
            discount_value: 0,
            total: None,
        }
    }

    /// Sets the payment type (e.g. `upi`) and the name of the payment configuration of the
    /// WhatsApp Business Account.
    pub fn payment(mut self, payment_type: &str, configuration: &str) -> Order {
        self.payment_type = Some(payment_type.to_owned());
        self.payment_configuration = Some(configuration.to_owned());
        self
    }

    /// Sets only the payment type (`br` in Brazil, with [`payment_setting`](Self::payment_setting)).
    pub fn payment_type(mut self, payment_type: &str) -> Order {
        self.payment_type = Some(payment_type.to_owned());
        self
    }

    /// Adds a payment setting as Meta documents it for the country (in Brazil, for example
    /// `{"type": "payment_link", "payment_link": {"uri": "https://..."}}` or a Pix setting).
    pub fn payment_setting(mut self, setting: Map<String, Value>) -> Order {
        self.payment_settings.push(setting);
        self
    }

    /// Sets the total, in minor units, for an order without items (Meta's simplified order
    /// details, which has no `order` object); with items the total is computed.
    pub fn total(mut self, value: i64) -> Order {
        self.total = Some(value);
        self
    }

    fn push_item(
        &mut self,
        retailer_id: &str,
        name: &str,
        price: i64,
        sale_price: Option<i64>,
        quantity: u32,
    ) {
        let counted = sale_price.unwrap_or(price);
        self.subtotal = self
            .subtotal
            .saturating_add(counted.saturating_mul(i64::from(quantity)));
        let count = match NonZeroU64::new(u64::from(quantity)) {
            Some(count) => count,
            None => {
                self.zero_quantity.get_or_insert(self.items.len());
                NonZeroU64::MIN
            }
        };
        let mut item = OrderDetailsItem::new(amount(price), name, count, retailer_id);
        item.sale_amount = sale_price.map(amount);
        self.items.push(item);
    }

    /// Adds an item: your id (the SKU for catalog products), its name (≤ 60 characters), its
    /// price in minor units and the quantity.
    pub fn item(mut self, retailer_id: &str, name: &str, price: i64, quantity: u32) -> Order {
        self.push_item(retailer_id, name, price, None, quantity);
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
        self.push_item(retailer_id, name, price, Some(sale_price), quantity);
        self
    }

    fn extra(value: i64, description: Option<&str>) -> Option<OrderAmount> {
        let mut a = amount(value);
        a.description = description.map(|d| OrderAmountDescription::from_spec_unchecked(d.into()));
        Some(a)
    }

    /// Sets the tax, in minor units, with an optional description (≤ 60 characters).
    pub fn tax(mut self, value: i64, description: Option<&str>) -> Order {
        self.tax_value = value;
        self.tax = Order::extra(value, description);
        self
    }

    /// Sets the shipping cost, in minor units, with an optional description.
    pub fn shipping(mut self, value: i64, description: Option<&str>) -> Order {
        self.shipping_value = value;
        self.shipping = Order::extra(value, description);
        self
    }

    /// Sets the discount, in minor units, with an optional description.
    pub fn discount(mut self, value: i64, description: Option<&str>) -> Order {
        self.discount_value = value;
        self.discount = Order::extra(value, description);
        self
    }

    /// Sets when the order can no longer be paid (Unix seconds) and the text shown about it.
    pub fn expires(mut self, unix_seconds: u64, description: &str) -> Order {
        let mut expiration = OrderExpiration::new(unix_seconds.to_string());
        expiration.description = Some(OrderExpirationDescription::from_spec_unchecked(
            description.to_owned(),
        ));
        self.expiration = Some(expiration);
        self
    }

    /// The order's parameters, and the first item added with a quantity of 0.
    fn into_parameters(self) -> (OrderDetailsParameters, Option<usize>) {
        let zero_quantity = self.zero_quantity;
        let computed = self.subtotal + self.tax_value + self.shipping_value - self.discount_value;
        let simplified = self.items.is_empty()
            && self.expiration.is_none()
            && self.tax.is_none()
            && self.shipping.is_none()
            && self.discount.is_none();
        let (total, order) = if simplified {
            (self.total.unwrap_or(computed), None)
        } else {
            let mut order = OrderDetailsOrder::new(self.items, amount(self.subtotal));
            order.expiration = self.expiration;
            order.tax = self.tax;
            order.shipping = self.shipping;
            order.discount = self.discount;
            (computed, Some(order))
        };
        let parameters = OrderDetailsParameters {
            currency: self.currency,
            order,
            payment_configuration: self.payment_configuration,
            payment_settings: self.payment_settings,
            payment_type: self.payment_type,
            reference_id: OrderDetailsParametersReferenceId::from_spec_unchecked(self.reference_id),
            total_amount: amount(total),
            type_: if self.digital {
                OrderDetailsParametersType::DigitalGoods
            } else {
                OrderDetailsParametersType::PhysicalGoods
            },
            extra: Map::new(),
        };
        (parameters, zero_quantity)
    }
}

impl Message {
    /// Reply buttons with `body` (≤ 1024 characters); add 1 to 3 buttons with
    /// [`reply`](InteractiveBuilder::reply).
    pub fn buttons(to: impl Into<String>, body: &str) -> InteractiveBuilder {
        InteractiveBuilder::new(to, "button", Some(body), Action::Buttons(Vec::new()))
    }

    /// A list opened by a button labelled `button` (≤ 20 characters), with `body` (≤ 4096
    /// characters); add sections and rows with [`section`](InteractiveBuilder::section) and
    /// [`row`](InteractiveBuilder::row).
    pub fn list(to: impl Into<String>, body: &str, button: &str) -> InteractiveBuilder {
        let action = InteractiveListAction::new(button, Vec::new());
        InteractiveBuilder::new(to, "list", Some(body), Action::List(action))
    }

    /// A button labelled `display_text` (≤ 20 characters) that opens `url`.
    pub fn cta_url(
        to: impl Into<String>,
        body: &str,
        display_text: &str,
        url: &str,
    ) -> InteractiveBuilder {
        let action = InteractiveCtaUrlAction::new(CtaUrlParameters::new(display_text, url));
        InteractiveBuilder::new(to, "cta_url", Some(body), Action::CtaUrl(action))
    }

    /// Asks the user to share their location.
    pub fn location_request(to: impl Into<String>, body: &str) -> InteractiveBuilder {
        InteractiveBuilder::new(
            to,
            "location_request_message",
            Some(body),
            Action::LocationRequest,
        )
    }

    /// A button labelled `cta` (≤ 30 characters) that opens a WhatsApp Flow; see
    /// [`flow_token`](InteractiveBuilder::flow_token) and
    /// [`flow_screen`](InteractiveBuilder::flow_screen).
    pub fn flow(to: impl Into<String>, body: &str, flow: FlowRef, cta: &str) -> InteractiveBuilder {
        let mut parameters = FlowParameters::new(cta);
        match flow {
            FlowRef::Id(id) => parameters.flow_id = Some(id),
            FlowRef::Name(name) => parameters.flow_name = Some(name),
        }
        InteractiveBuilder::new(to, "flow", Some(body), Action::Flow(parameters))
    }

    /// One product of a catalog; body and footer are optional.
    pub fn product(
        to: impl Into<String>,
        catalog_id: &str,
        product_retailer_id: &str,
    ) -> InteractiveBuilder {
        let action = InteractiveProductAction::new(catalog_id, product_retailer_id);
        InteractiveBuilder::new(to, "product", None, Action::Product(action))
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
        let action = InteractiveProductListAction::new(catalog_id, Vec::new());
        InteractiveBuilder::new(to, "product_list", Some(body), Action::ProductList(action))
            .header_text(header)
    }

    /// A "View catalog" button that opens the business's catalog; see
    /// [`thumbnail`](InteractiveBuilder::thumbnail).
    pub fn catalog(to: impl Into<String>, body: &str) -> InteractiveBuilder {
        let action = InteractiveCatalogAction::new();
        InteractiveBuilder::new(to, "catalog_message", Some(body), Action::Catalog(action))
    }

    /// An order with a "Review and pay" button (WhatsApp payments).
    pub fn order_details(to: impl Into<String>, body: &str, order: Order) -> InteractiveBuilder {
        let misuse = (order.items.is_empty() && order.total.is_none()).then(|| {
            invalid(
                "interactive.action.parameters.order.items",
                "is empty; add items, or set the total of an order without items with `Order::total`",
            )
        });
        let (parameters, zero_quantity) = order.into_parameters();
        let action = Action::OrderDetails(Box::new(parameters));
        let mut b = InteractiveBuilder::new(to, "order_details", Some(body), action);
        b.misuse = misuse;
        b.zero_quantity = zero_quantity;
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
        let mut order = OrderStatusUpdate::new(status);
        order.description =
            description.map(|d| OrderStatusUpdateDescription::from_spec_unchecked(d.to_owned()));
        let parameters = OrderStatusParameters {
            order,
            reference_id: OrderStatusParametersReferenceId::from_spec_unchecked(
                reference_id.to_owned(),
            ),
            extra: Map::new(),
        };
        let action = InteractiveOrderStatusAction::new(parameters);
        InteractiveBuilder::new(to, "order_status", Some(body), Action::OrderStatus(action))
    }

    /// Asks the user for permission to call them (WhatsApp business calling).
    pub fn call_permission_request(to: impl Into<String>, body: &str) -> InteractiveBuilder {
        InteractiveBuilder::new(
            to,
            "call_permission_request",
            Some(body),
            Action::CallPermission,
        )
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
