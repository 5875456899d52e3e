"""The PDF: parse the bytes, check pages, page sizes and extractable text."""

import io
import warnings

import pytest
from pypdf import PdfReader

from referrals.card import build_card
from referrals.models import CardTemplate
from referrals.pdf import BlockedURL, _data_only_url_fetcher, render_card_pdf
from referrals.session import CardEntry, CardState
from tests.referrals.images import png_bytes

PDF_URL = "/doorverwijskaart/pdf/"
MM = 72 / 25.4


def read_pdf(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def page_size_mm(reader: PdfReader, index=0) -> tuple[int, int]:
    box = reader.pages[index].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def card_for(services, layout="a4", **kwargs):
    state = CardState(entries=[CardEntry(s.pk) for s in services], layout=layout)
    return build_card(state, base_url="https://wegwijs.example/", **kwargs)


@pytest.mark.django_db
def test_the_pdf_download_is_a_valid_pdf_with_the_services(client, make_service, put_on_card):
    put_on_card(make_service("CAW Oost-Vlaanderen, onthaal Aalst"))
    response = client.get(PDF_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="doorverwijskaart-')
    assert "no-store" in response["Cache-Control"]
    reader = read_pdf(response.content)
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert "Doorverwijskaart" in text
    assert "CAW Oost-Vlaanderen, onthaal Aalst" in text
    assert "0800 13 500" in text


@pytest.mark.django_db
def test_the_posted_appointment_and_first_name_are_in_the_pdf(
    client, make_service, put_on_card, card_state
):
    service = make_service()
    put_on_card(service)
    response = client.post(
        PDF_URL,
        {
            "layout": "a4",
            "language": "nl",
            "client_name": "Amina",
            f"afspraak_{service.pk}": "dinsdag 14 mei om 10 uur",
        },
    )
    text = text_of(read_pdf(response.content))
    assert "Voor Amina" in text
    assert "dinsdag 14 mei om 10 uur" in text


@pytest.mark.django_db
def test_an_empty_card_gives_no_pdf_but_a_message(client):
    response = client.get(PDF_URL, follow=True)
    assert "Je kaart is nog leeg" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("layout", "size"),
    [("a4", (210, 297)), ("a5", (148, 210)), ("zakkaart", (297, 210)), ("bankkaart", (86, 54))],
)
def test_each_layout_has_its_paper_size(make_service, layout, size):
    reader = read_pdf(render_card_pdf(card_for([make_service()], layout)).content)
    assert page_size_mm(reader) == size


@pytest.mark.django_db
def test_a_twelve_service_a4_card_fits_on_two_pages(make_service):
    services = [make_service(f"Dienst nummer {n}") for n in range(1, 13)]
    reader = read_pdf(render_card_pdf(card_for(services, "a4")).content)
    assert len(reader.pages) == 2
    text = text_of(reader)
    for n in range(1, 13):
        assert f"Dienst nummer {n}" in text


@pytest.mark.django_db
def test_a_twelve_service_pocket_card_fits_on_one_sheet(make_service):
    services = [make_service() for _ in range(12)]
    reader = read_pdf(render_card_pdf(card_for(services, "zakkaart")).content)
    assert len(reader.pages) == 1


@pytest.mark.django_db
def test_the_bank_card_layout_prints_one_card_per_service(make_service):
    services = [make_service(f"Dienst {n}") for n in range(3)]
    appointments = {services[0].pk: "dinsdag 14 mei om 10 uur, vraag naar Sarah aan het onthaal"}
    card = card_for(services, "bankkaart", appointments=appointments, client_name="Amina")
    reader = read_pdf(render_card_pdf(card).content)
    assert len(reader.pages) == 3
    first_card = reader.pages[0].extract_text().replace("\n", " ")
    assert "dinsdag 14 mei om 10 uur" in first_card
    assert "Sarah aan het onthaal" in first_card


@pytest.mark.django_db
def test_the_logo_is_embedded_in_the_pdf(make_service, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        "/doorverwijskaart/huisstijl/",
        {
            "name": "s",
            "organisation_name": "WGC De Kaai",
            "primary_colour": "#0b4f9c",
            "accent_colour": "#ffd33d",
            "logo": SimpleUploadedFile("logo.png", png_bytes()),
        },
    )
    style = CardTemplate.objects.get()
    reader = read_pdf(render_card_pdf(card_for([make_service()], style=style)).content)
    assert len(reader.pages[0].images) == 1
    assert "WGC De Kaai" in text_of(reader)


@pytest.mark.django_db
def test_the_pdf_filename_has_the_date(make_service):
    rendered = render_card_pdf(card_for([make_service()]))
    assert rendered.filename.startswith("doorverwijskaart-20")
    assert rendered.filename.endswith(".pdf")
    assert rendered.content_type == "application/pdf"


@pytest.mark.parametrize(
    "url", ["https://example.com/x.png", "file:///etc/passwd", "http://169.254.169.254/"]
)
def test_the_pdf_renderer_fetches_nothing_from_outside(url):
    with pytest.raises(BlockedURL):
        _data_only_url_fetcher(url)


def test_the_pdf_renderer_reads_data_uris_without_deprecated_weasyprint_calls():
    """default_url_fetcher is deprecated and goes in WeasyPrint 69: the fetcher must not use it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        response = _data_only_url_fetcher("data:text/plain;base64,V2Vnd2lqcw==")
    assert response.read() == b"Wegwijs"


@pytest.mark.django_db
def test_the_pdf_is_tagged_for_screen_readers_in_the_card_language(make_service):
    state = CardState(entries=[CardEntry(make_service().pk)], language="fr")
    card = build_card(state, base_url="https://wegwijs.example/")
    catalog = read_pdf(render_card_pdf(card).content).trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "fr"
