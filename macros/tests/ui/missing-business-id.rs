use mileston_config::mileston_config;

#[mileston_config(checkout = "UI_CHECKOUT_KEY", business_id = "UI_UNSET_BUSINESS_ID")]
pub struct Mileston;

fn main() {}
