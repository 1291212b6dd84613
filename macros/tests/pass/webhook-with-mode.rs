// A receiver that declares only the webhook token pins its mode.
use mileston_config::{Live, WebhookVerifier, mileston_config};

#[mileston_config(webhook = "UI_WEBHOOK_TOKEN", business_id = "UI_BUSINESS_ID", mode = "live")]
pub struct Receiver;

fn main() {
    let _: WebhookVerifier<Live> = Receiver::webhook();
}
