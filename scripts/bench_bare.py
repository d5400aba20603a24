"""`make bench` (scripts/bench.py): the bare WSGI app, the ceiling of the Django path.

It answers every request with the bytes and headers of one page, as the site sent them
(saved by scripts/bench_scale.py in the JSON file BENCH_BARE_PAGE names), with no Django.
Run by the same gunicorn, with the same configuration (gunicorn.conf.py), as the site:

    python -m gunicorn bench_bare:application --chdir scripts
"""

import json
import os


def load(path):
    with open(path) as file:
        page = json.load(file)
    body = page["body"].encode("latin-1")
    return page["status"], [(name, value) for name, value in page["headers"]], [body]


STATUS, HEADERS, BODY = load(os.environ["BENCH_BARE_PAGE"])


def application(environ, start_response):
    start_response(STATUS, HEADERS)
    return BODY
