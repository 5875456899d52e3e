import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from directory.models import ContactChannel, Location, OpeningHours, Service

pytestmark = pytest.mark.django_db


def test_contact_channel_normalises_phone_numbers(make_service):
    channel = ContactChannel(service=make_service(), kind="gsm", value="+32492133008")
    channel.full_clean()
    assert channel.value == "0492 13 30 08"
    assert channel.href == "tel:+32492133008"


def test_contact_channel_rejects_a_bad_phone_number_in_dutch(make_service):
    channel = ContactChannel(service=make_service(), kind="telefoon", value="bel ons")
    with pytest.raises(ValidationError) as error:
        channel.full_clean()
    assert error.value.message_dict["value"] == [
        "Een telefoonnummer mag alleen cijfers bevatten, bijvoorbeeld 09 210 10 10."
    ]


def test_contact_channel_rejects_a_bad_email_in_dutch(make_service):
    channel = ContactChannel(service=make_service(), kind="email", value="onthaal@@caw")
    with pytest.raises(ValidationError) as error:
        channel.full_clean()
    assert error.value.message_dict["value"] == [
        "Geef een geldig e-mailadres, zoals naam@voorbeeld.be."
    ]


def test_contact_channel_lowercases_emails_and_links_them(make_service):
    channel = ContactChannel(service=make_service(), kind="email", value=" Welzijn@Aalst.be ")
    channel.full_clean()
    assert channel.value == "welzijn@aalst.be"
    assert channel.href == "mailto:welzijn@aalst.be"


def test_a_website_typed_without_its_scheme_gets_https(make_service):
    channel = ContactChannel(service=make_service(), kind="website", value="www.caw.be")
    channel.full_clean()
    assert channel.value == "https://www.caw.be"


@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://caw.be"])
def test_contact_channel_accepts_only_http_links_for_websites(make_service, value):
    channel = ContactChannel(service=make_service(), kind="website", value=value)
    with pytest.raises(ValidationError) as error:
        channel.full_clean()
    assert "https://" in error.value.message_dict["value"][0]


def test_walk_in_channels_have_no_link(make_service):
    channel = ContactChannel(service=make_service(), kind="binnenlopen", value="Werf 9, Aalst")
    channel.full_clean()
    assert channel.href == ""


@pytest.mark.parametrize("language", ["nl", "fr", "ar"])
@pytest.mark.parametrize(
    "kind, label, extra",
    [
        ("gratis_nummer", "Gratis nummer CAW", "CAW"),
        ("chat", "Chat", ""),
        ("telefoon", "Telefoon: onthaal", "onthaal"),
        ("email", "Onthaal", "Onthaal"),
        ("gsm", "", ""),
    ],
)
def test_a_channels_extra_label_leaves_out_the_dutch_kind_it_repeats(kind, label, extra, language):
    """Labels are Dutch whatever the page's language: the kind's Dutch name is left out."""
    with translation.override(language):
        assert ContactChannel(kind=kind, value="x", label=label).extra_label == extra


@pytest.mark.parametrize("language", ["nl", "fr", "ar"])
def test_a_channels_kind_name_is_djangos_display_in_the_page_language(language):
    channels = [ContactChannel(kind=kind) for kind in ContactChannel.Kind]
    channels.append(ContactChannel(kind="iets-ouds"))  # a kind no longer offered: shown as is
    with translation.override(language):
        names = [channel.kind_name for channel in channels]
        assert names == [channel.get_kind_display() for channel in channels]
    assert names[-1] == "iets-ouds"
    assert all(isinstance(name, str) for name in names)


def test_an_ended_service_needs_an_end_date(make_service):
    service = make_service(status=Service.Status.ENDED)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "end_date" in error.value.message_dict


def test_a_service_cannot_succeed_itself(make_service):
    service = make_service(status=Service.Status.ENDED, end_date=datetime.date(2024, 1, 31))
    service.successor = service
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert error.value.message_dict["successor"] == [
        "Een dienst kan niet zijn eigen opvolger zijn."
    ]


def test_an_active_service_has_no_successor(make_service):
    service = make_service(successor=make_service())
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "successor" in error.value.message_dict


def test_a_per_session_cost_needs_an_amount_and_a_lower_reduced_amount(make_service):
    service = make_service(cost=Service.Cost.PER_SESSION)
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "cost_per_session" in error.value.message_dict

    service.cost_per_session, service.cost_reduced = 4, 11
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "cost_reduced" in error.value.message_dict


def test_steps_are_read_line_by_line(make_service):
    service = make_service(steps="Bel het onthaal.\n\n  Kom langs.  \n")
    assert service.step_list == ["Bel het onthaal.", "Kom langs."]


def test_a_problem_type_cannot_sit_under_its_own_child(make_problem):
    parent = make_problem("Relatie en gezin")
    child = make_problem("Opvoeding", parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "parent" in error.value.message_dict


def test_synonyms_are_read_line_by_line(make_problem):
    problem = make_problem("Eenzaamheid", synonyms="ik voel me alleen\n\neenzaam\n")
    assert problem.synonym_list == ["ik voel me alleen", "eenzaam"]


def test_a_location_neighbourhood_must_lie_in_its_city(city, other_city, make_neighbourhood):
    location = Location(
        name="WGC", slug="wgc", city=other_city, neighbourhood=make_neighbourhood(city)
    )
    with pytest.raises(ValidationError) as error:
        location.full_clean()
    assert error.value.message_dict["neighbourhood"] == ["Deze wijk ligt niet in de gekozen stad."]


def test_a_location_postcode_has_four_digits(city):
    location = Location(name="Onthaal", slug="onthaal", city=city, postcode="90000")
    with pytest.raises(ValidationError) as error:
        location.full_clean()
    assert "Een Belgische postcode heeft 4 cijfers." in error.value.message_dict["postcode"]


def test_opening_hours_must_belong_to_a_service_or_location_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(
            weekday=1, opens_at=datetime.time(9), closes_at=datetime.time(12)
        )


def test_opening_hours_must_close_after_they_open(make_service):
    hours = OpeningHours(
        service=make_service(), weekday=1, opens_at=datetime.time(12), closes_at=datetime.time(9)
    )
    with pytest.raises(ValidationError) as error:
        hours.full_clean()
    assert "closes_at" in error.value.message_dict
