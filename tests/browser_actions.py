"""Actions for the browser tests that wait for what they cause.

Playwright's ``click()`` returns once the click is dispatched, not once the page it leads to has
loaded; reading the page straight after can still read the old one (a CI run failed that way on
the house-style form). Assertions on what a page shows use ``expect(...)``, which waits; these
helpers cover clicks whose next page is read in other ways (URL, values, screenshots).
"""


def click_and_load(page, target):
    """Click ``target`` (a locator) and return once the page it leads to has loaded."""
    with page.expect_navigation():
        target.click()
