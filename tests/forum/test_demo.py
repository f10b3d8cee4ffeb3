"""The demo loader: the 2025 forum with the real resolution, the 2026 forum open for registration."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.demo import load_forum_demo, load_resolution_text
from forum.models import ForumEdition, ResolutionItem

pytestmark = pytest.mark.django_db


def forum_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("forum").get_models()} | {
        f"{model.__name__}.m2m": sum(
            getattr(model, field.name).through.objects.count() for field in model._meta.many_to_many
        )
        for model in apps.get_app_config("forum").get_models()
        if model._meta.many_to_many
    }


def test_loading_twice_gives_identical_counts():
    out = io.StringIO()
    load_forum_demo(stdout=out)
    first = forum_counts()
    load_forum_demo()
    assert forum_counts() == first
    assert first["ForumEdition"] == 2
    assert first["ResolutionItem"] == 8
    assert "резолюция 2025 года: пунктов 8" in out.getvalue()


def test_demo_editions_and_links():
    load_forum_demo()
    held = ForumEdition.objects.get(year=2025)
    upcoming = ForumEdition.objects.get(year=2026)
    assert held.status == ForumEdition.Status.HELD
    assert upcoming.status == ForumEdition.Status.REGISTRATION_OPEN
    assert upcoming.starts_at > timezone.now()
    titles = set(upcoming.sections.values_list("title", flat=True))
    assert {
        "ТОС и общественные советы: лучшие практики",
        "Национальные проекты на территории города",
        "Инициативные группы и партнёрские проекты",
        "Нормативные акты о взаимодействии с общественностью: открытое обсуждение",
    } <= titles
    assert all(s.speakers.exists() for s in upcoming.sections.all() if s.capacity)
    last = ResolutionItem.objects.get(resolution__edition=held, number=8)
    assert last.next_edition == upcoming
    assert "ежегодно" in last.text
    statuses = set(ResolutionItem.objects.values_list("status", flat=True))
    assert {"done", "in_progress", "not_started"} <= statuses


def test_parsed_text_keeps_the_original_spacing():
    parsed = load_resolution_text()
    assert parsed.title == "Резолюция Форума «Самоуправление Тольятти: от стратегии к практике»"
    assert len(parsed.preamble) == 2
    assert (len(parsed.decisions), len(parsed.recommendations)) == (2, 6)
    # Doubled spaces inside the adopted text stay as adopted.
    assert "общественное  самоуправление" in parsed.decisions[0]
    assert parsed.recommendations_intro.endswith("целесообразно:")
    assert not any(t.startswith("·") or t != t.strip() for t in parsed.decisions + parsed.recommendations)


def test_next_forum_page_links_back_to_the_item_it_carries_out():
    load_forum_demo()
    page = Client().get(reverse("forum:edition", args=[2026])).content.decode()
    assert reverse("forum:resolution", args=[2025]) + "#item-8" in page
    held = Client().get(reverse("forum:edition", args=[2025])).content.decode()
    assert "Резолюция Форума 2025 года" in held  # materials are shown once the forum is held
