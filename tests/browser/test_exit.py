"""Exit this page, as a person in a hurry uses it (docs/safety.md, rule 1)."""

from playwright.sync_api import expect

SCREEN_STATE = """(() => ({
    overlay: !!document.querySelector(".exit-overlay"),
    mainVisible: getComputedStyle(document.querySelector("main")).visibility === "visible",
    title: document.title,
}))"""


def test_without_javascript_exit_is_a_plain_link_to_the_neutral_site(
    browser, live_server, settings
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route(settings.EXIT_URL + "**", lambda route: route.fulfill(body="weather"))
    page.goto(live_server.url + "/")
    link = page.locator(".exit-bar a.exit-button", has_text="Exit this page")
    assert link.get_attribute("href") == settings.EXIT_URL
    link.click()
    page.wait_for_url(settings.EXIT_URL)
    context.close()


def test_exit_hides_the_page_before_the_neutral_site_loads(
    page, live_server, settings, neutral_site
):
    # What the screen shows at each change of the page, sent straight to the test through a
    # binding. The neutral site's answer is held back meanwhile, so the page being left stays
    # alive until every report has arrived (a page being replaced can drop them).
    screens, held = [], []
    page.expose_function("reportScreen", lambda screen: screens.append(screen))
    page.route(settings.EXIT_URL + "**", lambda route: held.append(route))
    page.goto(live_server.url + "/safety/")
    page.evaluate(
        "new MutationObserver(() => window.reportScreen(" + SCREEN_STATE + "()))"
        ".observe(document, {childList: true, subtree: true, attributes: true})"
    )
    page.locator(".exit-bar a.exit-button").click(no_wait_after=True)
    for _ in range(400):
        if held and any(screen["overlay"] for screen in screens):
            break
        page.wait_for_timeout(25)
    assert held, "the neutral site was never asked for"
    first_with_overlay = next(screen for screen in screens if screen["overlay"])
    assert first_with_overlay == {"overlay": True, "mainVisible": False, "title": ""}
    page.wait_for_timeout(100)  # any later change of the page being left
    # Nothing showed the page's title or content alongside the overlay.
    assert all(not screen["mainVisible"] for screen in screens if screen["overlay"])
    held[0].fulfill(status=200, content_type="text/html", body="<title>Weather</title>")
    page.wait_for_url(settings.EXIT_URL)


def test_exit_replaces_the_page_in_history_and_opens_no_window(
    page, context, live_server, settings, neutral_site
):
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/safety/")
    popups = []
    context.on("page", lambda new_page: popups.append(new_page))
    page.locator(".exit-bar a.exit-button").click()
    page.wait_for_url(settings.EXIT_URL)
    assert popups == []
    assert len(context.pages) == 1
    page.go_back()
    # Back skips the page the person left from: Exit replaced it.
    assert page.url == live_server.url + "/"


def test_pressing_shift_three_times_exits(page, live_server, settings, neutral_site):
    page.goto(live_server.url + "/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(settings.EXIT_URL)
    assert neutral_site


def test_typing_capital_letters_does_not_exit(page, live_server, neutral_site):
    page.goto(live_server.url + "/")
    page.locator("#near").click()
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.type("tlanta")
    page.keyboard.press("Shift")
    page.wait_for_timeout(200)
    assert page.url == live_server.url + "/"
    assert neutral_site == []


def test_shift_held_for_a_capital_after_two_presses_does_not_exit(
    page, live_server, settings, neutral_site
):
    # Shift, Shift, then Shift+A: the third Shift is a modifier, so it is no third press.
    page.goto(live_server.url + "/")
    page.locator("#near").click()
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.down("Shift")
    page.keyboard.press("A")
    page.keyboard.up("Shift")
    page.wait_for_timeout(200)
    assert page.url == live_server.url + "/"
    assert neutral_site == []
    # Three plain presses after it still leave.
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(settings.EXIT_URL)


def test_escape_is_not_an_exit_shortcut(page, live_server, neutral_site):
    page.goto(live_server.url + "/")
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert page.url == live_server.url + "/"


def test_a_page_restored_from_the_back_forward_cache_shows_no_overlay(page, live_server):
    page.goto(live_server.url + "/")
    title = page.title()
    # The state Exit leaves behind, as the back/forward cache would keep it.
    page.evaluate(
        """() => {
            const overlay = document.createElement("div");
            overlay.className = "exit-overlay";
            document.body.appendChild(overlay);
            document.body.classList.add("is-exiting");
            document.title = "";
        }"""
    )
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert page.evaluate(SCREEN_STATE) == {"overlay": False, "mainVisible": True, "title": title}


def test_the_shift_hint_shows_only_with_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("[data-exit-hint]")).to_be_hidden()
    context.close()


def test_the_exit_link_is_at_least_44_pixels_and_stays_in_view(page, live_server):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(live_server.url + "/")
    box = page.locator(".exit-bar a.exit-button").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(100)
    box = page.locator(".exit-bar a.exit-button").bounding_box()
    assert 0 <= box["y"] < 60


def test_keyboard_users_reach_skip_links_then_exit_first(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Exit this page"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.exit-bar') !== null")
