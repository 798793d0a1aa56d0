"""The course's model: exercises and workshop plans as typed, frozen data (types.py), the rules that span fields
(checks.py), clock times and handouts of a plan (schedule.py), and the one description of the types that the
reader and the JSON Schema follow (shapes.py, schema.py). Depends on nothing else in the package."""

from __future__ import annotations

from .types import *  # noqa: F403
from .types import __all__  # noqa: F401
