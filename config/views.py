import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
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
        return unavailable(JsonResponse({"database": "unavailable"}, status=503))
    return JsonResponse({"database": "ok"})


def unavailable(response):
    """A 503 that tells clients and load balancers when to try again."""
    response.status_code = 503
    response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    return response


def is_database_unavailable(error) -> bool:
    """Every "database unavailable" error: no connection, the server starting up or shutting
    down, a connection dropped mid-request (OperationalError, InterfaceError), or any other
    database error while the database does not answer a probe."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    return isinstance(error, DatabaseError) and _database_is_down()


def server_error(request):
    """Django's handler500, with a 503 'try again soon' page when the database is away.

    Rendered without a request context: context processors may need the database too.
    Connections are health-checked (CONN_HEALTH_CHECKS), so the site recovers by itself once the
    database answers again.
    """
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        return unavailable(HttpResponseServerError(loader.render_to_string("503.html")))
    return HttpResponseServerError(loader.render_to_string("500.html"))


def _database_is_down() -> bool:
    try:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return True
    return False
