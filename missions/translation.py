from modeltranslation.translator import TranslationOptions, register

from .models import Mission, Posting, Region


@register(Region)
class RegionTranslationOptions(TranslationOptions):
    fields = ("name", "note", "intro")
    required_languages = ("en",)


@register(Mission)
class MissionTranslationOptions(TranslationOptions):
    fields = ("name", "acronym", "body")
    required_languages = ("en",)


@register(Posting)
class PostingTranslationOptions(TranslationOptions):
    fields = ("title", "organization", "city", "country", "body")
    required_languages = ("en",)
