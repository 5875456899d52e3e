"""A service's history in the admin: its own versions and its inline rows' changes, and a
revert that restores what it owns."""

from django.contrib import messages
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.models import Service
from staff.revert import restore_owned_rows


class ServiceHistoryMixin:
    """For ServiceAdmin, before SimpleHistoryAdmin."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert in one transaction (the form locks the service row), restoring what the
        service owns too: contact channels, opening hours, places and translations."""
        with transaction.atomic():
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                version = Service.history.get(id=object_id, history_id=version_id)
                result = restore_owned_rows(
                    Service.objects.get(pk=object_id),
                    version,
                    reason=_("Teruggezet naar de versie van %(date)s")
                    % {"date": date_format(timezone.localtime(version.history_date), "j F Y H:i")},
                )
                if result.skipped:
                    self.message_user(
                        request,
                        _("Niet teruggezet (bestaat niet meer of botst): %(rows)s")
                        % {"rows": "; ".join(result.skipped)},
                        messages.WARNING,
                    )
        return response

    def history_view(self, request, object_id, extra_context=None):
        """The service's own history, then the changes to its contact details and places."""
        from staff.history import inline_changes

        context = {"inline_changes": inline_changes(object_id), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)
