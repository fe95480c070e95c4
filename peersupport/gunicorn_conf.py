"""gunicorn settings: `gunicorn -c peersupport/gunicorn_conf.py peersupport.wsgi`."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2)))
# Load the app once before forking, so the embedded database starts (or is found) only once.
preload_app = True
accesslog = "-"
# The access log names the path but never the query string, the referrer or the client address:
# searched places travel in query strings (docs/safety.md, rule 5).
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# gunicorn's own error pages and error log quote the request line; these say nothing of it,
# and every log line loses query strings and client addresses.
logger_class = "peersupport.gunicorn_privacy.PrivateLogger"
worker_class = "peersupport.gunicorn_privacy.PrivateSyncWorker"
# Each instance on a machine would otherwise share ~/.gunicorn/gunicorn.ctl; we use none.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Read the finder's browsing index (groups.browsing) before the worker takes requests, so
    the first person to browse doesn't wait for it. Without the database it is read on the
    first browsing request instead."""
    from django.db import DatabaseError, connection

    from groups import browsing

    try:
        browsing.current()
    except DatabaseError:
        worker.log.warning("The finder's browsing index will be read on first use.")
    finally:
        connection.close()
