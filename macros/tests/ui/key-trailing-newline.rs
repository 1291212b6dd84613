use mileston_config::mileston_config;

#[mileston_config(backend = "UI_KEY_NEWLINE", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {}
