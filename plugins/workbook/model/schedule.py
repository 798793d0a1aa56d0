"""Clock times for a workshop plan: every item's start and end, day by day."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .types import AgendaItem, Exercise, Session, Workshop, WorkshopDay

__all__ = ["DayPlan", "Handout", "Slot", "clock", "handout_copies", "plan_handouts", "minutes_of", "plan_workshop"]

ACTIVITY_TITLES = {
    "welcome": "Welcome",
    "input": "Input",
    "discussion": "Discussion",
    "energiser": "Energiser",
    "break": "Break",
    "lunch": "Lunch",
    "wrap-up": "Wrap-up",
}
PAUSES = {"break", "lunch"}
GROUP_TABLE_SIZE = 5


def minutes_of(time: str) -> int:
    hours, minutes = time.split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    """HH:MM; past midnight it keeps counting (25:10) rather than hide an overrun."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Slot:
    """One item with its clock times."""

    item: AgendaItem
    exercise: Exercise | None
    start: int
    end: int
    waiting: int

    @property
    def title(self) -> str:
        if self.item.title:
            return self.item.title
        if self.exercise is not None:
            return self.exercise.title
        return ACTIVITY_TITLES.get(self.item.activity or "", "")

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def is_pause(self) -> bool:
        return self.item.activity in PAUSES

    @property
    def format(self) -> str:
        return self.exercise.format if self.exercise is not None else ("" if self.is_pause else "whole group")

    @property
    def cue(self) -> str:
        """The plan's own cue, or the exercise's steps cut to their first clause: a run-sheet is read at a glance."""
        if self.item.cue:
            return self.item.cue
        if self.exercise is not None:
            return " · ".join(f"{s.minutes}′ {_first_clause(s.activity)}" for s in self.exercise.facilitator.steps)
        return ""


@dataclass(frozen=True)
class DayPlan:
    """A day's sessions with timed slots; `finish` may run past `day.end`."""

    number: int
    day: WorkshopDay
    sessions: tuple[tuple[Session, tuple[Slot, ...]], ...]

    @property
    def title(self) -> str:
        return self.day.title or f"Day {self.number}"

    @property
    def slots(self) -> tuple[Slot, ...]:
        return tuple(slot for _, slots in self.sessions for slot in slots)

    @property
    def start(self) -> int:
        return minutes_of(self.day.start)

    @property
    def finish(self) -> int:
        return self.slots[-1].end if self.slots else self.start

    @property
    def pause_minutes(self) -> int:
        return sum(slot.minutes for slot in self.slots if slot.is_pause)

    @property
    def overrun(self) -> int:
        return max(0, self.finish - minutes_of(self.day.end)) if self.day.end else 0


def _first_clause(text: str) -> str:
    # Whole: a cue cut off mid-sentence is no use in the room, and the page has the room (tests print every plan).
    return re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")


def _item_minutes(item: AgendaItem, exercise: Exercise | None) -> int:
    if item.minutes is not None:
        return item.minutes
    return exercise.minutes if exercise is not None else 0


def plan_workshop(workshop: Workshop, exercises: dict[str, Exercise]) -> tuple[DayPlan, ...]:
    """Clock times for every item; the clock restarts at each day's start."""
    days = []
    for number, day in enumerate(workshop.days, start=1):
        now = minutes_of(day.start)
        sessions = []
        for session in day.sessions:
            slots = []
            for item in session.items:
                exercise = exercises.get(item.exercise or "")
                start = max(now, minutes_of(item.at)) if item.at else now
                end = start + _item_minutes(item, exercise)
                slots.append(Slot(item, exercise, start, end, waiting=start - now))
                now = end
            sessions.append((session, tuple(slots)))
        days.append(DayPlan(number, day, tuple(sessions)))
    return tuple(days)


def handout_copies(exercise: Exercise, group_size: int) -> int:
    """One per participant, or one per table of five for a sheet a group fills in together. What the sheet is
    decides, not the activity: a group exercise's sheet usually holds each person's own answers."""
    if exercise.handout == "per-group":
        return math.ceil(group_size / GROUP_TABLE_SIZE)
    return group_size


@dataclass(frozen=True)
class Handout:
    """An exercise to print for a workshop: how often the plan uses it, and how many copies."""

    exercise: Exercise
    uses: int
    copies: int


def plan_handouts(days: tuple[DayPlan, ...], group_size: int) -> list[Handout]:
    """The plan's exercises in agenda order; copies per use (a checklist taken before and after needs two sets)."""
    used = [slot.exercise for day in days for slot in day.slots if slot.exercise]
    uses = Counter(exercise.id for exercise in used)
    in_order = {exercise.id: exercise for exercise in used}.values()
    return [
        Handout(exercise, uses[exercise.id], uses[exercise.id] * handout_copies(exercise, group_size))
        for exercise in in_order
    ]
