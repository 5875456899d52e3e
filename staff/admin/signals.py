"""Signalen in the admin, limited to the cities of the user's staff groups.

"Beheer" and superusers see every city; a policy officer ("Beleid Aalst") sees Aalst's counts.
"""

from django.contrib import admin

from directory.models import City
from insights.admin import DemandCountAdmin
from insights.models import DemandCount
from staff.models import Scope


@admin.register(DemandCount)
class ScopedDemandCountAdmin(DemandCountAdmin):
    def visible_cities(self, request) -> list[str] | None:
        scope = Scope.for_request(request)
        if scope.everything:
            return None
        return list(City.objects.filter(pk__in=scope.city_ids).values_list("slug", flat=True))
