use mileston_config::{CheckoutClient, Test, mileston_config};

#[mileston_config(checkout = "UI_UNSET_KEY", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {
    // Only the missing key is reported, not errors about `checkout()`.
    let _handle: CheckoutClient<Test> = Mileston::checkout();
}
