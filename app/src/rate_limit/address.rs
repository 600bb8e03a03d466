//! Who is asking, for rate limits: the client's address as the server can
//! trust it, and the key a limit counts it under.
//!
//! Behind a reverse proxy the peer is the proxy. Each proxy appends the
//! address it saw to `X-Forwarded-For`, so only the right-most entries were
//! written by proxies we run; anything to their left came from the client
//! and may be forged. [`ClientAddress::resolve`] walks the header from the
//! right and stops at the first hop that is not one of our proxies.
use ipnet::IpNet;
use std::net::IpAddr;

/// Which peers may tell us the client's address (`TSUNAGU_TRUST_PROXY`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TrustedProxies {
    /// Served directly: the peer is the client (`0`, the default).
    #[default]
    None,
    /// One reverse proxy in front, whatever its address (`1`): the
    /// right-most `X-Forwarded-For` entry is the client.
    Peer,
    /// Proxies in these networks (`10.0.0.0/8, 2001:db8::/32`): hops from
    /// them are skipped, from the right, until an address outside them.
    Networks(Vec<IpNet>),
}

impl TrustedProxies {
    /// `0`, `1`, or a comma-separated list of addresses and networks.
    pub fn parse(value: &str) -> Result<Self, String> {
        match value.trim() {
            "" | "0" => Ok(Self::None),
            "1" => Ok(Self::Peer),
            list => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<IpNet>()
                        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                        .map_err(|_| s.to_string())
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Self::Networks),
        }
    }

    fn trusts_peer(&self, peer: IpAddr) -> bool {
        match self {
            Self::None => false,
            Self::Peer => true,
            Self::Networks(nets) => nets.iter().any(|n| n.contains(&unmapped(peer))),
        }
    }

    fn trusts_hop(&self, hop: IpAddr) -> bool {
        match self {
            Self::None | Self::Peer => false,
            Self::Networks(nets) => nets.iter().any(|n| n.contains(&unmapped(hop))),
        }
    }
}

/// The client's address, as far as it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(Option<IpAddr>);

impl ClientAddress {
    /// From the connection's peer and the request's `X-Forwarded-For`
    /// values (every header line, in order).
    pub fn resolve<'a>(peer: Option<IpAddr>, forwarded_for: impl IntoIterator<Item = &'a str>, proxies: &TrustedProxies) -> Self {
        let Some(peer) = peer else { return Self(None) };
        if !proxies.trusts_peer(peer) {
            return Self(Some(peer));
        }
        let hops: Vec<&str> = forwarded_for.into_iter().flat_map(|v| v.split(',')).map(str::trim).collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // a hop that is not an address was not written by our proxies:
            // the last address they vouched for is the best we know
            let Some(ip) = parse_hop(hop) else { break };
            client = ip;
            if !proxies.trusts_hop(ip) {
                break;
            }
        }
        Self(Some(unmapped(client)))
    }

    /// What limits count under: an IPv4 address, or an IPv6 address's /64
    /// (one household or phone holds a whole /64 and can pick any address in it).
    pub fn key(&self) -> String {
        match self.0.map(unmapped) {
            None => "unknown".into(),
            Some(IpAddr::V4(v4)) => v4.to_string(),
            Some(IpAddr::V6(v6)) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| hop.strip_prefix('[').and_then(|h| h.strip_suffix(']')).and_then(|h| h.parse().ok()))
}

/// `::ffff:192.0.2.1` is 192.0.2.1 (a dual-stack socket reports IPv4 peers so).
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    fn key(peer: &str, xff: &[&str], proxies: &TrustedProxies) -> String {
        ClientAddress::resolve(ip(peer), xff.iter().copied(), proxies).key()
    }

    #[test]
    fn without_a_proxy_the_peer_is_the_client_whatever_the_header_says() {
        assert_eq!(key("203.0.113.9", &["198.51.100.1"], &TrustedProxies::None), "203.0.113.9");
    }

    #[test]
    fn behind_one_proxy_the_right_most_entry_is_the_client_not_the_first() {
        let p = TrustedProxies::Peer;
        // the client wrote "1.1.1.1" itself; the proxy appended what it saw
        assert_eq!(key("10.0.0.2", &["1.1.1.1, 203.0.113.9"], &p), "203.0.113.9");
        assert_eq!(key("10.0.0.2", &["1.1.1.1", "203.0.113.9"], &p), "203.0.113.9", "several header lines");
        assert_eq!(key("10.0.0.2", &["203.0.113.9"], &p), "203.0.113.9");
        // no header: the proxy itself
        assert_eq!(key("10.0.0.2", &[], &p), "10.0.0.2");
        // garbage where the proxy's entry should be: the proxy
        assert_eq!(key("10.0.0.2", &["1.1.1.1, nonsense"], &p), "10.0.0.2");
    }

    #[test]
    fn a_chain_of_trusted_networks_is_skipped_from_the_right() {
        let p = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap();
        assert_eq!(key("10.0.0.2", &["6.6.6.6, 203.0.113.9, 192.168.1.1, 10.1.2.3"], &p), "203.0.113.9");
        // a peer outside the networks is the client, header or not
        assert_eq!(key("203.0.113.50", &["6.6.6.6"], &p), "203.0.113.50");
        // every hop trusted: the left-most
        assert_eq!(key("10.0.0.2", &["10.9.9.9, 10.1.1.1"], &p), "10.9.9.9");
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_prefix() {
        let none = TrustedProxies::None;
        assert_eq!(key("2001:db8:aa:bb:1::1", &[], &none), "2001:db8:aa:bb::/64");
        assert_eq!(key("2001:db8:aa:bb:ffff::9", &[], &none), key("2001:db8:aa:bb::2", &[], &none));
        assert_ne!(key("2001:db8:aa:bc::1", &[], &none), key("2001:db8:aa:bb::1", &[], &none));
        assert_eq!(key("::ffff:192.0.2.7", &[], &none), "192.0.2.7", "IPv4 seen through a dual-stack socket");
        assert_eq!(key("10.0.0.2", &["[2001:db8:1:2::5]:4711"], &TrustedProxies::Peer), "2001:db8:1:2::/64");
        assert_eq!(ClientAddress::resolve(None, [], &none).key(), "unknown");
    }

    #[test]
    fn the_setting_is_parsed_or_named_back() {
        assert_eq!(TrustedProxies::parse("0"), Ok(TrustedProxies::None));
        assert_eq!(TrustedProxies::parse(""), Ok(TrustedProxies::None));
        assert_eq!(TrustedProxies::parse("1"), Ok(TrustedProxies::Peer));
        assert!(matches!(TrustedProxies::parse("10.0.0.0/8,::1"), Ok(TrustedProxies::Networks(n)) if n.len() == 2));
        assert_eq!(TrustedProxies::parse("10.0.0.0/8, yes"), Err("yes".into()));
    }
}
