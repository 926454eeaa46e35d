//! The real binary, started as a newcomer would: without its configuration it says what
//! is missing before it exits.

use agora_testkit::process::assert_refuses_to_start;

const BINARY: &str = env!("CARGO_BIN_EXE_users-service");

#[test]
fn without_a_database_url_it_says_so_and_exits() {
    assert_refuses_to_start(BINARY, &[], "DATABASE_URL");
}

#[test]
fn with_a_malformed_setting_it_names_the_setting_and_exits() {
    assert_refuses_to_start(
        BINARY,
        &[
            ("DATABASE_URL", "postgres://127.0.0.1/none"),
            ("BODY_LIMIT_BYTES", "lots"),
        ],
        "BODY_LIMIT_BYTES",
    );
}
