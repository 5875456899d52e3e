import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from embed.framing import embed_policy

pytestmark = pytest.mark.django_db
URL = reverse("embed:service_list")


def names(response):
    return [service.name for service in response.context["page_obj"].object_list]


@pytest.fixture
def two_cities(make_service, city, other_city, make_problem):
    lonely = make_problem("Eenzaamheid", slug="eenzaamheid")
    make_service("Gent eenzaam", cities=[city], problems=[lonely])
    make_service("Gent ander", cities=[city])
    make_service("Aalst eenzaam", cities=[other_city], problems=[lonely])


def test_the_embedded_list_filters_by_city_and_problem(client, two_cities):
    response = client.get(URL, {"stad": "gent", "probleem": "eenzaamheid"})

    assert response.status_code == 200
    assert names(response) == ["Gent eenzaam"]


def test_the_embedded_list_has_no_site_header_and_opens_services_in_the_whole_window(
    client, two_cities
):
    html = client.get(URL, {"stad": "gent"}).content.decode()

    assert "site-header" not in html and "site-footer" not in html
    assert 'target="_top">Gent eenzaam</a>' in html
    assert "Kies" not in html  # choosing and sharing stay on Wegwijs itself


def test_searching_inside_the_frame_keeps_the_city_and_problem(client, two_cities):
    html = client.get(URL, {"stad": "gent", "probleem": "eenzaamheid"}).content.decode()

    assert '<input type="hidden" name="stad" value="gent">' in html
    assert '<input type="hidden" name="probleem" value="eenzaamheid">' in html
    assert 'action="/inbedden/diensten/"' in html


def test_only_the_allowed_origins_may_frame_it(client, settings, two_cities):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.gent.be", "https://www.aalst.be/"]

    response = client.get(URL)

    policy = response["Content-Security-Policy"]
    assert policy.endswith("; frame-ancestors 'self' https://www.gent.be https://www.aalst.be")
    assert "X-Frame-Options" not in response
    assert "script-src 'self' 'nonce-" in policy


def test_without_allowed_origins_only_wegwijs_itself_may_frame_it(client, settings, two_cities):
    settings.EMBED_ALLOWED_ORIGINS = []

    policy = client.get(URL)["Content-Security-Policy"]

    assert policy.endswith("; frame-ancestors 'self'")


def test_the_rest_of_the_site_still_refuses_every_frame(client, settings, two_cities):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.gent.be"]

    response = client.get(reverse("directory:service_list"))

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("origin", ["www.gent.be", "https://gent.be/pad", "javascript:x", "*"])
def test_a_wrong_origin_in_the_settings_is_refused(settings, origin):
    settings.EMBED_ALLOWED_ORIGINS = [origin]

    with pytest.raises(ImproperlyConfigured):
        embed_policy("nonce")


def test_the_embedded_list_sets_no_cookies(client, two_cities):
    response = client.get(URL, {"stad": "gent", "q": "eenzaam"})

    assert not response.cookies
    assert "Set-Cookie" not in response
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_embedded_list_stays_within_the_query_budget(
    client, make_service, make_problem, city, django_assert_max_num_queries
):
    problem = make_problem("Relaties", slug="relaties")
    for number in range(25):
        make_service(f"Dienst {number:02d}", cities=[city], problems=[problem])

    with django_assert_max_num_queries(8):
        response = client.get(URL, {"stad": "gent", "probleem": "relaties", "q": "dienst"})

    assert len(response.context["page_obj"].object_list) == 20


def test_the_help_page_shows_a_snippet_for_this_site(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.gent.be"]

    html = client.get(reverse("embed:help")).content.decode()

    assert '&lt;iframe src="http://testserver/inbedden/diensten/?stad=gent&amp;amp;' in html
    assert "<li>https://www.gent.be</li>" in html
