import pytest

from directory.models import Service

URL = "/doorverwijskaart/"


def settings_data(card_state, **extra):
    """The editor form as the browser posts it, with the current choices."""
    state = card_state()
    data = {"layout": state.layout, "language": state.language}
    data.update(extra)
    return data


@pytest.mark.django_db
def test_an_empty_card_says_how_to_add_services(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Je kaart is nog leeg" in response.content.decode()


@pytest.mark.django_db
def test_the_card_lists_its_services_with_their_choices(client, make_service, put_on_card):
    service = make_service("CAW Oost-Vlaanderen, onthaal Aalst")
    put_on_card(service)
    content = client.get(URL).content.decode()
    assert "CAW Oost-Vlaanderen, onthaal Aalst" in content
    assert f'name="kanalen_{service.pk}"' in content
    assert f'name="adres_{service.pk}"' in content
    assert f'name="afspraak_{service.pk}"' in content
    assert 'value="bankkaart"' in content


@pytest.mark.django_db
def test_moving_a_service_up_changes_the_order(client, make_service, put_on_card, card_state):
    first, second = make_service(), make_service()
    put_on_card(first, second)
    response = client.post(URL, settings_data(card_state, actie=f"omhoog:{second.pk}"))
    assert response.status_code == 302
    assert card_state().service_ids == [second.pk, first.pk]


@pytest.mark.django_db
def test_moving_a_service_down_changes_the_order(client, make_service, put_on_card, card_state):
    first, second = make_service(), make_service()
    put_on_card(first, second)
    client.post(URL, settings_data(card_state, actie=f"omlaag:{first.pk}"))
    assert card_state().service_ids == [second.pk, first.pk]


@pytest.mark.django_db
def test_a_service_can_be_taken_off_the_card(client, make_service, put_on_card, card_state):
    first, second = make_service(), make_service()
    put_on_card(first, second)
    client.post(URL, settings_data(card_state, actie=f"verwijder:{first.pk}"))
    assert card_state().service_ids == [second.pk]


@pytest.mark.django_db
def test_channel_address_and_layout_choices_are_kept(client, make_service, put_on_card, card_state):
    service = make_service()
    put_on_card(service)
    phone = service.contact_channels.get(kind="gratis_nummer")
    client.post(
        URL,
        settings_data(
            card_state,
            layout="a5",
            **{f"kanalen_{service.pk}": [phone.pk], f"adres_{service.pk}": "0"},
        ),
    )
    state = card_state()
    assert state.layout == "a5"
    assert state.entries[0].channel_ids == [phone.pk]
    assert state.entries[0].location_id == 0


@pytest.mark.django_db
def test_a_channel_of_another_service_is_refused(client, make_service, put_on_card, card_state):
    service, other = make_service(), make_service()
    put_on_card(service)
    foreign = other.contact_channels.first()
    response = client.post(
        URL, settings_data(card_state, **{f"kanalen_{service.pk}": [foreign.pk]})
    )
    assert response.status_code == 200
    assert "is geen beschikbare keuze" in response.content.decode()
    assert card_state().entries[0].channel_ids is None


@pytest.mark.django_db
def test_an_unknown_layout_is_refused(client, make_service, put_on_card, card_state):
    put_on_card(make_service())
    response = client.post(URL, settings_data(card_state, layout="A0-poster"))
    assert response.status_code == 200
    assert card_state().layout == "a4"


@pytest.mark.django_db
def test_clearing_the_card_removes_all_services(client, make_service, put_on_card, card_state):
    put_on_card(make_service(), make_service())
    client.post("/doorverwijskaart/leegmaken/")
    assert card_state().service_ids == []


@pytest.mark.django_db
def test_a_service_that_ended_since_it_was_added_is_swapped_for_its_successor(
    client, make_service, put_on_card, card_state
):
    service = make_service("Relancepsychologen Gent")
    successor = make_service("Geconventioneerde eerstelijnspsychologen Gent")
    put_on_card(service)
    Service.objects.filter(pk=service.pk).update(
        status=Service.Status.ENDED, end_date="2024-01-31", successor=successor
    )
    response = client.get(URL, follow=True)
    content = response.content.decode()
    assert "“Relancepsychologen Gent” is gestopt" in content
    assert card_state().service_ids == [successor.pk]


@pytest.mark.django_db
def test_a_service_unpublished_since_it_was_added_is_taken_off_with_a_message(
    client, make_service, put_on_card, card_state
):
    service = make_service()
    put_on_card(service)
    Service.objects.filter(pk=service.pk).update(is_published=False)
    response = client.get(URL, follow=True)
    assert "staat niet meer op Wegwijs" in response.content.decode()
    assert card_state().service_ids == []


@pytest.mark.django_db
def test_the_editor_page_takes_a_fixed_number_of_queries(
    client, make_service, put_on_card, django_assert_max_num_queries
):
    put_on_card(*[make_service() for _ in range(12)])
    # session, services with successors, services, channels, locations
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_session_with_100_services_shows_the_first_15_without_error(
    client, make_service, card_state
):
    from referrals.session import MAX_CARD_SERVICES, CardEntry, CardState

    services = [make_service(with_contacts=False) for _ in range(100)]
    session = client.session
    CardState(entries=[CardEntry(s.pk) for s in services]).save(session)
    session.save()
    response = client.get(URL)
    assert response.status_code == 200
    assert f"{MAX_CARD_SERVICES} diensten op je kaart" in response.content.decode()


@pytest.mark.django_db
def test_a_garbled_session_gives_an_empty_card_not_an_error(client):
    session = client.session
    session["referral_card"] = {"entries": [{"s": "x"}, None, {"c": 1}], "layout": 7}
    session.save()
    response = client.get(URL)
    assert response.status_code == 200
    assert "Je kaart is nog leeg" in response.content.decode()


@pytest.mark.django_db
def test_list_pages_have_the_add_to_card_form(client, make_service, make_problem):
    problem = make_problem("Eenzaamheid")
    service = make_service(problems=[problem])
    content = client.get(problem.get_absolute_url()).content.decode()
    assert f'name="service" value="{service.pk}"' in content
