"""A Redis cache that the site outlives (docs/safety.md, rule 10).

Everything we keep in the cache can be worked out again or done without: counts, crisis lines,
rate-limit histories. So when Redis cannot be reached, reads miss, writes are dropped and pages
are served from the database. `add` answers "not added": allauth takes a lock with it before
counting a sign-in attempt, so without the cache sign-ins, sign-ups and resets are refused (429)
rather than let through uncounted. `/healthz` asks `reachable()` and says the cache is degraded.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class ResilientRedisCache(RedisCache):
    def _absorb(self, operation: str, error: RedisError, answer=None):
        logger.warning(
            "Cache unreachable (%s on %s); carrying on without it.", type(error).__name__, operation
        )
        return answer

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return self._absorb("get", error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return self._absorb("get_many", error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            return self._absorb("has_key", error, False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return self._absorb("add", error, False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._absorb("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            return self._absorb("set_many", error, list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            return self._absorb("touch", error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return self._absorb("delete", error, False)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            self._absorb("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            return self._absorb("clear", error, False)

    def reachable(self) -> bool:
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False
