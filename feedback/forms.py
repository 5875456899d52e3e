from django import forms
from django.core.validators import MinLengthValidator
from django.utils.translation import gettext_lazy as _

from feedback.models import MESSAGE_MAX_LENGTH, Feedback

MESSAGE_MIN_LENGTH = 10


class FeedbackForm(forms.ModelForm):
    # The honeypot: hidden from people (and screen readers), filled in by many bots.
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))

    class Meta:
        model = Feedback
        fields = ["message", "email"]
        labels = {
            "message": _("Wat klopt er niet?"),
            "email": _("Je e-mailadres (niet verplicht)"),
        }
        help_texts = {
            "message": _("Bijvoorbeeld: het telefoonnummer is veranderd."),
            "email": _("Alleen als je een antwoord wil. We wissen het later."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        # Own ids, so the form can sit on a page beside other forms.
        kwargs.setdefault("auto_id", "melding_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        message = self.fields["message"]
        message.widget.attrs["minlength"] = MESSAGE_MIN_LENGTH
        message.validators.append(
            MinLengthValidator(
                MESSAGE_MIN_LENGTH, _("Schrijf iets meer: minstens %(limit_value)d tekens.")
            )
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))
