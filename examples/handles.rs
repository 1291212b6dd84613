//! The attribute on its own: keys from the environment (or a `.env` file),
//! checked at build time, injected into typed handles.
//!
//! ```sh
//! cargo run --example handles
//! SANDBOX_API_KEY=Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0001 cargo run --example handles
//! ```
//! The `SANDBOX_*` variables hold the sandbox's documented fake keys, set for
//! this workspace in `.cargo/config.toml` (an app of yours would declare
//! `#[mileston_config(backend, checkout)]` and read `MILESTON_API_KEY`,
//! `MILESTON_CHECKOUT_KEY` and `MILESTON_BUSINESS_ID`). The second command puts
//! a checkout key where the normal key goes: the build fails with the reason.

use mileston_config::credentials::BusinessId;
use mileston_config::{BackendClient, CheckoutClient, Test, mileston_config};

#[mileston_config(
    backend = "SANDBOX_API_KEY",
    checkout = "SANDBOX_CHECKOUT_KEY",
    business_id = "SANDBOX_BUSINESS_ID"
)]
pub struct Mileston;

fn main() {
    let backend: BackendClient<Test> = Mileston::backend();
    let checkout: CheckoutClient<Test> = Mileston::checkout();
    let id: BusinessId = Mileston::business_id();
    println!("mode:        {}", Mileston::MODE);
    println!("business id: {id}");
    println!("backend:     {backend:?}");
    println!("checkout:    {checkout:?}");
}
