// `load = "start"`: nothing is read at build time; `load()` reads the values when the process
// starts, and a handle asked for before a successful `load()` panics, naming it. With
// `load = "build"` (the default), `load()` refuses a variable set at run time to another value.
use mileston_config::{BackendClient, Test, mileston_config};

#[mileston_config(
    backend = "UI_START_API_KEY",
    checkout = "UI_CHECKOUT_KEY",
    business_id = "UI_BUSINESS_ID",
    load = "start",
    mode = "test"
)]
pub struct Shop;

#[mileston_config(checkout = "UI_CHECKOUT_KEY", business_id = "UI_BUSINESS_ID")]
pub struct Built;

fn panic_message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let payload = std::panic::catch_unwind(f).unwrap_err();
    payload.downcast_ref::<String>().cloned().unwrap_or_default()
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    assert_eq!(
        panic_message(|| drop(Shop::backend())),
        "Shop::backend() was called before Shop::load() succeeded: with `load = \"start\"` the \
         values are read when the process starts; call Shop::load() once at start, and stop on \
         its error, before any handle is used"
    );

    // Unset when this runs (tests/ui.rs).
    let err = Shop::load().unwrap_err().to_string();
    assert!(
        err.starts_with(
            "Shop::load(): UI_START_API_KEY is not set: `backend` needs the normal API key; give \
             the process exactly one of the variable UI_START_API_KEY, a file named by \
             UI_START_API_KEY_FILE, or the systemd credential \
             $CREDENTIALS_DIRECTORY/UI_START_API_KEY (found none of them"
        ),
        "{err}"
    );
    // SAFETY: one thread.
    unsafe { std::env::set_var("UI_START_API_KEY", "Mileston_TEST_FAKEuiStartNormal0009") };
    Shop::load().unwrap();
    let backend: BackendClient<Test> = Shop::backend();
    assert_eq!(format!("{:?}", backend.key()), "NormalKey(Mileston_TEST_****0009)");
    assert_eq!(Shop::business_id().as_str(), "biz_ui_0001");
    assert_eq!(Shop::checkout().business_id().as_str(), "biz_ui_0001");

    assert_eq!(Built::load(), Ok(()));
    // SAFETY: one thread.
    unsafe { std::env::set_var("UI_CHECKOUT_KEY", "Mileston_TEST_CHECKOUTKEY_FAKEuiRotated0002") };
    assert_eq!(
        Built::load().unwrap_err().to_string(),
        "Built::load(): UI_CHECKOUT_KEY is given to this process (as the variable, by its \
         `_FILE` or as a systemd credential) with a value other than the one built into this \
         binary, or so that it cannot be read; the value built in is the one used: this crate \
         reads its values at build time (`load = \
         \"build\"`, the default); rebuild it with the new value, or build it with `load = \
         \"start\"` to read the values when the process starts"
    );
    assert!(Built::checkout().key().expose_secret().ends_with("FAKEuiCheckout0001"));
}
