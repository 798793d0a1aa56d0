"""Stylesheets and scripts as the site ships them: the sources' comments and layout taken out, nothing else changed."""

from __future__ import annotations

import re

__all__ = ["minify_css", "minify_js"]

# A quoted string (kept as it is), a comment (dropped), or a run of whitespace (one space, or none).
_TOKEN = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|/\*.*?\*/|\s+""", re.DOTALL)
# Next to these a space never means anything. Not ':' or '>' or '+': `a :hover` and `a >b` in some
# at-rules are not what they would become without the space.
_TIGHT = frozenset("{};,")


def minify_css(css: str) -> str:
    """`css` without comments and with the least whitespace that keeps every rule as it was."""
    without_comments = _TOKEN.sub(lambda m: m[0] if m[0][0] in "\"'" else (" " if m[0].startswith("/*") else m[0]), css)

    def space(match: re.Match[str]) -> str:
        text = match[0]
        if text[0] in "\"'":
            return text
        before = match.string[match.start() - 1] if match.start() else "{"
        after = match.string[match.end()] if match.end() < len(match.string) else "}"
        return "" if before in _TIGHT or after in _TIGHT else " "

    return _TOKEN.sub(space, without_comments).strip()


# In our scripts: a string or template literal (kept as it is, across lines too), a regular expression (kept; one
# starts only after an operator, a bracket or `return`, where a slash cannot divide), or a run of whitespace and
# comments (a line break if it holds one, for automatic semicolons; a space if it held a comment; else as it is).
_JS_TOKEN = re.compile(
    r"""(?P<kept>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`"""
    r"""|(?:(?<=[(,=:\[!&|?{};])|(?<=return))[ \t]*/(?![*/])(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*)"""
    r"""|(?:\s|/\*.*?\*/|//[^\n]*)+""",
    re.DOTALL,
)


def minify_js(script: str) -> str:
    """`script` without comments, indentation and blank lines; every statement, string and line break between
    statements as written. For our own plain scripts: template literals hold no nested backticks."""

    def keep(match: re.Match[str]) -> str:
        text = match[0]
        if match["kept"] is not None:
            return text
        if "\n" in text:
            return "\n"
        return text if text.isspace() else " "

    return _JS_TOKEN.sub(keep, script).strip() + "\n"
