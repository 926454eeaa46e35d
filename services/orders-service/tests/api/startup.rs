//! The real binary, started as a newcomer would: without its configuration it says what
//! is missing before it exits.

use agora_testkit::process::{assert_refuses_to_start, assert_says_what_is_missing};

const BINARY: &str = env!("CARGO_BIN_EXE_orders-service");

#[test]
fn without_its_configuration_it_says_what_is_missing_and_exits() {
    assert_says_what_is_missing(BINARY);
}

#[test]
fn without_its_client_credentials_or_with_bad_bounds_it_names_the_setting() {
    let db = ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/none");
    let id = ("ORDERS_CLIENT_ID", "0193a6c2-5f7e-7c2a-9b1d-4e8f2a6b9c10");
    let secret = ("ORDERS_CLIENT_SECRET", "s3cret");
    assert_refuses_to_start(BINARY, &[db], "ORDERS_CLIENT_ID");
    assert_refuses_to_start(BINARY, &[db, id], "ORDERS_CLIENT_SECRET");
    for (name, value) in [
        ("PRODUCTS_URL", "not a url"),
        ("AUTH_URL", "auth:3001"),
        ("PAYMENTS_URL", "ftp://payments:3006"),
        ("ORDERS_CLIENT_ID", "orders"),
        ("ORDERS_SAGA_WORKERS", "0"),
        ("ORDERS_SAGA_WORKERS", "many"),
        ("ORDERS_CALL_TIMEOUT_MS", "0"),
        ("ORDERS_CALL_TIMEOUT_MS", "10001"),
        ("ORDERS_SAGA_POLL_MS", "-1"),
    ] {
        assert_refuses_to_start(BINARY, &[db, id, secret, (name, value)], name);
    }
}
