//! The table of what a crate can ask for: one row per value read from a
//! variable (the keys and the business ID), then the plain settings
//! (`mode`, `base_url`, `allow_live_base_url`, `load`). The attribute's parser and
//! code generation, the `[package.metadata.mileston]` reader, the CLI's
//! flags, the runtime's handles and every message are driven by these rows,
//! so a new secret is one more row here (and one impl of the runtime's
//! handle trait).

use crate::key::KeyKind;

/// Which setting a problem is about, so that a front end can point at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Slot {
    /// `backend` (the normal key).
    Backend,
    /// `checkout` (the checkout key).
    Checkout,
    /// `business_id`.
    BusinessId,
    /// `wallet` (the wallet API's signing secret).
    Wallet,
    /// `webhook` (the webhook verification token).
    Webhook,
    /// `mode`.
    Mode,
    /// `base_url`.
    BaseUrl,
    /// `allow_live_base_url`.
    AllowLiveBaseUrl,
    /// `load` (`"build"` or `"start"`: when the values are read).
    Load,
    /// The settings as a whole (nothing declared, Cargo.toml unreadable, an
    /// unknown setting).
    Settings,
}

impl Slot {
    /// The setting's name as written; `None` for [`Slot::Settings`].
    pub fn setting(self) -> Option<&'static str> {
        match self {
            Slot::Mode => Some(MODE),
            Slot::BaseUrl => Some(BASE_URL),
            Slot::AllowLiveBaseUrl => Some(ALLOW_LIVE_BASE_URL),
            Slot::Load => Some(LOAD),
            Slot::Settings => None,
            slot => var(slot).map(|v| v.setting),
        }
    }
}

/// Whether a variable's setting may be left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declaration {
    /// Read only when declared: `backend`, `backend = "VAR"`, or
    /// `backend = true | false | "VAR"` in Cargo.toml.
    Optional,
    /// Read whenever a row that sends requests is read (or when the setting
    /// names a variable); the setting only names another variable
    /// (`business_id = "VAR"`).
    Always,
}

/// Which builds may hold a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Targets {
    /// Any build, frontends included.
    Any,
    /// Native builds only: the value is a backend secret and never reaches a
    /// wasm (frontend) artifact.
    NativeOnly,
}

/// The rule a value must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A Mileston API key of this kind.
    Key(KeyKind),
    /// A business ID (not secret).
    BusinessId,
    /// A secret of no documented format ([`crate::opaque`]).
    Opaque,
}

/// One value a crate can ask for, and the words its messages use.
#[derive(Debug, PartialEq, Eq)]
pub struct Var {
    /// Which setting this is.
    pub slot: Slot,
    /// The setting's name, as written in the attribute and in Cargo.toml; the
    /// CLI's flag is `--` and this with `-` for `_`.
    pub setting: &'static str,
    /// The variable read when the setting names none.
    pub default_var: &'static str,
    /// Whether the setting may be left out.
    pub declaration: Declaration,
    /// Which builds may hold the value.
    pub targets: Targets,
    /// The rule the value must pass.
    pub rule: Rule,
    /// What the value is, in messages: "the normal API key".
    pub what: &'static str,
    /// What it is for, where the keys to declare are listed.
    pub purpose: &'static str,
    /// Why it must not reach a frontend (rows that are [`Targets::NativeOnly`]).
    pub secret_because: &'static str,
    /// Other values it cannot work without: declaring it reads them too.
    pub requires: &'static [Slot],
    /// Whether its handle sends requests to Mileston, each carrying the
    /// business ID; a webhook receiver only checks what arrives.
    pub sends_requests: bool,
    /// The associated function the attribute generates for it: `backend()`.
    pub accessor: &'static str,
    /// What that function returns, a type of the runtime crate's root
    /// (`BackendClient`); empty for the business ID, which is returned as
    /// it is.
    pub handle: &'static str,
}

impl Var {
    /// Whether a value of this row is a secret (everything but the business ID).
    pub fn is_secret(&self) -> bool {
        !matches!(self.rule, Rule::BusinessId)
    }

    /// The CLI flag: `--backend`, `--business-id`.
    pub fn flag(&self) -> String {
        format!("--{}", self.setting.replace('_', "-"))
    }
}

/// The normal (backend) API key.
pub const BACKEND: Var = Var {
    slot: Slot::Backend,
    setting: "backend",
    default_var: "MILESTON_API_KEY",
    declaration: Declaration::Optional,
    targets: Targets::NativeOnly,
    rule: Rule::Key(KeyKind::Normal),
    what: "the normal API key",
    purpose: "normal API key, servers only",
    secret_because: "a normal Mileston API key is a backend secret",
    requires: &[],
    sends_requests: true,
    accessor: "backend",
    handle: "BackendClient",
};

/// The checkout key.
pub const CHECKOUT: Var = Var {
    slot: Slot::Checkout,
    setting: "checkout",
    default_var: "MILESTON_CHECKOUT_KEY",
    declaration: Declaration::Optional,
    targets: Targets::Any,
    rule: Rule::Key(KeyKind::Checkout),
    what: "the checkout key",
    purpose: "checkout key, safe for frontends",
    secret_because: "",
    requires: &[],
    sends_requests: true,
    accessor: "checkout",
    handle: "CheckoutClient",
};

/// The business ID.
pub const BUSINESS_ID: Var = Var {
    slot: Slot::BusinessId,
    setting: "business_id",
    default_var: "MILESTON_BUSINESS_ID",
    declaration: Declaration::Always,
    targets: Targets::Any,
    rule: Rule::BusinessId,
    what: "the business ID",
    purpose: "the business ID, sent with every request",
    secret_because: "",
    requires: &[],
    sends_requests: false,
    accessor: "business_id",
    handle: "",
};

/// The wallet API's signing secret.
pub const WALLET: Var = Var {
    slot: Slot::Wallet,
    setting: "wallet",
    default_var: "MILESTON_SECRET_KEY",
    declaration: Declaration::Optional,
    targets: Targets::NativeOnly,
    rule: Rule::Opaque,
    what: "the wallet signing secret",
    purpose: "wallet signing secret for payouts and sub-wallets, servers only",
    secret_because: "the wallet signing secret authorises payouts",
    requires: &[Slot::Backend],
    sends_requests: true,
    accessor: "wallet",
    handle: "WalletClient",
};

/// The webhook verification token.
pub const WEBHOOK: Var = Var {
    slot: Slot::Webhook,
    setting: "webhook",
    default_var: "MILESTON_WEBHOOK_TOKEN",
    declaration: Declaration::Optional,
    targets: Targets::NativeOnly,
    rule: Rule::Opaque,
    what: "the webhook verification token",
    purpose: "webhook verification token, servers only",
    secret_because: "the webhook token is what proves a delivery comes from Mileston",
    requires: &[],
    sends_requests: false,
    accessor: "webhook",
    handle: "WebhookVerifier",
};

/// Every value, in the order they are read and reported.
pub const VARS: &[&Var] = &[&BACKEND, &CHECKOUT, &BUSINESS_ID, &WALLET, &WEBHOOK];

/// The `mode` setting's name.
pub const MODE: &str = "mode";
/// The `base_url` setting's name.
pub const BASE_URL: &str = "base_url";
/// The setting that lets live keys go to a `base_url` that is not Mileston's.
pub const ALLOW_LIVE_BASE_URL: &str = "allow_live_base_url";
/// The setting that says when the values are read: `"build"` (the default)
/// or `"start"`.
pub const LOAD: &str = "load";

/// A setting, found by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    /// One of [`VARS`].
    Var(&'static Var),
    /// `mode = "test" | "live"`.
    Mode,
    /// `base_url = "https://…"`.
    BaseUrl,
    /// `allow_live_base_url`: live keys may go to `base_url`.
    AllowLiveBaseUrl,
    /// `load = "build" | "start"`.
    Load,
}

impl Setting {
    /// The setting's name.
    pub fn name(self) -> &'static str {
        match self {
            Setting::Var(v) => v.setting,
            Setting::Mode => MODE,
            Setting::BaseUrl => BASE_URL,
            Setting::AllowLiveBaseUrl => ALLOW_LIVE_BASE_URL,
            Setting::Load => LOAD,
        }
    }

    /// The slot problems about it point at.
    pub fn slot(self) -> Slot {
        match self {
            Setting::Var(v) => v.slot,
            Setting::Mode => Slot::Mode,
            Setting::BaseUrl => Slot::BaseUrl,
            Setting::AllowLiveBaseUrl => Slot::AllowLiveBaseUrl,
            Setting::Load => Slot::Load,
        }
    }
}

/// The setting called `name`, if there is one.
pub fn setting(name: &str) -> Option<Setting> {
    match name {
        MODE => Some(Setting::Mode),
        BASE_URL => Some(Setting::BaseUrl),
        ALLOW_LIVE_BASE_URL => Some(Setting::AllowLiveBaseUrl),
        LOAD => Some(Setting::Load),
        _ => VARS
            .iter()
            .find(|v| v.setting == name)
            .map(|v| Setting::Var(v)),
    }
}

/// Every setting, in the order messages list them.
pub fn settings() -> impl Iterator<Item = Setting> {
    VARS.iter().map(|v| Setting::Var(v)).chain([
        Setting::Mode,
        Setting::BaseUrl,
        Setting::AllowLiveBaseUrl,
        Setting::Load,
    ])
}

/// The row of `slot`, if it names a variable.
pub fn var(slot: Slot) -> Option<&'static Var> {
    VARS.iter().find(|v| v.slot == slot).copied()
}

/// The row of the rule `rule`.
pub fn var_of(rule: Rule) -> &'static Var {
    VARS.iter()
        .find(|v| v.rule == rule)
        .copied()
        .expect("every rule has a row")
}
