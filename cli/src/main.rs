//! `mileston-config`: check the keys a build would inject, scan trees and
//! artifacts for leaked keys. Everything lives in the library crate so that
//! its tests can reach the scanner's pattern.

fn main() -> std::process::ExitCode {
    mileston_config_cli::main()
}
