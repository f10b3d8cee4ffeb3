"""The forum's titles in two languages (forum/translation.py): pages, cached rows, letters, admin, copies, demo."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from forum import selectors, services
from forum.demo import SECTION_TITLES_EN, load_forum_demo
from forum.models import DEFAULT_FORUM_TITLE, DEFAULT_FORUM_TITLE_EN, ForumEdition, Resolution, Section, Topic
from tests.factories import StaffUserFactory, UserFactory
from tests.pages import page_text

from .factories import ForumEditionFactory, ResolutionFactory, SectionFactory, TopicFactory, register

pytestmark = pytest.mark.django_db

@pytest.fixture
def edition() -> ForumEdition:
    edition = ForumEditionFactory(theme_ru="Год исполнения резолюции", theme_en="The year of the resolution")
    SectionFactory(edition=edition, title_ru="ТОС и общественные советы", title_en="TOS and public councils")
    SectionFactory(edition=edition, title_ru="Открытое обсуждение актов")  # no English yet
    return edition


def test_a_new_edition_has_the_forums_name_in_both_languages(edition):
    assert (edition.title_ru, edition.title_en) == (DEFAULT_FORUM_TITLE, DEFAULT_FORUM_TITLE_EN)


def test_english_page_shows_english_titles_and_falls_back_to_russian(edition):
    english = page_text(edition.get_absolute_url(), "en")
    for phrase in (DEFAULT_FORUM_TITLE_EN, "The year of the resolution", "TOS and public councils",
                   "Открытое обсуждение актов"):
        assert phrase in english
    for phrase in (DEFAULT_FORUM_TITLE, "Год исполнения резолюции", "ТОС и общественные советы"):
        assert phrase not in english


def test_russian_page_shows_russian_titles(edition):
    russian = page_text(edition.get_absolute_url())
    for phrase in (DEFAULT_FORUM_TITLE, "Год исполнения резолюции", "ТОС и общественные советы"):
        assert phrase in russian
    for phrase in (DEFAULT_FORUM_TITLE_EN, "The year of the resolution", "TOS and public councils"):
        assert phrase not in russian


def test_cached_forum_rows_are_read_in_each_readers_language(local_caches, resident):
    """The home block and the resolution's items are cached once for every language: as rows, not text."""
    resolution = ResolutionFactory(title_ru="Резолюция Форума", title_en="Resolution of the Forum")
    ForumEditionFactory(theme_ru="Тема года", theme_en="Theme of the year")
    url = reverse("forum:resolution", args=[resolution.edition.year])
    with translation.override("ru"):
        assert selectors.home_summary()["forum_edition"].theme == "Тема года"
    assert "Резолюция Форума" in page_text(url, user=resident)
    with translation.override("en"):
        cached = selectors.home_summary()
        assert cached["forum_edition"].theme == "Theme of the year"
        assert cached["latest_resolution"].title == "Resolution of the Forum"
    english = page_text(url, "en", user=resident)
    assert "Resolution of the Forum" in english and "Резолюция Форума" not in english


def test_letters_name_the_forum_in_the_recipients_language(edition, django_capture_on_commit_callbacks):
    section = edition.sections.get(title_ru="ТОС и общественные советы")
    english_reader = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        register(edition, english_reader, [section])
    body = mail.outbox[-1].body
    assert DEFAULT_FORUM_TITLE_EN in body and "TOS and public councils" in body
    assert DEFAULT_FORUM_TITLE not in body


def test_copy_to_next_year_keeps_both_languages_whatever_the_staff_members(edition):
    with translation.override("en"):
        copy = services.edition_copy_to_next_year(edition)
    copy = ForumEdition.objects.get(pk=copy.pk)
    assert (copy.title_ru, copy.title_en) == (DEFAULT_FORUM_TITLE, DEFAULT_FORUM_TITLE_EN)
    titles = set(Section.objects.filter(edition=copy).values_list("title_ru", "title_en"))
    assert titles == {("ТОС и общественные советы", "TOS and public councils"), ("Открытое обсуждение актов", None)}
    # The original column (read by SQL past modeltranslation) keeps the Russian.
    originals = set(Section.objects.filter(edition=copy).rewrite(False).values_list("title", flat=True))
    assert originals == {"ТОС и общественные советы", "Открытое обсуждение актов"}


def test_a_topic_taken_into_the_programme_keeps_its_words_as_the_russian_title(edition):
    organiser = StaffUserFactory(role="forum_organiser")
    topic = TopicFactory(edition=edition, title="Освещение дворов")
    with translation.override("en"):
        services.topic_select(topic, actor=organiser, create_section=True)
    section = Topic.objects.get(pk=topic.pk).section
    assert (section.title_ru, section.title_en) == ("Освещение дворов", None)
    assert "Освещение дворов" in page_text(edition.get_absolute_url(), "en")


def test_admin_forms_have_both_languages(client, superuser, edition):
    client.force_login(superuser)
    form = client.get(reverse("admin:forum_forumedition_change", args=[edition.pk])).context["adminform"].form
    assert {"title_ru", "title_en", "theme_ru", "theme_en"} <= set(form.fields)
    assert "title" not in form.fields and form.fields["title_ru"].required and not form.fields["title_en"].required
    section = edition.sections.first()
    form = client.get(reverse("admin:forum_section_change", args=[section.pk])).context["adminform"].form
    assert {"title_ru", "title_en"} <= set(form.fields)
    resolution = ResolutionFactory()
    form = client.get(reverse("admin:forum_resolution_change", args=[resolution.pk])).context["adminform"].form
    assert {"title_ru", "title_en"} <= set(form.fields)
    inlines = client.get(reverse("admin:forum_forumedition_change", args=[edition.pk])).context["inline_admin_formsets"]
    section_inline = next(f for f in inlines if f.opts.model is Section)
    assert {"title_ru", "title_en"} <= set(section_inline.formset.forms[0].fields)


def test_the_demo_fills_english_titles_also_into_existing_rows():
    load_forum_demo()
    # A database loaded before the translations: the English is missing.
    ForumEdition.objects.update(title_en=None, theme_en=None)
    Section.objects.update(title_en=None)
    Resolution.objects.update(title_en=None)

    load_forum_demo()

    assert set(ForumEdition.objects.values_list("title_en", flat=True)) == {DEFAULT_FORUM_TITLE_EN}
    assert all(ForumEdition.objects.values_list("theme_en", flat=True))
    titles = dict(Section.objects.values_list("title_ru", "title_en"))
    assert titles == {russian: SECTION_TITLES_EN[russian] for russian in titles}
    assert Resolution.objects.get().title_en.startswith("Resolution of the Forum")
