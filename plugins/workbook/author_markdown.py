"""Markdown for text written in exercise files: no raw HTML, no script URLs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

__all__ = ["AuthorMarkdown", "is_safe_url"]

_SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Text that Markdown would only wrap in a paragraph: one line of letters, digits, spaces and punctuation that
# means nothing to Markdown or HTML, starting with a letter (most help texts, advice and intros). Tests check
# against Markdown itself that the shortcut gives the same HTML.
_PROSE = r"(?:[^\W_]|[ .,;:'\"?!%/()+=~’‘“”–—-])"
# Or with *emphasis* and **strong** spans of such prose, starting and ending with a letter or digit: the other
# common case ("Ask **one** question"). Markdown's rules for asterisks that do not pair up like that are many.
_SPAN = rf"(?:\*\*[^\W_](?:{_PROSE}*[^\W_])?\*\*|\*[^\W_](?:{_PROSE}*[^\W_])?\*)"
_PLAIN = re.compile(rf"(?:[^\W\d_]|{_SPAN}(?!\*))(?:{_PROSE}|{_SPAN}(?!\*))*")  # (two spans side by side are not that)
_STRONG = re.compile(r"\*\*([^*]+)\*\*")
_EMPHASIS = re.compile(r"\*([^*]+)\*")
# Browsers ignore these inside a URL's scheme ("java\tscript:"), so the check must too.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_url(url: str) -> bool:
    """True for relative URLs and for http, https and mailto ones."""
    scheme = _SCHEME.match(_IGNORED_IN_URL.sub("", url).lower())
    return scheme is None or scheme.group(1) in _SAFE_SCHEMES


class _DropUnsafeUrls(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    del element.attrib[attribute]


class AuthorMarkdown:
    """One Markdown converter per build, reused for every text (building one per text is slow)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"])
        # Without these two, raw HTML is escaped and shown as text instead of passed through.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_DropUnsafeUrls(self._md), "workbook_safe_urls", 0)
        self._cache: dict[str, str] = {}

    def convert(self, text: str) -> str:
        """Block HTML for a Markdown text (paragraphs, lists, tables)."""
        line = text.rstrip("\n")
        if _PLAIN.fullmatch(line):  # not cached: quicker to redo than to keep for the whole build
            if "*" in line:
                line = _EMPHASIS.sub(r"<em>\1</em>", _STRONG.sub(r"<strong>\1</strong>", line))
            return f"<p>{line}</p>"
        html = self._cache.get(text)
        if html is None:
            # A full Markdown run costs about a millisecond: a thousand exercises' worth of help texts is a second.
            html = self._cache[text] = self._md.reset().convert(text)
        return html

    def convert_fully(self, text: str) -> str:
        """What Markdown itself makes of the text, without the shortcut for plain prose (for tests)."""
        return self._md.reset().convert(text)
