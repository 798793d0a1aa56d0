"""The extension on its own (Zensical, any Python-Markdown pipeline): the host adapter that fills in `Site` itself."""

from __future__ import annotations

from .extension import StandaloneExtension, makeExtension

__all__ = ["StandaloneExtension", "makeExtension"]
