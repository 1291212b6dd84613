// The calls tests/test_sdk_bytes.rs compares: each made with Mileston's own
// SDKs (mileston-payments, mileston-payment-client, unchanged) against the
// sandbox, in a fixed order under fixed names. The test then makes the same
// calls, under the same names, through this crate's handles, and compares
// what the sandbox's request log saw of both.
//
// Calls are written as an integrator would write them from Mileston's docs
// and types: members in the order of the SDK's types, dates as `Date`s, the
// checkout bodies as Mileston's checkout components build them. Prints one
// JSON report: the calls and `ids`, the IDs of what was created, by name (the
// test puts names in place of IDs before comparing).

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
const { sdk } = await loadCheckoutSdk();

const links = atSandbox(new PaymentLink(API_KEY, BUSINESS_ID));
const invoices = atSandbox(new Invoice(API_KEY, BUSINESS_ID));
const recurring = atSandbox(new RecurringPayment(API_KEY, BUSINESS_ID));
const auth = { apikey: CHECKOUT_KEY, businessid: BUSINESS_ID };
const SUB_WALLET = "sandbox-subwallet-0001";

/// What was created, by name.
const ids = {};

// ---------------------------------------------------------------- backend

ids.link = (
  await call("link.create", () =>
    links.create({
      amount: "100.00",
      title: "Coffee",
      description: "A cup",
      redirectUrl: "https://shop.example/thanks",
      logoUrl: "https://shop.example/logo.png",
      bannerUrl: "https://shop.example/banner.png",
    }),
  )
)?.paymentData?.paymentLinkId;
await call("link.create minimal", () =>
  links.create({ amount: "0.5", subWalletUuid: SUB_WALLET }),
);
await call("link.get", () => links.get(ids.link));
await call("link.getAll", () => links.getAll(2));
await call("link.update", () =>
  links.update({ paymentLinkId: ids.link, amount: "120.50", title: "Latte" }),
);
await call("link.delete", () => links.delete(ids.link));

ids.invoice = (
  await call("invoice.create", () =>
    invoices.create("Acme Ltd", {
      amount: "99.99",
      itemName: "Widget",
      customerEmail: "customer@example.com",
      dueDate: new Date("2026-12-31"),
      addPdf: true,
    }),
  )
)?.invoiceData?.invoiceId;
await call("invoice.get", () => invoices.get(ids.invoice));
await call("invoice.getAll", () => invoices.getAll(5));
await call("invoice.update", () =>
  invoices.update({
    invoiceId: ids.invoice,
    itemName: "Gadget",
    dueDate: new Date("2027-01-15T12:00:00Z"),
  }),
);
await call("invoice.delete", () => invoices.delete(ids.invoice));

ids.recurring = (
  await call("recurring.create", () =>
    recurring.create("Acme Ltd", {
      amount: "5.00",
      subscriptionName: "Pro",
      subscriberFullName: "Ada Lovelace",
      subscriberEmail: "ada@example.com",
      subscriberWalletAddress: "0x00000000000000000000000000000000005a0001",
      currentPaymentStatus: "unpaid",
      recurringDate: new Date("2027-01-01"),
      recurringInterval: 30,
      addPdf: false,
    }),
  )
)?.recurringPaymentData?.recurringPaymentId;
await call("recurring.create minimal", () =>
  recurring.create("Acme Ltd", {
    amount: "1",
    subscriptionName: "Basic",
    subscriberFullName: "Grace Hopper",
    subscriberEmail: "grace@example.com",
    recurringDate: new Date("2027-02-01"),
    recurringInterval: 7,
  }),
);
await call("recurring.get", () => recurring.get(ids.recurring));
await call("recurring.getAll", () => recurring.getAll(10));
await call("recurring.update", () =>
  recurring.update({
    recurringPaymentId: ids.recurring,
    currentPaymentStatus: "paid",
    recurringInterval: 365,
  }),
);
await call("recurring.delete", () => recurring.delete(ids.recurring));

// ---------------------------------------------------------------- checkout

const subWallet = await call("fetchSubWallets", () =>
  sdk.fetchSubWallets({ ...auth, subWalletUuid: SUB_WALLET, env: "test" }),
);
const to = subWallet?.data?.address ?? {};
const EVM = ["eth", "avax", "pol", "base", "arb"];
const NATIVE = ["ETH", "POL", "AVAX", "SOL"];

/// How each kind is paid: a wallet payment, then a QR-code payment.
const FLOWS = [
  {
    type: "invoice",
    pattern: "invoice",
    create: () =>
      invoices.create("Acme Ltd", {
        amount: "120.50",
        itemName: "Consulting",
        customerEmail: "customer@example.com",
        dueDate: new Date("2026-12-31"),
      }),
    id: (r) => r.invoiceData.invoiceId,
    amount: "120.50",
    wallet: { chain: "sui", token: "USDC" },
    qr: { walletType: "evm", chain: "pol", token: "USDC" },
  },
  {
    type: "payment-link",
    pattern: "paymentlink",
    create: () => links.create({ amount: "25.00", title: "T-shirt" }),
    id: (r) => r.paymentData.paymentLinkId,
    amount: "25.00",
    wallet: { chain: "solana", token: "SOL" },
    qr: { walletType: "sui", chain: "sui", token: "USDC" },
  },
  {
    type: "recurring",
    pattern: "recurring",
    create: () =>
      recurring.create("Acme Ltd", {
        amount: "9.99",
        subscriptionName: "Pro",
        subscriberFullName: "Ada Lovelace",
        subscriberEmail: "ada@example.com",
        recurringDate: new Date("2026-12-01"),
        recurringInterval: 30,
      }),
    id: (r) => r.recurringPaymentData.recurringPaymentId,
    amount: "9.99",
    wallet: { chain: "base", token: "ETH" },
    qr: { walletType: "solana", chain: "solana", token: "SOL" },
  },
];

for (const f of FLOWS) {
  const t = f.type;
  // A wallet payment: read, save once settled (the body as the component
  // builds it, MJS:3445-3511), read again.
  const paid = (ids[`${t} wallet`] = f.id(await call(`${t}: create for wallet`, f.create)));
  await call(`${t}: fetchPayment before`, () =>
    sdk.fetchPayment({ ...auth, paymentId: paid, paymentType: t }),
  );
  const w = f.wallet;
  const evm = EVM.includes(w.chain);
  const signature = evm ? `0x${"ab".repeat(32)}` : `5aSandboxSignature${"1".repeat(60)}`;
  const body = {
    paymentLinkId: paid,
    payer: evm ? "0x00000000000000000000000000000000005a0c01" : w.chain === "sui" ? `0x${"5a0c01".padStart(64, "0")}` : "SandboxPayer1111111111111111111111111111111",
    recipientWalletAddress: evm ? to.eth : to[w.chain],
    amount: f.amount.toString(),
    userUUID: BUSINESS_ID,
    transactionSignature: signature,
    ...(w.chain === "sui" ? {} : { feeSignature: evm ? `0x${"cd".repeat(32)}` : signature }),
    chain: w.chain,
    env: "test",
    subWalletUuid: SUB_WALLET,
  };
  await call(`${t}: savePayment`, () =>
    sdk.savePayment({ ...auth, type: t, body, nativeTokens: NATIVE.includes(w.token) ? w.token : undefined }),
  );
  await call(`${t}: fetchPayment after`, () =>
    sdk.fetchPayment({ ...auth, paymentId: paid, paymentType: t }),
  );

  // A QR-code payment: the deposit address, verify before the transfer
  // arrives and after (the DTO as the QR component builds it, MJS:3181-3195).
  const qr = (ids[`${t} qr`] = f.id(await call(`${t}: create for QR`, f.create)));
  const q = f.qr;
  const qrEvm = EVM.includes(q.chain);
  const recipient = qrEvm ? to.eth : to[q.chain];
  const wallet = await call(`${t}: getPaymentWallet`, () =>
    sdk.getPaymentWallet({
      ...auth,
      walletType: q.walletType,
      ...(qrEvm ? { evmChain: q.chain, env: "test", merchant: recipient } : {}),
    }),
  );
  const dto = {
    paymentLinkId: qr,
    publicKey: wallet?.publicKey,
    amount: f.amount,
    recipientWalletAddress: recipient,
    chain: q.chain,
    env: "test",
    userUUID: BUSINESS_ID,
    token: q.token,
    subWalletUuid: undefined,
  };
  if (qrEvm) {
    dto.evmChain = q.chain;
    dto.walletAddress = wallet?.publicKey;
  }
  const verify = () =>
    sdk.verifyPaymentWithWallet({
      ...auth,
      type: t,
      body: dto,
      nativeTokens: NATIVE.includes(q.token) ? q.token : undefined,
    });
  await call(`${t}: verify before`, verify);
  await markPaid(f.pattern, qr);
  await call(`${t}: verify after`, verify);
}

// Mileston's SDK refuses an EVM verification without `evmChain` before
// sending anything.
await call("verify on EVM without evmChain", () =>
  sdk.verifyPaymentWithWallet({
    ...auth,
    type: "invoice",
    body: {
      paymentLinkId: ids["invoice qr"],
      publicKey: "0x1",
      amount: "1",
      recipientWalletAddress: to.eth,
      chain: "arb",
      env: "test",
      userUUID: BUSINESS_ID,
      token: "USDT",
      walletAddress: "0x1",
    },
  }),
);

report({ ids });
