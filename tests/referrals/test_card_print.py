import pytest

from referrals.models import CardTemplate

PRINT_URL = "/doorverwijskaart/afdrukken/"


def print_data(card_state, **extra):
    state = card_state()
    data = {"layout": state.layout, "language": state.language}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_the_print_view_shows_the_services_with_print_css(client, make_service, put_on_card):
    put_on_card(make_service("CAW Oost-Vlaanderen, onthaal Aalst"))
    response = client.get(PRINT_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "CAW Oost-Vlaanderen, onthaal Aalst" in content
    assert "/static/css/card.css" in content
    assert 'class="card-doc layout-a4"' in content
    assert "<svg" in content  # the QR code
    assert "0800 13 500" in content


@pytest.mark.django_db
def test_the_print_view_uses_the_house_style(client, make_service, put_on_card):
    template = CardTemplate.objects.create(
        name="Sjabloon",
        organisation_name="WGC Rabot",
        contact_person="Ilse",
        phone="09 210 10 10",
        primary_colour="#5a1e6e",
        accent_colour="#f9e79f",
    )
    client.post(template.get_absolute_url())
    put_on_card(make_service())
    content = client.get(PRINT_URL).content.decode()
    assert ":root{--card-primary:#5a1e6e;--card-accent:#f9e79f;}" in content
    assert "WGC Rabot" in content
    assert "Ilse" in content


@pytest.mark.django_db
def test_an_empty_card_cannot_be_printed(client):
    response = client.get(PRINT_URL, follow=True)
    assert response.redirect_chain[-1][0] == "/doorverwijskaart/"
    assert "Je kaart is nog leeg" in response.content.decode()


@pytest.mark.django_db
def test_a_card_with_only_unpublished_services_cannot_be_printed(client, make_service, put_on_card):
    service = make_service()
    put_on_card(service)
    service.is_published = False
    service.save()
    response = client.get(PRINT_URL, follow=True)
    content = response.content.decode()
    assert "staat niet meer op Wegwijs" in content
    assert "Je kaart is nog leeg" in content


@pytest.mark.django_db
def test_the_posted_appointment_and_first_name_are_printed(
    client, make_service, put_on_card, card_state
):
    service = make_service()
    put_on_card(service)
    response = client.post(
        PRINT_URL,
        print_data(card_state, client_name="Amina", **{f"afspraak_{service.pk}": "di 14/5, 10 u"}),
    )
    content = response.content.decode()
    assert "Voor Amina" in content
    assert "di 14/5, 10 u" in content


@pytest.mark.django_db
def test_the_pdf_button_re_posts_the_lines_as_hidden_fields(
    client, make_service, put_on_card, card_state
):
    service = make_service()
    put_on_card(service)
    response = client.post(
        PRINT_URL,
        print_data(card_state, client_name="Amina", **{f"afspraak_{service.pk}": "di 10 u"}),
    )
    content = response.content.decode()
    assert '<input type="hidden" name="client_name" value="Amina">' in content
    assert f'<input type="hidden" name="afspraak_{service.pk}" value="di 10 u">' in content


@pytest.mark.django_db
def test_client_text_is_escaped(client, make_service, put_on_card, card_state):
    service = make_service()
    put_on_card(service)
    response = client.post(
        PRINT_URL, print_data(card_state, client_name='"><script>alert(1)</script>')
    )
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


@pytest.mark.django_db
def test_the_print_view_is_never_cached(client, make_service, put_on_card):
    put_on_card(make_service())
    response = client.get(PRINT_URL)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_too_long_appointment_is_refused_with_the_editor(
    client, make_service, put_on_card, card_state
):
    service = make_service()
    put_on_card(service)
    response = client.post(
        PRINT_URL, print_data(card_state, **{f"afspraak_{service.pk}": "x" * 500})
    )
    assert response.status_code == 400
    assert "Zorg dat deze waarde niet meer dan 120 tekens bevat" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("layout", ["a4", "a5", "zakkaart", "bankkaart"])
def test_each_layout_has_its_own_page_class(client, make_service, put_on_card, card_state, layout):
    put_on_card(make_service())
    response = client.post(PRINT_URL, print_data(card_state, layout=layout))
    assert f'class="card-doc layout-{layout}"' in response.content.decode()
    assert card_state().layout == layout


@pytest.mark.django_db
def test_the_stylesheet_has_a_named_page_per_layout():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/card.css"), encoding="utf-8").read()
    assert "@page a4 { size: A4 portrait;" in css
    assert "@page a5 { size: A5 portrait;" in css
    assert "@page zakkaart { size: A4 landscape;" in css
    assert "@page bankkaart { size: 85.6mm 54mm;" in css


@pytest.mark.django_db
def test_the_print_view_takes_a_fixed_number_of_queries(
    client, make_service, put_on_card, card_state, django_assert_max_num_queries
):
    services = [make_service() for _ in range(12)]
    put_on_card(*services)
    data = print_data(card_state, client_name="Amina")
    # session read and write (3), the card once (4), the print counter for the signals (1)
    with django_assert_max_num_queries(9):
        response = client.post(PRINT_URL, data)
    assert response.status_code == 200
