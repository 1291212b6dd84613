//! The sandbox's two fake tenants (see `docs/wire-protocol.md`, "Sandbox tenants").
//!
//! These keys were made up for the sandbox: Mileston never issued them, they
//! authenticate nowhere but here, and their bodies say `sandboxFAKE` so that a
//! reader and the project's key scanner can tell. They are safe to commit and
//! to print.

/// The first tenant's business ID.
pub const BUSINESS_ID: &str = "biz_sandbox_0001";
/// The first tenant's normal (backend) test key.
pub const API_KEY: &str = "Mileston_TEST_sandboxFAKEnormal00000001";
/// The first tenant's checkout (frontend) test key.
pub const CHECKOUT_KEY: &str = "Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0001";

/// The second tenant's business ID, for tests of isolation between businesses.
pub const OTHER_BUSINESS_ID: &str = "biz_sandbox_0002";
/// The second tenant's normal (backend) test key.
pub const OTHER_API_KEY: &str = "Mileston_TEST_sandboxFAKEnormal00000002";
/// The second tenant's checkout (frontend) test key.
pub const OTHER_CHECKOUT_KEY: &str = "Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0002";

/// One fake tenant: a business and its two keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// The business ID, sent in the `businessid` header.
    pub business_id: &'static str,
    /// The normal key: backend endpoints and checkout endpoints.
    pub api_key: &'static str,
    /// The checkout key: checkout endpoints only.
    pub checkout_key: &'static str,
}

/// Every tenant the sandbox knows, in the order of the spec's table.
pub const TENANTS: [Tenant; 2] = [
    Tenant {
        business_id: BUSINESS_ID,
        api_key: API_KEY,
        checkout_key: CHECKOUT_KEY,
    },
    Tenant {
        business_id: OTHER_BUSINESS_ID,
        api_key: OTHER_API_KEY,
        checkout_key: OTHER_CHECKOUT_KEY,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use mileston_config_core::key::{KeyKind, KeyMode, parse};

    #[test]
    fn fake_keys_are_well_formed_test_keys_of_the_right_kind() {
        for t in TENANTS {
            let normal = parse(t.api_key).expect("normal key parses");
            assert_eq!((normal.kind, normal.mode), (KeyKind::Normal, KeyMode::Test));
            let checkout = parse(t.checkout_key).expect("checkout key parses");
            assert_eq!(
                (checkout.kind, checkout.mode),
                (KeyKind::Checkout, KeyMode::Test)
            );
            assert!(t.api_key.contains("sandboxFAKE") && t.checkout_key.contains("sandboxFAKE"));
        }
    }
}
