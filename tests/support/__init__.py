"""Test support: loopback servers, generated sites and crawl helpers (not part of the package)."""
