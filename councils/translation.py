"""District names and descriptions in Russian and English (django-modeltranslation).

The three districts are reference data shown on every registry page and in every filter.
Microdistricts, councils and TOS keep their own (proper) names in one language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import District


@register(District)
class DistrictTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}
    required_languages = ("ru",)
