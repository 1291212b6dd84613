use mileston_config::mileston_config;

#[mileston_config(backend = "UI_API_KEY", business_id = "UI_BUSINESS_ID", load = "start")]
pub struct Mileston;

fn main() {
    let _ = Mileston::load();
    let _ = Mileston::backend();
}
