"""The problem page: the problem in two sentences and the services for it."""

from django.urls import reverse


def url(slug):
    return reverse("directory:problem_detail", kwargs={"slug": slug})


def test_it_explains_the_problem_and_lists_services_for_it_and_its_children(
    client, make_problem, make_service
):
    parent = make_problem("Relaties", slug="relaties", description="Ruzie of problemen thuis.")
    child = make_problem("Ruzie thuis", parent=parent)
    make_service("Ouder", problems=[parent])
    make_service("Kind", problems=[child])
    make_service("Anders")

    response = client.get(url("relaties"))

    assert response.status_code == 200
    assert "Ruzie of problemen thuis." in response.text
    assert [service.name for service in response.context["page_obj"]] == ["Kind", "Ouder"]


def test_it_shows_a_call_link_on_each_service_card(client, make_problem, make_service):
    problem = make_problem("Stress", slug="stress")
    make_service("Tele-Onthaal", problems=[problem])

    response = client.get(url("stress"))

    assert 'href="tel:+3280013500"' in response.text


def test_it_narrows_to_the_chosen_city(client, make_problem, make_service, city, other_city):
    problem = make_problem("Stress", slug="stress")
    make_service("Gent", problems=[problem], cities=[city])
    make_service("Aalst", problems=[problem], cities=[other_city])

    response = client.get(url("stress"), {"stad": "aalst"})

    assert [service.name for service in response.context["page_obj"]] == ["Aalst"]
    assert 'href="/diensten/?probleem=stress&amp;stad=aalst"' in response.text


def test_it_leaves_out_ended_services(client, make_problem, ended_service):
    ended_service.problem_types.set([make_problem("Stress", slug="stress")])

    assert client.get(url("stress")).context["page_obj"].paginator.count == 0


def test_it_renders_in_a_fixed_number_of_queries(
    client, many_services, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(url("relaties"), {"stad": "gent"})

    assert response.context["page_obj"].paginator.count == 17


def test_it_offers_a_chat_link_on_a_card_when_there_is_no_phone(client, make_problem, make_service):
    problem = make_problem("Stress", slug="stress")
    service = make_service("CAW-chat", problems=[problem], channels=False)
    service.contact_channels.create(kind="chat", value="https://www.caw.be/chat")

    response = client.get(url("stress"))

    assert '<a class="button call" href="https://www.caw.be/chat">Chat<span' in response.text


def test_a_card_calls_the_first_phone_number_in_the_order_staff_gave(
    client, make_problem, make_service
):
    problem = make_problem("Stress", slug="stress")
    service = make_service("Twee nummers", problems=[problem], channels=False)
    service.contact_channels.create(kind="website", value="https://example.be", position=0)
    service.contact_channels.create(kind="telefoon", value="09 265 04 00", position=2)
    service.contact_channels.create(kind="gratis_nummer", value="0800 13 500", position=1)

    html = client.get(url("stress")).text

    assert '<a class="button call" href="tel:+32800135' in html
    assert "09 265 04 00" not in html and "example.be" not in html


def test_postgresql_can_read_a_problem_page_in_order_from_its_index(
    client, many_services, make_problem, make_service
):
    """Migration 0015's index holds the page's order (the ORM's own expressions): without it, a
    page joined and sorted every service of the problem type (272 ms at most at 100,000)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("relaties"), {"stad": "gent"}).status_code == 200
    page_query = next(q["sql"] for q in queries if "cardinality" in q["sql"])
    with connection.cursor() as cursor:
        # Sorting made as dear as PostgreSQL allows: the order must come from the index.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {page_query}")
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "service_centrality_idx" in plan
    assert "Sort Key: (cardinality" not in plan
