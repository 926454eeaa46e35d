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

#[test]
fn malformed_service_client_settings_are_named_before_it_exits() {
    let digest = "ab".repeat(32);
    let id = "0193a6c2-5f7e-7c2a-9b1d-4e8f2a6b9c10";
    let client = |id: &str, digest: &str| {
        format!(r#"[{{"id":"{id}","name":"orders","secret_sha256":"{digest}","permissions":[]}}]"#)
    };
    for clients in [
        "not json".to_owned(),
        client("orders", &digest),
        client(id, "too-short"),
        format!(
            "[{},{}]",
            client(id, &digest).trim_matches(['[', ']']),
            client(id, &digest).trim_matches(['[', ']'])
        ),
    ] {
        assert_refuses_to_start(
            BINARY,
            &[
                ("DATABASE_URL", "postgres://127.0.0.1/none"),
                ("AUTH_CLIENTS", &clients),
            ],
            "AUTH_CLIENTS",
        );
    }
    for ttl in ["0", "86401", "soon"] {
        assert_refuses_to_start(
            BINARY,
            &[
                ("DATABASE_URL", "postgres://127.0.0.1/none"),
                ("AUTH_CLIENT_TOKEN_TTL_SECS", ttl),
            ],
            "AUTH_CLIENT_TOKEN_TTL_SECS",
        );
    }
}
