"""The directory's demand signals (directory/demand.py), counted per month for policy officers."""

from django.dispatch import receiver

from directory.demand import problem_viewed, searched
from insights.models import count_for_page, problem_counters, search_counters


@receiver(searched, dispatch_uid="insights_count_search")
def count_search(sender, request, query, result_count, city="", **kwargs):
    count_for_page(request, search_counters(query, result_count, city=city))


@receiver(problem_viewed, dispatch_uid="insights_count_problem_view")
def count_problem_view(
    sender, request, problem_slug, result_count, city="", neighbourhood="", **kwargs
):
    count_for_page(
        request,
        problem_counters(problem_slug, result_count, city=city, neighbourhood=neighbourhood),
    )
