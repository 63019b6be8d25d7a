"""Headless Chromium over WebDriver (Selenium), kept to loopback, for the browser tests."""
import os

# Loopback only: Selenium Manager (which would look for drivers and send usage statistics) stays off,
# since the driver and the browser are named below.
os.environ["SE_OFFLINE"] = "true"
os.environ["SE_AVOID_STATS"] = "true"
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

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
