use mileston_config::mileston_config;

#[mileston_config(checkout = "UI_LIVE_CHECKOUT_KEY", business_id = "UI_BUSINESS_ID", base_url = "http://127.0.0.1:4010")]
pub struct Mileston;

fn main() {}
