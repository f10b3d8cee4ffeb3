"""The forum's journey in a real browser: a resident registers for the forum, picks a section and
sees the confirmation; an administrator marks them attended with the admin action «Отметить присутствие».
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from forum.models import ForumEdition, ParticipantType, Registration, SectionRegistration
from tests.factories import StaffUserFactory, UserFactory
from tests.forum.factories import ForumEditionFactory, SectionFactory

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")

PASSWORD = "Kvartal-Tolyatti-2030!"
FULL_NAME = "Иванова Мария Петровна"
ORGANISATION = "ТОС «Квартал 14»"


def test_resident_registers_for_forum_and_admin_marks_attended(
    transactional_db, browser: Browser, mailoutbox
) -> None:
    edition = ForumEditionFactory(status=ForumEdition.Status.REGISTRATION_OPEN, capacity=50)
    morning = SectionFactory(edition=edition, title="Площадка 1: дворы без машин", capacity=20)
    SectionFactory(
        edition=edition, title="Площадка 2: бюджет ТОС", capacity=20,
        starts_at=morning.ends_at, ends_at=morning.ends_at + (morning.ends_at - morning.starts_at),
    )
    resident = UserFactory(email="maria@example.org", display_name="Мария И.", password=PASSWORD)
    administrator = StaffUserFactory(
        role="administrator", email="admin.forum@example.org", display_name="Администратор", password=PASSWORD,
    )

    # 1. On a phone: the forum's page → «Зарегистрироваться» → the form.
    browser.phone()
    browser.log_in(resident.email, PASSWORD)
    browser.click_and_load(browser.link("Форум", within=".main-nav"))
    browser.wait_path(rf"^/forum/{edition.year}/$")
    browser.assert_fits_width()
    browser.click_and_load(browser.link("Зарегистрироваться", within=".forum-cta"))
    browser.wait_path(rf"^/forum/{edition.year}/register/$")

    browser.fill("full_name", FULL_NAME)
    browser.tick(f"main input[name='participant_type'][value='{ParticipantType.TOS}']")
    browser.fill("organisation", ORGANISATION)
    browser.tick(f"main input[name='sections'][value='{morning.pk}']")
    browser.tick("main input[name='consent']")
    browser.assert_fits_width()
    browser.click_and_load(browser.button("Зарегистрироваться"))

    # 2. The confirmation: a message with the check-in code, then «Мои регистрации».
    browser.wait_path(r"^/forum/my/$")
    registration = Registration.objects.get(edition=edition, user=resident)
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.full_name, registration.participant_type, registration.organisation) == (
        FULL_NAME, ParticipantType.TOS, ORGANISATION,
    )
    places = SectionRegistration.objects.filter(registration=registration)
    assert [(p.section_id, p.status) for p in places] == [(morning.pk, SectionRegistration.Status.CONFIRMED)]

    code = registration.display_code
    browser.wait_text(".messages", f"Вы зарегистрированы. Ваш код для входа: {code}.")
    card = f"main .forum-registration-{Registration.Status.CONFIRMED}"
    assert browser.text(f"{card} .badge") == "Участие подтверждено"
    assert browser.text(f"{card} .forum-code") == code
    assert f"{morning.title} — место есть" in browser.text(f"{card} .forum-plain-list")
    browser.assert_fits_width()
    browser.screenshot("registered-phone")
    assert any(code in m.body for m in mailoutbox if resident.email in m.to), "no e-mail with the code"
    browser.log_out()

    # 3. On a desktop: the administrator selects the registration and runs «Отметить присутствие».
    browser.desktop()
    browser.admin_log_in(administrator.email, PASSWORD, next_path="/admin/forum/registration/")
    browser.wait_path(r"^/admin/forum/registration/")
    browser.tick(f"#result_list input.action-select[value='{registration.pk}']")
    browser.choose("action", "Отметить присутствие", within="#changelist-form")
    browser.click_and_load(browser.find("#changelist-form button[name='index']"))
    browser.wait_text(".messagelist", "Отмечено участников: 1.")
    row = browser.find(f"#result_list input.action-select[value='{registration.pk}']").find_element(
        "xpath", "./ancestor::tr"
    )
    assert "присутствовал(а)" in row.text
    browser.screenshot("attended-admin")

    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert registration.attended_at is not None
    assert registration.checked_in_by == administrator

    # 4. The staff check-in page agrees: no «Отметить» button any more, the attended badge instead.
    browser.open(f"/forum/{edition.year}/checkin/?q={code}")
    row = browser.wait_text("main .forum-checkin-row", FULL_NAME)
    assert "forum-registration-attended" in row.get_attribute("class")
    assert "Присутствовал(а)" in row.text
    assert not row.find_elements("css selector", "button.forum-checkin-button")
    assert browser.console_errors() == []
