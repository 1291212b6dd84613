// `wallet` and `webhook`: the backend-only secrets, with handles that show nothing of them.
use mileston_config::{Test, WalletClient, WebhookVerifier, mileston_config};

#[mileston_config(
    wallet = "UI_WALLET_SECRET",
    webhook = "UI_WEBHOOK_TOKEN",
    backend = "UI_API_KEY",
    business_id = "UI_BUSINESS_ID"
)]
pub struct Mileston;

// `wallet` alone reads the normal key too (the wallet API takes both).
#[mileston_config(wallet = "UI_WALLET_SECRET", business_id = "UI_BUSINESS_ID")]
pub struct WalletOnly;

fn main() {
    let wallet: WalletClient<Test> = Mileston::wallet();
    let webhooks: WebhookVerifier<Test> = Mileston::webhook();
    assert_eq!(wallet.secret().expose_secret(), "FAKEuiWalletSigningSecret0001");
    assert_eq!(wallet.key(), Mileston::backend().key());
    let shown = format!("{wallet:?} {webhooks:?} {:#?} {}", Mileston::wallet(), wallet.secret());
    for secret in ["FAKEuiWalletSigning", "FAKEuiWebhookToken", "0001 "] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("WalletSecret(<redacted>)"), "{shown}");
    assert!(shown.contains("WebhookToken(<redacted>)"), "{shown}");
    assert_eq!(WalletOnly::wallet().key().expose_secret(), "Mileston_TEST_FAKEdefaultNormal0001");
    assert_eq!(WalletOnly::backend().business_id().as_str(), "biz_ui_0001");
}
