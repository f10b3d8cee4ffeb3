"""The whole demo loaded by `manage.py load_demo`: every new page has content, and no export or page of
statistics and open data holds any demo user's e-mail address or phone (152-FZ)."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from accounts.models import User
from acts.models import NormativeAct
from practices.models import PracticeCase
from stats import datasets, figures

TEST_PASSWORD = "Zhiguli-Test-Login-2026"


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@override_settings(DEBUG=True)
class DemoOpennessTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        import os
        from unittest import mock

        with mock.patch.dict(os.environ, {"DEMO_PASSWORD": TEST_PASSWORD}):
            call_command("load_demo", stdout=io.StringIO())

    def test_every_new_page_has_demo_content(self) -> None:
        client = Client()
        tos = NormativeAct.objects.get(slug="polozhenie-o-tos")
        pages = {
            reverse("acts:list"): "Положение о территориальном общественном самоуправлении",
            tos.get_absolute_url(): "Обсуждение открыто до",
            NormativeAct.objects.get(status="adopted").get_absolute_url(): "Итоги обсуждения",
            reverse("practices:library"): PracticeCase.objects.first().title,
            reverse("workplan:list"): "Обсуждение: Положение о территориальном",
            reverse("stats:statistics"): "<svg",
            reverse("stats:open_data"): "CC BY 4.0",
            reverse("stats:national_projects"): "Инфраструктура для жизни",
            reverse("home"): "Открытые данные",
        }
        for url, text in pages.items():
            response = client.get(url)
            assert response.status_code == 200, url
            assert text in response.content.decode(), (url, text)

    def test_no_export_holds_a_demo_users_email_or_phone(self) -> None:
        client = Client()
        people = list(User.objects.values_list("email", "phone"))
        assert len(people) > 100  # the demo logins and the demo residents
        needles = {email.lower() for email, _phone in people} | {phone for _email, phone in people if phone}
        urls = [reverse("stats:statistics"), reverse("stats:open_data"), reverse("workplan:feed"),
                reverse("practices:library")]
        for slug in figures.figure_slugs():
            urls += [reverse("stats:figure_export", args=[slug, fmt]) for fmt in ("csv", "json")]
        for dataset in datasets.all_datasets():
            urls += [reverse("stats:dataset_export", args=[dataset.slug, fmt]) for fmt in ("csv", "json")]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = _body(response).lower()
            leaked = [needle for needle in needles if needle and needle.lower() in body]
            assert not leaked, (url, leaked[:3])
