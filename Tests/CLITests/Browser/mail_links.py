#!/usr/bin/env python3
"""Follows the links of real notification mails in headless Chromium, as the customer they were sent to would.

Run by ServeMailTests against a real `socreport serve`. The mails name the portal's public address; Chromium's
resolver maps that host to the test server (--map HOST=127.0.0.1:PORT). For each link, in a browser with no
session: the link answers with the sign-in form, signing in returns to the link, and the report's page shows
the expected number of revisions. Exits non-zero at the first failed step; screenshots go into --out.
"""
import argparse
from pathlib import Path

from chromium import PHONE, start  # first: it keeps Selenium to loopback
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--link", action="append", required=True)
    p.add_argument("--map", required=True, help="HOST=127.0.0.1:PORT")
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--revisions", type=int, required=True, help="revisions the report's page must show")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    host, target = a.map.split("=", 1)
    driver = start(out / "downloads", [f"--host-resolver-rules=MAP {host} {target}", f"--proxy-bypass-list={host}"])
    wait = WebDriverWait(driver, 20)

    def check(condition, message, shot):
        if not condition:
            driver.save_screenshot(str(out / f"{shot}-failure.png"))
            raise SystemExit(f"FAILED: {message} (at {driver.current_url})")

    try:
        for n, link in enumerate(a.link):
            print(f"step: link {n}: {link}", flush=True)
            driver.delete_all_cookies()
            driver.set_window_size(*PHONE)  # a customer reading the mail on a phone
            driver.get(link)
            check(driver.find_element(By.TAG_NAME, "h1").text == "サインイン", "the link did not ask to sign in", f"mail-link-{n}")
            driver.find_element(By.ID, "email").send_keys(a.user)
            driver.find_element(By.ID, "password").send_keys(a.password)
            driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
            wait.until(lambda d: d.current_url == link)
            revisions = driver.find_elements(By.CSS_SELECTOR, "article.revision")
            check(len(revisions) == a.revisions, f"{len(revisions)} revisions on the page, not {a.revisions}", f"mail-link-{n}")
            check(all(r.find_elements(By.CSS_SELECTOR, "a.button") for r in revisions), "a revision without its download", f"mail-link-{n}")
            driver.save_screenshot(str(out / f"mail-link-{n}.png"))
        print("all links opened")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
