#!/usr/bin/env python3
"""A "call now" row of the operations board in headless Chromium, run by EscalationCommandTests.

Signs in as staff, finds the row (--row) marked call now with the number to call (--phone), records a call
through the row's form without reloading by hand (whom, no answer, a note), and checks the board shows it.
Screenshots at phone and laptop width go into --out. Exits non-zero at the first failed step.
"""
import argparse
from pathlib import Path

from chromium import LAPTOP, PHONE, checker, fill_sign_in, Wait, start  # first: it keeps Selenium to loopback
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


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
    wait = Wait(driver, 30)

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
        shown = wait.text(a.row, lambda text: a.note in text)
        check(f"{a.user} → {a.callee}" in shown and "応答なし" in shown, f"the call is not shown: {shown}", "call-recorded")
        driver.set_window_size(*PHONE)
        driver.execute_script("document.getElementById(arguments[0]).querySelector('td.calls').scrollIntoView()", a.row)
        driver.save_screenshot(str(out / "call-recorded-phone.png"))
        print("call recorded")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
