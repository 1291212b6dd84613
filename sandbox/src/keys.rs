//! The sandbox's two fake tenants (see `docs/wire-protocol.md`, "Sandbox tenants").
//!
//! These keys and secrets were made up for the sandbox: Mileston never issued
//! them, they authenticate nowhere but here, and they say `sandboxFAKE` so
//! that a reader and the project's key scanner can tell. They are safe to
//! commit and to print.

/// The first tenant's business ID.
pub const BUSINESS_ID: &str = "biz_sandbox_0001";
/// The first tenant's normal (backend) test key.
pub const API_KEY: &str = "Mileston_TEST_sandboxFAKEnormal00000001";
/// The first tenant's checkout (frontend) test key.
pub const CHECKOUT_KEY: &str = "Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0001";
/// The first tenant's wallet signing secret (Mileston's `MILESTON_SECRET_KEY`).
pub const WALLET_SECRET: &str = "sandboxFAKE-wallet-secret-0001";
/// The first tenant's webhook verification token.
pub const WEBHOOK_TOKEN: &str = "sandboxFAKE-webhook-token-0001";

/// The second tenant's business ID, for tests of isolation between businesses.
pub const OTHER_BUSINESS_ID: &str = "biz_sandbox_0002";
/// The second tenant's normal (backend) test key.
pub const OTHER_API_KEY: &str = "Mileston_TEST_sandboxFAKEnormal00000002";
/// The second tenant's checkout (frontend) test key.
pub const OTHER_CHECKOUT_KEY: &str = "Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0002";
/// The second tenant's wallet signing secret.
pub const OTHER_WALLET_SECRET: &str = "sandboxFAKE-wallet-secret-0002";
/// The second tenant's webhook verification token.
pub const OTHER_WEBHOOK_TOKEN: &str = "sandboxFAKE-webhook-token-0002";

/// One fake tenant: a business, its two keys and its two secrets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// The business ID, sent in the `businessid` header.
    pub business_id: &'static str,
    /// The normal key: backend endpoints and checkout endpoints.
    pub api_key: &'static str,
    /// The checkout key: checkout endpoints only.
    pub checkout_key: &'static str,
    /// The wallet signing secret: the wallet API (`/user`) checks each
    /// request's `x-request-signature` with it.
    pub wallet_secret: &'static str,
    /// The webhook verification token the sandbox's deliveries carry.
    pub webhook_token: &'static str,
}

/// Every tenant the sandbox knows, in the order of the spec's table.
pub const TENANTS: [Tenant; 2] = [
    Tenant {
        business_id: BUSINESS_ID,
        api_key: API_KEY,
        checkout_key: CHECKOUT_KEY,
        wallet_secret: WALLET_SECRET,
        webhook_token: WEBHOOK_TOKEN,
    },
    Tenant {
        business_id: OTHER_BUSINESS_ID,
        api_key: OTHER_API_KEY,
        checkout_key: OTHER_CHECKOUT_KEY,
        wallet_secret: OTHER_WALLET_SECRET,
        webhook_token: OTHER_WEBHOOK_TOKEN,
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

    /// Secrets of no documented format: fake by their text, accepted by the
    /// project's rule for such secrets, never key-shaped, all distinct.
    #[test]
    fn fake_secrets_are_recognisable_and_valid() {
        let mut all = Vec::new();
        for t in TENANTS {
            for secret in [t.wallet_secret, t.webhook_token] {
                assert!(secret.starts_with("sandboxFAKE-"), "{secret}");
                assert_eq!(mileston_config_core::opaque::check(secret), Ok(()));
                all.push(secret);
            }
        }
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 4);
    }
}
