//! `crate = "path"`: a crate that renames its mileston-config dependency
//! (`mc = { package = "mileston-config", … }`) names it in the attribute, and
//! the generated code reaches the runtime through that path. A real fixture
//! build, without the renamed crate's usual name anywhere in the crate.

mod support;
use support::{Fixture, stderr, workspace};

const MAIN: &str = r#"
#[mc::mileston_config(crate = "mc", checkout)]
pub struct Mileston;

fn main() {
    let checkout: mc::CheckoutClient<mc::Test> = Mileston::checkout();
    println!("{:?} {}", checkout.key(), Mileston::business_id());
}
"#;

const ENV: &[(&str, &str)] = &[
    // Fake, never issued by Mileston.
    (
        "MILESTON_CHECKOUT_KEY",
        "Mileston_TEST_CHECKOUTKEY_FAKEcratePath000001",
    ),
    ("MILESTON_BUSINESS_ID", "biz_crate_path"),
];

/// The fixture's manifest, with the runtime under another name.
fn renamed(fx: &Fixture) {
    fx.write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nmc = {{ package = \"mileston-config\", path = {:?}, default-features = false }}\n\n\
             [workspace]\n",
            fx.name,
            workspace().join("runtime").display().to_string()
        ),
    );
}

#[test]
fn a_renamed_dependency_works_with_crate_path() {
    let fx = Fixture::new("crate-path", MAIN, "");
    renamed(&fx);
    let bin = fx.build_ok(ENV);
    assert_eq!(
        fx.run(&bin),
        "CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0001) biz_crate_path\n"
    );

    // Without the argument, generated code looks for `::mileston_config`.
    fx.write("src/main.rs", &MAIN.replace("crate = \"mc\", ", ""));
    let out = fx.build(&[], ENV);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("mileston_config"), "{}", stderr(&out));

    // A path that is not one is refused with the usage.
    fx.write("src/main.rs", &MAIN.replace("\"mc\"", "\"m c\""));
    let out = fx.build(&[], ENV);
    assert!(
        stderr(&out).contains(
            "error: `crate` takes the path of the mileston-config crate as a string, e.g. \
             `crate = \"mc\"` when the dependency is renamed"
        ),
        "{}",
        stderr(&out)
    );
}
