"""Production gunicorn settings, overridable from the environment.

gthread workers accept more connections than they run at once; with MAX_CONCURRENT_REQUESTS set
(default here: the thread count less one), the extra requests get a fast 503 instead of hanging.
Killing a worker loses only its in-flight requests: the master starts a new one.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
os.environ.setdefault("MAX_CONCURRENT_REQUESTS", str(max(threads - 1, 1)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
