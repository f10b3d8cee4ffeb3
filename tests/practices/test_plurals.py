"""Counts on the openness pages agree with the number in Russian (1 раз, 2 раза, 5 раз)."""

from __future__ import annotations

import pytest
from django.utils import translation

from practices.models import PracticeRepeat
from tests.initiatives.factories import InitiativeFactory

PLURALS = [
    ("Найдена %(counter)s практика", "Найдено практик: %(counter)s",
     {1: "Найдена 1 практика", 3: "Найдены 3 практики", 5: "Найдено 5 практик", 21: "Найдена 21 практика"}),
    ("Эту практику уже повторили %(counter)s раз.", "Эту практику уже повторили %(counter)s раз.",
     {1: "повторили 1 раз.", 2: "повторили 2 раза.", 11: "повторили 11 раз."}),
    ("%(counter)s инициатива жителей", "Инициатив жителей: %(counter)s",
     {1: "1 инициатива жителей", 4: "4 инициативы жителей", 12: "12 инициатив жителей"}),
    ("%(counter)s комментарий", "%(counter)s комментариев",
     {1: "1 комментарий", 2: "2 комментария", 7: "7 комментариев"}),
]


@pytest.mark.parametrize(("singular", "plural", "expected"), PLURALS)
def test_russian_counts_agree_with_the_number(singular, plural, expected):
    with translation.override("ru"):
        for n, text in expected.items():
            assert text in translation.ngettext(singular, plural, n) % {"counter": n}


@pytest.mark.django_db
def test_case_page_says_repeated_twice(client, make_case):
    case = make_case()
    for _ in range(2):
        PracticeRepeat.objects.create(case=case, initiative=InitiativeFactory(status="draft"))
    assert "уже повторили 2 раза." in client.get(case.get_absolute_url()).content.decode()
