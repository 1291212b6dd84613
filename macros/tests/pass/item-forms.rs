// The attribute keeps the item as written: doc comments, other attributes
// (before and after it), restricted visibility, a trailing comma.
mod shop {
    use mileston_config::mileston_config;

    /// The shop's keys.
    #[derive(Clone, Copy, Debug)]
    #[mileston_config(checkout = "UI_CHECKOUT_KEY", business_id = "UI_BUSINESS_ID",)]
    #[allow(dead_code)]
    pub(crate) struct Shop;

    #[mileston_config(checkout, business_id = "UI_BUSINESS_ID")]
    pub(in crate::shop) struct Inner;

    #[mileston_config(checkout)]
    struct Private;

    pub fn ids() -> [String; 2] {
        assert_eq!(Inner::checkout().key().expose_secret(), Private::checkout().key().expose_secret());
        [Inner::business_id().as_str().to_owned(), Private::business_id().as_str().to_owned()]
    }
}

fn main() {
    let shop = shop::Shop;
    assert_eq!(format!("{:?}", shop.clone()), "Shop");
    assert_eq!(
        shop::Shop::checkout().key().expose_secret(),
        "Mileston_TEST_CHECKOUTKEY_FAKEuiCheckout0001"
    );
    assert_eq!(shop::ids(), ["biz_ui_0001", "biz_ui_default"]);
}
