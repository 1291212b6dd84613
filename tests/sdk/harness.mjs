// What both SDK scripts share: the settings from the environment, the one
// change made to reach the sandbox (the origin of each request, from Mileston's
// production service to the sandbox; path, query, headers and body untouched),
// and the report each call adds to.
//
// Environment (tests/test_sdk.rs sets it):
//   MILESTON_SANDBOX_URL  the sandbox's origin, http://127.0.0.1:PORT
//   SDK_NODE_DIR          where `npm ci` installed package.json's packages
//   SANDBOX_API_KEY, SANDBOX_CHECKOUT_KEY, SANDBOX_BUSINESS_ID,
//   SANDBOX_OTHER_BUSINESS_ID, SANDBOX_WALLET_SECRET,
//   SANDBOX_OTHER_WALLET_SECRET  the sandbox's documented FAKE test tenants

import { createRequire } from "node:module";
import path from "node:path";

function setting(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set (tests/test_sdk.rs sets it)`);
  }
  return value;
}

export const SANDBOX = setting("MILESTON_SANDBOX_URL").replace(/\/$/, "");
export const NODE_DIR = setting("SDK_NODE_DIR");
export const API_KEY = setting("SANDBOX_API_KEY");
export const CHECKOUT_KEY = setting("SANDBOX_CHECKOUT_KEY");
export const BUSINESS_ID = setting("SANDBOX_BUSINESS_ID");
export const OTHER_BUSINESS_ID = setting("SANDBOX_OTHER_BUSINESS_ID");
export const WALLET_SECRET = setting("SANDBOX_WALLET_SECRET");
export const OTHER_WALLET_SECRET = setting("SANDBOX_OTHER_WALLET_SECRET");

// The sandbox's own endpoints are called with the fetch node has, not the
// origin-rewriting one the checkout SDK gets.
globalThis.sandboxFetch = globalThis.fetch;

/// `require` for the installed packages (they live outside the source tree).
export const requireInstalled = createRequire(path.join(NODE_DIR, "package.json"));

/// Mileston's production origins, the only ones a request may go to.
const MILESTON_ORIGINS = [
  "https://payment-service.mileston.co",
  "https://invoice-service.mileston.co",
  "https://recurring-service.mileston.co",
  "https://checkout-service.mileston.co",
  "https://user-service.mileston.co",
];

/// `url` with its origin, one of Mileston's, replaced by the sandbox's.
export function toSandbox(url) {
  const u = new URL(url);
  if (!MILESTON_ORIGINS.includes(u.origin)) {
    throw new Error(`the SDK called ${u.origin}, which is not a Mileston service the sandbox imitates`);
  }
  return SANDBOX + url.slice(u.origin.length);
}

/// The SDKs log whole error objects (with request headers, keys included);
/// only their messages reach the test's output.
for (const level of ["error", "warn", "log"]) {
  console[level] = (...args) => {
    const text = args
      .map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : "<object>"))
      .join(" ");
    process.stderr.write(`[sdk console.${level}] ${text}\n`);
  };
}

/// The backend SDK's own axios instance, with the origin of each request
/// (its production base URL) swapped for the sandbox's. The SDK's
/// constructors take no base URL; this is the one change, made from outside.
export function atSandbox(sdk) {
  sdk.client.interceptors.request.use((config) => {
    config.baseURL = toSandbox(config.baseURL);
    return config;
  });
  return sdk;
}

const calls = [];

/// Runs one SDK call and records what the caller saw: the value it returned,
/// or the message of the error it threw; and which requests the sandbox
/// logged meanwhile (`firstSeq`, `sent`). Never throws.
export async function call(name, f) {
  const before = await lastSeq();
  let entry;
  try {
    const value = await f();
    entry = { name, ok: true, value: value === undefined ? null : value };
  } catch (e) {
    entry = { name, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const after = await lastSeq();
  calls.push({ ...entry, firstSeq: before + 1, sent: after - before });
  return entry.value;
}

/// The sequence number of the last request the sandbox logged.
export async function lastSeq() {
  const res = await globalThis.sandboxFetch(`${SANDBOX}/__sandbox/requests`);
  return (await res.json()).total;
}

/// Marks a payment paid, as the customer's transfer arriving would
/// (`POST /__sandbox/pay`): the sandbox's own control, not an SDK call.
export async function markPaid(pattern, id) {
  const res = await globalThis.sandboxFetch(`${SANDBOX}/__sandbox/pay/${pattern}/${id}`, {
    method: "POST",
  });
  if (!res.ok) {
    throw new Error(`__sandbox/pay/${pattern}/${id}: HTTP ${res.status}`);
  }
}

/// Prints the report (the only thing on stdout) as one JSON document.
export function report(extra = {}) {
  process.stdout.write(JSON.stringify({ calls, ...extra }) + "\n");
}
