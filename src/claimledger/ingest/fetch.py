"""Fetch a URL safely: timeout, size cap, and nothing but globally routable addresses.

The host is resolved once, every address it resolves to is checked, and the connection
goes to the address that was checked (the ``Host`` header and TLS server name stay the
host's), so a DNS answer that changes between check and connect (rebinding) cannot reach
the local network.  Every hop of a redirect is checked the same way (SSRF).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from claimledger.ingest.decode import InputError

USER_AGENT = "claimledger/0.1 (+https://github.com/claimledger)"
MAX_REDIRECTS = 5
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# global by Python's tables, yet reaching inside: site-local, 6to4 and NAT64 wrap private IPv4 addresses
_BLOCKED = [ipaddress.ip_network(n) for n in ("fec0::/10", "2002::/16", "64:ff9b::/96", "64:ff9b:1::/48")]


@dataclass(frozen=True)
class Target:
    """Where one request goes: the URL as asked, and the checked address to connect to."""

    url: str
    host: str
    address: Address

    def connect_url(self) -> str:
        """The URL with the checked address in place of the host name."""
        parts = urlsplit(self.url)
        ip = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        netloc = f"{ip}:{parts.port}" if parts.port else ip
        return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))

    def host_header(self) -> str:
        parts = urlsplit(self.url)
        return parts.netloc.rsplit("@", 1)[-1]


def routable(address: Address) -> bool:
    """Whether ``address`` is a public, globally routable unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_multicast or not address.is_global:
        return False
    return not any(address in network for network in _BLOCKED if network.version == address.version)


def resolve(url: str, allow_private: bool) -> Target:
    """Resolve ``url``'s host once; refuse it unless every address is routable (or ``allow_private``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url}")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"unreachable: cannot resolve host {parts.hostname!r} ({exc.strerror})") from None
    except UnicodeError:
        raise InputError(f"not a valid host name: {parts.hostname!r}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise InputError(f"unreachable: host {parts.hostname!r} has no address")
    for address in addresses if not allow_private else []:
        if not routable(address):
            raise InputError(f"refused: {parts.hostname} resolves to non-public address {address} (use --allow-private)")
    return Target(url, parts.hostname, addresses[0])


def fetch_url(url: str, *, allow_private: bool = False, max_bytes: int, timeout: float = 15.0,
              transport: httpx.BaseTransport | None = None) -> tuple[bytes, str, str]:
    """``(body, content_type, final_url)`` of a GET; raises ``InputError`` with the reason."""
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT},
                      transport=transport) as client:
        for _ in range(MAX_REDIRECTS + 1):
            target = resolve(current, allow_private)
            try:
                body = _get(client, target, max_bytes)
            except httpx.TimeoutException:
                raise InputError(f"unreachable: timed out after {timeout:.0f} s") from None
            except httpx.HTTPError as exc:
                raise InputError(f"unreachable: {type(exc).__name__}: {exc}") from None
            if isinstance(body, str):  # a redirect: its location
                current = urljoin(current, body)
                continue
            return body[0], body[1], current
    raise InputError(f"too many redirects (more than {MAX_REDIRECTS})")


def _get(client: httpx.Client, target: Target, max_bytes: int) -> tuple[bytes, str] | str:
    """The body and content type, or the location of a redirect."""
    extensions = {"sni_hostname": target.host} if urlsplit(target.url).scheme == "https" else {}
    with client.stream("GET", target.connect_url(), headers={"Host": target.host_header()},
                       extensions=extensions) as response:
        if response.is_redirect:
            return response.headers.get("location", "")
        if response.status_code >= 400:
            raise InputError(f"HTTP {response.status_code} {response.reason_phrase}")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise InputError(f"too large: over the {max_bytes / 2**20:.0f} MiB limit (--max-bytes)")
            chunks.append(chunk)
        return b"".join(chunks), response.headers.get("content-type", "")
