"""Markdown for text written in exercise files: no raw HTML, no script URLs."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

__all__ = ["PAGE_LINK", "AuthorMarkdown", "is_page_link", "is_safe_url", "url_as_read"]

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
# Browsers take tabs and line breaks out of a URL and trim control characters and spaces around it, so
# "java\tscript:" is javascript:. Taking out every one of them anywhere is stricter still.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
# Python-Markdown's marks in an attribute before it writes the page: a backslash-escaped character (\x02 and
# its code \x03), put back by its `unescape` treeprocessor, and an ampersand that stands for itself.
_ESCAPED = re.compile("\x02([0-9]+)\x03")


def url_as_read(url: str) -> str | None:
    """An href or src as the browser will read it: the characters Python-Markdown still holds for later put back,
    HTML character references decoded (`&#58;`, `&colon;`, `&#x6A;`, and named ones without a semicolon, as
    browsers read them), then what browsers ignore in a URL taken out, in lowercase. None for a value that
    holds any other of Python-Markdown's marks, which cannot be judged."""
    value = _ESCAPED.sub(lambda m: chr(int(m[1])), url.replace(markdown.util.AMP_SUBSTITUTE, "&"))
    if "\x02" in value or "\x03" in value:
        return None
    # html.unescape follows HTML's rules for text, which decode at least what an attribute value decodes to
    # (the serializer keeps every character reference it finds): it may see a scheme the browser does not,
    # never miss one the browser sees.
    return _IGNORED_IN_URL.sub("", html.unescape(value)).lower()


def is_safe_url(url: str) -> bool:
    """True for relative URLs and for http, https and mailto ones, judged as the browser will read them."""
    read = url_as_read(url)
    if read is None:
        return False
    scheme = _SCHEME.match(read)
    return scheme is None or scheme.group(1) in _SAFE_SCHEMES


# A link to a page's Markdown file (`listening.md#questions`), as in a chapter. An exercise's text is shown on
# several pages at several depths, so the host resolves it per page: it is written with this prefix until then.
PAGE_LINK = "workbook-page:"
_PAGE_PATH = re.compile(r"[^:/?#][^:?#]*\.md(?:#[^\s]*)?")


def is_page_link(url: str) -> bool:
    """Whether `url` is a relative link to a page's Markdown file: `chapter.md`, `part/chapter.md#anchor`."""
    return _PAGE_PATH.fullmatch(url) is not None


class _MarkPageLinks(Treeprocessor):
    """Writes each link to a page's Markdown file with PAGE_LINK in front, for the host to resolve per page."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[str] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            if href is not None and is_page_link(href):
                element.set("href", PAGE_LINK + href)
                self.found.append(href)


class _DropUnsafeUrls(Treeprocessor):
    """Takes out any href or src whose URL is not safe, and keeps it in `found` (for the author's warning)."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[str] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    del element.attrib[attribute]
                    self.found.append(value)


class AuthorMarkdown:
    """One Markdown converter per build, reused for every text (building one per text is slow)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"])
        # Without these two, raw HTML is escaped and shown as text instead of passed through.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        # Last of all, after Python-Markdown's own `unescape` (priority 0), on the attributes as they are written.
        self._drop = _DropUnsafeUrls(self._md)
        self._md.treeprocessors.register(self._drop, "workbook_safe_urls", -10)
        self._pages = _MarkPageLinks(self._md)
        self._md.treeprocessors.register(self._pages, "workbook_page_links", -20)
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

    def page_links(self, text: str) -> list[str]:
        """The links to pages' Markdown files in the text (`chapter.md#anchor`), as the author wrote them."""
        return self._collected(text, self._pages)

    def dropped_urls(self, text: str) -> list[str]:
        """The link and image addresses in the text that `convert` leaves out, as the author wrote them."""
        return self._collected(text, self._drop)

    def _collected(self, text: str, collector: _MarkPageLinks | _DropUnsafeUrls) -> list[str]:
        """What one of the treeprocessors that take note found in the text."""
        if _PLAIN.fullmatch(text.rstrip("\n")):
            return []
        collector.found = []
        self._md.reset().convert(text)
        return collector.found
