use mileston_config::mileston_config;

#[mileston_config(backend = "UI_CHECKOUT_KEY", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {}
