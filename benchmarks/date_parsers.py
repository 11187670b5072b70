"""What dateparser and htmldate would cost and give, against iomcrawl's own date readers, in one run.

Two measurements, each as ratios against iomcrawl measured in the same run (machines here are shared and
noisy: no absolute figure means anything on its own):

1. Text dates: the header lines, Posted fields, datelines and decoys of legacy IOM pages in eight
   languages (below), read by ``iomcrawl.extraction.dates`` and by ``dateparser.parse`` (with the
   language given, and with detection). Correct reads, wrong reads (a date where none is, or another
   date) and lines per CPU-second.
2. Page dates: every labelled page with one record (``fixtures/labelled``), dated by iomcrawl's whole
   chain and by ``htmldate.find_date`` (original date, with and without its extensive search). Agreement
   with the label (a null label needs no date) and pages per CPU-second.

    .venv/bin/pip install dateparser htmldate     # only to measure: neither is a dependency
    .venv/bin/python benchmarks/date_parsers.py
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction_speed import _clear_text_caches

from iomcrawl.extraction import extract_page
from iomcrawl.extraction.dates import find_date_in
from iomcrawl.extraction.vocabulary.dates import PATTERNS

LABELLED = Path(__file__).resolve().parent.parent / "fixtures" / "labelled"

# (language, line as printed on a page, the date it gives or None): forms from the labelled pages' notes,
# with the decoys that must give nothing (a day/month aside, relative times, a month without a day)
LINES: list[tuple[str, str, date | None]] = [
    ("en", "Tue, 04/10/2018 - 09:20", date(2018, 4, 10)),
    ("en", "Posted: Thursday, August 10, 2017 - 11:48", date(2017, 8, 10)),
    ("en", "14 October 2021", date(2021, 10, 14)),
    ("en", "Tuesday, 22 October 2013", date(2013, 10, 22)),
    ("en", "Friday, 20 March 2015 | Palais des Nations, Geneva", date(2015, 3, 20)),
    ("en", "25 September 2015 -- Nurses trained", date(2015, 9, 25)),
    ("en", "Date: Tue, 14 Mar 2017 16:02:11 +0100", date(2017, 3, 14)),
    ("en", "Originally published 22 Jun 2021", date(2021, 6, 22)),
    ("en", "(09/04)", None),
    ("en", "Tuesday (11 March)", None),
    ("en", "2 hours ago", None),
    ("en", "06/07/2016", None),  # both orders are dates, nothing says which
    ("fr", "Publié: mardi, 14 mars 2017 - 11:20", date(2017, 3, 14)),
    ("fr", "Genève | 14 mars 2014 | Porte-parole", date(2014, 3, 14)),
    ("fr", "8 novembre 2021", date(2021, 11, 8)),
    ("fr", "le 9 juin", None),
    ("fr", "il y a 3 jours", None),
    ("es", "Tegucigalpa, 14 de marzo de 2019 –", date(2019, 3, 14)),
    ("es", "Mié, 05/17/2017 - 11:02", date(2017, 5, 17)),
    ("es", "22 marzo 2023", date(2023, 3, 22)),
    ("es", "hace 2 horas", None),
    ("pt", "Maputo, 3 de junho de 2020 –", date(2020, 6, 3)),
    ("pt", "Qua, 11/15/2017 - 16:05", date(2017, 11, 15)),
    ("pt", "10 junho 2021", date(2021, 6, 10)),
    ("de", "06.04.2010", date(2010, 4, 6)),
    ("de", "14 Juni 2022", date(2022, 6, 14)),
    ("de", "Mi, 08/08/2018 - 09:20", date(2018, 8, 8)),
    ("de", "14. März 2022", date(2022, 3, 14)),
    ("de", "vor 2 Stunden 14 Minuten", None),
    ("it", "Ven, 03/17/2017 - 16:40", date(2017, 3, 17)),
    ("it", "14 marzo 2022", date(2022, 3, 14)),
    ("it", "2 ore 5 min fa", None),
    ("ar", "22 يونيو 2021", date(2021, 6, 22)),
    ("ar", "٢٢ يونيو ٢٠٢١", date(2021, 6, 22)),
    ("ru", "Курган-Тюбе, 12 мая 2016 г. –", date(2016, 5, 12)),
    ("ru", "Опубликовано: 12 мая 2016", date(2016, 5, 12)),
    ("ru", "2 дня назад", None),
]


def _cpu_rate(fn: Callable[[], object], items: int, rounds: int) -> float:
    """Median items per CPU-second over `rounds` calls of `fn` (which handles `items` items)."""
    fn()
    rates = []
    for _ in range(rounds):
        _clear_text_caches()  # iomcrawl memoises per text: a second pass must not be served from memos
        start = time.process_time()
        fn()
        rates.append(items / max(time.process_time() - start, 1e-9))
    return statistics.median(rates)


def _score(read: Callable[[str, str], date | None], verbose: bool) -> tuple[int, int]:
    right = wrong = 0
    for lang, text, expected in LINES:
        got = read(lang, text)
        if got == expected:
            right += 1
        else:
            wrong += 1
            if verbose:
                print(f"    {lang} {text!r}: got {got}, want {expected}")
    return right, wrong


def text_dates(rounds: int, verbose: bool) -> None:
    import dateparser

    def ours(lang: str, text: str) -> date | None:
        hit = find_date_in(text, PATTERNS)  # uncached: the chain's find_date memoises
        return hit[0] if hit else None

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}

    def dp_lang(lang: str, text: str) -> date | None:
        parsed = dateparser.parse(text, languages=[lang], settings=settings)  # type: ignore[arg-type]
        return parsed.date() if parsed else None

    def dp_detect(lang: str, text: str) -> date | None:
        parsed = dateparser.parse(text, settings=settings)  # type: ignore[arg-type]
        return parsed.date() if parsed else None

    readers = {
        "iomcrawl dates": ours,
        "dateparser (language given)": dp_lang,
        "dateparser (detected)": dp_detect,
    }
    base = None
    print(
        f"\n1. text dates: {len(LINES)} lines, 8 languages ({sum(1 for *_, d in LINES if d is None)} decoys)"
    )
    print(f"{'':30} {'right':>6} {'wrong':>6} {'lines/s':>10} {'× iomcrawl':>11}")
    for name, read in readers.items():
        right, wrong = _score(read, verbose)
        rate = _cpu_rate(lambda read=read: [read(lang, text) for lang, text, _ in LINES], len(LINES), rounds)
        base = base or rate
        print(f"{name:30} {right:6} {wrong:6} {rate:10.0f} {rate / base:11.3f}")


def page_dates(rounds: int) -> None:
    import htmldate

    pages = []
    for label_file in sorted((LABELLED / "labels").glob("*.json")):
        label = json.loads(label_file.read_text(encoding="utf-8"))
        if len(label["records"]) != 1:
            continue
        page = next((LABELLED / "pages").glob(label_file.stem + ".*"))
        if page.suffix != ".html":
            continue
        pages.append((label["url"], page.read_bytes(), label["records"][0]["date"]))

    def ours(url: str, body: bytes) -> str | None:
        records = extract_page(body, url).records
        return records[0]["date"] if records else None

    def hd(extensive: bool) -> Callable[[str, bytes], str | None]:
        def read(url: str, body: bytes) -> str | None:
            found = htmldate.find_date(
                body.decode("utf-8", "replace"),
                url=url,
                original_date=True,
                extensive_search=extensive,
                outputformat="%Y-%m-%d",
            )
            return found or None

        return read

    readers = {
        "iomcrawl whole chain": ours,
        "htmldate (fast)": hd(False),
        "htmldate (extensive)": hd(True),
    }
    print(f"\n2. page dates: {len(pages)} labelled HTML pages with one record")
    print(f"{'':30} {'agree':>6} {'differ':>6} {'pages/s':>10} {'× iomcrawl':>11}")
    base = None
    for name, read in readers.items():
        agree = sum(1 for url, body, want in pages if read(url, body) == want)
        rate = _cpu_rate(lambda read=read: [read(u, b) for u, b, _ in pages], len(pages), rounds)
        base = base or rate
        print(f"{name:30} {agree:6} {len(pages) - agree:6} {rate:10.1f} {rate / base:11.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("-v", "--verbose", action="store_true", help="list each wrong read")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        import dateparser  # noqa: F401
        import htmldate  # noqa: F401
    except ImportError:
        print(
            "measuring needs dateparser and htmldate: .venv/bin/pip install dateparser htmldate",
            file=sys.stderr,
        )
        return 2
    print(f"import dateparser + htmldate: {time.perf_counter() - start:.2f} s (wall, once per process)")
    text_dates(args.rounds, args.verbose)
    page_dates(args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
