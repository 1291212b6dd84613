use mileston_config::mileston_config;

#[mileston_config(
    backend = "UI_API_KEY",
    business_id = "UI_BUSINESS_ID",
    load = "start",
    mode = "live",
    base_url = "http://127.0.0.1:4010"
)]
pub struct Mileston;

fn main() {}
