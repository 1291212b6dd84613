//! The refusal every rule and record of the sandbox speaks: a status and a
//! message the sandbox wrote ([`ApiError`]), [`echo`], the one way a value
//! from a request gets into such a message, and [`choices`]. The routes answer it as
//! JSON (`routes/answer.rs`).

use http::StatusCode;
use mileston_config_core::key::looks_like_key;

/// An error the sandbox answers with `status` and `message`.
///
/// The message is written by the sandbox; values from the request are only
/// put in it through [`echo`], which withholds anything that looks like a key.
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

/// A value from the request, fit to repeat in a message: withheld when it
/// looks like an API key, shortened when long, control characters dropped.
pub(crate) fn echo(value: &str) -> String {
    if looks_like_key(value) {
        return "<withheld: it looks like an API key>".to_string();
    }
    let clean: String = value.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > 80 {
        let head: String = clean.chars().take(80).collect();
        format!("{head}…")
    } else {
        clean
    }
}

/// Names a message offers as the choices: `` `a`, `b` or `c` ``.
pub(crate) fn choices(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_withholds_keys() {
        assert_eq!(echo("pl_000001"), "pl_000001");
        let echoed = echo("Mileston_TEST_FAKEabcd1234567890");
        assert!(!echoed.contains("FAKEabcd"));
    }

    #[test]
    fn choices_read_as_a_sentence() {
        assert_eq!(choices(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(choices(&["a", "b"]), "`a` or `b`");
        assert_eq!(choices(&["a"]), "`a`");
    }
}
