"""Writes a page view's demand counts once the view is done (see insights.models.count_for_page):
one upsert for all the signals a page sends, and none while the counts wait in memory."""

from insights.models import write_counts_if_due


class DemandCountsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "demand_counters", None):
            write_counts_if_due()
        return response
