"""Courses in any language (issue 19): every catalogue complete; a real build of the facilitator's edition per shipped
language, its pages and the text its scripts write scanned in Chromium for English; right to left in Hebrew, looked
at; Polish plurals; an author's own catalogue; a course in two languages with mkdocs-static-i18n."""

from __future__ import annotations

import html
import os
import random
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.numbers import format_decimal
from pypdf import PdfReader
from workbook.messages import (
    LOCALES_DIR,
    PLURAL_CATEGORIES,
    Catalogue,
    CatalogueError,
    babel_locale,
    cldr_facts,
    load_catalogue,
    read_catalogue,
    shipped_cldr,
    shipped_languages,
)
from workbook.reading.loader import load_exercises
from workbook.reading.translations import translate

from .conftest import DEMO_EXERCISES, ROOT, Project, run_mkdocs, serve, watched_page, write_gallery
from .test_cli import workbook
from .test_compatibility import SUFFIX_I18N, TRANSLATED
from .test_facilitator import FACILITATOR_CONFIG, SAMPLE_PLAN
from .test_print import squeeze

ENGLISH = read_catalogue(LOCALES_DIR / "en.yml")
LANGUAGES = [language for language in shipped_languages() if language != "en"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
TRANSLATIONS = Path(__file__).parent / "i18n"
# The pages of the facilitator's edition scanned as built: a chapter, My workbook, the print pack and every page of
# a workshop.
PAGES = [
    "demo/index.html",
    "my-workbook/index.html",
    "print/index.html",
    "facilitator/workshops/index.html",
    "facilitator/workshops/sample/index.html",
    "facilitator/workshops/sample/run-sheet/index.html",
    "facilitator/workshops/sample/handouts/index.html",
    "facilitator/workshops/sample/present/index.html",
    "facilitator/debrief/index.html",
]
HABITS = ["start-conversations", "ask-introductions", "avoid-events", "follow-up", "share-useful"]


def texts(message: str | dict[str, str]) -> list[str]:
    return list(message.values()) if isinstance(message, dict) else [message]


def placeholders(message: str | dict[str, str]) -> set[str]:
    return {name for text in texts(message) for name in PLACEHOLDER.findall(text)}


# --- the catalogues --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", shipped_languages())
def test_every_catalogue_has_every_english_message_with_its_placeholders_and_plural_forms(language):
    catalogue = read_catalogue(LOCALES_DIR / f"{language}.yml")
    missing = sorted(set(ENGLISH) - set(catalogue))
    assert missing == [], f"{language}.yml lacks {missing}"
    assert sorted(set(catalogue) - set(ENGLISH)) == [], f"{language}.yml has ids English does not"
    rules = Locale.parse(language).plural_form
    for message_id, english in ENGLISH.items():
        message = catalogue[message_id]
        # A placeholder the English text does not give would stay as "{name}" on the page.
        assert placeholders(message) <= placeholders(english), (language, message_id)
        if isinstance(english, dict):
            assert isinstance(message, dict), f"{language}: {message_id} counts something: give its plural forms"
            # Every form the language has, except one CLDR keeps for millions only (French, Spanish, Italian,
            # Portuguese "many": 'other' reads right there).
            needed = {tag for tag in rules.tags if not (tag == "many" and rules(5) != "many")}
            assert needed <= set(message), (language, message_id, needed - set(message))
            assert set(message) <= set(PLURAL_CATEGORIES)


@pytest.mark.parametrize("language", shipped_languages())
def test_shipped_plural_rules_and_numbers_are_babels(language):
    """locales/cldr.json keeps what a build needs of CLDR, so that Babel's whole locale data stays unloaded: it must
    say what Babel says (after a new language or a Babel upgrade: python -m workbook.messages)."""
    locale = babel_locale(language)
    assert shipped_cldr()[language] == cldr_facts(locale), "locales/cldr.json is stale: python -m workbook.messages"
    catalogue = load_catalogue(language)
    rng = random.Random(language)
    numbers = [0, 1, -1, 7, 999, 1000, 1234, 12345, 1234567, -0.0, 0.5, 2.5, 0.0005, 0.0015, 1.0005, 2.0015]
    numbers += [0.1 + 0.2, 10.125, 3.14159, 1e-7, 1e21, -1234.5678, 20.0]
    numbers += [rng.uniform(-1e6, 1e6) for _ in range(200)] + [rng.randint(-(10**7), 10**7) for _ in range(200)]
    numbers += [round(rng.uniform(0, 100), rng.randint(0, 4)) for _ in range(200)]
    assert [catalogue.number(n) for n in numbers] == [format_decimal(n, locale=locale) for n in numbers]
    counts = [*range(300), 1000000, 2000000, 0.5, 1.0, 1.5, 2.0, 10.5]
    assert [catalogue.plural(n) for n in counts] == [locale.plural_form(n) for n in counts]
    assert catalogue._cldr is not None, "a shipped language is answered without Babel's locale data"


def test_a_language_not_shipped_asks_babel():
    catalogue = Catalogue("pt-BR", {})
    assert catalogue._cldr is None
    assert (catalogue.number(1234.5), catalogue.plural(1), catalogue.plural(0)) == ("1.234,5", "one", "one")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Print {title.__class__.__doc__}", "the placeholder {title.__class__.__doc__} is not a name"),
        ("Page {0[1]}", "the placeholder {0[1]} is not a name"),
        ("{count!r} points", "the placeholder {count!r} is not a name"),
        ("{count:>9} points", "the placeholder {count:>9} is not a name"),
        ("An { unclosed brace", "write a brace itself as {{ or }}"),
    ],
)
def test_a_catalogue_placeholder_is_a_name_and_nothing_more(tmp_path, text, said):
    """A placeholder is filled with text escaped already: one that read an attribute of it, an item or a conversion
    would put on the page what it found there, unescaped. The catalogue is refused, naming the file and message."""
    path = tmp_path / "ga.yml"
    path.write_text(yaml.safe_dump({"actions.print": text}), encoding="utf-8")
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(path)
    assert str(refused.value).startswith(f"{path}: actions.print: ") and said in str(refused.value)


def test_polish_counts_take_polish_forms():
    polish = load_catalogue("pl")
    assert [polish.text("workshop.participants", count=n) for n in (1, 2, 4, 5, 12, 22, 25, 112)] == [
        "1 osoba",
        "2 osoby",
        "4 osoby",
        "5 osób",
        "12 osób",
        "22 osoby",
        "25 osób",
        "112 osób",
    ]
    assert polish.text("agenda.overrun", count=3, end="17:00") == (
        "Ten dzień przekracza planowany koniec (17:00) o 3 minuty."
    )
    # Numbers as Polish writes them: a no-break space between thousands.
    assert polish.text("my.exported", count=21000) == "Wyeksportowano odpowiedzi: 21\xa0000 ćwiczeń."


def test_hebrew_has_its_dual_and_writes_right_to_left():
    hebrew = load_catalogue("he")
    assert hebrew.direction == "rtl" and load_catalogue("de").direction == "ltr"
    assert [hebrew.text("workshop.days", count=n) for n in (1, 2, 3)] == ["יום אחד", "יומיים", "3 ימים"]


# --- one build per language ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def language_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The gallery course's facilitator edition, with a workshop, built once per shipped language into one folder
    (site/<language>/) and served."""
    root = tmp_path_factory.mktemp("languages")

    def build(language: str) -> str:
        project = write_gallery(root / language, theme=f"  language: {language}\n")
        project.write("workshops/sample.yml", SAMPLE_PLAN)
        # The debrief page draws its charts from one person's share: the script test has one learner.
        project.write("mkdocs.facilitator.yml", FACILITATOR_CONFIG + "      debrief_min_people: 1\n")
        result = project.build("-f", "mkdocs.facilitator.yml", "--site-dir", str(root / "site" / language))
        return result.stderr if result.returncode else ""

    # Two at a time: a build is one process, and the machine has two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [stderr for stderr in pool.map(build, shipped_languages()) if stderr]
    assert failures == []
    url, server = serve(root / "site")
    yield url, root / "site"
    server.shutdown()
    server.server_close()


def english_leftovers(text: str, language: str) -> list[str]:
    """Pieces of the English catalogue's texts (two words or more, between placeholders) found in `text`, leaving
    out those the author wrote too (the gallery's exercises and plan are in English) and those the language's own
    catalogue says alike."""
    own = " ".join(t for message in read_catalogue(LOCALES_DIR / f"{language}.yml").values() for t in texts(message))
    text = re.sub(r"\s+", " ", text)
    found = []
    for message in ENGLISH.values():
        for english in texts(message):
            for piece in PLACEHOLDER.split(english)[::2]:
                piece = piece.strip(" .,:;()“”")
                if len(piece.split()) < 2 or piece in own or piece.lower() in AUTHOR_TEXT:
                    continue
                if piece in text:
                    found.append(piece)
    return sorted(set(found))


def english_words(pieces: list[str], language: str) -> list[str]:
    """Pieces of text (the text nodes of a page, the lines the browser shows) that are a whole one-word English message
    ("Print", "Pause", "Break") the language's catalogue says otherwise."""
    own = read_catalogue(LOCALES_DIR / f"{language}.yml")
    single = {
        text
        for message_id, message in ENGLISH.items()
        for text in texts(message)
        if len(text.split()) == 1 and "{" not in text and text not in texts(own[message_id])
    }
    pieces = {piece.strip() for piece in pieces}
    return sorted(word for word in pieces & single if not re.search(rf"\b{re.escape(word)}\b", AUTHOR_WORDS))


def _author_words() -> str:
    """What the gallery's author wrote (its exercises and plan are in English)."""
    files = [*DEMO_EXERCISES.glob("*.yml"), *(ROOT / "exercises").rglob("*.yml")]
    return re.sub(r"\s+", " ", " ".join(path.read_text(encoding="utf-8") for path in files) + SAMPLE_PLAN)


AUTHOR_WORDS = _author_words()
AUTHOR_TEXT = AUTHOR_WORDS.lower()


def page_text(page_html: str) -> str:
    """What a reader meets in a built page: its text and the labels read out (aria-label, placeholder, title)."""
    body = page_html.split('data-md-component="content"', 1)[-1]
    labels = " ".join(re.findall(r'(?:aria-label|placeholder|title)="([^"]*)"', body))
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body) + " " + labels)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_in_the_built_pages_of_another_language(language_sites, language):
    _, site = language_sites
    for name in PAGES:
        built = (site / language / name).read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in built
        assert english_leftovers(page_text(built), language) == [], f"{language}/{name}"
        nodes = re.findall(r">([^<>]+)<", built.split('data-md-component="content"', 1)[-1])
        assert english_words([html.unescape(node) for node in nodes], language) == [], f"{language}/{name}"
    paper = (site / language / "workbook" / "paper.css").read_text(encoding="utf-8")
    english_footer = 'content: "Page " counter(page) " of " counter(pages)'
    assert english_footer not in paper and "counter(pages)" in paper


SCRIPT_TEXT = """() => [document.body.innerText,
  ...Array.from(document.querySelectorAll('[aria-label]'), (e) => e.getAttribute('aria-label')),
  ...Array.from(document.querySelectorAll('svg text'), (e) => e.textContent)].join(' ')"""


def answer_checklist(page, point: str) -> None:
    for item in HABITS:
        page.check(f"#wb-networking-habits-{item}-{point}")


def test_no_english_in_what_the_scripts_write_in_another_language(browser, language_sites, tmp_path):
    """Every language in one browser: a chapter answered, a checklist taken twice and its share preview, My workbook
    with its takes and chart, the Markdown export, a share file saved and read on the debrief page (with a broken file
    and a copy refused) and its Markdown and CSV summaries, and the presenter view running; the browser itself in US
    English, so that a date in its language would show. (The print pack's scripts write no words: its built page is
    scanned above.)"""
    url, _ = language_sites
    for language in LANGUAGES:
        with watched_page(browser, locale="en-US", accept_downloads=True) as page:
            base = f"{url}/{language}/"
            page.goto(base + "demo/")
            page.fill("#wb-first-conversation-where", "Meetup")
            answer_checklist(page, "2")
            page.click("#wb-networking-habits [data-workbook-action='new-take']")
            seen = [page.evaluate(SCRIPT_TEXT)]
            answer_checklist(page, "4")
            page.fill("#wb-first-conversation-opening", "Hello")
            seen.append(page.evaluate(SCRIPT_TEXT))
            page.click("#wb-networking-habits [data-workbook-action='share']")
            page.wait_for_selector("#wb-networking-habits [data-workbook-share-preview]")
            seen.append(page.evaluate(SCRIPT_TEXT))
            page.click("#wb-networking-habits [data-workbook-share='cancel']")
            seen.append(page.evaluate(SCRIPT_TEXT))

            page.goto(base + "my-workbook/")
            page.wait_for_selector("[data-workbook-summary-takes]:not([hidden]) svg")
            seen.append(page.evaluate(SCRIPT_TEXT))
            with page.expect_download() as download:
                page.click("[data-workbook-action='export-markdown']")
            plan = Path(download.value.path()).read_text(encoding="utf-8")
            seen.append(plan)
            today = "new Date().toLocaleDateString(language, {day: 'numeric', month: 'long', year: 'numeric'})"
            assert page.evaluate(f"language => {today}", language) in plan, f"{language}: the export's date"
            assert page.evaluate(f"() => {{ const language = 'en-US'; return {today}; }}") not in plan
            seen.append(page.evaluate(SCRIPT_TEXT))
            page.click(".workbook-toolbar [data-workbook-action='share']")
            page.wait_for_selector("[data-workbook-share-preview]")
            seen.append(page.evaluate(SCRIPT_TEXT))
            with page.expect_download() as download:
                page.click("[data-workbook-share='save']")
            share = tmp_path / f"share-{language}.json"
            download.value.save_as(share)
            seen.append(page.evaluate(SCRIPT_TEXT))

            copy = tmp_path / f"copy-{language}.json"
            copy.write_bytes(share.read_bytes())
            broken = tmp_path / "broken.json"
            broken.write_text("{", encoding="utf-8")
            page.goto(base + "facilitator/debrief/")
            page.set_input_files("[data-workbook-action='debrief-import']", [str(share), str(copy), str(broken)])
            page.wait_for_function("() => document.querySelector('[data-workbook-debrief-status]').textContent")
            assert (
                page.get_attribute(".workbook-debrief > [data-workbook-debrief-count]", "data-workbook-debrief-count")
                == "1"
            )
            page.wait_for_selector("[data-workbook-debrief-chart='change'] svg")
            seen.append(page.evaluate(SCRIPT_TEXT))
            for action in ("debrief-export-markdown", "debrief-export-csv"):
                with page.expect_download() as download:
                    page.click(f"[data-workbook-action='{action}']")
                seen.append(Path(download.value.path()).read_text(encoding="utf-8"))

            page.goto(base + "facilitator/workshops/sample/present/")
            page.click("[data-workbook-action='start-now']")
            page.click("[data-workbook-action='pause']")
            seen.append(page.evaluate(SCRIPT_TEXT))
            assert english_leftovers(" ".join(seen), language) == [], language
            assert english_words("\n".join(seen).splitlines(), language) == [], language


def test_polish_plurals_in_the_browser_are_babels(browser, language_sites):
    url, _ = language_sites
    polish = load_catalogue("pl")
    counts = [1, 2, 3, 5, 12, 21, 22, 25, 102]
    with watched_page(browser) as page:
        page.goto(f"{url}/pl/my-workbook/")
        page.wait_for_selector("[data-workbook-my-workbook][data-workbook-ready]")
        shown = page.evaluate("counts => counts.map((count) => workbook.t('my.exported', { count }))", counts)
    assert shown == [polish.text("my.exported", count=n) for n in counts]
    assert shown[:4] == [
        "Wyeksportowano odpowiedzi: 1 ćwiczenie.",
        "Wyeksportowano odpowiedzi: 2 ćwiczenia.",
        "Wyeksportowano odpowiedzi: 3 ćwiczenia.",
        "Wyeksportowano odpowiedzi: 5 ćwiczeń.",
    ]


def test_hebrew_pages_read_right_to_left_on_screen_and_on_paper(browser, language_sites, tmp_path):
    """Scales, tables and the chart run from the right; the screenshots are kept (WORKBOOK_SCREENSHOTS names a
    folder) to be looked at."""
    url, _ = language_sites
    shots = Path(os.environ.get("WORKBOOK_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with watched_page(browser, viewport={"width": 1000, "height": 900}) as page:
        page.goto(f"{url}/he/demo/")
        assert page.get_attribute("body", "dir") == "rtl"  # Material's, from its Hebrew
        answer_checklist(page, "2")
        page.click("#wb-networking-habits [data-workbook-action='new-take']")
        answer_checklist(page, "4")
        page.fill("#wb-first-conversation-contacts-1-name", "דנה")

        def x(selector: str) -> float:
            return page.locator(selector).bounding_box()["x"]

        def scale_and_table_run_from_the_right() -> None:
            assert x("label[for='wb-networking-habits-follow-up-1']") > x(
                "label[for='wb-networking-habits-follow-up-5']"
            )
            assert x("#wb-first-conversation-contacts-1-name") > x("#wb-first-conversation-contacts-1-next")

        scale_and_table_run_from_the_right()
        page.locator("#wb-networking-habits").screenshot(path=str(shots / "he-checklist.png"))
        page.locator("#wb-first-conversation .workbook-table").screenshot(path=str(shots / "he-table.png"))
        page.emulate_media(media="print")
        scale_and_table_run_from_the_right()
        page.screenshot(path=str(shots / "he-print.png"), full_page=True)
        page.emulate_media(media="screen")

        page.goto(f"{url}/he/my-workbook/")
        chart = page.locator("[data-workbook-summary='networking-habits'] svg.workbook-chart")
        chart.wait_for()
        # The bars grow from the right edge of the chart, as the page reads.
        bars = chart.locator("rect[height='11']").evaluate_all(
            "rects => rects.map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width')))"
        )
        assert bars and all(abs(end - 400) < 0.5 for end in bars)
        heads = page.locator("[data-workbook-summary='networking-habits'] table th")
        assert heads.nth(0).bounding_box()["x"] > heads.nth(1).bounding_box()["x"]
        page.locator("[data-workbook-summary='networking-habits']").screenshot(path=str(shots / "he-my-workbook.png"))


# --- authors' own words ----------------------------------------------------------------------------------------


def test_an_author_changes_a_text_and_adds_a_language(project: Project):
    project.write("messages/en.yml", "actions.print: Print this sheet\npage.my_workbook: My notebook\n")
    config = project.path / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - workbook\n", "  - workbook:\n      messages_dir: messages\n"))
    assert project.build().returncode == 0
    assert 'data-workbook-action="print">Print this sheet</button>' in project.html()
    assert '<h1 id="my-notebook">My notebook</h1>' in project.html("my-workbook/index.html")

    # A language the package lacks (and Material too: the plugin's own option names it): the author's words,
    # English where they have none, and a warning saying so.
    project.write("messages/ga.yml", "actions.print: Priontáil\nexercise.kind.worksheet: Bileog oibre\n")
    config.write_text(
        config.read_text().replace("messages_dir: messages\n", "messages_dir: messages\n      language: ga\n")
    )
    result = run_mkdocs(project.path, "build")
    assert result.returncode == 0, result.stderr
    assert f"messages/ga.yml: {len(ENGLISH) - 2} of the workbook's {len(ENGLISH)} messages" in result.stderr
    assert "show in English" in result.stderr
    built = project.html()
    assert 'data-workbook-action="print">Priontáil</button>' in built and "Bileog oibre" in built
    assert '"language":"ga"' in (project.path / "site" / "workbook" / "messages.ga.js").read_text()


# --- a course in two languages ---------------------------------------------------------------------------------


def test_a_translation_must_keep_the_ids_answers_are_kept_by(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(DEMO_EXERCISES, folder)
    shutil.copy(TRANSLATIONS / "networking-habits.fr.yml", folder)
    renamed = (TRANSLATIONS / "first-conversation.fr.yml").read_text().replace("id: advice", "id: conseil")
    (folder / "first-conversation.fr.yml").write_text(renamed)
    course = load_exercises(folder, tmp_path)
    assert sorted(course.exercises) == ["first-conversation", "networking-habits"]  # translations are not exercises
    french = translate(course, "fr", tmp_path)
    [error] = french.errors
    assert str(error).startswith("exercises/first-conversation.fr.yml:3: a translation keeps the ids")
    assert "goal: options: ['learn', 'conseil', 'connect'] where the default language has" in str(error)
    assert french.exercises["networking-habits"].title.startswith("Comment entretenez-vous")
    # `workbook validate` checks every language the exercises have translations into, as a build would.
    result = workbook(tmp_path, "validate")
    assert result.returncode == 1
    assert "error: exercises/first-conversation.fr.yml:3: a translation keeps the ids" in result.stderr


@pytest.fixture(scope="session")
def two_languages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The gallery course in English and French (mkdocs-static-i18n, suffix layout), two exercises translated:
    its URL and the build's log."""
    root = tmp_path_factory.mktemp("two-languages")
    write_two_languages(root)
    result = run_mkdocs(root, "build")
    assert result.returncode == 0, result.stderr
    url, server = serve(root / "site")
    yield url, result.stderr
    server.shutdown()
    server.server_close()


def test_pdf_prints_the_language_asked_for_and_else_the_default_one(tmp_path):
    """A course in English and French: `workbook pdf` prints the English workbook (it printed the language built last,
    French), `--language fr` the French one; a language the site is not built in is refused, naming those it is."""
    write_two_languages(tmp_path)
    titles = {"en": "Planyournextfirstconversation", "fr": "Préparervotreprochainepremièreconversation"}
    for language, options in (("en", ()), ("fr", ("--language", "fr"))):
        result = workbook(tmp_path, "pdf", "-o", language, *options)
        assert result.returncode == 0, result.stderr
        text = squeeze("".join(page.extract_text() for page in PdfReader(tmp_path / language / "workbook.pdf").pages))
        other = "fr" if language == "en" else "en"
        assert titles[language] in text and titles[other] not in text, f"--language {language}: {text[:300]}"
    result = workbook(tmp_path, "pdf", "--language", "frr")
    assert result.returncode == 1
    assert "--language frr: the course is built in en, fr (did you mean 'fr'?)" in result.stderr
    assert "Traceback" not in result.stderr


def write_two_languages(root: Path) -> Project:
    """The gallery course in English and French (mkdocs-static-i18n, suffix layout), two exercises translated."""
    project = write_gallery(root, plugins="  - search\n" + SUFFIX_I18N)
    for name, text in TRANSLATED.items():
        project.write(f"content/{name.replace('.md', '.fr.md')}", text)
    project.write("content/index.md", "# Home\n\n[My workbook](my-workbook.md)\n")
    for translation in TRANSLATIONS.glob("*.fr.yml"):
        shutil.copy(translation, root / "exercises" / "demo")
    return project


def test_two_languages_untranslated_exercises_fall_back_with_a_warning(two_languages):
    _, log = two_languages
    warned = sorted(re.findall(r"WARNING -  (exercises/[\w-]+\.yml):\d+: no translation into 'fr'", log))
    assert warned == [
        "exercises/connection-plan.yml",
        "exercises/elevator-pitch.yml",
        "exercises/event-preparation.yml",
        "exercises/event-scouting.yml",
    ]
    assert log.count("WARNING") == 4, log


def test_an_answer_given_in_one_language_is_there_in_the_other(browser, two_languages):
    url, _ = two_languages
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Material's language menu asks for the site's sitemap.xml (absent from a page's folder without site_url): its own.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.location.get("url", "").endswith("/sitemap.xml")
            else None
        ),
    )
    with context:
        page.goto(f"{url}/demo/")
        page.fill("#wb-first-conversation-where", "At the Lyon meetup")
        page.check("#wb-first-conversation-goal-advice")
        page.check("#wb-networking-habits-follow-up-4")
        page.goto(f"{url}/fr/demo/")
        assert page.text_content("#wb-first-conversation-title") == "Préparer votre prochaine première conversation"
        assert page.input_value("#wb-first-conversation-where") == "At the Lyon meetup"
        assert page.is_checked("#wb-first-conversation-goal-advice")
        assert page.text_content("label[for='wb-first-conversation-goal-advice']") == (
            "Demander conseil sur une question précise"
        )
        assert page.is_checked("#wb-networking-habits-follow-up-4")
        assert "Vos réponses sont enregistrées" in page.text_content("#wb-first-conversation [data-workbook-status]")
        # Changed in French, seen in English.
        page.fill("#wb-first-conversation-where", "Au meetup de Lyon")
        page.goto(f"{url}/fr/my-workbook/")
        card = page.locator("[data-workbook-summary='first-conversation']")
        card.locator("[data-workbook-answer='goal'] [data-workbook-answer-text]").wait_for()
        assert card.locator("h3 a").text_content() == "Préparer votre prochaine première conversation"
        assert card.locator("[data-workbook-answer='goal'] [data-workbook-answer-text]").text_content() == (
            "Demander conseil sur une question précise"
        )
        assert card.locator("[data-workbook-status-badge]").text_content() == "En cours"
        page.goto(f"{url}/demo/")
        assert page.input_value("#wb-first-conversation-where") == "Au meetup de Lyon"
    assert errors == []
