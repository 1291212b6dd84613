// Drives the one checkout call of Mileston's checkout SDK that the handle
// added last, getUserDetails (GET /checkout/user/{id}), against the sandbox:
// for the caller's business, for another business named in the path, and
// with the normal key. Prints one JSON report; tests/test_sdk_user.rs
// asserts on it and on the sandbox's request log.
//
// How the package is loaded in node: checkout-sdk.mjs.

import { loadCheckoutSdk } from "./checkout-sdk.mjs";
import { API_KEY, BUSINESS_ID, CHECKOUT_KEY, OTHER_BUSINESS_ID, call, report } from "./harness.mjs";

const { sdk } = await loadCheckoutSdk(["getUserDetails"]);

await call("getUserDetails", () => sdk.getUserDetails(CHECKOUT_KEY, BUSINESS_ID));
await call("getUserDetails normal key", () => sdk.getUserDetails(API_KEY, BUSINESS_ID));
await call("getUserDetails other business", () =>
  sdk.getUserDetails(CHECKOUT_KEY, BUSINESS_ID, OTHER_BUSINESS_ID),
);

report();
