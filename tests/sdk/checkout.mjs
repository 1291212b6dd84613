// Drives the checkout functions of Mileston's checkout SDK
// (mileston-payment-client, unchanged) against the sandbox, for each kind of
// payment, before and after payment: fetchPayment, savePayment,
// verifyPaymentWithWallet, and the wallets a checkout page asks for
// (getPaymentWallet, fetchSubWallets). Prints one JSON report;
// tests/test_sdk.rs asserts on it and on the sandbox's request log.
//
// How the package is loaded in node: checkout-sdk.mjs.

import { loadCheckoutSdk } from "./checkout-sdk.mjs";
import {
  API_KEY,
  BUSINESS_ID,
  CHECKOUT_KEY,
  atSandbox,
  call,
  markPaid,
  report,
  requireInstalled,
} from "./harness.mjs";

const { PaymentLink, Invoice, RecurringPayment } = requireInstalled("mileston-payments");

const { sdk, bundleFiles, touched } = await loadCheckoutSdk();

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

report({ bundleFiles, touchedDependencies: touched() });
