// `Mileston_PROD_…` is a live key, like `Mileston_LIVE_…`.
use mileston_config::{BackendClient, CheckoutClient, KeyMode, Live, mileston_config};

#[mileston_config(
    backend = "UI_PROD_API_KEY",
    checkout = "UI_LIVE_CHECKOUT_KEY",
    business_id = "UI_BUSINESS_ID"
)]
pub struct Mileston;

#[mileston_config(backend = "UI_PROD_API_KEY", business_id = "UI_BUSINESS_ID", mode = "live")]
pub struct Pinned;

fn main() {
    let _: BackendClient<Live> = Mileston::backend();
    let _: CheckoutClient<Live> = Mileston::checkout();
    let _: BackendClient<Live> = Pinned::backend();
    assert_eq!(Mileston::MODE, KeyMode::Live);
    assert_eq!(Pinned::MODE, KeyMode::Live);
}
