use mileston_config::mileston_config;

#[mileston_config(backend = "UI_KEY_NEWLINE", checkout = "UI_API_KEY", business_id = "UI_BIZ_KEY")]
pub struct Mileston;

fn main() {}
