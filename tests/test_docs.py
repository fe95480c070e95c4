"""The documents say what is true: every test docs/safety.md names exists."""

import ast
import re
from pathlib import Path

import pytest
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


@pytest.mark.django_db
def test_the_import_guide_names_every_column_and_every_code_of_every_table():
    from curation.tables import TABLES
    from groups.models import Category

    text = (ROOT / "docs" / "import.md").read_text()
    for name, table in TABLES.items():
        section = text.split(f"\n## {name}\n")[1].split("\n## ")[0]
        for f in table().get_import_fields():
            assert f"`{f.column_name}`" in section, f"{name}.{f.column_name}"
            model_field = table._meta.model._meta.get_field(f.attribute)
            choices = getattr(model_field, "base_field", model_field).choices or []
            for value, _ in choices:
                if not isinstance(value, str):  # days are written as names
                    continue
                assert f"`{value}`" in text, f"{name}.{f.column_name}: {value}"
        for column in table.required:
            assert f"`{column}` | **required.**" in section or f"`{column}`, " in section, column
    for slug in Category.objects.values_list("slug", flat=True):
        assert f"`{slug}`" in text
