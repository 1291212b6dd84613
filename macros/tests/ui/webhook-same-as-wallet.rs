use mileston_config::mileston_config;

#[mileston_config(wallet = "UI_WALLET_SECRET", webhook = "UI_WALLET_SECRET", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {}
