"""The English catalogue: complete, compiled, placeholders intact, and served to residents.

The interface is written in Russian; locale/en/LC_MESSAGES/django.po holds the English of the
apps that existed first, and an app may ship its own <app>/locale/en/LC_MESSAGES/django.po (Django
finds it through INSTALLED_APPS), which keeps a new app's strings out of the shared file. Every
catalogue is held to the same rules. polib is not a dependency, so the .po is read by the parser below.
"""

from __future__ import annotations

import ast
import gettext
import html
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
PO_PATHS = [PO_PATH, *sorted(Path(settings.BASE_DIR).glob("*/locale/en/LC_MESSAGES/django.po"))]

CYRILLIC = re.compile(r"[А-Яа-яЁё]+")
# %(name)s / %(n)d, a literal %%, {name} (python-brace-format), {{ var }}, and HTML tags.
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%%|\{\{.*?\}\}|\{[^{}]*\}|<[^>]+>")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0
    path: str = ""

    @property
    def sources(self) -> list[str]:
        """The source text each msgstr form is compared with."""
        if not self.msgid_plural:
            return [self.msgid]
        return [self.msgid] + [self.msgid_plural] * (len(self.msgstr) - 1)

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[i] for i in sorted(self.msgstr)]

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def parse_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Return the header entry and the messages; entries are separated by blank lines, obsolete (#~) ones skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    target = ""
    for number, raw in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current = None
            continue
        if line.startswith("#~") or (line.startswith("#") and not line.startswith("#,")):
            continue
        current = current or Entry(line=number, path=path.relative_to(settings.BASE_DIR).as_posix())
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if not line.startswith('"'):
            target, _, line = line.partition(" ")
            if not re.fullmatch(r"msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?", target):
                raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
        text = ast.literal_eval(line)
        if target.startswith("msgstr"):
            index = int(target[7:-1]) if "[" in target else 0
            current.msgstr[index] = current.msgstr.get(index, "") + text
        elif target == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + text
        else:
            setattr(current, target, getattr(current, target) + text)
    header = entries[0]
    assert header.msgid == "" and header.msgctxt is None, "the catalogue must start with its header"
    return header, entries[1:]


CATALOGUES = {path: parse_po(path) for path in PO_PATHS}
HEADER, _ = CATALOGUES[PO_PATH]
ENTRIES = [entry for _, entries in CATALOGUES.values() for entry in entries]


def where(entry: Entry) -> str:
    return f"{entry.path}:{entry.line} {entry.msgid[:60]!r}"


@pytest.mark.parametrize("po_path", PO_PATHS, ids=lambda path: path.relative_to(settings.BASE_DIR).as_posix())
def test_catalogue_is_english_with_two_plural_forms(po_path: Path) -> None:
    header, _ = CATALOGUES[po_path]
    assert "fuzzy" not in header.flags, "remove the fuzzy flag from the header"
    meta = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert meta["Language"] == "en"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Plural-Forms"].startswith("nplurals=2;")
    assert len(ENTRIES) > 1000


def test_every_entry_is_translated_and_not_fuzzy() -> None:
    problems = [
        where(entry)
        for entry in ENTRIES
        if "fuzzy" in entry.flags
        or not entry.msgstr
        or any(not text.strip() for text in entry.translations)
        or (entry.msgid_plural and len(entry.msgstr) != 2)
    ]
    assert not problems, "untranslated or fuzzy entries:\n" + "\n".join(problems)


def test_no_russian_left_in_translations() -> None:
    # A Cyrillic word may appear in English only where the source shows Russian input
    # verbatim (an address example for the finder, which matches Russian street names).
    problems = []
    for entry in ENTRIES:
        for source, text in zip(entry.sources, entry.translations, strict=True):
            if CYRILLIC.search(source) and text == source:
                problems.append(f"{where(entry)}: same as the source")
            extra = set(CYRILLIC.findall(text)) - set(CYRILLIC.findall(source))
            if extra:
                problems.append(f"{where(entry)}: Russian words {sorted(extra)}")
    assert not problems, "\n".join(problems)


def test_placeholders_and_markup_are_preserved() -> None:
    problems = []
    for entry in ENTRIES:
        for source, text in zip(entry.sources, entry.translations, strict=True):
            expected, found = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(text))
            if expected != found:
                problems.append(f"{where(entry)}: {expected} != {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po_path", PO_PATHS, ids=lambda path: path.relative_to(settings.BASE_DIR).as_posix())
def test_compiled_catalogue_matches_the_po(po_path: Path) -> None:
    """A stale .mo (the .po edited, compilemessages not run) shows up as a difference here."""
    with po_path.with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for entry in CATALOGUES[po_path][1]:
        if entry.msgid_plural:
            expected.update({(entry.key, index): text for index, text in entry.msgstr.items()})
        else:
            expected[entry.key] = entry.msgstr[0]
    compiled = {key: value for key, value in catalog.items() if key != ""}
    missing = sorted(str(key) for key in expected.keys() - compiled.keys())
    extra = sorted(str(key) for key in compiled.keys() - expected.keys())
    changed = sorted(str(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert not (missing or extra or changed), (
        f"{po_path.with_suffix('.mo')} is out of date: run `manage.py compilemessages -l en`\n"
        f"missing: {missing[:5]}\nextra: {extra[:5]}\nchanged: {changed[:5]}"
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("po_path", PO_PATHS, ids=lambda path: path.relative_to(settings.BASE_DIR).as_posix())
def test_msgfmt_accepts_the_catalogue(tmp_path: Path, po_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(po_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_django_serves_the_catalogue() -> None:
    with translation.override("en"):
        assert translation.gettext("Инициативы") == "Initiatives"
        assert translation.gettext("общественный совет микрорайона") == "public council of a microdistrict"
        assert translation.gettext("сбор поддержки") == "collecting support"
        photos = "Загружено %(counter)s фото из %(max)s возможных."
        assert translation.ngettext(photos, photos, 1) % {"counter": 1, "max": 10} == (
            "1 photo uploaded out of a possible 10."
        )
        assert translation.ngettext(photos, photos, 3) % {"counter": 3, "max": 10} == (
            "3 photos uploaded out of a possible 10."
        )
    with translation.override("ru"):
        assert translation.gettext("Инициативы") == "Инициативы"


# --- pages ------------------------------------------------------------------------------


@pytest.fixture
def pages(db):
    from tests.factories import CouncilFactory, MicrodistrictFactory
    from tests.forum.factories import ForumEditionFactory
    from tests.initiatives.factories import InitiativeFactory

    microdistrict = MicrodistrictFactory(name="10 квартал", slug="kvartal-10-i18n")
    CouncilFactory(microdistrict=microdistrict)
    initiative = InitiativeFactory(microdistrict=microdistrict)
    edition = ForumEditionFactory()
    return {"initiative": initiative.get_absolute_url(), "forum": f"/forum/{edition.year}/"}


# (url or a key of the «pages» fixture, English strings, Russian strings)
PAGES = [
    (
        "/",
        ["Who deals with the issues of your courtyard and quarter", "Find my council"],
        ["Кто решает вопросы вашего двора и квартала", "Найти мой совет"],
    ),
    ("/initiatives/", ["Residents' initiatives", "Filters"], ["Инициативы жителей", "Фильтры"]),
    ("initiative", ["Collecting support", "Sign in to support"], ["Сбор поддержки", "Войдите, чтобы поддержать"]),
    (
        "/councils/",
        ["Councils found: 1", "Public council of a microdistrict", "All types"],
        ["Найдено советов: 1", "Все виды"],
    ),
    ("/find/", ["Enter your building's address", "Street and building"], ["Введите адрес дома", "Улица и дом"]),
    (
        "forum",
        ["Participation is free; you only need to register.", "Registration open"],
        ["Участие бесплатное, нужна только регистрация.", "Идёт регистрация"],
    ),
    (
        "/accounts/signup/",
        ["You need an account to submit and support initiatives", "Name on the portal"],
        ["Учётная запись нужна, чтобы подавать и поддерживать инициативы", "Имя на портале"],
    ),
    ("/accounts/login/", ["Skip to content", "Sign up"], ["Перейти к содержанию", "Регистрация"]),
]


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(("url", "english", "russian"), PAGES, ids=[page[0] for page in PAGES])
def test_page_in_english_with_the_language_cookie(pages, url: str, english: list[str], russian: list[str]) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page_text(client, pages.get(url, url))
    assert '<html lang="en">' in text
    for phrase in english:
        assert phrase in text
    for phrase in [*russian, "Перейти к содержанию", "Мои инициативы"]:
        assert phrase not in text


@pytest.mark.parametrize(("url", "english", "russian"), PAGES, ids=[page[0] for page in PAGES])
def test_page_in_russian_by_default(pages, url: str, english: list[str], russian: list[str]) -> None:
    text = page_text(Client(), pages.get(url, url))
    assert '<html lang="ru">' in text
    for phrase in russian:
        assert phrase in text
    for phrase in [*english, "Skip to content"]:
        assert phrase not in text


def test_language_switch_in_the_header_sets_the_cookie(db) -> None:
    client = Client()
    home = page_text(client, "/")
    assert 'href="/language/en/?next=/"' in home
    response = client.get("/language/en/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Who deals with the issues of your courtyard and quarter" in page_text(client, "/")
    client.get("/language/ru/", {"next": "/"})
    assert "Кто решает вопросы вашего двора и квартала" in page_text(client, "/")


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(db) -> None:
    client = Client()
    assert client.get("/language/de/").status_code == 404
    response = client.get("/language/en/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_profile_language_applies_without_the_cookie(resident) -> None:
    resident.preferred_language = "en"
    resident.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(resident)
    assert "My initiatives" in page_text(client, "/")
