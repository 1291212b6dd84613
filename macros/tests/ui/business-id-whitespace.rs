use mileston_config::mileston_config;

#[mileston_config(checkout = "UI_CHECKOUT_KEY", business_id = "UI_BIZ_SPACE")]
pub struct Mileston;

fn main() {}
