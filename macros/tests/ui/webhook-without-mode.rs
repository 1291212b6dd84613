// A receiver that declares only the webhook token: no key decides its mode,
// and a test receiver in production would refuse every real delivery.
use mileston_config::mileston_config;

#[mileston_config(webhook = "UI_WEBHOOK_TOKEN", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {}
