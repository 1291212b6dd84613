// Drives every call of Mileston's backend SDK (mileston-payments, unchanged)
// against the sandbox: payment links, invoices and recurring payments, each
// created, read, listed, updated and deleted, and the refusals a user meets.
// Prints one JSON report; tests/test_sdk.rs asserts on it and on the
// sandbox's request log.

import {
  API_KEY,
  BUSINESS_ID,
  CHECKOUT_KEY,
  OTHER_BUSINESS_ID,
  atSandbox,
  call,
  report,
  requireInstalled,
} from "./harness.mjs";

const { PaymentLink, Invoice, RecurringPayment } = requireInstalled("mileston-payments");

const links = atSandbox(new PaymentLink(API_KEY, BUSINESS_ID));
const invoices = atSandbox(new Invoice(API_KEY, BUSINESS_ID));
const recurring = atSandbox(new RecurringPayment(API_KEY, BUSINESS_ID));

// Payment links.
const link = await call("paymentLink.create", () =>
  links.create({
    amount: "100.00",
    title: "Coffee",
    description: "A cup",
    redirectUrl: "https://shop.example/thanks",
    logoUrl: "https://shop.example/logo.png",
    bannerUrl: "https://shop.example/banner.png",
  }),
);
const linkId = link?.paymentData?.paymentLinkId;
await call("paymentLink.create amount 1", () => links.create({ amount: "1" }));
await call("paymentLink.create amount 0.5", () => links.create({ amount: "0.5", title: "Half" }));
await call("paymentLink.get", () => links.get(linkId));
await call("paymentLink.getAll", () => links.getAll(2));
await call("paymentLink.update", () =>
  links.update({ paymentLinkId: linkId, amount: "120.50", title: "Latte" }),
);
await call("paymentLink.delete", () => links.delete(linkId));
await call("paymentLink.get deleted", () => links.get(linkId));
await call("paymentLink.create bad amount", () => links.create({ amount: "free" }));
await call("paymentLink.create zero amount", () => links.create({ amount: "0" }));
await call("paymentLink.update unknown", () =>
  links.update({ paymentLinkId: "pl_999999", amount: "1" }),
);
await call("paymentLink.delete unknown", () => links.delete("pl_999999"));
await call("paymentLink.create with checkout key", () =>
  atSandbox(new PaymentLink(CHECKOUT_KEY, BUSINESS_ID)).create({ amount: "1" }),
);
await call("paymentLink.getAll with another business", () =>
  atSandbox(new PaymentLink(API_KEY, OTHER_BUSINESS_ID)).getAll(1),
);

// Invoices: `dueDate` is a `Date`, as the SDK's type has it.
const invoice = await call("invoice.create", () =>
  invoices.create("Acme Ltd", {
    amount: "99.99",
    itemName: "Widget",
    customerEmail: "customer@example.com",
    dueDate: new Date("2026-12-31"),
    addPdf: true,
  }),
);
const invoiceId = invoice?.invoiceData?.invoiceId;
await call("invoice.get", () => invoices.get(invoiceId));
await call("invoice.getAll", () => invoices.getAll(5));
await call("invoice.update", () =>
  invoices.update({ invoiceId, itemName: "Gadget", dueDate: new Date("2027-01-15T12:00:00Z") }),
);
await call("invoice.delete", () => invoices.delete(invoiceId));
await call("invoice.get deleted", () => invoices.get(invoiceId));
await call("invoice.create bad email", () =>
  invoices.create("Acme Ltd", {
    amount: "5",
    itemName: "Bolt",
    customerEmail: "not-an-email",
    dueDate: new Date("2026-12-31"),
  }),
);

// Recurring payments, with the SDK's optional fields.
const rec = await call("recurring.create", () =>
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
);
const recId = rec?.recurringPaymentData?.recurringPaymentId;
await call("recurring.create minimal", () =>
  recurring.create("Acme Ltd", {
    amount: "9.99",
    subscriptionName: "Basic",
    subscriberFullName: "Grace Hopper",
    subscriberEmail: "grace@example.com",
    recurringDate: new Date("2027-02-01"),
    recurringInterval: 7,
  }),
);
await call("recurring.get", () => recurring.get(recId));
await call("recurring.getAll", () => recurring.getAll(10));
await call("recurring.update", () =>
  recurring.update({ recurringPaymentId: recId, recurringInterval: 365, currentPaymentStatus: "paid" }),
);
await call("recurring.delete", () => recurring.delete(recId));
await call("recurring.get deleted", () => recurring.get(recId));
await call("recurring.create bad interval", () =>
  recurring.create("Acme Ltd", {
    amount: "5.00",
    subscriptionName: "Pro",
    subscriberFullName: "Ada Lovelace",
    subscriberEmail: "ada@example.com",
    recurringDate: new Date("2027-01-01"),
    recurringInterval: 0,
  }),
);

report();
