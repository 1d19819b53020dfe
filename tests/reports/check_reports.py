#!/usr/bin/env python3
"""The report files of `mockgate run`, checked from outside, as CI reads them.

Usage: check_reports.py CHECK MOCKGATE SOURCE_DIR, CHECK one of:
  junit      a run with failures: its JUnit passes xmllint and junitparser, every testcase has a
             name, a classname and a time, and the counts agree with the JSON report
  never-lie  exit codes 0/1/2; an existing report is refused without --force and replaced with
             it; a report claimed at the start says "running" until the run ends; a run stopped
             by SIGTERM exits 143 with reports that say it was interrupted
  shard      the reports of --shard 1/3, 2/3 and 3/3 add up to one unsharded run (JSON and JUnit)
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import junitparser

CHECK, MOCKGATE, SOURCE = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
FAILURES = 0


def expect(ok, what):
    global FAILURES
    if not ok:
        FAILURES += 1
        print(f"check_reports {CHECK}: FAILED: {what}", file=sys.stderr)


def mockgate(*args, **kw):
    return subprocess.run([MOCKGATE, *args], capture_output=True, text=True, cwd=kw.get("cwd"), timeout=600)


def client(name):
    return f"python3 {SOURCE}/fixtures/clients/{name}"


def testcases(path):
    xml = junitparser.JUnitXml.fromfile(path)
    suites = [xml] if isinstance(xml, junitparser.TestSuite) else list(xml)
    return [(suite.name, case) for suite in suites for case in suite]


def junit_verdict(case):
    kinds = {type(r).__name__ for r in case.result}
    return "failure" if "Failure" in kinds else "error" if "Error" in kinds else "skipped" if "Skipped" in kinds else "pass"


def check_junit(tmp):
    junit, report = f"{tmp}/junit.xml", f"{tmp}/report.json"
    r = mockgate("run", "--client", client("broken/retries_4xx.py"), "--provider", "lisoloo", "-j", "2",
                 "--junit", junit, "--json", report)
    expect(r.returncode == 1, f"a client that fails must scenarios exits 1, got {r.returncode}: {r.stderr}")
    lint = subprocess.run(["xmllint", "--noout", junit], capture_output=True, text=True)
    expect(lint.returncode == 0, f"xmllint refuses the JUnit: {lint.stderr}")
    cases = testcases(junit)
    scenarios = json.load(open(report))["scenarios"]
    expect(len(cases) == len(scenarios), f"{len(cases)} testcases for {len(scenarios)} scenarios")
    for suite, case in cases:
        expect(bool(case.name) and bool(case.classname), f"a testcase without a name or classname in {suite}")
        expect(case.time is not None and case.time >= 0, f"{case.name}: no time")
        expect(case.classname == suite, f"{case.name}: classname {case.classname} is not its suite {suite}")
    by_id = {s["id"]: s for s in scenarios}
    failed = 0
    for _, case in cases:
        s = by_id.get(case.name)
        expect(s is not None, f"testcase {case.name} is no scenario of the JSON report")
        if s is None:
            continue
        want = {"pass": "pass", "fail": "failure", "error": "error", "skipped": "skipped"}[s["verdict"]]
        if s["level"] == "should" and s["verdict"] in ("fail", "error"):
            want = "skipped"  # a should is a warning: never red in CI
        expect(junit_verdict(case) == want, f"{case.name}: JUnit says {junit_verdict(case)}, JSON {s['verdict']}")
        failed += want == "failure"
    expect(failed > 0, "the broken client failed no scenario: the check proves nothing")


def check_never_lie(tmp):
    report = f"{tmp}/report.json"
    ok = ["run", "--client", "builtin:profile", "--filter", "lisoloo/balance-live"]
    r = mockgate(*ok, "--json", report)
    expect(r.returncode == 0, f"a passing run exits 0, got {r.returncode}: {r.stderr}")
    before = open(report).read()
    r = mockgate(*ok, "--json", report)
    expect(r.returncode == 2 and "--force" in r.stderr, f"an existing report is refused (exit 2), got {r.returncode}")
    expect(open(report).read() == before, "a refused run changed the earlier report")
    r = mockgate(*ok, "--json", report, "--junit", report, "--force")
    expect(r.returncode == 2 and "same file" in r.stderr, f"one file for two reports is refused: {r.stderr}")
    r = mockgate("run", "--client", client("broken/retries_4xx.py"), "--filter", "lisoloo/suspended-key",
                 "--json", report, "--force")
    expect(r.returncode == 1, f"a failed contract exits 1, got {r.returncode}")
    expect(json.load(open(report))["summary"]["failed"] == 1, "--force did not replace the report")
    # Failing after the claim (here: nothing selected) replaces an earlier green report with a
    # red one that says why, never leaves the old one standing.
    r = mockgate("run", "--client", "builtin:profile", "--filter", "no/such-scenario", "--json", report,
                 "--junit", f"{tmp}/failed.xml", "--force")
    expect(r.returncode == 2, f"no scenario selected is bad input (exit 2), got {r.returncode}")
    run = json.load(open(report))["run"]
    expect(run["state"] == "failed" and "no scenario matches" in run.get("problem", ""), f"the report says {run}")
    r = mockgate("run", "--client", "builtin:profile", "--shard", "4/3")
    expect(r.returncode == 2, f"--shard 4/3 is bad input (exit 2), got {r.returncode}")

    # A slow client: the reports are claimed as "running" at the start, and SIGTERM ends the run
    # after the running scenario, the others "not run", the reports written and saying so.
    junit, md = f"{tmp}/interrupted.xml", f"{tmp}/interrupted.md"
    slow = f"sh -c 'sleep 2; exec python3 {SOURCE}/fixtures/clients/python/client.py'"
    p = subprocess.Popen([MOCKGATE, "run", "--client", slow, "--provider", "lisoloo", "-j", "1", "--json", report,
                          "--junit", junit, "--markdown", md, "--force"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    # The files are claimed in flag order: the Markdown one, the last, is there once all are.
    while time.monotonic() < deadline and not os.path.exists(md):
        time.sleep(0.05)
    claimed = json.load(open(report))
    expect(claimed["run"]["state"] == "running", f"the claimed report says {claimed['run']}")
    failures = sum(junit_verdict(c) in ("failure", "error") for _, c in testcases(junit))
    expect(failures == 1, "a claimed JUnit must be red until the run ends")
    time.sleep(0.5)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=120)
    expect(p.returncode == 128 + signal.SIGTERM, f"an interrupted run exits 143, got {p.returncode}: {err}")
    final = json.load(open(report))
    expect(final["run"]["state"] == "interrupted" and final["run"].get("problem") == "SIGTERM", f"{final['run']}")
    not_run = [s for s in final["scenarios"] if s["reason"].startswith("not run")]
    expect(len(not_run) > 0 and all(s["verdict"] == "skipped" for s in not_run), "the scenarios not started are skipped")
    expect(any(s["verdict"] == "pass" for s in final["scenarios"]), "the scenario running at SIGTERM finished")
    expect("did not finish" in open(md).read(), "the Markdown summary says the run did not finish")
    expect(any(c.name == "the run finished" for _, c in testcases(junit)), "the JUnit has the unfinished error")
    leftovers = [f for f in os.listdir(tmp) if ".tmp-" in f]
    expect(not leftovers, f"temporary files left: {leftovers}")


def check_shard(tmp):
    common = ["run", "--client", "builtin:profile", "-j", "2", "--force"]
    r = mockgate(*common, "--json", f"{tmp}/all.json", "--junit", f"{tmp}/all.xml")
    expect(r.returncode == 0, f"the unsharded run: {r.returncode} {r.stderr}")
    whole = {s["id"]: s["verdict"] for s in json.load(open(f"{tmp}/all.json"))["scenarios"]}
    parts, cases, sizes = {}, [], []
    for k in (1, 2, 3):
        r = mockgate(*common, "--shard", f"{k}/3", "--json", f"{tmp}/{k}.json", "--junit", f"{tmp}/{k}.xml")
        expect(r.returncode == 0, f"shard {k}/3: {r.returncode} {r.stderr}")
        report = json.load(open(f"{tmp}/{k}.json"))
        expect(report["run"].get("shard") == f"{k}/3", f"shard {k}/3 says {report['run']}")
        ids = {s["id"]: s["verdict"] for s in report["scenarios"]}
        expect(not (ids.keys() & parts.keys()), f"shard {k} repeats {sorted(ids.keys() & parts.keys())[:3]}")
        parts.update(ids)
        sizes.append(len(ids))
        cases += [(c.classname, c.name, junit_verdict(c)) for _, c in testcases(f"{tmp}/{k}.xml")]
    expect(parts == whole, f"the shards' JSON reports differ from the whole run: {set(whole) ^ set(parts)}")
    whole_cases = sorted((c.classname, c.name, junit_verdict(c)) for _, c in testcases(f"{tmp}/all.xml"))
    expect(sorted(cases) == whole_cases, "the shards' JUnit testcases differ from the whole run's")
    expect(max(sizes) - min(sizes) <= max(4, len(whole) // 10), f"uneven shards: {sizes}")
    # Deterministic: a second run of one shard selects the same scenarios.
    mockgate(*common, "--shard", "2/3", "--json", f"{tmp}/again.json")
    again = {s["id"] for s in json.load(open(f"{tmp}/again.json"))["scenarios"]}
    expect(again == {s["id"] for s in json.load(open(f"{tmp}/2.json"))["scenarios"]}, "shard 2/3 changed between runs")


with tempfile.TemporaryDirectory(prefix="mockgate-reports-") as tmp:
    {"junit": check_junit, "never-lie": check_never_lie, "shard": check_shard}[CHECK](tmp)
print(f"check_reports {CHECK}: {'ok' if FAILURES == 0 else f'{FAILURES} failed'}")
sys.exit(1 if FAILURES else 0)
