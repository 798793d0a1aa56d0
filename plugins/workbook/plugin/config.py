"""Options of the `workbook` MkDocs plugin."""

from __future__ import annotations

import re

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

__all__ = ["WorkbookConfig"]


class CssLength(c.Type):
    """A CSS length with a print unit, such as `15mm`, `1.5cm`, `0.6in` or `40pt`."""

    PATTERN = re.compile(r"\d+(\.\d+)?(mm|cm|in|pt)")

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if not self.PATTERN.fullmatch(text):
            raise ValidationError(f"expected a length such as 15mm, 1.5cm, 0.6in or 40pt, not {text!r}")
        return text


class StorageNamespace(c.Type):
    """The prefix of the learner's answers in browser storage: the id alphabet only. Keys are
    `workbook:<namespace>:<exercise id>`, so a `:` would let one course's keys look like another's."""

    PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if not self.PATTERN.fullmatch(text):
            raise ValidationError(
                f"expected lowercase letters and digits with single '-' or '_' between them (like an exercise id), "
                f"such as 'my-course', not {text!r}: it prefixes the keys of the learner's answers in the browser, "
                "and other characters (':' above all) would let two courses on one site share answers"
            )
        return text


class AtLeastOne(c.Type):
    """A whole number of at least 1."""

    def __init__(self, default: int):
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 1:
            raise ValidationError(f"expected a whole number of at least 1, not {value!r}")
        return number


class WorkbookConfig(Config):
    enabled = c.Type(bool, default=True)
    edition = c.Choice(("learner", "facilitator"), default="learner")
    exercises_dir = c.Type(str, default="exercises")
    workshops_dir = c.Type(str, default="workshops")
    storage_namespace = c.Optional(StorageNamespace())
    templates_dir = c.Optional(c.Type(str))
    # The language of every word the workbook shows (default: Material's theme.language; under mkdocs-static-i18n,
    # the language being built), and a folder of your own catalogues (<language>.yml) merged over the shipped ones.
    language = c.Optional(c.Type(str))
    messages_dir = c.Optional(c.Type(str))
    # Printing and `workbook pdf`: the same paper for Ctrl+P and for the PDF packs.
    paper_size = c.Choice(("A4", "Letter"), default="A4")
    paper_margin = CssLength(default="15mm")
    # The course's name in the footer of every printed page (default: site_name). Set it where site_name says more
    # than participants should read on their handouts, such as "(facilitator's edition)".
    paper_footer = c.Optional(c.Type(str))
    # The debrief page (facilitator's edition) shows no chart, table or text drawn from fewer people than this.
    debrief_min_people = AtLeastOne(default=3)
