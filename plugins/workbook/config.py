"""Options of the `workbook` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

__all__ = ["WorkbookConfig"]


class WorkbookConfig(Config):
    enabled = c.Type(bool, default=True)
    edition = c.Choice(("learner", "facilitator"), default="learner")
    exercises_dir = c.Type(str, default="exercises")
    workshops_dir = c.Type(str, default="workshops")
    storage_namespace = c.Optional(c.Type(str))
    templates_dir = c.Optional(c.Type(str))
