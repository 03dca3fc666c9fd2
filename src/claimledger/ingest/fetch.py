"""Fetch a URL safely: timeout, size cap, and no loopback/private/link-local targets.

Every hop of a redirect is checked, so a public URL cannot bounce the fetcher into the
local network (SSRF).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from claimledger.ingest.decode import InputError

USER_AGENT = "claimledger/0.1 (+https://github.com/claimledger)"
MAX_REDIRECTS = 5


def _check_host(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not an http(s) URL: {url}")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise InputError(f"unreachable: cannot resolve host {parts.hostname!r} ({exc.strerror})") from None
    if allow_private:
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                or address.is_multicast or address.is_unspecified):
            raise InputError(
                f"refused: {parts.hostname} resolves to non-public address {address} (use --allow-private)"
            )


def fetch_url(url: str, *, allow_private: bool = False, max_bytes: int, timeout: float = 15.0) -> tuple[bytes, str, str]:
    """``(body, content_type, final_url)`` of a GET; raises ``InputError`` with the reason."""
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            _check_host(current, allow_private)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = urljoin(current, response.headers.get("location", ""))
                        continue
                    if response.status_code >= 400:
                        raise InputError(f"HTTP {response.status_code} {response.reason_phrase}")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise InputError(f"too large: over the {max_bytes / 2**20:.0f} MiB limit (--max-bytes)")
                        chunks.append(chunk)
                    return b"".join(chunks), response.headers.get("content-type", ""), str(response.url)
            except httpx.TimeoutException:
                raise InputError(f"unreachable: timed out after {timeout:.0f} s") from None
            except httpx.HTTPError as exc:
                raise InputError(f"unreachable: {type(exc).__name__}: {exc}") from None
    raise InputError(f"too many redirects (more than {MAX_REDIRECTS})")
