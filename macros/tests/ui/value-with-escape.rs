// A string with an escape sequence: the attribute reads strings as written
// (what is checked is what was written), so it is refused and says how to
// write it.
#[mileston_config::mileston_config(checkout = "MILESTON\x5FCHECKOUT_KEY")]
pub struct Mileston;

fn main() {}
