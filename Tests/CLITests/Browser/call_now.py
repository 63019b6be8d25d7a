#!/usr/bin/env python3
"""A "call now" row of the operations board in headless Chromium, run by EscalationCommandTests.

Signs in as staff, finds the row (--row) marked call now with the number to call (--phone), records a call
through the row's form without reloading by hand (whom, no answer, a note), and checks the board shows it.
Screenshots at phone and laptop width go into --out. Exits non-zero at the first failed step.
"""
import argparse
from pathlib import Path

from chromium import LAPTOP, PHONE, checker, fill_sign_in, start  # first: it keeps Selenium to loopback
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--row", required=True)
    p.add_argument("--phone", required=True)
    p.add_argument("--callee", required=True)
    p.add_argument("--note", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    driver = start(out / "downloads")
    wait = WebDriverWait(driver, 30, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))

    check = checker(driver, out)

    try:
        print("step: sign in", flush=True)
        driver.get(a.base + "/staff/board")
        fill_sign_in(driver, a.user, a.password)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "運用ボード")
        print("step: call now", flush=True)
        row = driver.find_element(By.ID, a.row)
        check("今すぐ電話" in row.text and a.phone in row.text, f"no call now with {a.phone}: {row.text}", "call-now")
        driver.set_window_size(*PHONE)
        driver.execute_script("arguments[0].scrollIntoView()", row.find_element(By.CSS_SELECTOR, ".call-now"))
        driver.save_screenshot(str(out / "call-now-phone.png"))
        driver.set_window_size(*LAPTOP)
        driver.save_screenshot(str(out / "call-now-laptop.png"))
        print("step: record the call", flush=True)
        form = row.find_element(By.CSS_SELECTOR, "form.call")
        Select(form.find_element(By.NAME, "to")).select_by_value(a.callee)
        form.find_element(By.CSS_SELECTOR, "input[name=outcome][value=no-answer]").click()
        form.find_element(By.NAME, "note").send_keys(a.note)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: a.note in d.find_element(By.ID, a.row).text)
        row = driver.find_element(By.ID, a.row)
        check(f"{a.user} → {a.callee}" in row.text and "応答なし" in row.text, f"the call is not shown: {row.text}", "call-recorded")
        driver.set_window_size(*PHONE)
        driver.execute_script("arguments[0].scrollIntoView()", row.find_element(By.CSS_SELECTOR, "td.calls"))
        driver.save_screenshot(str(out / "call-recorded-phone.png"))
        print("call recorded")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
