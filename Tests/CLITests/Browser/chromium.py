"""Headless Chromium over WebDriver (Selenium), kept to loopback, for the browser tests."""
import os

# Loopback only: Selenium Manager (which would look for drivers and send usage statistics) stays off,
# since the driver and the browser are named below.
os.environ["SE_OFFLINE"] = "true"
os.environ["SE_AVOID_STATS"] = "true"
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

LAPTOP, PHONE = (1366, 900), (390, 844)


def start(downloads, flags=(), language="ja"):
    """A headless Chromium speaking `language` (Japanese unless told), saving downloads into `downloads`, with `flags` added."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # Chromium's own background traffic (updates, sync, metrics) is off, and anything but loopback (which
    # Chromium never proxies) or a name mapped to it in `flags` goes to a proxy that is not there.
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--lang={language}",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-default-apps", "--proxy-server=http://127.0.0.1:9", *flags]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "plugins.always_open_pdf_externally": True, "intl.accept_languages": language})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(*LAPTOP)
    return driver


def fill_sign_in(driver, email, password):
    """Fills the sign-in form the browser shows and posts it."""
    driver.find_element(By.ID, "email").clear()
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()


def checker(driver, out):
    """check(condition, message, shot): when the condition fails, a screenshot `shot`-failure.png in `out`, and
    the script ends non-zero naming the page it was on."""
    def check(condition, message, shot):
        if not condition:
            driver.save_screenshot(str(out / f"{shot}-failure.png"))
            raise SystemExit(f"FAILED: {message} (at {driver.current_url})")
    return check


class Wait(WebDriverWait):
    """WebDriverWait whose condition is tried again while the page is being replaced (a form's post and redirect,
    board.js swapping the table): an element missing or stale, or one chromedriver reports as "does not belong to
    the document" (a plain WebDriverException, so `ignored_exceptions` cannot name it)."""

    def __init__(self, driver, timeout=30):
        super().__init__(driver, timeout)

    def until(self, condition, message=""):
        def settled(d):
            try:
                return condition(d)
            except (NoSuchElementException, StaleElementReferenceException):
                return False
            except WebDriverException as e:
                if "does not belong to the document" in (e.msg or ""):
                    return False
                raise
        return super().until(settled, message)

    def text(self, element_id, condition=lambda text: True):
        """The text of the element with `element_id` once `condition` holds for it, read again if the element is
        swapped out while it is read."""
        def read(d):
            text = d.find_element(By.ID, element_id).text
            return [text] if condition(text) else False  # a list: an empty text is still an answer
        return self.until(read)[0]
