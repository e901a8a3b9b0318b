"""A test endpoint on 127.0.0.1 that records the exact bytes of every request it gets."""

import contextlib
import socket
import socketserver
import ssl
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Answer:
    """What the endpoint answers: status line, extra headers, body, and a delay."""

    status: int = 204
    reason: str = "No Content"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    delay: float = 0.0
    #: Hang up without answering at all.
    hang_up: bool = False


@dataclass
class Received:
    """One request as it arrived: the raw head and body bytes, parsed for convenience."""

    raw: bytes
    request_line: str
    headers: list[tuple[str, str]]
    body: bytes


class Endpoint:
    """A real TCP server answering HTTP/1.1 by hand, so that tests see the wire exactly."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.answer = Answer()
        self.received: list[Received] = []
        self.scheme = "https" if tls else "http"
        endpoint = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                connection = self.request
                if tls is not None:
                    try:
                        connection = tls.wrap_socket(connection, server_side=True)
                    except (ssl.SSLError, OSError):
                        return
                endpoint._handle(connection)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "/smartcontactnotification") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, connection: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                return
            data += chunk
            if data.startswith(b"\x16"):  # a TLS handshake to a plain HTTP server
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
                return
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
        length = int(dict((k.lower(), v) for k, v in headers).get("content-length", "0"))
        while len(body) < length:
            chunk = connection.recv(65536)
            if not chunk:
                break
            body += chunk
        self.received.append(Received(head + b"\r\n\r\n" + body, lines[0], headers, body))
        answer = self.answer
        if answer.hang_up:
            return
        if answer.delay:
            time.sleep(answer.delay)
        response = f"HTTP/1.1 {answer.status} {answer.reason}\r\n"
        extra = list(answer.headers)
        if answer.status != 204 or answer.body:
            extra.append(("Content-Length", str(len(answer.body))))
        response += "".join(f"{k}: {v}\r\n" for k, v in extra)
        response += "Connection: close\r\n\r\n"
        with contextlib.suppress(OSError):
            connection.sendall(response.encode("latin-1") + answer.body)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
