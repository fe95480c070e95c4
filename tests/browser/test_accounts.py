"""Account pages as an advocate on a phone sees them."""

from tests import factories

PASSWORD = "a long test password"
PHONE = {"width": 390, "height": 844}


def test_account_pages_fit_a_phone_without_scrolling_sideways(browser, live_server):
    factories.make_user("phone@example.org")
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        for path in ["/accounts/login/", "/accounts/signup/", "/accounts/login/code/"]:
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=login]", "phone@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(live_server.url + "/")
        for path in ["/accounts/email/", "/accounts/2fa/", "/accounts/sessions/"]:
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    finally:
        phone.close()
