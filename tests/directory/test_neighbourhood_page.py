"""The neighbourhood page: a wijk and the services that serve it."""

from django.urls import reverse


def test_it_lists_services_for_the_neighbourhood_and_its_whole_city(
    client, make_service, make_neighbourhood, city, other_city
):
    rabot = make_neighbourhood(city, "Rabot")
    make_service("Rabot", neighbourhoods=[rabot])
    make_service("Heel Gent", cities=[city])
    make_service("Aalst", cities=[other_city])

    response = client.get(reverse("directory:neighbourhood_detail", kwargs={"slug": rabot.slug}))

    assert response.status_code == 200
    assert "Hulp in Rabot" in response.text
    # the neighbourhood's own services first, then those for the whole city (issue 13)
    assert [service.name for service in response.context["page_obj"]] == ["Rabot", "Heel Gent"]


def test_it_renders_in_a_fixed_number_of_queries(
    client, many_services, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("directory:neighbourhood_detail", args=["gent-ledeberg"]))

    assert response.context["page_obj"].paginator.count == 17
