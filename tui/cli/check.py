"""``smarthook check``: send the battery of notifications and say which the endpoint accepts.

One line per case as it finishes, ``N passed, M failed`` last; ``--json`` for one object,
``--junit FILE`` for CI pipelines. The battery and its runner are core's (``core/check.py``).
"""

from __future__ import annotations

import argparse
from typing import IO, TYPE_CHECKING

from ...core.describe import duration, status_line
from ...core.presenter import without_credentials
from ...core.problems import error, option
from ...core.safe_text import from_bytes, safe_line, safe_text
from . import output

if TYPE_CHECKING:
    from ...core.check import CaseResult, Prepared
    from ...core.preset import Preset

DESCRIPTION = (
    "Send a battery of notifications (sample, no-parties, one-party, many-parties, escaping, "
    "unicode, long-values, plus-number, repeat), each exactly as `send` would, and say which "
    "the endpoint accepts. Exit 0 all passed, 1 one answered with another status, "
    "3 none answered, 2 bad input."
)
#: How much of a failed case's response body goes into the JUnit report.
JUNIT_BODY = 2000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``check`` besides PRESET, DATA and the wire options."""
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    parser.add_argument("--junit", metavar="FILE", help="write a JUnit XML report to FILE")


def run_check(args: argparse.Namespace, preset: Preset) -> int:
    """Check the endpoint for the preset (DATA and --url already applied); the exit status."""
    import asyncio

    from ...core import check

    if args.timeout is not None:
        preset = preset._replace(timeout=args.timeout)
    prepared = check.prepare(preset)
    for problem in prepared[0].draft.warnings:
        output.say(str(problem))
    report = _open_report(args.junit) if args.junit else None
    if not args.json:
        output.out(
            f"Checking {without_credentials(preset.url)} ({safe_line(preset.content_type)}): "
            f"{len(prepared)} cases"
        )
    results = asyncio.run(_run(prepared, preset.timeout, args))
    status = check.exit_status(results)
    if args.json:
        import json

        output.out(json.dumps(_json(preset, results, status), ensure_ascii=False))
    else:
        output.out(check.tally(results))
    if report is not None:
        with report:
            report.write(junit(preset, results))
    return status


async def _run(
    prepared: tuple[Prepared, ...], timeout: float, args: argparse.Namespace
) -> list[CaseResult]:
    from ...core import check

    results = []
    async for result in check.run(prepared, timeout, args.insecure):
        results.append(result)
        if not args.json:
            output.out(case_line(result))
            for warning in result.warnings():
                output.out(f"    warning: {safe_line(warning)}")
    return results


def case_line(result: CaseResult) -> str:
    """``✔ sample        204    1.2 ms`` or ``✘ many-parties  413    3.4 ms  ignored: …``."""
    mark = "✔" if result.passed else "✘"
    status = "---" if result.status is None else str(result.status)
    line = f"{mark} {result.case.name:<12}  {status:>3}  {duration(result.elapsed):>9}"
    return line if result.passed else f"{line}  {result.why}"


def _open_report(path: str) -> IO[str]:
    """The report file, opened before anything is sent, so that a bad path costs no traffic."""
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise error(option("junit"), f"cannot write {path}: {exc.strerror}") from None


def _json(preset: Preset, results: list[CaseResult], status: int) -> dict[str, object]:

    passed = sum(result.passed for result in results)
    return {
        "url": without_credentials(preset.url),
        "content_type": preset.content_type,
        "passed": passed,
        "failed": len(results) - passed,
        "exit_status": status,
        "cases": [result.to_json() for result in results],
    }


def junit(preset: Preset, results: list[CaseResult]) -> str:
    """A JUnit XML report: one ``testcase`` per case, a ``failure`` for each that did not pass."""
    import xml.etree.ElementTree as ET

    failures = sum(not result.passed for result in results)
    total = f"{sum(result.elapsed for result in results):.6f}"
    suites = ET.Element(
        "testsuites", name="smarthook check", tests=str(len(results)), failures=str(failures)
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=_xml_safe(
            f"smarthook check {without_credentials(preset.url)} ({preset.content_type})"
        ),
        tests=str(len(results)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time=total,
    )
    suites.set("time", total)
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname="smarthook.check",
            name=result.case.name,
            time=f"{result.elapsed:.6f}",
        )
        if not result.passed:
            failure = ET.SubElement(case, "failure", message=result.why, type=result.verdict)
            failure.text = _xml_safe(_failure_text(result))
        ET.SubElement(case, "system-out").text = _xml_safe(
            f"{result.case.description}; {len(result.outcomes)} request(s), "
            f"{len(result.draft.request.body) if result.draft.request else 0} bytes each"
        )
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _failure_text(result: CaseResult) -> str:
    outcome = result.outcome
    lines = [outcome.verdict.summary, status_line(outcome)]
    lines += [f"{name}: {value}" for name, value in outcome.headers]
    if outcome.body:
        lines += ["", from_bytes(outcome.body[:JUNIT_BODY])]
    return "\n".join(lines)


def _xml_safe(text: str) -> str:
    """Outside text made safe to show, minus the two characters XML cannot carry either."""
    return safe_text(text).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
