//! Which `Host` a request may name. A web page elsewhere can point a name it controls at
//! 127.0.0.1 (DNS rebinding) and then read the preview, confidential records and all, as
//! if it were its own site. Such a request still names that page's host, so the preview
//! answers only requests for the address it listens on.

use std::net::{IpAddr, SocketAddr};

/// Whether a request whose `Host` header is `host` is for the server listening on `local`.
///
/// The port must be the one listened on (absent means 80). The name must be an address:
/// the one listened on, any loopback address when that is loopback, or any address at all
/// when listening on every interface (`0.0.0.0`), since a rebinding page cannot make a
/// browser send an address as its host. `localhost` is allowed when listening on loopback
/// or on every interface. Other names are refused: a page's name cannot be told from one
/// of this computer's.
pub fn allowed(host: Option<&str>, local: SocketAddr) -> bool {
    let Some((name, port)) = host.and_then(split) else {
        return false;
    };
    if port.unwrap_or(80) != local.port() {
        return false;
    }
    let listening = local.ip();
    if name.eq_ignore_ascii_case("localhost") || name.eq_ignore_ascii_case("localhost.") {
        return listening.is_loopback() || listening.is_unspecified();
    }
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    listening.is_unspecified() || ip == listening || (listening.is_loopback() && ip.is_loopback())
}

/// `name` and `port` of a Host header (`[::1]:4000`, `localhost`); None if malformed.
fn split(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (name, after) = rest.split_once(']')?;
            match after {
                "" => (name, None),
                _ => (name, Some(after.strip_prefix(':')?)),
            }
        }
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let port = match port {
        Some(port) => Some(port.parse::<u16>().ok()?),
        None => None,
    };
    (!name.is_empty()).then_some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(address: &str) -> SocketAddr {
        address.parse().unwrap()
    }

    #[test]
    fn loopback_answers_its_own_names() {
        let local = at("127.0.0.1:4000");
        for host in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LOCALHOST:4000",
            "[::1]:4000",
            "127.0.0.2:4000",
        ] {
            assert!(allowed(Some(host), local), "{host}");
        }
        for host in [
            "evil.example:4000",
            "127.0.0.1.nip.io:4000",
            "127.0.0.1:4001",
            "127.0.0.1",
            "192.168.1.5:4000",
            "localhost:x",
            "",
            "[::1:4000",
        ] {
            assert!(!allowed(Some(host), local), "{host}");
        }
        assert!(!allowed(None, local));
    }

    #[test]
    fn every_interface_answers_addresses_not_names() {
        let local = at("0.0.0.0:4000");
        for host in ["192.168.1.5:4000", "localhost:4000", "[fe80::1]:4000"] {
            assert!(allowed(Some(host), local), "{host}");
        }
        for host in [
            "my-laptop.local:4000",
            "evil.example:4000",
            "192.168.1.5:80",
        ] {
            assert!(!allowed(Some(host), local), "{host}");
        }
    }

    #[test]
    fn one_address_answers_that_address() {
        let local = at("192.168.1.5:80");
        assert!(allowed(Some("192.168.1.5"), local));
        assert!(allowed(Some("192.168.1.5:80"), local));
        assert!(!allowed(Some("127.0.0.1:80"), local));
        assert!(!allowed(Some("localhost"), local));
    }
}
