"""The demo agrees with the finder: the finder's own example works, and every demo initiative's
address, typed into «Найти мой совет», leads to the microdistrict the initiative is filed under."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from councils.addresses import split_address
from councils.selectors import find_address
from initiatives.demo.sample import DEMO

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city(db) -> None:
    call_command("load_demo", "--no-users", verbosity=0)


def test_the_finders_hint_examples_are_found(client, demo_city) -> None:
    page = client.get(reverse("councils:finder")).content.decode()
    hint = re.search(r'id="finder-q-help">Например: (.*?)</div>', page)
    assert hint, "the finder lost its example"
    examples = [e.strip() for e in hint.group(1).split(" или ")]
    assert len(examples) == 2
    for example in examples:
        response = client.get(reverse("councils:finder"), {"q": example})
        assert response.status_code == 302, f"the hint «{example}» is not found"
        assert response["Location"].startswith("/microdistricts/")


@pytest.mark.parametrize("spec", [s for s in DEMO if s.microdistrict], ids=lambda s: s.title[:40])
def test_demo_initiative_addresses_lead_to_their_microdistrict(demo_city, spec) -> None:
    _street, house = split_address(spec.address)
    if not house:
        pytest.skip(f"«{spec.address}» names a place, not a house")
    lookup = find_address(spec.address)
    assert lookup.building is not None, f"the finder does not know «{spec.address}»"
    assert lookup.building.microdistrict.slug == spec.microdistrict, (
        f"«{spec.address}» is in {lookup.building.microdistrict.slug}, the demo files it under {spec.microdistrict}"
    )
