import pytest


@pytest.fixture
def narrow_page(browser, live_server):
    """A 320 px wide page with JavaScript on, for checks that need to run script (axe)."""
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="nl-BE")
    yield context.new_page()
    context.close()
