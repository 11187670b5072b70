"""A deterministic corpus of legacy-IOM-style pages for benchmarks.

Each page carries what real pages carry around a release, after the corpus described in the
project's performance reference: a table layout, a mega-menu of 12 sections (in <nav> on half the
pages, in a plain div on the others), a "Latest news" sidebar table with a search form, a footer table
of 150 country offices, an inline settings blob, tracking scripts and IE conditional comments, a
comments block on a quarter of the pages, a hard-wrapped article with quotes, an inline `(DD/MM)` decoy,
a contact block with damaged mailto links, and mojibake in some paragraphs.
"""

from __future__ import annotations

import json
import random
import textwrap

PLACES = ["Geneva", "Nairobi", "Kabul", "Dhaka", "Tripoli", "Cairo", "Rome", "Bogotá", "Niamey", "Manila",
          "Maiduguri", "Erbil", "Dakar", "Amman", "Beirut", "Juba", "Sana’a", "Yangon", "Quito", "Tunis"]  # fmt: skip
COUNTRIES = ["Switzerland", "Kenya", "Afghanistan", "Bangladesh", "Libya", "Egypt", "Italy", "Colombia", "Niger",
             "Philippines", "Nigeria", "Iraq", "Senegal", "Jordan", "Lebanon", "South Sudan", "Yemen", "Myanmar",
             "Ecuador", "Tunisia"]  # fmt: skip
PHONES = ["+41 22 717 9{:03d}", "+254 722 318 {:03d}", "+93 (0) 700 066 {:03d}", "+880 1713 482 {:03d}",
          "+216 29 794 {:03d}", "+202-2736{:04d}", "+39 06 4423 1{:03d}", "+57 601 639 7{:03d}", "+227 20 75 23 {:02d}",
          "+63 2 8230 1{:03d}"]  # fmt: skip
FIRST = [
    "Amina",
    "Jonas",
    "Leila",
    "Marco",
    "Sofia",
    "Tariq",
    "Grace",
    "Pedro",
    "Hana",
    "Omar",
    "Ingrid",
    "Kofi",
]
LAST = [
    "Haddad",
    "Lindqvist",
    "Okafor",
    "Rossi",
    "Mendez",
    "Rahimi",
    "Mwangi",
    "Tanaka",
    "Dubois",
    "Kowalski",
]
SENTENCES = [
    "IOM teams registered {n} families who had arrived in the past week, most of them women and children.",
    "The programme provides shelter materials, hygiene kits and cash assistance to displaced households.",
    "Local authorities have asked for more support as the number of arrivals continues to grow.",
    "Since the start of the year, more than {n} people have been assisted at the transit centre.",
    "The project is funded by the European Union and the Government of Japan.",
    "Health workers trained by IOM now run mobile clinics in {place} and the surrounding villages.",
    "Many of the migrants interviewed said they had spent several months on the road before reaching the border.",
    "The assessment also found that access to clean water remains the most urgent need in the camps.",
    "IOM is working with the Ministry of Interior to improve the registration of new arrivals.",
    "Partners will meet next month to review progress and agree on the priorities for the rainy season.",
]
MOJIBAKE = {"’": "â€™", "“": "â€œ", "”": "â€\x9d"}


def _paragraph(rng: random.Random, place: str) -> str:
    sentences = [
        rng.choice(SENTENCES).format(n=rng.randint(120, 9000), place=place) for _ in range(rng.randint(3, 6))
    ]
    return " ".join(sentences)


def _wrap(text: str, width: int, style: str) -> str:
    lines = textwrap.wrap(text, width)
    return "<br />\n".join(lines) if style == "br" else "\n".join(lines)


def page(i: int) -> tuple[str, bytes]:
    """The i-th page: (url, HTML bytes)."""
    rng = random.Random(20131 + i)
    place, country = rng.choice(PLACES), rng.choice(COUNTRIES)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    contact = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    box = contact.split()[0][0].lower() + contact.split()[1].lower()
    phone = rng.choice(PHONES).format(rng.randint(0, 99))
    headline = f"IOM Scales Up Assistance to Displaced Families in {country} ({i})"
    style = rng.choice(["p", "br", "plain"])
    width = rng.choice([66, 72, 78])
    paragraphs = [_paragraph(rng, place) for _ in range(rng.randint(5, 9))]
    paragraphs[0] = (
        f"{place} – IOM this week (1{rng.randint(0, 9)}/0{rng.randint(1, 9)}) "
        + paragraphs[0][0].lower()
        + paragraphs[0][1:]
    )
    quote = f"“We need to reach every family before the rains begin,” said {name}, IOM {country} Chief of Mission."
    paragraphs.insert(2, quote)
    if rng.random() < 0.15:
        paragraphs[3] = "".join(MOJIBAKE.get(c, c) for c in f"IOM’s partners said: “{paragraphs[3]}”")
    mail = rng.choice(
        [f'<a href="mailto:{box}@iom.int">{box}@iom.int</a>', f'<a href="mailto:mailto:{box}@iom.int">{contact}</a>',
         f'<a href=""mailto:{box}@iom.int"">{box}@iom.int</a>', f"{box} [at] iom.int",
         f'&quot;mailto:{box}@iom.int&quot;&gt;{box}@iom.int']
    )  # fmt: skip
    body = "\n".join(f"<p>{_wrap(p, width, style)}</p>" for p in paragraphs)
    menu_items = "\n".join(
        f'<li class="expanded menu-{s}"><a href="/s{s}" title="Section {s}">Section {s}</a><ul class="menu">'
        + "".join(
            f'<li class="leaf"><a href="/s{s}/p{k}" title="Item {k}">Menu item {s}.{k}</a></li>'
            for k in range(rng.randint(3, 18))
        )
        + "</ul></li>"
        for s in range(12)
    )
    # Half the pages put the menu in <nav>, half in the div of a pre-HTML5 theme.
    menu = (
        f'<nav id="main-menu"><ul class="menu">{menu_items}</ul></nav>'
        if i % 2
        else f'<div id="navigation"><ul class="menu">{menu_items}</ul></div>'
    )
    sidebar = "\n".join(
        f'<tr><td class="views-field"><a href="/news/item-{i}-{k}">Teaser headline number {k} about migration and displacement</a></td>'
        f'<td class="date">0{k % 9 + 1}/1{k % 3}/2016</td></tr>'
        for k in range(rng.randint(10, 30))
    )
    offices = "".join(
        f'<tr><td class="office"><a href="/countries/c{k}" title="IOM office {k}">Country office {k}</a></td>'
        f'<td class="region">Region {k % 9}</td></tr>'
        for k in range(150)
    )
    blob = json.dumps(
        {"basePath": "/", "views": {f"k{k}": "x" * rng.randint(20, 200) for k in range(rng.randint(10, 60))}}
    )
    comments = (
        "".join(
            f'<div class="comment"><p class="author">Reader {k}</p><p>Thank you for this update on the situation, {k}.</p></div>'
            for k in range(rng.randint(3, 12))
        )
        if rng.random() < 0.25
        else ""
    )
    html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>{headline} | IOM</title>
<script type="text/javascript">jQuery.extend(Drupal.settings, {blob});</script>
<!--[if lt IE 9]><script src="/sites/all/themes/iom/js/html5shiv.js"></script><![endif]-->
<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-0000000-1']); _gaq.push(['_trackPageview']);</script>
</head>
<body class="html not-front one-sidebar sidebar-second">
<table id="page" width="980" cellpadding="0" cellspacing="0"><tr><td colspan="2" id="header">{menu}</td></tr>
<tr><td id="main" valign="top"><div id="content"><h1 class="title">{headline}</h1>
<div class="pr-meta">Language English Posted: Tuesday, April 4, 2017 - 16:33Image: Region-Country: {country}Themes: Migration Health</div>
<div class="field-name-body">{body}
<p>For further information, please contact {contact} at IOM {country}, Tel: {phone}, Email: {mail}</p></div>
<div class="share-this">Share this: Facebook Twitter</div><div id="comments">{comments}</div></div></td>
<td id="sidebar-second" class="sidebar" valign="top"><form class="search-form" action="/search"><input type="text" name="q" /></form>
<h2>Latest News</h2><table class="views-table">{sidebar}</table></td></tr>
<tr><td colspan="2" id="footer"><table class="offices">{offices}</table><p>© IOM 2017</p></td></tr></table></body></html>"""
    return f"https://www.iom.int/news/bench-{i}", html.encode("utf-8")


def corpus(n: int) -> list[tuple[str, bytes]]:
    return [page(i) for i in range(n)]
