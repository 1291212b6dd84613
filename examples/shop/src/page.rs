//! The shop's page (wasm builds): shows the catalogue, orders an item from the
//! server, shows the order's invoice through the checkout handle, pays it the
//! way Mileston's checkout records a payment (the deposit address, then a
//! save-payment), and shows the order paid once the server has had Mileston's
//! webhook.
//!
//! The page never learns whether a payment is final from its own calls: the
//! order turns `paid` only when the server says so, and the server says so
//! only after a verified webhook.

use core::time::Duration;
use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{JSON, Reflect};
use mileston_config::CheckoutOf;
use mileston_config::checkout::SavePayment;
use mileston_config::types::{Amount, Asset, Chain, PaymentKind};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{Document, Element, HtmlButtonElement, Request, RequestInit, Response};

use crate::{ITEMS, Item, Mileston, routes, status};

/// The chain the sandbox customer pays on.
const CHAIN: Chain = Chain::Solana;
/// The sandbox customer's wallet (made up, like every sandbox address).
const PAYER: &str = "SandboxFAKEpayerWallet1111111111111111111111";
/// How long to wait between two reads of the order.
const REFRESH: Duration = Duration::from_millis(300);

/// Runs when the module is instantiated (`init()` in index.html).
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    spawn_local(async move {
        let view = View { document };
        if let Err(message) = open(view.clone()).await {
            view.fail(&message);
        }
    });
}

/// The order being paid.
#[derive(Clone)]
struct Current {
    order: String,
    invoice: String,
    amount: Amount,
    address: String,
}

/// The page's state, shared by its buttons.
struct Page {
    view: View,
    checkout: CheckoutOf<Mileston>,
    current: RefCell<Option<Current>>,
}

/// The page's fields, found by element ID; `<main id="shop">` carries the
/// page's state as `data-state` (`loading`, `ready`, `ordering`, `pending`,
/// `paying`, `paid`, `error`), which the stylesheet and the tests read.
#[derive(Clone)]
struct View {
    document: Document,
}

impl View {
    fn element(&self, id: &str) -> Option<Element> {
        self.document.get_element_by_id(id)
    }

    fn set(&self, id: &str, text: &str) {
        if let Some(e) = self.element(id) {
            e.set_text_content(Some(text));
        }
    }

    fn state(&self, state: &str) {
        if let Some(e) = self.element("shop") {
            let _ = e.set_attribute("data-state", state);
        }
        self.set("message", "");
    }

    fn enable(&self, id: &str, on: bool) {
        if let Some(b) = self
            .element(id)
            .and_then(|e| e.dyn_into::<HtmlButtonElement>().ok())
        {
            b.set_disabled(!on);
        }
    }

    fn fail(&self, message: &str) {
        if let Some(e) = self.element("shop") {
            let _ = e.set_attribute("data-state", "error");
        }
        self.set("message", message);
    }

    /// A button with `id` and `text` in `#parent`, calling `click`.
    fn button(&self, parent: &str, id: &str, text: &str, click: impl FnMut() + 'static) {
        let (Some(parent), Ok(button)) =
            (self.element(parent), self.document.create_element("button"))
        else {
            return;
        };
        button.set_id(id);
        button.set_text_content(Some(text));
        let click = Closure::<dyn FnMut()>::new(click);
        let _ = button.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
        // The page lives as long as the document: the handler is never freed.
        click.forget();
        let _ = parent.append_child(&button);
    }
}

/// Reads the server's configuration, then offers the catalogue.
async fn open(view: View) -> Result<(), String> {
    let config = call("GET", routes::CONFIG, None).await?;
    let checkout = match string(&config, "api") {
        Some(api) => Mileston::checkout()
            .with_base_url(&api)
            .map_err(|e| e.to_string())?,
        None => Mileston::checkout(),
    };
    let page = Rc::new(Page {
        view: view.clone(),
        checkout,
        current: RefCell::new(None),
    });
    for item in &ITEMS {
        let page = page.clone();
        let text = format!("{} · {} USDC", item.name, item.price);
        view.button("items", &format!("buy-{}", item.id), &text, move || {
            let page = page.clone();
            spawn_local(async move {
                if let Err(message) = order(&page, item).await {
                    page.view.fail(&message);
                }
            });
        });
    }
    let pay = page.clone();
    view.button("pay-slot", "pay", "Pay", move || {
        let page = pay.clone();
        spawn_local(async move {
            if let Err(message) = self::pay(&page).await {
                page.view.fail(&message);
            }
        });
    });
    view.enable("pay", false);
    view.state("ready");
    Ok(())
}

/// Orders `item`: the server creates its invoice; the checkout handle reads
/// it and the address to pay to.
async fn order(page: &Page, item: &'static Item) -> Result<(), String> {
    let view = &page.view;
    view.state("ordering");
    view.enable("pay", false);
    let body = format!("{{\"item\":\"{}\"}}", item.id);
    let order = call("POST", routes::ORDERS, Some(&body)).await?;
    let (Some(id), Some(invoice)) = (string(&order, "order"), string(&order, "invoice")) else {
        return Err("the server's answer has no order".to_owned());
    };
    view.set("item", item.name);
    view.set("order", &id);
    view.set(
        "order-status",
        &string(&order, "status").unwrap_or_default(),
    );
    view.set("invoice", &invoice);
    let payment = page
        .checkout
        .get_payment(PaymentKind::Invoice, &invoice)
        .await
        .map_err(|e| e.to_string())?;
    let status = payment.status().map_or("unknown", |s| s.as_str());
    view.set("amount", payment.amount().as_str());
    view.set("status", status);
    let wallet = page
        .checkout
        .payment_wallet(CHAIN, None)
        .await
        .map_err(|e| e.to_string())?;
    view.set("address", &wallet.public_key);
    *page.current.borrow_mut() = Some(Current {
        order: id,
        invoice,
        amount: payment.amount().clone(),
        address: wallet.public_key,
    });
    view.state(status);
    view.enable("pay", !payment.is_paid());
    Ok(())
}

/// Pays the current order: records the payment as Mileston's checkout does
/// once the transfer is final, then waits for the server to have the webhook.
async fn pay(page: &Page) -> Result<(), String> {
    let view = &page.view;
    let Some(current) = page.current.borrow().clone() else {
        return Err("order something first".to_owned());
    };
    view.enable("pay", false);
    view.state("paying");
    // The sandbox's transfer: a made-up transaction, unique per payment.
    let transaction = format!("sandboxFAKEtx-{}-{}", current.invoice, js_sys::Date::now());
    let payment = SavePayment::new(
        current.invoice.as_str(),
        PAYER,
        current.address.as_str(),
        current.amount.clone(),
        transaction,
        CHAIN,
        Asset::Usdc,
    );
    page.checkout
        .save_payment(PaymentKind::Invoice, &payment)
        .await
        .map_err(|e| e.to_string())?;
    let path = format!("{}/{}", routes::ORDERS, current.order);
    loop {
        let order = call("GET", &path, None).await?;
        if string(&order, "status").as_deref() == Some(status::PAID) {
            break;
        }
        sleep(REFRESH).await;
    }
    // Mileston's side, read through the checkout handle.
    let invoice = page
        .checkout
        .get_payment(PaymentKind::Invoice, &current.invoice)
        .await
        .map_err(|e| e.to_string())?;
    view.set("status", invoice.status().map_or("unknown", |s| s.as_str()));
    view.set("order-status", status::PAID);
    view.state(status::PAID);
    Ok(())
}

/// A call to the shop's server; its JSON answer, or its `message`.
async fn call(method: &str, path: &str, body: Option<&str>) -> Result<JsValue, String> {
    let failed = |e: JsValue| format!("{method} {path}: {}", describe(&e));
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(failed)?;
    if body.is_some() {
        request
            .headers()
            .set("content-type", "application/json")
            .map_err(failed)?;
    }
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .and_then(|r| r.dyn_into())
        .map_err(failed)?;
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    let json = JSON::parse(&text).unwrap_or(JsValue::NULL);
    if response.ok() {
        Ok(json)
    } else {
        let message = string(&json, "message").unwrap_or(text);
        Err(format!("{method} {path}: {} {message}", response.status()))
    }
}

/// The string member `name` of a JSON object.
fn string(json: &JsValue, name: &str) -> Option<String> {
    Reflect::get(json, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| string(e, "message"))
        .unwrap_or_else(|| "failed".to_owned())
}

/// Waits `d` (the window's `setTimeout`, as a future).
async fn sleep(d: Duration) {
    let ms = i32::try_from(d.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
