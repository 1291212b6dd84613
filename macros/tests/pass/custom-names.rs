use mileston_config::{CheckoutClient, Test, mileston_config};

#[mileston_config(checkout = "UI_CHECKOUT_KEY", business_id = "UI_BUSINESS_ID")]
pub struct Shop;

fn main() {
    let checkout: CheckoutClient<Test> = Shop::checkout();
    assert_eq!(checkout.key().expose_secret(), "Mileston_TEST_CHECKOUTKEY_FAKEuiCheckout0001");
    assert_eq!(Shop::business_id().as_str(), "biz_ui_0001");
}
