"""Russian that reads right in the admin: object names in the accusative, counts in three forms.

Django builds admin titles as «Change %s» with the model's verbose name in the nominative, which
in Russian gives «Изменить инициатива», and counts as «5 инициативы» (it knows two plural forms).
The forms a title or a count needs come from the message catalogue (locale/ru), so English stays
untouched:

- the accusative: an entry with the context ``accusative`` whose msgid is the verbose name
  (``msgctxt "accusative" msgid "инициатива" msgstr "инициативу"``);
- the count: a plural entry whose msgid and msgid_plural are the verbose name and verbose name
  plural, with the three Russian forms (``инициатива / инициативы / инициатив``). Django's own
  ``model_ngettext`` (action messages) finds the same entry.

Every admin class gets these titles through ``PortalAdminSite.register`` (see
``RussianTitlesMixin``); tests/portal/test_admin_russian.py checks every registered model.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.options import Options
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

ACCUSATIVE = "accusative"


def _opts(model_or_opts: Any) -> Options:
    if isinstance(model_or_opts, Options):
        return model_or_opts
    return model_or_opts._meta


def accusative(model_or_opts: type[Model] | Options) -> str:
    """The verbose name as the object of a verb («Изменить инициативу»)."""
    name = str(_opts(model_or_opts).verbose_name)
    return pgettext(ACCUSATIVE, name)


def count_name(model_or_opts: type[Model] | Options, count: int) -> str:
    """The verbose name that agrees with ``count`` («1 инициатива», «3 инициативы», «5 инициатив»)."""
    opts = _opts(model_or_opts)
    return ngettext(str(opts.verbose_name), str(opts.verbose_name_plural), count)


class RussianTitlesMixin:
    """Admin page titles with the object's name in the accusative; mixed into every ModelAdmin."""

    def changelist_view(self, request, extra_context: dict | None = None):
        extra_context = dict(extra_context or {})
        if "title" not in extra_context:
            template = _("Select %s to change") if self.has_change_permission(request) else _("Select %s to view")
            extra_context["title"] = template % accusative(self.model)
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context: dict | None = None):
        extra_context = dict(extra_context or {})
        if "title" not in extra_context:
            name = accusative(self.model)
            if object_id is None or "_saveasnew" in request.POST:
                extra_context["title"] = _("Add %s") % name
            else:
                obj = self.get_object(request, object_id)
                can_change = self.has_change_permission(request, obj)
                extra_context["title"] = (_("Change %s") if can_change else _("View %s")) % name
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context: dict | None = None):
        extra_context = dict(extra_context or {})
        extra_context.setdefault("object_name", accusative(self.model))
        return super().delete_view(request, object_id, extra_context)


def with_russian_titles(admin_class: type) -> type:
    """``admin_class`` with RussianTitlesMixin in front (once)."""
    if issubclass(admin_class, RussianTitlesMixin):
        return admin_class
    return type(admin_class.__name__, (RussianTitlesMixin, admin_class), {"__module__": admin_class.__module__})


def model_title(model_or_opts: type[Model] | Options) -> str:
    return capfirst(str(_opts(model_or_opts).verbose_name_plural))
