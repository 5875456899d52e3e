"""referrals.card.build_card: current data, successors, and no N+1 queries."""

import pytest

from directory.models import Service
from referrals.card import build_card
from referrals.models import CardTemplate
from referrals.session import CardEntry, CardState

BASE = "https://wegwijs.example/"


def state_with(*services, **fields):
    return CardState(entries=[CardEntry(s.pk) for s in services], **fields)


@pytest.mark.django_db
def test_services_keep_the_chosen_order(make_service):
    first, second, third = make_service("B"), make_service("A"), make_service("C")
    card = build_card(state_with(third, first, second), base_url=BASE)
    assert [item.service.name for item in card.services] == ["C", "B", "A"]


@pytest.mark.django_db
def test_qr_links_point_to_the_current_detail_page(make_service):
    service = make_service()
    item = build_card(state_with(service), base_url=BASE).services[0]
    assert item.detail_url == f"https://wegwijs.example/diensten/{service.slug}/"
    assert item.qr_svg.startswith("<svg")


@pytest.mark.django_db
def test_an_ended_service_is_replaced_by_its_successor(make_service, make_ended):
    successor = make_service("Geconventioneerde eerstelijnspsychologen Gent")
    ended = make_ended("Relancepsychologen Gent", successor=successor)
    card = build_card(state_with(ended), base_url=BASE)
    assert [item.service for item in card.services] == [successor]
    assert card.services[0].replaced == ended
    assert card.replacements == {ended.pk: successor.pk}
    assert "de opvolger “Geconventioneerde eerstelijnspsychologen Gent”" in card.notices[0]


@pytest.mark.django_db
def test_a_chain_of_successors_is_followed_to_the_service_that_runs_today(make_service, make_ended):
    today = make_service("Vandaag")
    middle = make_ended("Tussen", successor=today)
    oldest = make_ended("Oudste", successor=middle)
    card = build_card(state_with(oldest), base_url=BASE)
    assert [item.service for item in card.services] == [today]


@pytest.mark.django_db
def test_a_successor_already_on_the_card_is_not_printed_twice(make_service, make_ended):
    successor = make_service("Nieuw")
    ended = make_ended("Oud", successor=successor)
    card = build_card(state_with(successor, ended), base_url=BASE)
    assert [item.service for item in card.services] == [successor]
    assert "stond al op de kaart" in card.notices[0]


@pytest.mark.django_db
def test_an_ended_service_without_successor_is_left_out_with_a_notice(make_ended, make_service):
    ended = make_ended("Oud project")
    kept = make_service("Loopt nog")
    card = build_card(state_with(ended, kept), base_url=BASE)
    assert [item.service for item in card.services] == [kept]
    assert card.missing_ids == [ended.pk]
    assert "“Oud project” is gestopt en heeft geen opvolger" in card.notices[0]


@pytest.mark.django_db
def test_an_unpublished_successor_does_not_replace_an_ended_service(make_service, make_ended):
    hidden = make_service("Nog niet klaar", published=False)
    ended = make_ended("Oud", successor=hidden)
    card = build_card(state_with(ended), base_url=BASE)
    assert card.is_empty
    assert card.missing_ids == [ended.pk]


@pytest.mark.django_db
def test_a_circular_successor_chain_does_not_loop_forever(make_ended):
    first = make_ended("Eerste")
    second = make_ended("Tweede", successor=first)
    Service.objects.filter(pk=first.pk).update(successor=second)
    card = build_card(state_with(first), base_url=BASE)
    assert card.is_empty


@pytest.mark.django_db
def test_unpublished_and_unknown_services_are_left_out_with_a_notice(make_service):
    hidden = make_service(published=False)
    state = state_with(hidden)
    state.entries.append(CardEntry(987654))
    card = build_card(state, base_url=BASE)
    assert card.is_empty
    assert sorted(card.missing_ids) == sorted([hidden.pk, 987654])
    assert "staat niet meer op Wegwijs" in card.notices[0]


@pytest.mark.django_db
def test_chosen_channels_and_no_address_are_respected(make_service):
    service = make_service()
    phone = service.contact_channels.get(kind="gratis_nummer")
    card = build_card(
        CardState(entries=[CardEntry(service.pk, channel_ids=[phone.pk], location_id=0)]),
        base_url=BASE,
    )
    assert card.services[0].channels == [phone]
    assert card.services[0].location is None


@pytest.mark.django_db
def test_by_default_all_channels_and_the_first_address_are_shown(make_service):
    service = make_service()
    item = build_card(state_with(service), base_url=BASE).services[0]
    assert len(item.channels) == 2
    assert item.location.address == "Verastenstraat 1"


@pytest.mark.django_db
def test_the_bank_card_layout_prints_at_most_two_channels(make_service):
    service = make_service()
    service.contact_channels.create(kind="website", value="https://www.caw.be", position=3)
    item = build_card(state_with(service, layout="bankkaart"), base_url=BASE).services[0]
    assert len(item.all_channels) == 3
    assert len(item.channels) == 2


@pytest.mark.django_db
def test_the_house_colours_become_css_custom_properties(make_service):
    style = CardTemplate.objects.create(
        name="s", organisation_name="o", primary_colour="#123456", accent_colour="#FFEEDD"
    )
    card = build_card(state_with(make_service()), base_url=BASE, style=style)
    assert card.colour_css == ":root{--card-primary:#123456;--card-accent:#ffeedd;}"


@pytest.mark.django_db
def test_a_tampered_colour_can_not_inject_css(make_service):
    from referrals.colours import NotAColour

    style = CardTemplate(primary_colour="#000;}body{x:y", accent_colour="#fff")
    card = build_card(state_with(make_service()), base_url=BASE, style=style)
    with pytest.raises(NotAColour):
        card.colour_css  # noqa: B018


@pytest.mark.django_db
def test_building_a_card_takes_a_fixed_number_of_queries(
    make_service, make_ended, django_assert_max_num_queries
):
    services = [make_service() for _ in range(11)]
    successor = make_service("Opvolger")
    services.append(make_ended("Gestopt", successor=successor))
    style = CardTemplate.objects.create(name="s", organisation_name="o")
    state = state_with(*services, template_id=style.pk)
    # style, ids with their successors, services, channels, locations
    with django_assert_max_num_queries(5):
        card = build_card(state, base_url=BASE)
        html = "".join(
            f"{item.channels}{item.location}{item.location.address}" for item in card.services
        )
    assert len(card.services) == 12
    assert "Verastenstraat" in html
