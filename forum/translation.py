"""The forum's titles in Russian and English (django-modeltranslation).

An edition's title and theme, a section's title and the resolution's title; the programme's
descriptions, the speakers and the resolution's adopted text stay as written.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import DEFAULT_FORUM_TITLE_EN, ForumEdition, Resolution, Section


@register(ForumEdition)
class ForumEditionTranslationOptions(TranslationOptions):
    fields = ("title", "theme")
    empty_values = {"title": None}
    required_languages = ("ru",)
    # Every edition carries the forum's one name by default, in English too (the English
    # column would otherwise copy the Russian default).
    field_options = {"title": {"en": {"default": DEFAULT_FORUM_TITLE_EN}}}
    # Only an empty title falls back: modeltranslation would otherwise take a title equal to the
    # field's default (the usual Russian name) for a missing one and show the English instead.
    fallback_undefined = {"title": None}


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title",)
    empty_values = None
    required_languages = ("ru",)


@register(Resolution)
class ResolutionTranslationOptions(TranslationOptions):
    fields = ("title",)
    empty_values = None
    required_languages = ("ru",)
