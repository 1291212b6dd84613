//! The HTTP client behind the handles, in layers (each file one concern):
//!
//! - the API, as methods on the handles, one file per part of Mileston's API:
//!   `backend.rs` (normal key), `checkout.rs` (checkout key), `status.rs`
//!   (health, no key), `wallet.rs` (the wallet API: normal key and signing
//!   secret); each checks its input, builds a request and reads the answer;
//! - `sign.rs`: the wallet API's request signature;
//! - `model/`: values, resources, request bodies and envelopes, each with its
//!   checks, and the one decoder that reads answers into them (`decode.rs`);
//! - `request.rs`: one call (endpoint, URL, headers, body, retry policy) and
//!   its raw answer; `response.rs`: what an answer means (status, decoding);
//! - `retry.rs`: sends a call, again if its policy allows, with backoff;
//!   `trace.rs`: the call's span (feature `tracing`);
//! - `transport/`: bytes in, bytes out (reqwest natively, `fetch` on wasm);
//! - `config.rs`: a handle's settings; `error.rs`: the one error type.
//!
//! No file uses one that uses it back, and none reaches through this file:
//! it only names them.

mod backend;
mod checkout;
pub(crate) mod config;
pub(crate) mod error;
pub(crate) mod model;
pub(crate) mod request;
mod response;
mod retry;
mod sign;
mod status;
mod trace;
mod transport;
mod wallet;

pub use error::Error;
pub use model::addresses::{CheckoutSubWallet, PaymentWallet};
pub use model::chains::{Chain, EvmChain, Token};
pub use model::checkout::{SavePayment, VerifyPayment};
pub use model::date::{DateError, IsoDate};
pub use model::envelope::Created;
pub use model::payment::{Payment, Verification};
pub use model::requests::{
    InvoiceUpdate, NewInvoice, NewPaymentLink, NewRecurringPayment, PaymentLinkUpdate,
    RecurringPaymentUpdate,
};
pub use model::resources::{Health, Invoice, PaymentLink, RecurringPayment};
pub use model::values::{Amount, AmountError, Env, PaymentKind, PaymentStatus};
pub use model::wallet::WalletType;
pub use model::wallet::answers::{
    BatchSent, ChainWallet, CreatedSubWallet, RecoveryPhrase, Sent, SubWallet, SubWallets,
    Transaction, TransactionStatus, Wallet,
};
pub use model::wallet::requests::{BatchPayout, NewSubWallet, Payout};
