"""Secrets in URLs hidden for showing: SPEC §11 (presenter mode), and credentials never printed.

A URL's ``user:password@`` is never sent (Cloud Softphone sends no Authorization header) and
never printed; in presenter mode, the values of query parameters whose name looks secret are
hidden too. What is sent is unchanged: these functions only make text to show.
"""

import re
from urllib.parse import urlsplit

#: What a hidden value is shown as.
HIDDEN = "•••"
#: Parts of a query parameter's name that make its value a secret (any case).
SECRET_WORDS = ("token", "secret", "key", "pass", "sig", "auth")

_SECRET_NAME = "|".join(SECRET_WORDS)
# A query parameter whose name holds a secret word, in a URL, a request target or a wire.
_SECRET_PARAMETER = re.compile(
    rf"(?i)([?&;][^=&;#\s?]*(?:{_SECRET_NAME})[^=&;#\s?]*=)([^&;#\s\"'<>]*)"
)
# user[:password]@ after a scheme.
_CREDENTIALS = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)([^/?#\s@]*)@")


def without_credentials(url: str) -> str:
    """The URL without ``user:password@`` (never sent, never printed)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _hide_credentials(found: re.Match[str]) -> str:
    user, colon, _ = found.group(2).partition(":")
    hidden = HIDDEN + (":" + HIDDEN if colon else "") if user or colon else ""
    return f"{found.group(1)}{hidden}@"


def hide_secrets(text: str) -> str:
    """``text`` (a URL, a request target, a log line, a whole request) with secrets as •••."""
    if "@" in text:
        text = _CREDENTIALS.sub(_hide_credentials, text)
    if "=" in text:
        text = _SECRET_PARAMETER.sub(lambda found: found.group(1) + HIDDEN, text)
    return text


def shown(text: str, presenting: bool) -> str:
    """What to show of ``text``: secrets hidden in presenter mode, credentials never shown."""
    if presenting:
        return hide_secrets(text)
    if "@" in text:
        return _CREDENTIALS.sub(lambda found: found.group(1), text)
    return text
