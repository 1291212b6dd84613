use mileston_config::mileston_config;

#[mileston_config(backend = "UI_API_KEY", wallet = "UI_API_KEY", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {}
