"""gunicorn settings read from the working directory (``make run``, the image, the benches).

Request sizes: the app answers requests too long to read in the API's error format
(services_api/http_limits.py: a request target past 4,096 bytes is 414, a header field past
8,190 bytes or more than 100 fields 431); gunicorn's own limits sit above those so that such
requests reach it. Past these, gunicorn answers itself (414/431/400 in plain HTML).

Metrics: each worker writes its Prometheus metrics to files in PROMETHEUS_MULTIPROC_DIR, and a
scrape of /metrics reaching any worker reports all of them. The variable is set here, in the
master before any worker imports the app (or prometheus-client): the operator's folder, or else
a private one in the temporary folder. It is created here, emptied of an earlier run's files
when the master starts (they must not be added in) and, when private, removed when the master
stops.
"""

import glob
import os
import shutil
import tempfile

limit_request_line = 8190  # gunicorn's maximum
limit_request_field_size = 16380
limit_request_fields = 200

# prometheus-client picks its way of keeping values when first imported: not before this line.
_PRIVATE_FOLDER = os.path.join(tempfile.gettempdir(), f"services-api-metrics-{os.getpid()}")
METRICS_FOLDER = os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", _PRIVATE_FOLDER)
os.makedirs(METRICS_FOLDER, exist_ok=True)


def on_starting(server):
    for stale in glob.glob(os.path.join(METRICS_FOLDER, "*.db")):
        os.remove(stale)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if METRICS_FOLDER == _PRIVATE_FOLDER:
        shutil.rmtree(METRICS_FOLDER, ignore_errors=True)
