"""The choices the records share."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    PORTUGUESE = "pt", _("Portuguese")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class PostingKind(models.TextChoices):
    SPECIALIZED = "specialized", _("Specialized police posting")
    OTHER = "other", _("Other international opportunity")


class MissionKind(models.TextChoices):
    UN = "un", _("United Nations mission")
    EU = "eu", _("European Union mission")
    BILATERAL = "bilateral", _("Bilateral engagement")
    OTHER = "other", _("Other")


class PersonnelType(models.TextChoices):
    """The UN's personnel types, as its monthly contribution reports name them."""

    INDIVIDUAL_POLICE = "Individual Police", _("Individual police")
    FORMED_POLICE_UNITS = "Formed Police Units", _("Formed police units")
    EXPERTS_ON_MISSION = "Experts on Mission", _("Experts on mission")
    STAFF_OFFICER = "Staff Officer", _("Staff officers")
    TROOPS = "Troops", _("Troops")
