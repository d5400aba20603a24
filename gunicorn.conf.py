"""gunicorn settings, read from the environment (docs/deploying.md)."""

import gc
import os

from gunicorn.http import wsgi

from peaceops.settings import LOGGING

wsgi_app = "peaceops.wsgi"
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# The default page cache is per process: more than one worker needs a shared CACHE_URL,
# or a change would reach the other workers only after PAGE_CACHE_SECONDS. With one, a
# worker per CPU, each with its threads: more only queue behind each other (the bench's
# p99 was 4 to 8 times its p50 with 5 workers on 2 CPUs, 3 to 4 times with 2).
workers = int(
    os.environ.get("WEB_CONCURRENCY", os.cpu_count() if os.environ.get("CACHE_URL") else 1)
)
# Requests beyond the threads wait their turn in order, while the threads share the GIL in
# no set order, some waiting for several turns: with 4 a worker, the bench's p99 was 3.4
# to 5.3 times its p50; with 3, 2.4 to 4.1, for 2% less throughput. One thread busy with
# a render or a slow client still leaves the others.
threads = int(os.environ.get("GUNICORN_THREADS", 3))
# Each worker listens on its own socket and the kernel spreads new connections over them.
# On one shared socket, whichever worker woke first took most of them: with few workers,
# one could hold 12 of 16 keep-alive connections (a CPU's work) while the other idled.
reuse_port = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = timeout
# The application (and its URL configuration, see peaceops/wsgi.py) is loaded once, before
# the workers are forked: a new or replaced worker answers at once, and they share its memory.
preload_app = True
# The proxy that ends TLS; its X-Forwarded-* headers are trusted from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Each worker touches a file at every turn of its loop, as a heartbeat: on a disk that can
# block it for as long as the journal takes (gunicorn's FAQ), so the file is kept in memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The runtime control socket is not used, and the container's user has no home for it.
control_socket_disable = True

# JSON lines on stdout, with the site's own formatter and handler (settings.LOGGING).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
logconfig_dict = {
    "version": 1,
    "formatters": LOGGING["formatters"],
    "handlers": LOGGING["handlers"],
    "root": {"level": "INFO", "handlers": ["stdout"]},
    # Not passed on to the root logger, which Django also writes to: each line once.
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}


def pre_fork(server, worker):
    """What the application loaded before the fork is never garbage: collections in the
    worker no longer walk it. A full collection of it took 60 ms quiet and up to 350 under
    load, holding every request in the worker (the bench's p99 spikes, static files too);
    nor do they touch its memory pages, which stay shared."""
    gc.freeze()


class Response(wsgi.Response):
    """gunicorn's response without its `Server: gunicorn` header, which only tells an
    attacker what to try (gunicorn has no setting for it)."""

    def default_headers(self):
        return [line for line in super().default_headers() if not line.startswith("Server:")]


wsgi.Response = Response
