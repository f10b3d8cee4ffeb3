"""Public pages of acts and residents' actions through them: who may comment, vote and report."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from acts import services
from acts.models import NormativeAct, PointComment, PointVote
from tests.factories import UserFactory

S = NormativeAct.Status
pytestmark = pytest.mark.django_db


def test_list_shows_public_acts_only(client, make_act):
    public = make_act(S.DISCUSSION, title="Положение о ТОС")
    hidden = make_act(S.PREPARING, title="Черновик для своих")
    page = client.get(reverse("acts:list")).content.decode()
    assert public.title in page and hidden.title not in page
    assert client.get(reverse("acts:detail", args=[hidden.slug])).status_code == 404


def test_detail_shows_points_with_their_counts(client, open_act, point, resident):
    services.comment_add(point, author=resident, body="Долго.")
    services.vote(point, user=resident, value="object")
    page = client.get(open_act.get_absolute_url()).content.decode()
    assert "Границы устанавливаются" in page
    assert "1 комментарий" in page and "возражают: 1" in page


def test_anonymous_cannot_comment_or_vote(client, open_act, point):
    url = reverse("acts:comment_add", args=[open_act.slug, point.pk])
    response = client.post(url, {"body": "Текст"})
    assert response.status_code == 302 and "login" in response["Location"]
    client.post(reverse("acts:vote", args=[open_act.slug, point.pk]), {"value": "support"})
    assert not PointComment.objects.exists() and not PointVote.objects.exists()


def test_resident_comments_replies_and_votes(client, open_act, point, resident):
    client.force_login(resident)
    response = client.post(reverse("acts:comment_add", args=[open_act.slug, point.pk]), {"body": "Предлагаю 20 дней."})
    comment = PointComment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    client.post(reverse("acts:vote", args=[open_act.slug, point.pk]), {"value": "support"})
    assert PointVote.objects.get().value == "support"
    page = client.get(point.get_absolute_url()).content.decode()
    assert "Предлагаю 20 дней." in page and resident.public_name in page
    assert resident.email not in page


def test_closed_act_refuses_comments_with_a_message_not_an_error(client, make_act, resident):
    act = make_act(S.CLOSED)
    point = act.points.first()
    client.force_login(resident)
    response = client.post(reverse("acts:comment_add", args=[act.slug, point.pk]), {"body": "Поздно"}, follow=True)
    assert response.status_code == 200
    assert "Обсуждение этого акта закрыто" in response.content.decode()
    assert not PointComment.objects.exists()


def test_empty_comment_is_shown_back_as_a_form_error(client, open_act, point, resident):
    client.force_login(resident)
    response = client.post(reverse("acts:comment_add", args=[open_act.slug, point.pk]), {"body": ""})
    assert response.status_code == 400


def test_point_of_another_act_is_404(client, open_act, make_act):
    other = make_act(S.DISCUSSION)
    assert client.get(reverse("acts:point", args=[open_act.slug, other.points.first().pk])).status_code == 404


def test_report_through_the_page(client, open_act, point, resident):
    comment = services.comment_add(point, author=resident, body="Текст")
    client.force_login(UserFactory())
    client.post(reverse("acts:comment_report", args=[open_act.slug, point.pk, comment.pk]), {"reason": "спам"})
    assert comment.reports.count() == 1


def test_published_summary_and_side_by_side_versions_are_shown(client, make_act, administrator):
    import datetime as dt

    from django.utils import timezone

    act = make_act()
    services.open_discussion(act, actor=administrator, ends_on=timezone.localdate() + dt.timedelta(days=3))
    services.close_discussion(act, actor=administrator)
    p = act.points.get(number="2.1")
    p.adopted_text = "Границы устанавливаются в течение 20 рабочих дней."
    p.save()
    act.points.filter(number="1.1").update(adopted_text="ТОС создаётся жителями.")
    act.refresh_from_db()
    services.summary_set(p, actor=administrator, decision="partly", reasoning="Срок сокращён.")
    services.adopt(act, actor=administrator, number="9-п", adopted_on=timezone.localdate())
    page = client.get(act.get_absolute_url()).content.decode()
    assert "Срок сокращён." not in page  # not published yet
    services.publish_summary(act, actor=administrator)
    page = client.get(act.get_absolute_url()).content.decode()
    assert "Срок сокращён." in page and "учтено частично" in page
    compare = client.get(reverse("acts:compare", args=[act.slug])).content.decode()
    assert "<del>30</del>" in compare and "<ins>20 рабочих</ins>" in compare
    assert "исключён" in compare  # 2.2 left out


def test_compare_is_404_before_adoption(client, open_act):
    assert client.get(reverse("acts:compare", args=[open_act.slug])).status_code == 404


def test_adopted_text_must_be_a_real_pdf(make_act):
    act = make_act(S.ADOPTED)
    act.adopted_pdf = SimpleUploadedFile("act.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        act.full_clean()
    act.adopted_pdf = SimpleUploadedFile("act.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    act.full_clean()


def test_detail_page_queries_do_not_grow_with_points(client, make_act, resident):
    act = make_act(S.DISCUSSION)
    client.force_login(resident)
    client.get(act.get_absolute_url())
    from acts.models import ActPoint, ActSection

    section = ActSection.objects.filter(act=act).first()
    for n in range(30):
        ActPoint.objects.create(act=act, section=section, number=f"9.{n}", text="Ещё пункт", position=10 + n)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small_act = make_act(S.DISCUSSION)
    with CaptureQueriesContext(connection) as small:
        client.get(small_act.get_absolute_url())
    with CaptureQueriesContext(connection) as big:
        client.get(act.get_absolute_url())
    assert len(big) == len(small)
