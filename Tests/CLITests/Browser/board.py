#!/usr/bin/env python3
"""The staff's operations board in headless Chromium, run by ServeMailTests against a real `socreport serve`.

Signs in as staff, opens /staff/board (refreshing every 2 seconds), checks the rows it is told to expect,
then publishes one more revision through the API (--publish FILE with --token) and waits for its row to
appear without the page being reloaded (a mark left on the window survives). Screenshots at phone and laptop
width go into --out. Exits non-zero at the first failed step.
"""
import argparse
import json
import urllib.request
from pathlib import Path

from chromium import LAPTOP, PHONE, checker, fill_sign_in, Wait, start  # first: it keeps Selenium to loopback
from selenium.webdriver.common.by import By


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--row", action="append", default=[], help="ROW-ID=TEXT: the row shows TEXT")
    p.add_argument("--publish", required=True, help="an incident document to publish while the board is open")
    p.add_argument("--token", required=True)
    p.add_argument("--new-row", required=True, help="the row id the published revision gets")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    driver = start(out / "downloads")
    wait = Wait(driver, 30)

    check = checker(driver, out)

    try:
        print("step: sign in", flush=True)
        driver.get(a.base + "/staff/board?refresh=2")
        fill_sign_in(driver, a.user, a.password)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "運用ボード")
        for spec in a.row:
            row, text = spec.split("=", 1)
            cells = wait.text(row)
            check(text in cells, f"row {row} does not show {text!r}: {cells}", "board")
        driver.save_screenshot(str(out / "board-laptop.png"))
        driver.set_window_size(*PHONE)
        driver.save_screenshot(str(out / "board-phone.png"))
        driver.set_window_size(*LAPTOP)

        print("step: refreshed in place", flush=True)
        driver.execute_script("window.boardMark = 'kept'")
        request = urllib.request.Request(a.base + "/api/v1/incidents", data=Path(a.publish).read_bytes(), method="POST",
                                         headers={"Authorization": f"Bearer {a.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            check(answer.status == 201, f"publishing answered {answer.status}", "board")
            json.load(answer)
        wait.until(lambda d: d.find_elements(By.ID, a.new_row))
        check(driver.execute_script("return window.boardMark") == "kept", "the page was reloaded", "board")
        driver.save_screenshot(str(out / "board-refreshed.png"))
        print("board checked")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
