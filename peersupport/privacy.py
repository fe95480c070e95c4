"""Keep searched places out of logs and error reports (docs/safety.md, rule 5).

A searched place travels only in query strings and form fields, so log lines lose their query
strings, tracebacks lose their exception messages, and error reports lose request data and
(outside DEBUG) the values of local variables.
"""

import logging
import re
import traceback

from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.views.debug import ExceptionReporter

QUERY_STRING = re.compile(r"\?[^\s\"']*")


def strip_query_strings(text: str) -> str:
    return QUERY_STRING.sub("", text)


class StripQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = strip_query_strings(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                strip_query_strings(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _, tb = record.exc_info
            record.exc_text = "".join(traceback.format_tb(tb)) + exc_type.__name__
            record.exc_info = None
        return True


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self) -> dict:
        if self.request is not None:
            try:
                self.request.POST  # noqa: B018 - read once, here, where failing is allowed
            except (BadRequest, SuspiciousOperation):
                # A body Django cannot decode (another charset, say) would raise again while
                # the report reads the form; reports never show form fields anyway.
                self.request._post, self.request._files = QueryDict(), MultiValueDict()
        data = super().get_traceback_data()
        data["request_meta"] = {}
        data["request_COOKIES_items"] = []
        data["filtered_POST_items"] = []
        data["request_GET_items"] = []
        data["request_FILES_items"] = []
        if self.request is not None:
            data["request_insecure_uri"] = strip_query_strings(data["request_insecure_uri"])
        if not settings.DEBUG:
            data.pop("exception_value", None)
            for frame in data["frames"]:
                frame["vars"] = []
        return data
