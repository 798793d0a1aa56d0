"""The pages a course has beside its chapters (My workbook, the print pack, the facilitator's workshop pages): where
they are and the Markdown they hold, for a host to generate in memory (MkDocs) or write into the docs folder (Zensical)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

__all__ = [
    "DEBRIEF",
    "FACILITATOR_DIR",
    "MY_WORKBOOK",
    "PRINT_PACK",
    "WORKSHOPS_INDEX",
    "ExtraPage",
    "course_pages",
    "workshop_pages",
    "workshop_uris",
]

FACILITATOR_DIR = "facilitator/"
MY_WORKBOOK = "my-workbook.md"
PRINT_PACK = "print.md"
WORKSHOPS_INDEX = "facilitator/workshops/index.md"
# The facilitator's debrief page (its script is the MkDocs host's for now: Zensical gets no such page).
DEBRIEF = "facilitator/debrief.md"


@dataclass(frozen=True, slots=True)
class ExtraPage:
    """A page the course needs that no author writes: its file in the docs folder, title and blocks."""

    src_uri: str
    title: str
    body: str
    # Print packs and My workbook repeat the chapters' exercises: Material's (and Zensical's) search leaves them out.
    searchable: bool = True

    def markdown(self) -> str:
        # JSON is YAML; the title is escaped because themes print page titles unescaped.
        search = "" if self.searchable else "search:\n  exclude: true\n"
        return f"---\ntitle: {json.dumps(html.escape(self.title))}\n{search}---\n\n{self.body}\n"


def course_pages() -> list[ExtraPage]:
    """My workbook and the print pack, in both editions."""
    return [
        ExtraPage(MY_WORKBOOK, "My workbook", "# My workbook\n\n/// my-workbook\n///", searchable=False),
        ExtraPage(PRINT_PACK, "Print the workbook", "/// print-pack\n///", searchable=False),
    ]


def workshop_uris(workshop_id: str) -> tuple[str, str, str]:
    """The files of a workshop's agenda, run-sheet and handouts."""
    folder = f"{FACILITATOR_DIR}workshops/{workshop_id}"
    return f"{folder}/index.md", f"{folder}/run-sheet.md", f"{folder}/handouts.md"


def workshop_pages(workshops: dict[str, str]) -> list[ExtraPage]:
    """The facilitator's index of workshops and each workshop's pages; `workshops` maps ids to titles."""
    pages = [ExtraPage(WORKSHOPS_INDEX, "Workshops", "# Workshop plans\n\n/// workshops\n///")]
    for workshop_id, title in workshops.items():
        agenda, run_sheet, handouts = workshop_uris(workshop_id)
        pages += [
            ExtraPage(agenda, title, f"/// agenda | {workshop_id}\n///"),
            ExtraPage(run_sheet, f"Run-sheet: {title}", f"/// run-sheet | {workshop_id}\n///"),
            ExtraPage(handouts, f"Handouts: {title}", f"/// print-pack | {workshop_id}\n///", searchable=False),
        ]
    return pages
