"""Where the local receiver listens: its default address, binding a port (a taken one is a
plain :class:`InputError`), and finding a free one.

Apart from the server itself (:mod:`.receiver_server`, uvicorn), so that the UI can show and
check a port without loading uvicorn before a receiver starts.
"""

import errno
import socket

from .problems import InputError, error, option

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8204


def check_port(port: int) -> None:
    if not 0 <= port <= 65535:
        raise error(option("port"), f"must be from 0 to 65535, not {port}")


def bind(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A listening socket, or an :class:`InputError` that says plainly why not (port taken…)."""
    check_port(port)
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise error(option("host"), f"cannot listen on {host}: {exc.strerror}") from None
    listener = socket.socket(family, kind, protocol)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(1024)
        listener.setblocking(False)
    except OSError as exc:
        listener.close()
        raise _bind_error(host, port, exc) from None
    return listener


def _bind_error(host: str, port: int, exc: OSError) -> InputError:
    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return error(option("port"), f"port {port} is taken: something already listens on {shown}")
    if exc.errno == errno.EACCES:
        return error(
            option("port"), f"not allowed to listen on {shown} (ports below 1024 need rights)"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return error(option("host"), f"{host} is not an address of this machine")
    return error(option("port"), f"cannot listen on {shown}: {exc.strerror}")


def suggest_port(host: str = DEFAULT_HOST, near: int = DEFAULT_PORT) -> int:
    """A port that is free right now: the next few after ``near`` first, else any."""
    for port in [*range(near + 1, min(near + 20, 65536)), 0]:
        try:
            with socket.socket() as probe:
                probe.bind((host, port))
                return int(probe.getsockname()[1])
        except OSError:
            continue
    return 0
