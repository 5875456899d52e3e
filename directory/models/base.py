"""What several models share: natural keys by slug, HSDS ids, month arithmetic, the
PostgreSQL-only search columns, and the paths of their pages (``slug_path``)."""

import calendar
import datetime
import functools
import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def slug_path(view_name: str, slug: str) -> str:
    """The path of the page ``view_name`` for ``slug`` (``get_absolute_url``), reversed once
    per slug and everything reverse() depends on: a list links twenty services, a service page
    its problem types, and reversing was a tenth of rendering a card."""
    return _reversed(view_name, slug, get_language(), get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=8192)
def _reversed(view_name: str, slug: str, language, script_prefix: str, urlconf) -> str:
    return reverse(view_name, kwargs={"slug": slug})


@receiver(setting_changed)
def _forget_paths(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"):
        _reversed.cache_clear()


class SearchIdsField(ArrayField):
    """An array of ids for the search (PostgreSQL). Other databases keep NULL in it: the field
    then writes a plain placeholder instead of PostgreSQL's cast."""

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor != "postgresql":
            return "%s"
        return super().get_placeholder(value, compiler, connection)


class SlugNaturalKeyManager(models.Manager):
    """Lets fixtures refer to rows by slug, so `loaddata` updates instead of duplicating."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier, or the month's last day if it is shorter."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last_day))


def hsds_id_field():
    """The stable public id of a row in the HSDS open data (HSDS ids are UUIDs)."""
    return models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)
