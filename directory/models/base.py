"""What several models share: natural keys by slug, HSDS ids, month arithmetic, the
PostgreSQL-only search columns."""

import calendar
import datetime
import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


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
