"""PostgreSQL earthdistance functions as Django expressions.

Points are `earth_at(latitude, longitude)`; GiST indexes on that expression answer both
"within this box" (`@>`) and "nearest first" (`<->`) without scanning every row.
"""

from django.db import models

METERS_PER_MILE = 1609.344
# earthdistance's earth(): the same sphere as the index's boxes, so both agree on the edges.
EARTH_RADIUS_METERS = 6378168.0


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


class GreatCircleMeters(models.Func):
    """Meters over the earth's surface from a fixed point to a row's public point.

    Haversine arithmetic on earthdistance's sphere: cheap enough to work out for each place the
    box lets through, where building an earth point per row is not.
    """

    output_field = models.FloatField()

    def __init__(self, latitude: float, longitude: float, prefix: str = "") -> None:
        super().__init__(
            models.F(f"{prefix}public_latitude"), models.F(f"{prefix}public_longitude")
        )
        self.point = (float(latitude), float(longitude))

    def as_sql(self, compiler, connection, **extra):
        row_latitude, row_longitude = self.get_source_expressions()
        lat, lat_params = compiler.compile(row_latitude)
        lon, lon_params = compiler.compile(row_longitude)
        latitude, longitude = self.point
        sql = (
            "(2 * %s::float8 * asin(least(1, sqrt("
            f"power(sin(radians({lat} - %s::float8) / 2), 2)"
            f" + cos(radians(%s::float8)) * cos(radians({lat}))"
            f" * power(sin(radians({lon} - %s::float8) / 2), 2)))))"
        )
        params = (EARTH_RADIUS_METERS, *lat_params, latitude, latitude, *lat_params)
        return sql, (*params, *lon_params, longitude)


def public_earth(prefix: str = "") -> Earth:
    """The earth point a meeting place may be found by: the area point unless it is public."""
    return Earth(models.F(f"{prefix}public_latitude"), models.F(f"{prefix}public_longitude"))
