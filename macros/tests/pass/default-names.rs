// MILESTON_API_KEY, MILESTON_CHECKOUT_KEY and MILESTON_BUSINESS_ID, set by tests/ui.rs.
use mileston_config::{BackendClient, CheckoutClient, KeyMode, Test, mileston_config};
use mileston_config::credentials::BusinessId;

#[mileston_config(backend, checkout)]
pub struct Mileston;

fn main() {
    let backend: BackendClient<Test> = Mileston::backend();
    let checkout: CheckoutClient<Test> = Mileston::checkout();
    let id: BusinessId = Mileston::business_id();
    assert_eq!(Mileston::MODE, KeyMode::Test);
    assert_eq!(backend.key().expose_secret(), "Mileston_TEST_FAKEdefaultNormal0001");
    assert_eq!(checkout.key().expose_secret(), "Mileston_TEST_CHECKOUTKEY_FAKEdefaultCheckout01");
    assert_eq!(id.as_str(), "biz_ui_default");
    assert_eq!(backend.business_id(), &id);
}
