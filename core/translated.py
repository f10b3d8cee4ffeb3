"""Reference data in two languages (django-modeltranslation): what the apps use with it.

A field an app registers in its `translation.py` (`Category.name`, `District.name`,
`ForumEdition.title`, …) gets a column per language, `name_ru` and `name_en`. The attribute
`name` of an instance reads the current language's column and falls back to the Russian one
(settings.MODELTRANSLATION_FALLBACK_LANGUAGES); the registered model's own querysets rewrite
`filter(name=…)`, `order_by("name")` and `values("name")` to the current language.

The original column `name` stays in the table and always holds the Russian
(`DefaultLanguageColumns`): SQL that does not pass through modeltranslation reads it — a
related lookup from another model's queryset (`Initiative.objects.values("category__name")`),
the open data sets, a trigger — and gets Russian, not whichever language the last save ran in.

To show such a name in the reader's language from another model's queryset, either load the
language columns with the related row (`.only(*language_columns("category__name"))`, then read
`initiative.category.name`) or select `in_language("district__name")`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import F, Model, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator


class DefaultLanguageColumns:
    """Model mixin: the original columns of translated fields are written in the default language.

    Django writes a field's column from the model attribute, which modeltranslation resolves in
    the language active at save time (an English-speaking administrator's request would write
    English). The row is therefore written with the default language active; signals and
    validation still run in the caller's language. `save(update_fields=…)` naming a translated
    field or one of its language columns saves the field's every column, so neither a value set
    in another language nor the original column is left behind.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = with_language_columns(type(self), update_fields)
        super().save(*args, **kwargs)  # type: ignore[misc]

    def _save_table(self, *args: Any, **kwargs: Any) -> Any:
        with translation.override(settings.LANGUAGE_CODE):
            return super()._save_table(*args, **kwargs)  # type: ignore[misc]


def translated_fields(model: type[Model]) -> list[str]:
    """The names of a model's fields registered for translation (none for another model)."""
    try:
        return list(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return []


def with_language_columns(model: type[Model], update_fields: Iterable[str]) -> set[str]:
    """`update_fields` with every column of each translated field it names (`name` or `name_en`)."""
    fields = set(update_fields)
    for name in translated_fields(model):
        columns = {name, *language_columns(name)}
        if fields & columns:
            fields |= columns
    return fields


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_columns(*paths: str) -> list[str]:
    """Every language's column of translated fields, for `only()` on another model's queryset.

    `Initiative.objects.select_related("category").only("title", *language_columns("category__name"))`
    loads `category.name_ru` and `category.name_en`, so `initiative.category.name` costs no query.
    """
    return [f"{path}_{code}" for path in paths for code in language_codes()]


def translations(obj: Model, *fields: str) -> dict[str, Any]:
    """Every language's value of an object's translated fields, to copy them to another row:
    `Section(title=section.title)` would copy one language only, into the active language's column."""
    return {column: getattr(obj, column) for column in language_columns(*fields)}


def in_language(path: str, language: str | None = None) -> Combinable:
    """A translated field in the current (or given) language with the Russian as fallback, as SQL.

    For `values()`, `annotate()` and `order_by()` on querysets of models that are not translated
    themselves: `Microdistrict.objects.values_list(in_language("district__name"), "slug")`.
    """
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == settings.LANGUAGE_CODE or language not in language_codes():
        return F(path)
    return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), F(path))
