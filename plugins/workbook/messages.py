"""Every word the plugin shows, from a catalogue per language (locales/<language>.yml) keyed by message id.

A message is a text with `{name}` placeholders, or, where it counts something, one text per plural category of the
language (CLDR's: zero, one, two, few, many, other), chosen by its `count`. Babel knows each language's plural rules
and how it writes numbers (the shipped languages' are kept in locales/cldr.json, written from Babel); the scripts ask
the browser's Intl for the same (CLDR's rules both). An author's catalogue
of the same name (the `messages_dir` option) is merged over the shipped one, and can add a language the package
lacks; what it leaves out comes from English.
"""

from __future__ import annotations

import decimal
import json
import logging
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from babel.plural import PluralRule
from markupsafe import Markup, escape

__all__ = [
    "DEFAULT_LANGUAGE",
    "LOCALES_DIR",
    "PLURAL_CATEGORIES",
    "SCRIPT_MESSAGES",
    "Catalogue",
    "CatalogueError",
    "load_catalogue",
    "read_catalogue",
    "shipped_languages",
]

LOCALES_DIR = Path(__file__).parent / "locales"
# What the shipped languages need of CLDR besides their words: plural rules and how numbers are written, from Babel
# (`python -m workbook.messages` writes the file; tests/test_i18n.py holds it to Babel). Asked for them, Babel loads
# a language's whole CLDR data, several MiB held to the end of the build: it answers only for other languages.
CLDR_FILE = LOCALES_DIR / "cldr.json"
# The decimal pattern of every shipped language, which `_Cldr.number` writes as Babel does.
STANDARD_DECIMAL = "#,##0.###"
DEFAULT_LANGUAGE = "en"
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# Languages written right to left (their base tag): the page's direction, for scripts and styles.
RIGHT_TO_LEFT = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"}

# The messages workbook.js shows, which every page loads (messages.<language>.js): the ids starting so. My workbook's
# and the presenter's own (my., export., present.) come with their page, in its data-workbook-messages attribute.
SCRIPT_MESSAGES = ("store.", "date.", "score.", "takes.", "list.")

log = logging.getLogger("mkdocs.plugins.workbook")

Message = str | dict[str, str]

# libyaml's, where PyYAML has it: a catalogue is several hundred messages, read at every build.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(ValueError):
    """A catalogue file that cannot be used: its path and what is wrong."""


def shipped_languages() -> list[str]:
    return sorted(path.stem for path in LOCALES_DIR.glob("*.yml"))


def read_catalogue(path: Path) -> dict[str, Message]:
    """One catalogue file: message id -> text, or -> {plural category: text}."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}  # noqa: S506 (a safe loader)
    except (OSError, yaml.YAMLError) as error:
        raise CatalogueError(f"{path}: cannot be read as a message catalogue: {error}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping of message ids to texts")
    for message_id, message in data.items():
        if isinstance(message, dict):
            unknown = set(message) - set(PLURAL_CATEGORIES)
            if unknown or "other" not in message or not all(isinstance(text, str) for text in message.values()):
                raise CatalogueError(
                    f"{path}: {message_id}: expected a text, or texts by plural category "
                    f"({', '.join(PLURAL_CATEGORIES)}; 'other' always), not {sorted(map(str, message))}"
                )
        elif not isinstance(message, str):
            raise CatalogueError(f"{path}: {message_id}: expected a text, not {type(message).__name__}")
        for text in message.values() if isinstance(message, dict) else [message]:
            _check_placeholders(path, message_id, text)
    return data


def _check_placeholders(path: Path, message_id: str, text: str) -> None:
    """Only `{name}`: a placeholder is filled with a text that is escaped already (Catalogue.markup), and one that
    reads an attribute or an item of it (`{title.upper}`, `{0[1]}`) or formats it would write what it finds
    unescaped."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)]
    except ValueError as error:
        raise CatalogueError(f"{path}: {message_id}: {error} (write a brace itself as {{{{ or }}}})") from None
    for name, spec, conversion in fields:
        if name is not None and (not name.isidentifier() or spec or conversion):
            whole = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise CatalogueError(
                f"{path}: {message_id}: the placeholder {{{whole}}} is not a name: write {{name}}, as in locales/en.yml"
            )


def _base(language: str) -> str:
    return language.replace("_", "-").split("-")[0]


def _candidates(language: str) -> list[str]:
    """'pt-BR' -> ['pt-BR', 'pt_BR', 'pt']: a catalogue for the region, else for the language."""
    return list(dict.fromkeys([language, language.replace("-", "_"), language.replace("_", "-"), _base(language)]))


def load_catalogue(
    language: str, messages_dir: Path | None = None, warn: Callable[[str], None] = log.warning
) -> Catalogue:
    """The catalogue of `language` (Material's `theme.language` codes: 'de', 'pt-BR'): English, under the shipped
    one for the language, under the author's (`messages_dir/<language>.yml`), each over the one before."""
    english = read_catalogue(LOCALES_DIR / f"{DEFAULT_LANGUAGE}.yml")
    messages = dict(english)
    found: set[Path] = set()  # the folders with a catalogue of the language
    translated: set[str] = set()
    for folder in [LOCALES_DIR, messages_dir] if messages_dir else [LOCALES_DIR]:
        for name in reversed(_candidates(language)):
            path = folder / f"{name}.yml"
            if path.is_file():
                found.add(folder)
                own = read_catalogue(path)
                translated.update(own)
                messages.update(own)
    if messages_dir is not None and found == {messages_dir} and _base(language) != DEFAULT_LANGUAGE:
        # A language the package lacks: what the author's catalogue leaves out would be English on its pages.
        missing = sorted(set(english) - translated)
        if missing:
            warn(
                f"{messages_dir / language}.yml: {len(missing)} of the workbook's {len(english)} messages are not "
                f"translated and show in English ({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}); "
                f"locales/en.yml in the package lists them all"
            )
    if not found:
        warn(
            f"no message catalogue for the language '{language}': the workbook speaks English. Shipped: "
            f"{', '.join(shipped_languages())}; add your own as {(messages_dir or Path('messages')) / language}.yml "
            "(see README, 'Courses in any language')"
        )
    return Catalogue(language, messages)


def babel_locale(language: str) -> Locale:
    """Babel's locale of a language code ('pt-BR', 'de'); English's for a language Babel does not know."""
    for name in _candidates(language):
        try:
            return Locale.parse(name, sep="-" if "-" in name else "_")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(DEFAULT_LANGUAGE)


def cldr_facts(locale: Locale) -> dict[str, Any]:
    """What CLDR_FILE keeps of a language: its plural rules and number symbols, and its decimal pattern."""
    symbols = locale.number_symbols["latn"]
    return {
        "plural": dict(locale.plural_form.rules),
        "decimal": symbols["decimal"],
        "group": symbols["group"],
        "pattern": locale.decimal_formats[None].pattern,
    }


def shipped_cldr() -> dict[str, dict[str, Any]]:
    """CLDR_FILE: the facts of each shipped language."""
    facts: dict[str, dict[str, Any]] = json.loads(CLDR_FILE.read_text(encoding="utf-8"))
    return facts


_THOUSANDTH = decimal.Decimal("0.001")


@dataclass(frozen=True)
class _Cldr:
    """A language's plural rules and number symbols, without Babel's locale data."""

    plural: dict[str, str]
    decimal: str
    group: str
    pattern: str

    @cached_property
    def rule(self) -> PluralRule:
        return PluralRule(self.plural)

    def number(self, value: int | float) -> str:
        """As Babel's format_decimal writes it with STANDARD_DECIMAL: rounded half to even to three decimals, trailing
        zeros dropped, the whole part grouped by thousands."""
        number = decimal.Decimal(str(value))
        sign = "-" if number.is_signed() else ""  # as Babel writes it, whatever the language's own minus sign
        whole, _, fraction = f"{abs(number).normalize().quantize(_THOUSANDTH):f}".partition(".")
        groups: list[str] = []
        while len(whole) > 3:
            whole, last = whole[:-3], whole[-3:]
            groups.insert(0, last)
        fraction = fraction.rstrip("0")
        return sign + self.group.join([whole, *groups]) + (self.decimal + fraction if fraction else "")


@dataclass
class Catalogue:
    """The messages of one language, ready to use: `text(id, count=..., **values)`."""

    language: str
    messages: Mapping[str, Message]
    # A build asks for the same few texts and numbers tens of thousands of times (every form's buttons, every
    # statement's points); Babel's plural rules and number formats are slow next to a dict.
    _plural_cache: dict[int | float, str] = field(default_factory=dict, repr=False)
    _number_cache: dict[str, str] = field(default_factory=dict, repr=False)
    _markup_cache: dict[tuple[str, str | None], Markup] = field(default_factory=dict, repr=False)
    _subset_cache: dict[tuple[str, ...], dict[str, Message]] = field(default_factory=dict, repr=False)

    @cached_property
    def locale(self) -> Locale:
        """Babel's locale for plural rules and numbers; English's for a language Babel does not know."""
        return babel_locale(self.language)

    @cached_property
    def _cldr(self) -> _Cldr | None:
        """The shipped facts of the language (CLDR_FILE), if it is one the package ships."""
        facts = shipped_cldr().get(self.language)
        return _Cldr(**facts) if facts is not None and facts["pattern"] == STANDARD_DECIMAL else None

    @property
    def direction(self) -> str:
        return "rtl" if _base(self.language) in RIGHT_TO_LEFT else "ltr"

    def plural(self, count: int | float) -> str:
        """The language's plural category of `count` (Polish: 1 'one', 2-4 'few', 5 'many')."""
        category = self._plural_cache.get(count)
        if category is None:
            rule = self._cldr.rule if self._cldr is not None else self.locale.plural_form
            category = self._plural_cache[count] = rule(count)
        return category

    def number(self, value: int | float) -> str:
        """`value` as the language writes it (at most three decimals, digits grouped): "1,234.5", "1.234,5"."""
        key = repr(value)  # not the value: -0.0 == 0.0, and Babel writes "-0"
        found = self._number_cache.get(key)
        if found is None:
            written = self._cldr.number(value) if self._cldr is not None else format_decimal(value, locale=self.locale)
            found = self._number_cache[key] = written
        return found

    def text(self, message_id: str, count: int | float | None = None, **values: Any) -> str:
        """The message, its placeholders filled in (numbers as the language writes them); plain text."""
        return self._template(message_id, count).format_map(self._values(count, values, str))

    def markup(self, message_id: str, count: int | float | None = None, **values: Any) -> Markup:
        """For templates: the message escaped, and its placeholders too unless they are Markup already."""
        category = None if count is None else self.plural(count)
        template = self._markup_cache.get((message_id, category))
        if template is None:
            template = self._markup_cache[message_id, category] = Markup(escape(self._template(message_id, count)))
        if count is None and not values:
            return template
        # The template is escaped already and every value is escaped here, as Markup.format_map would (numbers
        # too); str.format_map does the rest without markupsafe's formatter in Python.
        return Markup(template.__str__().format_map(self._values(count, values, escape)))

    def _template(self, message_id: str, count: int | float | None) -> str:
        message = self.messages.get(message_id)
        if message is None:
            raise KeyError(f"no message '{message_id}' in the workbook's catalogue")
        if isinstance(message, dict):
            if count is None:
                raise TypeError(f"message '{message_id}' has plural forms: give it a count")
            return message.get(self.plural(count), message["other"])
        return message

    def _values(
        self, count: int | float | None, values: dict[str, Any], convert: Callable[[Any], Any]
    ) -> dict[str, Any]:
        """The placeholders' values through `convert` (str, or escape), numbers as the language writes them."""
        if count is not None:
            values = {"count": count, **values}
        return {
            name: convert(
                self.number(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
            )
            for name, value in values.items()
        }

    def subset(self, *prefixes: str) -> Mapping[str, Message]:
        """The messages whose ids start with one of `prefixes`: what one script needs (every checklist's share
        box asks again)."""
        found = self._subset_cache.get(prefixes)
        if found is None:
            found = self._subset_cache[prefixes] = {
                key: value for key, value in self.messages.items() if key.startswith(prefixes)
            }
        return found

    def script(self) -> str:
        """The catalogue for workbook.js (workbook/messages.<language>.js): `workbook.catalogue`, read by its `t`.
        A file of its own rather than an inline script: the site ships none."""
        # A counted message the same in every form (English's "... of {count} statements") goes as one text.
        messages = {
            key: next(iter(value.values())) if isinstance(value, dict) and len(set(value.values())) == 1 else value
            for key, value in self.subset(*SCRIPT_MESSAGES).items()
        }
        data = {"language": self.language, "direction": self.direction, "messages": messages}
        # `</` escaped: harmless in a file, and the same text is safe anywhere.
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
        return f"(window.workbook = window.workbook || {{}}).catalogue = {text};\n"


def write_cldr_file() -> None:
    """CLDR_FILE from Babel, for every shipped language."""
    facts = {language: cldr_facts(babel_locale(language)) for language in shipped_languages()}
    CLDR_FILE.write_text(json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python -m workbook.messages: after adding a language to locales/
    write_cldr_file()
