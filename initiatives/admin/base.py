"""Admin actions that call the initiatives services, on selected rows and as buttons on a change page.

One `ServiceAction` describes an action once; `ServiceActionsMixin` turns it into
a changelist action (with an intermediate page when the action needs a reason or
a text) and into a button on the change page that POSTs to a custom admin URL.
The service decides: a refusal (wrong status, no right) is reported per row as
an error message and the other rows go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..services import DomainError
from .forms import OptionalReasonForm


@dataclass(frozen=True)
class ServiceAction:
    name: str
    label: str
    # Calls the service for one object: (object, acting user, form's cleaned_data).
    run: Callable[[Any, Any, dict[str, Any]], Any]
    # Shown on the change message after success, e.g. "опубликована".
    done: str
    form_class: type[forms.Form] = OptionalReasonForm
    # False: runs at once (optional comment left empty); True: a page collects the form first.
    needs_page: bool = False
    # ModelAdmin.has_<permission>_permission(request) must allow it.
    permission: str = "moderate"
    # Whether the change page offers the button for this object. A hint only: the service decides.
    shown: Callable[[Any], bool] = lambda obj: True
    # Whether this user may act on this object (e.g. a manager answers only in his microdistricts):
    # the button is not offered and the action's page is refused otherwise. The service still decides.
    allowed: Callable[[Any, Any], bool] = lambda obj, user: True
    # How the change page's button looks: "primary" (the usual next step), "danger" (destructive) or "".
    look: str = ""
    # The action needs a text written for one object (e.g. a best-practice write-up).
    single: bool = False
    # If set, the changelist's bulk action is offered only to users with this permission too:
    # for actions scoped per object (`allowed`) to users who see rows they may not act on (a
    # manager reads his district but answers only in his microdistricts). They keep the button.
    bulk_permission: str = ""


def _make_bulk_action(action: ServiceAction) -> Callable[..., HttpResponse | None]:
    def bulk_action(modeladmin: ServiceActionsMixin, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return modeladmin.run_bulk_action(action, request, queryset)

    bulk_action.__name__ = action.name
    return admin.action(description=action.label, permissions=[action.permission])(bulk_action)


def bulk_actions(service_actions: Sequence[ServiceAction]) -> list[Callable[..., Any]]:
    return [_make_bulk_action(a) for a in service_actions]


class ServiceActionsMixin(admin.ModelAdmin):
    service_actions: Sequence[ServiceAction] = ()
    change_form_template = "admin/initiatives/change_form_with_actions.html"
    action_page_template = "admin/initiatives/action_form.html"

    # --- running -------------------------------------------------------------------------------------

    def describe_for_action(self, obj: Model) -> str:
        return str(obj)

    def apply_service_action(
        self, request: HttpRequest, action: ServiceAction, obj: Model, data: dict[str, Any]
    ) -> bool:
        try:
            action.run(obj, request.user, data)
        except DomainError as exc:
            self.message_user(request, f"«{obj}»: {exc}", messages.ERROR)
            return False
        except ValidationError as exc:
            self.message_user(request, f"«{obj}»: {' '.join(exc.messages)}", messages.ERROR)
            return False
        # The admin's own history of the object («История»): who ran which action, next to form edits.
        self.log_change(request, obj, str(action.label))
        self.message_user(request, f"«{obj}»: {action.done}", messages.SUCCESS)
        return True

    def run_bulk_action(
        self, action: ServiceAction, request: HttpRequest, queryset: QuerySet
    ) -> HttpResponse | None:
        objects = list(queryset)
        if action.single and len(objects) != 1:
            self.message_user(
                request, _("Действие «%(action)s» выполняется для одной записи: выберите одну.")
                % {"action": action.label}, messages.ERROR,
            )
            return None
        if action.needs_page:
            bound = "apply" in request.POST
            form = action.form_class(
                request.POST if bound else None, request.FILES if bound else None, objects=objects, user=request.user
            )
            if not bound or not form.is_valid():
                return self.render_action_page(request, action, objects, form, bulk=True)
            data = form.cleaned_data
        else:
            data = {"reason": ""}
        for obj in objects:
            self.apply_service_action(request, action, obj, data)
        return None

    # --- the change page's buttons ---------------------------------------------------------------------

    def _action_url(self, obj: Model, action: ServiceAction) -> str:
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_service_action",
            args=[quote(obj.pk), action.name], current_app=self.admin_site.name,
        )

    def _change_url(self, obj: Model) -> str:
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)], current_app=self.admin_site.name
        )

    def _permitted(self, request: HttpRequest, action: ServiceAction) -> bool:
        return getattr(self, f"has_{action.permission}_permission")(request)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        for action in self.service_actions:
            if action.bulk_permission and not getattr(self, f"has_{action.bulk_permission}_permission")(request):
                # Not offered, and Django refuses a posted action that is not in this dict.
                actions.pop(action.name, None)
        return actions

    def buttons_for(self, request: HttpRequest, obj: Model) -> list[dict[str, Any]]:
        return [
            {"label": a.label, "url": self._action_url(obj, a), "needs_page": a.needs_page, "look": a.look}
            for a in self.service_actions
            if a.shown(obj) and self._permitted(request, a) and a.allowed(obj, request.user)
        ]

    def render_change_form(self, request: HttpRequest, context: dict[str, Any], add: bool = False,
                           change: bool = False, form_url: str = "", obj: Model | None = None) -> HttpResponse:
        if obj is not None and change:
            context["service_buttons"] = self.buttons_for(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_urls(self) -> list[Any]:
        opts = self.opts
        own = [
            path(
                "<path:object_id>/do/<slug:action_name>/",
                self.admin_site.admin_view(self.service_action_view),
                name=f"{opts.app_label}_{opts.model_name}_service_action",
            ),
        ]
        return own + super().get_urls()

    def service_action_view(self, request: HttpRequest, object_id: str, action_name: str) -> HttpResponse:
        action = next((a for a in self.service_actions if a.name == action_name), None)
        if action is None:
            raise Http404
        # The scoped queryset: another district's object is simply not found.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if (
            not self.has_view_permission(request, obj) or not self._permitted(request, action)
            or not action.allowed(obj, request.user)
        ):
            raise PermissionDenied
        if request.method == "POST":
            form = action.form_class(request.POST, request.FILES, objects=[obj], user=request.user)
            if form.is_valid():
                self.apply_service_action(request, action, obj, form.cleaned_data)
                return HttpResponseRedirect(self._change_url(obj))
        else:
            form = action.form_class(objects=[obj], user=request.user)
        return self.render_action_page(request, action, [obj], form, bulk=False)

    # --- the intermediate page -------------------------------------------------------------------------

    def render_action_page(
        self, request: HttpRequest, action: ServiceAction, objects: Sequence[Model], form: forms.Form, *, bulk: bool
    ) -> HttpResponse:
        opts = self.opts
        changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist",
                                 current_app=self.admin_site.name)
        context = {
            **self.admin_site.each_context(request),
            "title": action.label,
            "subtitle": None,
            "opts": opts,
            "action": action,
            "form": form,
            "media": self.media + form.media,
            "bulk": bulk,
            "objects": [(obj, self.describe_for_action(obj), self._change_url(obj)) for obj in objects],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            # Back to the list with its filters, or to the object.
            "cancel_url": request.get_full_path() if bulk else self._change_url(objects[0]),
            "changelist_url": changelist_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.action_page_template, context)
