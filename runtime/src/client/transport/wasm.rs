//! wasm transport: the host's `fetch` (browser, web worker, Cloudflare
//! Workers, Deno, Node 18+), called as a global function so no `Window` is
//! needed. The timeout aborts the request through an `AbortController`. The
//! answer is handed over as its bytes, as natively, so that the decoder sees
//! the same input on both targets.

use core::time::Duration;

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, RequestRedirect, Response};

use mileston_config_core::protocol::{Method, header};

use crate::client::error::Error;
use crate::client::request::{
    Lost, MAX_BODY, NoAnswer, Reply, Request, parse_retry_after, too_big,
};
use crate::client::settings::Settings;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_request(request: &web_sys::Request) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    /// `Uint8Array.prototype.set.call(dst, src)`: copies `src` into `dst`.
    /// js-sys binds it the same way, privately, behind `to_vec`, whose
    /// length assertion brings panic formatting into the page (~0.3 KB).
    #[wasm_bindgen(js_namespace = Uint8Array, js_name = "prototype.set.call")]
    fn copy_into(dst: &mut [u8], src: &js_sys::Uint8Array);
}

/// What a JS exception says (its `message`, or the value as a string).
fn js_message(v: &JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    v.as_string().unwrap_or_else(|| "fetch failed".to_owned())
}

/// `fetch`'s failures say nothing of whether the request left: each may
/// have been sent.
fn transport(v: JsValue) -> NoAnswer {
    NoAnswer {
        lost: Lost::Connection,
        error: Error::Transport {
            message: js_message(&v),
        },
    }
}

fn millis(d: Duration) -> i32 {
    i32::try_from(d.as_millis()).unwrap_or(i32::MAX)
}

pub(crate) async fn send(call: &Request<'_>, settings: &Settings) -> Result<Reply, NoAnswer> {
    let timeout = settings.timeout();
    let headers = Headers::new().map_err(transport)?;
    if let Some(id) = call.identity {
        headers.set(header::API_KEY, id.key).map_err(transport)?;
        headers
            .set(header::BUSINESS_ID, id.business_id)
            .map_err(transport)?;
    }
    for (name, value) in &call.headers {
        headers.set(name, value).map_err(transport)?;
    }
    if call.json() {
        headers
            .set(header::CONTENT_TYPE, header::JSON)
            .map_err(transport)?;
    }
    let init = RequestInit::new();
    init.set_method(call.method.as_str());
    // A redirect would carry the `apikey` header to wherever it points.
    init.set_redirect(RequestRedirect::Error);
    match &call.body {
        // `fetch` refuses a body on a `GET` (a TypeError, nothing sent); the
        // backend SDK's `{}` is dropped there, as axios's browser adapter
        // (XMLHttpRequest) drops it.
        Some(_) if call.method == Method::Get => {}
        Some(bytes) => init.set_body(&js_sys::Uint8Array::from(&bytes[..])),
        None => {}
    }
    init.set_headers(&headers);
    let controller = AbortController::new().map_err(transport)?;
    let signal = controller.signal();
    init.set_signal(Some(&signal));
    let request = web_sys::Request::new_with_str_and_init(&call.url, &init).map_err(transport)?;

    let on_timeout: Closure<dyn FnMut()> = Closure::once(move || controller.abort());
    let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), millis(timeout));
    let result = async {
        let response: Response = JsFuture::from(fetch_request(&request)).await?.dyn_into()?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|v| parse_retry_after(&v));
        // The bytes as sent (`text()` would replace invalid UTF-8, which the
        // decoder must see and refuse as it does natively).
        let bytes = js_sys::Uint8Array::new(&JsFuture::from(response.array_buffer()?).await?);
        Ok::<_, JsValue>((status, retry_after, bytes))
    }
    .await;
    clear_timeout(&timer);
    drop(on_timeout);

    match result {
        Ok((status, retry_after, bytes)) => {
            if bytes.length() as usize > MAX_BODY {
                return Err(NoAnswer {
                    lost: Lost::Unreadable,
                    error: too_big(status),
                });
            }
            let mut body = vec![0; bytes.length() as usize];
            copy_into(&mut body, &bytes);
            Ok(Reply {
                status,
                retry_after,
                body,
            })
        }
        Err(_) if signal.aborted() => Err(NoAnswer {
            lost: Lost::Timeout,
            error: Error::Timeout { after: timeout },
        }),
        Err(e) => Err(transport(e)),
    }
}

pub(crate) async fn sleep(d: Duration) {
    let ms = millis(d);
    let promise = Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds since the Unix epoch, by the host's clock
/// (`std::time::SystemTime` panics on `wasm32-unknown-unknown`).
pub(crate) fn unix_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// A number in [0, 1) for backoff jitter.
pub(crate) fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// Milliseconds since the epoch, for a request's latency (feature
/// `tracing`): `std::time::Instant` panics on `wasm32-unknown-unknown`.
#[cfg(feature = "tracing")]
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}
