"""Rendered forms kept in a temporary file rather than in memory, read back by key.

A big course's forms are tens of megabytes, rendered for their chapters and needed again for the print pack,
which is written last: on disk, a build holds none of them.
"""

from __future__ import annotations

import tempfile
import weakref

__all__ = ["FormSpool"]

Key = tuple[str, str, str]


class FormSpool:
    """`put` HTML under a key, `get` it back; None from `open` where no temporary file can be made."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (open for the whole build; close() lets it go)
        self._end = 0
        self._where: dict[Key, tuple[int, int]] = {}
        # Closed when the spool is let go of, if nobody closed it before.
        self.close = weakref.finalize(self, self._file.close)

    @classmethod
    def open(cls) -> FormSpool | None:
        """A spool, or None where no temporary file can be made (a read-only system): forms are then rendered twice."""
        try:
            return cls()
        except OSError:
            return None

    def __len__(self) -> int:
        return len(self._where)

    def put(self, key: Key, html: str) -> None:
        self._file.seek(self._end)
        # As MkDocs writes pages: a character UTF-8 cannot encode becomes a character reference.
        size = self._file.write(html.encode("utf-8", "xmlcharrefreplace"))
        self._where[key] = (self._end, size)
        self._end += size

    def get(self, key: Key) -> str | None:
        where = self._where.get(key)
        if where is None:
            return None
        self._file.seek(where[0])
        return self._file.read(where[1]).decode("utf-8")
