"""Reading a curator's CSV file and importing it, all or nothing (docs/import.md): a dry run
says what each line would create or change and every error with its line number; applying
writes every row or, at the first problem, none. Exports write the same columns, with cells
that a spreadsheet would run as formulas made harmless."""

import csv
import io
from dataclasses import dataclass, field

import pghistory
import tablib
from django.db import transaction
from import_export.results import RowResult

from curation.tables import TABLES, Table, export_rows

# A cell starting with one of these is a formula to a spreadsheet; exports put ' before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 20_000


class FileProblem(Exception):
    """A file that cannot be imported at all, with what to tell the curator."""


@dataclass
class LineResult:
    line: int
    action: str  # new, update, skip, error
    key: str
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    table: str
    applied: bool
    lines: list[LineResult]

    @property
    def errors(self) -> list[LineResult]:
        return [line for line in self.lines if line.errors]

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def summary(self) -> str:
        if self.errors:
            return f"{len(self.errors)} line(s) with errors: nothing was imported."
        verb = "" if self.applied else "would be "
        return (
            f"{self.count('new')} {verb}created, {self.count('update')} {verb}changed, "
            f"{self.count('skip')} unchanged."
        )


@dataclass
class Rows:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # the line each row starts on


def read_csv(raw: bytes) -> Rows:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FileProblem(
            f"Line {line} is not UTF-8 text. Save the file as “CSV UTF-8” and import it again."
        ) from None
    if "\x00" in text:
        raise FileProblem("This is not a CSV text file (it holds NUL characters).")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise FileProblem("The file is empty: its first line should name the columns.")
        rows, lines, start = [], [], reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) > len(header):
                    raise FileProblem(f"Line {start} has more cells than the first line names.")
                rows.append([unescape(cell) for cell in row] + [""] * (len(header) - len(row)))
                lines.append(start)
                if len(rows) > MAX_ROWS:
                    raise FileProblem(f"A file may hold at most {MAX_ROWS} rows; split it up.")
            start = reader.line_num + 1
    except csv.Error as error:
        raise FileProblem(f"Line {reader.line_num} cannot be read as CSV ({error}).") from None
    return Rows([name.strip().lower().replace(" ", "_") for name in header], rows, lines)


def unescape(cell: str) -> str:
    """An exported cell with a ' before a formula character is read as it was stored."""
    if cell.startswith("'") and cell[1:2] in FORMULA_STARTS and cell[1:2]:
        return cell[1:]
    return cell


def escape(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_for(header: list[str], name: str | None = None) -> type[Table]:
    if name:
        if name not in TABLES:
            raise FileProblem(f"There is no table “{name}”: use one of {', '.join(TABLES)}.")
        return TABLES[name]
    fitting = [table for table in TABLES.values() if set(table.required) <= set(header)]
    if fitting:
        # The table that takes every column, and of those the one that asks the most.
        whole = [table for table in fitting if set(header) <= columns_of(table)] or fitting
        return max(whole, key=lambda table: len(table.required))
    # The table the file looks most like: the most of its columns known, then the fewest missing.
    closest = max(
        TABLES.values(),
        key=lambda t: (len(set(header) & columns_of(t)), -len(set(t.required) - set(header))),
    )
    missing = [column for column in closest.required if column not in header]
    raise FileProblem(
        f"Some columns are missing for {closest.name}: {', '.join(missing)}. "
        "docs/import.md lists each table's columns."
    )


def columns_of(table: type[Table]) -> set[str]:
    return {f.column_name for f in table().get_import_fields()}


def check_columns(table: type[Table], rows: Rows) -> None:
    known = columns_of(table)
    unknown = [column for column in rows.header if column not in known]
    if unknown:
        raise FileProblem(
            f"Unknown column(s) for {table.name}: {', '.join(unknown)}. "
            "docs/import.md lists the columns each table takes."
        )
    repeated = sorted({c for c in rows.header if rows.header.count(c) > 1})
    if repeated:
        raise FileProblem(f"These columns appear twice: {', '.join(repeated)}.")


def key_columns(table: type[Table]) -> list[str]:
    """The columns whose values find a row's stored counterpart."""
    fields = table().fields
    return [fields[name].column_name for name in table._meta.import_id_fields]


def duplicates(table: type[Table], rows: Rows) -> list[LineResult]:
    """Lines that repeat an earlier line's key: the file must say each thing once."""
    keys = key_columns(table)
    positions = [rows.header.index(key) for key in keys]
    seen: dict[tuple, int] = {}
    found = []
    for row, line in zip(rows.rows, rows.lines, strict=True):
        key = tuple(row[p].strip().lower() for p in positions)
        if key in seen:
            found.append(
                LineResult(line, "error", " ".join(key), errors=[f"The same as line {seen[key]}."])
            )
        else:
            seen[key] = line
    return found


def import_csv(
    raw: bytes, *, table: str | None = None, apply: bool = False, by: str = ""
) -> ImportReport:
    """Check a file (and, when `apply` and nothing is wrong, import it in one transaction)."""
    rows = read_csv(raw)
    chosen = table_for(rows.header, table)
    check_columns(chosen, rows)
    if repeated := duplicates(chosen, rows):
        return ImportReport(chosen.name, False, repeated)
    dataset = tablib.Dataset(*rows.rows, headers=rows.header)
    dry = run(chosen, dataset, rows, dry_run=True)
    if dry.errors or not apply:
        return dry
    with transaction.atomic(), pghistory.context(command=f"import {chosen.name}", user=by or None):
        applied = run(chosen, dataset, rows, dry_run=False)
        if applied.errors:  # the database refused something the dry run allowed
            transaction.set_rollback(True)
            applied.applied = False
    return applied


def run(table: type[Table], dataset, rows: Rows, *, dry_run: bool) -> ImportReport:
    result = table().import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )
    lines = []
    keys = key_columns(table)
    for number, row_result in enumerate(result.rows, start=1):
        line = rows.lines[number - 1]
        values = dict(zip(rows.header, rows.rows[number - 1], strict=True))
        key = " ".join(values.get(column, "") for column in keys)
        outcome = LineResult(line, row_result.import_type, key)
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            outcome.action = "error"
            outcome.errors = invalid(row_result.validation_error)
        elif row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            outcome.action = "error"
            outcome.errors = [str(error.error) for error in row_result.errors]
        elif row_result.import_type == RowResult.IMPORT_TYPE_UPDATE and row_result.instance:
            outcome.changes = getattr(row_result.instance, "_import_changes", [])
        lines.append(outcome)
    for number, errors in result.row_errors():  # rows whose errors left no row result
        if not any(line.line == rows.lines[number - 1] for line in lines):
            lines.append(
                LineResult(rows.lines[number - 1], "error", "", [str(e.error) for e in errors])
            )
    return ImportReport(table.name, not dry_run, sorted(lines, key=lambda line: line.line))


def invalid(error) -> list[str]:
    if hasattr(error, "message_dict"):
        return [
            f"{column}: {' '.join(messages)}" if column != "__all__" else " ".join(messages)
            for column, messages in error.message_dict.items()
        ]
    return list(getattr(error, "messages", [str(error)]))


def export_csv(name: str) -> str:
    """The table as CSV, with the columns an import takes; formulas made harmless."""
    table = TABLES[name]
    dataset = table().export(export_rows(table))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([escape(value) for value in row])
    return out.getvalue()
