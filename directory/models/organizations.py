"""The organisations that offer services (HSDS: organization)."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from directory.models.base import SlugNaturalKeyManager, SlugNaturalKeyMixin, hsds_id_field


class OrganizationQuerySet(models.QuerySet):
    def with_published_services(self):
        from directory.models.services import Service

        return self.filter(Exists(Service.objects.published().filter(organization=OuterRef("pk"))))


class OrganizationManager(SlugNaturalKeyManager.from_queryset(OrganizationQuerySet)):
    pass


class Organization(SlugNaturalKeyMixin, models.Model):
    uuid = hsds_id_field()
    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = OrganizationManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name
