//! The real binary, started as a newcomer would: without its configuration it says what
//! is missing before it exits.

use agora_testkit::process::assert_refuses_to_start;

const BINARY: &str = env!("CARGO_BIN_EXE_auth-service");

#[test]
fn without_its_configuration_it_says_what_is_missing_and_exits() {
    agora_testkit::process::assert_says_what_is_missing(BINARY);
}

#[test]
fn the_retired_proxy_switch_is_refused_by_name() {
    assert_refuses_to_start(
        BINARY,
        &[
            ("DATABASE_URL", "postgres://127.0.0.1/none"),
            ("TRUST_PROXY_HEADERS", "true"),
        ],
        "TRUSTED_PROXY_HOPS",
    );
}

#[test]
fn an_unreachable_database_is_named_before_it_exits() {
    // Nothing listens on port 9: the connection is refused at once.
    assert_refuses_to_start(
        BINARY,
        &[("DATABASE_URL", "postgres://postgres@127.0.0.1:9/auth")],
        "cannot connect to PostgreSQL at 127.0.0.1:9/auth",
    );
}
