"""factory_boy factories for initiatives, shared by every initiatives test module.

Factories write rows directly (they do not go through services) so tests can set up
any state; SupportFactory still keeps `Initiative.support_count` equal to the number of
Support rows, the invariant the services guarantee.
"""

from __future__ import annotations

import datetime as dt
import io

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from PIL import Image

from initiatives.models import (
    Category,
    CoauthorInvitation,
    Comment,
    CommentReport,
    Follow,
    Initiative,
    InitiativePhoto,
    NationalProject,
    OfficialResponse,
    ProgressUpdate,
    Scope,
    StatusChange,
    Support,
)
from tests.factories import MicrodistrictFactory, UserFactory

S = Initiative.Status

# Statuses that an initiative reaches only after publication, so it has a published_at.
_PUBLISHED_ONCE = {*Initiative.PUBLIC_STATUSES}


def make_jpeg(width: int = 64, height: int = 48, color: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    """A small valid JPEG generated with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def jpeg_upload(name: str = "photo.jpg", width: int = 64, height: int = 48) -> SimpleUploadedFile:
    """An uploaded-file object, as a form or a service receives it."""
    return SimpleUploadedFile(name, make_jpeg(width, height), content_type="image/jpeg")


class CategoryFactory(factory.django.DjangoModelFactory):
    """``CategoryFactory()`` returns a seeded category (migration 0002) when there is one.

    Pass ``slug=``/``name=`` for a category of your own. After a transactional test has
    flushed the database the seeds are gone; then a category is created, so tests never
    depend on the order they run in.
    """

    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Категория {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    sort_order = 0

    @classmethod
    def create(cls, **kwargs):
        if not kwargs and (existing := Category.objects.first()) is not None:
            return existing
        return super().create(**kwargs)


def seeded_category() -> Category:
    return CategoryFactory()


class NationalProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalProject
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Национальный проект {n}")
    slug = factory.Sequence(lambda n: f"national-project-{n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A published initiative collecting support in a microdistrict, by default.

    Pass ``status=`` for any other state: published_at is set for statuses reached only
    after publication and left empty for draft, moderation, revision and withdrawn (pass
    ``published_at=`` to model a withdrawal after publication).
    """

    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Благоустройство двора {n} на бульваре Татищева")
    summary = "Новая детская площадка, скамейки и освещение во дворе."
    description = "Жители просят обновить площадку.\nСейчас качели сломаны."
    category = factory.LazyFunction(seeded_category)
    scope = Scope.MICRODISTRICT
    microdistrict = factory.SubFactory(MicrodistrictFactory)
    district = factory.LazyAttribute(lambda o: o.microdistrict.district if o.microdistrict else None)
    address = "бульвар Татищева, 12"
    latitude = "53.520000"
    longitude = "49.410000"
    author = factory.SubFactory(UserFactory)
    status = S.PUBLISHED
    support_threshold = 100
    collection_deadline = factory.LazyAttribute(
        lambda o: timezone.localdate() + dt.timedelta(days=30) if o.status in _PUBLISHED_ONCE else None
    )
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() - dt.timedelta(days=3) if o.status in _PUBLISHED_ONCE else None
    )
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == S.DRAFT else timezone.now() - dt.timedelta(days=5)
    )


class CoauthorInvitationFactory(factory.django.DjangoModelFactory):
    """An invitation; ``accepted=True`` (default) makes ``user`` a co-author."""

    class Meta:
        model = CoauthorInvitation

    class Params:
        accepted = True

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.Maybe("accepted", factory.SubFactory(UserFactory), None)
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "invitee@example.org")
    invited_by = factory.LazyAttribute(lambda o: o.initiative.author)
    status = factory.Maybe("accepted", CoauthorInvitation.Status.ACCEPTED, CoauthorInvitation.Status.PENDING)
    answered_at = factory.Maybe("accepted", factory.LazyFunction(timezone.now), None)


def add_coauthor(initiative: Initiative, user=None):
    """Make ``user`` (or a new resident) an accepted co-author of ``initiative``; returns the user."""
    user = user or UserFactory()
    CoauthorInvitationFactory(initiative=initiative, user=user)
    return user


def _photo_file(name: str, width: int, height: int) -> ContentFile:
    return ContentFile(make_jpeg(width, height), name=name)


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativePhoto

    initiative = factory.SubFactory(InitiativeFactory)
    kind = InitiativePhoto.Kind.GALLERY
    image = factory.LazyFunction(lambda: _photo_file("photo.jpg", 160, 120))
    thumbnail = factory.LazyFunction(lambda: _photo_file("thumb.jpg", 64, 48))
    caption = factory.Sequence(lambda n: f"Двор сейчас, вид {n}")
    position = factory.Sequence(lambda n: n)
    uploaded_by = factory.LazyAttribute(lambda o: o.initiative.author)


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        support = super()._create(model_class, *args, **kwargs)
        Initiative.objects.filter(pk=support.initiative_id).update(support_count=F("support_count") + 1)
        support.initiative.refresh_from_db(fields=["support_count"])
        return support


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Поддерживаю, во дворе давно нужна площадка ({n}).")


class CommentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentReport

    comment = factory.SubFactory(CommentFactory)
    reporter = factory.SubFactory(UserFactory)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    initiative = factory.SubFactory(InitiativeFactory)
    from_status = S.MODERATION
    to_status = factory.LazyAttribute(lambda o: o.initiative.status)
    actor = None
    reason = ""


class OfficialResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficialResponse

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.SubFactory(UserFactory, is_staff=True)
    organisation = "Администрация Автозаводского района"
    body = "Площадка включена в план благоустройства на следующий год."


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    initiative = factory.SubFactory(InitiativeFactory, status=S.IN_PROGRESS)
    author = factory.SubFactory(UserFactory, is_staff=True)
    body = "Установлены новые качели и скамейки."
