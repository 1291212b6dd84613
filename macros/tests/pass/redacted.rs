// Debug and Display of keys and handles show kind, mode and at most the last 4 characters.
use mileston_config::mileston_config;

#[mileston_config(backend = "UI_API_KEY", checkout = "UI_CHECKOUT_KEY", business_id = "UI_BUSINESS_ID")]
pub struct Mileston;

fn main() {
    let backend = format!("{:?} {:#?}", Mileston::backend(), Mileston::backend());
    let checkout = format!("{:?} {}", Mileston::checkout(), Mileston::checkout().key());
    for (text, key) in [
        (&backend, Mileston::backend().key().expose_secret()),
        (&checkout, Mileston::checkout().key().expose_secret()),
    ] {
        assert!(!text.contains(key), "{text}");
        assert!(!text.contains(&key[key.len() - 8..]), "{text}");
    }
    assert!(backend.contains("NormalKey(Mileston_TEST_****0001)"), "{backend}");
    assert!(checkout.contains("Mileston_TEST_CHECKOUTKEY_****0001"), "{checkout}");
}
