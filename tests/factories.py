"""factory_boy factories for every model, with realistic Tolyatti values."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import ConsentText, PersonalDataConsent, User
from councils.models import (
    TOS,
    Building,
    Council,
    CouncilMeeting,
    CouncilMember,
    District,
    Microdistrict,
    MicrodistrictManager,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Житель {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(user=obj, email=obj.email, defaults={"verified": True, "primary": True})
            obj.save()


# The TOTP secret every staff factory account is enrolled with (tests compute codes from it).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class StaffUserFactory(UserFactory):
    """A staff user in a role group (default: moderator); pass role="administrator" etc.

    Enrolled in TOTP (the admin opens only with a second factor); ``mfa=False`` leaves it out.
    """

    is_staff = True

    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from accounts.mfa import enrol_totp

            enrol_totp(obj, STAFF_TOTP_SECRET)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            from accounts.roles import sync_role_groups

            name = extracted or "moderator"
            if not Group.objects.filter(name=name).exists():
                sync_role_groups()
            obj.groups.add(Group.objects.get(name=name))


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Район {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")
    population = 150_000


class MicrodistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Microdistrict

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"{n} квартал")
    slug = factory.Sequence(lambda n: f"kvartal-{n}")
    number = factory.Sequence(lambda n: n)
    latitude = "53.520000"
    longitude = "49.410000"
    population = 5_000


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    microdistrict = factory.SubFactory(MicrodistrictFactory)
    street = "бульвар Татищева"
    house = factory.Sequence(lambda n: str(n + 1))


class TOSFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOS
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"ТОС «Квартал {n}»")
    slug = factory.Sequence(lambda n: f"tos-{n}")
    district = factory.SubFactory(DistrictFactory)
    territory_kind = TOS.TerritoryKind.BUILDINGS
    territory_description = "ул. Баныкина, дома 2–10"
    charter_registered_on = dt.date(2015, 3, 1)
    chair_name = "Иванова Мария Петровна"
    residents_covered = 1200


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    kind = Council.Kind.MICRODISTRICT_PUBLIC
    name = factory.Sequence(lambda n: f"Общественный совет микрорайона {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    microdistrict = factory.SubFactory(MicrodistrictFactory)
    district = factory.LazyAttribute(lambda o: o.microdistrict.district if o.microdistrict else None)
    description = "Совет объединяет старших по домам, депутатов, школы и поликлинику."


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    council = factory.SubFactory(CouncilFactory)
    full_name = factory.Sequence(lambda n: f"Петров Пётр {n}")
    role = CouncilMember.Role.MEMBER
    term_start = dt.date(2024, 1, 1)


class CouncilMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMeeting

    council = factory.SubFactory(CouncilFactory)
    held_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    place = "Центр досуга, бульвар Космонавтов, 11"
    agenda = "1. Благоустройство дворов. 2. Разное."
    decisions = "Поддержать инициативу жителей."
    is_published = True


class MicrodistrictManagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MicrodistrictManager
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Сидорова Анна {n}")
    district = factory.SubFactory(DistrictFactory)
    work_phone = "+7 8482 54-00-00"
    work_email = factory.Sequence(lambda n: f"manager{n}@tgl.example.ru")
    office_address = "ул. Жилина, 24, каб. 3"
    reception_hours = "вторник 15:00–18:00"

    @factory.post_generation
    def microdistricts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.microdistricts.set(extracted)


class ConsentTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentText
        django_get_or_create = ("version",)

    version = factory.Sequence(lambda n: f"test-{n}")
    title = "Согласие на обработку персональных данных"
    body = "Текст согласия."
    effective_from = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class PersonalDataConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalDataConsent

    user = factory.SubFactory(UserFactory)
    consent_text = factory.LazyFunction(ConsentText.current)
