from functools import cached_property

from django.urls import reverse

from referrals.session import MAX_CARD_SERVICES, CardState


class VisitorCard:
    """The visitor's referral card as a page shows it: the services on it (read from the session
    only when used) and the links of the "Zet op kaart" forms. Worked out once per page, not once
    per service card: a list shows twenty of them."""

    max_services = MAX_CARD_SERVICES

    def __init__(self, request):
        self._request = request

    @cached_property
    def ids(self) -> set[int]:
        return set(CardState.load(self._request.session).service_ids)

    @cached_property
    def is_full(self) -> bool:
        return len(self.ids) >= MAX_CARD_SERVICES

    @cached_property
    def add_url(self) -> str:
        return reverse("referrals:add_service")

    @cached_property
    def edit_url(self) -> str:
        return reverse("referrals:card_edit")

    @cached_property
    def return_path(self) -> str:
        """Where the form brings the visitor back to: this page."""
        return self._request.get_full_path()


def referral_card(request):
    return {"referral_card": VisitorCard(request)}
