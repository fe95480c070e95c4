"""SQL of our own inside ORM queries."""

from collections.abc import Mapping, Sequence

from django.db.models import Expression, F, Field


class RowSql(Expression):
    """Constant SQL about each row, with `{name}` wherever the row's column `columns[name]` goes.

    The columns are named through the ORM, so the SQL stays right wherever the query puts the
    table: inside a subquery or a join it has another name (`U0`), which a table name written
    into the SQL would miss. Values travel in `params`, in the order their `%s` appear; braces
    in `template` are placeholders only.
    """

    def __init__(
        self,
        template: str,
        params: Sequence = (),
        *,
        columns: Mapping[str, str],
        output_field: Field,
    ) -> None:
        super().__init__(output_field=output_field)
        self.template = template
        self.params = tuple(params)
        self.names = list(columns)
        self.columns = [F(field) for field in columns.values()]

    def get_source_expressions(self) -> list:
        return self.columns

    def set_source_expressions(self, expressions: list) -> None:
        self.columns = list(expressions)

    def as_sql(self, compiler, connection) -> tuple[str, tuple]:
        names = {}
        for name, column in zip(self.names, self.columns, strict=True):
            sql, params = compiler.compile(column)
            if params:
                raise ValueError(f"{name} must be a plain column")
            names[name] = sql
        return self.template.format(**names), self.params
