"""Limit admin screens to the district a staff user is responsible for."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .roles import scoped_district_id


class DistrictScopedAdminMixin(admin.ModelAdmin):
    """Admin that shows and edits only rows in the user's district.

    `district_lookup` is the ORM path from the model to its District id
    (e.g. "district" or "council__district"). Foreign-key and many-to-many
    choices are narrowed too, so a moderator cannot move a record into (or link
    it to) another district's objects.
    """

    district_lookup: str = "district"
    # Related models whose choices are narrowed, keyed by field name → lookup from that model to District.
    scoped_relations: dict[str, str] = {}

    def scope_district_id(self, request: HttpRequest) -> int | None:
        return scoped_district_id(request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        district_id = self.scope_district_id(request)
        if district_id is None:
            return qs
        return qs.filter(**{self.district_lookup: district_id})

    def _narrow(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        district_id = self.scope_district_id(request)
        lookup = self.scoped_relations.get(db_field.name)
        if district_id is not None and lookup is not None:
            base = kwargs.get("queryset", db_field.remote_field.model._default_manager.all())
            kwargs["queryset"] = base.filter(**{lookup: district_id})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        self._narrow(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        self._narrow(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None:
            return True
        district_id = self.scope_district_id(request)
        return district_id is None or type(obj)._default_manager.filter(
            pk=obj.pk, **{self.district_lookup: district_id}
        ).exists()

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)
