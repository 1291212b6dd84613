//! `Display` of the API's values: their text, with the width, fill and
//! alignment asked for, so that tables line up; a precision cuts nothing.

use super::super::chains::{Chain, Token};
use super::super::date::IsoDate;
use super::super::values::{Amount, PaymentKind, PaymentStatus};
use super::super::wallet::WalletType;

#[test]
fn values_take_width_fill_and_alignment() {
    let amount = Amount::new("120.50").unwrap();
    let date = IsoDate::new("2026-12-31").unwrap();
    assert_eq!(format!("[{amount}]"), "[120.50]");
    assert_eq!(format!("[{amount:>10}]"), "[    120.50]");
    assert_eq!(format!("[{amount:<10}]"), "[120.50    ]");
    assert_eq!(format!("[{amount:^10}]"), "[  120.50  ]");
    assert_eq!(format!("[{amount:*>9}]"), "[***120.50]");
    assert_eq!(format!("[{amount:3}]"), "[120.50]");
    assert_eq!(format!("[{date:>26}]"), "[  2026-12-31T00:00:00.000Z]");
    assert_eq!(format!("[{:<8}]", PaymentStatus::Paid), "[paid    ]");
    assert_eq!(format!("[{:>8}]", PaymentStatus::Pending), "[ pending]");
    assert_eq!(format!("[{:^13}]", PaymentKind::Invoice), "[   invoice   ]");
    assert_eq!(format!("[{:>7}]", Chain::Pol), "[    pol]");
    assert_eq!(format!("[{:-<6}]", Token::Usdc), "[USDC--]");
    assert_eq!(format!("[{:>5}]", WalletType::All), "[  all]");
}

/// `{:.2}` of a `str` keeps two characters; of an amount it would print `12`
/// for `120.50`, so a precision is ignored (the width still applies).
#[test]
fn a_precision_cuts_nothing() {
    let amount = Amount::new("120.50").unwrap();
    assert_eq!(format!("[{amount:.2}]"), "[120.50]");
    assert_eq!(format!("[{amount:>9.1}]"), "[   120.50]");
    assert_eq!(format!("[{amount:^10.0}]"), "[  120.50  ]");
    assert_eq!(format!("[{:<7.1}]", PaymentStatus::Paid), "[paid   ]");
    let date = IsoDate::new("2026-12-31").unwrap();
    assert_eq!(format!("{date:.10}"), "2026-12-31T00:00:00.000Z");
}
