"""Status transitions of initiatives: which status each one leaves from, who may do it, the timeline."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from initiatives import services
from initiatives.models import Initiative, Scope, StatusChange, SupportRule
from initiatives.services import DomainError, NotAllowed, WrongStatus
from tests.factories import (
    CouncilFactory,
    MicrodistrictFactory,
    MicrodistrictManagerFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.initiatives.factories import InitiativeFactory, SupportFactory, add_coauthor

pytestmark = pytest.mark.django_db

S = Initiative.Status
ALL_STATUSES = list(S.values)
REASON = "Проверено: место на бульваре Татищева относится к муниципальной земле."


def make_initiative(district, status: str, **kwargs) -> Initiative:
    return InitiativeFactory(status=status, microdistrict=MicrodistrictFactory(district=district), **kwargs)


# name → (service call, who acts). Where each leads and where it may start are read from the services'
# table (initiatives.services.TRANSITIONS), the one place the status diagram is written.
CALLS = {
    "submit": (services.initiative_submit, "author"),
    "request_revision": (services.initiative_request_revision, "moderator"),
    "publish": (services.initiative_publish, "moderator"),
    "reject": (services.initiative_reject, "moderator"),
    "withdraw": (services.initiative_withdraw, "author"),
    "forward": (services.initiative_forward, "moderator"),
    "accept": (services.initiative_accept, "moderator"),
    "start": (services.initiative_start, "moderator"),
    "mark_implemented": (services.initiative_mark_implemented, "moderator"),
}
# name → (service call, statuses it leaves from, status it leads to, who acts, needs a reason)
TRANSITIONS = {
    name: (call, services.TRANSITIONS[name].allowed_from, services.TRANSITIONS[name].to, who,
           services.TRANSITIONS[name].reason_required)
    for name, (call, who) in CALLS.items()
}


def test_every_transition_of_the_table_is_tested():
    # «expire» is the system's (tests/initiatives/test_expiry.py); every other arrow is exercised here.
    assert set(services.TRANSITIONS) - set(CALLS) == {"expire"}


def test_the_diagram_of_the_readme():
    """The table as the README draws it, so a change to the diagram is a deliberate one."""
    leads = {name: (set(spec.allowed_from), spec.to) for name, spec in services.TRANSITIONS.items()}
    assert leads["withdraw"] == ({S.DRAFT, S.MODERATION, S.REVISION, S.PUBLISHED}, S.WITHDRAWN)
    assert leads["reject"] == ({S.MODERATION, S.PUBLISHED, S.CONSIDERATION}, S.REJECTED)
    assert leads["submit"] == ({S.DRAFT, S.REVISION}, S.MODERATION)
    assert [leads[n][1] for n in ("publish", "forward", "accept", "start", "mark_implemented")] == [
        S.PUBLISHED, S.CONSIDERATION, S.ACCEPTED, S.IN_PROGRESS, S.IMPLEMENTED,
    ]


MODERATOR_TRANSITIONS = [name for name, spec in TRANSITIONS.items() if spec[3] == "moderator"]


def _cases():
    for name, (_call, allowed, _to, _who, _reason) in TRANSITIONS.items():
        for status in ALL_STATUSES:
            yield pytest.param(name, status, status in allowed, id=f"{name}-from-{status}")


@pytest.mark.parametrize(("name", "status", "allowed"), list(_cases()))
def test_each_transition_from_each_status(name, status, allowed, district, moderator):
    call, _allowed, to, who, _needs_reason = TRANSITIONS[name]
    initiative = make_initiative(district, status)
    actor = moderator if who == "moderator" else initiative.author
    if allowed:
        call(initiative, actor=actor, reason=REASON)
        initiative.refresh_from_db()
        assert initiative.status == to
        change = StatusChange.objects.get(initiative=initiative)  # exactly one
        assert (change.from_status, change.to_status, change.actor, change.reason) == (status, to, actor, REASON)
    else:
        with pytest.raises(WrongStatus):
            call(initiative, actor=actor, reason=REASON)
        initiative.refresh_from_db()
        assert initiative.status == status
        assert not StatusChange.objects.filter(initiative=initiative).exists()


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_mark_best_practice_only_for_implemented_and_writes_no_status_change(status, district, moderator):
    initiative = make_initiative(district, status)
    summary = "Двор обустроили за два месяца силами ТОС и управляющей компании; смета приложена."
    if status == S.IMPLEMENTED:
        services.initiative_mark_best_practice(initiative, actor=moderator, summary=summary)
        initiative.refresh_from_db()
        assert initiative.is_best_practice and initiative.best_practice_summary == summary
        assert initiative.status == S.IMPLEMENTED
    else:
        with pytest.raises(WrongStatus):
            services.initiative_mark_best_practice(initiative, actor=moderator, summary=summary)
        initiative.refresh_from_db()
        assert not initiative.is_best_practice
    # Not a status change: the timeline stays as it was.
    assert not StatusChange.objects.filter(initiative=initiative).exists()


def test_mark_best_practice_needs_a_write_up(district, moderator):
    initiative = make_initiative(district, S.IMPLEMENTED)
    with pytest.raises(DomainError):
        services.initiative_mark_best_practice(initiative, actor=moderator, summary="   ")
    initiative.refresh_from_db()
    assert not initiative.is_best_practice


# --- who may --------------------------------------------------------------------------------------------


@pytest.fixture
def actors(district, other_district, moderator, city_moderator, superuser):
    """Builds the actor for a role against one initiative (author and co-author depend on it)."""

    def build(role: str, initiative: Initiative):
        match role:
            case "anonymous":
                return AnonymousUser()
            case "system":
                return None
            case "resident":
                return UserFactory()
            case "author":
                return initiative.author
            case "coauthor":
                return add_coauthor(initiative)
            case "moderator_same_district":
                return moderator
            case "moderator_other_district":
                return StaffUserFactory(role="moderator", moderated_district=other_district)
            case "city_moderator":
                return city_moderator
            case "administrator":
                return StaffUserFactory(role="administrator")
            case "manager":
                user = StaffUserFactory(role="microdistrict_manager")
                MicrodistrictManagerFactory(user=user, district=district, microdistricts=[initiative.microdistrict])
                return user
            case "superuser":
                return superuser
        raise AssertionError(role)

    return build


ROLES = [
    "anonymous", "system", "resident", "author", "coauthor", "moderator_same_district", "moderator_other_district",
    "city_moderator", "administrator", "manager", "superuser",
]
STAFF_WHO_MODERATE = {"moderator_same_district", "city_moderator", "administrator", "superuser"}
EXPECTED = dict.fromkeys(MODERATOR_TRANSITIONS, STAFF_WHO_MODERATE)
# The system forwards an initiative that reached its threshold.
EXPECTED["forward"] = STAFF_WHO_MODERATE | {"system"}
EXPECTED["submit"] = {"author", "coauthor"}
EXPECTED["withdraw"] = {"author"}
EXPECTED["mark_best_practice"] = STAFF_WHO_MODERATE


def _call(name: str, initiative: Initiative, actor):
    if name == "mark_best_practice":
        return services.initiative_mark_best_practice(initiative, actor=actor, summary="Как повторить: …")
    return TRANSITIONS[name][0](initiative, actor=actor, reason=REASON)


def _from_status(name: str) -> str:
    if name == "mark_best_practice":
        return S.IMPLEMENTED
    return sorted(TRANSITIONS[name][1])[0]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_rights_matrix(name, role, district, actors):
    initiative = make_initiative(district, _from_status(name))
    before = initiative.status
    actor = actors(role, initiative)
    if role in EXPECTED[name]:
        _call(name, initiative, actor)
        initiative.refresh_from_db()
        if name == "mark_best_practice":
            assert initiative.status == before and initiative.is_best_practice
        else:
            assert initiative.status == TRANSITIONS[name][2]
    else:
        with pytest.raises(NotAllowed):
            _call(name, initiative, actor)
        initiative.refresh_from_db()
        assert initiative.status == before and not initiative.is_best_practice
        assert not StatusChange.objects.filter(initiative=initiative).exists()


@pytest.mark.parametrize("name", MODERATOR_TRANSITIONS)
def test_city_wide_initiative_only_for_city_wide_staff(name, district, moderator, city_moderator):
    initiative = InitiativeFactory(
        status=_from_status(name), scope=Scope.CITY, microdistrict=None, district=None
    )
    with pytest.raises(NotAllowed):
        _call(name, initiative, moderator)
    _call(name, initiative, city_moderator)
    change = StatusChange.objects.get(initiative=initiative, actor=city_moderator)
    initiative.refresh_from_db()
    assert initiative.status == change.to_status == TRANSITIONS[name][2]


def test_inactive_moderator_may_not_act(district, moderator):
    moderator.is_active = False
    moderator.save()
    initiative = make_initiative(district, S.MODERATION)
    with pytest.raises(NotAllowed):
        services.initiative_publish(initiative, actor=moderator)


# --- reasons --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["reject", "request_revision"])
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_reason_required(name, reason, district, moderator):
    initiative = make_initiative(district, S.MODERATION)
    with pytest.raises(DomainError) as excinfo:
        TRANSITIONS[name][0](initiative, actor=moderator, reason=reason)
    assert not isinstance(excinfo.value, (WrongStatus, NotAllowed))
    initiative.refresh_from_db()
    assert initiative.status == S.MODERATION
    assert not StatusChange.objects.exists()


def test_reason_is_stored_trimmed(district, moderator):
    initiative = make_initiative(district, S.MODERATION)
    services.initiative_reject(initiative, actor=moderator, reason=f"  {REASON}\n")
    assert StatusChange.objects.get(initiative=initiative).reason == REASON


# --- what transitions set -------------------------------------------------------------------------------


def test_publish_takes_threshold_and_deadline_from_support_rule(district, moderator):
    SupportRule.objects.update_or_create(
        scope=Scope.MICRODISTRICT, defaults={"support_threshold": 42, "collection_days": 21}
    )
    initiative = make_initiative(district, S.MODERATION, support_threshold=None, collection_deadline=None)
    services.initiative_publish(initiative, actor=moderator)
    initiative.refresh_from_db()
    assert initiative.status == S.PUBLISHED
    assert initiative.support_threshold == 42
    assert initiative.collection_deadline == timezone.localdate() + dt.timedelta(days=21)
    assert initiative.published_at is not None


def test_publish_uses_rule_of_the_initiatives_scope(district, moderator):
    SupportRule.objects.update_or_create(
        scope=Scope.DISTRICT, defaults={"support_threshold": 300, "collection_days": 90}
    )
    SupportRule.objects.update_or_create(
        scope=Scope.MICRODISTRICT, defaults={"support_threshold": 100, "collection_days": 60}
    )
    initiative = InitiativeFactory(
        status=S.MODERATION, scope=Scope.DISTRICT, microdistrict=None, district=district,
        support_threshold=None, collection_deadline=None,
    )
    services.initiative_publish(initiative, actor=moderator)
    initiative.refresh_from_db()
    assert initiative.support_threshold == 300
    assert initiative.collection_deadline == timezone.localdate() + dt.timedelta(days=90)


def test_publish_falls_back_to_defaults_without_a_rule(district, moderator):
    SupportRule.objects.all().delete()
    initiative = make_initiative(district, S.MODERATION, support_threshold=None, collection_deadline=None)
    services.initiative_publish(initiative, actor=moderator)
    initiative.refresh_from_db()
    threshold, days = services.transitions.DEFAULT_RULES["microdistrict"]
    assert initiative.support_threshold == threshold
    assert initiative.collection_deadline == timezone.localdate() + dt.timedelta(days=days)


def test_publish_keeps_what_staff_set_beforehand(district, moderator):
    deadline = timezone.localdate() + dt.timedelta(days=45)
    initiative = make_initiative(district, S.MODERATION, support_threshold=250, collection_deadline=deadline)
    services.initiative_publish(initiative, actor=moderator)
    initiative.refresh_from_db()
    assert (initiative.support_threshold, initiative.collection_deadline) == (250, deadline)


def test_submit_refuses_an_incomplete_draft(district):
    initiative = make_initiative(district, S.DRAFT, submitted_at=None, category=None)
    with pytest.raises(DomainError):
        services.initiative_submit(initiative, actor=initiative.author)
    initiative.refresh_from_db()
    assert initiative.status == S.DRAFT and initiative.submitted_at is None


def test_forward_records_the_council(district, moderator):
    initiative = make_initiative(district, S.PUBLISHED)
    council = CouncilFactory(microdistrict=initiative.microdistrict)
    services.initiative_forward(initiative, actor=moderator, reason=REASON, council=council)
    initiative.refresh_from_db()
    assert initiative.forwarded_to == council and initiative.status == S.CONSIDERATION


def test_reaching_the_threshold_sends_to_consideration_by_the_system(district):
    initiative = make_initiative(district, S.PUBLISHED, support_threshold=3)
    SupportFactory.create_batch(2, initiative=initiative)
    services.support_add(initiative, user=UserFactory())
    initiative.refresh_from_db()
    assert initiative.status == S.CONSIDERATION
    assert initiative.support_count == 3
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status, change.actor) == (S.PUBLISHED, S.CONSIDERATION, None)
    assert change.reason


def test_support_below_threshold_changes_no_status(district):
    initiative = make_initiative(district, S.PUBLISHED, support_threshold=3)
    services.support_add(initiative, user=UserFactory())
    initiative.refresh_from_db()
    assert initiative.status == S.PUBLISHED and initiative.support_count == 1
    assert not StatusChange.objects.exists()


def test_full_path_writes_one_status_change_per_step(district, moderator):
    initiative = make_initiative(district, S.DRAFT, submitted_at=None, support_threshold=None)
    services.initiative_submit(initiative, actor=initiative.author)
    assert initiative.submitted_at is not None
    services.initiative_request_revision(initiative, actor=moderator, reason="Уточните адрес.")
    services.initiative_submit(initiative, actor=initiative.author)
    services.initiative_publish(initiative, actor=moderator)
    services.initiative_forward(initiative, actor=moderator)
    services.initiative_accept(initiative, actor=moderator)
    services.initiative_start(initiative, actor=moderator)
    services.initiative_mark_implemented(initiative, actor=moderator)
    steps = list(StatusChange.objects.filter(initiative=initiative).values_list("from_status", "to_status"))
    assert steps == [
        (S.DRAFT, S.MODERATION), (S.MODERATION, S.REVISION), (S.REVISION, S.MODERATION),
        (S.MODERATION, S.PUBLISHED), (S.PUBLISHED, S.CONSIDERATION), (S.CONSIDERATION, S.ACCEPTED),
        (S.ACCEPTED, S.IN_PROGRESS), (S.IN_PROGRESS, S.IMPLEMENTED),
    ]
    initiative.refresh_from_db()
    assert initiative.status == S.IMPLEMENTED


def test_transition_updates_the_callers_object(district, moderator):
    initiative = make_initiative(district, S.MODERATION)
    services.initiative_publish(initiative, actor=moderator)
    assert initiative.status == S.PUBLISHED  # without refresh_from_db


# --- concurrency ----------------------------------------------------------------------------------------


@pytest.mark.postgres
# No serialized_rollback: loading the serialized copy fails with a duplicate "resident" group whenever a
# transactional test without it ran before (post_migrate re-creates the role groups after its flush).
# This test needs no seeded data: factories create what they need, support rules fall back to defaults.
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_publish_writes_one_status_change(district, moderator):
    initiative = make_initiative(district, S.MODERATION)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def publish() -> None:
        try:
            copy = Initiative.objects.get(pk=initiative.pk)
            barrier.wait(timeout=10)
            services.initiative_publish(copy, actor=moderator)
            result = "published"
        except WrongStatus:
            result = "refused"
        except Exception as exc:  # reported through the assertion below
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["published", "refused"]
    assert StatusChange.objects.filter(initiative=initiative).count() == 1
    initiative.refresh_from_db()
    assert initiative.status == S.PUBLISHED
