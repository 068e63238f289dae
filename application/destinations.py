"""Where webhook deliveries may go (R-31): https only; in production, never to a private address."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

from domain.errors import InvalidValue
from domain.subscription import url_host

Resolve = Callable[[str], list[str]]


def resolve(host: str) -> list[str]:
    """Every address a host name resolves to."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except (OSError, UnicodeError):
        raise InvalidValue(f"the URL's host {host!r} does not resolve") from None


def is_private(address: str) -> bool:
    """Private, loopback, link-local or otherwise not a public internet address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


@dataclass(frozen=True)
class DestinationPolicy:
    """Development may allow http to loopback receivers; production refuses URLs that resolve privately."""

    allow_http_loopback: bool = False
    refuse_private: bool = False
    resolver: Resolve = field(default=resolve)

    def check(self, url: str) -> None:
        """Refuse a URL whose host resolves to an address the service must not call (in production)."""
        if not self.refuse_private:
            return
        host = url_host(url)
        private = [a for a in self.resolver(host) if is_private(a)]
        if private:
            raise InvalidValue(
                f"the URL's host {host} resolves to a private, loopback or link-local address ({', '.join(private)});"
                " a subscription must reach a public address"
            )
