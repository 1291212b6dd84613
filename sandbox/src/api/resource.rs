//! What payment links, invoices and recurring payments have in common: the
//! [`Resource`] trait (each kind's names, envelope keys and rules), the
//! answers' envelope, and the one generic set of backend handlers (create,
//! get, list, update, delete) and routes built from it.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, patch, post};
use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::store::{App, Business};
use super::wallets::sub_wallet;
use crate::extract::{Backend, JsonBody, PathArgs, QueryArgs};
use crate::rules::check_text;
use crate::util::{ApiError, echo, json_response, now_iso};

/// Where the hosted payment pages live (the links the answers carry).
pub(crate) const CHECKOUT_ORIGIN: &str = "https://checkout.mileston.co";

pub(crate) const PENDING: &str = "pending";
pub(crate) const PAID: &str = "paid";
pub(crate) const UNPAID: &str = "unpaid";
/// Every resource's `env`: the sandbox is test mode only.
pub(crate) const ENV: &str = "test";

/// A kind of payment the sandbox stores, with everything the generic
/// handlers need to know about it.
pub(crate) trait Resource: Serialize + Send + Sized + 'static {
    /// For error messages: `"payment link"`.
    const NOUN: &'static str;
    /// For answers' messages: `"Payment link"` (`"… created"`, `"…s retrieved"`).
    const TITLE: &'static str;
    /// The backend path prefix: `/payment-link`.
    const PREFIX: &'static str;
    /// IDs are `<ID_PREFIX>_000001`.
    const ID_PREFIX: &'static str;
    /// The envelope member that holds the resource (or the list of them).
    const DATA_KEY: &'static str;
    /// The envelope member with the hosted page's URL, and the page's path:
    /// `("paymentLink", "payment-link")` for `https://checkout.mileston.co/payment-link/<id>`;
    /// `None` for a kind whose answers carry no link.
    const LINK: Option<(&'static str, &'static str)>;
    /// The payment kind in checkout paths: `/checkout/data/<PATTERN>.get/{id}`.
    const PATTERN: &'static str;
    /// Whether create needs the `?businessName=` query parameter.
    const NEEDS_BUSINESS_NAME: bool;
    /// The webhook event sent when one becomes paid: `paymentlink-paid`.
    const EVENT: &'static str;

    /// The create body.
    type New: DeserializeOwned + Send;
    /// The update body (the resource's ID and the fields to change).
    type Update: DeserializeOwned + Send;

    /// Refuses a create body with a bad value (400); writes its dates as the
    /// sandbox keeps them.
    fn check_new(new: &mut Self::New) -> Result<(), ApiError>;
    /// The `subWalletUuid` a create body names.
    fn new_sub_wallet(new: &Self::New) -> Option<&str>;
    /// The new resource, from a checked body.
    fn build(new: Self::New, fields: Common) -> Self;
    /// Refuses an update body with a bad value (400); writes its dates as the
    /// sandbox keeps them.
    fn check_update(update: &mut Self::Update) -> Result<(), ApiError>;
    /// The ID an update body names.
    fn update_id(update: &Self::Update) -> &str;
    /// The `subWalletUuid` an update body names.
    fn update_sub_wallet(update: &Self::Update) -> Option<&str>;
    /// Applies a checked update body (`sub_wallet`: its `subWalletUuid`, resolved).
    fn apply(&mut self, update: Self::Update, sub_wallet: Option<SubWalletFields>);

    fn id(&self) -> &str;
    /// The amount asked, as the merchant wrote it.
    fn amount(&self) -> &str;
    fn is_paid(&self) -> bool;
    fn mark_paid(&mut self);
    fn touch(&mut self, now: String);
    /// This kind's resources of one business, oldest first.
    fn all(b: &mut Business) -> &mut Vec<Self>;
}

/// What a new resource gets besides its body.
pub(crate) struct Common {
    pub(crate) id: String,
    pub(crate) business_name: String,
    pub(crate) sub_wallet: SubWalletFields,
    pub(crate) now: String,
}

/// `subWalletUuid` and `subWalletUserName`: the sub-wallet a payment is paid
/// into (Mileston's `SubWalletDetails`), absent for the business's own wallet.
#[derive(Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubWalletFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_wallet_uuid: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_wallet_user_name: Option<&'static str>,
}

impl SubWalletFields {
    /// The fields for `uuid`, which must be a sub-wallet of `business`.
    fn resolve(business: &str, uuid: Option<&str>) -> Result<Option<SubWalletFields>, ApiError> {
        let Some(uuid) = uuid else { return Ok(None) };
        let w = sub_wallet(business, uuid).ok_or_else(|| {
            ApiError::bad_request(format!(
                "`subWalletUuid`: no sub-wallet {} in this business",
                echo(uuid)
            ))
        })?;
        Ok(Some(SubWalletFields {
            sub_wallet_uuid: Some(w.uuid),
            sub_wallet_user_name: Some(w.user_name),
        }))
    }
}

/// The backend routes of `R` under its prefix. The list answers with and
/// without a trailing slash: Mileston's SDK asks for `/payment-link/?limit=N`
/// (axios joins its base URL and `?limit=N` with a `/`).
pub(crate) fn routes<R: Resource>(router: Router<App>) -> Router<App> {
    let p = R::PREFIX;
    router
        .route(p, get(list::<R>))
        .route(&format!("{p}/"), get(list::<R>))
        .route(&format!("{p}/create"), post(create::<R>))
        .route(&format!("{p}/update"), patch(update::<R>))
        .route(&format!("{p}/delete/{{id}}"), delete(remove::<R>))
        .route(&format!("{p}/{{id}}"), get(get_one::<R>))
}

pub(crate) fn not_found<R: Resource>(id: &str) -> ApiError {
    ApiError::not_found(format!("{} {} not found", R::NOUN, echo(id)))
}

/// The resource `id` of `business`, or 404 (also when it belongs to another business).
pub(crate) fn find<'a, R: Resource>(b: &'a mut Business, id: &str) -> Result<&'a mut R, ApiError> {
    R::all(b)
        .iter_mut()
        .find(|r| r.id() == id)
        .ok_or_else(|| not_found::<R>(id))
}

/// A success answer, members in this order: `statusCode`, `message`, the
/// link, the data (the order of Mileston's SDK types).
struct Envelope<'a, D> {
    status: StatusCode,
    message: &'a str,
    link: Option<(&'static str, String)>,
    data: Option<(&'static str, D)>,
}

impl<D: Serialize> Serialize for Envelope<'_, D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("statusCode", &self.status.as_u16())?;
        map.serialize_entry("message", self.message)?;
        if let Some((key, url)) = &self.link {
            map.serialize_entry(key, url)?;
        }
        if let Some((key, data)) = &self.data {
            map.serialize_entry(key, data)?;
        }
        map.end()
    }
}

/// The answer `{statusCode, message, <link>?, <data>?}`.
pub(crate) fn answer<D: Serialize>(
    status: StatusCode,
    message: &str,
    link: Option<(&'static str, String)>,
    data: Option<(&'static str, D)>,
) -> Response {
    json_response(
        status,
        &Envelope {
            status,
            message,
            link,
            data,
        },
    )
}

/// The answer about one resource: its hosted link (if its kind has one) and
/// the resource under the kind's data key.
pub(crate) fn answer_one<R: Resource>(status: StatusCode, message: &str, r: &R) -> Response {
    let link = R::LINK.map(|(key, path)| (key, format!("{CHECKOUT_ORIGIN}/{path}/{}", r.id())));
    answer(status, message, link, Some((R::DATA_KEY, r)))
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

/// Replaces `slot` when an update body carries a value for it.
pub(crate) fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

async fn create<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<BusinessNameQuery>,
    JsonBody(mut b): JsonBody<R::New>,
) -> Result<Response, ApiError> {
    let business_name = if R::NEEDS_BUSINESS_NAME {
        business_name(q)?
    } else {
        String::new()
    };
    R::check_new(&mut b)?;
    let sub_wallet = SubWalletFields::resolve(c.business, R::new_sub_wallet(&b))?;
    let mut store = app.lock();
    let fields = Common {
        id: store.new_id(R::ID_PREFIX),
        business_name,
        sub_wallet: sub_wallet.unwrap_or_default(),
        now: now_iso(),
    };
    let resource = R::build(b, fields);
    let response = answer_one(
        StatusCode::CREATED,
        &format!("{} created", R::TITLE),
        &resource,
    );
    R::all(store.business(c.business)).push(resource);
    Ok(response)
}

async fn get_one<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let r = find::<R>(store.business(c.business), &id)?;
    Ok(answer_one(
        StatusCode::OK,
        &format!("{} retrieved", R::TITLE),
        &*r,
    ))
}

async fn list<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<ListQuery>,
) -> Result<Response, ApiError> {
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
    let newest: Vec<&R> = all.iter().rev().take(limit).collect();
    Ok(answer(
        StatusCode::OK,
        &format!("{}s retrieved", R::TITLE),
        None,
        Some((R::DATA_KEY, newest)),
    ))
}

async fn update<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    JsonBody(mut b): JsonBody<R::Update>,
) -> Result<Response, ApiError> {
    R::check_update(&mut b)?;
    let sub_wallet = SubWalletFields::resolve(c.business, R::update_sub_wallet(&b))?;
    let mut store = app.lock();
    let r = find::<R>(store.business(c.business), R::update_id(&b))?;
    r.apply(b, sub_wallet);
    r.touch(now_iso());
    Ok(answer_one(
        StatusCode::OK,
        &format!("{} updated", R::TITLE),
        &*r,
    ))
}

async fn remove<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let all = R::all(store.business(c.business));
    let at = all
        .iter()
        .position(|r| r.id() == id)
        .ok_or_else(|| not_found::<R>(&id))?;
    all.remove(at);
    Ok(answer::<()>(
        StatusCode::OK,
        &format!("{} deleted", R::TITLE),
        None,
        None,
    ))
}
