//! The handles' side of `tests/test_sdk_bytes.rs`: the calls of `bytes.mjs`,
//! in its order and under its names, made through `BackendClient` and
//! `CheckoutClient`, each recorded with the requests the sandbox logged for
//! it. Written from the same inputs as `bytes.mjs` (amounts, dates, payers,
//! chains and tokens per flow); the outcomes a flow depends on are asserted
//! here (awaiting, then paid; the EVM check refusing before sending).

use std::collections::BTreeMap;

use mileston_config::backend::{
    InvoiceUpdate, NewInvoice, NewPaymentLink, NewRecurringPayment, PaymentLinkUpdate,
    RecurringPaymentUpdate,
};
use mileston_config::checkout::{SavePayment, Verification, VerifyPayment};
use mileston_config::credentials::{BusinessId, CheckoutKey, NormalKey};
use mileston_config::types::{Amount, Asset, Chain, IsoDate, PaymentKind, PaymentStatus};
use mileston_config::{BackendClient, CheckoutClient, Error, Test};
use mileston_sandbox::{Sandbox, keys};
use serde_json::Value;

const SUB_WALLET: &str = "sandbox-subwallet-0001";

fn amount(s: &str) -> Amount {
    Amount::new(s).unwrap()
}

fn date(s: &str) -> IsoDate {
    IsoDate::new(s).unwrap()
}

/// `GET /__sandbox/requests`: how many requests the sandbox has logged.
fn logged(sandbox: &Sandbox) -> u64 {
    let text = ureq::get(format!("{}/__sandbox/requests", sandbox.url()))
        .call()
        .expect("read the request count")
        .body_mut()
        .read_to_string()
        .expect("count body");
    serde_json::from_str::<Value>(&text).unwrap()["total"]
        .as_u64()
        .expect("total")
}

/// One named call: the sequence number of its first request, and how many
/// it sent.
#[derive(Debug)]
pub struct Call {
    pub name: String,
    pub first: u64,
    pub sent: u64,
}

/// The handles' side: the calls made, and what they created, by name.
pub struct Ours<'a> {
    pub sandbox: &'a Sandbox,
    pub calls: Vec<Call>,
    pub ids: BTreeMap<String, String>,
}

impl Ours<'_> {
    async fn call<T>(&mut self, name: &str, f: impl Future<Output = T>) -> T {
        let before = logged(self.sandbox);
        let out = f.await;
        self.calls.push(Call {
            name: name.to_owned(),
            first: before + 1,
            sent: logged(self.sandbox) - before,
        });
        out
    }

    fn id(&mut self, name: &str, id: String) -> String {
        self.ids.insert(name.to_owned(), id.clone());
        id
    }
}

/// A payment of `kind` as `bytes.mjs` creates it; its ID.
async fn create(b: &BackendClient<Test>, kind: PaymentKind) -> Result<String, Error> {
    Ok(match kind {
        PaymentKind::Invoice => {
            let new = NewInvoice::new(
                amount("120.50"),
                "Consulting",
                "customer@example.com",
                date("2026-12-31"),
            );
            b.create_invoice("Acme Ltd", &new).await?.data.invoice_id
        }
        PaymentKind::PaymentLink => {
            let mut new = NewPaymentLink::new(amount("25.00"));
            new.title = Some("T-shirt".into());
            b.create_payment_link(&new).await?.data.payment_link_id
        }
        _ => {
            let new = NewRecurringPayment::new(
                amount("9.99"),
                "Pro",
                "Ada Lovelace",
                "ada@example.com",
                date("2026-12-01"),
                30,
            );
            b.create_recurring_payment("Acme Ltd", &new)
                .await?
                .data
                .recurring_payment_id
        }
    })
}

/// The calls of `bytes.mjs`, through the handles.
pub async fn our_calls(o: &mut Ours<'_>, sandbox: &Sandbox) {
    let url = sandbox.url();
    let b = BackendClient::<Test>::new(
        NormalKey::parse(keys::API_KEY).unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
    )
    .with_base_url(&url)
    .unwrap();
    let c = CheckoutClient::<Test>::new(
        CheckoutKey::parse(keys::CHECKOUT_KEY).unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
    )
    .with_base_url(&url)
    .unwrap();

    // ------------------------------------------------------------ backend
    let mut new = NewPaymentLink::new(amount("100.00"));
    new.title = Some("Coffee".into());
    new.description = Some("A cup".into());
    new.redirect_url = Some("https://shop.example/thanks".into());
    new.logo_url = Some("https://shop.example/logo.png".into());
    new.banner_url = Some("https://shop.example/banner.png".into());
    let created = o.call("link.create", b.create_payment_link(&new)).await;
    let link = o.id("link", created.unwrap().data.payment_link_id);
    let mut new = NewPaymentLink::new(amount("0.5"));
    new.sub_wallet_uuid = Some(SUB_WALLET.into());
    o.call("link.create minimal", b.create_payment_link(&new))
        .await
        .unwrap();
    o.call("link.get", b.get_payment_link(&link)).await.unwrap();
    o.call("link.getAll", b.list_payment_links(2))
        .await
        .unwrap();
    let changes = PaymentLinkUpdate {
        amount: Some(amount("120.50")),
        title: Some("Latte".into()),
        ..Default::default()
    };
    o.call("link.update", b.update_payment_link(&link, &changes))
        .await
        .unwrap();
    o.call("link.delete", b.delete_payment_link(&link))
        .await
        .unwrap();

    let mut new = NewInvoice::new(
        amount("99.99"),
        "Widget",
        "customer@example.com",
        date("2026-12-31"),
    );
    new.add_pdf = Some(true);
    let created = o
        .call("invoice.create", b.create_invoice("Acme Ltd", &new))
        .await;
    let invoice = o.id("invoice", created.unwrap().data.invoice_id);
    o.call("invoice.get", b.get_invoice(&invoice))
        .await
        .unwrap();
    o.call("invoice.getAll", b.list_invoices(5)).await.unwrap();
    let changes = InvoiceUpdate {
        item_name: Some("Gadget".into()),
        due_date: Some(date("2027-01-15T12:00:00Z")),
        ..Default::default()
    };
    o.call("invoice.update", b.update_invoice(&invoice, &changes))
        .await
        .unwrap();
    o.call("invoice.delete", b.delete_invoice(&invoice))
        .await
        .unwrap();

    let mut new = NewRecurringPayment::new(
        amount("5.00"),
        "Pro",
        "Ada Lovelace",
        "ada@example.com",
        date("2027-01-01"),
        30,
    );
    new.subscriber_wallet_address = Some("0x00000000000000000000000000000000005a0001".into());
    new.current_payment_status = Some(PaymentStatus::Pending);
    new.add_pdf = Some(false);
    let created = o
        .call(
            "recurring.create",
            b.create_recurring_payment("Acme Ltd", &new),
        )
        .await;
    let rec = o.id("recurring", created.unwrap().data.recurring_payment_id);
    let new = NewRecurringPayment::new(
        amount("1"),
        "Basic",
        "Grace Hopper",
        "grace@example.com",
        date("2027-02-01"),
        7,
    );
    o.call(
        "recurring.create minimal",
        b.create_recurring_payment("Acme Ltd", &new),
    )
    .await
    .unwrap();
    o.call("recurring.get", b.get_recurring_payment(&rec))
        .await
        .unwrap();
    o.call("recurring.getAll", b.list_recurring_payments(10))
        .await
        .unwrap();
    let changes = RecurringPaymentUpdate {
        current_payment_status: Some(PaymentStatus::Paid),
        recurring_interval: Some(365),
        ..Default::default()
    };
    o.call(
        "recurring.update",
        b.update_recurring_payment(&rec, &changes),
    )
    .await
    .unwrap();
    o.call("recurring.delete", b.delete_recurring_payment(&rec))
        .await
        .unwrap();

    // ------------------------------------------------------------ checkout
    let sub = o.call("fetchSubWallets", c.sub_wallet(SUB_WALLET)).await;
    let sub = sub.unwrap();
    let to = |chain: Chain| sub.address(chain).unwrap().to_owned();
    // Each kind: a wallet payment, then a QR-code payment (as bytes.mjs).
    for (kind, name, pattern, amt, (chain, token), (qr_chain, qr_token)) in [
        (
            PaymentKind::Invoice,
            "invoice",
            "invoice",
            "120.50",
            (Chain::Sui, Asset::Usdc),
            (Chain::Pol, Asset::Usdc),
        ),
        (
            PaymentKind::PaymentLink,
            "payment-link",
            "paymentlink",
            "25.00",
            (Chain::Solana, Asset::Sol),
            (Chain::Sui, Asset::Usdc),
        ),
        (
            PaymentKind::Recurring,
            "recurring",
            "recurring",
            "9.99",
            (Chain::Base, Asset::Eth),
            (Chain::Solana, Asset::Sol),
        ),
    ] {
        let id = o
            .call(&format!("{name}: create for wallet"), create(&b, kind))
            .await;
        let id = o.id(&format!("{name} wallet"), id.unwrap());
        let p = o
            .call(
                &format!("{name}: fetchPayment before"),
                c.get_payment(kind, &id),
            )
            .await;
        assert_eq!(p.unwrap().status(), Some(PaymentStatus::Pending));
        let evm = chain.evm().is_some();
        let signature = if evm {
            format!("0x{}", "ab".repeat(32))
        } else {
            format!("5aSandboxSignature{}", "1".repeat(60))
        };
        let payer = match chain {
            Chain::Sui => format!("0x{:0>64}", "5a0c01"),
            Chain::Solana => "SandboxPayer1111111111111111111111111111111".to_owned(),
            _ => "0x00000000000000000000000000000000005a0c01".to_owned(),
        };
        let recipient = if evm { to(Chain::Eth) } else { to(chain) };
        let mut save = SavePayment::new(
            id.clone(),
            payer,
            recipient,
            amount(amt),
            signature.clone(),
            chain,
            token,
        );
        save.fee_signature = match chain {
            Chain::Sui => None,
            Chain::Solana => Some(signature),
            _ => Some(format!("0x{}", "cd".repeat(32))),
        };
        save.sub_wallet_uuid = Some(SUB_WALLET.into());
        o.call(&format!("{name}: savePayment"), c.save_payment(kind, &save))
            .await
            .unwrap();
        let p = o
            .call(
                &format!("{name}: fetchPayment after"),
                c.get_payment(kind, &id),
            )
            .await;
        assert!(p.unwrap().is_paid(), "{name}: a saved payment is paid");

        let id = o
            .call(&format!("{name}: create for QR"), create(&b, kind))
            .await;
        let id = o.id(&format!("{name} qr"), id.unwrap());
        let recipient = match qr_chain.evm() {
            Some(_) => to(Chain::Eth),
            None => to(qr_chain),
        };
        let merchant = qr_chain.evm().map(|_| recipient.as_str());
        let wallet = o
            .call(
                &format!("{name}: getPaymentWallet"),
                c.payment_wallet(qr_chain, merchant),
            )
            .await;
        let verify = VerifyPayment::new(
            id.clone(),
            wallet.unwrap().public_key,
            amount(amt),
            recipient.clone(),
            qr_chain,
            qr_token,
        );
        let before = o
            .call(
                &format!("{name}: verify before"),
                c.verify_payment(kind, &verify),
            )
            .await;
        assert_eq!(before.unwrap(), Verification::AwaitingPayment, "{name}");
        ureq::post(format!("{url}/__sandbox/pay/{pattern}/{id}"))
            .send_empty()
            .unwrap();
        let after = o
            .call(
                &format!("{name}: verify after"),
                c.verify_payment(kind, &verify),
            )
            .await;
        assert_eq!(after.unwrap(), Verification::Paid, "{name}");
    }

    let mut verify = VerifyPayment::new(
        o.ids["invoice qr"].clone(),
        "0x1",
        amount("1"),
        to(Chain::Eth),
        Chain::Arb,
        Asset::Usdt,
    );
    verify.evm_chain = None;
    let refused = o
        .call(
            "verify on EVM without evmChain",
            c.verify_payment(PaymentKind::Invoice, &verify),
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(Error::InvalidInput {
                field: "evmChain",
                ..
            })
        ),
        "{refused:?}"
    );
}
