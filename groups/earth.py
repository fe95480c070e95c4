"""PostgreSQL earthdistance functions as Django expressions.

Points are `earth_at(latitude, longitude)`; GiST indexes on that expression answer both
"within this box" (`@>`) and "nearest first" (`<->`) without scanning every row.
"""

from django.db import models


class Earth(models.Func):
    """A point on the earth's surface: `earth_at`, our wrapper of earthdistance's `ll_to_earth`.

    The indexes are built on `earth_at(...)`, which names the extension's schema itself, so
    pg_restore can rebuild them with its empty search path (ll_to_earth alone fails there
    on older earthdistance versions; migration groups 0008).
    """

    function = "earth_at"
    output_field = models.Field()


class LlToEarth(models.Func):
    """earthdistance's own `ll_to_earth`, as the indexes of migration groups 0003 used it."""

    function = "ll_to_earth"
    output_field = models.Field()


def earth_point(latitude: float, longitude: float) -> Earth:
    return Earth(models.Value(float(latitude)), models.Value(float(longitude)))


class EarthDistance(models.Func):
    """Great-circle distance in meters between two earth points."""

    function = "earth_distance"
    output_field = models.FloatField()


class EarthCloseness(models.Func):
    """Order-by-nearest that a GiST index on `ll_to_earth(...)` can answer (KNN)."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = models.FloatField()


class WithinEarthBox(models.Func):
    """True when a point lies in the box around `centre`: the index-friendly radius pre-filter."""

    output_field = models.BooleanField()

    def __init__(self, centre: Earth, meters: float, point: Earth) -> None:
        super().__init__(centre, models.Value(float(meters)), point)

    def as_sql(self, compiler, connection, **extra):
        centre, meters, point = self.get_source_expressions()
        centre_sql, centre_params = compiler.compile(centre)
        meters_sql, meters_params = compiler.compile(meters)
        point_sql, point_params = compiler.compile(point)
        sql = f"earth_box({centre_sql}, {meters_sql}) @> {point_sql}"
        return sql, (*centre_params, *meters_params, *point_params)


def public_earth(prefix: str = "") -> Earth:
    """The earth point a meeting place may be found by: the area point unless it is public."""
    return Earth(models.F(f"{prefix}public_latitude"), models.F(f"{prefix}public_longitude"))
