"""A template that cannot be rendered is reported by its file and line, never with a traceback.

Templates are yours to override (`templates_dir`), so a mistake in one is an author's mistake like a
misspelt key in an exercise file: the build stops with `templates/fields/text.html:3: 'labl' is undefined`,
raised as the host's own exception (MkDocs' PluginError under the plugin), so that it is shown as a message.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from collections.abc import Iterator
from typing import Any

import jinja2

from .. import model
from ..errors import close_match

__all__ = ["ReportingEnvironment", "TemplateProblem", "describe"]


# What templates see and write: the model's fields and the names the renderer gives them (README, "Templates").
_NAMES = sorted(
    {f.name for cls in vars(model).values() if dataclasses.is_dataclass(cls) for f in dataclasses.fields(cls)}
    | {
        "exercise",
        "uid",
        "namespace",
        "groups",
        "key",
        "numbers",
        "scores",
        "checklists",
        "score_min",
        "score_max",
        "level",
        "edition",
        "context_id",
        "body",
        "form",
        "field",
        "fid",
        "m",
        "sheets",
        "pages",
        "title",
        "handouts",
        "chapters",
        "script",
        "workshop",
        "days",
        "materials",
        "link",
    }
)
# "'labl' is undefined", "'... object' has no attribute 'labl'": the name to suggest a close match for.
_NAMED = re.compile(r"(?:has no attribute '([^']+)'|^'([^']+)' is undefined)")


class TemplateProblem(Exception):
    """A template that cannot be rendered, where the host has no exception of its own to raise."""


def describe(error: jinja2.TemplateError) -> str:
    """`file:line: what went wrong`. A syntax error knows its own place; for an error while rendering, Jinja gives
    the template's frames the template's file and line, and the innermost one is where it happened."""
    place = None
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        place = f"{_shown(error.filename)}:{error.lineno}"
    else:
        frame = error.__traceback__
        while frame is not None:
            if frame.tb_frame.f_code.co_filename.endswith((".html", ".htm", ".jinja", ".j2")):
                place = f"{_shown(frame.tb_frame.f_code.co_filename)}:{frame.tb_lineno}"
            frame = frame.tb_next
    message = error.message or str(error)
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"template '{error.name}' not found"
    named = _NAMED.search(message)
    word = (named[1] or named[2]) if named else None
    suggestion = close_match(word, _NAMES) if word else None
    if suggestion and suggestion != word:
        message += f" (did you mean '{suggestion}'?)"
    return f"{place or 'a template'}: {message}"


def _shown(path: str) -> str:
    """A path as an author finds it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


class _ReportingTemplate(jinja2.Template):
    environment: ReportingEnvironment

    def render(self, *args: Any, **kwargs: Any) -> str:
        with self.environment.reporting():
            return super().render(*args, **kwargs)

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        with self.environment.reporting():
            yield from super().generate(*args, **kwargs)


class ReportingEnvironment(jinja2.Environment):
    """An environment whose templates raise `problem` (with `describe`'s message) for any Jinja error."""

    template_class = _ReportingTemplate
    problem: type[Exception] = TemplateProblem

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        if parent is not None:  # an include: the template rendering it reports a problem, with its own line
            return super().get_template(name, parent, globals)
        with self.reporting():
            return super().get_template(name, parent, globals)

    @contextlib.contextmanager
    def reporting(self) -> Iterator[None]:
        """Any Jinja error raised inside, as `problem`; also for rendering done outside `render` and `generate`
        (a block on its own, a template's module)."""
        try:
            yield
        except jinja2.TemplateError as error:
            raise self.problem(describe(error)) from None
