"""Run axe-core (shipped inside axe-playwright-python, so nothing is downloaded) on a page."""

from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def axe_violations(page) -> list[dict]:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return "\n".join(lines)


def landmark_violations(page) -> list[dict]:
    """axe's "region" rule (a best practice, outside the WCAG tags): all content sits in a
    landmark, so people moving by landmarks reach everything, the exit link included."""
    results = _axe.run(page, options={"runOnly": {"type": "rule", "values": ["region"]}})
    return results.response["violations"]
