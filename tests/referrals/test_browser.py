"""Real Chromium: build a card like an intermediary, print it through the browser, and check
that every layout fits its paper. Screenshots and PDFs land in test-artifacts/ to look at."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser_actions import click_and_load
from tests.referrals.images import png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM = 72 / 25.4

# Every box inside the sheet must stay inside it, and no text box may be wider than itself.
OVERFLOW_SCRIPT = """
(selector) => {
  const problems = [];
  document.querySelectorAll(selector).forEach((sheet) => {
    const outer = sheet.getBoundingClientRect();
    sheet.querySelectorAll("*").forEach((el) => {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) return;
      if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5 ||
          box.top < outer.top - 0.5 || box.bottom > outer.bottom + 0.5) {
        problems.push(`${el.tagName}.${el.className} sticks out of ${sheet.className}`);
      }
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") {
        problems.push(`${el.tagName}.${el.className} cuts its content`);
      }
    });
  });
  return problems;
}
"""


def pdf_reader(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def page_size_mm(reader, index=0):
    box = reader.pages[index].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


@pytest.fixture
def services(make_service):
    return [
        make_service("CAW Oost-Vlaanderen, onthaal Aalst"),
        make_service("Mobiele geestelijke gezondheidswerker Aalst"),
        make_service("Geconventioneerde eerstelijnspsychologen Gent"),
    ]


def add_from_detail_pages(page, live_server, services):
    for service in services:
        page.goto(live_server.url + service.get_absolute_url())
        click_and_load(page, page.get_by_role("button", name=f"Zet op kaart ({service.name})"))
        expect(page.get_by_role("link", name="Staat op je doorverwijskaart")).to_be_visible()


def set_house_style(page, live_server, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes(size=(600, 200), colour=(90, 30, 110)))
    page.goto(live_server.url + "/doorverwijskaart/huisstijl/")
    page.get_by_label("Naam van het sjabloon").fill("Onthaal WGC De Sleep")
    page.get_by_label("Naam van de organisatie").fill("Wijkgezondheidscentrum De Sleep")
    page.get_by_label("Contactpersoon").fill("Sarah Peeters")
    page.get_by_label("Telefoon").fill("09 210 10 10")
    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_label("Hoofdkleur").fill("#5a1e6e")
    page.get_by_label("Accentkleur").fill("#f9e79f")
    click_and_load(page, page.get_by_role("button", name="Huisstijl bewaren"))
    expect(page.get_by_text("Je huisstijl is bewaard.")).to_be_visible()


def choose_layout(page, label):
    page.get_by_label(label).check()
    click_and_load(page, page.get_by_role("button", name="Keuzes bewaren"))


def open_print_view(page):
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Afdrukvoorbeeld").click()
    print_view = new_tab.value
    print_view.wait_for_load_state()
    return print_view


def test_an_intermediary_builds_a_card_with_a_logo_and_prints_it(
    page, live_server, services, artifacts_dir, tmp_path
):
    add_from_detail_pages(page, live_server, services)
    set_house_style(page, live_server, tmp_path)

    first = services[0]
    page.get_by_label("Afspraak (niet verplicht)").first.fill("dinsdag 14 mei om 10 uur")
    page.get_by_label("Voornaam van je cliënt (niet verplicht)").fill("Amina")
    click_and_load(page, page.get_by_role("button", name=f"Hoger: {services[1].name}"))
    # The browser kept the client's lines across the reload (sessionStorage); the server did not.
    appointment = page.locator(f'[name="afspraak_{first.pk}"]')
    expect(appointment).to_have_value("dinsdag 14 mei om 10 uur")

    page.screenshot(path=f"{artifacts_dir}/kaart-editor.png", full_page=True)
    print_view = open_print_view(page)
    assert print_view.locator(".service-name").first.inner_text().endswith(services[1].name)
    expect(print_view.get_by_text("Voor Amina")).to_be_visible()
    assert print_view.locator(".card-header .logo").evaluate("img => img.naturalWidth") == 600
    print_view.set_viewport_size({"width": 900, "height": 1200})
    print_view.screenshot(path=f"{artifacts_dir}/kaart-afdrukvoorbeeld.png", full_page=True)
    print_view.locator(".card").screenshot(path=f"{artifacts_dir}/kaart-met-logo-a4.png")

    pdf = print_view.pdf(prefer_css_page_size=True, print_background=True)
    Path(artifacts_dir, "kaart-met-logo-a4-browser.pdf").write_bytes(pdf)
    reader = pdf_reader(pdf)
    assert page_size_mm(reader) == (210, 297)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for service in services:
        assert service.name in text
    assert "dinsdag 14 mei om 10 uur" in text
    assert "Wijkgezondheidscentrum De Sleep" in text


@pytest.mark.parametrize(
    ("label", "key", "viewport", "size"),
    [
        ("A4, volledige pagina", "a4", (794, 1123), (210, 297)),
        ("A5, halve pagina", "a5", (559, 794), (148, 210)),
        ("Zakkaart: A4 in drie gevouwen", "zakkaart", (1123, 794), (297, 210)),
    ],
)
def test_each_layout_fits_its_page_in_the_browser(
    page, live_server, make_service, artifacts_dir, label, key, viewport, size
):
    services = [make_service(f"Dienst met een behoorlijk lange naam {n}") for n in range(6)]
    add_from_detail_pages(page, live_server, services)
    page.goto(live_server.url + "/doorverwijskaart/")
    choose_layout(page, label)
    print_view = open_print_view(page)

    print_view.set_viewport_size({"width": viewport[0] + 80, "height": viewport[1]})
    assert print_view.evaluate(OVERFLOW_SCRIPT, ".card") == []
    print_view.locator(".card").screenshot(path=f"{artifacts_dir}/kaart-{key}-scherm.png")

    pdf = print_view.pdf(prefer_css_page_size=True, print_background=True)
    Path(artifacts_dir, f"kaart-{key}-browser.pdf").write_bytes(pdf)
    reader = pdf_reader(pdf)
    assert page_size_mm(reader) == size
    text = "\n".join(p.extract_text() for p in reader.pages)
    for service in services:
        assert service.name in text.replace("\n", " ")


def test_bank_cards_print_one_card_per_page_without_spilling(
    page, live_server, services, artifacts_dir
):
    add_from_detail_pages(page, live_server, services)
    page.goto(live_server.url + "/doorverwijskaart/")
    page.get_by_label("Afspraak (niet verplicht)").first.fill(
        "woensdag 15 mei om 14 uur, vraag naar Karim aan het onthaal"
    )
    choose_layout(page, "Kaartje, formaat bankkaart")
    print_view = open_print_view(page)

    assert print_view.evaluate(OVERFLOW_SCRIPT, ".mini-card") == []
    print_view.locator(".mini-card").first.screenshot(path=f"{artifacts_dir}/kaart-bankkaart.png")
    pdf = print_view.pdf(prefer_css_page_size=True, print_background=True)
    Path(artifacts_dir, "kaart-bankkaart-browser.pdf").write_bytes(pdf)
    reader = pdf_reader(pdf)
    assert len(reader.pages) == len(services)
    assert page_size_mm(reader) == (86, 54)
    assert "vraag naar Karim" in reader.pages[0].extract_text().replace("\n", " ")


def test_the_pdf_download_works_from_the_print_view(page, live_server, services):
    add_from_detail_pages(page, live_server, services[:1])
    page.goto(live_server.url + "/doorverwijskaart/")
    page.get_by_label("Voornaam van je cliënt (niet verplicht)").fill("Amina")
    print_view = open_print_view(page)
    with print_view.expect_download() as download_info:
        print_view.get_by_role("button", name="PDF downloaden").click()
    download = download_info.value
    assert download.suggested_filename.startswith("doorverwijskaart-")
    text = pdf_reader(Path(download.path()).read_bytes()).pages[0].extract_text()
    assert "Voor Amina" in text


def test_emptying_the_card_also_forgets_the_lines_in_the_browser(page, live_server, services):
    add_from_detail_pages(page, live_server, services[:1])
    page.goto(live_server.url + "/doorverwijskaart/")
    page.get_by_label("Voornaam van je cliënt (niet verplicht)").fill("Amina")
    click_and_load(page, page.get_by_role("button", name="Kaart leegmaken"))
    assert page.evaluate("sessionStorage.getItem('wegwijs-kaart-clientgegevens')") is None


def test_adding_a_service_works_without_javascript(phone_page, live_server, services):
    phone_page.goto(live_server.url + services[0].get_absolute_url())
    click_and_load(
        phone_page, phone_page.get_by_role("button", name=f"Zet op kaart ({services[0].name})")
    )
    phone_page.goto(live_server.url + "/doorverwijskaart/")
    expect(phone_page.get_by_role("heading", name=services[0].name)).to_be_visible()
