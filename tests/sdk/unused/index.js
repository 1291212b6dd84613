// Stands in for a dependency of mileston-payment-client that its checkout
// functions (fetchPayment, savePayment, verifyPaymentWithWallet, ...) never
// reach: React, the wallet adapters, viem and the like (tests/sdk/README.md). The
// harness bundles the package with esbuild and never loads this file; if
// anything does, it says so.
throw new Error("unused-dependency: a stubbed dependency of mileston-payment-client was loaded");
