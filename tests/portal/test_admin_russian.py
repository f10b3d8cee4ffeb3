"""The admin reads as correct Russian: accusative titles, counts in three forms, no English headers.

Every registered model is checked: its change list, its add or change form, and the delete
page, as a superuser in Russian. A new model needs two entries in locale/ru (the accusative and
the three count forms, see core/admin_grammar.py); this test names the missing ones.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import trans_real

from core.admin_grammar import accusative, count_name
from initiatives.models import Initiative
from tests.factories import MicrodistrictFactory
from tests.initiatives.factories import CommentFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
# Latin words that are Russian usage in the admin (abbreviations, product names).
ALLOWED_LATIN = {"id", "api", "e", "mail", "url", "pdf", "csv", "crontab", "ics", "totp", "mfa", "outbox", "ip", "json"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _headers(html: str) -> list[str]:
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html, flags=re.S)
    texts = [re.sub(r"<[^>]+>", " ", c) for c in cells]
    return [" ".join(t.split()) for t in texts if t.strip()]


def _title(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)
    assert match, "no <h1>"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def ru_admin(client, superuser):
    client.force_login(superuser)
    client.cookies["portal_language"] = "ru"
    with translation.override("ru"):
        yield client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_an_accusative_and_three_count_forms(model) -> None:
    opts = model._meta
    with translation.override("ru"):
        name, plural = str(opts.verbose_name), str(opts.verbose_name_plural)
        forms = {count_name(model, n) for n in (1, 3, 5)}
        catalog = trans_real.translation("ru")._catalog
        assert catalog.get(f"accusative\x04{name}") is not None, f"locale/ru lacks the accusative of «{name}»"
        # A real entry gives three forms (or the same word, for the invariable ТОС and время).
        entry_known = count_name(model, 5) != plural or name == plural
        assert entry_known, f"locale/ru lacks the counts of «{name}» / «{plural}»"
        assert forms, name
    assert not LATIN_WORD.search(name.replace("API", "").replace("crontab", "")), f"untranslated name «{name}»"


def test_the_three_plural_forms() -> None:
    with translation.override("ru"):
        assert [count_name(Initiative, n) for n in (1, 3, 5, 11, 21, 22, 25)] == [
            "инициатива", "инициативы", "инициатив", "инициатив", "инициатива", "инициативы", "инициатив",
        ]
        assert accusative(Initiative) == "инициативу"
        invitations = translation.ngettext(
            "Вас пригласили в инициативную группу: %(counter)s приглашение ждёт ответа.",
            "Вас пригласили в инициативные группы: %(counter)s приглашения ждут ответа.", 5,
        ) % {"counter": 5}
        assert invitations.endswith("5 приглашений ждут ответа.")
        votes = translation.ngettext("из %(counter)s голоса поддержки", "из %(counter)s голосов поддержки", 21)
        assert votes % {"counter": 21} == "из 21 голоса поддержки"
        assert votes != translation.ngettext("из %(counter)s голоса поддержки", "из %(counter)s голосов поддержки", 25)
    with translation.override("en"):
        assert count_name(Initiative, 5) == "initiatives"
        assert accusative(Initiative) == "initiative"


def test_progress_says_of_21_votes_in_the_genitive_singular(client) -> None:
    InitiativeFactory(support_threshold=21, title="Порог двадцать один")
    page = client.get(reverse("initiatives:list")).content.decode()
    assert "из 21 голоса поддержки" in page


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_and_forms_read_as_russian(ru_admin, model) -> None:
    opts = model._meta
    model_admin = admin.site._registry[model]
    try:
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        pytest.skip("no change list")
    response = ru_admin.get(changelist)
    assert response.status_code == 200, changelist
    html = response.content.decode()
    with translation.override("ru"):
        acc = accusative(model)
    title = _title(html)
    assert title in (f"Выберите {acc} для изменения", f"Выберите {acc} для просмотра"), title
    for header in _headers(html):
        latin = {w.lower() for w in LATIN_WORD.findall(header)} - ALLOWED_LATIN
        assert not latin, f"{changelist}: English column header «{header}»"
    count = response.context["cl"].result_count
    with translation.override("ru"):
        assert f"{count} {count_name(model, count)}" in html

    if model_admin.has_add_permission(response.wsgi_request):
        add = ru_admin.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert add.status_code == 200
        assert _title(add.content.decode()) == f"Добавить {acc}"
        assert f"Добавить {acc}" in html  # the button on the change list

    obj = model_admin.get_queryset(response.wsgi_request).first()
    if obj is not None:
        change = ru_admin.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert change.status_code == 200
        assert _title(change.content.decode()) in (f"Изменить {acc}", f"Просмотреть {acc}")


def test_comment_list_has_no_english_header_and_counts_agree(ru_admin) -> None:
    initiative = InitiativeFactory(microdistrict=MicrodistrictFactory())
    for _ in range(3):
        CommentFactory(initiative=initiative)
    html = ru_admin.get(reverse("admin:initiatives_comment_changelist")).content.decode()
    assert "INITIATIVE" not in html.upper().replace("INITIATIVES", "") or "initiative" not in _headers(html)
    assert "Инициатива" in " ".join(_headers(html)).capitalize() or "инициатива" in " ".join(_headers(html)).lower()
    assert "3 комментария" in html
    assert "Выберите комментарий для" in html


def test_initiative_titles_are_accusative(ru_admin) -> None:
    initiative = InitiativeFactory(status=Initiative.Status.MODERATION)
    for _ in range(4):
        InitiativeFactory()
    html = ru_admin.get(reverse("admin:initiatives_initiative_changelist")).content.decode()
    assert "Выберите инициативу для изменения" in html
    assert "5 инициатив" in html
    change = ru_admin.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk])).content.decode()
    assert "Изменить инициативу" in change
    assert "Изменить инициатива" not in change
