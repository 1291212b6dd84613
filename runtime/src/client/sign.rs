//! The wallet API's request signature (`x-request-signature`): the lowercase
//! hex HMAC-SHA256 of the exact bytes of the body sent, keyed with the wallet
//! signing secret (Mileston's backend SDK, `core/BaseAPI.js`
//! `generateSignature`). Nothing else goes into the MAC: no method, path,
//! time or nonce. A call without a payload sends and signs `{}`, as the SDK
//! does since 0.2.2.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The signature of `body`: 64 lowercase hex digits.
pub(crate) fn sign(secret: &str, body: &[u8]) -> String {
    // RFC 2104: a key of any length is accepted (a longer one is hashed
    // first), so this cannot fail.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
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

/// The worked examples of /work/shared/reference/wallet-and-webhooks.md
/// §2 (secret `test-secret`): computed there with Mileston's Node SDK,
/// `openssl dgst -sha256 -hmac` and Rust, all three agreeing.
#[cfg(test)]
pub(crate) const VECTORS: [(&str, &str); 5] = [
    (
        "{}",
        "2f59040b63b7200598444239da2c9a4f3abc5c434259b23126d72514dab8cd09",
    ),
    (
        r#"{"amount":"100.00","recipientAddress":"0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6","walletType":"eth"}"#,
        "d748be7b3870d1229c0491a38e3fedb426f2e418591e0423ffa69d52501d3fd2",
    ),
    (
        r#"{"walletType":"eth","amount":"100.00","recipientAddress":"0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6"}"#,
        "db93ec70a4e60909ec39c143d74eb470d0838cfc6473d910133446ed935bd22b",
    ),
    (
        r#"{"subWalletUuid":"custom-uuid-123","walletType":"sui"}"#,
        "3d04caf30b98ce6edf240108ff7ac457e76d715677bd4609dffacb4d6d1a78b4",
    ),
    (
        r#"{"recipients":["0xa","0xb"],"amounts":["1.00","2.00"],"walletType":"eth"}"#,
        "32fbdc1826b736d5fafeb922d84e2b0f74e17314f775c75044f6e10d1ef6fbc7",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_vectors() {
        for (body, signature) in VECTORS {
            assert_eq!(sign("test-secret", body.as_bytes()), signature, "{body}");
        }
    }

    #[test]
    fn the_key_and_every_byte_count() {
        let body = VECTORS[1].0.as_bytes();
        assert_ne!(sign("test-secreT", body), VECTORS[1].1);
        let mut spaced = body.to_vec();
        spaced.push(b' ');
        assert_ne!(sign("test-secret", &spaced), VECTORS[1].1);
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
            (crate::api::write(&payout).unwrap(), VECTORS[1]),
            (crate::api::write(&sub_wallet).unwrap(), VECTORS[3]),
            (crate::api::write(&batch).unwrap(), VECTORS[4]),
        ] {
            assert_eq!(written, body.as_bytes());
            assert_eq!(sign("test-secret", &written), signature);
        }
    }
}
