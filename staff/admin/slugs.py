"""Slugs staff need not think about: explained, and made from the name when left empty."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

SLUG_LABEL = _("webadres")
SLUG_HELP = _(
    "Het laatste stuk van het webadres van de pagina, bijvoorbeeld caw-onthaal-aalst. "
    "Leeg laten: we maken het uit de naam. Verander het liever niet meer na publicatie: "
    "oude links werken dan niet meer."
)


def unique_slug(model, name: str, max_length: int) -> str:
    base = (slugify(name) or model._meta.model_name)[: max_length - 4].strip("-")
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


class AutoSlugAdminMixin:
    """For ModelAdmins of models with a `name` and a unique `slug`."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("slug")
        if field is not None:
            field.required = False
            field.label, field.help_text = SLUG_LABEL, SLUG_HELP
        return form

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            max_length = obj._meta.get_field("slug").max_length
            obj.slug = unique_slug(type(obj), obj.name, max_length)
        super().save_model(request, obj, form, change)
