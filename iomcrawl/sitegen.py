"""A synthetic IOM-like press site of any size: a home page, listing pages of 20 teasers, and release pages
that link to one another, to print and session-id variants of themselves, off site and into a folder that
robots.txt disallows. Deterministic from its size, so crawls of it can be compared run to run.

``iomcrawl sitegen DIR --pages N`` writes it as static files to crawl offline (``iomcrawl crawl -a
site_dir=DIR``) or to load-test a crawl; the test suite serves the same pages on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
PLACES = ("Geneva", "Nairobi", "Dhaka", "Bogotá", "Amman", "Kabul", "Beira", "Niamey", "Tripoli", "Manila")
PEOPLE = (
    "Amina Diallo",
    "Jonas Lindqvist",
    "María Fernández",
    "Rahul Mehta",
    "Chanda Mulenga",
    "Leila Haddad",
)


def release_page(index: int, links: list[str] | None = None, title: str | None = None) -> bytes:
    """A Drupal-9-like IOM press release with one release on it; deterministic from *index*."""
    place = PLACES[index % len(PLACES)]
    person = PEOPLE[index % len(PEOPLE)]
    first, last = person.split(" ", 1)
    day, month, year = 1 + index % 28, MONTHS[index % 12], 2010 + index % 14
    headline = title or f"IOM Opens Migrant Resource Centre Number {index} in {place}"
    link_items = "".join(
        f'<li><a href="{href}">Related release {n}</a></li>' for n, href in enumerate(links or [])
    )
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" /><title>{headline} | International Organization for Migration</title></head>
<body class="path-node page-node-type-news">
<header role="banner"><nav class="utility-nav"><ul><li><a href="/index.html">Home</a></li>
<li><a href="/news/page-1.html">News</a></li></ul></nav></header>
<main role="main"><div class="region region-content">
<article role="article" class="node node--type-news node--view-mode-full">
<div class="hero-banner"><h1 class="page-title"><span class="field field--name-title">{headline}</span></h1>
<div class="date"><time datetime="{year}-01-01T12:00:00Z">{day} {month} {year}</time></div></div>
<div class="narrow-content"><div class="clearfix text-formatted field field--name-body field__item">
<p>{place} – IOM, the UN Migration Agency, today opened migrant resource centre number {index} in {place}, where
it will offer counselling, legal referrals and language classes to about {300 + index} people a month.</p>
<p>The centre is run with the local authorities and community organizations, and it is the first of its kind in
the district, which has received large numbers of returning migrants over the past two years.</p>
<p>“Migrants who know their rights and their options make safer choices,” said {person}, IOM Chief of Mission.
“This centre brings that information to where people live.”</p>
<p>{last} added that the centre would also train local officials on the protection of vulnerable migrants.</p>
<p><strong>For further information, please contact:</strong></p>
<p>{person}, IOM {place}, Tel: +41 22 717 9{index % 1000:03d}, Email: <a href="mailto:{first.lower()}@iom.int">{first.lower()}@iom.int</a></p>
</div></div></article>
<section class="related-content"><h2>Related Content</h2><ul>{link_items}</ul></section>
</div></main>
<footer role="contentinfo" class="footer"><p>International Organization for Migration, 17 route des Morillons, Geneva</p></footer>
</body></html>
"""
    return html.encode("utf-8")


def listing_page(page: int, pages: int, releases: list[int]) -> bytes:
    items = "".join(
        f'<li><h3><a href="/news/release-{n:05d}.html">Release {n}</a></h3><div class="date">1 May 2020</div></li>'
        for n in releases
    )
    pager = " ".join(f'<a href="/news/page-{p}.html">{p}</a>' for p in range(1, pages + 1) if p != page)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>News | IOM</title></head>"
        f"<body><main><h1>News</h1><ul class='teasers'>{items}</ul><nav class='pager'>{pager}</nav></main>"
        f"</body></html>"
    ).encode()


class PressSite:
    """*pages* release pages, listed 20 to a listing page."""

    PER_LISTING = 20

    def __init__(self, pages: int = 100) -> None:
        self.pages = pages
        self.listings = max(1, -(-pages // self.PER_LISTING))

    def release_links(self, n: int) -> list[str]:
        others = [(n * 7 + 3) % self.pages, (n + 1) % self.pages, (n * 13 + 5) % self.pages]
        return [
            *(f"/news/release-{m:05d}.html" for m in others),
            f"/news/release-{n:05d}.html?print=1",
            f"/news/release-{n:05d}.html;jsessionid=ABC{n}",
            f"https://www.example.org/share?id={n}",
            f"/private/draft-{n % 5}.html",
        ]

    def page(self, path: str) -> bytes | None:
        """The body at *path*, or None when the site has no such page."""
        path = urlsplit(path).path
        if path in ("/", "/index.html"):
            return listing_page(0, self.listings, list(range(min(self.pages, 5))))
        if path.startswith("/news/page-"):
            try:
                page = int(path.removeprefix("/news/page-").removesuffix(".html"))
            except ValueError:
                return None
            first = (page - 1) * self.PER_LISTING
            numbers = list(range(first, min(self.pages, first + self.PER_LISTING)))
            return listing_page(page, self.listings, numbers) if page >= 1 and numbers else None
        if (path.startswith("/news/release-") and path.endswith(".html")) or ";jsessionid=" in path:
            try:
                number = int(path.removeprefix("/news/release-").split(".html")[0].split(";")[0])
            except ValueError:
                return None
            return release_page(number, self.release_links(number)) if 0 <= number < self.pages else None
        return None

    def paths(self) -> list[str]:
        """Every page's path: the home page, the listings, the releases."""
        return [
            "/index.html",
            *(f"/news/page-{p}.html" for p in range(1, self.listings + 1)),
            *(f"/news/release-{n:05d}.html" for n in range(self.pages)),
        ]

    def write(self, root: Path) -> int:
        """Write the site under *root* as static files, robots.txt included; the number of pages written."""
        for path in self.paths():
            target = root / path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.page(path) or b"")
        (root / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
        return len(self.paths())
