use mileston_config::mileston_config;

#[mileston_config(checkout = "UI CHECKOUT KEY", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {}
