"""``iomcrawl crawl``'s own command line: its arguments, its --help, and the checks made before Scrapy starts.

``scrapy crawl`` takes any ``-a`` and any ``-s``, so a misspelled ``-a start-url=`` would replay the sample
archive and report success. Here the spider arguments are checked against the spider's own list
(:data:`iomcrawl.crawl.spiders.releases.ARGUMENTS`) and their values as the spider checks them, ``IOMCRAWL_*``
settings against ``settings.py``, every ``-s`` value against the type of its default, and the settings and
output folder with :func:`iomcrawl.crawl.config.check_settings`, all before Scrapy starts: a bad command
costs one line on stderr and exit code 2 (:class:`ConfigError`). ``-o``/``-O`` feeds write release records
or are refused (a CSV of crawled pages is not a table of releases: ``iomcrawl export`` makes those).
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn

from iomcrawl.crawl import settings as project_settings
from iomcrawl.crawl.config import (
    EXIT_CONFIG,
    EXIT_INTERRUPTED,
    EXIT_PARTIAL,
    EXIT_SUCCESS,
    ConfigError,
    check_settings,
)
from iomcrawl.crawl.spiders.releases import ARGUMENTS, ReleasesSpider, check_argument_names, did_you_mean

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

SPIDER = "releases"
OWN_SETTINGS = tuple(sorted(name for name in vars(project_settings) if name.startswith("IOMCRAWL_")))

# What each IOMCRAWL_* setting is for, as --help shows it (settings.py has the defaults and the reasons).
SETTINGS_HELP: dict[str, str] = {
    "IOMCRAWL_OUTPUT_DIR": "where releases.jsonl, pages.jsonl, crawl-summary.json and warc/ are written",
    "IOMCRAWL_SCOPE_DOMAINS": "domains (and subdomains) a live crawl may visit besides the start URL's host",
    "IOMCRAWL_ALLOW": "URL patterns (regular expressions, comma-separated): follow only URLs matching one",
    "IOMCRAWL_DENY": "URL patterns (regular expressions, comma-separated): never follow URLs matching one",
    "IOMCRAWL_CRAWL_DELAY_MAX": "seconds: the longest robots.txt Crawl-delay honoured",
    "IOMCRAWL_MAX_PAGES_PER_HOST": "pages fetched from one host before the crawl stops (exit 3; 0: no limit)",
    "IOMCRAWL_MAX_MEMORY_MB": "peak memory before the crawl stops (exit 3; 0: no limit)",
    "IOMCRAWL_MAX_LINKS_PER_PAGE": "links taken from one page; the rest are not followed (0: no limit)",
    "IOMCRAWL_EXTRACTION_TIMEOUT": "seconds one page may spend in extraction (0: no limit)",
    "IOMCRAWL_EXTRACTION_THREADS": "extraction worker threads (0: on the crawl's own thread, no deadline)",
    "IOMCRAWL_PROGRESS_INTERVAL": "seconds between progress lines in the log when stderr is not a terminal",
    "IOMCRAWL_WARC_ENABLED": "archive a live crawl's responses as WARC files",
    "IOMCRAWL_WARC_DIR": "where the WARC files go (default: IOMCRAWL_OUTPUT_DIR/warc)",
    "IOMCRAWL_WARC_MAX_SIZE": "bytes: a new WARC file is started past this size",
    "IOMCRAWL_WARC_PREFIX": "the first part of each WARC file's name",
    "IOMCRAWL_OPERATOR": "the operator named in each WARC's warcinfo record",
    "IOMCRAWL_COLLECTION": "the collection named in each WARC's warcinfo record",
    "IOMCRAWL_SITE_DIR_ORIGIN": "the origin a site_dir crawl gives the folder's pages (stable URLs and ids)",
    "IOMCRAWL_FAULTS_CLASS": "the class that says what a failed fetch becomes (outcome and reason)",
    "IOMCRAWL_STATS_FILE": "write the final crawl stats there as JSON",
}

# Feed formats that write what the crawl makes: release records (the default for JSON Lines) or crawl-log lines.
RECORD_FEEDS = {"jsonl": "iomcrawl-releases", "jl": "iomcrawl-releases", "jsonlines": "iomcrawl-releases"}
OWN_FEEDS = ("iomcrawl-releases", "iomcrawl-pages")
_FEED = re.compile(r"^(?P<uri>.+):(?P<format>[A-Za-z][\w-]*)$")

_USAGE = "iomcrawl crawl [-a NAME=VALUE]... [-s NAME=VALUE]... [-O FILE.jsonl] [-L LEVEL] [--debug]"
_DESCRIPTION = """\
Crawl press-release pages into release records (releases.jsonl) and a crawl log (pages.jsonl).
With no -a argument, the bundled sample archive is replayed (offline)."""


def _epilog() -> str:
    width = max(len(name) for name in [*ARGUMENTS, *OWN_SETTINGS]) + 4

    def entry(name: str, text: str) -> str:
        return textwrap.fill(
            f"  {name:<{width - 2}}{text}", width=104, subsequent_indent=" " * width, break_on_hyphens=False
        )

    arguments = "\n".join(entry(name, text) for name, text in ARGUMENTS.items())
    settings = "\n".join(
        entry(name, f"{SETTINGS_HELP.get(name, '')} (default {getattr(project_settings, name)!r})")
        for name in OWN_SETTINGS
    )
    return f"""\
spider arguments (-a NAME=VALUE; give at most one of start_url, archive, site_dir):
{arguments}

iomcrawl settings (-s NAME=VALUE; iomcrawl/crawl/settings.py has the defaults):
{settings}
  and Scrapy's own, e.g. JOBDIR=DIR (a resumable job), DOWNLOAD_DELAY, DEPTH_LIMIT, CLOSESPIDER_PAGECOUNT

progress: on a terminal one status line is redrawn in place (crawled, queued, records, errors, rate,
elapsed); otherwise an INFO line every IOMCRAWL_PROGRESS_INTERVAL seconds. At the end one summary line,
with the output paths, is printed on stdout.

exit codes:
  {EXIT_SUCCESS}  success: the crawl ran to its end and no URL ended in error
  {EXIT_PARTIAL}  partial: it ran to its end, but some URLs ended in error (see pages.jsonl), or an ERROR
     was logged
  {EXIT_CONFIG}  configuration error: it did not start (bad arguments or settings, or another crawl holds
     the output folder or JOBDIR); one line says what to change
  {EXIT_INTERRUPTED}  interrupted: stopped early (Ctrl-C, SIGTERM, a CLOSESPIDER_* or iomcrawl limit);
     resume it with the same JOBDIR

examples:
  iomcrawl crawl                                        replay the bundled sample archive
  iomcrawl crawl -a start_url=https://www.iom.int/news  a live crawl, archived to output/warc/
  iomcrawl crawl -a archive=path/to/warcs/              replay WARC/ARC files: no network
  iomcrawl crawl -a start_url=URL -s JOBDIR=crawls/news a resumable job
"""


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are configuration errors: one line, exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise ConfigError(f"{message} (see iomcrawl crawl --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="iomcrawl crawl",
        usage=_USAGE,
        description=_DESCRIPTION,
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("spider", nargs="?", help=argparse.SUPPRESS)  # `releases`, as `scrapy crawl releases`
    parser.add_argument(
        "-a",
        dest="arguments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a spider argument (below); may be repeated",
    )
    parser.add_argument(
        "-s",
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting (below, or any of Scrapy's); may be repeated",
    )
    parser.add_argument(
        "-o",
        "--output",
        action="append",
        default=[],
        metavar="FILE",
        help="also append the release records to FILE (.jsonl); CSV, Parquet or DuckDB: "
        "use `iomcrawl export` on the output folder",
    )
    parser.add_argument(
        "-O",
        "--overwrite-output",
        action="append",
        default=[],
        metavar="FILE",
        help="as -o, but replace FILE",
    )
    parser.add_argument("-L", "--loglevel", metavar="LEVEL", help="log level (default INFO)")
    parser.add_argument("--logfile", metavar="FILE", help="write the log to FILE instead of stderr")
    parser.add_argument("--nolog", action="store_true", help="no log at all")
    parser.add_argument("--debug", action="store_true", help="show the traceback of a failure")
    for hidden in ("--pidfile", "--profile"):
        parser.add_argument(hidden, metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--pdb", action="store_true", help=argparse.SUPPRESS)
    return parser


@dataclass
class CrawlCommand:
    """``iomcrawl crawl ARGS`` parsed: what the spider and Scrapy get."""

    arguments: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    scrapy_args: list[str] = field(default_factory=list)  # for `scrapy crawl releases`
    debug: bool = False


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        name, equals, setting = value.partition("=")
        if not equals or not name.strip():
            raise ConfigError(f"{option} {value!r}: write {option} NAME=VALUE")
        pairs[name.strip()] = setting
    return pairs


def parse_command(argv: list[str]) -> CrawlCommand:
    """The command line as :class:`CrawlCommand`; a usage error is a :class:`ConfigError` (``--help``
    prints the help and raises ``SystemExit(0)``, as argparse does)."""
    if argv[:1] == ["--"]:  # `iomcrawl crawl -- -s ...`, as `scrapy crawl releases -s ...`
        argv = argv[1:]
    options = build_parser().parse_args(argv)
    if options.spider not in (None, SPIDER):
        raise ConfigError(
            f"unexpected argument {options.spider!r}: give spider arguments as -a NAME=VALUE and settings as "
            "-s NAME=VALUE (see iomcrawl crawl --help)"
        )
    command = CrawlCommand(
        arguments=_pairs(options.arguments, "-a"),
        settings=_pairs(options.settings, "-s"),
        debug=options.debug,
    )
    args = command.scrapy_args
    for name, value in command.arguments.items():
        args += ["-a", f"{name}={value}"]
    for name, value in command.settings.items():
        args += ["-s", f"{name}={value}"]
    output_dir = command.settings.get("IOMCRAWL_OUTPUT_DIR", project_settings.IOMCRAWL_OUTPUT_DIR)
    for flag, feeds in (("-o", options.output), ("-O", options.overwrite_output)):
        for feed in feeds:
            args += [flag, record_feed(feed, flag, output_dir)]
    for flag, value in (("-L", options.loglevel), ("--logfile", options.logfile)):
        if value:
            args += [flag, value]
    for flag, value in (("--pidfile", options.pidfile), ("--profile", options.profile)):
        if value:
            args += [flag, value]
    args += [flag for flag, on in (("--nolog", options.nolog), ("--pdb", options.pdb)) if on]
    return command


def record_feed(feed: str, flag: str, output_dir: str) -> str:
    """A ``-o``/``-O`` feed that writes release records (``FILE.jsonl``, or an iomcrawl format named after a
    colon); any other format is refused with a pointer to ``iomcrawl export``."""
    match = _FEED.match(feed)
    uri, fmt = (
        (match["uri"], match["format"]) if match else (feed, feed.rpartition(".")[2] if "." in feed else "")
    )
    if fmt in OWN_FEEDS:
        return f"{uri}:{fmt}"
    if fmt.lower() in RECORD_FEEDS:
        return f"{uri}:{RECORD_FEEDS[fmt.lower()]}"
    kind = f"a {fmt} feed" if fmt else "a feed without a format"
    export = f"iomcrawl export {output_dir} --format {fmt if fmt in ('csv', 'parquet', 'duckdb') else 'csv'} -o DIR"
    raise ConfigError(
        f"{flag} {feed}: {kind} would hold crawled pages, not release records; the crawl writes "
        f"{output_dir}/releases.jsonl: turn it into a table with `{export}` after the crawl "
        f"(or give {flag} FILE.jsonl for a copy of the records)"
    )


def check_command(command: CrawlCommand) -> None:
    """Everything that can be checked before Scrapy starts: spider arguments, settings, output folder."""
    from scrapy.utils.project import get_project_settings

    check_argument_names(command.arguments)
    settings = get_project_settings()
    for name, value in command.settings.items():
        check_setting(settings, name, value)
    settings.setdict(command.settings, priority="cmdline")
    try:
        check_settings(settings)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(f"a -s value is not valid: {exc}") from None
    ReleasesSpider(**command.arguments)  # the spider's own checks: start URL, archive, folders


def check_setting(settings: BaseSettings, name: str, value: str) -> None:
    """An ``IOMCRAWL_*`` name settings.py defines, and a value of its default's type."""
    if name.startswith("IOMCRAWL_") and name not in OWN_SETTINGS:
        raise ConfigError(
            f"unknown setting -s {name}{did_you_mean(name, OWN_SETTINGS)} (iomcrawl crawl --help lists them)"
        )
    if name not in settings:
        hint = did_you_mean(name, list(settings.attributes))
        if hint:
            print(f"iomcrawl: warning: -s {name} is not a known setting{hint}", file=sys.stderr)
        return
    default = settings.get(name)
    kind = _kind(default)
    if kind is None:
        return
    from scrapy.settings import BaseSettings

    probe = BaseSettings({name: value})
    try:
        if kind == "a boolean":
            probe.getbool(name)
        elif kind == "a number":
            probe.getfloat(name)
        else:
            probe.getdict(name)
    except (TypeError, ValueError):
        raise ConfigError(
            f"-s {name}={value!r} is not valid: {name} takes {kind} (default {default!r})"
        ) from None


def _kind(default: Any) -> str | None:
    if isinstance(default, bool):
        return "a boolean"
    if isinstance(default, int | float):
        return "a number"
    if isinstance(default, dict) or hasattr(default, "copy_to_dict"):
        return "a dict"
    return None
