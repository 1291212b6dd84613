use mileston_config::mileston_config;

#[mileston_config(checkout = "UI_CHECKOUT_KEY", business_id = "Mileston_TEST_CHECKOUTKEY_FAKEliteral0001")]
pub struct Mileston;

fn main() {}
