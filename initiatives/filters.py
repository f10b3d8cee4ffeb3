"""The public catalogue's filters: an allow-list of query-string parameters.

Anything not declared here is ignored; a declared parameter with a bad value (an
unknown slug, a non-public status, an unknown sort) becomes a form error and is not
applied — the page still renders, never a 500.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from councils.models import District

from . import selectors
from .models import Category, Initiative, NationalProject

SORT_CHOICES = [
    (selectors.SORT_NEWEST, _("Сначала новые")),
    (selectors.SORT_SUPPORTED, _("Больше всего поддержки")),
    (selectors.SORT_CLOSEST, _("Ближе всего к порогу")),
]


def _public_status_choices() -> list[tuple[str, str]]:
    return [(status.value, capfirst(status.label)) for status in Initiative.PUBLIC_STATUSES]


class InitiativeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Поиск"), method="filter_search", max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Например: детская площадка")}),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Категория"), queryset=Category.objects.all(), to_field_name="slug", empty_label=_("Все категории")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Район"), queryset=District.objects.all(), to_field_name="slug", empty_label=_("Все районы")
    )
    # Grouped by district: the Avtozavodsky district alone has dozens of numbered quarters.
    microdistrict = django_filters.ChoiceFilter(
        label=_("Микрорайон"), field_name="microdistrict__slug", choices=selectors.microdistrict_choices,
        empty_label=_("Все микрорайоны"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Статус"), choices=_public_status_choices, empty_label=_("Все статусы")
    )
    national_project = django_filters.ModelChoiceFilter(
        label=_("Национальный проект"), queryset=NationalProject.objects.all(), to_field_name="slug",
        empty_label=_("Все национальные проекты"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Порядок"), choices=SORT_CHOICES, method="filter_nothing", empty_label=_("Как обычно"),
        help_text=_("Как обычно: сначала новые, а при поиске — самые подходящие."),
    )

    class Meta:
        model = Initiative
        fields: list[str] = []

    # True when the search matched more than selectors.SEARCH_CANDIDATES initiatives.
    search_capped = False

    def filter_search(self, queryset: QuerySet[Initiative], name: str, value: str) -> QuerySet[Initiative]:
        # Applied last, in filter_queryset: the bounded set of matches must be taken
        # after the other filters, or «newest 200 matches» would be cut before them.
        return queryset

    def filter_nothing(self, queryset: QuerySet[Initiative], name: str, value: str) -> QuerySet[Initiative]:
        # Sorting is applied after all filters (it must see the search rank), see filter_queryset.
        return queryset

    def filter_queryset(self, queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
        queryset = super().filter_queryset(queryset)
        queryset, self.search_capped = selectors.bounded_search(queryset, self.form.cleaned_data.get("q") or "")
        return selectors.order(queryset, self.form.cleaned_data.get("sort") or "")

    @property
    def is_filtered(self) -> bool:
        """Whether any parameter was given, for the «reset filters» link."""
        return any(self.data.get(name) for name in self.filters)

    @property
    def active_filters(self) -> list[dict[str, str]]:
        """The applied filters as removable chips: label, the value as shown, the query without it.

        Only valid values become chips (an invalid one is an error in the form instead). The
        page number is dropped with the filter: the result list changes.
        """
        self.form.is_valid()  # cleans the form; the valid fields are in cleaned_data either way
        cleaned = getattr(self.form, "cleaned_data", {})
        chips = []
        for name, field in self.form.fields.items():
            raw = self.data.get(name)
            if not raw or name not in cleaned or name in self.form.errors:
                continue
            value = cleaned[name]
            shown = str(value) if not hasattr(field, "choices") else _choice_label(field.choices, raw) or str(value)
            rest = self.data.copy()
            rest.pop(name, None)
            rest.pop("page", None)
            query = rest.urlencode()
            chips.append(
                {"name": name, "label": str(field.label), "value": shown, "query": f"?{query}" if query else ""}
            )
        return chips


class MapFilterSet(InitiativeFilterSet):
    """The map shows places, not an order: the same filters without «Порядок»."""

    sort = None

    def filter_queryset(self, queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
        queryset = super(InitiativeFilterSet, self).filter_queryset(queryset)
        return selectors.order(queryset, "")


def _choice_label(choices, raw: str) -> str:
    """The shown text of ``raw`` among (possibly grouped) choices, or an empty string."""
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            found = _choice_label(label, raw)
            if found:
                return found
        elif str(key) == raw:
            return str(label)
    return ""
