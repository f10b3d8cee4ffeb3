"""factory_boy factories of the forum, with realistic values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import factory

from forum import services
from forum.models import (
    ForumEdition,
    ParticipantType,
    Registration,
    Resolution,
    ResolutionItem,
    Section,
    Speaker,
    Topic,
)
from tests.factories import UserFactory

SAMARA = ZoneInfo("Europe/Samara")


class ForumEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumEdition

    year = factory.Sequence(lambda n: 2030 + n)
    status = ForumEdition.Status.REGISTRATION_OPEN
    starts_at = factory.LazyAttribute(lambda o: dt.datetime(o.year, 12, 10, 10, 0, tzinfo=SAMARA))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=7))
    venue = "Дворец культуры, искусства и творчества"
    address = "г. Тольятти, ул. Юбилейная, 8"
    capacity = 100


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Спикер Иван {n}")
    position = "председатель совета ТОС"
    organisation = factory.Sequence(lambda n: f"ТОС «Квартал {n}»")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    edition = factory.SubFactory(ForumEditionFactory)
    title = factory.Sequence(lambda n: f"Площадка {n}: лучшие практики ТОС")
    description = "Опыт ТОС и общественных советов."
    starts_at = factory.LazyAttribute(lambda o: o.edition.starts_at + dt.timedelta(hours=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    room = "Малый зал"
    capacity = None


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    edition = factory.SubFactory(ForumEditionFactory, status=ForumEdition.Status.HELD)
    title = "Резолюция Форума"
    preamble = "Первый абзац.\n\nВторой абзац."
    adopted_on = factory.LazyAttribute(lambda o: o.edition.starts_at.date())


class ResolutionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResolutionItem

    resolution = factory.SubFactory(ResolutionFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = ResolutionItem.Kind.RECOMMENDATION
    text = factory.Sequence(lambda n: f"содействовать реализации лучших практик № {n};")
    status = ResolutionItem.Status.IN_PROGRESS
    progress_percent = 40


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    edition = factory.SubFactory(ForumEditionFactory)
    title = factory.Sequence(lambda n: f"Тема {n}: дворы без машин")
    description = "Как договориться о парковке во дворах квартала."
    author = factory.SubFactory(UserFactory)


def register(
    edition: ForumEdition, user, sections: Iterable[Section] = (), *, full_name: str | None = None,
    organisation: str = "",
) -> Registration:
    return services.registration_create(
        edition=edition, user=user, full_name=full_name or f"Иванов Иван {user.pk}",
        participant_type=ParticipantType.RESIDENT, organisation=organisation, sections=sections, consent=True,
    )
