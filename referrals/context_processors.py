from django.utils.functional import SimpleLazyObject

from referrals.session import MAX_CARD_SERVICES, CardState


def referral_card(request):
    """The ids of the services on the visitor's card, read from the session only when used."""
    return {
        "referral_card_ids": SimpleLazyObject(
            lambda: set(CardState.load(request.session).service_ids)
        ),
        "referral_card_max": MAX_CARD_SERVICES,
    }
