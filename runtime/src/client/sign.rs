//! The wallet API's request signature (`x-request-signature`): the lowercase
//! hex HMAC-SHA256 of the exact bytes of the body sent (the core's
//! `signed_bytes`, which the sandbox checks by too), keyed with the wallet
//! signing secret (Mileston's backend SDK, `core/BaseAPI.js`
//! `generateSignature`). Nothing else goes into the MAC: no method, path,
//! time or nonce. A call without a payload sends and signs `{}`, as the SDK
//! does since 0.2.2.

use hmac::{Hmac, Mac};
use mileston_config_core::signature::signed_bytes;
use sha2::Sha256;

/// Whether a handle signs what it sends, as a type rather than a run-time
/// `Option`: a handle that signs nothing (the checkout page's) then links no
/// HMAC or SHA-256 code, which an `Option` checked in [`crate::client::send`]
/// kept in the page (BENCHMARKS.md, the page's size).
pub(crate) trait Signer {
    /// The signature header's value for `body`, signed with `secret` (the
    /// identity's signing secret).
    fn signature(&self, secret: Option<&str>, body: &[u8]) -> Option<String>;
}

/// The backend and checkout handles: nothing signed.
pub(crate) struct Unsigned;

impl Signer for Unsigned {
    fn signature(&self, _: Option<&str>, _: &[u8]) -> Option<String> {
        None
    }
}

/// The wallet handle: every body signed.
pub(crate) struct Signed;

impl Signer for Signed {
    fn signature(&self, secret: Option<&str>, body: &[u8]) -> Option<String> {
        secret.map(|secret| sign(secret, body))
    }
}

/// The signature of `body`: 64 lowercase hex digits.
pub(crate) fn sign(secret: &str, body: &[u8]) -> String {
    // RFC 2104: a key of any length is accepted (a longer one is hashed
    // first), so this cannot fail.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(signed_bytes(body));
    // Hex by hand: a few lines, against a dependency for the one call.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = [0; 64];
    for (pair, b) in hex.chunks_exact_mut(2).zip(mac.finalize().into_bytes()) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 15)];
    }
    // ASCII by construction, so never the empty fallback.
    String::from(core::str::from_utf8(&hex).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mileston_config_core::signature::EXAMPLES;

    #[test]
    fn the_reference_vectors() {
        for (body, signature) in EXAMPLES {
            assert_eq!(sign("test-secret", body.as_bytes()), signature, "{body}");
        }
    }

    #[test]
    fn the_key_and_every_byte_count() {
        let body = EXAMPLES[1].0.as_bytes();
        assert_ne!(sign("test-secreT", body), EXAMPLES[1].1);
        let mut spaced = body.to_vec();
        spaced.push(b' ');
        assert_ne!(sign("test-secret", &spaced), EXAMPLES[1].1);
        // A key longer than SHA-256's block (64 bytes) is hashed first, not refused.
        let long = "sandboxFAKE-".repeat(10);
        assert_eq!(sign(&long, b"{}").len(), 64);
        assert!(
            sign(&long, b"{}")
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
    }

    /// The wallet API's bodies, as the models write them, are the
    /// reference's bytes, and sign to its signatures.
    #[test]
    fn the_models_bodies_sign_to_the_reference() {
        use crate::models::chains::Chain;
        use crate::models::values::Amount;
        use crate::models::wallet::requests::{BatchPayout, NewSubWallet, Payout};
        let amount = |s| Amount::new(s).unwrap();
        let payout = Payout::new(
            amount("100.00"),
            "0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6",
            Chain::Eth,
        );
        let sub_wallet = NewSubWallet::new("custom-uuid-123", Chain::Sui);
        let mut batch = BatchPayout::new(Chain::Eth);
        batch
            .push("0xa", amount("1.00"))
            .push("0xb", amount("2.00"));
        for (written, (body, signature)) in [
            (crate::api::write(&payout).unwrap(), EXAMPLES[1]),
            (crate::api::write(&sub_wallet).unwrap(), EXAMPLES[3]),
            (crate::api::write(&batch).unwrap(), EXAMPLES[4]),
        ] {
            assert_eq!(written, body.as_bytes());
            assert_eq!(sign("test-secret", &written), signature);
        }
    }
}
