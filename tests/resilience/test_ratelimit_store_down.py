"""With the rate-limit store (the cache) down, each action fails open or closed as it says.

Before the fix django-ratelimit raised the cache's ConnectionError: the support and
comment POSTs answered 500 and were not saved.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.ratelimit import rate_limited
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.faults]


def _post(user):
    request = RequestFactory().post("/x/")
    request.user = user
    return request


def test_open_actions_go_through_and_closed_ones_are_refused(redis_cache, redis_server):
    user = UserFactory()
    # Store up: counted as usual.
    assert not rate_limited(_post(user), app="t", action="a", rate="1/m", when_store_down="open")
    assert rate_limited(_post(user), app="t", action="a", rate="1/m", when_store_down="open")
    assert not rate_limited(_post(user), app="t", action="b", rate="5/m", when_store_down="closed")

    redis_server.kill()
    assert not rate_limited(_post(user), app="t", action="a", rate="1/m", when_store_down="open")
    assert rate_limited(_post(user), app="t", action="b", rate="5/m", when_store_down="closed")


def test_a_get_is_not_refused_by_a_post_only_limit(redis_cache, redis_server):
    redis_server.kill()
    request = RequestFactory().get("/x/")
    request.user = UserFactory()
    assert not rate_limited(request, app="t", action="b", rate="5/m", method="POST", when_store_down="closed")


def test_signup_is_closed_while_the_cache_is_down_and_login_stays_open(redis_cache, redis_server, client):
    assert "account/signup.html" in [t.name for t in client.get("/accounts/signup/").templates]
    redis_server.kill()
    assert "account/signup_closed.html" in [t.name for t in client.get("/accounts/signup/").templates]
    login = client.get("/accounts/login/")
    assert login.status_code == 200 and "account/login.html" in [t.name for t in login.templates]
