"""module for who may do what on ``kotm serve``: the tokens file, and the checks a request passes to read or write.

Reads are open, or need ``--read-token`` (or any write token); writes need a token from ``--tokens FILE``, whose
name goes into the history as the user. Without ``--tokens``, and with ``--read-only``, no write is accepted.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, field
from pathlib import Path

from kotm.errors import KotmError

NAME = re.compile(r"[^\s:]+")


class Refused(Exception):
    """A request that may not do what it asks: ``status`` 401 (no or a wrong token) or 403 (no writes here)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def read_tokens(path: str | Path) -> dict[str, str]:
    """The write tokens of a file of ``NAME:TOKEN`` lines (blank lines and ``#`` comments aside), by token.

    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False); _ = f.write("mina:s3cret-1\\n# a comment\\n")
    >>> f.close(); read_tokens(f.name)
    {'s3cret-1': 'mina'}
    >>> os.unlink(f.name)
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise KotmError(f"cannot read the tokens file {path}: {getattr(e, 'strerror', None) or e}") from None
    tokens: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, colon, token = (part.strip() for part in line.partition(":"))
        if not colon or not NAME.fullmatch(name) or len(token) < 8 or any(c.isspace() for c in token):
            raise KotmError(f"{path}:{n}: expected NAME:TOKEN (a name without spaces, a token of 8 characters or more)")
        if token in tokens:
            raise KotmError(f"{path}:{n}: this token is also {tokens[token]}'s; give each person their own")
        tokens[token] = name
    return tokens


@dataclass(frozen=True)
class Access:
    """The server's rules: write tokens (token → name), an optional read token, and whether writes are refused."""

    tokens: dict[str, str] = field(default_factory=dict)
    read_token: str | None = None
    read_only: bool = False

    def _name(self, token: str | None) -> str | None:
        if not token:
            return None
        for known, name in self.tokens.items():  # compare_digest: no timing hint of how much of a token was right
            if hmac.compare_digest(known.encode(), token.encode()):
                return name
        return None

    def can_read(self, token: str | None) -> bool:
        if self.read_token is None:
            return True
        if token and hmac.compare_digest(self.read_token.encode(), token.encode()):
            return True
        return self._name(token) is not None

    def writer(self, token: str | None) -> str:
        """The name of the person whose token this is, for the history; Refused if they may not write."""
        if self.read_only:
            raise Refused(403, "this server is read-only (kotm serve --read-only): nothing can be changed here")
        if not self.tokens:
            raise Refused(403, "this server takes no writes: it was started without --tokens")
        if not token:
            raise Refused(401, "a change needs a token: send Authorization: Bearer TOKEN")
        name = self._name(token)
        if name is None:
            raise Refused(401, "this token is not one of the server's (--tokens)")
        return name

    @property
    def writable(self) -> bool:
        return bool(self.tokens) and not self.read_only


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None
