#!/usr/bin/env python3
"""The HTML report in a real browser (headless Chromium): it loads offline, its script runs, its
filters show what they say (also from the URL fragment), and every scenario that sent requests
has a timeline with one mark per request. Saves screenshots to SHOTS_DIR (the README shows them).

Usage: html_in_browser.py MOCKGATE SOURCE_DIR SHOTS_DIR
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

MOCKGATE, SOURCE, SHOTS = (os.path.abspath(a) for a in sys.argv[1:4])
FAILURES = 0


def expect(ok, what):
    global FAILURES
    if not ok:
        FAILURES += 1
        print(f"html_in_browser: FAILED: {what}", file=sys.stderr)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    sys.exit("html_in_browser: no Chromium (apt-get install chromium)")


def browse(url, *flags):
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. The profile dir
    # is fresh each time, so no state carries over between loads.
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            f"--user-data-dir={profile}", "--hide-scrollbars", *flags, url],
                           capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        sys.exit(f"html_in_browser: chromium exited {r.returncode}: {r.stderr[-2000:]}")
    return r.stdout


class Dom(html.parser.HTMLParser):
    """What the tests read of the dumped DOM: the scenario blocks, the timelines, the count."""

    def __init__(self, text):
        super().__init__()
        self.scenarios, self.timelines, self.requests, self.shown, self.ready = [], [], {}, None, False
        self._scenario = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.ready = a.get("data-ready") == "true"
        if tag == "details" and "scenario" in a.get("class", ""):
            self._scenario = {"id": a["id"][2:], "verdict": a.get("data-verdict"), "provider": a.get("data-provider"),
                              "behaviours": a.get("data-behaviours", "").split(), "hidden": "hidden" in a}
            self.scenarios.append(self._scenario)
        if tag == "svg" and "timeline" in a.get("class", ""):
            self.timelines.append((self._scenario["id"], int(a["data-requests"])))
            self.requests[self._scenario["id"]] = 0
        if tag == "g" and a.get("class", "").startswith("request") and self._scenario:
            self.requests[self._scenario["id"]] += 1
        if tag == "span" and a.get("id") == "shown":
            self.shown = int(a.get("data-shown", "-1"))

    def visible(self):
        return [s for s in self.scenarios if not s["hidden"]]


with tempfile.TemporaryDirectory(prefix="mockgate-html-") as tmp:
    page, report = f"{tmp}/report.html", f"{tmp}/report.json"
    # A client with failures and retries: 4xx retried (a must broken), 5xx and 429 retried.
    client = f"python3 {SOURCE}/fixtures/clients/broken/retries_4xx.py"
    r = subprocess.run([MOCKGATE, "run", "--client", client, "--provider", "lisoloo", "--provider", "qlara",
                        "-j", "2", "--html", page, "--json", report], capture_output=True, text=True, timeout=600)
    expect(r.returncode == 1, f"the broken client's run exits 1, got {r.returncode}: {r.stderr}")
    scenarios = json.load(open(report))["scenarios"]
    url = "file://" + page

    dom = Dom(browse(url, "--dump-dom"))
    expect(dom.ready, "the report's script did not run")
    expect(len(dom.scenarios) == len(scenarios), f"{len(dom.scenarios)} blocks for {len(scenarios)} scenarios")
    expect(dom.shown == len(scenarios) and len(dom.visible()) == len(scenarios), f"all shown: {dom.shown}")
    for s in scenarios:
        sent = len(s["transcript"]["requests"])
        drawn = dict(dom.timelines).get(s["id"])
        if sent > 0:
            expect(drawn == sent, f"{s['id']}: {sent} requests, the timeline says {drawn}")
            expect(dom.requests.get(s["id"]) == min(sent, 40), f"{s['id']}: {dom.requests.get(s['id'])} marks drawn")
    retried = [s["id"] for s in scenarios if len(s["transcript"]["requests"]) > 1]
    expect(len(retried) > 3, f"too few retried scenarios to prove the timeline: {retried}")

    def shown_for(fragment):
        return Dom(browse(url + "#" + fragment, "--dump-dom"))

    failed = [s["id"] for s in scenarios if s["verdict"] == "fail" and s["level"] == "must"]
    expect(len(failed) > 0, "the broken client failed nothing: the filter check proves nothing")
    d = shown_for("verdict=fail")
    expect(sorted(s["id"] for s in d.visible()) == sorted(failed), "#verdict=fail shows the must failures only")
    expect(d.shown == len(failed), f"#verdict=fail counts {d.shown}, want {len(failed)}")
    d = shown_for("provider=qlara")
    expect(d.visible() and all(s["provider"] == "qlara" for s in d.visible()), "#provider=qlara")
    expect(len(d.visible()) == sum(s["provider"] == "qlara" for s in scenarios), "#provider=qlara shows them all")
    d = shown_for("behaviour=CLI-NO-RETRY-4XX&provider=lisoloo")
    want = [s["id"] for s in scenarios if "CLI-NO-RETRY-4XX" in s["covers"] and s["provider"] == "lisoloo"]
    expect(sorted(s["id"] for s in d.visible()) == sorted(want), "behaviour and provider filters together")
    one = retried[0]
    d = shown_for("scenario=" + one)
    expect([s["id"] for s in d.visible()] == [one], "#scenario=ID shows that one scenario")

    os.makedirs(SHOTS, exist_ok=True)
    browse(url + "#verdict=fail", "--window-size=1280,900", f"--screenshot={SHOTS}/report-failures.png")
    retried_500 = next((i for i in retried if "retry-500" in i), one)
    browse(url + "#scenario=" + retried_500, "--window-size=1280,1100", f"--screenshot={SHOTS}/report-timeline.png")
    for shot in ("report-failures.png", "report-timeline.png"):
        expect(os.path.getsize(f"{SHOTS}/{shot}") > 10000, f"{shot} is empty")

print(f"html_in_browser: {'ok' if FAILURES == 0 else f'{FAILURES} failed'} (screenshots in {SHOTS})")
sys.exit(1 if FAILURES else 0)
