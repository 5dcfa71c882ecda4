"""An HTTP proxy in a thread that answers some requests late: the request reaches the server at
once, its answer is held back for ``delay`` seconds (a cluster that did the work but is slow to
say so). Requests are matched by "METHOD /path" glob patterns."""

import fnmatch
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class SlowProxy:
    def __init__(self, upstream: str, delay: float, patterns: list[str]) -> None:
        self.upstream = urlsplit(upstream)
        self.delay = delay
        self.patterns = list(patterns)
        self.delayed: list[str] = []
        self.stop_event = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "SlowProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop_event.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                upstream = http.client.HTTPConnection(
                    proxy.upstream.hostname, proxy.upstream.port, timeout=60
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                payload = answer.read()
                upstream.close()
                request = f"{self.command} {urlsplit(self.path).path}"
                if any(fnmatch.fnmatch(request, p) for p in proxy.patterns):
                    proxy.delayed.append(request)
                    if proxy.stop_event.wait(proxy.delay):
                        return
                try:
                    self._answer(answer, payload)
                except OSError:  # the client gave up waiting
                    pass

            def _answer(self, answer, payload: bytes) -> None:
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        return Handler
