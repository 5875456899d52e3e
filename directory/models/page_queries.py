"""What the pages read of a service: a card's fields and first phone number or chat, the
service page's row and lists. A mixin of ServiceQuerySet (directory.models.service_queries)."""

from django.db import models
from django.db.models import OuterRef, Subquery

from directory import opening
from directory.models.contact import ContactChannel
from directory.models.taxonomy import ProblemType


class ServicePageQueries:
    """For ServiceQuerySet, which gives ``translated`` and ``with_open_now``."""

    # What a card shows (directory/_service_cards.html, selection/_service.html). The rest of
    # the row (long texts, sources and checks, search columns) stays behind: a search carries
    # its candidates' rows through its ranking, and the columns no card shows cost PostgreSQL a
    # sixth of a filtered search at 10,000 services (issue 18). A field a card starts to show
    # goes here, or each card reads it in a query of its own (query counts are pinned by tests).
    CARD_FIELDS = (
        "name",
        "slug",
        "summary",
        "cost",
        "cost_per_session",
        "referral_required",
        "interpreter_available",
        "home_visits",
        "always_open",
        "organization__name",
    )

    def with_card_data(self, now=None, language=None):
        """What a service card shows, in a fixed number of queries however many services.

        Only the fields in CARD_FIELDS are read, the summary in ``language`` (default: the
        active one; see directory.translations).
        ``is_open_now`` and ``has_opening_hours`` are set after fetching (see with_open_now).
        """
        return (
            self.select_related("organization")
            .only(*self.CARD_FIELDS)
            .translated(language, fields=("summary",))
            .with_open_now(now or opening.brussels_now())
            .with_quick_channel()
        )

    QUICK_KINDS = (*ContactChannel.PHONE_KINDS, ContactChannel.Kind.CHAT)

    def with_quick_channel(self):
        """Annotate the first phone number or chat of each service (``Service.quick_channel``):
        two small subqueries on the page's own rows rather than a query more."""
        first = ContactChannel.objects.filter(
            service=OuterRef("pk"), kind__in=self.QUICK_KINDS
        ).order_by("position", "pk")
        return self.annotate(
            quick_channel_kind=Subquery(first.values("kind")[:1]),
            quick_channel_value=Subquery(first.values("value")[:1]),
        )

    def with_quick_channels(self):
        """All phone numbers and chats of each service, as ``quick_channels``: one query more."""
        return self.prefetch_related(
            models.Prefetch(
                "contact_channels",
                queryset=ContactChannel.objects.filter(kind__in=self.QUICK_KINDS),
                to_attr="quick_channels",
            )
        )

    def with_locations(self):
        """The places of each service with their city, in one query more."""
        return self.prefetch_related(
            models.Prefetch(
                "service_locations",
                queryset=self.model.locations.through.objects.select_related("location__city"),
            )
        )

    def with_detail_data(self, language=None):
        """Everything the service page shows except opening hours (see directory.schedules)
        and the small lists of ``Service.requirements``, its texts and problem types in
        ``language`` (default: the active one). directory.service_page reads the same."""
        return self.with_detail_fields(language).prefetch_related(
            *(
                models.Prefetch(name, queryset)
                for name, queryset in self.detail_links(language).items()
            )
        )

    def detail_links(self, language=None) -> dict:
        """The lists on the service page by relation name, each as a queryset of its rows."""
        return {
            "contact_channels": ContactChannel.objects.all(),
            "problem_types": ProblemType.objects.translated(language),
            "service_locations": self.model.locations.through.objects.select_related(
                "location__city", "location__neighbourhood"
            ),
        }

    def with_detail_fields(self, language=None):
        """The service page's own row: the shown fields, texts in ``language``, the
        organisation and the successor (with_detail_data without its lists)."""
        return (
            self.translated(language)
            .defer(
                *self.model.UNSHOWN_FIELDS,
                *(f"successor__{name}" for name in self.model.UNSHOWN_FIELDS),
            )
            .select_related("organization", "successor")
        )
