"""Adds up the fuzzer's requests (from every xdist worker) for the end of the run."""

FUZZ_TOTALS = {"requests": 0, "tests": 0}


def pytest_runtest_logreport(report) -> None:
    if report.when == "call":
        for name, value in report.user_properties:
            if name == "fuzz_requests":
                FUZZ_TOTALS["requests"] += value
                FUZZ_TOTALS["tests"] += 1


def pytest_terminal_summary(terminalreporter) -> None:
    if FUZZ_TOTALS["tests"]:
        terminalreporter.write_line(
            f"fuzz: {FUZZ_TOTALS['requests']} hostile requests over "
            f"{FUZZ_TOTALS['tests']} tests (every URL pattern's query strings and forms), none 5xx"
            if not terminalreporter.stats.get("failed")
            else f"fuzz: {FUZZ_TOTALS['requests']} hostile requests (see the failures above)"
        )
