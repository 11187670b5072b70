"""Canonical URL keys, so that one release reached by several URLs gets one id."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SESSION_PARAMS = re.compile(r"^(?:jsessionid|phpsessid|sid|sessionid|print|utm_\w+|fbclid|gclid)$", re.I)


def canonical_url(url: str) -> str:
    """Fold scheme, www., default port, trailing slash, session ids and print flags to one key."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.I) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _SESSION_PARAMS.match(k)
    )
    scheme = "http" if parts.scheme in ("http", "https") else parts.scheme
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))
