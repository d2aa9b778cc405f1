"""Read article JSONL files line by line, naming the line of anything wrong.

Shared by ``gainsay produce``, ``extract``, ``detect`` and ``backtest`` so every
command reports a bad file the same way: ``file:line: code: detail``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from streams.errors import BadInput
from streams.records import Article
from streams.validation import decode_article


@dataclass(frozen=True)
class BadLine(Exception):
    """A line of an input file that is not a valid article event."""

    source: str
    line: int
    code: str
    detail: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.code}: {self.detail}"


def open_input(path: str | Path) -> IO[bytes]:
    """``-`` means standard input; files are read as bytes so bad UTF-8 is caught per line."""
    if str(path) == "-":
        return sys.stdin.buffer
    return open(path, "rb")  # noqa: SIM115 - caller closes via read_articles


def iter_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes) for every non-blank line."""
    stream = open_input(path)
    try:
        for number, raw in enumerate(stream, start=1):
            stripped = raw.strip()
            if stripped:
                yield number, stripped
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def read_articles(
    path: str | Path,
    *,
    skip_bad: bool = False,
    bad: list[BadLine] | None = None,
    max_bytes: int = 1_048_576,
    languages: frozenset[str] = frozenset({"en"}),
) -> Iterator[Article]:
    """Yield valid articles; raise :class:`BadLine` on the first bad one unless ``skip_bad``.

    With ``skip_bad`` the bad lines are appended to ``bad`` (when given) and skipped.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    for number, raw in iter_lines(path):
        try:
            yield decode_article(raw, max_bytes=max_bytes, languages=languages)
        except BadInput as exc:
            problem = BadLine(name, number, str(exc.code), exc.detail)
            if not skip_bad:
                raise problem from None
            if bad is not None:
                bad.append(problem)
