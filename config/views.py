import sys

from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

DATABASE_RETRY_SECONDS = 30


@never_cache
def healthcheck(request):
    """For load balancers and uptime checks: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


def server_error(request):
    """Django's handler500, with a 503 'try again soon' page when the database is away.

    Rendered without a request context: context processors may need the database too.
    Connections are health-checked (CONN_HEALTH_CHECKS), so the site recovers by itself once the
    database answers again.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) and _database_is_down():
        response = HttpResponseServerError(loader.render_to_string("503.html"))
        response.status_code = 503
        response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def _database_is_down() -> bool:
    try:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return True
    return False
