"""Text kept in a temporary file rather than in memory, and read back by where it was written.

A big course's rendered HTML is tens of megabytes: the chapters' forms (read back for the print pack) and
everything the pages wait for once it is rendered ahead (later.py). On disk, a build holds none of it.
"""

from __future__ import annotations

import codecs
import tempfile
import weakref
from collections.abc import Iterable, Iterator

__all__ = ["Spool"]

# How much is read back at a time: a page of every exercise is read in pieces, never whole, and small ones
# (a megabyte at a time, read, decoded and encoded again, was the peak of a small course's build).
_CHUNK = 64 * 1024


class Spool:
    """A temporary file of UTF-8 text: `write` says where a text went, `read` gives it back."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._end = 0
        # Closed when the spool is let go of, if nobody closed it before.
        self.close = weakref.finalize(self, self._file.close)

    @classmethod
    def open(cls) -> Spool | None:
        """A spool, or None where no temporary file can be made (a read-only system)."""
        try:
            return cls()
        except OSError:
            return None

    def write(self, pieces: Iterable[str]) -> tuple[int, int]:
        """Write the pieces one after the other; where they start and how many bytes they take."""
        start = self._end
        self._file.seek(start)
        for piece in pieces:
            # As MkDocs writes pages: a character UTF-8 cannot encode becomes a character reference.
            self._end += self._file.write(piece.encode("utf-8", "xmlcharrefreplace"))
        return start, self._end - start

    def read(self, start: int, size: int) -> Iterator[str]:
        """What `write` wrote there, in pieces."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        done = 0
        while done < size:
            self._file.seek(start + done)
            data = self._file.read(min(_CHUNK, size - done))
            done += len(data)
            yield decoder.decode(data, final=done >= size)

    def read_all(self, start: int, size: int) -> str:
        return "".join(self.read(start, size))
