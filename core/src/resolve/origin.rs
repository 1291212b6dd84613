//! Where a value was found, as messages say it: the build's sources (the
//! process environment, cargo's `[env]`, a `.env` line) and those read at
//! start (`VAR_FILE`, a systemd credential). How messages say it is
//! `messages.rs`'s (`Display`).

use std::fmt;
use std::path::PathBuf;

/// Where a value was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The process environment.
    Env,
    /// An `[env]` table of a cargo configuration file, which cargo puts in
    /// the compiler's environment.
    CargoConfig {
        /// The file, relative to the crate's directory where possible.
        path: PathBuf,
    },
    /// A `.env` file, at this line.
    DotEnv {
        /// The file, relative to the crate's directory where possible.
        path: PathBuf,
        /// 1-based line.
        line: usize,
    },
    /// At start: the file that the variable `VAR_FILE` names (the
    /// convention of Docker's official images). The path is not kept: it is
    /// a variable's value, which could be a secret pasted there by mistake.
    File {
        /// The variable that names the file: `VAR_FILE`.
        var: String,
    },
    /// At start: the systemd credential `$CREDENTIALS_DIRECTORY/VAR`.
    Credential {
        /// The credential's name, the variable's.
        id: String,
    },
}

/// A variable's value and where it came from. Its `Debug` hides the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Found {
    /// The value. May be a secret: never print it.
    pub value: String,
    /// Where it was found.
    pub origin: Origin,
}

impl fmt::Debug for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Found")
            .field("value", &"<hidden>")
            .field("origin", &self.origin)
            .finish()
    }
}
