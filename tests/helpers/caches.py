"""A local HTTP server standing in for a shared cache's purge address (a Varnish, Akamai's
Fast Purge API): it keeps each request it gets and answers with a set status, or not at
all."""

import http.server
import threading
from types import SimpleNamespace


class PurgeServer:
    """Serving in a thread of its own on a free port of 127.0.0.1, as a context manager.
    `status` is the answer to every request; with `hang`, it never answers."""

    def __init__(self, status=200, hang=False):
        self.requests = []
        self.status = status
        self.release = threading.Event()
        if not hang:
            self.release.set()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def keep_and_answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                server.requests.append(
                    SimpleNamespace(
                        method=self.command,
                        path=self.path,
                        headers=self.headers,
                        body=self.rfile.read(length),
                    )
                )
                server.release.wait()
                self.send_response(server.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_POST = keep_and_answer

            def log_message(self, format, *args):
                pass  # quiet test output

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
