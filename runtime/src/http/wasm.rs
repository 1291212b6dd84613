//! wasm transport: the host's `fetch` (browser, web worker, Cloudflare
//! Workers, Deno, Node 18+), called as a global function so no `Window` is
//! needed. The timeout aborts the request through an `AbortController`.
//! Answers are read with `miniserde` (see `wire.rs`).

use core::time::Duration;

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, RequestRedirect, Response};

use super::{Call, Error, MAX_BODY, Reply, parse_retry_after};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_request(request: &Request) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// What a JS exception says (its `message`, or the value as a string).
fn js_message(v: &JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    v.as_string().unwrap_or_else(|| "fetch failed".to_owned())
}

fn transport(v: JsValue) -> Error {
    Error::Transport {
        message: js_message(&v),
    }
}

fn millis(d: Duration) -> i32 {
    i32::try_from(d.as_millis()).unwrap_or(i32::MAX)
}

pub(super) async fn send(call: &Call<'_>, timeout: Duration) -> Result<Reply, Error> {
    let headers = Headers::new().map_err(transport)?;
    if let Some(auth) = call.auth {
        headers.set("apikey", auth.key).map_err(transport)?;
        headers
            .set("businessid", auth.business_id)
            .map_err(transport)?;
    }
    let init = RequestInit::new();
    init.set_method(call.method.as_str());
    // A redirect would carry the `apikey` header to wherever it points.
    init.set_redirect(RequestRedirect::Error);
    if let Some(body) = &call.body {
        headers
            .set("content-type", "application/json")
            .map_err(transport)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let controller = AbortController::new().map_err(transport)?;
    let signal = controller.signal();
    init.set_signal(Some(&signal));
    let request = Request::new_with_str_and_init(&call.url, &init).map_err(transport)?;

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
        let text = JsFuture::from(response.text()?).await?;
        Ok::<_, JsValue>((status, retry_after, text.as_string().unwrap_or_default()))
    }
    .await;
    clear_timeout(&timer);
    drop(on_timeout);

    match result {
        Ok((status, retry_after, text)) => {
            if text.len() > MAX_BODY {
                return Err(Error::Decode {
                    status,
                    message: format!("the answer is larger than {} MiB", MAX_BODY >> 20),
                });
            }
            Ok(Reply {
                status,
                retry_after,
                body: text.into_bytes(),
            })
        }
        Err(_) if signal.aborted() => Err(Error::Timeout { after: timeout }),
        Err(e) => Err(transport(e)),
    }
}

pub(super) async fn sleep(d: Duration) {
    let ms = millis(d);
    let promise = Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// A number in [0, 1) for backoff jitter.
pub(super) fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// JSON text as `T`, read by `miniserde`. Its error carries no message, so
/// what did not match is not said (and no formatting code comes with it).
pub(super) fn from_json<T: miniserde::Deserialize>(body: &[u8]) -> Result<T, String> {
    core::str::from_utf8(body)
        .ok()
        .and_then(|text| miniserde::json::from_str(text).ok())
        .ok_or_else(|| String::from("the answer does not match the protocol"))
}
