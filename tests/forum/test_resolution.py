"""The resolution page: the adopted text verbatim, progress per item and overall, reports, initiatives."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.demo import load_forum_demo
from forum.models import ForumEdition, ProgressReport, Resolution, ResolutionItem, overall_progress
from initiatives.models import Initiative
from tests.factories import UserFactory

from .factories import ResolutionItemFactory

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).resolve().parents[2] / "forum" / "fixtures" / "resolution_2025.txt"
S = ResolutionItem.Status


def bullets_from_fixture() -> list[str]:
    """Read independently of the loader's parser: every «·» line, marker and edge whitespace removed."""
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    return [line.strip().removeprefix("·").strip() for line in lines if line.strip().startswith("·")]


def test_fixture_is_the_reference_text():
    reference = Path("/work/shared/reference/forum-resolution.ru.txt")
    if not reference.exists():
        pytest.skip("the shared reference is not mounted here")
    assert FIXTURE.read_bytes() == reference.read_bytes()


def test_demo_resolution_page_shows_eight_items_verbatim_with_statuses():
    load_forum_demo()
    response = Client().get(reverse("forum:resolution", args=[2025]))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())

    expected = bullets_from_fixture()
    assert len(expected) == 8
    items = list(ResolutionItem.objects.filter(resolution__edition__year=2025).order_by("number"))
    assert [i.text for i in items] == expected
    assert [i.kind for i in items] == ["decision"] * 2 + ["recommendation"] * 6
    for item in items:
        assert item.text in page
        assert f'id="item-{item.number}"' in page
        assert item.get_status_display().capitalize() in page

    text = FIXTURE.read_text(encoding="utf-8").splitlines()
    assert text[2].strip() in page and text[3].strip() in page  # the preamble's two paragraphs
    assert "Участники Форума решили:" in page
    # The last item is carried out by the next forum, and links to it.
    assert items[-1].next_edition.year == 2026
    assert reverse("forum:edition", args=[2026]) in page


def test_overall_progress_is_computed_on_the_page():
    load_forum_demo()
    items = ResolutionItem.objects.filter(resolution__edition__year=2025)
    expected = overall_progress(items)
    assert expected == round(sum(i.effective_percent for i in items if i.status != S.CANCELLED) / 8)
    response = Client().get(reverse("forum:resolution", args=[2025]))
    assert response.context["overall_progress"] == expected
    assert f'value="{expected}"' in response.content.decode()


def test_overall_progress_formula():
    resolution = ResolutionItemFactory().resolution
    resolution.items.all().delete()
    make = ResolutionItemFactory
    make(resolution=resolution, number=1, status=S.DONE, progress_percent=70)  # done counts as 100
    make(resolution=resolution, number=2, status=S.IN_PROGRESS, progress_percent=40)
    make(resolution=resolution, number=3, status=S.NOT_STARTED, progress_percent=0)
    make(resolution=resolution, number=4, status=S.CANCELLED, progress_percent=90)  # not counted
    assert overall_progress(resolution.items.all()) == round((100 + 40 + 0) / 3)
    assert overall_progress([]) is None
    resolution.items.exclude(status=S.CANCELLED).update(status=S.CANCELLED)
    assert overall_progress(resolution.items.all()) is None


def test_only_public_initiatives_are_shown():
    item = ResolutionItemFactory()
    author = UserFactory()
    public = Initiative.objects.create(
        title="Сквер на бульваре Татищева", summary="Благоустройство сквера.", author=author, scope="city",
        status=Initiative.Status.IMPLEMENTED,
    )
    draft = Initiative.objects.create(
        title="Черновик про парковку", summary="Пока черновик.", author=author, scope="city",
        status=Initiative.Status.DRAFT,
    )
    item.initiatives.set([public, draft])
    page = Client().get(reverse("forum:resolution", args=[item.resolution.edition.year])).content.decode()
    assert "Сквер на бульваре Татищева" in page
    assert "Черновик про парковку" not in page


def test_report_history_is_shown_newest_first(forum_moderator):
    item = ResolutionItemFactory(progress_percent=10)
    services.progress_report_add(item, author=forum_moderator, text="Первый шаг.", reported_on=dt.date(2026, 1, 10),
                                 new_percent=20)
    services.progress_report_add(item, author=forum_moderator, text="Второй шаг.", reported_on=dt.date(2026, 3, 10),
                                 new_status=S.IN_PROGRESS, new_percent=45)
    item.refresh_from_db()
    assert item.progress_percent == 45
    page = Client().get(reverse("forum:resolution", args=[item.resolution.edition.year])).content.decode()
    assert page.index("Второй шаг.") < page.index("Первый шаг.")
    assert "Модератор Форума" in page


def test_report_marking_done_sets_percent_100(forum_moderator):
    item = ResolutionItemFactory(progress_percent=30)
    report = services.progress_report_add(item, author=forum_moderator, text="Готово.", new_status=S.DONE)
    item.refresh_from_db()
    assert (item.status, item.progress_percent) == (S.DONE, 100)
    assert report.new_percent == 100


def test_report_refused_for_a_resident(resident):
    item = ResolutionItemFactory()
    with pytest.raises(services.NotAllowed):
        services.progress_report_add(item, author=resident, text="Я всё сделал.")
    assert not ProgressReport.objects.exists()


def test_percent_out_of_range_refused(forum_moderator):
    item = ResolutionItemFactory()
    with pytest.raises(services.DomainError):
        services.progress_report_add(item, author=forum_moderator, text="…", new_percent=120)


def test_report_link_shown_only_to_those_who_may_report(forum_moderator, resident):
    item = ResolutionItemFactory()
    url = reverse("forum:resolution", args=[item.resolution.edition.year])
    link = reverse("forum:report_add", args=[item.resolution.edition.year, item.pk])
    client = Client()
    assert link not in client.get(url).content.decode()
    client.force_login(resident)
    assert link not in client.get(url).content.decode()
    client.force_login(forum_moderator)
    assert link in client.get(url).content.decode()


def test_edition_without_resolution_is_404():
    edition = ForumEdition.objects.create(
        year=2045, starts_at="2045-12-10T10:00+04:00", ends_at="2045-12-10T17:00+04:00", venue="ДК", address="ул.",
        capacity=10,
    )
    assert not Resolution.objects.filter(edition=edition).exists()
    assert Client().get(reverse("forum:resolution", args=[2045])).status_code == 404



def test_report_evidence_file_must_really_be_a_pdf(forum_moderator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forum.forms import ProgressReportForm

    item = ResolutionItemFactory()
    data = {"reported_on": "2026-01-10", "text": "Отчёт"}
    fake = SimpleUploadedFile("otchet.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    form = ProgressReportForm(data, {"evidence_file": fake}, item=item)
    assert not form.is_valid() and "evidence_file" in form.errors
    real = SimpleUploadedFile("otchet.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    assert ProgressReportForm(data, {"evidence_file": real}, item=item).is_valid()
