import pytest
from django.urls import reverse

from directory.models import Location, Service, ServiceAtLocation
from selection.codes import encode

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(make_service, city):
    services = [make_service(f"Dienst {letter}") for letter in "ABC"]
    location = Location.objects.create(
        name="Onthaal", slug="onthaal", city=city, address="Werf 9", postcode="9000"
    )
    ServiceAtLocation.objects.create(service=services[0], location=location)
    return services


def test_ticked_services_become_a_short_link(client, three):
    a, b, c = three

    response = client.get(reverse("selection:choose"), {"kies": [c.pk, a.pk, "x", "-3"]})

    assert response.status_code == 302
    assert response.url == reverse("selection:detail", args=[encode([c.pk, a.pk])])


def test_nothing_ticked_goes_back_to_the_list(client):
    response = client.get(reverse("selection:choose"))

    assert response.url == reverse("directory:service_list")


def test_choosing_refuses_post(client):
    assert client.post(reverse("selection:choose")).status_code == 405


def test_the_link_shows_the_same_services_in_the_same_order(client, three):
    a, b, c = three
    url = reverse("selection:detail", args=[encode([c.pk, a.pk])])

    response = client.get(url)
    html = response.content.decode()

    assert [s.name for s in response.context["services"]] == ["Dienst C", "Dienst A"]
    assert "Dienst B" not in html
    assert 'Onthaal: Werf 9, <bdi dir="ltr">9000</bdi> Gent' in html
    assert "0800 13 500" in html


def test_the_page_offers_the_link_by_email_and_to_copy(client, three):
    url = reverse("selection:detail", args=[encode([three[0].pk])])

    html = client.get(url).content.decode()

    assert f'<input id="share-link" type="url" readonly value="http://testserver{url}">' in html
    assert (
        '<a href="mailto:?subject=Hulp%20in%20Wegwijs&amp;body=Deze%20hulp%20kan%20je%20'
        f'misschien%20helpen%3A%20http%3A//testserver{url}">Stuur de link per e-mail</a>'
    ) in html
    assert 'class="js-print" hidden' in html and 'class="js-copy"' in html


def test_unpublished_or_removed_services_are_left_out_with_a_notice(client, three):
    a, b, c = three
    Service.objects.filter(pk=b.pk).update(is_published=False)

    response = client.get(reverse("selection:detail", args=[encode([a.pk, b.pk, 99999])]))

    assert [s.name for s in response.context["services"]] == ["Dienst A"]
    assert "Niet alle gekozen hulp staat nog in Wegwijs." in response.content.decode()


@pytest.mark.parametrize("code", ["abc!", "A-B", "1--2"])
def test_a_broken_link_is_not_found(client, code):
    assert client.get(f"/selectie/{code}/").status_code == 404


def test_cards_on_the_list_carry_a_labelled_choose_box_tied_to_the_share_form(client, three):
    html = client.get(reverse("directory:service_list")).content.decode()
    a = three[0]

    assert (
        f'<input type="checkbox" name="kies" value="{a.pk}" id="kies-{a.pk}" form="keuze">'
        f'<label for="kies-{a.pk}">Kies om te delen of af te drukken'
        '<span class="visually-hidden"> Dienst A</span></label>'
    ) in html
    assert '<form id="keuze" class="choose-form" method="get" action="/selectie/">' in html


def test_the_selection_page_stays_within_the_query_budget(
    client, make_service, city, django_assert_max_num_queries
):
    ids = []
    for number in range(20):
        service = make_service(f"Dienst {number:02d}")
        location = Location.objects.create(name=f"Plaats {number}", slug=f"p{number}", city=city)
        ServiceAtLocation.objects.create(service=service, location=location)
        ids.append(service.pk)

    with django_assert_max_num_queries(4):
        response = client.get(reverse("selection:detail", args=[encode(ids)]))

    assert len(response.context["services"]) == 20


def test_the_selection_page_gives_every_phone_number_but_no_chat(client, three):
    first = three[0]
    first.contact_channels.create(kind="telefoon", value="09 265 04 00", position=5)
    first.contact_channels.create(kind="chat", value="https://www.caw.be/chat", position=6)

    html = client.get(reverse("selection:detail", args=[encode([first.pk])])).text

    assert 'href="tel:+32800135' in html and 'href="tel:+3292650400"' in html
    assert "caw.be/chat" not in html
