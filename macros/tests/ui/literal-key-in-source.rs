use mileston_config::mileston_config;

#[mileston_config(backend = "Mileston_TEST_FAKEwrittenInSource01", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {}
