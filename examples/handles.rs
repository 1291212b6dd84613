//! The attribute on its own: keys from the environment (or a `.env` file),
//! checked at build time, injected into typed handles.
//!
//! ```sh
//! MILESTON_API_KEY=Mileston_TEST_sandboxFAKEnormal00000001 \
//! MILESTON_CHECKOUT_KEY=Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0001 \
//! MILESTON_BUSINESS_ID=biz_sandbox_0001 \
//! cargo run --example handles
//! ```
//! (These are the sandbox's documented fake keys.) Change a key to something
//! malformed, or swap the two, and the build fails with the reason.

use mileston_config::{BackendClient, BusinessId, CheckoutClient, Test, mileston_config};

#[mileston_config(backend, checkout)]
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
