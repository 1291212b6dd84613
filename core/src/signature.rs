//! The wallet API's request signature (`x-request-signature`, the lowercase
//! hex HMAC-SHA256 keyed with the business's wallet signing secret): the
//! bytes it covers, which the client (signing) and the sandbox (checking)
//! share, and the worked examples both are tested against. The MAC itself is
//! each one's own (this crate computes none and takes no hash dependency),
//! so the sandbox still checks the client, and Mileston's SDK checks the
//! sandbox (`tests/test_sdk_wallet.rs`).

/// The bytes a request's signature covers: its body as sent, or `{}` when it
/// sent none (what Mileston's SDK signs since 0.2.2, and what an Express
/// server reads no body as). Nothing else goes into the MAC: no method,
/// path, time or nonce.
pub fn signed_bytes(body: &[u8]) -> &[u8] {
    if body.is_empty() { b"{}" } else { body }
}

/// The worked examples of Mileston's wallet API signature (the project's
/// reference notes on the wallet API, §2): signed bytes and their signature with the secret `test-secret`,
/// computed there with Mileston's Node SDK, `openssl dgst -sha256 -hmac` and
/// Rust, all three agreeing. The third is the second with `walletType`
/// first: the order of members changes the signature.
pub const EXAMPLES: [(&str, &str); 5] = [
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
    fn no_body_is_signed_as_an_empty_object() {
        assert_eq!(signed_bytes(b""), b"{}");
        assert_eq!(signed_bytes(b"{}"), b"{}");
        assert_eq!(signed_bytes(b" "), b" ");
        assert_eq!(signed_bytes(EXAMPLES[0].0.as_bytes()), b"{}");
    }
}
