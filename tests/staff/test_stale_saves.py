"""No lost update in the admin: every admin form, inline rows included, refuses a save made from
an older form, and says what the other person changed (staff/stale.py)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from directory.models import ContactChannel, Service
from staff.stale import STALE_FIELD, UNPROTECTED_APPS

pytestmark = pytest.mark.django_db

ADMINS = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label not in UNPROTECTED_APPS
]
FORMS = [(f"{model.__name__}", model, model_admin, None) for model, model_admin in ADMINS] + [
    (f"{model.__name__}.{inline.__name__}", inline.model, model_admin, inline)
    for model, model_admin in ADMINS
    for inline in model_admin.inlines
]


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("beheerder", password="geheim-wachtwoord-123")


def _form_class(model_admin, inline, request, parent):
    if inline is None:
        return model_admin.get_form(request, parent)
    instance = inline(model_admin.model, admin.site)
    return instance.get_formset(request, parent).form


def _text_field(form):
    """A plain text field of the form that another editor can change."""
    opts = form._meta.model._meta
    for name in form.fields:
        try:
            field = opts.get_field(name)
        except Exception:
            continue
        if (
            isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.editable
            and not isinstance(field, models.SlugField)
        ):
            return field
    return None


def _data(form):
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is not None and value is not False:
            data[bound.html_name] = "on" if value is True else str(value)
    return data


@pytest.mark.parametrize(
    ("name", "model", "model_admin", "inline"), FORMS, ids=[f[0] for f in FORMS]
)
def test_every_admin_form_refuses_a_save_from_an_older_form(
    name, model, model_admin, inline, superuser, demo_data
):
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        pytest.skip(f"no {model.__name__} in the demo data")
    request = RequestFactory().get("/")
    request.user = superuser
    parent = obj if inline is None else getattr(obj, inline.fk_name or "", None)
    if inline is not None and parent is None:
        parent_field = next(
            field
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is model_admin.model
        )
        parent = getattr(obj, parent_field.name)
    form_class = _form_class(model_admin, inline, request, parent if inline else obj)
    shown = form_class(instance=obj)
    assert STALE_FIELD in shown.fields, f"{name} is not protected"
    field = _text_field(shown)
    if field is None:
        pytest.skip(f"{name} has no text field to change")
    data = _data(shown)
    new_value = "Gewijzigd door collega"[: field.max_length or 100]

    # Someone else saves a new value in between.
    model._default_manager.filter(pk=obj.pk).update(**{field.attname: new_value})

    stale = form_class(data, instance=model._default_manager.get(pk=obj.pk))
    assert not stale.is_valid()
    [message] = stale.non_field_errors()
    assert str(field.verbose_name) in message and new_value in message

    # Saving again on purpose keeps this editor's version.
    again = form_class(stale.data, instance=model._default_manager.get(pk=obj.pk))
    assert again.is_valid(), again.errors


def test_every_registered_admin_of_the_directory_is_protected():
    protected = {model for model, model_admin in ADMINS if model_admin.stale_protected}
    assert {model for model, _admin in ADMINS} == protected
    assert Service in protected and ContactChannel in protected


def test_an_older_hours_save_no_longer_erases_a_new_label(client, editor, make_service):
    """The issue's case: A changes a channel's label, B then saves its hours from an older form."""
    service = make_service()
    channel = ContactChannel.objects.create(
        service=service, kind=ContactChannel.Kind.EMAIL, value="info@voorbeeld.be", label="Onthaal"
    )
    client.force_login(editor)
    url = reverse("admin:directory_contactchannel_change", args=[channel.pk])
    page = client.get(url).content.decode()
    token = re.search(rf'name="{STALE_FIELD}" value="([^"]+)"', page).group(1)
    form = {
        "service": service.pk, "kind": "email", "value": "info@voorbeeld.be", "label": "Onthaal",
        "position": 0, STALE_FIELD: token,
    }  # fmt: skip

    ContactChannel.objects.filter(pk=channel.pk).update(label="Secretariaat")  # editor A
    response = client.post(url, {**form, "hours": "ma–vr 9–12 uur"})  # B, from the older form

    assert response.status_code == 200
    assert "omschrijving is nu “Secretariaat”" in response.content.decode()
    channel.refresh_from_db()
    assert (channel.label, channel.hours) == ("Secretariaat", "")
