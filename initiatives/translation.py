"""Reference data of initiatives in Russian and English (django-modeltranslation).

Categories and national projects get `name_ru`/`name_en` and `description_ru`/`description_en`;
`name` reads the current language's value and falls back to the Russian. Empty English names
are stored as NULL, so the unique names leave room for any number of untranslated rows.
What residents write (initiatives, comments) is never translated.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, NationalProject


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}
    required_languages = ("ru",)


@register(NationalProject)
class NationalProjectTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}
    required_languages = ("ru",)
