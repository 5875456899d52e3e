"""Scopes in the admin: each editor sees and edits the rows of their own city."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from directory.models import City, Location, Service
from staff.models import Scope


class ScopedAdminMixin:
    """Limits a ModelAdmin to the rows in the user's scope (see staff.models).

    Rows out of scope are missing from the list, and opening one by URL gives 403: get_object
    looks in all rows and the permission methods say no. Foreign keys offer only rows in scope;
    `scope_error` lets an admin refuse a form that would move a row out of scope.
    """

    scope_filter = ""  # the Scope method that filters this model
    scoped_choices: dict[str, str] = {}  # form field -> Scope method that filters its choices
    scope_viewing = True  # False: everyone with view permission sees all rows

    def scope(self, request) -> Scope:
        return Scope.for_request(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.scope_viewing:
            return queryset
        return getattr(self.scope(request), self.scope_filter)(queryset)

    def get_object(self, request, object_id, from_field=None):
        model = self.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            value = field.to_python(object_id)
            obj = super().get_queryset(request).get(**{field.name: value})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None
        return obj

    def in_scope(self, request, obj) -> bool:
        if obj is None or obj.pk is None:
            return True
        cache = request.__dict__.setdefault("_in_scope", {})
        key = (self.model, obj.pk)
        if key not in cache:
            cache[key] = self.scope(request).allows(self.scope_filter, obj)
            if not cache[key]:  # for the 403 page (staff.views.permission_denied)
                request._scope_refusal = refusal_reason(self.scope(request), obj)
        return cache[key]

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (not self.scope_viewing or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def _limit(self, db_field, request, kwargs):
        method = self.scoped_choices.get(db_field.name)
        if method and "queryset" not in kwargs:
            kwargs["queryset"] = getattr(self.scope(request), method)(
                db_field.remote_field.model._default_manager.all()
            )
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self._limit(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **self._limit(db_field, request, kwargs)
        )

    def scope_error(self, scope: Scope, cleaned_data: dict) -> str | None:
        """A message when saving this form would put the row out of the user's scope."""
        return None

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        scope, model_admin = self.scope(request), self
        if scope.everything:
            return form

        class ScopedForm(form):
            def clean(self):
                cleaned_data = super().clean()
                message = model_admin.scope_error(scope, cleaned_data)
                if message:
                    raise ValidationError(message)
                return cleaned_data

        return ScopedForm


class ScopedInlineMixin:
    """Offers an inline's foreign keys only in the user's scope (see ScopedAdminMixin).

    Rows the parent already links to stay valid, so an editor can still save a shared service
    that another city linked to its own location; they just cannot add such links themselves.
    """

    scoped_choices: dict[str, str] = {}  # form field -> Scope method that filters its choices

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        scope = Scope.for_request(request)
        if scope.everything:
            return formset
        for name, method in self.scoped_choices.items():
            field = formset.form.base_fields[name]
            target = field.queryset.model._default_manager
            allowed = Q(pk__in=getattr(scope, method)(target.all()).values("pk"))
            if obj is not None and obj.pk is not None:
                linked = self.model._default_manager.filter(**{formset.fk.name: obj})
                allowed |= Q(pk__in=linked.values(f"{name}_id"))
            field.queryset = target.filter(allowed)
        return formset


NO_GROUP_MESSAGE = _lazy(
    "Je hoort nog bij geen redactiegroep van een stad. "
    "Vraag de centrale beheerders (groep Beheer) om je aan je stad toe te voegen."
)


def cities_of(obj) -> list[str]:
    """The names of the cities a directory row belongs to, for a refusal message."""
    if isinstance(obj, Service):
        names = {city.name for city in obj.serves_cities.all()}
        names |= {part.city.name for part in obj.serves_neighbourhoods.select_related("city")}
        return sorted(names)
    if isinstance(obj, Location):
        return [obj.city.name] if obj.city_id else []
    for name in ("service", "location"):
        related = getattr(obj, name, None)
        if related is not None:
            return cities_of(related)
    return []


def refusal_reason(scope: Scope, obj) -> str:
    """'Deze dienst hoort bij Gent; jij beheert Aalst.'"""
    theirs = cities_of(obj)
    mine = sorted(City.objects.filter(pk__in=scope.city_ids).values_list("name", flat=True))
    what = capfirst(obj._meta.verbose_name)
    if not mine:
        return NO_GROUP_MESSAGE
    if not theirs:
        return _("Deze %(what)s hoort bij geen van jouw steden; jij beheert %(mine)s.") % {
            "what": obj._meta.verbose_name,
            "mine": ", ".join(mine),
        }
    return _("%(what)s “%(name)s” hoort bij %(theirs)s; jij beheert %(mine)s.") % {
        "what": what,
        "name": obj,
        "theirs": ", ".join(theirs),
        "mine": ", ".join(mine),
    }
