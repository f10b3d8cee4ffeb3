"""Every model that points at a person is covered by an exporter or an eraser (152-FZ).

A new app that adds a relation to the user model and registers neither fails
here, so the right of access and the right to erasure cannot be forgotten.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings

from accounts import personal_data


def user_relations() -> dict[str, list[str]]:
    """Model label -> names of its fields that point at the user model (FK, one-to-one, many-to-many)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found: dict[str, list[str]] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is user_model:
                found.setdefault(model._meta.label, []).append(field.name)
    return found


def uncovered() -> dict[str, list[str]]:
    covered = personal_data.covered_models()
    return {label: fields for label, fields in user_relations().items() if not covered.get(label)}


def test_walk_finds_the_relations_we_know_of():
    relations = user_relations()
    assert "initiatives.Initiative" in relations and "author" in relations["initiatives.Initiative"]
    assert "admin.LogEntry" in relations and "notifications.Preference" in relations


def test_every_model_related_to_a_user_is_covered_by_an_exporter_or_eraser():
    assert uncovered() == {}, (
        "These models relate to the user model but no personal-data exporter or eraser declares them "
        "(register_exporter(..., models=[...]) / register_eraser(models=[...])): "
        f"{uncovered()}"
    )


def test_a_model_nobody_declares_is_reported(monkeypatch):
    coverage = {label: by for label, by in personal_data._COVERAGE.items() if label != "forum.TopicSupport"}
    monkeypatch.setattr(personal_data, "_COVERAGE", coverage)
    assert uncovered() == {"forum.TopicSupport": ["user"]}


@pytest.mark.parametrize("label", ["initiatives.CommentReport", "notifications.Preference", "forum.Topic"])
def test_models_the_export_used_to_miss_have_an_exporter(label):
    assert any(by.startswith("export:") for by in personal_data.covered_models()[label])
