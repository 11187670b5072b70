"""The HTML report in a real browser: headless Chromium driven over the DevTools protocol on 127.0.0.1.

Chromium is Debian's package (`.ci/run` installs it when /usr/bin/chromium is missing). The protocol is
spoken through a small stdlib WebSocket client below, so the test needs no extra Python package. The
browser auto-attaches to every frame (the sandboxed page frames may run out of process), and the test
fails on any console error, uncaught exception, browser log error (a CSP violation or a failed load
shows up there) or request that is not file:, data: or about:. Screenshots go to the pytest tmp dir and
to output/ for people to look at.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.servers import LoopbackServer
from test_qa_report import SOFALA, add_drops_and_summary, add_fixture, crawl_dir, hostile_page

from iomcrawl.qa.charts import column_chart, share_chart
from iomcrawl.qa.pages import from_crawl, from_fixtures
from iomcrawl.qa.report import CSS, write_report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-default-browser-check",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    # whatever tries the network anyway meets a closed port on 127.0.0.1 and names that do not resolve
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
    "--hide-scrollbars",
]
TIMEOUT = 60.0
LOCAL_SCHEMES = ("file:", "data:", "about:")


class WebSocket:
    """Just enough RFC 6455 for the DevTools protocol: text frames, masking, fragments, ping/close."""

    def __init__(self, url: str, timeout: float) -> None:
        assert url.startswith("ws://127.0.0.1:"), url  # never anything but the local browser
        host_port, path = url[len("ws://") :].split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            assert chunk, "the browser closed the connection during the handshake"
            head += chunk
        status = head.split(b"\r\n", 1)[0]
        assert b" 101 " in status, status
        self.buffer = head.split(b"\r\n\r\n", 1)[1]

    def _exact(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise ConnectionError("the browser closed the DevTools connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _frame(self, opcode: int, payload: bytes) -> None:
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, text: str) -> None:
        self._frame(0x1, text.encode())

    def recv(self) -> str:
        message = b""
        while True:
            b1, b2 = self._exact(2)
            opcode, n = b1 & 0x0F, b2 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._exact(8))[0]
            mask = self._exact(4) if b2 & 0x80 else b""
            payload = self._exact(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("the browser closed the DevTools connection")
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if b1 & 0x80:
                    return message.decode()

    def close(self) -> None:
        self.sock.close()


class DevTools:
    """One page target; auto-attached frames are driven through flat sessions on the same socket."""

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def _handle(self, message: dict[str, Any]) -> None:
        self.events.append(message)
        if message.get("method") == "Target.attachedToTarget":
            session = message["params"]["sessionId"]
            for method in ("Runtime.enable", "Log.enable", "Network.enable"):
                self.send(method, session=session, wait=False)
            self.send("Runtime.runIfWaitingForDebugger", session=session, wait=False)

    def send(
        self, method: str, params: dict | None = None, *, session: str | None = None, wait: bool = True
    ) -> Any:
        self.next_id += 1
        msg_id = self.next_id
        message: dict[str, Any] = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        if not wait:
            return None
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == msg_id and reply.get("sessionId") == session:
                assert "error" not in reply, (method, reply["error"])
                return reply.get("result")
            self._handle(reply)
        raise TimeoutError(method)

    def wait_for(self, method: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        seen = next((m for m in self.events if m.get("method") == method and not m.get("sessionId")), None)
        deadline = time.monotonic() + timeout
        while seen is None and time.monotonic() < deadline:
            message = json.loads(self.ws.recv())
            self._handle(message)
            if message.get("method") == method and not message.get("sessionId"):
                seen = message
        assert seen is not None, f"no {method} within {timeout}s"
        return seen

    def settle(self, seconds: float = 1.0) -> None:
        """Read events for a while (late frame loads and their console messages)."""
        self.ws.sock.settimeout(0.2)
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline:
                try:
                    self._handle(json.loads(self.ws.recv()))
                except TimeoutError:
                    continue
        finally:
            self.ws.sock.settimeout(TIMEOUT)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, browser log errors, and requests that left the machine."""
        out = []
        for m in self.events:
            method, params = m.get("method"), m.get("params") or {}
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                out.append(
                    "console: " + " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
                )
            elif method == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(params["exceptionDetails"])[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                out.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
            elif method == "Page.javascriptDialogOpening":
                out.append(f"dialog: {params.get('message')}")
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(LOCAL_SCHEMES):
                    out.append(f"network request: {url}")
        return out


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("IOMCRAWL_REQUIRE_BROWSER"):
            pytest.fail(f"chromium is required (IOMCRAWL_REQUIRE_BROWSER is set) but {CHROMIUM} is missing")
        pytest.skip("chromium is not installed (bash .ci/run installs Debian's package)")
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    log = (tmp_path / "chromium.log").open("wb")
    proc = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    ws = None
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()) and time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "chromium.log").read_text(errors="replace")[-3000:]
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        conn.request("GET", "/json/list")
        targets = json.loads(conn.getresponse().read())
        conn.close()
        page = next(t for t in targets if t.get("type") == "page")
        ws = WebSocket(page["webSocketDebuggerUrl"], TIMEOUT)
        tools = DevTools(ws)
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            tools.send(method)
        tools.send(
            "Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True}
        )
        tools.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1440, "height": 1300, "deviceScaleFactor": 1, "mobile": False},
        )
        yield tools
    finally:
        if ws is not None:
            ws.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _open(tools: DevTools, path: Path) -> None:
    tools.send("Page.navigate", {"url": path.resolve().as_uri()})
    tools.wait_for("Page.loadEventFired")
    tools.settle(1.5)


def _keep(shot: Path, name: str) -> None:
    """A copy under output/ for people to look at (output/ is git-ignored)."""
    target = REPO / "output" / name
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(shot, target)


SHOWCASE = f"sample-site/{SOFALA.removesuffix('.html')}.expected.json"
UNREVIEWED = (
    "sample-site/fr/news/loim-ouvre-un-centre-daccueil-pour-migrants-vulnerables-agadez.expected.json"
)


def _fixtures_with_one_mismatch(tmp_path: Path) -> Path:
    """The real fixtures, with one expected field changed and one fixture unreviewed, so both marks show."""
    root = tmp_path / "fixtures"
    shutil.copytree(REPO / "fixtures", root, ignore=shutil.ignore_patterns("*.warc.gz"))
    showcase = root / SHOWCASE
    doc = json.loads(showcase.read_text(encoding="utf-8"))
    doc["records"][0]["dateline"] = "Maputo"
    doc["records"][0]["emails"] = doc["records"][0]["emails"][:-1]
    showcase.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    unreviewed = root / UNREVIEWED
    doc = json.loads(unreviewed.read_text(encoding="utf-8"))
    unreviewed.write_text(json.dumps({**doc, "reviewed": False}, ensure_ascii=False), encoding="utf-8")
    # and a page that tries everything: scripts, handlers, remote images, frames, styles, a refresh
    add_fixture(root / "pages", SOFALA, hostile_page(), name="zz-hostile-page")
    return root


def test_fixture_report_loads_cleanly_and_shows_summary_page_views_and_charts(
    browser: DevTools, tmp_path: Path
) -> None:
    report = write_report(from_fixtures(_fixtures_with_one_mismatch(tmp_path)), tmp_path / "report.html")
    _open(browser, report)
    found = browser.evaluate(
        """JSON.stringify({
            title: document.title,
            summary: !!document.querySelector('#summary .cards'),
            summaryText: document.querySelector('#summary').innerText,
            charts: [...document.querySelectorAll('svg.chart')].map(s => s.getAttribute('aria-label')),
            chartBars: document.querySelectorAll('svg.chart rect').length,
            pages: document.querySelectorAll('section.page').length,
            frames: document.querySelectorAll('section.page iframe[sandbox=""]').length,
            unsandboxed: document.querySelectorAll('iframe:not([sandbox]), script').length,
            records: document.querySelectorAll('article.record').length,
            differ: [...document.querySelectorAll('section.page.differ h3')].map(h => h.textContent),
            mismatchText: [...document.querySelectorAll('article.record.mismatch')].map(a => a.innerText).join(' '),
            unreviewed: document.querySelectorAll('section.page .badge.warn').length,
            shaded: document.querySelectorAll('.blk.chrome').length,
            phones: document.querySelectorAll('mark.ph').length,
            emails: document.querySelectorAll('mark.em').length,
            frame: (() => { try { return document.querySelector('section.page iframe').contentDocument
                                         ? 'reachable' : 'opaque'; } catch (e) { return 'opaque'; } })(),
            chartWidth: document.querySelector('svg.chart').getBoundingClientRect().width,
        })"""
    )
    info = json.loads(found)
    assert browser.problems() == []
    assert info["title"].startswith("iomcrawl report")
    assert info["summary"]
    for heading in (
        "By layout family",
        "By year",
        "By language",
        "Records missing a field",
        "Pages with no release",
    ):
        assert heading in info["summaryText"]
    assert info["charts"] == ["Records per year", "Field coverage (records with a non-empty value)"]
    assert info["chartBars"] > 5 and info["chartWidth"] > 300
    assert info["pages"] >= 13 and info["frames"] >= 10 and info["records"] >= 13
    assert info["unsandboxed"] == 0 and info["frame"] == "opaque"  # the page's HTML cannot reach the report
    assert info["shaded"] > 0 and info["phones"] > 0 and info["emails"] > 0
    assert info["differ"] == [SHOWCASE.replace(".expected.json", ".html")]
    assert "dateline differs" in info["mismatchText"] and "Maputo" in info["mismatchText"]
    assert info["unreviewed"] >= 1
    top = browser.screenshot(tmp_path / "report-screenshot.png")
    _keep(top, "report-screenshot.png")
    browser.evaluate("document.querySelector('section.page.differ').scrollIntoView(); 1")
    browser.settle(1.0)  # the lazy frame of that page loads now
    page = browser.screenshot(tmp_path / "report-page-screenshot.png")
    _keep(page, "report-page-screenshot.png")
    assert browser.problems() == []
    assert top.stat().st_size > 20_000 and page.stat().st_size > 20_000


class RecordingServer(LoopbackServer):
    """Answers anything with an empty 200 and records it: a report that loads nothing sends it nothing."""

    def respond(self, handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "0")
        handler.end_headers()


def _sanitizer_bypasses(base: str) -> str:
    """Markup that loads `base` in ways a url( deny-list misses: mutation through <svg><style>, CSS
    escapes, image-set(), an escaped @import (R12)."""
    return (
        f'<svg><style><img src="{base}m.png" onerror="alert(1)"></style></svg>'
        f'<div style="background:u\\72l({base}e.png)">e</div>'
        f"<div style=\"background-image:image-set('{base}s.png' 1x)\">s</div>"
        f'<style>@\\69mport "{base}i.css"; p{{background:\\75rl({base}p.png)}}</style>'
    )


def test_a_page_with_sanitizer_bypasses_makes_the_report_attempt_no_request(
    browser: DevTools, tmp_path: Path
) -> None:
    root = tmp_path / "fixtures"
    root.mkdir()
    with RecordingServer(lifetime=120) as server:
        page = hostile_page().decode().replace("</body>", _sanitizer_bypasses(server.base_url) + "</body>")
        add_fixture(root, SOFALA, page.encode(), name="bypasses")
        report = write_report(from_fixtures(root), tmp_path / "report.html")
        _open(browser, report)
        browser.evaluate("document.querySelector('section.page iframe').scrollIntoView(); 1")
        browser.settle(2.0)
        frames = browser.evaluate("document.querySelectorAll('section.page iframe[sandbox=\"\"]').length")
        assert frames == 1
        assert browser.problems() == []
        assert server.requests == []


# Every chart, as laid out by the browser: no text outside the chart (a cut label), no two texts over
# each other (rotated axis labels are compared by their own box only with the chart's edges: the box of
# a rotated text is wider than its glyphs), the title over nothing, and each legend entry drawn with a
# swatch whose colour is one the chart uses.
CHART_LAYOUT = """JSON.stringify([...document.querySelectorAll('svg.chart')].map(svg => {
    const box = svg.getBoundingClientRect(), problems = [];
    const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5
                           && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    const texts = [...svg.querySelectorAll('text')].map(t => ({
        text: t.textContent, r: t.getBoundingClientRect(), rotated: t.hasAttribute('transform')}));
    for (const t of texts) {
        if (t.r.left < box.left - 0.5 || t.r.right > box.right + 0.5 || t.r.top < box.top - 0.5
            || t.r.bottom > box.bottom + 0.5) problems.push('outside the chart: ' + t.text);
    }
    const flat = texts.filter(t => !t.rotated);
    for (let i = 0; i < flat.length; i++) for (let j = i + 1; j < flat.length; j++) {
        if (overlap(flat[i].r, flat[j].r)) problems.push('overlap: ' + flat[i].text + ' / ' + flat[j].text);
    }
    const title = svg.querySelector('text.chart-title');
    for (const el of svg.querySelectorAll('rect, line')) {
        if (overlap(title.getBoundingClientRect(), el.getBoundingClientRect()))
            problems.push('title over a ' + el.tagName);
    }
    const used = new Set([...svg.querySelectorAll('g.bars rect')].map(r => r.getAttribute('fill')));
    const legend = [...svg.querySelectorAll('g.legend g.legend-item')].map(g => {
        const r = g.getBoundingClientRect(), fill = g.querySelector('rect').getAttribute('fill');
        return {label: g.textContent, fill, drawn: r.width > 20 && r.height > 8, used: used.has(fill)};
    });
    return {label: svg.getAttribute('aria-label'), title: title.textContent,
            titleLines: title.querySelectorAll('tspan').length, problems, legend};
}))"""


def _chart_layout(tools: DevTools) -> list[dict[str, Any]]:
    return json.loads(tools.evaluate(CHART_LAYOUT))


def test_report_charts_have_legends_and_no_text_over_text_in_the_browser(
    browser: DevTools, tmp_path: Path
) -> None:
    report = write_report(from_fixtures(REPO / "fixtures"), tmp_path / "report.html")
    _open(browser, report)
    charts = _chart_layout(browser)
    assert browser.problems() == []
    assert [c["label"] for c in charts] == [
        "Records per year",
        "Field coverage (records with a non-empty value)",
    ]
    for chart in charts:
        assert chart["problems"] == [], chart["label"]
        assert chart["legend"] and all(item["drawn"] for item in chart["legend"]), chart["legend"]
    years, coverage = charts
    assert [i["label"] for i in years["legend"]] == ["records dated in that year", "records with no date"]
    assert all(i["used"] for i in years["legend"])
    assert [i["label"] for i in coverage["legend"]][:3] == ["90% or more", "50% to under 90%", "under 50%"]


def test_long_chart_titles_wrap_without_covering_the_chart_in_the_browser(
    browser: DevTools, tmp_path: Path
) -> None:
    title = "Records per year across every crawl of every country office site since the first archive " * 3
    years = [(str(y), (y * 7) % 13) for y in range(1999, 2024)] + [("no date", 4)]
    charts = column_chart(
        title, years, bar_label="records dated in that year", muted=("no date",), muted_label="no date"
    ) + share_chart(
        title,
        [("headline", 10, 10), ("people", 6, 10), ("fixes", 1, 10)],
        neutral=("fixes",),
        neutral_label="fixes: often empty on a good record",
    )
    page = tmp_path / "charts.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>charts</title>'
        f"<style>{CSS}</style></head><body>"
        f'<div class="grid"><div class="panel">{charts.replace("</svg>", "</svg></div><div class=panel>", 1)}</div></div>'
        "</body></html>",
        encoding="utf-8",
    )
    _open(browser, page)
    found = _chart_layout(browser)
    assert browser.problems() == []
    assert len(found) == 2
    for chart in found:
        assert chart["problems"] == []
        assert chart["titleLines"] == 2 and chart["title"].endswith("…") and chart["label"] == title
        assert all(item["drawn"] for item in chart["legend"])
    browser.screenshot(tmp_path / "charts.png")


def test_crawl_report_shows_run_and_dropped_panels_cleanly(browser: DevTools, tmp_path: Path) -> None:
    crawl_dir(tmp_path)
    add_drops_and_summary(tmp_path, {"finish_reason": "finished", "run_seconds": 5.0, "runs": 1})
    report = write_report(from_crawl(tmp_path), tmp_path / "crawl-report.html")
    _open(browser, report)
    found = json.loads(
        browser.evaluate(
            """JSON.stringify(['crawl-run', 'dropped'].map(id => {
                const el = document.getElementById(id), r = el.getBoundingClientRect();
                return {id, visible: r.width > 200 && r.height > 60, text: el.innerText};
            }))"""
        )
    )
    assert browser.problems() == []
    assert all(panel["visible"] for panel in found), found
    run, dropped = (panel["text"] for panel in found)
    assert "5.00 s" in run and "2.0/s" in run
    assert "depth\t3" in dropped and "offsite\t3" in dropped and "robots\t1" in dropped
    assert all(chart["problems"] == [] for chart in _chart_layout(browser))
