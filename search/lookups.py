"""Small query helpers shared by the apps."""

from django.db import models


@models.IntegerField.register_lookup
class AnyOf(models.Lookup):
    """`id__any_of=[...]`: `id = ANY(%s)` with the whole list as one array parameter.

    `__in` spells out one placeholder per value, which costs real time in Django and in the
    driver once a nearby search hands over hundreds of ids.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(value) for value in self.rhs]
        return f"{lhs} = ANY(%s)", (*lhs_params, values)
