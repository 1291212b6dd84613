//! The request bodies, byte for byte: members named and ordered as
//! Mileston's SDKs send them, optional ones left out when unset, and the
//! checks made before sending.

use super::super::chains::{Chain, EvmChain, Token};
use super::super::checkout::{SavePayment, VerifyPayment};
use super::super::date::IsoDate;
use super::super::requests::{
    InvoiceUpdate, NewInvoice, NewPaymentLink, NewRecurringPayment, PaymentLinkUpdate,
    RecurringPaymentUpdate, WithId,
};
use super::super::values::{Amount, PaymentStatus};
use crate::http::error::Error;

fn amount(s: &str) -> Amount {
    Amount::new(s).unwrap()
}

fn date(s: &str) -> IsoDate {
    IsoDate::new(s).unwrap()
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

#[test]
fn creates_in_the_sdk_types_order() {
    let mut link = NewPaymentLink::new(amount("100.00"));
    assert_eq!(json(&link), r#"{"amount":"100.00"}"#);
    link.title = Some("Coffee".into());
    link.description = Some("A cup".into());
    link.redirect_url = Some("https://shop.example/thanks".into());
    link.logo_url = Some("https://shop.example/logo.png".into());
    link.banner_url = Some("https://shop.example/banner.png".into());
    link.sub_wallet_uuid = Some("sw_1".into());
    assert_eq!(
        json(&link),
        r#"{"amount":"100.00","title":"Coffee","description":"A cup","redirectUrl":"https://shop.example/thanks","logoUrl":"https://shop.example/logo.png","bannerUrl":"https://shop.example/banner.png","subWalletUuid":"sw_1"}"#
    );

    let mut invoice = NewInvoice::new(
        amount("99.99"),
        "Widget",
        "customer@example.com",
        date("2026-12-31"),
    );
    assert_eq!(
        json(&invoice),
        r#"{"amount":"99.99","itemName":"Widget","customerEmail":"customer@example.com","dueDate":"2026-12-31T00:00:00.000Z"}"#
    );
    invoice.add_pdf = Some(true);
    invoice.sub_wallet_uuid = Some("sw_1".into());
    assert_eq!(
        json(&invoice),
        r#"{"amount":"99.99","itemName":"Widget","customerEmail":"customer@example.com","dueDate":"2026-12-31T00:00:00.000Z","addPdf":true,"subWalletUuid":"sw_1"}"#
    );

    let mut rec = NewRecurringPayment::new(
        amount("5.00"),
        "Pro",
        "Ada Lovelace",
        "ada@example.com",
        date("2027-01-01T01:00:00+01:00"),
        30,
    );
    assert_eq!(
        json(&rec),
        r#"{"amount":"5.00","subscriptionName":"Pro","subscriberFullName":"Ada Lovelace","subscriberEmail":"ada@example.com","recurringDate":"2027-01-01T00:00:00.000Z","recurringInterval":30}"#
    );
    rec.subscriber_wallet_address = Some("0xabc".into());
    rec.current_payment_status = Some(PaymentStatus::Pending);
    rec.add_pdf = Some(false);
    rec.sub_wallet_uuid = Some("sw_1".into());
    assert_eq!(
        json(&rec),
        r#"{"amount":"5.00","subscriptionName":"Pro","subscriberFullName":"Ada Lovelace","subscriberEmail":"ada@example.com","subscriberWalletAddress":"0xabc","currentPaymentStatus":"unpaid","recurringDate":"2027-01-01T00:00:00.000Z","recurringInterval":30,"addPdf":false,"subWalletUuid":"sw_1"}"#
    );
}

#[test]
fn updates_put_the_id_first() {
    let changes = PaymentLinkUpdate {
        amount: Some(amount("120.50")),
        title: Some("Latte".into()),
        ..Default::default()
    };
    let body = WithId {
        member: "paymentLinkId",
        id: "pl_1",
        changes: &changes,
    };
    assert_eq!(
        json(&body),
        r#"{"paymentLinkId":"pl_1","amount":"120.50","title":"Latte"}"#
    );
    let body = WithId {
        member: "invoiceId",
        id: "inv_1",
        changes: &InvoiceUpdate::default(),
    };
    assert_eq!(json(&body), r#"{"invoiceId":"inv_1"}"#);
    let changes = InvoiceUpdate {
        item_name: Some("Gadget".into()),
        due_date: Some(date("2027-01-15T12:00:00Z")),
        ..Default::default()
    };
    let body = WithId {
        member: "invoiceId",
        id: "inv_1",
        changes: &changes,
    };
    assert_eq!(
        json(&body),
        r#"{"invoiceId":"inv_1","itemName":"Gadget","dueDate":"2027-01-15T12:00:00.000Z"}"#
    );
    let changes = RecurringPaymentUpdate {
        current_payment_status: Some(PaymentStatus::Paid),
        recurring_interval: Some(365),
        ..Default::default()
    };
    let body = WithId {
        member: "recurringPaymentId",
        id: "rec_1",
        changes: &changes,
    };
    assert_eq!(
        json(&body),
        r#"{"recurringPaymentId":"rec_1","currentPaymentStatus":"paid","recurringInterval":365}"#
    );
}

fn save(chain: Chain, token: Token) -> SavePayment {
    SavePayment::new(
        "inv_1",
        "0xpayer",
        "0xrecipient",
        amount("120.50"),
        "0xtx",
        chain,
        token,
    )
}

#[test]
fn a_save_is_mileston_s_save_payment_input() {
    let s = save(Chain::Sui, Token::Usdc);
    assert_eq!(
        json(&s.body("biz_1", "test").unwrap()),
        r#"{"paymentLinkId":"inv_1","payer":"0xpayer","recipientWalletAddress":"0xrecipient","amount":"120.50","userUUID":"biz_1","transactionSignature":"0xtx","chain":"sui","env":"test"}"#
    );
    let mut s = save(Chain::Base, Token::Eth);
    s.fee_signature = Some("0xfee".into());
    s.user_uuid = Some("user_7".into());
    s.sub_wallet_uuid = Some("sw_1".into());
    assert_eq!(
        json(&s.body("biz_1", "prod").unwrap()),
        r#"{"paymentLinkId":"inv_1","payer":"0xpayer","recipientWalletAddress":"0xrecipient","amount":"120.50","userUUID":"user_7","transactionSignature":"0xtx","feeSignature":"0xfee","chain":"base","env":"prod","subWalletUuid":"sw_1"}"#
    );
    for (field, edit) in [
        (
            "paymentLinkId",
            (|s: &mut SavePayment| s.payment_id = " ".into()) as fn(&mut _),
        ),
        ("payer", |s| s.payer = String::new()),
        ("recipientWalletAddress", |s| {
            s.recipient_wallet_address = String::new()
        }),
        ("transactionSignature", |s| {
            s.transaction_signature = "\t".into()
        }),
        ("feeSignature", |s| s.fee_signature = Some(String::new())),
        ("userUUID", |s| s.user_uuid = Some(String::new())),
        ("subWalletUuid", |s| s.sub_wallet_uuid = Some(" ".into())),
    ] {
        let mut s = save(Chain::Eth, Token::Usdc);
        edit(&mut s);
        assert_eq!(
            s.body("biz_1", "test").err(),
            Some(Error::InvalidInput {
                field,
                reason: "it is empty"
            })
        );
    }
}

#[test]
fn a_verification_is_mileston_s_payment_dto() {
    // Sui: no EVM members.
    let v = VerifyPayment::new(
        "pl_1",
        "0xdeposit",
        amount("25.00"),
        "0xrecipient",
        Chain::Sui,
        Token::Usdc,
    );
    assert_eq!((v.evm_chain, v.wallet_address.as_deref()), (None, None));
    assert_eq!(
        json(&v.body("biz_1", "test").unwrap()),
        r#"{"paymentLinkId":"pl_1","publicKey":"0xdeposit","amount":"25.00","recipientWalletAddress":"0xrecipient","chain":"sui","env":"test","userUUID":"biz_1","token":"USDC"}"#
    );
    // EVM: filled as Mileston's QR component fills them, after `token` and
    // `subWalletUuid`.
    let mut v = VerifyPayment::new(
        "inv_1",
        "0xdeposit",
        amount("120.50"),
        "0xrecipient",
        Chain::Pol,
        Token::Pol,
    );
    assert_eq!(
        (v.evm_chain, v.wallet_address.as_deref()),
        (Some(EvmChain::Pol), Some("0xdeposit"))
    );
    v.sub_wallet_uuid = Some("sw_1".into());
    assert_eq!(
        json(&v.body("biz_1", "test").unwrap()),
        r#"{"paymentLinkId":"inv_1","publicKey":"0xdeposit","amount":"120.50","recipientWalletAddress":"0xrecipient","chain":"pol","env":"test","userUUID":"biz_1","token":"POL","subWalletUuid":"sw_1","evmChain":"pol","walletAddress":"0xdeposit"}"#
    );
    // Mileston's SDK's rule: on an EVM chain both are required.
    let reason = "it is required to verify a payment on an EVM chain (Mileston's SDK refuses \
                  to send without it)";
    let mut no_chain = v.clone();
    no_chain.evm_chain = None;
    let e = no_chain.body("biz_1", "test").err().unwrap();
    assert_eq!(
        e,
        Error::InvalidInput {
            field: "evmChain",
            reason
        }
    );
    assert!(e.is_invalid_input());
    assert_eq!(
        e.to_string(),
        "invalid `evmChain`: it is required to verify a payment on an EVM chain (Mileston's SDK \
         refuses to send without it)"
    );
    let mut no_wallet = v.clone();
    no_wallet.wallet_address = None;
    assert_eq!(
        no_wallet.body("biz_1", "test").err(),
        Some(Error::InvalidInput {
            field: "walletAddress",
            reason
        })
    );
    // Off EVM chains they are not required, and sent if given.
    let mut solana = no_wallet.clone();
    solana.chain = Chain::Solana;
    assert!(solana.body("biz_1", "test").is_ok());
}

#[test]
fn the_closed_sets_are_written_as_mileston_names_them() {
    let chains = [
        Chain::Avax,
        Chain::Pol,
        Chain::Base,
        Chain::Eth,
        Chain::Arb,
        Chain::Sui,
        Chain::Solana,
    ];
    let names: Vec<String> = chains.iter().map(json).collect();
    assert_eq!(
        names,
        [
            r#""avax""#,
            r#""pol""#,
            r#""base""#,
            r#""eth""#,
            r#""arb""#,
            r#""sui""#,
            r#""solana""#
        ]
    );
    for c in chains {
        assert_eq!(json(&c), format!("\"{}\"", c.as_str()));
        match c.evm() {
            Some(evm) => {
                assert_eq!(Chain::from(evm), c);
                assert_eq!(json(&evm), json(&c));
            }
            None => assert!(matches!(c, Chain::Sui | Chain::Solana)),
        }
    }
    let tokens = [
        Token::Usdc,
        Token::Usdt,
        Token::Avax,
        Token::Eth,
        Token::Pol,
        Token::Sol,
    ];
    let names: Vec<String> = tokens.iter().map(json).collect();
    assert_eq!(
        names,
        [
            r#""USDC""#,
            r#""USDT""#,
            r#""AVAX""#,
            r#""ETH""#,
            r#""POL""#,
            r#""SOL""#
        ]
    );
    let native: Vec<&str> = tokens
        .iter()
        .filter(|t| t.is_native())
        .map(|t| t.as_str())
        .collect();
    assert_eq!(native, ["AVAX", "ETH", "POL", "SOL"]);
}
