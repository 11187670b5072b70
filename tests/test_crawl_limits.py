"""Hostile input and faults against a crawl: nothing lost, nothing hangs, nothing off scope.

Each test crawls a small site on 127.0.0.1 (a :class:`Routes` server: one answer per path) in a child
process, and holds the crawl's outputs against what the server saw. Bounds are counts (requests served,
lines written), never times: a page budget, a memory cap, a link cap, a lock on the output folder,
robots.txt redirects kept in scope, credentials kept out of requests and logs, a prompt and consistent
stop on Ctrl-C / SIGTERM.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from support.crawls import crawl_command, run_crawl_command
from support.jsonl import read_jsonl
from support.servers import LoopbackServer
from support.sites import PressSite, release_page, send

from iomcrawl.crawl.config import EXIT_CONFIG, EXIT_INTERRUPTED, EXIT_PARTIAL, EXIT_SUCCESS
from iomcrawl.crawl.runner import SETTINGS_MODULE

REPO_ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.crawl, pytest.mark.slow]

Answer = Callable[[BaseHTTPRequestHandler], None]


def page(*links: str) -> bytes:
    items = "".join(f'<a href="{href}">{n}</a> ' for n, href in enumerate(links))
    return f"<html><body><p>Links</p>{items}</body></html>".encode()


class Routes(LoopbackServer):
    """A site of fixed answers (path -> handler; ``fallback`` for the rest) that also keeps the
    Authorization header of every request."""

    def __init__(self, routes: dict[str, Answer], fallback: Answer | None = None) -> None:
        super().__init__(lifetime=300)
        self.routes = routes
        self.fallback = fallback
        self.authorizations: list[str] = []

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("Authorization"):
            self.authorizations.append(handler.headers["Authorization"])
        answer = self.routes.get(handler.path, self.fallback)
        if answer is None:
            return send(handler, 404, b"<h1>Not found</h1>")
        return answer(handler)


def ok(body: bytes, content_type: str = "text/html; charset=utf-8") -> Answer:
    return lambda handler: send(handler, 200, body, content_type)


def redirect(location: str) -> Answer:
    return lambda handler: send(handler, 302, b"", headers={"Location": location})


ROBOTS = ok(b"User-agent: *\nAllow: /\n", "text/plain")


def crawl(
    start_url: str, output: Path, *extra: str, timeout: float = 120
) -> tuple[int, str, list[dict[str, Any]]]:
    run = run_crawl_command(crawl_command(start_url, output, list(extra)), REPO_ROOT, timeout)
    pages = read_jsonl(output / "pages.jsonl") if (output / "pages.jsonl").exists() else []
    return run.returncode, run.log, pages


def summary_of(output: Path) -> dict[str, Any]:
    return json.loads((output / "crawl-summary.json").read_text(encoding="utf-8"))


def line_of(pages: list[dict[str, Any]], url: str) -> dict[str, Any]:
    [line] = [line for line in pages if line["url"] == url]
    return line


# --- R07: robots.txt redirects stay in scope ------------------------------------------------------------


def test_a_robots_txt_redirect_off_scope_is_not_followed(tmp_path: Path) -> None:
    with Routes({"/": ok(b"SECRET")}) as other:
        routes = {
            "/robots.txt": redirect(other.url("internal-secret")),  # another port: another site
            "/": ok(page("/a")),
            "/a": ok(release_page(1)),
        }
        with Routes(routes) as site:
            code, log, pages = crawl(site.url(), tmp_path)
        assert other.requests == []  # never asked
    robots = line_of(pages, site.url("robots.txt"))
    assert robots["outcome"] == "prerequisite" and "refused" in robots["reason"]
    start = line_of(pages, site.url())
    assert (start["outcome"], start["reason"].split(":")[0]) == ("dropped", "robots-unavailable")
    assert not any(other.url() in line["url"] for line in pages)
    assert "Traceback" not in log and code == EXIT_SUCCESS


def test_a_robots_txt_redirect_to_a_link_local_address_is_not_followed(tmp_path: Path) -> None:
    routes = {"/robots.txt": redirect("http://169.254.169.254/latest/meta-data/"), "/": ok(page())}
    with Routes(routes) as site:
        _, log, pages = crawl(site.url(), tmp_path, "-s", "DOWNLOAD_TIMEOUT=5")
    robots = line_of(pages, site.url("robots.txt"))
    assert "169.254.169.254" in robots["reason"] and "refused" in robots["reason"]
    assert [line["url"] for line in pages if "169.254" in line["url"]] == []
    assert "Traceback" not in log


def test_a_robots_txt_redirect_within_the_site_is_followed(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": redirect("/rules.txt"),
        "/rules.txt": ok(b"User-agent: *\nDisallow: /private\n", "text/plain"),
        "/": ok(page("/a", "/private")),
        "/a": ok(release_page(1)),
    }
    with Routes(routes, fallback=ok(page())) as site:  # the pages' navigation links
        code, _, pages = crawl(site.url(), tmp_path)
        requested = site.requested
    assert code == EXIT_SUCCESS
    assert "/rules.txt" in requested and "/private" not in requested  # its rules were obeyed
    assert line_of(pages, site.url("private"))["reason"].startswith("robots")


# --- R08: one line per URL, depth or not ------------------------------------------------------------------


def test_a_queued_url_met_again_beyond_the_depth_limit_has_one_line(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": ROBOTS,
        "/": ok(page("/a", "/b")),
        "/a": ok(page("/b", "/c")),  # /b again at depth 2 (queued already); /c new at depth 2
        "/b": ok(release_page(2)),
    }
    with Routes(routes, fallback=ok(page())) as site:
        code, _, pages = crawl(site.url(), tmp_path, "-s", "DEPTH_LIMIT=1")
    assert code == EXIT_SUCCESS
    counts = Counter(line["url"] for line in pages)
    assert counts[site.url("b")] == 1
    assert line_of(pages, site.url("b"))["status"] == 200  # fetched, not dropped for depth
    assert line_of(pages, site.url("c"))["reason"].startswith("depth")


# --- R21: credentials in links and redirects, javascript: redirects ---------------------------------------


def test_credentials_in_links_and_redirects_are_neither_sent_nor_logged(tmp_path: Path) -> None:
    routes: dict[str, Answer] = {"/robots.txt": ROBOTS, "/userinfo": ok(release_page(3))}
    with Routes(routes, fallback=ok(page())) as site:
        port = site.port
        routes["/"] = ok(page(f"http://user:secret@127.0.0.1:{port}/userinfo", "/js", "/ftp", "/to-creds"))
        routes["/js"] = redirect("javascript:alert(1)")
        routes["/ftp"] = redirect("ftp://127.0.0.1/x")
        routes["/to-creds"] = redirect(f"http://admin:hunter2@127.0.0.1:{port}/target")
        routes["/target"] = ok(release_page(4))
        code, log, pages = crawl(site.url(), tmp_path)
        authorizations = site.authorizations
        requested = site.requested
    raw = (tmp_path / "pages.jsonl").read_text(encoding="utf-8")
    assert "secret" not in raw and "hunter2" not in raw and "@127.0.0.1" not in raw
    assert authorizations == []
    assert {"/userinfo", "/target"} <= set(requested)
    assert line_of(pages, site.url("userinfo"))["outcome"] == "records"
    assert line_of(pages, site.url("target"))["outcome"] == "records"
    js = line_of(pages, site.url("js"))
    assert (js["outcome"], js["reason"].split(":")[0]) == ("dropped", "redirect-refused")
    assert "javascript:alert(1)" in js["reason"]
    assert "Traceback" not in log
    assert code == EXIT_SUCCESS, log[-3000:]


# --- an unreachable host ----------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_host_is_connection_refused_not_a_robots_drop(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/"
    code, log, pages = crawl(url, tmp_path, "-s", "RETRY_TIMES=0")
    start = line_of(pages, url)
    assert (start["outcome"], start["reason"].split(":")[0]) == ("error", "connection-refused")
    assert code == EXIT_PARTIAL
    assert "Traceback" not in log


# --- R17: page budget per host, memory cap, link cap ------------------------------------------------------


def trap(handler: BaseHTTPRequestHandler) -> None:
    """Every page links to twenty new pages: a spider trap."""
    me = handler.path.rstrip("/").rsplit("/", 1)[-1] or "0"
    send(handler, 200, page(*(f"/t/{me}-{n}" for n in range(20))))


def test_a_spider_trap_stops_at_the_page_budget_per_host(tmp_path: Path) -> None:
    with Routes({"/robots.txt": ROBOTS}, fallback=trap) as site:
        code, log, _ = crawl(
            site.url(), tmp_path, "-s", "IOMCRAWL_MAX_PAGES_PER_HOST=30", "-s", "CONCURRENT_REQUESTS=16"
        )
        served = [path for path in site.requested if path != "/robots.txt"]
    assert code == EXIT_INTERRUPTED, log[-3000:]
    assert 30 <= len(served) <= 31  # the budget, and at most the one request in flight at the time
    summary = summary_of(tmp_path)
    assert summary["finish_reason"] == "max-pages-per-host"
    assert summary["exit_status"] == "interrupted"
    assert f"IOMCRAWL_MAX_PAGES_PER_HOST (30) reached on 127.0.0.1:{site.port}" in summary["stopped_by"]
    assert "stopping the crawl: IOMCRAWL_MAX_PAGES_PER_HOST (30)" in log


def test_the_memory_cap_stops_the_crawl(tmp_path: Path) -> None:
    with Routes({"/robots.txt": ROBOTS}, fallback=trap) as site:
        code, log, _ = crawl(site.url(), tmp_path, "-s", "IOMCRAWL_MAX_MEMORY_MB=1")
        served = [path for path in site.requested if path != "/robots.txt"]
    assert code == EXIT_INTERRUPTED
    assert len(served) <= 2  # checked after every response: the first one is over any cap of 1 MiB
    summary = summary_of(tmp_path)
    assert summary["finish_reason"] == "max-memory"
    assert "IOMCRAWL_MAX_MEMORY_MB (1) exceeded" in summary["stopped_by"]
    assert "stopping the crawl: IOMCRAWL_MAX_MEMORY_MB (1) exceeded" in log


def test_links_taken_from_one_page_are_capped_and_the_summary_counts_every_line(tmp_path: Path) -> None:
    routes = {"/robots.txt": ROBOTS, "/": ok(page(*(f"/p{n}" for n in range(50))))}
    with Routes(routes, fallback=ok(page())) as site:
        code, log, pages = crawl(site.url(), tmp_path, "-s", "IOMCRAWL_MAX_LINKS_PER_PAGE=10")
        served = [path for path in site.requested if path not in ("/", "/robots.txt")]
    assert code == EXIT_SUCCESS
    assert sorted(served) == sorted(f"/p{n}" for n in range(10))
    assert f"{site.url()} has more than 10 links: only the first 10 are followed" in log
    summary = summary_of(tmp_path)  # kept as lines were written, not read back from pages.jsonl
    assert summary["lines"] == len(pages)
    assert summary["outcomes"] == dict(Counter(line["outcome"] for line in pages))
    assert summary["urls"] == len({line["url"] for line in pages})


# --- R10: one crawl per output folder and JOBDIR ----------------------------------------------------------


def test_a_second_crawl_on_the_same_output_and_jobdir_is_refused(tmp_path: Path) -> None:
    output, job = tmp_path / "out", tmp_path / "job"
    with PressSite(pages=30, delay=0.1) as site:
        command = crawl_command(site.url("index.html"), output, ["-s", f"JOBDIR={job}"])
        env = {"SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
        with subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env={**_environ(), **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        ) as first:
            while not site.requested and first.poll() is None:
                time.sleep(0.05)
            second = run_crawl_command(command, REPO_ROOT, 120)
            first_code = first.wait(timeout=300)
    assert second.returncode == EXIT_CONFIG
    [message] = [line for line in second.log.splitlines() if line.startswith("iomcrawl: configuration error")]
    assert f"is using IOMCRAWL_OUTPUT_DIR {output}" in message
    assert first_code == EXIT_SUCCESS
    ids = [record["id"] for record in read_jsonl(output / "releases.jsonl")]
    assert len(ids) == len(set(ids)) == 30
    assert summary_of(output)["exit_status"] == "success"


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_an_unreadable_job_file_is_a_one_line_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "iomcrawl-job.json").write_text("{not json", encoding="utf-8")
    code, log, _ = crawl(
        f"http://127.0.0.1:{_closed_port()}/", tmp_path / "out", "-s", f"JOBDIR={tmp_path / 'job'}"
    )
    assert code == EXIT_CONFIG
    assert "Traceback" not in log  # one line says it all
    assert "iomcrawl: configuration error: JOBDIR" in log and "iomcrawl-job.json is unreadable" in log


# --- stopping: promptly, and consistently even when forced ----------------------------------------------


STOPPED_SITE_PAGES = 60


@pytest.fixture
def slow_press_site() -> Iterator[PressSite]:
    with PressSite(pages=STOPPED_SITE_PAGES, delay=0.2, lifetime=300) as site:
        yield site


def _stop_midway(
    site: PressSite, command: list[str], signals: list[signal.Signals], wait_for: str | None = None
) -> tuple[int, str, int]:
    """Run *command*, send *signals* once 10 release pages were served (each after *wait_for* appears
    in the log, when given); returns the exit code, the log and the requests served after the first."""
    env = {**_environ(), "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
    with subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as child:
        while sum("/news/release-" in path for path in site.requested) < 10 and child.poll() is None:
            time.sleep(0.02)
        at_signal = len(site.requests)
        log: list[str] = []
        for number, stop in enumerate(signals):
            if number and wait_for:
                assert child.stdout is not None
                for line in child.stdout:
                    log.append(line)
                    if wait_for in line:
                        break
            child.send_signal(stop)  # our own child, by its pid
        out, _ = child.communicate(timeout=120)
        return child.returncode, "".join(log) + out, len(site.requests) - at_signal


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_crawl_without_sending_what_was_queued(
    slow_press_site: PressSite, tmp_path: Path, stop: signal.Signals
) -> None:
    command = crawl_command(
        slow_press_site.url("index.html"),
        tmp_path / "out",
        ["-s", "CONCURRENT_REQUESTS=16", "-s", f"JOBDIR={tmp_path / 'job'}"],
    )
    code, log, served_after = _stop_midway(slow_press_site, command, [stop])
    assert code == EXIT_INTERRUPTED, log[-3000:]
    assert served_after <= 2, served_after  # the request in flight (and one racing the signal)
    assert "not sent" not in (tmp_path / "out" / "pages.jsonl").read_text(encoding="utf-8")
    resumed = run_crawl_command(command, REPO_ROOT, 300)  # what was not sent is fetched on resume
    assert resumed.returncode == EXIT_SUCCESS, resumed.log[-3000:]
    ids = [record["id"] for record in read_jsonl(tmp_path / "out" / "releases.jsonl")]
    assert len(ids) == len(set(ids)) == STOPPED_SITE_PAGES


def test_a_forced_second_ctrl_c_exits_3_and_publishes_consistent_outputs(tmp_path: Path) -> None:
    held: list[str] = []

    def hold(handler: BaseHTTPRequestHandler) -> None:
        """The first time, keep the crawl waiting (its graceful stop with it); then answer at once."""
        held.append(handler.path)
        if len(held) == 1:
            time.sleep(20)
        send(handler, 200, release_page(5))

    routes = {"/robots.txt": ROBOTS, "/": ok(page("/a", "/hold")), "/a": ok(release_page(4)), "/hold": hold}
    output = tmp_path / "out"
    with Routes(routes, fallback=ok(page())) as site:
        command = crawl_command(site.url(), output, ["-s", f"JOBDIR={tmp_path / 'job'}"])
        env = {**_environ(), "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
        with subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as child:
            while not held and child.poll() is None:
                time.sleep(0.02)
            child.send_signal(signal.SIGINT)
            assert child.stdout is not None
            log = []
            for line in child.stdout:
                log.append(line)
                if "shutting down gracefully" in line:
                    break
            child.send_signal(signal.SIGINT)  # again: Scrapy stops the reactor at once
            out, _ = child.communicate(timeout=120)
        code, text = child.returncode, "".join(log) + out
        assert code == EXIT_INTERRUPTED, text[-3000:]
        assert "forcing unclean shutdown" in text
        assert sorted(path.name for path in output.glob("*.part")) == []
        summary = summary_of(output)
        assert (summary["exit_status"], summary["finish_reason"]) == ("interrupted", "shutdown-forced")
        assert summary["lines"] == len(read_jsonl(output / "pages.jsonl"))
        resumed = run_crawl_command(command, REPO_ROOT, 120)
    assert resumed.returncode == EXIT_SUCCESS, resumed.log[-3000:]
    urls = sorted(record["url"] for record in read_jsonl(output / "releases.jsonl"))
    assert urls == [site.url("a"), site.url("hold")]


# --- R09: -a site_dir has stable URLs, ids and resumes ----------------------------------------------------


def _site_folder(root: Path, pages: int) -> Path:
    site = PressSite(pages=pages)  # not started: only its pages are written out
    paths = ["/index.html", *(f"/news/page-{p}.html" for p in range(1, site.listings + 1))]
    paths += [f"/news/release-{n:05d}.html" for n in range(pages)]
    for path in paths:
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        body = site.page(path)
        assert body is not None
        target.write_bytes(body)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    return root


def _site_dir_command(folder: Path, output: Path, *extra: str) -> list[str]:
    command = crawl_command("unused", output, list(extra))
    return [part if part != "start_url=unused" else f"site_dir={folder}" for part in command]


def test_a_site_dir_crawl_has_stable_ids_and_resumes_after_a_kill(tmp_path: Path) -> None:
    folder = _site_folder(tmp_path / "site", 60)
    whole = run_crawl_command(_site_dir_command(folder, tmp_path / "whole"), REPO_ROOT, 300)
    assert whole.returncode == EXIT_SUCCESS, whole.log[-3000:]
    expected = sorted(record["id"] for record in read_jsonl(tmp_path / "whole" / "releases.jsonl"))
    assert len(expected) == 60
    output, job = tmp_path / "out", tmp_path / "job"
    command = _site_dir_command(folder, output, "-s", f"JOBDIR={job}", "-s", "DOWNLOAD_DELAY=0.05")
    env = {**_environ(), "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
    part = output / "pages.jsonl.part"
    with subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as child:
        while child.poll() is None and (not part.exists() or part.read_bytes().count(b"\n") < 20):
            time.sleep(0.02)
        child.kill()
    assert child.returncode == -signal.SIGKILL, "the crawl should have been killed midway"
    resumed = run_crawl_command(command, REPO_ROOT, 300)
    assert resumed.returncode == EXIT_SUCCESS, resumed.log[-3000:]
    records = read_jsonl(output / "releases.jsonl")
    assert sorted(record["id"] for record in records) == expected  # every page, each once, same ids
    assert all(record["url"].startswith("http://site-dir.localhost/") for record in records)
