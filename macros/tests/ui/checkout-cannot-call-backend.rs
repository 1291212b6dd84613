// The checkout handle has no backend operation: creating a payment link with it does not compile.
use mileston_config::{backend::NewPaymentLink, mileston_config, types::Amount};

#[mileston_config(checkout = "UI_CHECKOUT_KEY", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

async fn create() {
    let link = NewPaymentLink::new(Amount::new("1.00").unwrap());
    let _ = Mileston::checkout().create_payment_link(&link).await;
    let _ = Mileston::checkout().delete_invoice("inv_1").await;
}

fn main() {
    let _ = create();
}
