//! The client's address, as far as it can be known: what per-IP rate limits key on and
//! what audit rows record.
//!
//! `X-Forwarded-For` is a list every proxy appends its peer to, and whose left part any
//! client writes itself. So the client is the right-most address that no trusted proxy
//! added: with `TRUSTED_PROXY_HOPS=n`, the n-th entry from the right (each of the n proxies
//! in front appended one); with `TRUSTED_PROXIES` (networks, comma-separated CIDRs), the
//! right-most entry outside those networks, and only when the peer itself is inside them.
//! With neither, the header is ignored and the TCP peer is the client.
//!
//! Hop counting assumes every request comes through the proxies: a client that reaches the
//! service directly can write the entry it is keyed on. Where that is possible, name the
//! proxies' networks instead.

use std::net::IpAddr;

use http::HeaderMap;
use ipnet::IpNet;

use crate::config::{self, ConfigError};

/// Which proxies in front of this server may say who the client is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TrustedProxies {
    /// None: the TCP peer is the client.
    #[default]
    None,
    /// This many proxies, each appending its peer to `X-Forwarded-For`.
    Hops(usize),
    /// Proxies whose addresses lie in these networks.
    Networks(Vec<IpNet>),
}

impl TrustedProxies {
    /// `TRUSTED_PROXY_HOPS` or `TRUSTED_PROXIES` (not both).
    pub fn from_env() -> Result<Self, ConfigError> {
        if config::var("TRUST_PROXY_HEADERS").is_some() {
            return Err(ConfigError::Invalid {
                name: "TRUST_PROXY_HEADERS".into(),
                reason: "it is no longer read: it trusted the client-written left end of \
                         X-Forwarded-For; set TRUSTED_PROXY_HOPS (how many proxies stand in \
                         front) or TRUSTED_PROXIES (their networks) instead"
                    .into(),
            });
        }
        let hops: usize = config::parse_or("TRUSTED_PROXY_HOPS", 0)?;
        let networks = config::list("TRUSTED_PROXIES");
        match (hops, networks.is_empty()) {
            (0, true) => Ok(Self::None),
            (hops, true) => Ok(Self::Hops(hops)),
            (0, false) => networks
                .iter()
                .map(|n| parse_network(n))
                .collect::<Option<Vec<_>>>()
                .map(Self::Networks)
                .ok_or_else(|| ConfigError::Invalid {
                    name: "TRUSTED_PROXIES".into(),
                    reason: "expected comma-separated addresses or CIDR networks \
                             (10.0.0.0/8, fd00::/8)"
                        .into(),
                }),
            _ => Err(ConfigError::Invalid {
                name: "TRUSTED_PROXIES".into(),
                reason: "set TRUSTED_PROXY_HOPS or TRUSTED_PROXIES, not both".into(),
            }),
        }
    }

    /// The client behind `peer` (the TCP peer) given the request's `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        // Split on the raw bytes: one entry that is not ASCII (a client can write one) must
        // not blank out the entries the proxies appended on the same line.
        let entries = || {
            headers
                .get_all("x-forwarded-for")
                .iter()
                .flat_map(|v| v.as_bytes().split(|b| *b == b','))
                .map(|e| std::str::from_utf8(e).unwrap_or("").trim())
        };
        let peer = peer.to_canonical();
        match self {
            Self::None => peer,
            Self::Hops(0) => peer,
            Self::Hops(hops) => {
                let count = entries().count();
                // Fewer entries than proxies: the chain is not what it was said to be.
                if count < *hops {
                    return peer;
                }
                entries()
                    .nth(count - hops)
                    .and_then(parse_address)
                    .unwrap_or(peer)
            }
            Self::Networks(networks) => {
                let trusted = |ip: &IpAddr| networks.iter().any(|n| n.contains(ip));
                if !trusted(&peer) {
                    return peer;
                }
                let all: Vec<&str> = entries().collect();
                let mut nearest = peer;
                for entry in all.into_iter().rev() {
                    // An entry that is no address was not written by a proxy we trust: the
                    // nearest hop we can name is the proxy that received it.
                    let Some(ip) = parse_address(entry) else {
                        return nearest;
                    };
                    if !trusted(&ip) {
                        return ip;
                    }
                    nearest = ip;
                }
                nearest
            }
        }
    }
}

/// An address as proxies write it: bare, or with a port (`1.2.3.4:5678`, `[::1]:5678`).
fn parse_address(entry: &str) -> Option<IpAddr> {
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        // `::ffff:10.0.0.1` is 10.0.0.1, for keys and for the trusted networks alike.
        .map(|ip: IpAddr| ip.to_canonical())
}

fn parse_network(entry: &str) -> Option<IpNet> {
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<IpAddr>().ok().map(IpNet::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("x-forwarded-for", v.parse().unwrap());
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let peer = ip("203.0.113.9");
        assert_eq!(
            TrustedProxies::None.client(peer, &headers(&["1.2.3.4"])),
            peer
        );
    }

    #[test]
    fn with_hops_the_entry_the_first_trusted_proxy_wrote_is_the_client() {
        let peer = ip("10.0.0.2");
        let one = TrustedProxies::Hops(1);
        assert_eq!(
            one.client(peer, &headers(&["198.51.100.7"])),
            ip("198.51.100.7")
        );
        // Whatever the client writes to the left, the key stays the same.
        for forged in ["1.1.1.1", "1.1.1.1, 2.2.2.2", "garbage", "::1"] {
            assert_eq!(
                one.client(peer, &headers(&[forged, "198.51.100.7"])),
                ip("198.51.100.7"),
                "{forged}"
            );
            assert_eq!(
                one.client(peer, &headers(&[&format!("{forged}, 198.51.100.7")])),
                ip("198.51.100.7"),
                "{forged}"
            );
        }
        // A client's non-ASCII entry does not hide what the proxy appended on the same line.
        let mut odd = HeaderMap::new();
        odd.append(
            "x-forwarded-for",
            http::HeaderValue::from_bytes(b"\xff\xfe, 198.51.100.7").unwrap(),
        );
        assert_eq!(one.client(peer, &odd), ip("198.51.100.7"));
        let two = TrustedProxies::Hops(2);
        assert_eq!(
            two.client(peer, &headers(&["6.6.6.6, 198.51.100.7, 10.0.0.1"])),
            ip("198.51.100.7")
        );
        // A chain shorter than the proxies said to be in front: nothing in it is trusted.
        assert_eq!(two.client(peer, &headers(&["198.51.100.7"])), peer);
        assert_eq!(two.client(peer, &HeaderMap::new()), peer);
    }

    #[test]
    fn with_networks_the_right_most_address_outside_them_is_the_client() {
        let proxies = TrustedProxies::Networks(vec![
            "10.0.0.0/8".parse().unwrap(),
            "fd00::/8".parse().unwrap(),
        ]);
        let peer = ip("10.0.0.2");
        assert_eq!(
            proxies.client(peer, &headers(&["6.6.6.6, 198.51.100.7, 10.1.1.1"])),
            ip("198.51.100.7")
        );
        assert_eq!(
            proxies.client(peer, &headers(&["198.51.100.7:4711", "fd00::1"])),
            ip("198.51.100.7")
        );
        // An IPv4 peer on a dual-stack socket is still in an IPv4 network.
        assert_eq!(
            proxies.client(ip("::ffff:10.0.0.2"), &headers(&["198.51.100.7"])),
            ip("198.51.100.7")
        );
        // A peer outside the networks is the client, whatever it says.
        let outsider = ip("203.0.113.9");
        assert_eq!(proxies.client(outsider, &headers(&["6.6.6.6"])), outsider);
        // Garbage the client wrote stops the walk at the proxy that received it.
        assert_eq!(
            proxies.client(peer, &headers(&["not-an-ip, 10.1.1.1"])),
            ip("10.1.1.1")
        );
        // Only proxies: the one furthest out.
        assert_eq!(
            proxies.client(peer, &headers(&["10.3.3.3, 10.1.1.1"])),
            ip("10.3.3.3")
        );
    }
}
