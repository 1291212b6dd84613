// `base_url` points both handles at one origin (a local sandbox), checked at build time.
use mileston_config::mileston_config;

#[mileston_config(
    backend = "UI_API_KEY",
    checkout = "UI_CHECKOUT_KEY",
    business_id = "UI_BUSINESS_ID",
    base_url = "HTTP://127.0.0.1:4010/"
)]
pub struct Sandboxed;

#[mileston_config(checkout = "UI_CHECKOUT_KEY", business_id = "UI_BUSINESS_ID")]
pub struct Production;

// Live keys at another origin than Mileston's: only when said so.
#[mileston_config(
    checkout = "UI_LIVE_CHECKOUT_KEY",
    business_id = "UI_BUSINESS_ID",
    base_url = "https://gateway.example",
    allow_live_base_url
)]
pub struct LiveThroughGateway;

fn main() {
    assert_eq!(Sandboxed::backend().base_url(), Some("http://127.0.0.1:4010"));
    assert_eq!(Sandboxed::checkout().base_url(), Some("http://127.0.0.1:4010"));
    assert_eq!(Production::checkout().base_url(), None);
    assert_eq!(LiveThroughGateway::checkout().base_url(), Some("https://gateway.example"));
    assert_eq!(LiveThroughGateway::MODE, mileston_config::KeyMode::Live);
}
