//! The runtime's reading of Mileston's answers, as a user's handle meets
//! them: every operation of the backend, checkout and wallet handles, sent
//! to a scripted HTTP server on loopback that answers with the input's
//! status and body. Through the public handles, so that no fuzzing entry is
//! added to the runtime: this reaches what a user's call goes through (the
//! transport, the retry decision, the status rules, the decoder, the scrub
//! of the server's words). Input: byte 0 picks the operation (`OPS`), byte 1
//! the status (`STATUSES`), the rest is the body.
//!
//! Properties: an operation is sent once, a read again after a 429 or a
//! 5xx (one retry here), a call that moves funds never; a non-2xx answer is
//! never a success (but a verification's 400 "awaiting payment"); a call that moves funds is `OutcomeUnknown` exactly when
//! the answer proves nothing (408, 5xx, a 2xx it cannot read), carrying what
//! it asked; only those calls give `OutcomeUnknown`; no error's `Display` or
//! `Debug` holds an 8-character piece of its handle's secrets (as written,
//! in any case, or in hexadecimal) or a Mileston key; the same answer gives
//! the same result.
#![no_main]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use mileston_config::backend::{
    InvoiceUpdate, NewInvoice, NewPaymentLink, NewRecurringPayment, PaymentLinkUpdate,
    RecurringPaymentUpdate, Service,
};
use mileston_config::checkout::{SavePayment, VerifyPayment};
use mileston_config::credentials::{BusinessId, CheckoutKey, NormalKey, WalletSecret};
use mileston_config::types::{Amount, Asset, Chain, IsoDate, PaymentKind};
use mileston_config::wallet::{Asked, BatchPayout, NewSubWallet, Payout, Source, WalletType};
use mileston_config::{BackendClient, CheckoutClient, Error, Test, WalletClient};
use mileston_config_core::key;

// Recognisably fake; long runs, so that every 8-character piece is
// distinctive.
const NORMAL: &str = "Mileston_TEST_FAKEq7Zx3Kp9Wm2Rt5Yv8Bn4Hj6";
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEc3Vb7Nm1Qw9Er5Ty2Ui8";
const WALLET: &str = "FAKE-wallet-Zq4Xw8Ec2Rv6Tb1Yn5Um9";
const RECIPIENT: &str = "0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6";
const SUB_WALLET: &str = "sub-wallet-0001";

/// The statuses an answer may have (1xx, 204 and 304 carry no body, which
/// would leave the input's in the connection).
const STATUSES: [u16; 16] = [
    200, 201, 202, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 302,
];

/// What may follow a failed attempt, as README says.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    Read,
    Write,
    MovesFunds,
}

/// Whose call it is: the secrets it holds are those it must scrub.
#[derive(Clone, Copy)]
enum Handle {
    Backend,
    Checkout,
    Wallet,
}

impl Handle {
    fn secrets(self) -> &'static [&'static str] {
        match self {
            Handle::Backend => &[NORMAL],
            Handle::Checkout => &[CHECKOUT],
            Handle::Wallet => &[NORMAL, WALLET],
        }
    }
}

/// The operations, by the handle's method; the seeds name them by index.
const OPS: [(&str, Class, Handle); 38] = [
    ("create_payment_link", Class::Write, Handle::Backend),
    ("get_payment_link", Class::Read, Handle::Backend),
    ("list_payment_links", Class::Read, Handle::Backend),
    ("update_payment_link", Class::Write, Handle::Backend),
    ("delete_payment_link", Class::Write, Handle::Backend),
    ("create_invoice", Class::Write, Handle::Backend),
    ("get_invoice", Class::Read, Handle::Backend),
    ("list_invoices", Class::Read, Handle::Backend),
    ("update_invoice", Class::Write, Handle::Backend),
    ("delete_invoice", Class::Write, Handle::Backend),
    ("create_recurring_payment", Class::Write, Handle::Backend),
    ("get_recurring_payment", Class::Read, Handle::Backend),
    ("list_recurring_payments", Class::Read, Handle::Backend),
    ("update_recurring_payment", Class::Write, Handle::Backend),
    ("delete_recurring_payment", Class::Write, Handle::Backend),
    ("backend health", Class::Read, Handle::Backend),
    ("backend health_of(invoices)", Class::Read, Handle::Backend),
    ("get_payment(payment link)", Class::Read, Handle::Checkout),
    ("get_payment(invoice)", Class::Read, Handle::Checkout),
    ("get_payment(recurring)", Class::Read, Handle::Checkout),
    ("save_payment", Class::Write, Handle::Checkout),
    ("verify_payment", Class::Write, Handle::Checkout),
    ("payment_wallet(pol)", Class::Read, Handle::Checkout),
    ("payment_wallet(sui)", Class::Read, Handle::Checkout),
    ("sub_wallet", Class::Read, Handle::Checkout),
    ("get_user", Class::Read, Handle::Checkout),
    ("checkout health", Class::Read, Handle::Checkout),
    ("send_payment", Class::MovesFunds, Handle::Wallet),
    ("create_sub_wallet", Class::Write, Handle::Wallet),
    ("create_new_sub_wallet", Class::Write, Handle::Wallet),
    ("get_sub_wallet", Class::Read, Handle::Wallet),
    ("get_all_sub_wallets", Class::Read, Handle::Wallet),
    ("get_all_wallets", Class::Read, Handle::Wallet),
    ("send_funds", Class::MovesFunds, Handle::Wallet),
    ("delete_sub_wallet", Class::Write, Handle::Wallet),
    ("batch_payment", Class::MovesFunds, Handle::Wallet),
    ("get_transaction_status", Class::Read, Handle::Wallet),
    ("wallet health", Class::Read, Handle::Wallet),
];

/// The answer the server gives next, and how many requests it answered.
static ANSWER: Mutex<(u16, Vec<u8>)> = Mutex::new((200, Vec::new()));
static SERVED: AtomicUsize = AtomicUsize::new(0);

struct Harness {
    runtime: tokio::runtime::Runtime,
    backend: BackendClient<Test>,
    checkout: CheckoutClient<Test>,
    wallet: WalletClient<Test>,
}

fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        // A thread per connection: the client may open another while one
        // is still open.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || serve(stream));
            }
        });
        let business = || BusinessId::new("biz_fuzz_0001").unwrap();
        let tune = Duration::from_millis(1);
        let backend = BackendClient::new(NormalKey::parse(NORMAL).unwrap(), business())
            .with_base_url(&url)
            .unwrap()
            .with_retries(1)
            .with_retry_delay(tune)
            .with_timeout(Duration::from_secs(20));
        let checkout = CheckoutClient::new(CheckoutKey::parse(CHECKOUT).unwrap(), business())
            .with_base_url(&url)
            .unwrap()
            .with_retries(1)
            .with_retry_delay(tune)
            .with_timeout(Duration::from_secs(20));
        let wallet =
            WalletClient::from_backend(backend.clone(), WalletSecret::new(WALLET).unwrap());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        Harness {
            runtime,
            backend,
            checkout,
            wallet,
        }
    })
}

/// Answers every request on `stream` with the current answer.
fn serve(stream: TcpStream) {
    stream.set_nodelay(true).unwrap();
    let mut out = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    loop {
        let mut len = 0;
        let mut line = String::new();
        // The request line and headers, to the blank line.
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((n, v)) = l.split_once(':')
                && n.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let (status, answer) = ANSWER.lock().unwrap().clone();
        SERVED.fetch_add(1, Ordering::SeqCst);
        // One write, so that Nagle's algorithm and the client's delayed
        // acknowledgement never hold the body back.
        let mut reply = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            answer.len()
        )
        .into_bytes();
        reply.extend_from_slice(&answer);
        if out.write_all(&reply).is_err() {
            return;
        }
    }
}

fn amount(s: &str) -> Amount {
    Amount::new(s).unwrap()
}

fn payout() -> Payout {
    Payout::new(amount("25.00"), RECIPIENT, Chain::Base)
}

fn batch() -> BatchPayout {
    let mut b = BatchPayout::new(Chain::Eth);
    b.push(
        "0x00000000000000000000000000000000005a0001",
        amount("10.00"),
    )
    .push("0x00000000000000000000000000000000005a0002", amount("5.50"));
    b
}

/// What a call that moves funds asks for: where from, on which chain, to
/// whom and how much.
type Ask = (Source, WalletType, Vec<(String, Amount)>);

fn asked(op: &str) -> Option<Ask> {
    let one = |from| {
        (
            from,
            payout().wallet_type,
            vec![(RECIPIENT.to_owned(), amount("25.00"))],
        )
    };
    Some(match op {
        "send_payment" => one(Source::MainWallet),
        "send_funds" => one(Source::SubWallet(SUB_WALLET.to_owned())),
        "batch_payment" => (
            Source::MainWallet,
            Chain::Eth.into(),
            vec![
                (
                    "0x00000000000000000000000000000000005a0001".to_owned(),
                    amount("10.00"),
                ),
                (
                    "0x00000000000000000000000000000000005a0002".to_owned(),
                    amount("5.50"),
                ),
            ],
        ),
        _ => return None,
    })
}

/// Calls operation `op`: its value's `Debug`, or its error.
async fn call(h: &Harness, op: &str) -> Result<String, Error> {
    let (b, c, w) = (&h.backend, &h.checkout, &h.wallet);
    let date = || IsoDate::new("2026-12-31").unwrap();
    fn shown<T: std::fmt::Debug>(r: Result<T, Error>) -> Result<String, Error> {
        r.map(|v| format!("{v:?}"))
    }
    match op {
        "create_payment_link" => shown(
            b.create_payment_link(&NewPaymentLink::new(amount("1")))
                .await,
        ),
        "get_payment_link" => shown(b.get_payment_link("pl_1").await),
        "list_payment_links" => shown(b.list_payment_links(5).await),
        "update_payment_link" => shown(
            b.update_payment_link("pl_1", &PaymentLinkUpdate::default())
                .await,
        ),
        "delete_payment_link" => shown(b.delete_payment_link("pl_1").await),
        "create_invoice" => {
            let new = NewInvoice::new(amount("120.50"), "Tea", "a@example.com", date());
            shown(b.create_invoice("Fuzz Ltd", &new).await)
        }
        "get_invoice" => shown(b.get_invoice("in_1").await),
        "list_invoices" => shown(b.list_invoices(5).await),
        "update_invoice" => shown(b.update_invoice("in_1", &InvoiceUpdate::default()).await),
        "delete_invoice" => shown(b.delete_invoice("in_1").await),
        "create_recurring_payment" => {
            let new = NewRecurringPayment::new(
                amount("9.99"),
                "Pro",
                "Ada",
                "ada@example.com",
                date(),
                30,
            );
            shown(b.create_recurring_payment("Fuzz Ltd", &new).await)
        }
        "get_recurring_payment" => shown(b.get_recurring_payment("rp_1").await),
        "list_recurring_payments" => shown(b.list_recurring_payments(5).await),
        "update_recurring_payment" => {
            let changes = RecurringPaymentUpdate::default();
            shown(b.update_recurring_payment("rp_1", &changes).await)
        }
        "delete_recurring_payment" => shown(b.delete_recurring_payment("rp_1").await),
        "backend health" => shown(b.health().await),
        "backend health_of(invoices)" => shown(b.health_of(Service::Invoices).await),
        "get_payment(payment link)" => shown(c.get_payment(PaymentKind::PaymentLink, "pl_1").await),
        "get_payment(invoice)" => shown(c.get_payment(PaymentKind::Invoice, "in_1").await),
        "get_payment(recurring)" => shown(c.get_payment(PaymentKind::Recurring, "rp_1").await),
        "save_payment" => {
            let save = SavePayment::new(
                "pl_1",
                "0x00000000000000000000000000000000005a0c01",
                RECIPIENT,
                amount("25.00"),
                format!("0x{}", "ab".repeat(32)),
                Chain::Pol,
                Asset::Usdc,
            );
            shown(c.save_payment(PaymentKind::PaymentLink, &save).await)
        }
        "verify_payment" => {
            let verify = VerifyPayment::new(
                "in_1",
                "0xdeposit",
                amount("1"),
                RECIPIENT,
                Chain::Sui,
                Asset::Usdc,
            );
            shown(c.verify_payment(PaymentKind::Invoice, &verify).await)
        }
        "payment_wallet(pol)" => shown(c.payment_wallet(Chain::Pol, Some(RECIPIENT)).await),
        "payment_wallet(sui)" => shown(c.payment_wallet(Chain::Sui, None).await),
        "sub_wallet" => shown(c.sub_wallet(SUB_WALLET).await),
        "get_user" => shown(c.get_user().await),
        "checkout health" => shown(c.health().await),
        "send_payment" => shown(w.send_payment(&payout()).await),
        "create_sub_wallet" => shown(w.create_sub_wallet().await),
        "create_new_sub_wallet" => shown(
            w.create_new_sub_wallet(&NewSubWallet::new("sw-new", Chain::Sui))
                .await,
        ),
        "get_sub_wallet" => shown(w.get_sub_wallet(SUB_WALLET).await),
        "get_all_sub_wallets" => shown(w.get_all_sub_wallets().await),
        "get_all_wallets" => shown(w.get_all_wallets().await),
        "send_funds" => shown(w.send_funds(SUB_WALLET, &payout()).await),
        "delete_sub_wallet" => shown(w.delete_sub_wallet(SUB_WALLET).await),
        "batch_payment" => shown(w.batch_payment(&batch()).await),
        "get_transaction_status" => shown(w.get_transaction_status("tx_1").await),
        "wallet health" => shown(w.health().await),
        other => unreachable!("{other}"),
    }
}

/// The pieces no error of `secrets`' handle may show (its own secrets: the
/// scrub's promise): every 8-character piece of each secret's runs of
/// letters and digits (a key's body only: its prefix is no secret), in lower
/// case, as written and in hexadecimal.
fn pieces(secrets: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for secret in secrets {
        let body = match key::parse(secret) {
            Ok(shape) => &secret[shape.body_start..],
            Err(_) => secret,
        };
        for run in body.split(|c: char| !c.is_ascii_alphanumeric()) {
            for w in run.as_bytes().windows(8) {
                let piece = String::from_utf8(w.to_vec()).unwrap().to_ascii_lowercase();
                let hex: String = w.iter().map(|b| format!("{b:02x}")).collect();
                out.push(piece);
                out.push(hex);
            }
        }
    }
    out
}

fn check_no_secret(e: &Error, handle: Handle) {
    let pieces = pieces(handle.secrets());
    for text in [e.to_string(), format!("{e:?}")] {
        let lower = text.to_ascii_lowercase();
        for piece in &pieces {
            assert!(
                !lower.contains(piece.as_str()),
                "an error shows a piece of a secret"
            );
        }
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            assert!(key::parse(word).is_err(), "an error shows a Mileston key");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [op, status, body @ ..] = data else {
        return;
    };
    let (name, class, handle) = OPS[usize::from(*op) % OPS.len()];
    let status = STATUSES[usize::from(*status) % STATUSES.len()];
    let h = harness();
    *ANSWER.lock().unwrap() = (status, body.to_vec());

    SERVED.store(0, Ordering::SeqCst);
    let first = h.runtime.block_on(call(h, name));
    let sent = SERVED.load(Ordering::SeqCst);
    let second = h.runtime.block_on(call(h, name));

    // Sent once; a read again after a transient answer (one retry here).
    let transient = status == 429 || status >= 500;
    let expected = if class == Class::Read && transient {
        2
    } else {
        1
    };
    assert_eq!(
        sent, expected,
        "{name} answered {status}: sent {sent} times"
    );

    let success = (200..300).contains(&status);
    match &first {
        // Mileston's checkout answers a verification not yet paid with a
        // 400 "Still awaiting payment" (docs/wire-protocol.md).
        Ok(v) if name == "verify_payment" && status == 400 => assert_eq!(v, "AwaitingPayment"),
        Ok(_) => assert!(success, "{name}: a {status} answer is a success"),
        Err(e) => {
            check_no_secret(e, handle);
            let unknown = class == Class::MovesFunds && (status == 408 || status >= 500);
            if unknown {
                assert!(e.is_outcome_unknown(), "{name} answered {status}: {e}");
            }
            match e {
                Error::OutcomeUnknown {
                    cause, asked: got, ..
                } => {
                    assert!(class == Class::MovesFunds, "{name}: {e}");
                    // Unknown after a 2xx only when it could not be read.
                    assert!(
                        unknown || matches!(**cause, Error::Decode { .. }),
                        "{name} answered {status}: {e}"
                    );
                    let ask = got
                        .as_deref()
                        .map(|a: &Asked| (a.from.clone(), a.wallet_type, a.payouts.clone()));
                    assert_eq!(ask, asked(name), "{name}: what was asked");
                    let sent_at = got.as_ref().and_then(|a| a.sent_at.as_ref());
                    assert!(sent_at.is_some(), "{name}: when it was sent");
                }
                Error::Status { status: s, .. } if !success => assert_eq!(*s, status),
                Error::Status { status: s, .. } => {
                    // A 2xx whose body reports a failure, for a payout.
                    assert!(class == Class::MovesFunds && *s >= 400, "{name}: {e}")
                }
                Error::Decode { status: s, .. } => {
                    assert!(success && *s == status, "{name} answered {status}: {e}")
                }
                other => panic!("{name} answered {status}: {other:?}"),
            }
        }
    }
    // Deterministic: the same answer, the same value or the same words (an
    // unknown outcome's `Debug` holds when it was sent).
    let words = |r: &Result<String, Error>| match r {
        Ok(v) => Ok(v.clone()),
        Err(e) => Err(e.to_string()),
    };
    assert_eq!(words(&first), words(&second), "{name}: not deterministic");
});
