"""The OpenAPI schema is valid, documents the key scheme, and the docs pages serve local assets."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(db) -> dict:
    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_valid_openapi_3(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_schema_has_every_endpoint_and_the_key_scheme(schema):
    paths = set(schema["paths"])
    for path in (
        "/api/v1/initiatives/", "/api/v1/initiatives/{id}/", "/api/v1/districts/", "/api/v1/microdistricts/",
        "/api/v1/councils/", "/api/v1/tos/", "/api/v1/managers/", "/api/v1/forum/editions/",
        "/api/v1/forum/editions/{year}/sections/", "/api/v1/forum/editions/{year}/resolution/",
        "/api/v1/programmes/", "/api/v1/partners/", "/api/v1/pledges/", "/api/v1/pledges/{id}/withdraw/",
        "/api/v1/applications/{id}/decide/",
    ):
        assert path in paths, path
    assert "ApiKey" in schema["components"]["securitySchemes"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/initiatives/"]["get"]["parameters"]}
    assert {"search", "status", "category", "district", "microdistrict", "national_project", "updated_since",
            "ordering", "cursor", "page_size"} <= parameters


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_use_only_local_assets(url):
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
