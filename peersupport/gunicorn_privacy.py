"""gunicorn's own answers and log lines, kept free of what people searched for
(docs/safety.md, rule 5).

gunicorn answers a request it cannot parse itself, before Django sees it, and both its error
page and its error log quote the request line, query string and all. These classes make it
answer with the status alone, and make every line either log writes lose its query strings
and client addresses. `gunicorn_conf.py` names them.
"""

import logging
import re
from ssl import SSLError

from gunicorn import glogging, util
from gunicorn.http import errors
from gunicorn.workers.sync import SyncWorker

from peersupport.privacy import StripQueryStrings, strip_query_strings

ADDRESS = re.compile(r"\bip=\S*")

# Requests gunicorn refuses, by what was wrong: (status, reason). The first match counts.
REFUSALS = [
    ((errors.InvalidResponseHeader, errors.InvalidResponseHeaderName), None),  # our fault: 500
    (errors.ConfigurationProblem, None),
    (errors.LimitRequestLine, (414, "URI Too Long")),
    (errors.LimitRequestHeaders, (431, "Request Header Fields Too Large")),
    (errors.UnsupportedTransferCoding, (501, "Not Implemented")),
    (errors.ExpectationFailed, (417, "Expectation Failed")),
    ((errors.ForbiddenProxyRequest, SSLError), (403, "Forbidden")),
    (errors.ParseException, (400, "Bad Request")),
]


def refusal(exc: BaseException) -> tuple[int, str] | None:
    """The answer to a request gunicorn could not parse; None when the fault is not the
    client's."""
    for kinds, answer in REFUSALS:
        if isinstance(exc, kinds):
            return answer
    return None


class PrivateLines(StripQueryStrings):
    """The whole line, once formatted, without query strings or client addresses (the
    access log formats its line from a mapping the query-string filter alone would miss)."""

    def filter(self, record: logging.LogRecord) -> bool:
        super().filter(record)
        record.msg = ADDRESS.sub("ip=-", strip_query_strings(record.getMessage()))
        record.args = ()
        return True


PRIVATE_LINES = PrivateLines()


class PrivateLogger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(PRIVATE_LINES)


class PrivateSyncWorker(SyncWorker):
    def handle_error(self, req, client, addr, exc) -> None:
        answer = refusal(exc)
        if answer is None:
            super().handle_error(req, client, addr, exc)
            return
        status, reason = answer
        self.log.warning("Refused a request gunicorn could not read (%s)", type(exc).__name__)
        try:
            util.write_error(client, status, reason, "")
        except Exception:
            self.log.debug("Failed to send error message.")
