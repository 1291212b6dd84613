//! The business a checkout key belongs to, as the checkout service shows it
//! (`GET /checkout/user/{id}`, Mileston's `getUserDetails` and `IGetUser`):
//! its profile, its wallet's address on each chain and its balance, and the
//! addresses its QR-code payments are paid to.

use std::collections::BTreeMap;

use super::date::IsoDate;
use super::decode::{Context, Invalid, Model, checked, required};
use super::values::{AmountError, Balance, Network};
use super::wire;

/// The business behind the key (Mileston's `IGetUser`). What Mileston's type
/// requires is required here (`userData`, `walletAddress`,
/// `isSecretCopied`, `walletBalance`); every member of the profile is
/// optional, as in its `UserData`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct User {
    /// Whether the business finished Mileston's onboarding.
    pub onboarded: Option<bool>,
    /// The business's name.
    pub business_name: Option<String>,
    /// Its address.
    pub business_address: Option<String>,
    /// Its industry.
    pub business_industry: Option<String>,
    /// Its description.
    pub business_description: Option<String>,
    /// Its administrator's first name.
    pub admin_first_name: Option<String>,
    /// Its administrator's last name.
    pub admin_last_name: Option<String>,
    /// Its administrator's e-mail.
    pub admin_email: Option<String>,
    /// Its image's URL.
    pub image: Option<String>,
    /// Its wallet's address on each chain, by the chain's wire name
    /// (`walletAddress`).
    pub wallet_addresses: BTreeMap<String, String>,
    /// Its wallet's balance (`walletBalance`).
    pub wallet_balance: Balance,
    /// Whether the dashboard's secret was copied (`isSecretCopied`).
    pub is_secret_copied: bool,
    /// Where its QR-code payments are paid to (empty when the answer has
    /// none).
    pub qr_payment_wallets: Vec<QrPaymentWallet>,
}

/// An address QR-code payments are paid to (Mileston's
/// `QrPaymentWalletData`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct QrPaymentWallet {
    /// The chain, as Mileston names it.
    pub chain: String,
    /// Test or production networks (`env`).
    pub network: Network,
    /// The address.
    pub address: String,
    /// Its QR code's ID.
    pub qr_code_id: Option<String>,
    /// When it was made; `None` when absent or not a date.
    pub created_at: Option<IsoDate>,
}

impl Model for User {
    type Wire = wire::User;

    fn from_wire(w: wire::User, _: &mut Context) -> Result<Self, Invalid> {
        let d = required("userData", w.userData)?;
        let qr = w.qrPaymentWallets.unwrap_or_default().into_iter().map(|q| {
            Ok(QrPaymentWallet {
                chain: required("chain", q.chain)?,
                network: Network::from_wire(required("env", q.env)?),
                address: required("address", q.address)?,
                qr_code_id: q.qrCodeId,
                created_at: q.createdAt.and_then(|t| IsoDate::try_from(t).ok()),
            })
        });
        Ok(User {
            onboarded: d.onboarded,
            business_name: d.businessName,
            business_address: d.businessAddress,
            business_industry: d.businessIndustry,
            business_description: d.businessDescription,
            admin_first_name: d.businessAdminFirstName,
            admin_last_name: d.businessAdminLastName,
            admin_email: d.businessAdminEmail,
            image: d.image,
            wallet_addresses: required("walletAddress", w.walletAddress)?,
            wallet_balance: checked(
                "walletBalance",
                w.walletBalance,
                |s| Balance::new(&s),
                AmountError::reason,
            )?,
            is_secret_copied: required("isSecretCopied", w.isSecretCopied)?,
            qr_payment_wallets: qr.collect::<Result<_, _>>()?,
        })
    }
}
