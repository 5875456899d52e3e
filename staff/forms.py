from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.models import Service


class ServiceAdminForm(forms.ModelForm):
    """Tells the second of two editors saving the same service that the first one was quicker.

    Every save of a service adds a history record, so the latest record's id is the version the
    editor started from; the form carries it. On save the service row is locked (the admin saves
    in a transaction) and the version compared: when someone saved in between, the form comes
    back with the editor's input intact and says who. Saving again then knowingly overwrites.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    source_url = forms.URLField(
        label=_("link naar de bron"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Geef een volledige link die begint met https://.")},
    )

    class Meta:
        model = Service
        exclude = []  # noqa: DJ006 - the admin's fieldsets choose the fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # From the database, not the instance: a revert starts from an old version.
            latest = self._latest_change()
            self.fields["version"].initial = str(latest.history_id) if latest else ""

    def _latest_change(self):
        return (
            Service.history.filter(id=self.instance.pk)
            .select_related("history_user")
            .order_by("-history_id")
            .first()
        )

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        Service.objects.select_for_update().filter(pk=self.instance.pk).exists()
        latest = self._latest_change()
        current = str(latest.history_id) if latest else ""
        if cleaned_data.get("version", "") != current:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
            who = latest.history_user or _("een andere medewerker")
            raise ValidationError(
                _(
                    "%(who)s heeft deze dienst intussen opgeslagen (om %(time)s). Je wijzigingen "
                    "zijn nog niet bewaard. Bekijk eerst de geschiedenis van deze dienst; sla "
                    "daarna opnieuw op om jouw versie toch te bewaren."
                )
                % {"who": who, "time": date_format(timezone.localtime(latest.history_date), "H:i")},
                code="concurrent_edit",
            )
        return cleaned_data


class VerificationForm(forms.Form):
    """Who confirms the chosen services (admin action "Markeer als gecontroleerd"): without a
    name there is no verification."""

    verified_by = forms.CharField(
        label=_("Gecontroleerd door"),
        max_length=120,
        help_text=_("Je eigen naam: wie de gegevens met de organisatie nakeek."),
        error_messages={"required": _("Vul in wie de gegevens controleerde.")},
    )
    verified_for = forms.CharField(
        label=_("Namens"),
        max_length=120,
        help_text=_("Staat op de publieke pagina, bijvoorbeeld: Stad Gent."),
        error_messages={
            "required": _("Vul in namens wie je controleerde, bijvoorbeeld Stad Gent.")
        },
    )

    @staticmethod
    def initial_for(user, services) -> dict:
        """The user's name, and "Stad <city>" when all chosen services serve one city."""
        cities = set()
        for service in services:
            cities |= {city.name for city in service.serves_cities.all()}
            cities |= {part.city.name for part in service.serves_neighbourhoods.all()}
        initial = {"verified_by": user.get_full_name() or user.get_username()}
        if len(cities) == 1:
            initial["verified_for"] = _("Stad %(city)s") % {"city": cities.pop()}
        return initial
