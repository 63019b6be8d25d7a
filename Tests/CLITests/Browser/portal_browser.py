#!/usr/bin/env python3
"""Drives the customer portal in headless Chromium over WebDriver (Selenium), as a customer would.

Run by PortalBrowserTests against a real `socreport serve`; exits non-zero at the first failed step and
saves a PNG screenshot of every page it looks at into --out, at laptop and phone widths.
"""
import argparse, hashlib, json, time
from pathlib import Path

from chromium import LAPTOP, PHONE, fill_sign_in, Wait, start  # first: it keeps Selenium to loopback
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--portal", required=True, help="the portal folder, to read the tenant's manifest")
    p.add_argument("--out", required=True)
    p.add_argument("--tenant", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--other-user", required=True)
    p.add_argument("--password", required=True)
    a = p.parse_args()
    out = Path(a.out)
    downloads = out / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)

    driver = start(downloads)
    wait = Wait(driver, 20)

    def step(name):
        print(f"step: {name}", flush=True)

    def check(condition, message):
        if not condition:
            shot("failure")
            raise SystemExit(f"FAILED: {message} (at {driver.current_url})")

    def shot(name):
        driver.save_screenshot(str(out / f"{name}.png"))

    def downloaded(suffix):
        """The files ending in `suffix` in the download folder, waiting up to 30 s for the first."""
        deadline = time.time() + 30
        while time.time() < deadline:
            files = [f for f in downloads.iterdir() if f.name.endswith(suffix)]
            if files:
                return files
            time.sleep(0.2)
        return []

    def sign_in(email, password):
        driver.get(a.base + "/login")
        fill_sign_in(driver, email, password)

    def sign_out():
        driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
        wait.until(lambda d: d.current_url.endswith("/login"))

    try:
        step("sign in as a customer")
        driver.get(a.base + "/login")
        check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja", "the sign-in page is not lang=ja")
        check(driver.find_element(By.CSS_SELECTOR, "label[for=email]").text, "the address field has no label")
        shot("login-laptop")
        sign_in(a.user, a.password)
        wait.until(lambda d: d.current_url.endswith(f"/t/{a.tenant}/reports"))
        rows = driver.find_elements(By.CSS_SELECTOR, "table.reports tbody tr")
        check(len(rows) > 0, "no reports listed")
        badges = {b.text for b in driver.find_elements(By.CSS_SELECTOR, "table.reports .badge")}
        check(badges and badges <= {"緊急", "重要", "警告", "情報"}, f"severity badges not in Japanese: {badges}")
        check("SHA-256" not in driver.find_element(By.TAG_NAME, "table").text, "the list shows a hash column")
        shot("reports-laptop")

        step("filter by severity")
        Select(driver.find_element(By.ID, "severity")).select_by_value("critical")
        driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
        wait.until(lambda d: "severity=critical" in d.current_url)
        filtered = driver.find_elements(By.CSS_SELECTOR, "table.reports tbody tr")
        check(len(filtered) > 0, "no critical report listed")
        check(all(r.find_element(By.CSS_SELECTOR, ".badge").get_attribute("class") == "badge sev-critical" for r in filtered),
              "the filter let other severities through")
        shot("reports-filtered")

        step("open a report's page")
        filtered[0].find_element(By.CSS_SELECTOR, "a").click()
        wait.until(lambda d: "/reports/incident/" in d.current_url)
        report_url = driver.current_url
        check(len(driver.find_elements(By.CSS_SELECTOR, "article.revision")) >= 1, "no revision on the report page")
        shot("report-laptop")

        step("download a PDF and compare its SHA-256 with the manifest")
        link = driver.find_element(By.CSS_SELECTOR, "article.revision a.button")
        path = link.get_attribute("href").split(f"/t/{a.tenant}/files/", 1)[1]
        manifest = json.loads((Path(a.portal) / a.tenant / "index.json").read_text())
        entry = next(e for e in manifest["documents"] if e["path"] == path)
        shown = driver.find_element(By.CSS_SELECTOR, "article.revision code.hash").text
        check(shown == entry["sha256"], "the page's SHA-256 differs from the manifest's")
        link.click()
        files = downloaded(".pdf")
        check(files, "the download did not arrive")
        digest = hashlib.sha256(files[0].read_bytes()).hexdigest()
        check(digest == entry["sha256"], f"downloaded SHA-256 {digest} is not the manifest's {entry['sha256']}")
        check(files[0].name == entry["title"] + ".pdf", f"the file is named {files[0].name!r}, not after the title")

        step("download the revision's STIX bundle and compare its SHA-256 with the manifest")
        stix = driver.find_element(By.CSS_SELECTOR, "article.revision .indicators a")
        stix_path = stix.get_attribute("href").split(f"/t/{a.tenant}/files/", 1)[1]
        stix_entry = next(e for e in manifest["documents"] if e["path"] == stix_path)
        check(stix_entry["kind"] == "ioc" and stix_entry["report"] == path and stix_path.endswith(".stix.json"),
              f"the first indicator link is not the revision's STIX bundle: {stix_entry}")
        stix.click()
        bundles = downloaded(".stix.json")
        check(bundles, "the STIX bundle did not arrive")
        check(hashlib.sha256(bundles[0].read_bytes()).hexdigest() == stix_entry["sha256"], "the STIX bundle's SHA-256 is not the manifest's")
        check(json.loads(bundles[0].read_text())["type"] == "bundle", "the STIX download is not a bundle")

        step("phone width")
        driver.set_window_size(*PHONE)
        shot("report-phone")
        driver.get(a.base + f"/t/{a.tenant}/reports")
        shot("reports-phone")
        driver.set_window_size(*LAPTOP)

        step("sign out")
        sign_out()
        driver.get(report_url)
        check(driver.find_element(By.TAG_NAME, "h1").text == "サインイン", "the report is reachable after sign-out")

        step("another tenant's customer cannot open the report")
        sign_in(a.other_user, a.password)
        wait.until(lambda d: "/reports" in d.current_url and f"/t/{a.tenant}/" not in d.current_url)
        driver.get(report_url)
        check(driver.find_element(By.TAG_NAME, "h1").text in ("Page not found.", "ページが見つかりません。"),
              "another tenant's report opened")
        check(entry["title"] not in driver.page_source, "another tenant's report title shown")
        shot("other-tenant-refused")
        sign_out()

        step("six wrong passwords, then a wait")
        for attempt in range(6):
            sign_in(a.user, "wrong password %d" % attempt)
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.alert"))
        alert = driver.find_element(By.CSS_SELECTOR, "p.alert").text
        check("お待ちください" in alert, f"no wait after six failures: {alert!r}")
        shot("throttled")
        print("all steps passed")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
