"""The pages a course has beside its chapters (My workbook, the print pack, the facilitator's workshop pages): where
they are and the Markdown they hold, for a host to generate in memory (MkDocs) or write into the docs folder (Zensical);
and the stylesheets and scripts its pages load."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from ..messages import Catalogue
from ..rendering.paper import PAPER_STYLESHEET

__all__ = [
    "DEBRIEF",
    "FACILITATOR_DIR",
    "FACILITATOR_STYLESHEET",
    "MESSAGES_SCRIPT",
    "STYLESHEETS",
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

# The stylesheets every page loads, in this order.
STYLESHEETS = ["workbook/workbook.css", "workbook/print.css", PAPER_STYLESHEET]
# The styles of the facilitator's blocks (agendas, run-sheets, the presenter view, the debrief page), loaded where they
# can appear: every page of the facilitator's edition, and a learner's edition whose author embeds one. It goes
# before print.css, whose rules for paper win over it.
FACILITATOR_STYLESHEET = "workbook/facilitator.css"
# The catalogue of the language being built, for the scripts (messages.py, Catalogue.script): one file per language,
# since mkdocs-static-i18n builds the languages one after another into one site.
MESSAGES_SCRIPT = "workbook/messages.{language}.js"


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


def course_pages(catalogue: Catalogue) -> list[ExtraPage]:
    """My workbook and the print pack, in both editions."""
    title = catalogue.text("page.my_workbook")
    return [
        ExtraPage(MY_WORKBOOK, title, f"# {heading_text(title)}\n\n/// my-workbook\n///", searchable=False),
        ExtraPage(PRINT_PACK, catalogue.text("page.print_pack"), "/// print-pack\n///", searchable=False),
    ]


def heading_text(title: str) -> str:
    """A title as the text of a Markdown heading: no markup (a catalogue of the author's may hold any character)."""
    return html.escape(title).replace("*", "&#42;").replace("_", "&#95;").replace("`", "&#96;").replace("[", "&#91;")


def workshop_uris(workshop_id: str) -> tuple[str, str, str]:
    """The files of a workshop's agenda, run-sheet and handouts."""
    folder = f"{FACILITATOR_DIR}workshops/{workshop_id}"
    return f"{folder}/index.md", f"{folder}/run-sheet.md", f"{folder}/handouts.md"


def workshop_pages(workshops: dict[str, str], catalogue: Catalogue) -> list[ExtraPage]:
    """The facilitator's index of workshops and each workshop's pages; `workshops` maps ids to titles."""
    heading = heading_text(catalogue.text("page.workshop_plans"))
    pages = [ExtraPage(WORKSHOPS_INDEX, catalogue.text("page.workshops"), f"# {heading}\n\n/// workshops\n///")]
    for workshop_id, title in workshops.items():
        agenda, run_sheet, handouts = workshop_uris(workshop_id)
        pages += [
            ExtraPage(agenda, title, f"/// agenda | {workshop_id}\n///"),
            ExtraPage(run_sheet, catalogue.text("page.run_sheet", title=title), f"/// run-sheet | {workshop_id}\n///"),
            ExtraPage(
                handouts,
                catalogue.text("page.handouts", title=title),
                f"/// print-pack | {workshop_id}\n///",
                searchable=False,
            ),
        ]
    return pages
