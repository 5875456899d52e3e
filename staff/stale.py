"""Stale-save protection for every model staff edit in the admin, inline rows included.

Each admin form carries a signed fingerprint of the row's values as the editor first saw them
(one short hash per field, hidden field ``STALE_FIELD``). On save, the row is locked
(``SELECT … FOR UPDATE``; the admin saves in a transaction) and read again: when a field of the
form differs from the fingerprint, someone else saved in between, and the form comes back with
the editor's input intact and a message naming each field the other person changed, its new
value, and who (from the history, where the model has one). The fingerprint is then renewed,
so saving again knowingly overwrites.

``protect_admin_site(site)`` applies it to every registered ModelAdmin and its inlines, so a
newly registered admin is protected without any edit (staff/apps.py calls it at start-up).
A form posted without the hidden field (a script, not a browser) is not checked.
"""

import hashlib

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.models import InlineForeignKeyField
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

STALE_FIELD = "stale_check"
_SALT = "staff.stale"


def _model_fields(form) -> list:
    opts = form._meta.model._meta
    # An inline row's link to its parent is added by the formset after the form's __init__, so
    # it is not in the fingerprint; the row cannot move to another parent from the form anyway.
    names = {
        name for name, field in form.fields.items() if not isinstance(field, InlineForeignKeyField)
    }
    return [
        field
        for field in [*opts.concrete_fields, *opts.many_to_many]
        if field.name in names and field.editable and not field.primary_key
    ]


def _value(field, obj) -> str:
    if field.many_to_many:
        return ",".join(
            sorted(str(pk) for pk in getattr(obj, field.attname).values_list("pk", flat=True))
        )
    return field.value_to_string(obj)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprint(form, obj) -> str:
    values = {field.name: _digest(_value(field, obj)) for field in _model_fields(form)}
    return signing.dumps(values, salt=_SALT, compress=True)


def _shown(value: str) -> str:
    return f"“{Truncator(value).chars(60)}”" if value else _("leeg")


class StaleCheckedForm(forms.ModelForm):
    """Mixed into an admin ModelForm by ``stale_checked``."""

    # The main form reads the row again: a revert (django-simple-history) starts from an old
    # version, not from what is stored. Inline rows come fresh from the database already.
    stale_from_database = True
    stale_check = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and STALE_FIELD in self.fields:
            stored = self.instance
            if self.stale_from_database:
                manager = type(self.instance)._default_manager
                stored = manager.filter(pk=self.instance.pk).first() or self.instance
            self.fields[STALE_FIELD].initial = fingerprint(self, stored)

    def clean(self):
        cleaned_data = super().clean()
        raw = self.data.get(self.add_prefix(STALE_FIELD)) if self.is_bound else None
        if not self.instance.pk or not raw or STALE_FIELD not in self.fields:
            return cleaned_data
        model = type(self.instance)
        current = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            return cleaned_data  # deleted meanwhile: Django's own checks say so
        try:
            seen = signing.loads(raw, salt=_SALT)
        except signing.BadSignature:
            seen = {}
        changed = [
            field
            for field in _model_fields(self)
            if seen.get(field.name) != _digest(_value(field, current))
        ]
        if changed:
            self.data = self.data.copy()
            self.data[self.add_prefix(STALE_FIELD)] = fingerprint(self, current)
            raise ValidationError(self._conflict_message(current, changed), code="stale_save")
        return cleaned_data

    def _conflict_message(self, current, changed) -> str:
        who = _("Iemand anders")
        history = getattr(type(current), "history", None)
        if history is not None:
            latest = history.filter(id=current.pk).select_related("history_user").first()
            if latest is not None and latest.history_user:
                who = str(latest.history_user)
        changes = "; ".join(
            _("%(field)s is nu %(value)s")
            % {"field": field.verbose_name, "value": _shown(_value(field, current))}
            for field in changed
        )
        return _(
            "%(who)s heeft dit intussen gewijzigd: %(changes)s. Je wijzigingen zijn nog niet "
            "bewaard. Kijk ze na en sla opnieuw op om jouw versie toch te bewaren."
        ) % {"who": who, "changes": changes}


def stale_checked(form_class, *, inline: bool = False):
    if issubclass(form_class, StaleCheckedForm):
        return form_class
    attributes = {"stale_from_database": not inline}
    return type(form_class.__name__, (StaleCheckedForm, form_class), attributes)


def _with_field(fields):
    return None if fields is None else [*fields, STALE_FIELD]


def _protect(admin_class_or_instance, target, *, inline=False):
    """Give an admin (class or instance) the checked form and the hidden field in its layout."""
    target.form = stale_checked(admin_class_or_instance.form, inline=inline)
    if admin_class_or_instance.fieldsets:
        fieldsets = [list(fieldset) for fieldset in admin_class_or_instance.fieldsets]
        if STALE_FIELD not in flatten_fieldsets(fieldsets):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": _with_field(options["fields"])})
        target.fieldsets = fieldsets
    elif admin_class_or_instance.fields and STALE_FIELD not in admin_class_or_instance.fields:
        target.fields = _with_field(admin_class_or_instance.fields)


def protected_inline(inline_class):
    if getattr(inline_class, "stale_protected", False):
        return inline_class
    protected = type(inline_class.__name__, (inline_class,), {"stale_protected": True})
    _protect(inline_class, protected, inline=True)
    return protected


def protect_model_admin(model_admin) -> None:
    if getattr(model_admin, "stale_protected", False):
        return
    _protect(model_admin, model_admin)
    model_admin.inlines = [protected_inline(inline) for inline in model_admin.inlines]
    model_admin.stale_protected = True


# Users, groups and login attempts: only superusers edit them, and a password hash is no value
# to show in a message.
UNPROTECTED_APPS = {"auth", "axes"}


def protect_admin_site(site) -> None:
    for model, model_admin in site._registry.items():
        if model._meta.app_label not in UNPROTECTED_APPS:
            protect_model_admin(model_admin)
