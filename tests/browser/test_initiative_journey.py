"""The issue's journey in a real browser: a resident registers, submits an initiative with a
photo; a moderator publishes it in the admin; a second resident supports it; the counter shows 1.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from accounts.models import User
from initiatives.models import Category, Initiative, InitiativePhoto, Support
from tests.factories import DistrictFactory, MicrodistrictFactory, StaffUserFactory, UserFactory

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")

PASSWORD = "Kvartal-Tolyatti-2030!"
S = Initiative.Status

TITLE = "Скамейки и освещение во дворе на бульваре Туполева, 14"
SUMMARY = "Поставить четыре скамейки и два фонаря у детской площадки."
DESCRIPTION = "Сейчас вечером во дворе темно, а присесть негде.\nЖители готовы помочь с покраской."
ADDRESS = "бульвар Туполева, 14, двор"
LATITUDE, LONGITUDE = "53.531200", "49.384100"


def _jpeg(path: Path) -> Path:
    """A real photo-sized JPEG, the kind a phone uploads (the server makes the thumbnail)."""
    image = Image.new("RGB", (800, 600), (70, 130, 180))
    for x in range(0, 800, 40):  # some structure, so it is not a trivially flat file
        image.paste((230, 200, 60), (x, 400, x + 20, 600))
    image.save(path, format="JPEG", quality=85)
    return path


def _confirmation_link(mailoutbox, email: str) -> str:
    messages = [m for m in mailoutbox if email in m.to]
    assert messages, f"no e-mail to {email}; outbox: {[m.subject for m in mailoutbox]}"
    match = re.search(r"https?://\S+/accounts/confirm-email/[^\s/]+/", messages[-1].body)
    assert match, f"no confirmation link in:\n{messages[-1].body}"
    return match.group(0)


def _sign_up(browser: Browser, mailoutbox, *, email: str, name: str) -> None:
    browser.open("/accounts/signup/")
    browser.assert_fits_width()
    browser.fill("email", email)
    browser.fill("display_name", name)
    browser.fill("password1", PASSWORD)
    browser.fill("password2", PASSWORD)
    browser.tick("main input[name='personal_data_consent']")
    browser.click_and_load(browser.button("Зарегистрироваться"))
    browser.wait_path(r"^/accounts/confirm-email/$")

    link = _confirmation_link(mailoutbox, email)
    assert link.startswith(browser.base_url), f"the link leads elsewhere than the site: {link}"
    browser.driver.get(link)
    # ACCOUNT_CONFIRM_EMAIL_ON_GET is off: the page asks to press a button (a POST). Its form's
    # action is not the mailed link itself: the HMAC key carries the second it was signed in.
    browser.click_and_load(browser.button("Подтвердить"))
    # Logged in on confirmation: the header shows the resident's name.
    browser.link(name, within=".user-nav")


def _fill_what(browser: Browser, category: Category) -> None:
    browser.fill("title", TITLE)
    browser.fill("summary", SUMMARY)
    browser.fill("description", DESCRIPTION)
    browser.choose("category", category.name)
    browser.assert_fits_width()
    browser.click_and_load(browser.button("Создать черновик и продолжить"))


def _fill_where(browser: Browser, microdistrict_name: str) -> None:
    browser.tick("main input[name='scope'][value='microdistrict']")
    browser.choose("microdistrict", microdistrict_name)
    browser.fill("address", ADDRESS)
    # The visible number inputs are the real fields (the map, without tiles here, only helps).
    browser.fill("latitude", LATITUDE)
    browser.fill("longitude", LONGITUDE)
    browser.assert_fits_width()
    browser.click_and_load(browser.button("Сохранить и продолжить"))


def _upload_photo(browser: Browser, photo: Path) -> None:
    browser.find("main input[type='file'][name='photos']").send_keys(str(photo))
    browser.fill("caption", "Двор сейчас: темно и нет скамеек")
    browser.click_and_load(browser.button("Загрузить"))
    browser.wait_text(".messages", "Файлы сохранены: 1.")
    thumbnail = browser.find("main .photo-grid img")
    browser.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", thumbnail)
    # The thumbnail is really served (public media view), not only listed.
    browser.wait.until(
        lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", thumbnail),
        "the uploaded photo's thumbnail did not load",
    )
    browser.assert_fits_width()


def test_resident_submits_moderator_publishes_neighbour_supports(
    transactional_db, browser: Browser, mailoutbox, tmp_path: Path
) -> None:
    district = DistrictFactory(name="Автозаводский район", slug="avtozavodskiy-browser")
    microdistrict = MicrodistrictFactory(district=district, name="14 квартал", slug="kvartal-14-browser")
    moderator = StaffUserFactory(
        role="moderator", moderated_district=district, email="moderator.avtozavod@example.org",
        display_name="Модератор района", password=PASSWORD,
    )
    neighbour = UserFactory(email="sosed@example.org", display_name="Сосед Пётр", password=PASSWORD)
    category = Category.objects.order_by("sort_order", "name").first()
    assert category is not None, "categories are seeded by migration 0002 (tests/conftest.py re-seeds them)"
    photo = _jpeg(tmp_path / "dvor.jpg")

    # 1. A new resident registers on a phone and confirms the e-mail address.
    browser.phone()
    _sign_up(browser, mailoutbox, email="olga.n@example.org", name="Ольга Н.")
    author = User.objects.get(email="olga.n@example.org")
    assert author.emailaddress_set.get().verified

    # 2. «Мои инициативы» → «Предложить инициативу», then the steps.
    browser.click_and_load(browser.link("Мои инициативы", within=".user-nav"))
    browser.click_and_load(browser.link("Предложить инициативу"))
    browser.wait_path(r"^/initiatives/new/$")
    _fill_what(browser, category)
    pk = int(browser.wait_path(r"^/initiatives/(\d+)/edit/where/$").group(1))

    _fill_where(browser, microdistrict.name)
    browser.wait_path(rf"^/initiatives/{pk}/edit/photos/$")
    _upload_photo(browser, photo)

    # Resources and the group are optional: move on through them.
    browser.click_and_load(browser.link("Далее: ресурсы"))
    browser.click_and_load(browser.button("Сохранить и продолжить"))
    browser.wait_path(rf"^/initiatives/{pk}/edit/group/$")
    browser.click_and_load(browser.link("Далее: проверка и отправка"))
    browser.wait_path(rf"^/initiatives/{pk}/edit/review/$")
    assert not browser.find_all("#missing-heading"), "the review says something required is missing"
    assert browser.text("main section[aria-labelledby='review-where']").count(microdistrict.name) == 1
    assert f"{LATITUDE}, {LONGITUDE}" in browser.text("main section[aria-labelledby='review-where']")
    assert len(browser.find_all("main section[aria-labelledby='review-photos'] img")) == 1
    browser.assert_fits_width()
    browser.click_and_load(browser.button("Отправить на модерацию"))
    browser.wait_text(".messages", "Инициатива отправлена на модерацию.")
    assert browser.text("main .page-header .badge") == "На модерации"
    browser.screenshot("submitted-phone")

    initiative = Initiative.objects.get(pk=pk)
    assert initiative.author == author
    assert initiative.status == S.MODERATION
    assert (initiative.title, initiative.summary, initiative.category) == (TITLE, SUMMARY, category)
    assert (initiative.microdistrict, initiative.district) == (microdistrict, district)
    assert (str(initiative.latitude), str(initiative.longitude)) == (LATITUDE, LONGITUDE)
    assert initiative.photos.filter(kind=InitiativePhoto.Kind.GALLERY).count() == 1

    browser.log_out()

    # 3. The district's moderator publishes it from the admin's change page.
    browser.desktop()
    browser.admin_log_in(moderator.email, PASSWORD, next_path="/admin/initiatives/initiative/")
    browser.click_and_load(browser.link(TITLE, within="#result_list"))
    browser.wait_path(rf"^/admin/initiatives/initiative/{pk}/change/$")
    browser.click_and_load(browser.button("Опубликовать", within=".object-tools"))
    browser.wait_text(".messagelist", "опубликована, идёт сбор поддержки.")
    assert not browser.find_all(".object-tools form.service-action[action$='/do/publish/']")
    browser.screenshot("published-admin")
    initiative.refresh_from_db()
    assert initiative.status == S.PUBLISHED
    assert initiative.published_at is not None and initiative.support_threshold
    browser.admin_log_out()

    # 4. A neighbour (verified e-mail) supports it on a phone; the counter shows 1.
    browser.phone()
    browser.log_in(neighbour.email, PASSWORD)
    browser.open(f"/initiatives/{pk}/")
    assert browser.text("#support .support-progress-figures strong") == "0"
    browser.click_and_load(browser.button("Поддержать", within="#support"))
    browser.wait_text(".messages", "Спасибо! Ваша поддержка учтена.")
    browser.wait_text("#support .support-done", "Вы поддержали эту инициативу.")
    assert browser.text("#support .support-progress-figures strong") == "1"
    assert browser.find("#support [role='progressbar']").get_attribute("aria-valuenow") == "1"
    browser.assert_fits_width()
    browser.screenshot("supported-phone")

    initiative.refresh_from_db()
    assert initiative.support_count == 1
    assert list(Support.objects.filter(initiative=initiative).values_list("user__email", flat=True)) == [
        neighbour.email
    ]
    assert browser.console_errors() == []
