"""Who on the city staff may edit what: a scope per staff group.

"Beheer" sees and edits everything; "Redactie Aalst" only what belongs to Aalst, and a group can
also be given organisations (e.g. "Redactie CAW"). A user's scope is the union of the scopes of
their groups. Fail-closed: a staff user in no group with a scope edits no directory entries at all
(superusers excepted). The rules per model live in Scope below and are enforced by
staff.admin.ScopedAdminMixin.
"""

from dataclasses import dataclass

import simple_history
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import (
    post_create_historical_m2m_records,
    pre_create_historical_m2m_records,
)
from simple_history.utils import get_m2m_field_name

from directory.models import (
    City,
    ContactChannel,
    Location,
    OpeningHours,
    Organization,
    SearchTerm,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
)


class EditorScope(models.Model):
    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="editor_scope", verbose_name=_("groep")
    )
    everything = models.BooleanField(
        _("alles"), default=False, help_text=_("Voor de centrale beheerders: alle steden.")
    )
    cities = models.ManyToManyField(
        City, blank=True, related_name="editor_scopes", verbose_name=_("steden")
    )
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="editor_scopes", verbose_name=_("organisaties")
    )

    class Meta:
        verbose_name = _("werkgebied van een redactiegroep")
        verbose_name_plural = _("werkgebieden van redactiegroepen")

    def __str__(self):
        return str(self.group)


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    city_ids: frozenset[int] = frozenset()
    organization_ids: frozenset[int] = frozenset()

    @classmethod
    def for_user(cls, user) -> "Scope":
        if not user.is_active or not user.is_staff:
            return cls()
        if user.is_superuser:
            return cls(everything=True)
        scopes = EditorScope.objects.filter(group__user=user)
        if any(scopes.values_list("everything", flat=True)):
            return cls(everything=True)
        links = EditorScope.cities.through.objects.filter(editorscope__in=scopes)
        owners = EditorScope.organizations.through.objects.filter(editorscope__in=scopes)
        return cls(
            city_ids=frozenset(links.values_list("city_id", flat=True)),
            organization_ids=frozenset(owners.values_list("organization_id", flat=True)),
        )

    @classmethod
    def for_request(cls, request) -> "Scope":
        """Computed once per request (two or three queries)."""
        if not hasattr(request, "_editor_scope"):
            request._editor_scope = cls.for_user(request.user)
        return request._editor_scope

    # One filter per model: a row is in scope when it belongs to one of the cities or
    # organisations. Services belong to the cities they serve, whole or by neighbourhood.

    def service_q(self, prefix: str = "") -> Q:
        if self.everything:
            return Q()
        through = Service.serves_cities.through.objects.filter(
            service=OuterRef(f"{prefix}pk"), city_id__in=self.city_ids
        )
        parts = Service.serves_neighbourhoods.through.objects.filter(
            service=OuterRef(f"{prefix}pk"), neighbourhood__city_id__in=self.city_ids
        )
        return (
            Q(Exists(through))
            | Q(Exists(parts))
            | Q(**{f"{prefix}organization_id__in": self.organization_ids})
        )

    def services(self, queryset):
        return queryset if self.everything else queryset.filter(self.service_q())

    def locations(self, queryset):
        if self.everything:
            return queryset
        return queryset.filter(
            Q(city_id__in=self.city_ids) | Q(organization_id__in=self.organization_ids)
        )

    def organizations(self, queryset):
        return queryset if self.everything else queryset.filter(pk__in=self.organization_ids)

    def cities(self, queryset):
        return queryset if self.everything else queryset.filter(pk__in=self.city_ids)

    def neighbourhoods(self, queryset):
        return queryset if self.everything else queryset.filter(city_id__in=self.city_ids)

    def by_service(self, queryset):
        """Rows that hang below a service: contact channels, service at location."""
        if self.everything:
            return queryset
        return queryset.filter(service__in=self.services(Service.objects.all()))

    def opening_hours(self, queryset):
        if self.everything:
            return queryset
        return queryset.filter(
            Q(service__in=self.services(Service.objects.all()))
            | Q(location__in=self.locations(Location.objects.all()))
        )

    def allows(self, method: str, obj) -> bool:
        """Whether this saved row is in scope, e.g. allows("services", service)."""
        if self.everything:
            return True
        return getattr(self, method)(type(obj)._default_manager.filter(pk=obj.pk)).exists()


class TwoSidedHistoricalRecords(HistoricalRecords):
    """Also records a service's m2m change made from the other side (problem.services.clear()).

    django-simple-history handles only the side the m2m field is declared on; from the other side
    it looks for a history manager on the wrong model and fails.
    """

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        model = kwargs["model"]
        field = model._meta.get_field(attr)
        if action == "pre_clear":
            links = field.remote_field.through.objects.filter(
                **{field.m2m_reverse_field_name(): instance}
            )
            instance._history_cleared = set(
                links.values_list(f"{field.m2m_field_name()}_id", flat=True)
            )
        elif action in ("post_add", "post_remove", "post_clear"):
            pks = getattr(instance, "_history_cleared", set()) if pk_set is None else pk_set
            for row in model._default_manager.filter(pk__in=pks):
                self.create_historical_record(row, "~")

    def create_historical_record_m2ms(self, history_instance, instance):
        """The links of each m2m field, copied into its history table: as django-simple-history
        does it, in one query per field instead of three. The library rebuilds the service from
        its new history row (reading the fields left out of history again) only to name the
        through model, and loads the linked rows where their ids are all it copies."""
        for field in history_instance._history_m2m_fields:
            history_model = self.m2m_models[field]
            through = getattr(instance, field.name).through
            columns = [through_field.attname for through_field in through._meta.fields]
            links = through.objects.filter(**{get_m2m_field_name(field): instance})
            rows = [
                history_model(history=history_instance, **link) for link in links.values(*columns)
            ]
            signal = {"history_instance": history_instance, "instance": instance, "field": field}
            pre_create_historical_m2m_records.send(sender=history_model, rows=rows, **signal)
            created_rows = history_model.objects.bulk_create(rows)
            post_create_historical_m2m_records.send(
                sender=history_model, created_rows=created_rows, **signal
            )


# The history of every change to the directory entries editors work on, with who made it
# (django-simple-history; the request's user comes from HistoryRequestMiddleware). The history
# tables belong to this app, so the directory app itself stays free of them.
for _model, _config in [
    (
        Service,
        {
            "m2m_fields": [
                "problem_types",
                "serves_cities",
                "serves_neighbourhoods",
                "languages",
                "age_groups",
                "referrer_types",
            ],
            # Derived from the fields above by the search index; nothing to read or revert.
            "excluded_fields": list(Service.SEARCH_COLUMNS),
            "records_class": TwoSidedHistoricalRecords,
        },
    ),
    (ContactChannel, {}),
    (ServiceAtLocation, {}),
    (ServiceTranslation, {}),
    (OpeningHours, {}),
    (Location, {}),
    (Organization, {}),
    (SearchTerm, {}),
]:
    simple_history.register(_model, app="staff", **_config)
