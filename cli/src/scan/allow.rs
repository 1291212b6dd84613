//! The allow-list of `--allow`: keys and secrets (the sandbox's fakes) that
//! never fail a scan.

use mileston_config_core::{key, opaque};

/// The allow-list of `--allow`.
#[derive(Debug, Default)]
pub struct AllowList {
    keys: Vec<String>,
    prefixes: Vec<String>,
    /// Values of secrets found by their names (a wallet secret, a webhook
    /// token), whole.
    secrets: Vec<String>,
}

impl AllowList {
    /// Parses an allow-list: a key, a key prefix ending with `*`, or the
    /// whole value of a secret a line. `Err` names the bad line (never its
    /// content).
    pub fn parse(text: &str) -> Result<AllowList, String> {
        let mut list = AllowList::default();
        for (i, line) in text.lines().enumerate() {
            let entry = line.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            let line = i + 1;
            if let Some(prefix) = entry.strip_suffix('*') {
                if !prefix.starts_with(key::PREFIX) || prefix.contains('*') {
                    return Err(format!(
                        "line {line}: a prefix entry starts with `{}` and ends with one `*`",
                        key::PREFIX
                    ));
                }
                list.prefixes.push(prefix.to_owned());
            } else if entry.starts_with(key::PREFIX) || key::looks_like_key(entry) {
                key::parse(entry).map_err(|e| format!("line {line}: {e}"))?;
                list.keys.push(entry.to_owned());
            } else {
                opaque::check(entry)
                    .map_err(|e| format!("line {line}: not a key, nor a secret: {e}"))?;
                list.secrets.push(entry.to_owned());
            }
        }
        Ok(list)
    }

    /// Whether `found` is allowed. In binary files strings are stored back to
    /// back, so the match may run on into the next string: there a finding
    /// that starts with a listed key is allowed too.
    pub fn allows(&self, found: &str, binary: bool) -> bool {
        self.prefixes.iter().any(|p| found.starts_with(p.as_str()))
            || self
                .keys
                .iter()
                .any(|k| found == k || (binary && found.starts_with(k.as_str())))
    }

    /// Whether `value`, a secret found by its name, is allowed; in binary
    /// files, as for keys, a value that starts with a listed one.
    pub fn allows_secret(&self, value: &str, binary: bool) -> bool {
        self.secrets
            .iter()
            .any(|s| value == s || (binary && value.starts_with(s.as_str())))
    }
}
