// Drives every method of the backend SDK's `Wallet` class (mileston-payments,
// unchanged) against the sandbox's wallet API, with the tenant's signing
// secret, then the refusals: another tenant's secret, a batch whose lengths
// differ, a payout over the balance. Prints one JSON report;
// tests/test_sdk_wallet.rs asserts on it and on the sandbox's request log.

import {
  API_KEY,
  BUSINESS_ID,
  OTHER_WALLET_SECRET,
  SANDBOX,
  WALLET_SECRET,
  atSandbox,
  call,
  report,
  requireInstalled,
} from "./harness.mjs";

const { Wallet } = requireInstalled("mileston-payments");

const wallet = atSandbox(new Wallet(API_KEY, BUSINESS_ID, WALLET_SECRET));
const wrongSecret = atSandbox(new Wallet(API_KEY, BUSINESS_ID, OTHER_WALLET_SECRET));

// The reference's example payout (its signed bytes are a test vector).
const payout = {
  amount: "100.00",
  recipientAddress: "0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6",
  walletType: "eth",
};

await call("getAllWallets", () => wallet.getAllWallets());
const sent = await call("sendPayment", () => wallet.sendPayment(payout));
await call("getTransactionStatus pending", () =>
  wallet.getTransactionStatus(sent?.transactionUUID),
);
// The chain confirms it (the sandbox's control, not an SDK call).
await globalThis.sandboxFetch(`${SANDBOX}/__sandbox/transactions/${sent?.transactionUUID}/complete`, {
  method: "POST",
});
await call("getTransactionStatus completed", () =>
  wallet.getTransactionStatus(sent?.transactionUUID),
);
await call("createSubWallet", () => wallet.createSubWallet());
await call("createNewSubWallet", () =>
  wallet.createNewSubWallet({ subWalletUuid: "custom-uuid-123", walletType: "sui" }),
);
await call("getSubWallet", () => wallet.getSubWallet("custom-uuid-123"));
await call("getAllSubWallets", () => wallet.getAllSubWallets());
await call("sendFunds", () =>
  wallet.sendFunds("sandbox-subwallet-0001", { ...payout, amount: "25.00" }),
);
await call("batchPayment", () =>
  wallet.batchPayment({ recipients: ["0xa", "0xb"], amounts: ["1.00", "2.00"], walletType: "eth" }),
);
await call("deleteSubWallet", () => wallet.deleteSubWallet("custom-uuid-123"));
await call("getAllWallets after", () => wallet.getAllWallets());

// Refusals: the SDK throws the answer's `message`.
await call("sendPayment with another tenant's secret", () => wrongSecret.sendPayment(payout));
await call("getAllWallets with another tenant's secret", () => wrongSecret.getAllWallets());
await call("batchPayment with fewer amounts", () =>
  wallet.batchPayment({ recipients: ["0xa", "0xb"], amounts: ["1.00"], walletType: "eth" }),
);
await call("sendPayment over the balance", () =>
  wallet.sendPayment({ ...payout, amount: "5000.00" }),
);
await call("getSubWallet deleted", () => wallet.getSubWallet("custom-uuid-123"));

report();
