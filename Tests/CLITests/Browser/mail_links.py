#!/usr/bin/env python3
"""Follows the links of real notification mails in headless Chromium, as the customer they were sent to would.

Run by ServeMailTests against a real `socreport serve`. The mails name the portal's public address; Chromium's
resolver maps that host to the test server (--map HOST=127.0.0.1:PORT). For each portal link, in a browser with no
session: the link answers with the sign-in form, signing in returns to the link, and the report's page shows
the expected number of revisions. Each acknowledgement link (--ack) acknowledges and leads, through sign-in, to
the report's page (--report), which shows the acknowledgement: the first with script off, the others with script
on; each waits for a click on the page's button (opening the link records nothing). Opened again,
a used link says so. Exits non-zero at the first failed step; screenshots go into --out.
"""
import argparse, time
from pathlib import Path

from chromium import PHONE, checker, fill_sign_in, Wait, start  # first: it keeps Selenium to loopback
from selenium.webdriver.common.by import By
from selenium.common.exceptions import TimeoutException


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--link", action="append", required=True)
    p.add_argument("--ack", action="append", default=[])
    p.add_argument("--report", help="the report's page, where an acknowledgement link leads")
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
    wait = Wait(driver, 20)

    check = checker(driver, out)

    try:
        for n, link in enumerate(a.link):
            print(f"step: link {n}: {link}", flush=True)
            driver.delete_all_cookies()
            driver.set_window_size(*PHONE)  # a customer reading the mail on a phone
            driver.get(link)
            check(driver.find_element(By.TAG_NAME, "h1").text == "サインイン", "the link did not ask to sign in", f"mail-link-{n}")
            fill_sign_in(driver, a.user, a.password)
            wait.until(lambda d: d.current_url == link)
            try:
                Wait(driver, 20).until(
                    lambda d: len(d.find_elements(By.CSS_SELECTOR, "article.revision")) >= a.revisions)
            except TimeoutException:
                pass
            revisions = driver.find_elements(By.CSS_SELECTOR, "article.revision")
            check(len(revisions) == a.revisions, f"{len(revisions)} revisions on the page, not {a.revisions}", f"mail-link-{n}")
            check(all(r.find_elements(By.CSS_SELECTOR, "a.button") for r in revisions), "a revision without its download", f"mail-link-{n}")
            driver.save_screenshot(str(out / f"mail-link-{n}.png"))
        for n, link in enumerate(a.ack):
            print(f"step: acknowledgement link {n}: {link}", flush=True)
            driver.delete_all_cookies()
            driver.set_window_size(*PHONE)
            scripted = n > 0
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not scripted})
            driver.get(link)
            # Script or not, the page waits for a person's click: nothing is recorded by opening the link.
            check(driver.find_element(By.TAG_NAME, "h1").text == "受領の確認", "no acknowledgement page", f"ack-{n}")
            time.sleep(1)
            check(driver.find_element(By.TAG_NAME, "h1").text == "受領の確認", "the page left by itself", f"ack-{n}")
            driver.save_screenshot(str(out / ("ack-page-phone.png" if n == 0 else f"ack-page-{n}-phone.png")))
            driver.find_element(By.CSS_SELECTOR, "#ack-form button[type=submit]").click()
            Wait(driver, 20).until(
                lambda d: d.find_element(By.TAG_NAME, "h1").text == "サインイン")
            fill_sign_in(driver, a.user, a.password)
            wait.until(lambda d: d.current_url == a.report)
            # The address changes as the page starts to load: wait for its list, not just the address.
            try:
                Wait(driver, 20).until(
                    lambda d: len(d.find_elements(By.CSS_SELECTOR, "section.acks li")) >= n + 1)
            except TimeoutException:
                pass
            acks = driver.find_elements(By.CSS_SELECTOR, "section.acks li")
            check(len(acks) == n + 1, f"{len(acks)} acknowledgements shown, not {n + 1}", f"ack-{n}")
            check("メールのリンク" in acks[-1].text, f"not by the mail's link: {acks[-1].text}", f"ack-{n}")
            driver.save_screenshot(str(out / f"ack-{n}-report-phone.png"))
        if a.ack:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
            driver.get(a.ack[0])
            check("使用済み" in driver.find_element(By.CSS_SELECTOR, "p.alert").text, "a used link does not say so", "ack-used")
            driver.save_screenshot(str(out / "ack-used-phone.png"))
        print("all links opened")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
