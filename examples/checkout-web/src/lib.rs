//! A checkout page in the browser: reads `?kind=…&id=…[&api=…]` from the URL,
//! shows the payment's amount and status through the checkout handle, and
//! asks again every 500 ms until the payment is paid.
//!
//! Only the checkout key is declared: it is made for frontends. `backend`
//! here would be a compile error (a normal key never goes into a wasm build).
//! The variables hold the sandbox's documented fake keys by default (the
//! workspace's `.cargo/config.toml`); set them in the environment to build
//! against your own business.

use core::time::Duration;

use mileston_config::{Error, Mode, mileston_config};
use mileston_config::checkout::Payment;
use mileston_config::types::{PaymentKind, PaymentStatus};
use wasm_bindgen::prelude::*;
use web_sys::{Document, UrlSearchParams};

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[mileston_config(checkout = "SANDBOX_CHECKOUT_KEY", business_id = "SANDBOX_BUSINESS_ID")]
pub struct Mileston;

/// How long to wait between two status reads.
const REFRESH: Duration = Duration::from_millis(500);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32);
}

/// Runs when the module is instantiated (`init()` in index.html).
#[wasm_bindgen(start)]
pub fn start() {
    wasm_bindgen_futures::spawn_local(run());
}

/// The page's fields, found by element ID.
struct View {
    document: Document,
}

impl View {
    fn set(&self, id: &str, text: &str) {
        if let Some(e) = self.document.get_element_by_id(id) {
            e.set_text_content(Some(text));
        }
    }

    /// The state the page is in (`loading`, `pending`, `paid`, `unknown`,
    /// `error`), as the `data-state` of `<main>`: the stylesheet and tests
    /// read it.
    fn state(&self, state: &str) {
        if let Some(e) = self.document.get_element_by_id("checkout") {
            let _ = e.set_attribute("data-state", state);
        }
    }

    fn show(&self, payment: &Payment) {
        // Mileston's types give a payment link no status (it can be paid many
        // times): the page shows `unknown` and stops asking (`follow`).
        let status = payment.status().map_or("unknown", PaymentStatus::as_str);
        self.set("amount", payment.amount().as_str());
        self.set("status", status);
        self.set("message", "");
        self.state(status);
    }

    fn fail(&self, message: &str) {
        self.set("message", message);
        self.state("error");
    }
}

fn parse_kind(s: &str) -> Option<PaymentKind> {
    match s {
        "invoice" => Some(PaymentKind::Invoice),
        "paymentlink" | "payment-link" => Some(PaymentKind::PaymentLink),
        "recurring" => Some(PaymentKind::Recurring),
        _ => None,
    }
}

async fn sleep(d: Duration) {
    let ms = i32::try_from(d.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| set_timeout(&resolve, ms));
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Whether asking again may help (no answer, a timeout, 429 or a 5xx); a
/// 4xx (unknown payment, refused key) will not change by itself.
fn transient(e: &Error) -> bool {
    match e.status() {
        Some(s) => s == 429 || s >= 500,
        None => !e.is_invalid_input(),
    }
}

async fn run() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let view = View { document };
    let location = window.location();
    let query = location.search().unwrap_or_default();
    let Ok(params) = UrlSearchParams::new_with_str(&query) else {
        return view.fail("cannot read the page's URL");
    };
    let Some(kind) = params.get("kind").as_deref().and_then(parse_kind) else {
        return view.fail("add ?kind=invoice|paymentlink|recurring&id=… to the URL");
    };
    let Some(id) = params.get("id").filter(|id| !id.is_empty()) else {
        return view.fail("add &id=… (the payment's ID) to the URL");
    };
    // The API's base URL: `?api=`, or the page's own origin (the sandbox
    // serving the page with `--static`).
    let api = match params.get("api") {
        Some(api) => api,
        None => location.origin().unwrap_or_default(),
    };
    view.set("kind", kind.pattern());
    view.set("id", &id);
    match Mileston::checkout().with_base_url(&api) {
        Ok(client) => follow(&view, &client, kind, &id).await,
        Err(e) => view.fail(&e.to_string()),
    }
}

/// Reads the payment until it is paid (or its status is unknown: asking
/// again would not tell), showing each answer.
async fn follow<M: Mode>(
    view: &View,
    client: &mileston_config::CheckoutClient<M>,
    kind: PaymentKind,
    id: &str,
) {
    loop {
        match client.get_payment(kind, id).await {
            Ok(payment) => {
                view.show(&payment);
                if payment.is_paid() || payment.status().is_none() {
                    return;
                }
            }
            Err(e) => {
                view.fail(&e.to_string());
                if !transient(&e) {
                    return;
                }
            }
        }
        sleep(REFRESH).await;
    }
}
