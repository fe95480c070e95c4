"""The documents say what is true: every test docs/safety.md names exists."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_test_the_safety_rules_name_exists():
    text = (ROOT / "docs" / "safety.md").read_text()
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", text)
    assert len(named) > 20
    for path, test in named:
        module = ROOT / path
        assert module.exists(), path
        if test:
            functions = {
                node.name
                for node in ast.walk(ast.parse(module.read_text()))
                if isinstance(node, ast.FunctionDef)
            }
            assert test in functions, f"{path}::{test}"


def test_every_rule_names_the_tests_that_hold_it():
    text = (ROOT / "docs" / "safety.md").read_text()
    rules = re.split(r"^## \d+\. ", text, flags=re.M)[1:]
    assert len(rules) == 10
    for rule in rules:
        assert "**Held by.**" in rule and "tests/" in rule.split("**Held by.**")[1]
