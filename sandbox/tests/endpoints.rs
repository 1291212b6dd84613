//! Every endpoint's happy path, with the exact JSON fields of the wire protocol.

mod common;

use common::*;
use serde_json::json;

#[test]
fn status_needs_no_key_and_reports_healthy() {
    let c = Client::new();
    let r = c.get("/status", NONE);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let j = r.json();
    // Mileston's documented health answer (`docs/api-status-check.md`).
    assert_eq!(
        keys_of(&j),
        [
            "environment",
            "memory",
            "service",
            "status",
            "timestamp",
            "uptime",
            "version"
        ]
    );
    assert_eq!(j["status"], "healthy");
    assert!(j["service"].is_string());
    assert!(is_timestamp(&j["timestamp"]), "{}", j["timestamp"]);
    assert!(j["uptime"].is_u64());
    assert_eq!(j["environment"], "sandbox");
    assert_eq!(j["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(keys_of(&j["memory"]), ["total", "used"]);
    assert!(j["memory"]["used"].is_u64() && j["memory"]["total"].is_u64());
}

#[test]
fn payment_link_create_get_list_update_delete() {
    let c = Client::new();
    let r = c.post(
        "/payment-link/create",
        NORMAL,
        r#"{"amount":"100.00","title":"Coffee","description":"A cup","redirectUrl":"https://shop.example/thanks","logoUrl":"https://shop.example/logo.png","bannerUrl":"https://shop.example/banner.png"}"#,
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let j = r.json();
    assert_eq!(
        keys_of(&j),
        ["message", "paymentData", "paymentLink", "statusCode"]
    );
    assert_eq!(j["statusCode"], 201);
    assert!(j["message"].is_string());
    let data = &j["paymentData"];
    let id = data["paymentLinkId"].as_str().unwrap().to_string();
    assert_eq!(
        j["paymentLink"],
        format!("https://checkout.mileston.co/payment-link/{id}")
    );
    assert_eq!(
        keys_of(data),
        [
            "amount",
            "bannerUrl",
            "createdAt",
            "description",
            "env",
            "logoUrl",
            "paymentLinkId",
            "redirectUrl",
            "status",
            "title",
            "updatedAt"
        ]
    );
    assert_eq!(data["amount"], "100.00");
    assert_eq!(data["title"], "Coffee");
    assert_eq!(data["redirectUrl"], "https://shop.example/thanks");
    assert_eq!(data["status"], "pending");
    assert_eq!(data["env"], "test");
    assert!(is_timestamp(&data["createdAt"]) && is_timestamp(&data["updatedAt"]));

    // Optional fields are omitted when absent.
    let second = c.post("/payment-link/create", NORMAL, r#"{"amount":"1"}"#);
    assert_eq!(second.status, 201, "{}", second.text);
    let second_data = &second.json()["paymentData"];
    assert_eq!(
        keys_of(second_data),
        [
            "amount",
            "createdAt",
            "env",
            "paymentLinkId",
            "status",
            "updatedAt"
        ]
    );
    let second_id = second_data["paymentLinkId"].as_str().unwrap().to_string();
    assert_ne!(id, second_id);

    let got = c.get(&format!("/payment-link/{id}"), NORMAL);
    assert_eq!(got.status, 200, "{}", got.text);
    let gj = got.json();
    assert_eq!(
        keys_of(&gj),
        ["message", "paymentData", "paymentLink", "statusCode"]
    );
    assert_eq!(gj["statusCode"], 200);
    assert_eq!(gj["paymentData"], *data);
    assert_eq!(gj["paymentLink"], j["paymentLink"]);

    // Newest first, default limit 10, explicit limit honoured.
    let list = c.get("/payment-link", NORMAL);
    assert_eq!(list.status, 200, "{}", list.text);
    let lj = list.json();
    assert_eq!(keys_of(&lj), ["message", "paymentData", "statusCode"]);
    let ids: Vec<&str> = lj["paymentData"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["paymentLinkId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [second_id.as_str(), id.as_str()]);
    for _ in 0..11 {
        c.new_link(NORMAL);
    }
    assert_eq!(
        c.get("/payment-link", NORMAL).json()["paymentData"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    assert_eq!(
        c.get("/payment-link?limit=3", NORMAL).json()["paymentData"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        c.get("/payment-link?limit=100", NORMAL).json()["paymentData"]
            .as_array()
            .unwrap()
            .len(),
        13
    );

    let up = c.patch(
        "/payment-link/update",
        NORMAL,
        &json!({"paymentLinkId": id, "amount": "120.50", "title": "Latte"}).to_string(),
    );
    assert_eq!(up.status, 200, "{}", up.text);
    let uj = up.json();
    assert_eq!(
        keys_of(&uj),
        ["message", "paymentData", "paymentLink", "statusCode"]
    );
    assert_eq!(uj["paymentData"]["amount"], "120.50");
    assert_eq!(uj["paymentData"]["title"], "Latte");
    assert_eq!(uj["paymentData"]["description"], "A cup");
    assert_eq!(uj["paymentData"]["createdAt"], data["createdAt"]);
    assert_eq!(
        c.get(&format!("/payment-link/{id}"), NORMAL).json()["paymentData"]["amount"],
        "120.50"
    );

    let del = c.delete(&format!("/payment-link/delete/{id}"), NORMAL);
    assert_eq!(del.status, 200, "{}", del.text);
    assert_eq!(keys_of(&del.json()), ["message", "statusCode"]);
    assert_eq!(del.json()["statusCode"], 200);
    let gone = c.get(&format!("/payment-link/{id}"), NORMAL);
    assert!(gone.error(404).contains("not found"));
    assert_eq!(
        c.delete(&format!("/payment-link/delete/{id}"), NORMAL)
            .status,
        404
    );
}

#[test]
fn invoice_create_get_list_update_delete() {
    let c = Client::new();
    let r = c.post(
        "/invoice/create?businessName=Acme%20Ltd",
        NORMAL,
        r#"{"amount":"99.99","itemName":"Widget","customerEmail":"c@example.com","dueDate":"2026-12-31","addPdf":true}"#,
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let j = r.json();
    assert_eq!(
        keys_of(&j),
        ["invoiceData", "invoiceLink", "message", "statusCode"]
    );
    assert_eq!(j["statusCode"], 201);
    let data = &j["invoiceData"];
    let id = data["invoiceId"].as_str().unwrap().to_string();
    assert_eq!(
        j["invoiceLink"],
        format!("https://checkout.mileston.co/invoice/{id}")
    );
    assert_eq!(
        keys_of(data),
        [
            "addPdf",
            "amount",
            "businessName",
            "createdAt",
            "customerEmail",
            "dueDate",
            "env",
            "invoiceId",
            "itemName",
            "status",
            "updatedAt"
        ]
    );
    assert_eq!(data["businessName"], "Acme Ltd");
    assert_eq!(data["addPdf"], true);
    assert_eq!(data["status"], "pending");
    assert_eq!(data["env"], "test");
    // Dates are written as JavaScript writes a `Date`.
    assert_eq!(data["dueDate"], "2026-12-31T00:00:00.000Z");

    // addPdf defaults to false; datetime due dates are accepted.
    let r2 = c.post(
        "/invoice/create?businessName=Acme",
        NORMAL,
        r#"{"amount":"5","itemName":"Bolt","customerEmail":"d@example.com","dueDate":"2026-12-31T00:00:00Z"}"#,
    );
    assert_eq!(r2.status, 201, "{}", r2.text);
    assert_eq!(r2.json()["invoiceData"]["addPdf"], false);

    let got = c.get(&format!("/invoice/{id}"), NORMAL);
    assert_eq!(got.status, 200, "{}", got.text);
    assert_eq!(
        keys_of(&got.json()),
        ["invoiceData", "invoiceLink", "message", "statusCode"]
    );
    assert_eq!(got.json()["invoiceData"], *data);

    let list = c.get("/invoice?limit=1", NORMAL);
    assert_eq!(list.status, 200, "{}", list.text);
    let arr = list.json()["invoiceData"].as_array().unwrap().clone();
    assert_eq!(arr.len(), 1);
    assert_eq!(
        arr[0]["invoiceId"],
        r2.json()["invoiceData"]["invoiceId"],
        "newest first"
    );

    let up = c.patch(
        "/invoice/update",
        NORMAL,
        &json!({"invoiceId": id, "itemName": "Gadget", "addPdf": false}).to_string(),
    );
    assert_eq!(up.status, 200, "{}", up.text);
    assert_eq!(
        keys_of(&up.json()),
        ["invoiceData", "invoiceLink", "message", "statusCode"]
    );
    assert_eq!(up.json()["invoiceData"]["itemName"], "Gadget");
    assert_eq!(up.json()["invoiceData"]["addPdf"], false);
    assert_eq!(up.json()["invoiceData"]["amount"], "99.99");

    let del = c.delete(&format!("/invoice/delete/{id}"), NORMAL);
    assert_eq!(del.status, 200, "{}", del.text);
    assert_eq!(keys_of(&del.json()), ["message", "statusCode"]);
    c.get(&format!("/invoice/{id}"), NORMAL).error(404);
}

#[test]
fn recurring_create_get_list_update_delete() {
    let c = Client::new();
    let r = c.post(
        "/recurring-payment/create?businessName=Acme",
        NORMAL,
        r#"{"amount":"5.00","subscriptionName":"Pro","subscriberFullName":"Ada Lovelace","subscriberEmail":"ada@example.com","recurringDate":"2026-07-01","recurringInterval":30}"#,
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let j = r.json();
    // Mileston's key, and no link: its recurring answers have none.
    assert_eq!(
        keys_of(&j),
        ["message", "recurringPaymentData", "statusCode"]
    );
    let data = &j["recurringPaymentData"];
    let id = data["recurringPaymentId"].as_str().unwrap().to_string();
    assert_eq!(
        keys_of(data),
        [
            "addPdf",
            "amount",
            "businessName",
            "createdAt",
            "currentPaymentStatus",
            "env",
            "recurringDate",
            "recurringInterval",
            "recurringPaymentId",
            "subscriberEmail",
            "subscriberFullName",
            "subscriptionName",
            "updatedAt"
        ]
    );
    assert_eq!(data["recurringDate"], "2026-07-01T00:00:00.000Z");
    assert_eq!(
        data["addPdf"], true,
        "Mileston's SDK: addPdf defaults to true"
    );
    assert_eq!(data["currentPaymentStatus"], "unpaid");
    assert_eq!(data["recurringInterval"], 30);
    assert_eq!(data["env"], "test");

    let got = c.get(&format!("/recurring-payment/{id}"), NORMAL);
    assert_eq!(got.status, 200, "{}", got.text);
    assert_eq!(
        keys_of(&got.json()),
        ["message", "recurringPaymentData", "statusCode"]
    );
    assert_eq!(got.json()["recurringPaymentData"], *data);

    let list = c.get("/recurring-payment", NORMAL);
    assert_eq!(list.status, 200);
    assert_eq!(
        list.json()["recurringPaymentData"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let up = c.patch(
        "/recurring-payment/update",
        NORMAL,
        &json!({"recurringPaymentId": id, "recurringInterval": 365}).to_string(),
    );
    assert_eq!(up.status, 200, "{}", up.text);
    assert_eq!(up.json()["recurringPaymentData"]["recurringInterval"], 365);

    let del = c.delete(&format!("/recurring-payment/delete/{id}"), NORMAL);
    assert_eq!(del.status, 200, "{}", del.text);
    c.get(&format!("/recurring-payment/{id}"), NORMAL)
        .error(404);
    assert_eq!(
        c.get("/recurring-payment", NORMAL).json()["recurringPaymentData"],
        json!([])
    );
}

#[test]
fn checkout_reads_then_verifies_once_the_sandbox_marks_paid() {
    let c = Client::new();
    let link = c.new_link(NORMAL);

    // Created with the normal key, read with the checkout key, in the
    // envelope of Mileston's `FetchPaymentLinkResponse`.
    let read = c.get(&format!("/checkout/data/paymentlink.get/{link}"), CHECKOUT);
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(
        keys_of(&read.json()),
        ["message", "paymentData", "paymentLink", "statusCode"]
    );
    assert_eq!(read.json()["paymentData"]["paymentLinkId"], link.as_str());
    assert_eq!(read.json()["paymentData"]["status"], "pending");
    assert_eq!(
        read.json()["paymentLink"],
        format!("https://checkout.mileston.co/payment-link/{link}")
    );

    // A QR payment: verify says "awaiting" until the transfer arrives.
    let verify = "/checkout/verify-payment/paymentlink.save";
    let before = c.post(verify, CHECKOUT, &verify_body(&link));
    assert_eq!(before.error(400), "Still awaiting payment");
    assert_eq!(before.json()["error"], "Bad Request");

    let pay = c.post(&format!("/__sandbox/pay/paymentlink/{link}"), NONE, "");
    assert_eq!(pay.status, 200, "{}", pay.text);
    assert_eq!(keys_of(&pay.json()), ["data", "message", "statusCode"]);
    assert_eq!(pay.json()["data"]["status"], "paid");

    let after = c.post(verify, CHECKOUT, &verify_body(&link));
    assert_eq!(after.status, 200, "{}", after.text);
    assert_eq!(
        after.json(),
        json!({"statusCode": 200, "message": "Payment verified"})
    );
    assert_eq!(
        c.get(&format!("/payment-link/{link}"), NORMAL).json()["paymentData"]["status"],
        "paid"
    );
    // The normal key may call checkout endpoints too.
    assert_eq!(
        c.get(&format!("/checkout/data/paymentlink.get/{link}"), NORMAL)
            .status,
        200
    );
}

#[test]
fn a_saved_payment_is_paid_for_every_kind() {
    let c = Client::new();
    let inv = c.new_invoice(NORMAL);
    let rec = c.new_recurring(NORMAL);
    let link = c.new_link(NORMAL);

    let read = c.get(&format!("/checkout/data/invoice.get/{inv}"), CHECKOUT);
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(
        keys_of(&read.json()),
        ["invoiceData", "invoiceLink", "message", "statusCode"]
    );
    assert_eq!(read.json()["invoiceData"]["invoiceId"], inv.as_str());
    let read = c.get(&format!("/checkout/data/recurring.get/{rec}"), CHECKOUT);
    assert_eq!(
        keys_of(&read.json()),
        ["message", "recurringPaymentData", "statusCode"]
    );
    assert_eq!(
        read.json()["recurringPaymentData"]["currentPaymentStatus"],
        "unpaid"
    );

    // The same body for every kind: `paymentLinkId` names an invoice or a
    // recurring payment too.
    for (pattern, id) in [
        ("invoice", &inv),
        ("recurring", &rec),
        ("paymentlink", &link),
    ] {
        let verify = format!("/checkout/verify-payment/{pattern}.save");
        assert_eq!(
            c.post(&verify, CHECKOUT, &verify_body(id)).error(400),
            "Still awaiting payment"
        );
        let save = c.post(
            &format!("/checkout/save-payment/{pattern}.save"),
            CHECKOUT,
            &save_body(id, "5.00"),
        );
        assert_eq!(save.status, 201, "{}", save.text);
        assert_eq!(
            save.json(),
            json!({"statusCode": 201, "message": "Payment saved"})
        );
        // Saved means settled: verify agrees at once.
        let ok = c.post(&verify, CHECKOUT, &verify_body(id));
        assert_eq!(ok.status, 200, "{}", ok.text);
        // Saving again changes nothing.
        let again = c.post(
            &format!("/checkout/save-payment/{pattern}.save"),
            CHECKOUT,
            &save_body(id, "5.00"),
        );
        assert_eq!(again.status, 201, "{}", again.text);
    }
    assert_eq!(
        c.get(&format!("/invoice/{inv}"), NORMAL).json()["invoiceData"]["status"],
        "paid"
    );
    assert_eq!(
        c.get(&format!("/recurring-payment/{rec}"), NORMAL).json()["recurringPaymentData"]["currentPaymentStatus"],
        "paid"
    );
}

#[test]
fn sandbox_pay_answers_404_for_unknown_ids_and_kinds() {
    let c = Client::new();
    c.post("/__sandbox/pay/invoice/inv_999999", NONE, "")
        .error(404);
    let link = c.new_link(NORMAL);
    // A payment link id is not an invoice.
    c.post(&format!("/__sandbox/pay/invoice/{link}"), NONE, "")
        .error(404);
    c.post(&format!("/__sandbox/pay/coffee/{link}"), NONE, "")
        .error(404);
}

#[test]
fn two_sandboxes_do_not_share_state_and_stop_when_dropped() {
    let a = Client::new();
    let b = Client::new();
    assert_ne!(a.sandbox.addr(), b.sandbox.addr());
    let url = a.sandbox.url();
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with('/'));
    let id = a.new_link(NORMAL);
    b.get(&format!("/payment-link/{id}"), NORMAL).error(404);
    let addr = b.sandbox.addr();
    drop(b);
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "a dropped sandbox still accepts connections"
    );
}
