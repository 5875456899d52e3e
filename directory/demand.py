"""What residents look for, given off by the directory's pages for the features that count it.

The directory does not count anything itself: the insights app listens (insights/receivers.py).
Sent once per page view of a first page of results, with the number of results found.
"""

from django.dispatch import Signal

# request, query (as typed), result_count, city (slug or "")
searched = Signal()
# request, problem_slug, result_count, city (slug or ""), neighbourhood (slug or "")
problem_viewed = Signal()
