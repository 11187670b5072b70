"""URL hygiene the whole crawl shares: credentials never travel in URLs, and private addresses are no
crawl's business unless the crawl itself is there.

* :func:`without_userinfo`: a link ``http://user:pass@host/x`` is followed as ``http://host/x`` (a page's
  markup must not make the crawler send credentials) and no URL with userinfo is ever logged.
* :func:`private_address`: an IP literal on a loopback, private, link-local (cloud metadata:
  ``169.254.169.254``) or otherwise reserved network; a redirect or robots.txt hop must not lead there from
  a crawl of a public host.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit


def without_userinfo(url: str) -> str:
    """*url* without ``user:password@`` (unchanged, the same object, when it has none)."""
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def private_address(host: str) -> bool:
    """Whether *host* is an IP literal that is not a public unicast address."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # a name: where it resolves to is the resolver's business
    return not address.is_global or address.is_multicast
