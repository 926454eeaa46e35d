//! The real binary, started as a newcomer would: without its configuration it says what
//! is missing before it exits; with a provider or timeout it cannot use, it says which.

use agora_testkit::process::{assert_refuses_to_start, assert_says_what_is_missing};

const BINARY: &str = env!("CARGO_BIN_EXE_payments-service");

#[test]
fn without_its_configuration_it_says_what_is_missing_and_exits() {
    assert_says_what_is_missing(BINARY);
}

#[test]
fn an_unknown_provider_or_a_timeout_out_of_range_stops_it_naming_the_setting() {
    let db = ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/none");
    for (name, value) in [
        ("PAYMENTS_PROVIDER", "stripe"),
        ("PAYMENTS_PROVIDER_TIMEOUT_MS", "0"),
        ("PAYMENTS_PROVIDER_TIMEOUT_MS", "60001"),
        ("PAYMENTS_PROVIDER_TIMEOUT_MS", "soon"),
    ] {
        assert_refuses_to_start(BINARY, &[db, (name, value)], name);
    }
}
