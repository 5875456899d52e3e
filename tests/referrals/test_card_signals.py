"""Printing a referral card counts each service on it (the print view and the PDF)."""

import pytest

from insights.models import DemandCount

pytestmark = pytest.mark.django_db


def test_printing_a_card_counts_each_service_on_it(client, make_service, put_on_card):
    first, second = make_service("CAW-onthaal"), make_service("Tele-Onthaal")
    put_on_card(first, second)

    assert client.get("/doorverwijskaart/afdrukken/").status_code == 200
    assert client.get("/doorverwijskaart/pdf/").status_code == 200

    counted = {c.subject: c.count for c in DemandCount.objects.filter(event="kaart_afgedrukt")}
    assert counted == {first.slug: 2, second.slug: 2}


def test_an_empty_card_counts_nothing(client):
    client.get("/doorverwijskaart/afdrukken/")
    assert not DemandCount.objects.exists()
