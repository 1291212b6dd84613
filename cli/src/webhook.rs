//! `mileston-config webhook send`: a realistic test delivery to a local
//! webhook receiver, signed with its verification token, as Mileston would
//! send it (test mode): what `stripe trigger` is to Stripe. Prints the
//! receiver's answer and fails unless it is 2xx.

use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use mileston_config_core::key::KeyMode;
use mileston_config_core::protocol::{Kind, delivery as member, env_of, header};
use mileston_config_core::resolve::messages;
use mileston_config_core::{opaque, scrub, secret, url};

use crate::{EXIT_PROBLEMS, usage_error};

/// Webhook tools.
#[derive(Debug, Args)]
pub struct WebhookArgs {
    #[command(subcommand)]
    command: WebhookCommand,
}

#[derive(Debug, Subcommand)]
enum WebhookCommand {
    Send(SendArgs),
}

/// Send a test delivery (test mode) to a webhook receiver.
///
/// Posts `{"event": ..., "payload": {...}}` with `Content-Type:
/// application/json` and the verification token in `X-Webhook-Signature`,
/// as Mileston does, and prints the receiver's status.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 the receiver answered 2xx, 1 it did not (or could not be \
                        reached), 2 usage error."
)]
pub struct SendArgs {
    /// The receiver's URL (`https://`, or `http://` to loopback only: the
    /// token travels in a header)
    #[arg(long, value_name = "URL")]
    to: String,
    /// The event to send
    #[arg(long, value_enum)]
    event: EventName,
    /// The payment's ID in the payload [default: a test ID per event]
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// The variable holding the verification token
    #[arg(long, value_name = "VAR", default_value = "MILESTON_WEBHOOK_TOKEN")]
    token_env: String,
    /// The transaction signature in the payload [default: a new one per
    /// send]. Send the same one twice to replay one delivery, byte for
    /// byte, as Mileston's retries do: what testing deduplication needs
    #[arg(long, value_name = "SIG")]
    signature: Option<String>,
}

/// The events Mileston documents (named as on the wire, hence the common suffix).
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EventName {
    /// A paid invoice.
    InvoicePaid,
    /// A paid payment link.
    PaymentlinkPaid,
    /// A paid recurring payment.
    RecurringPaid,
}

impl EventName {
    /// The kind of payment it is about.
    fn kind(self) -> Kind {
        match self {
            EventName::InvoicePaid => Kind::Invoice,
            EventName::PaymentlinkPaid => Kind::PaymentLink,
            EventName::RecurringPaid => Kind::Recurring,
        }
    }

    /// The event's name on the wire.
    pub fn wire(self) -> &'static str {
        self.kind().row().paid_event
    }

    /// A test ID of the kind, in the sandbox's form (`inv_test_000001`).
    fn test_id(self) -> String {
        format!("{}_test_000001", self.kind().row().sandbox_id_prefix)
    }
}

/// Runs `webhook ...`.
pub fn run(args: WebhookArgs) -> ExitCode {
    match args.command {
        WebhookCommand::Send(send) => run_send(send),
    }
}

fn run_send(args: SendArgs) -> ExitCode {
    let var = &args.token_env;
    let Some(token) = std::env::var_os(var) else {
        return usage_error(format_args!(
            "{} is not set: it holds the webhook verification token (the one registered with \
             the receiver's webhook); set it, or name another variable with --token-env",
            messages::quote_name(var)
        ));
    };
    let Some(token) = token.to_str().map(str::to_owned) else {
        return usage_error(format_args!(
            "{} is not valid UTF-8, so it cannot be a webhook token",
            messages::quote_name(var)
        ));
    };
    if let Err(e) = opaque::check(&token) {
        return usage_error(format_args!(
            "{} is not a valid webhook verification token: {}",
            messages::quote_name(var),
            e.reason()
        ));
    }
    // A URL that holds the token would put it in logs and proxies, and in
    // this command's own output.
    if scrub::scrub(&args.to, &[&token]) != args.to {
        return usage_error(format_args!(
            "--to is refused: it holds the webhook verification token (from {}), which goes \
             in the X-Webhook-Signature header only, never in a URL; remove it, and rotate the \
             token if the URL was written down",
            messages::quote_name(var)
        ));
    }
    if let Err(e) = url::check_base_url(&args.to) {
        return usage_error(format_args!("--to is refused: {}", e.reason()));
    }
    let event = args.event;
    let id = args.id.unwrap_or_else(|| event.test_id());
    let sent = send(&args.to, event, &id, args.signature.as_deref(), &token);
    let (status, answer) = match sent {
        Ok(answered) => answered,
        Err(message) => {
            eprintln!("error: the receiver could not be reached: {message}");
            return ExitCode::from(EXIT_PROBLEMS);
        }
    };
    println!(
        "{} {} -> HTTP {status}{}{answer}",
        event.wire(),
        secret::redact(&args.to),
        if answer.is_empty() { "" } else { ": " },
    );
    if (200..300).contains(&status) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    }
}

/// Posts a test delivery of `event` for the payment `id` (with the
/// transaction `signature`, or a new one) to `to`, signed with `token`
/// (checked by the caller), and gives the receiver's status and the start of
/// its answer, scrubbed of the token; `Err` when it could not be reached
/// (the message scrubbed too).
pub fn send(
    to: &str,
    event: EventName,
    id: &str,
    signature: Option<&str>,
    token: &str,
) -> Result<(u16, String), String> {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent();
    let sent = agent
        .post(to)
        .header(header::CONTENT_TYPE, header::JSON)
        .header(header::WEBHOOK_SIGNATURE, token)
        .send(&delivery(event, id, signature));
    let mut response = sent.map_err(|e| scrub::scrub(&e.to_string(), &[token]))?;
    // The receiver's answer may quote what it was sent: scrubbed like any
    // server's words, and cut short.
    let answer = response
        .body_mut()
        .with_config()
        .limit(4096)
        .read_to_string()
        .unwrap_or_default();
    let answer = scrub::scrub(answer.trim(), &[token]);
    Ok((
        response.status().as_u16(),
        answer.chars().take(200).collect(),
    ))
}

/// A delivery as Mileston's docs show one, in test mode, with the
/// transaction `signature` (receivers deduplicate on it), else one of its
/// own. The same signature gives the same bytes: a replay.
fn delivery(event: EventName, id: &str, signature: Option<&str>) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let signature = signature.map_or_else(|| format!("0xtest{nanos:032x}"), str::to_owned);
    let mut payload = serde_json::json!({
        "paymentLinkId": id,
        "payer": "0x2a6f4e8b1c3d5f7a9b0c2d4e6f8a1b3c5d7e9f0a",
        "recipientWalletAddress": "0x4b7c9d1e3f5a7b9c0d2e4f6a8b1c3d5e7f9a0b2c",
        "amount": "1",
        "userUUID": "test-business",
        "transactionSignature": signature,
        "feeSignature": format!("{signature}fee"),
        "chain": "pol",
        "status": "paid",
        "createdAt": "2025-05-16T20:38:25.343Z",
    });
    payload["env"] = env_of(KeyMode::Test).into();
    let mut delivery = serde_json::Map::new();
    delivery.insert(member::EVENT.into(), event.wire().into());
    delivery.insert(member::PAYLOAD.into(), payload);
    serde_json::Value::Object(delivery).to_string()
}
