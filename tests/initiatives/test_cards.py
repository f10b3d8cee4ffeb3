"""List cards from the fragment cache, keyed by the initiative's version and the language."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.utils import translation

from initiatives import cards
from initiatives.catalogue_cache import reference_version
from initiatives.models import Initiative

from .factories import InitiativeFactory, SupportFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status
LIST_URL = "/initiatives/"


@pytest.fixture
def fragment_cache(local_caches):
    return local_caches


def rendered(initiative: Initiative) -> str:
    row = Initiative.objects.get(pk=initiative.pk)
    return cards.attach_card_html([row])[0].card_html


def test_a_card_is_rendered_once_and_then_read_from_the_cache(fragment_cache):
    initiative = InitiativeFactory(title="Скамейки у подъезда", status=S.PUBLISHED)
    first = rendered(initiative)
    key = cards.card_key(Initiative.objects.get(pk=initiative.pk), "ru", reference_version())
    fragment_cache.set(key, "<article>из кэша</article>")

    with translation.override("ru"):
        again = rendered(initiative)

    assert "Скамейки у подъезда" in first
    assert again == "<article>из кэша</article>"


@pytest.mark.parametrize(
    "change",
    ["title", "support", "status"],
)
def test_a_changed_initiative_gets_a_fresh_card(fragment_cache, change):
    initiative = InitiativeFactory(title="Скамейки у подъезда", status=S.PUBLISHED, support_threshold=100)
    with translation.override("ru"):
        rendered(initiative)
        if change == "title":
            initiative.title = "Скамейки и урны у подъезда"
            initiative.save()
        elif change == "support":
            # Supports are counted with UPDATE … F(), which does not move updated_at.
            Initiative.objects.filter(pk=initiative.pk).update(support_count=F("support_count") + 7)
        else:
            Initiative.objects.filter(pk=initiative.pk).update(status=S.CONSIDERATION)
        html = rendered(initiative)

    assert {"title": "Скамейки и урны у подъезда", "support": "<strong>7</strong>",
            "status": "status-consideration"}[change] in html


def test_each_language_has_its_own_card(fragment_cache):
    initiative = InitiativeFactory(status=S.PUBLISHED, support_threshold=100)
    with translation.override("ru"):
        russian = rendered(initiative)
    with translation.override("en"):
        english = rendered(initiative)

    assert "голосов поддержки" in russian
    assert "голосов поддержки" not in english


def test_the_list_marks_what_the_resident_supports_outside_the_cached_card(fragment_cache, login, resident):
    supported = InitiativeFactory(title="Поддержанная", status=S.PUBLISHED)
    InitiativeFactory(title="Другая", status=S.PUBLISHED)
    SupportFactory(initiative=supported, user=resident)

    as_resident = login(resident).get(LIST_URL).content.decode()
    as_visitor = login().get(LIST_URL).content.decode()

    assert as_resident.count("initiative-card-supported") == 1
    mark = as_resident.index("initiative-card-supported")
    assert as_resident.rindex("Поддержанная", 0, mark) > as_resident.rindex("<article", 0, mark)
    assert "initiative-card-supported" not in as_visitor


def test_the_list_reads_all_cards_in_one_cache_round_trip(fragment_cache, login, resident, monkeypatch):
    for number in range(5):
        InitiativeFactory(title=f"Инициатива {number}", status=S.PUBLISHED)
    calls = []
    real_get_many = type(fragment_cache).get_many

    def get_many(self, keys, **kw):
        cards_asked = [key for key in keys if key.startswith("initiative-card:")]
        if cards_asked:
            calls.append(len(cards_asked))
        return real_get_many(self, keys, **kw)

    monkeypatch.setattr(type(fragment_cache), "get_many", get_many)
    client = login(resident)

    client.get(LIST_URL)
    client.get(LIST_URL)

    # One round trip for the five cards; the second request has the whole list body
    # from the section cache (tests/initiatives/test_list_section_cache.py).
    assert calls == [5]
