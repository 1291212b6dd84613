// Drives the checkout functions of Mileston's checkout SDK
// (mileston-payment-client, unchanged) against the sandbox, for each kind of
// payment, before and after payment: fetchPayment, savePayment,
// verifyPaymentWithWallet, and the wallets a checkout page asks for
// (getPaymentWallet, fetchSubWallets). Prints one JSON report;
// tests/test_sdk.rs asserts on it and on the sandbox's request log.
//
// The package is mostly React UI, which does not load in node. esbuild
// bundles its own ESM build (dist/index.mjs) from an entry that exports only
// these functions; every import the package makes of its dependencies (React,
// wallet adapters, viem, CSS) resolves to an inert stand-in, so its module
// code loads. After it has loaded, any touch of a stand-in is recorded: the
// report says whether the functions under test reached one (they must not).

import { writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  API_KEY,
  BUSINESS_ID,
  CHECKOUT_KEY,
  NODE_DIR,
  atSandbox,
  call,
  markPaid,
  report,
  requireInstalled,
  toSandbox,
} from "./harness.mjs";

const esbuild = requireInstalled("esbuild");
const { PaymentLink, Invoice, RecurringPayment } = requireInstalled("mileston-payments");

// ---------------------------------------------------------------- the bundle

const touched = new Set();
let armed = false;

/// A stand-in for a dependency: callable, constructible, every property
/// another stand-in; once armed, each use is recorded.
function inert(name) {
  const use = () => {
    if (armed) touched.add(name);
    return inert(name);
  };
  // esbuild's CommonJS interop reads named imports through the prototype.
  const members = new Proxy({}, { get: (_, p) => (p === "__esModule" ? undefined : use()) });
  return new Proxy(function () {}, {
    get: (_, p) => (p === "__esModule" ? undefined : use()),
    apply: use,
    construct: use,
    getPrototypeOf: () => members,
  });
}
globalThis.__unusedDependency = inert;

const EXPORTS = [
  "fetchPayment",
  "savePayment",
  "verifyPaymentWithWallet",
  "getPaymentWallet",
  "fetchSubWallets",
];
const built = await esbuild.build({
  stdin: {
    contents: `export { ${EXPORTS.join(", ")} } from "mileston-payment-client";`,
    resolveDir: NODE_DIR,
    loader: "js",
  },
  bundle: true,
  format: "esm",
  platform: "node",
  // The package's ESM build, so that esbuild drops the UI nobody imports.
  mainFields: ["module", "main"],
  absWorkingDir: NODE_DIR,
  write: false,
  metafile: true,
  logLevel: "error",
  plugins: [
    {
      name: "unused-dependencies",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.importer.includes(`${path.sep}mileston-payment-client${path.sep}`)
            ? { path: args.path, namespace: "unused" }
            : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: "unused" }, (args) => ({
          contents: `module.exports = globalThis.__unusedDependency(${JSON.stringify(args.path)});`,
          loader: "js",
        }));
      },
    },
  ],
});
const bundleFile = path.join(NODE_DIR, "checkout-sdk.bundle.mjs");
writeFileSync(bundleFile, built.outputFiles[0].text);
const sdk = await import(pathToFileURL(bundleFile).href);
/// The files the bundle's code comes from: the package's own build only.
const bundleFiles = Object.keys(built.metafile.inputs).filter(
  (f) => !f.startsWith("unused:") && f !== "<stdin>",
);

// The checkout SDK calls the global fetch; only the origin changes.
globalThis.fetch = (input, init) => globalThis.sandboxFetch(toSandbox(String(input)), init);
armed = true;

// ---------------------------------------------------------------- the calls

const backend = {
  invoice: atSandbox(new Invoice(API_KEY, BUSINESS_ID)),
  "payment-link": atSandbox(new PaymentLink(API_KEY, BUSINESS_ID)),
  recurring: atSandbox(new RecurringPayment(API_KEY, BUSINESS_ID)),
};
/// The sandbox's control path segment of each kind.
const PAY_PATTERN = { invoice: "invoice", "payment-link": "paymentlink", recurring: "recurring" };

/// A new payment of `type`, created with the backend SDK; its ID and amount.
async function create(type) {
  if (type === "invoice") {
    const r = await backend.invoice.create("Acme Ltd", {
      amount: "120.50",
      itemName: "Consulting",
      customerEmail: "customer@example.com",
      dueDate: new Date("2026-12-31"),
    });
    return { id: r.invoiceData.invoiceId, amount: r.invoiceData.amount };
  }
  if (type === "payment-link") {
    const r = await backend["payment-link"].create({ amount: "25.00", title: "T-shirt" });
    return { id: r.paymentData.paymentLinkId, amount: r.paymentData.amount };
  }
  const r = await backend.recurring.create("Acme Ltd", {
    amount: "9.99",
    subscriptionName: "Pro",
    subscriberFullName: "Ada Lovelace",
    subscriberEmail: "ada@example.com",
    recurringDate: new Date("2026-12-01"),
    recurringInterval: 30,
  });
  return { id: r.recurringPaymentData.recurringPaymentId, amount: r.recurringPaymentData.amount };
}

const auth = { apikey: CHECKOUT_KEY, businessid: BUSINESS_ID };

/// The wallets the checkout page shows: the sub-wallet's addresses.
const subWallet = await call("fetchSubWallets", () =>
  sdk.fetchSubWallets({ ...auth, subWalletUuid: "sandbox-subwallet-0001", env: "test" }),
);
const to = subWallet?.data?.address ?? {};
await call("fetchSubWallets unknown", () =>
  sdk.fetchSubWallets({ ...auth, subWalletUuid: "no-such-wallet", env: "test" }),
);

/// How each kind is paid in this run: a wallet flow per chain family, the
/// save body in the order the SDK's components build it.
const WALLET_FLOW = {
  invoice: { chain: "sui", token: "USDC" },
  "payment-link": { chain: "solana", token: "SOL" },
  recurring: { chain: "base", token: "ETH" },
};
/// The QR flow: the deposit wallet asked for, and the chain.
const QR_FLOW = {
  invoice: { walletType: "evm", chain: "pol", token: "USDC" },
  "payment-link": { walletType: "sui", chain: "sui", token: "USDC" },
  recurring: { walletType: "solana", chain: "solana", token: "SOL" },
};
const EVM = ["eth", "avax", "pol", "base", "arb"];

for (const type of ["invoice", "payment-link", "recurring"]) {
  // A wallet payment: read, save once settled, read again.
  const paid = await create(type);
  await call(`${type}: fetchPayment before`, () =>
    sdk.fetchPayment({ ...auth, paymentId: paid.id, paymentType: type }),
  );
  const w = WALLET_FLOW[type];
  const evm = EVM.includes(w.chain);
  const body = {
    paymentLinkId: paid.id,
    payer: evm ? "0x00000000000000000000000000000000005a0c01" : w.chain === "sui" ? `0x${"5a0c01".padStart(64, "0")}` : "SandboxPayer1111111111111111111111111111111",
    recipientWalletAddress: evm ? to.eth : to[w.chain],
    amount: paid.amount.toString(),
    userUUID: BUSINESS_ID,
    transactionSignature: evm ? `0x${"ab".repeat(32)}` : "5aSandboxTransactionSignature1111111111111111111111111111111111111111111111111111",
    ...(w.chain === "sui" ? {} : { feeSignature: evm ? `0x${"cd".repeat(32)}` : "5aSandboxTransactionSignature1111111111111111111111111111111111111111111111111111" }),
    chain: w.chain,
    env: "test",
    subWalletUuid: "sandbox-subwallet-0001",
  };
  const native = ["ETH", "POL", "AVAX", "SOL"].includes(w.token) ? w.token : undefined;
  await call(`${type}: savePayment`, () =>
    sdk.savePayment({ ...auth, type, body, nativeTokens: native }),
  );
  await call(`${type}: fetchPayment after`, () =>
    sdk.fetchPayment({ ...auth, paymentId: paid.id, paymentType: type }),
  );

  // A QR payment: the deposit wallet, verify before the transfer arrives
  // and after.
  const qr = await create(type);
  const q = QR_FLOW[type];
  const qrEvm = EVM.includes(q.chain);
  const wallet = await call(`${type}: getPaymentWallet ${q.walletType}`, () =>
    sdk.getPaymentWallet({
      ...auth,
      walletType: q.walletType,
      ...(qrEvm ? { evmChain: q.chain, env: "test", merchant: to.eth } : {}),
    }),
  );
  const dto = {
    paymentLinkId: qr.id,
    publicKey: wallet?.publicKey,
    amount: qr.amount,
    recipientWalletAddress: qrEvm ? to.eth : to[q.chain],
    chain: q.chain,
    env: "test",
    userUUID: BUSINESS_ID,
    token: q.token,
    subWalletUuid: undefined,
  };
  if (qrEvm) {
    await call(`${type}: verifyPaymentWithWallet without evmChain`, () =>
      sdk.verifyPaymentWithWallet({ ...auth, type, body: { ...dto } }),
    );
    dto.evmChain = q.chain;
    dto.walletAddress = wallet?.publicKey;
  }
  const qrNative = ["ETH", "POL", "AVAX", "SOL"].includes(q.token) ? q.token : undefined;
  const verify = () => sdk.verifyPaymentWithWallet({ ...auth, type, body: dto, nativeTokens: qrNative });
  await call(`${type}: verifyPaymentWithWallet before`, verify);
  await markPaid(PAY_PATTERN[type], qr.id);
  await call(`${type}: verifyPaymentWithWallet after`, verify);
  await call(`${type}: fetchPayment after QR`, () =>
    sdk.fetchPayment({ ...auth, paymentId: qr.id, paymentType: type }),
  );
}

// Refusals the checkout page meets.
await call("fetchPayment unknown", () =>
  sdk.fetchPayment({ ...auth, paymentId: "inv_999999", paymentType: "invoice" }),
);
await call("fetchPayment with a normal key of another business", () =>
  sdk.fetchPayment({ apikey: API_KEY, businessid: "biz_sandbox_0002", paymentId: "inv_999999", paymentType: "invoice" }),
);
await call("savePayment bad amount", () =>
  sdk.savePayment({
    ...auth,
    type: "invoice",
    body: {
      paymentLinkId: "inv_999999",
      payer: "0x1",
      recipientWalletAddress: "0x2",
      amount: "free",
      userUUID: BUSINESS_ID,
      transactionSignature: "0x3",
      chain: "eth",
      env: "test",
    },
  }),
);
await call("getPaymentWallet unknown type", () =>
  sdk.getPaymentWallet({ ...auth, walletType: "bitcoin" }),
);

report({ bundleFiles, touchedDependencies: [...touched] });
