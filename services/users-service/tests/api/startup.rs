//! The real binary, started as a newcomer would: without its configuration it says what
//! is missing before it exits.

#[test]
fn without_its_configuration_it_says_what_is_missing_and_exits() {
    agora_testkit::process::assert_says_what_is_missing(env!("CARGO_BIN_EXE_users-service"));
}
