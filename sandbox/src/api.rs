//! The sandbox's state and its endpoints (see `docs/wire-protocol.md`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::extract::{Backend, Caller, Checkout, JsonBody, PathArgs, QueryArgs};
use crate::keys::TENANTS;
use crate::util::{
    ApiError, check_amount, check_date, check_email, check_text, echo, json_response, now_iso,
};

/// Where the hosted payment pages live (the links the create endpoints return).
const CHECKOUT_ORIGIN: &str = "https://checkout.mileston.co";

/// Shared state of one sandbox.
#[derive(Clone)]
pub(crate) struct App {
    store: Arc<Mutex<Store>>,
    started: Instant,
}

/// Everything the sandbox remembers.
#[derive(Default)]
pub(crate) struct Store {
    businesses: HashMap<&'static str, Business>,
    next_id: u64,
    /// The faults in force (`POST /__sandbox/faults`).
    pub(crate) faults: Faults,
    /// Requests received on non-`/__sandbox` paths.
    pub(crate) requests: u64,
}

/// One business's resources, oldest first.
#[derive(Default)]
struct Business {
    links: Vec<PaymentLink>,
    invoices: Vec<Invoice>,
    recurring: Vec<Recurring>,
}

impl App {
    pub(crate) fn new() -> App {
        let mut store = Store::default();
        for t in TENANTS {
            store.businesses.insert(t.business_id, Business::default());
        }
        App {
            store: Arc::new(Mutex::new(store)),
            started: Instant::now(),
        }
    }

    /// The store; a panic elsewhere never makes it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Store {
    fn business(&mut self, id: &str) -> &mut Business {
        self.businesses.entry(static_business(id)).or_default()
    }

    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:06}", self.next_id)
    }
}

/// The `'static` business ID of a tenant (callers are always tenants).
fn static_business(id: &str) -> &'static str {
    TENANTS
        .iter()
        .map(|t| t.business_id)
        .find(|b| *b == id)
        .unwrap_or("unknown")
}

/// The faults in force; all zero means none.
#[derive(Clone, Copy, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Faults {
    pub(crate) delay_ms: u64,
    pub(crate) fail_next: u32,
    pub(crate) fail_status: u16,
    pub(crate) drop_next: u32,
    pub(crate) truncate_next: u32,
}

const PENDING: &str = "pending";
const PAID: &str = "paid";
const UNPAID: &str = "unpaid";
const ENV: &str = "test";

/// A payment link.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentLink {
    payment_link_id: String,
    amount: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    banner_url: Option<String>,
    status: &'static str,
    env: &'static str,
    created_at: String,
    updated_at: String,
}

/// An invoice.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invoice {
    invoice_id: String,
    amount: String,
    item_name: String,
    customer_email: String,
    due_date: String,
    add_pdf: bool,
    business_name: String,
    status: &'static str,
    env: &'static str,
    created_at: String,
    updated_at: String,
}

/// A recurring payment.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Recurring {
    recurring_payment_id: String,
    amount: String,
    subscription_name: String,
    subscriber_full_name: String,
    subscriber_email: String,
    recurring_date: String,
    recurring_interval: u32,
    business_name: String,
    current_payment_status: &'static str,
    env: &'static str,
    created_at: String,
    updated_at: String,
}

/// What the generic endpoints need to know about a kind of resource.
trait Resource: Serialize + Clone {
    /// For messages: `"payment link"`.
    const NOUN: &'static str;
    fn id(&self) -> &str;
    fn is_paid(&self) -> bool;
    fn mark_paid(&mut self);
    fn touch(&mut self, now: String);
    fn all(b: &mut Business) -> &mut Vec<Self>;
}

impl Resource for PaymentLink {
    const NOUN: &'static str = "payment link";
    fn id(&self) -> &str {
        &self.payment_link_id
    }
    fn is_paid(&self) -> bool {
        self.status == PAID
    }
    fn mark_paid(&mut self) {
        self.status = PAID;
    }
    fn touch(&mut self, now: String) {
        self.updated_at = now;
    }
    fn all(b: &mut Business) -> &mut Vec<Self> {
        &mut b.links
    }
}

impl Resource for Invoice {
    const NOUN: &'static str = "invoice";
    fn id(&self) -> &str {
        &self.invoice_id
    }
    fn is_paid(&self) -> bool {
        self.status == PAID
    }
    fn mark_paid(&mut self) {
        self.status = PAID;
    }
    fn touch(&mut self, now: String) {
        self.updated_at = now;
    }
    fn all(b: &mut Business) -> &mut Vec<Self> {
        &mut b.invoices
    }
}

impl Resource for Recurring {
    const NOUN: &'static str = "recurring payment";
    fn id(&self) -> &str {
        &self.recurring_payment_id
    }
    fn is_paid(&self) -> bool {
        self.current_payment_status == PAID
    }
    fn mark_paid(&mut self) {
        self.current_payment_status = PAID;
    }
    fn touch(&mut self, now: String) {
        self.updated_at = now;
    }
    fn all(b: &mut Business) -> &mut Vec<Self> {
        &mut b.recurring
    }
}

fn not_found<R: Resource>(id: &str) -> ApiError {
    ApiError::not_found(format!("{} {} not found", R::NOUN, echo(id)))
}

/// The resource `id` of `business`, or 404 (also when it belongs to another business).
fn find<'a, R: Resource>(b: &'a mut Business, id: &str) -> Result<&'a mut R, ApiError> {
    R::all(b)
        .iter_mut()
        .find(|r| r.id() == id)
        .ok_or_else(|| not_found::<R>(id))
}

fn to_value<R: Resource>(r: &R) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

fn ok(status: StatusCode, mut body: Value) -> Result<Response, ApiError> {
    if let Value::Object(map) = &mut body {
        map.insert("statusCode".into(), json!(status.as_u16()));
    }
    Ok(json_response(status, &body))
}

fn get_one<R: Resource>(app: &App, c: Caller, id: &str) -> Result<Value, ApiError> {
    let mut store = app.lock();
    find::<R>(store.business(c.business), id).map(|r| to_value(&*r))
}

fn list<R: Resource>(app: &App, c: Caller, q: &ListQuery) -> Result<Value, ApiError> {
    let limit = match q.limit.as_deref() {
        None => 10,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(ApiError::bad_request(
                    "`limit` must be an integer from 1 to 100",
                ));
            }
        },
    };
    let mut store = app.lock();
    let all = R::all(store.business(c.business));
    Ok(Value::Array(
        all.iter().rev().take(limit).map(to_value).collect(),
    ))
}

fn delete<R: Resource>(app: &App, c: Caller, id: &str) -> Result<(), ApiError> {
    let mut store = app.lock();
    let all = R::all(store.business(c.business));
    let at = all
        .iter()
        .position(|r| r.id() == id)
        .ok_or_else(|| not_found::<R>(id))?;
    all.remove(at);
    Ok(())
}

/// `?limit=N`.
#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<String>,
}

/// `?businessName=NAME`.
#[derive(Deserialize)]
pub(crate) struct BusinessNameQuery {
    #[serde(rename = "businessName")]
    business_name: Option<String>,
}

fn business_name(q: BusinessNameQuery) -> Result<String, ApiError> {
    match q.business_name {
        Some(n) if !n.trim().is_empty() => {
            check_text("businessName", &n)?;
            Ok(n)
        }
        _ => Err(ApiError::bad_request(
            "the `businessName` query parameter is required",
        )),
    }
}

fn check_opt_text(field: &str, value: &Option<String>) -> Result<(), ApiError> {
    value.as_deref().map_or(Ok(()), |v| check_text(field, v))
}

fn check_interval(value: i64) -> Result<u32, ApiError> {
    match u32::try_from(value) {
        Ok(n) if (1..=3650).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(
            "`recurringInterval` must be a whole number of days from 1 to 3650",
        )),
    }
}

// ---------------------------------------------------------------- payment links

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateLink {
    amount: String,
    title: Option<String>,
    description: Option<String>,
    redirect_url: Option<String>,
    logo_url: Option<String>,
    banner_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateLink {
    payment_link_id: String,
    amount: Option<String>,
    title: Option<String>,
    description: Option<String>,
    redirect_url: Option<String>,
    logo_url: Option<String>,
    banner_url: Option<String>,
}

fn check_link_texts(
    title: &Option<String>,
    description: &Option<String>,
    redirect_url: &Option<String>,
    logo_url: &Option<String>,
    banner_url: &Option<String>,
) -> Result<(), ApiError> {
    check_opt_text("title", title)?;
    check_opt_text("description", description)?;
    check_opt_text("redirectUrl", redirect_url)?;
    check_opt_text("logoUrl", logo_url)?;
    check_opt_text("bannerUrl", banner_url)
}

pub(crate) async fn create_link(
    State(app): State<App>,
    Backend(c): Backend,
    JsonBody(b): JsonBody<CreateLink>,
) -> Result<Response, ApiError> {
    check_amount("amount", &b.amount)?;
    check_link_texts(
        &b.title,
        &b.description,
        &b.redirect_url,
        &b.logo_url,
        &b.banner_url,
    )?;
    let mut store = app.lock();
    let id = store.new_id("pl");
    let now = now_iso();
    let link = PaymentLink {
        payment_link_id: id.clone(),
        amount: b.amount,
        title: b.title,
        description: b.description,
        redirect_url: b.redirect_url,
        logo_url: b.logo_url,
        banner_url: b.banner_url,
        status: PENDING,
        env: ENV,
        created_at: now.clone(),
        updated_at: now,
    };
    let data = to_value(&link);
    store.business(c.business).links.push(link);
    ok(
        StatusCode::CREATED,
        json!({
            "message": "Payment link created",
            "paymentLink": format!("{CHECKOUT_ORIGIN}/paymentlink/{id}"),
            "paymentData": data,
        }),
    )
}

pub(crate) async fn get_link(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let data = get_one::<PaymentLink>(&app, c, &id)?;
    ok(
        StatusCode::OK,
        json!({"message": "Payment link retrieved", "paymentData": data}),
    )
}

pub(crate) async fn list_links(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<ListQuery>,
) -> Result<Response, ApiError> {
    let data = list::<PaymentLink>(&app, c, &q)?;
    ok(
        StatusCode::OK,
        json!({"message": "Payment links retrieved", "paymentData": data}),
    )
}

pub(crate) async fn update_link(
    State(app): State<App>,
    Backend(c): Backend,
    JsonBody(b): JsonBody<UpdateLink>,
) -> Result<Response, ApiError> {
    if let Some(a) = &b.amount {
        check_amount("amount", a)?;
    }
    check_link_texts(
        &b.title,
        &b.description,
        &b.redirect_url,
        &b.logo_url,
        &b.banner_url,
    )?;
    let mut store = app.lock();
    let link = find::<PaymentLink>(store.business(c.business), &b.payment_link_id)?;
    let set = |slot: &mut Option<String>, v: Option<String>| {
        if v.is_some() {
            *slot = v;
        }
    };
    if let Some(a) = b.amount {
        link.amount = a;
    }
    set(&mut link.title, b.title);
    set(&mut link.description, b.description);
    set(&mut link.redirect_url, b.redirect_url);
    set(&mut link.logo_url, b.logo_url);
    set(&mut link.banner_url, b.banner_url);
    link.touch(now_iso());
    let data = to_value(&*link);
    ok(
        StatusCode::OK,
        json!({"message": "Payment link updated", "paymentData": data}),
    )
}

pub(crate) async fn delete_link(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    delete::<PaymentLink>(&app, c, &id)?;
    ok(StatusCode::OK, json!({"message": "Payment link deleted"}))
}

// ---------------------------------------------------------------- invoices

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateInvoice {
    amount: String,
    item_name: String,
    customer_email: String,
    due_date: String,
    add_pdf: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateInvoice {
    invoice_id: String,
    amount: Option<String>,
    item_name: Option<String>,
    customer_email: Option<String>,
    due_date: Option<String>,
    add_pdf: Option<bool>,
}

pub(crate) async fn create_invoice(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<BusinessNameQuery>,
    JsonBody(b): JsonBody<CreateInvoice>,
) -> Result<Response, ApiError> {
    let business_name = business_name(q)?;
    check_amount("amount", &b.amount)?;
    check_text("itemName", &b.item_name)?;
    check_email("customerEmail", &b.customer_email)?;
    check_date("dueDate", &b.due_date)?;
    let mut store = app.lock();
    let id = store.new_id("inv");
    let now = now_iso();
    let invoice = Invoice {
        invoice_id: id.clone(),
        amount: b.amount,
        item_name: b.item_name,
        customer_email: b.customer_email,
        due_date: b.due_date,
        add_pdf: b.add_pdf.unwrap_or(false),
        business_name,
        status: PENDING,
        env: ENV,
        created_at: now.clone(),
        updated_at: now,
    };
    let data = to_value(&invoice);
    store.business(c.business).invoices.push(invoice);
    ok(
        StatusCode::CREATED,
        json!({
            "message": "Invoice created",
            "invoiceLink": format!("{CHECKOUT_ORIGIN}/invoice/{id}"),
            "invoiceData": data,
        }),
    )
}

pub(crate) async fn get_invoice(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let data = get_one::<Invoice>(&app, c, &id)?;
    ok(
        StatusCode::OK,
        json!({"message": "Invoice retrieved", "invoiceData": data}),
    )
}

pub(crate) async fn list_invoices(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<ListQuery>,
) -> Result<Response, ApiError> {
    let data = list::<Invoice>(&app, c, &q)?;
    ok(
        StatusCode::OK,
        json!({"message": "Invoices retrieved", "invoiceData": data}),
    )
}

pub(crate) async fn update_invoice(
    State(app): State<App>,
    Backend(c): Backend,
    JsonBody(b): JsonBody<UpdateInvoice>,
) -> Result<Response, ApiError> {
    if let Some(a) = &b.amount {
        check_amount("amount", a)?;
    }
    check_opt_text("itemName", &b.item_name)?;
    if let Some(e) = &b.customer_email {
        check_email("customerEmail", e)?;
    }
    if let Some(d) = &b.due_date {
        check_date("dueDate", d)?;
    }
    let mut store = app.lock();
    let inv = find::<Invoice>(store.business(c.business), &b.invoice_id)?;
    if let Some(v) = b.amount {
        inv.amount = v;
    }
    if let Some(v) = b.item_name {
        inv.item_name = v;
    }
    if let Some(v) = b.customer_email {
        inv.customer_email = v;
    }
    if let Some(v) = b.due_date {
        inv.due_date = v;
    }
    if let Some(v) = b.add_pdf {
        inv.add_pdf = v;
    }
    inv.touch(now_iso());
    let data = to_value(&*inv);
    ok(
        StatusCode::OK,
        json!({"message": "Invoice updated", "invoiceData": data}),
    )
}

pub(crate) async fn delete_invoice(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    delete::<Invoice>(&app, c, &id)?;
    ok(StatusCode::OK, json!({"message": "Invoice deleted"}))
}

// ---------------------------------------------------------------- recurring payments

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateRecurring {
    amount: String,
    subscription_name: String,
    subscriber_full_name: String,
    subscriber_email: String,
    recurring_date: String,
    recurring_interval: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateRecurring {
    recurring_payment_id: String,
    amount: Option<String>,
    subscription_name: Option<String>,
    subscriber_full_name: Option<String>,
    subscriber_email: Option<String>,
    recurring_date: Option<String>,
    recurring_interval: Option<i64>,
}

pub(crate) async fn create_recurring(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<BusinessNameQuery>,
    JsonBody(b): JsonBody<CreateRecurring>,
) -> Result<Response, ApiError> {
    let business_name = business_name(q)?;
    check_amount("amount", &b.amount)?;
    check_text("subscriptionName", &b.subscription_name)?;
    check_text("subscriberFullName", &b.subscriber_full_name)?;
    check_email("subscriberEmail", &b.subscriber_email)?;
    check_date("recurringDate", &b.recurring_date)?;
    let interval = check_interval(b.recurring_interval)?;
    let mut store = app.lock();
    let id = store.new_id("rec");
    let now = now_iso();
    let rec = Recurring {
        recurring_payment_id: id.clone(),
        amount: b.amount,
        subscription_name: b.subscription_name,
        subscriber_full_name: b.subscriber_full_name,
        subscriber_email: b.subscriber_email,
        recurring_date: b.recurring_date,
        recurring_interval: interval,
        business_name,
        current_payment_status: UNPAID,
        env: ENV,
        created_at: now.clone(),
        updated_at: now,
    };
    let data = to_value(&rec);
    store.business(c.business).recurring.push(rec);
    ok(
        StatusCode::CREATED,
        json!({
            "message": "Recurring payment created",
            "recurringPaymentLink": format!("{CHECKOUT_ORIGIN}/recurring/{id}"),
            "recurringData": data,
        }),
    )
}

pub(crate) async fn get_recurring(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let data = get_one::<Recurring>(&app, c, &id)?;
    ok(
        StatusCode::OK,
        json!({"message": "Recurring payment retrieved", "recurringData": data}),
    )
}

pub(crate) async fn list_recurring(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<ListQuery>,
) -> Result<Response, ApiError> {
    let data = list::<Recurring>(&app, c, &q)?;
    ok(
        StatusCode::OK,
        json!({"message": "Recurring payments retrieved", "recurringData": data}),
    )
}

pub(crate) async fn update_recurring(
    State(app): State<App>,
    Backend(c): Backend,
    JsonBody(b): JsonBody<UpdateRecurring>,
) -> Result<Response, ApiError> {
    if let Some(a) = &b.amount {
        check_amount("amount", a)?;
    }
    check_opt_text("subscriptionName", &b.subscription_name)?;
    check_opt_text("subscriberFullName", &b.subscriber_full_name)?;
    if let Some(e) = &b.subscriber_email {
        check_email("subscriberEmail", e)?;
    }
    if let Some(d) = &b.recurring_date {
        check_date("recurringDate", d)?;
    }
    let interval = b.recurring_interval.map(check_interval).transpose()?;
    let mut store = app.lock();
    let rec = find::<Recurring>(store.business(c.business), &b.recurring_payment_id)?;
    if let Some(v) = b.amount {
        rec.amount = v;
    }
    if let Some(v) = b.subscription_name {
        rec.subscription_name = v;
    }
    if let Some(v) = b.subscriber_full_name {
        rec.subscriber_full_name = v;
    }
    if let Some(v) = b.subscriber_email {
        rec.subscriber_email = v;
    }
    if let Some(v) = b.recurring_date {
        rec.recurring_date = v;
    }
    if let Some(v) = interval {
        rec.recurring_interval = v;
    }
    rec.touch(now_iso());
    let data = to_value(&*rec);
    ok(
        StatusCode::OK,
        json!({"message": "Recurring payment updated", "recurringData": data}),
    )
}

pub(crate) async fn delete_recurring(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    delete::<Recurring>(&app, c, &id)?;
    ok(
        StatusCode::OK,
        json!({"message": "Recurring payment deleted"}),
    )
}

// ---------------------------------------------------------------- checkout

/// The payment kinds of the checkout paths.
#[derive(Clone, Copy)]
enum Pattern {
    Invoice,
    PaymentLink,
    Recurring,
}

impl Pattern {
    fn parse(s: &str) -> Option<Pattern> {
        match s {
            "invoice" => Some(Pattern::Invoice),
            "paymentlink" => Some(Pattern::PaymentLink),
            "recurring" => Some(Pattern::Recurring),
            _ => None,
        }
    }

    /// `{pattern}{suffix}` (`invoice.get`, …) to a pattern, or 404.
    fn from_segment(segment: &str, suffix: &str) -> Result<Pattern, ApiError> {
        segment
            .strip_suffix(suffix)
            .and_then(Pattern::parse)
            .ok_or_else(|| unknown_pattern(segment))
    }

    /// Applies `f` to the resource `id` of this kind in `business`.
    fn with<T>(
        self,
        b: &mut Business,
        id: &str,
        f: impl FnOnce(&mut dyn PaymentState) -> T,
    ) -> Result<T, ApiError> {
        Ok(match self {
            Pattern::Invoice => f(find::<Invoice>(b, id)?),
            Pattern::PaymentLink => f(find::<PaymentLink>(b, id)?),
            Pattern::Recurring => f(find::<Recurring>(b, id)?),
        })
    }
}

fn unknown_pattern(segment: &str) -> ApiError {
    ApiError::not_found(format!(
        "unknown payment kind `{}`: use `invoice`, `paymentlink` or `recurring`",
        echo(segment)
    ))
}

/// The object-safe part of [`Resource`] the checkout endpoints use.
trait PaymentState {
    fn value(&self) -> Value;
    fn paid(&self) -> bool;
    fn pay(&mut self);
}

impl<R: Resource> PaymentState for R {
    fn value(&self) -> Value {
        to_value(self)
    }
    fn paid(&self) -> bool {
        self.is_paid()
    }
    fn pay(&mut self) {
        if !self.is_paid() {
            self.mark_paid();
            self.touch(now_iso());
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SavePayment {
    id: String,
    amount: String,
    payer_address: Option<String>,
    transaction_hash: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct VerifyPayment {
    id: String,
}

pub(crate) async fn checkout_data(
    State(app): State<App>,
    Checkout(c): Checkout,
    PathArgs((segment, id)): PathArgs<(String, String)>,
) -> Result<Response, ApiError> {
    let pattern = Pattern::from_segment(&segment, ".get")?;
    let mut store = app.lock();
    let data = pattern.with(store.business(c.business), &id, |r| r.value())?;
    ok(
        StatusCode::OK,
        json!({"message": "Payment data retrieved", "data": data}),
    )
}

pub(crate) async fn save_payment(
    State(app): State<App>,
    Checkout(c): Checkout,
    PathArgs(segment): PathArgs<String>,
    JsonBody(b): JsonBody<SavePayment>,
) -> Result<Response, ApiError> {
    let pattern = Pattern::from_segment(&segment, ".save")?;
    check_amount("amount", &b.amount)?;
    check_opt_text("payerAddress", &b.payer_address)?;
    check_opt_text("transactionHash", &b.transaction_hash)?;
    let mut store = app.lock();
    let data = pattern.with(store.business(c.business), &b.id, |r| r.value())?;
    ok(
        StatusCode::CREATED,
        json!({"message": "Payment recorded", "data": data}),
    )
}

pub(crate) async fn verify_payment(
    State(app): State<App>,
    Checkout(c): Checkout,
    PathArgs(segment): PathArgs<String>,
    JsonBody(b): JsonBody<VerifyPayment>,
) -> Result<Response, ApiError> {
    let pattern = Pattern::from_segment(&segment, ".save")?;
    let mut store = app.lock();
    let (paid, data) =
        pattern.with(store.business(c.business), &b.id, |r| (r.paid(), r.value()))?;
    if !paid {
        return Err(ApiError::bad_request("Still awaiting payment"));
    }
    ok(
        StatusCode::OK,
        json!({"message": "Payment verified", "data": data}),
    )
}

// ---------------------------------------------------------------- health and sandbox control

pub(crate) async fn status(State(app): State<App>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "status": "healthy",
            "service": "mileston-sandbox",
            "timestamp": now_iso(),
            "uptime": app.started.elapsed().as_secs(),
        }),
    )
}

pub(crate) async fn sandbox_pay(
    State(app): State<App>,
    PathArgs((pattern, id)): PathArgs<(String, String)>,
) -> Result<Response, ApiError> {
    let pattern = Pattern::parse(&pattern).ok_or_else(|| unknown_pattern(&pattern))?;
    let mut store = app.lock();
    let mut found = None;
    for b in store.businesses.values_mut() {
        if let Ok(data) = pattern.with(b, &id, |r| {
            r.pay();
            r.value()
        }) {
            found = Some(data);
            break;
        }
    }
    let data = found.ok_or_else(|| {
        let noun = match pattern {
            Pattern::Invoice => Invoice::NOUN,
            Pattern::PaymentLink => PaymentLink::NOUN,
            Pattern::Recurring => Recurring::NOUN,
        };
        ApiError::not_found(format!("{noun} {} not found", echo(&id)))
    })?;
    ok(
        StatusCode::OK,
        json!({"message": "Payment marked as paid", "data": data}),
    )
}

/// The body of `POST /__sandbox/faults`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FaultsBody {
    delay_ms: Option<u64>,
    fail_next: Option<u32>,
    fail_status: Option<u16>,
    drop_next: Option<u32>,
    truncate_next: Option<u32>,
}

/// The longest `delayMs` accepted, so that a typo cannot hang a test run.
const MAX_DELAY_MS: u64 = 60_000;

pub(crate) async fn set_faults(
    State(app): State<App>,
    JsonBody(b): JsonBody<FaultsBody>,
) -> Result<Response, ApiError> {
    let delay_ms = b.delay_ms.unwrap_or(0);
    if delay_ms > MAX_DELAY_MS {
        return Err(ApiError::bad_request(format!(
            "`delayMs` must be at most {MAX_DELAY_MS}"
        )));
    }
    let fail_status = b.fail_status.unwrap_or(503);
    if !(400..=599).contains(&fail_status) {
        return Err(ApiError::bad_request(
            "`failStatus` must be an HTTP error status from 400 to 599",
        ));
    }
    let faults = Faults {
        delay_ms,
        fail_next: b.fail_next.unwrap_or(0),
        fail_status,
        drop_next: b.drop_next.unwrap_or(0),
        truncate_next: b.truncate_next.unwrap_or(0),
    };
    app.lock().faults = faults;
    let none = faults.delay_ms == 0
        && faults.fail_next == 0
        && faults.drop_next == 0
        && faults.truncate_next == 0;
    ok(
        StatusCode::OK,
        json!({
            "message": if none { "Faults reset" } else { "Faults set" },
            "faults": faults,
        }),
    )
}

pub(crate) async fn requests(State(app): State<App>) -> Response {
    let total = app.lock().requests;
    json_response(StatusCode::OK, &json!({ "total": total }))
}

/// Any route the sandbox does not serve.
pub(crate) async fn fallback(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such endpoint: {method} {}", echo(uri.path())))
}
