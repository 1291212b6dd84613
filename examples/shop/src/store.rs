//! The shop's database (native builds): its orders with their invoices, and
//! the webhook deliveries it has applied. An SQLite file by default (one
//! replica, nothing to install), Postgres when the shop runs as several
//! replicas; the schema is `migrations/`, applied when the store opens.
//!
//! Through sqlx's `Any` driver, because the database is chosen at run time
//! by URL and one binary serves both: `Any` runs the same SQL text on either,
//! so the schema and every query below are written once, in the SQL both
//! read (`$1` parameters, which SQLite takes as `$NNN`; BIGINT and TEXT;
//! `ON CONFLICT DO NOTHING`; `RETURNING`). What that costs: no
//! compile-time-checked `query!` (it would need a database of each kind at
//! build time), and values of the few types both drivers share. Code
//! generic over `sqlx::Database` would keep those, at the price of a
//! monomorphized copy of each query and trait bounds on every function.

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Row};

use crate::{Item, item, status};

/// `migrations/`, compiled into the binary.
static MIGRATIONS: Migrator = sqlx::migrate!("./migrations");

/// Connections per replica. A webhook delivery holds one for its
/// transaction; SQLite lets one writer in at a time whatever the number.
const CONNECTIONS: u32 = 8;

/// The shop's database: a pool of connections, cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
}

/// An order, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    /// `order-N`, as the page and the URLs show it.
    pub id: String,
    /// What was ordered.
    pub item: &'static Item,
    /// The invoice's amount in USDC: the item's price when it was ordered.
    pub amount: String,
    /// The invoice Mileston created for it.
    pub invoice: String,
    /// [`status::PENDING`] or [`status::PAID`].
    pub status: &'static str,
}

/// What applying a paid invoice's delivery came to. Each is answered 200:
/// only a failure to decide (an `Err`) makes Mileston try again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The order is paid, and the delivery's key recorded, in one commit.
    Now,
    /// Its key was recorded before, here or by another replica: nothing
    /// changed.
    Before,
    /// No order of this shop has that invoice: nothing is recorded.
    NotOurs,
}

impl Applied {
    /// The `outcome` the webhook's answer reports.
    pub fn outcome(self) -> &'static str {
        match self {
            Applied::Now => "applied",
            Applied::Before => "already applied",
            Applied::NotOurs => "not an invoice of this shop",
        }
    }
}

impl Store {
    /// Connects to `url` (`sqlite:PATH?mode=rwc`, `postgres://...`) and
    /// brings its schema up to date. Replicas may start together: on
    /// Postgres the migrator takes an advisory lock, so one of them migrates.
    ///
    /// # Errors
    /// When the database cannot be reached or migrated.
    pub async fn open(url: &str) -> Result<Store, sqlx::Error> {
        install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(CONNECTIONS)
            .connect(url)
            .await?;
        MIGRATIONS.run(&pool).await?;
        Ok(Store { pool })
    }

    /// Records a new order of `item`, paid by `invoice`.
    ///
    /// # Errors
    /// When the database fails; nothing is recorded then (the invoice stays
    /// at Mileston, and a payment of it is "not an invoice of this shop").
    pub async fn create_order(
        &self,
        item: &'static Item,
        invoice: &str,
    ) -> Result<Order, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        // Taking the number writes first, so SQLite's transaction holds the
        // write lock from its first statement (a read first could fail to
        // upgrade while another writer waits).
        let number: i64 =
            sqlx::query_scalar("UPDATE order_numbers SET last = last + 1 RETURNING last")
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO orders (number, item, amount, invoice, status) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(number)
        .bind(item.id)
        .bind(item.price)
        .bind(invoice)
        .bind(status::PENDING)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Order {
            id: format!("order-{number}"),
            item,
            amount: item.price.to_owned(),
            invoice: invoice.to_owned(),
            status: status::PENDING,
        })
    }

    /// The order `id` (`order-N`), if there is one.
    ///
    /// # Errors
    /// When the database fails, or holds an item or status the shop does
    /// not know.
    pub async fn order(&self, id: &str) -> Result<Option<Order>, sqlx::Error> {
        let Some(number) = id
            .strip_prefix("order-")
            .and_then(|n| n.parse::<i64>().ok())
            // Only the IDs the shop gives (`order-01` or `order-+1` is none).
            .filter(|n| format!("order-{n}") == id)
        else {
            return Ok(None);
        };
        let Some(row) =
            sqlx::query("SELECT item, amount, invoice, status FROM orders WHERE number = $1")
                .bind(number)
                .fetch_optional(&self.pool)
                .await?
        else {
            return Ok(None);
        };
        let unknown = |what: &str| sqlx::Error::Protocol(format!("order {number}: unknown {what}"));
        let item = item(row.try_get("item")?).ok_or_else(|| unknown("item"))?;
        let status = match row.try_get::<&str, _>("status")? {
            s if s == status::PAID => status::PAID,
            s if s == status::PENDING => status::PENDING,
            _ => return Err(unknown("status")),
        };
        Ok(Some(Order {
            id: id.to_owned(),
            item,
            amount: row.try_get("amount")?,
            invoice: row.try_get("invoice")?,
            status,
        }))
    }

    /// Applies a delivery saying `invoice` was paid, unless the delivery
    /// keyed `dedup_key` was applied before: one transaction inserts the key
    /// and marks the order paid, so both happen or neither does (a replica
    /// that fails or stops between the two leaves nothing, and the retry
    /// applies it).
    ///
    /// # Errors
    /// When the database fails; nothing is recorded then, and the webhook
    /// answers so that Mileston tries again.
    pub async fn apply_payment(
        &self,
        dedup_key: &str,
        invoice: &str,
    ) -> Result<Applied, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        // The key first: it is where two deliveries of one event meet. On
        // Postgres (READ COMMITTED) an insert of a key that another
        // transaction inserted and has not committed waits for it to end,
        // then inserts nothing if it committed, or the key if it rolled
        // back; so of two replicas receiving one event at once, one applies
        // it and the other answers "already applied", never both. SQLite
        // lets one writer in at a time, and this write comes first.
        let inserted = sqlx::query(
            "INSERT INTO processed_deliveries (dedup_key, invoice) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(dedup_key)
        .bind(invoice)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            tx.rollback().await?;
            return Ok(Applied::Before);
        }
        let updated = sqlx::query("UPDATE orders SET status = $1 WHERE invoice = $2")
            .bind(status::PAID)
            .bind(invoice)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if updated == 0 {
            // Not ours: the key is not kept either.
            tx.rollback().await?;
            return Ok(Applied::NotOurs);
        }
        tx.commit().await?;
        Ok(Applied::Now)
    }
}
