//! The client's network address, for throttling sign-in attempts.
//!
//! The address is the direct peer's, unless that peer is one of `server.trusted_proxies`:
//! then it is the right-most address in `X-Forwarded-For` that is not a trusted proxy
//! (every proxy appends the address it received from, so entries to the left of the
//! last untrusted one may have been written by the client itself and prove nothing).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::app::AppState;

#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let address = state
            .settings
            .server
            .trusted_proxies
            .client_address(peer, &parts.headers);
        Ok(ClientAddress(
            address.map_or_else(|| "unknown".into(), |ip| ip.to_string()),
        ))
    }
}

/// One trusted proxy: an address, or a range in CIDR notation (`10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyRange {
    network: IpAddr,
    prefix: u8,
}

impl ProxyRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

impl std::str::FromStr for ProxyRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let bad = || format!("\"{text}\" is not an IP address or CIDR range (e.g. 10.0.0.0/8)");
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network = canonical(address.parse::<IpAddr>().map_err(|_| bad())?);
        let width = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => width,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= width)
                .ok_or_else(bad)?,
        };
        Ok(Self { network, prefix })
    }
}

impl<'de> serde::Deserialize<'de> for ProxyRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// `server.trusted_proxies` (default: none, so `X-Forwarded-For` is never believed).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct TrustedProxies(pub Vec<ProxyRange>);

impl TrustedProxies {
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(ip))
    }

    /// The client's address given the direct peer and the request's headers.
    pub fn client_address(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer.map(canonical)?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        // Every X-Forwarded-For header, in order, as one list.
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        for entry in forwarded.iter().rev() {
            match parse_forwarded(entry) {
                Some(ip) if self.trusts(ip) => continue,
                Some(ip) => return Some(ip),
                // Garbage where an address should be: nothing to its left can be
                // believed, so the last trusted hop is the client as far as we know.
                None => return Some(peer),
            }
        }
        Some(peer)
    }
}

/// An `X-Forwarded-For` entry: an address, possibly with a port (`192.0.2.1:4711`,
/// `[2001:db8::1]:4711`).
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    entry.parse::<SocketAddr>().ok().map(|s| canonical(s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies(list.iter().map(|p| p.parse().expect("a range")).collect())
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).expect("ascii"));
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn with_no_trusted_proxies_the_header_is_ignored() {
        let got = TrustedProxies::default()
            .client_address(Some(ip("198.51.100.9")), &forwarded(&["203.0.113.5"]));
        assert_eq!(got, Some(ip("198.51.100.9")));
    }

    #[test]
    fn a_peer_that_is_not_trusted_is_the_client_whatever_it_claims() {
        let got = proxies(&["10.0.0.0/8"])
            .client_address(Some(ip("198.51.100.9")), &forwarded(&["203.0.113.5"]));
        assert_eq!(got, Some(ip("198.51.100.9")));
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client() {
        let got = proxies(&["10.0.0.0/8"]).client_address(
            Some(ip("10.1.2.3")),
            &forwarded(&["6.6.6.6, 203.0.113.5, 10.9.9.9"]),
        );
        assert_eq!(
            got,
            Some(ip("203.0.113.5")),
            "6.6.6.6 was written by the client"
        );
    }

    #[test]
    fn several_headers_read_as_one_list() {
        let got = proxies(&["10.0.0.1", "10.0.0.2"]).client_address(
            Some(ip("10.0.0.1")),
            &forwarded(&["203.0.113.5", "10.0.0.2"]),
        );
        assert_eq!(got, Some(ip("203.0.113.5")));
    }

    #[test]
    fn a_trusted_proxy_with_no_header_is_itself_the_client() {
        let got = proxies(&["10.0.0.0/8"]).client_address(Some(ip("10.1.2.3")), &HeaderMap::new());
        assert_eq!(got, Some(ip("10.1.2.3")));
    }

    #[test]
    fn garbage_in_the_header_stops_the_walk_at_the_last_trusted_hop() {
        let got = proxies(&["10.0.0.0/8"]).client_address(
            Some(ip("10.1.2.3")),
            &forwarded(&["203.0.113.5, not-an-address"]),
        );
        assert_eq!(got, Some(ip("10.1.2.3")));
    }

    #[test]
    fn entries_with_ports_and_mapped_ipv4_are_understood() {
        let trusted = proxies(&["192.0.2.0/24", "2001:db8::/32"]);
        assert_eq!(
            trusted.client_address(
                Some(ip("::ffff:192.0.2.10")),
                &forwarded(&["[2001:db9::1]:4711, 192.0.2.11:80"])
            ),
            Some(ip("2001:db9::1"))
        );
    }

    #[test]
    fn ranges_parse_and_match_by_prefix() {
        let range: ProxyRange = "172.16.0.0/12".parse().expect("parses");
        assert!(range.contains(ip("172.31.255.255")));
        assert!(!range.contains(ip("172.32.0.0")));
        let all: ProxyRange = "0.0.0.0/0".parse().expect("parses");
        assert!(all.contains(ip("8.8.8.8")));
        assert!(!all.contains(ip("2001:db8::1")));
        let one: ProxyRange = "2001:db8::1".parse().expect("parses");
        assert!(one.contains(ip("2001:db8::1")));
        assert!(!one.contains(ip("2001:db8::2")));
        assert!("10.0.0.0/33".parse::<ProxyRange>().is_err());
        assert!("proxy.internal".parse::<ProxyRange>().is_err());
    }
}
