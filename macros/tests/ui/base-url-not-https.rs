use mileston_config::mileston_config;

#[mileston_config(
    checkout = "UI_CHECKOUT_KEY",
    business_id = "UI_BUSINESS_ID",
    base_url = "http://sandbox.example.com"
)]
pub struct Mileston;

fn main() {}
