from django import forms
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from directory.phone import normalize_phone
from directory.templatetags.localized import dutch, ltr
from referrals.card import Card
from referrals.layouts import CARD_LANGUAGES, DEFAULT_CARD_LANGUAGE, LAYOUTS
from referrals.models import CardTemplate
from referrals.validators import (
    clean_accent_colour,
    clean_logo,
    clean_primary_colour,
    logo_too_large_error,
)

PRINT_FORM_ID = "kaart"
MAX_APPOINTMENT_LENGTH = 120
MAX_CLIENT_NAME_LENGTH = 40


class ColourInput(forms.TextInput):
    input_type = "color"


class CardTemplateForm(forms.ModelForm):
    """The house style. The logo is checked and re-encoded here, never stored as uploaded."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG of JPEG, maximaal 2 MB. Een SVG-bestand kan niet."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    class Meta:
        model = CardTemplate
        fields = [
            "name",
            "organisation_name",
            "contact_person",
            "phone",
            "logo",
            "primary_colour",
            "accent_colour",
        ]
        widgets = {"primary_colour": ColourInput(), "accent_colour": ColourInput()}
        help_texts = {
            "primary_colour": _(
                "Voor de balk bovenaan, met witte tekst erop. Kies een donkere kleur."
            ),
            "accent_colour": _(
                "Voor het vak met de afspraak, met zwarte tekst erop. Kies een lichte kleur."
            ),
        }

    def __init__(self, *args, logo_too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.logo_too_large = logo_too_large

    def clean_logo(self):
        if self.logo_too_large:
            raise logo_too_large_error()
        upload = self.cleaned_data.get("logo")
        if upload is False:  # "clear" ticked: the model field empties itself on False
            return False
        if not upload or upload == self.initial.get("logo"):
            return upload
        return clean_logo(upload)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        return normalize_phone(phone) if phone else ""

    def clean_primary_colour(self):
        return clean_primary_colour(self.cleaned_data.get("primary_colour", ""))

    def clean_accent_colour(self):
        return clean_accent_colour(self.cleaned_data.get("accent_colour", ""))

    def save(self, commit=True):
        old_logo = None
        if self.instance.pk and "logo" in self.changed_data:
            old_logo = CardTemplate.objects.get(pk=self.instance.pk).logo
        template = super().save(commit=commit)
        if commit and old_logo and not CardTemplate.objects.filter(logo=old_logo.name).exists():
            old_logo.delete(save=False)  # copies of a template share its logo file
        return template


def channel_field_name(service_id: int) -> str:
    return f"kanalen_{service_id}"


def location_field_name(service_id: int) -> str:
    return f"adres_{service_id}"


def appointment_field_name(service_id: int) -> str:
    return f"afspraak_{service_id}"


class CardForm(forms.Form):
    """One form for the whole card: the choices kept in the session, and the client's lines.

    The client's first name and appointment lines are only read to print; they are never saved.
    """

    layout = forms.ChoiceField(
        label=_("Formaat"),
        choices=[
            (layout.key, format_lazy("{} – {}", layout.label, layout.help_text))
            for layout in LAYOUTS.values()
        ],
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Taal van de kaart"), choices=CARD_LANGUAGES)
    bilingual = forms.BooleanField(
        label=_("Tweetalig: ook in het Nederlands"),
        help_text=_(
            "Elke vaste tekst staat dan in het Nederlands én in de taal van je cliënt. "
            "Zo kan iedereen de kaart lezen."
        ),
        required=False,
    )
    client_name = forms.CharField(
        label=_("Voornaam van je cliënt (niet verplicht)"),
        max_length=MAX_CLIENT_NAME_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, card: Card, **kwargs):
        kwargs.setdefault(
            "initial",
            {"layout": card.layout.key, "language": card.language, "bilingual": card.bilingual},
        )
        super().__init__(*args, **kwargs)
        self.card = card
        for item in card.services:
            pk = item.entry_id
            self.fields[channel_field_name(pk)] = forms.TypedMultipleChoiceField(
                label=_("Contact op de kaart"),
                choices=[(c.pk, _channel_label(c)) for c in item.all_channels],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[c.pk for c in item.channels],
            )
            if item.all_locations:
                self.fields[location_field_name(pk)] = forms.TypedChoiceField(
                    label=_("Adres op de kaart"),
                    choices=[(loc.pk, _address_label(loc)) for loc in item.all_locations]
                    + [(0, _("Geen adres"))],
                    coerce=int,
                    required=False,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    initial=item.location.pk if item.location else 0,
                )
            self.fields[appointment_field_name(pk)] = forms.CharField(
                label=_("Afspraak (niet verplicht)"),
                help_text=_("Bijvoorbeeld: dinsdag 14 mei om 10 uur, vraag naar Sarah."),
                max_length=MAX_APPOINTMENT_LENGTH,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "data-client-data": ""}),
            )
        self.fields["client_name"].widget.attrs["data-client-data"] = ""

    def rows(self):
        """(card service, channels field, address field or None, appointment field) per service."""
        for item in self.card.services:
            pk = item.entry_id
            location_name = location_field_name(pk)
            yield (
                item,
                self[channel_field_name(pk)],
                self[location_name] if location_name in self.fields else None,
                self[appointment_field_name(pk)],
            )

    def apply_to(self, state) -> None:
        """Write the session-safe choices (never client data) to the card state."""
        data = self.cleaned_data
        state.layout = data["layout"]
        state.language = data["language"]
        state.bilingual = data["bilingual"] and state.language != DEFAULT_CARD_LANGUAGE
        for item in self.card.services:
            entry = state.entry(item.entry_id)
            if entry is None:
                continue
            entry.channel_ids = data[channel_field_name(item.entry_id)]
            entry.location_id = data.get(location_field_name(item.entry_id))

    def appointments(self) -> dict[int, str]:
        return {
            item.entry_id: self.cleaned_data.get(appointment_field_name(item.entry_id), "")
            for item in self.card.services
        }


def _channel_label(channel):
    """ "Telefoon: 053 72 32 07", the number isolated left to right (also on an Arabic page)."""
    value = ltr(channel.value) if channel.writes_left_to_right else dutch(channel.value)
    return format_html("{}: {}", channel.get_kind_display(), value)


def _address_label(location):
    """The address, in Dutch: marked as such on a page in another language."""
    parts = [location.name, location.address, f"{location.postcode} {location.city}".strip()]
    return dutch(", ".join(part for part in parts if part))
