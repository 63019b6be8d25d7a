#!/usr/bin/env python3
"""Drives the analyst's workbench in headless Chromium over WebDriver (Selenium).

Run by WorkbenchBrowserTests against a real `socreport serve`: an analyst writes an incident with pasted
defanged indicators (one of them bad) and a SIEM's CSV export of log records uploaded, inserts a text of
the recommendation library, sees the problem beside its field, fixes it, previews and submits; a lead
approves; the analyst writes the second report, the lead sees its changes and approves; the customer
downloads it. Exits non-zero at the first failed step and saves a PNG screenshot of every page it looks
at into --out, at laptop and phone widths.
"""
import argparse, subprocess, time
from pathlib import Path

from chromium import LAPTOP, PHONE, fill_sign_in, Wait, start  # first: it keeps Selenium to loopback
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select


# What the analyst writes and what the pages answer, in the browser's (and the tenant's) language.
WORDS = {
    "ja": {"title": "不審なサイトへの通信（分析者の記述）", "summary": "分析者が確認した概要: 認証情報の入力を確認しました。",
           "overview": "利用者が偽のログインページに誘導されました。", "description": "メール内のリンクから偽サイトにアクセスし、認証情報を入力しました。",
           "action": "PC-0042 をネットワークから隔離してください。", "note": "追加の端末を確認しました。",
           "summary2": "第2報の概要: 追加で PC-0043 の感染を確認しました。",
           "line3": "3 行目", "waiting": "承認待ち", "approved": "承認・公開", "second": "第2報",
           "libraryText": "VPN 装置のファームウェアを更新してください。", "libraryEdited": "VPN 装置のファームウェアを最新版に更新してください。",
           "edited": "編集", "badAddress": "\"198.51.100.300\" は IP アドレス（IPv4・IPv6）または CIDR ではありません。"},
    "en": {"title": "Access to a suspicious site (analyst's words)", "summary": "The analyst confirmed that credentials were entered.",
           "overview": "A user was led to a fake sign-in page.", "description": "A link in a mail led to the fake site, where credentials were entered.",
           "action": "Isolate PC-0042 from the network.", "note": "Another host was found.",
           "summary2": "Second report: PC-0043 was found infected as well.",
           "line3": "line 3", "waiting": "Waiting for review", "approved": "Approved and published", "second": "2nd report",
           "libraryText": "Update the firmware of the VPN appliance.", "libraryEdited": "Update the firmware of the VPN appliance to its latest release.",
           "edited": "Edited", "badAddress": "\"198.51.100.300\" is not an IPv4 or IPv6 address or CIDR block"},
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--tenant", required=True)
    p.add_argument("--analyst", required=True)
    p.add_argument("--lead", required=True)
    p.add_argument("--customer", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--lang", default="ja", choices=WORDS.keys(), help="the browser's language, and the tenant's")
    a = p.parse_args()
    w = WORDS[a.lang]
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    downloads = out / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    driver = start(downloads, language=a.lang)
    # A form posts and its page is replaced while a wait reads it: an element of the old page is not yet a failure.
    wait = Wait(driver, 30)

    def step(name):
        print(f"step: {name}", flush=True)

    def check(condition, message):
        if not condition:
            shot("failure")
            raise SystemExit(f"FAILED: {message} (at {driver.current_url})")

    def shot(name, phone=False):
        if phone:
            driver.set_window_size(*PHONE)
        height = driver.execute_script("return document.body.scrollHeight")
        width = PHONE[0] if phone else LAPTOP[0]
        driver.set_window_size(width, min(max(height + 120, 600), 6000))
        driver.save_screenshot(str(out / f"{name}.png"))
        driver.set_window_size(*LAPTOP)

    def sign_in(email):
        driver.delete_all_cookies()
        driver.get(a.base + "/login")
        fill_sign_in(driver, email, a.password)

    def field(name):
        return driver.find_element(By.NAME, name)

    def fill(name, text):
        element = field(name)
        element.clear()
        element.send_keys(text)

    def press(action):
        # Not the form's off-screen default button (Enter in a field), which only a keyboard reaches. Every button
        # posts its form: the next page is awaited, so nothing is read from the page being left.
        page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.CSS_SELECTOR, f"button[name=action][value='{action}']:not(.default-action)").click()
        wait.until(staleness_of(page))

    try:
        step("the analyst signs in and lands on the workbench")
        sign_in(a.analyst)
        wait.until(lambda d: d.current_url.endswith("/staff"))
        shot("staff-home-empty")

        step("a new incident for the Japanese tenant")
        driver.get(f"{a.base}/staff/drafts/new?tenant={a.tenant}")
        check(field("id").get_attribute("value").startswith(a.tenant.upper() + "-"), "no id proposed")
        check(field("determinedAt").get_attribute("value"), "the determined time does not default to now")
        fill("title", w["title"])
        Select(field("severity")).select_by_value("medium")
        Select(field("threatType")).select_by_value("phishing")
        Select(field("attack.stage")).select_by_value("delivery")
        fill("analysis.victims[0].host", "PC-0042")
        fill("analysis.victims[0].ip", "10.1.2.3")
        fill("recommendations.actions", w["action"])
        fill("recommendations.blockDomains", "evil-login[.]example\nEVIL-LOGIN[.]example")
        fill("recommendations.blockUrls", "hxxps://evil-login[.]example/signin")
        fill("recommendations.blockIps", "198.51.100[.]7\n2001:db8::7\n198.51.100.300")
        fill("analysis.summary", w["summary"])
        fill("attack.overview", w["overview"])
        fill("attack.description", w["description"])
        export = out / "siem-export.csv"  # a SIEM's export, uploaded
        export.write_text("time,source,srcIp,dstIp,dstPort,url\n"
                          "2026-03-10T10:01,proxy,10.1.2.3,198.51.100.7,443,https://evil-login.example/signin\n")
        driver.find_element(By.ID, "f-attack-logs-file").send_keys(str(export))

        step("one click inserts a text of the recommendation library, to be edited there")
        Select(field("recommendation")).select_by_index(0)
        chosen = Select(field("recommendation")).first_selected_option.get_attribute("value")
        press("insert-recommendation")
        wait.until(lambda d: "/staff/drafts/" in d.current_url and chosen in field("recommendations.actions").get_attribute("value"))
        check(w["action"] in field("recommendations.actions").get_attribute("value"), "the analyst's own action was lost")
        shot("draft-library")
        press("submit")

        step("line 3 of the pasted addresses is bad: shown beside its field")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".field.invalid"))
        check("198.51.100.7" in field("attack.logs").get_attribute("value"), "the uploaded log records are not in the draft")
        problems = driver.find_element(By.ID, "f-recommendations-blockIps-problems").text
        check(w["line3"] in problems, f"the bad address's line is not named: {problems!r}")
        check(w["badAddress"] in problems, f"the problem is not worded in the page's language: {problems!r}")
        check("evil-login.example" in field("recommendations.blockDomains").get_attribute("value"), "the pasted indicators were lost")
        shot("draft-problems")
        shot("draft-problems-phone", phone=True)

        step("fixed and previewed: the pages as images, rendered by the server")
        fill("recommendations.blockIps", "198.51.100[.]7\n2001:db8::7")
        press("preview")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".preview img"))
        images = driver.find_elements(By.CSS_SELECTOR, ".preview img")
        wait.until(lambda d: all(d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", i) for i in images))
        check(driver.find_element(By.CSS_SELECTOR, ".preview a").get_attribute("href").endswith("/preview.pdf"), "no link to the PDF")
        shot("draft-preview")
        shot("draft-preview-phone", phone=True)

        step("submitted")
        press("submit")
        wait.until(lambda d: d.current_url.endswith("/staff"))
        check(w["waiting"] in driver.page_source, "the draft is not waiting for review")
        clock = driver.find_element(By.CSS_SELECTOR, ".clock[data-since] .clock-text")
        shown = clock.text
        wait.until(lambda d: clock.text != shown)  # clock.js ticks it on between page loads
        shot("staff-home-waiting")
        shot("staff-home-phone", phone=True)

        step("the lead approves")
        sign_in(a.lead)
        wait.until(lambda d: d.current_url.endswith("/staff"))
        step("the lead adds a text to the library, edits it, and hides a shipped one from the drafts")
        driver.get(a.base + "/staff/library")
        Select(field("language")).select_by_value(a.lang)
        Select(field("threatType")).select_by_value("phishing")
        driver.find_element(By.ID, "text").send_keys(w["libraryText"])
        press("add")
        section = f"#lib-{a.lang}-phishing"
        added = f"{section} form.libedit input[name=was][value=\"{{}}\"]"
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, added.format(w["libraryText"])))
        edit = driver.find_element(By.CSS_SELECTOR, f"{section} form.libedit")
        edit.find_element(By.NAME, "text").clear()
        edit.find_element(By.NAME, "text").send_keys(w["libraryEdited"])
        edit.find_element(By.CSS_SELECTOR, "button[value=edit]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, added.format(w["libraryEdited"])))
        driver.find_element(By.CSS_SELECTOR, f"{section} button[value=hide]").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f"{section} li.hidden-text button[value=show]"))
        check(w["edited"] in driver.find_element(By.CSS_SELECTOR, "table.audit").text, "the library's log does not show the edit")
        shot("library")
        shot("library-phone", phone=True)
        driver.get(a.base + "/staff")
        driver.find_element(By.LINK_TEXT, w["title"]).click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "button[value=approve]"))
        shot("draft-review")
        press("approve")
        wait.until(lambda d: "/staff/incidents/" in d.current_url)
        check(w["approved"] in driver.page_source, "the audit log does not show the approval")
        shot("incident-audit")

        incident = driver.current_url

        step("the analyst writes the second report")
        sign_in(a.analyst)
        wait.until(lambda d: d.current_url.endswith("/staff"))
        driver.get(incident)
        driver.find_element(By.CSS_SELECTOR, "form[action$='/next'] button").click()
        wait.until(lambda d: "/staff/drafts/" in d.current_url)
        check(field("revision").get_attribute("value") == "2", "the next report is not the second")
        fill("revisionNote", w["note"])
        fill("analysis.summary", w["summary2"])
        press("submit")
        wait.until(lambda d: d.current_url.endswith("/staff"))

        step("the lead sees what changed and approves")
        sign_in(a.lead)
        wait.until(lambda d: d.current_url.endswith("/staff"))
        driver.find_elements(By.LINK_TEXT, w["title"])[0].click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".changes"))
        changes = driver.find_element(By.CSS_SELECTOR, ".changes").text
        check("PC-0043" in changes and "analysis.summary" in changes, f"the change list does not show the summary: {changes!r}")
        shot("draft-changes")
        press("approve")
        wait.until(lambda d: "/staff/incidents/" in d.current_url)

        step("the customer downloads the second report, in the analyst's words")
        sign_in(a.customer)
        wait.until(lambda d: d.current_url.endswith(f"/t/{a.tenant}/reports"))
        check(w["title"] in driver.page_source, "the customer does not see the report")
        shot("customer-reports")
        driver.find_element(By.LINK_TEXT, w["title"]).click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "article.revision a.button"))
        check(w["second"] in driver.page_source, "the second report is not listed")
        driver.find_elements(By.CSS_SELECTOR, "article.revision a.button")[0].click()
        deadline, pdfs = time.time() + 30, []
        while not pdfs and time.time() < deadline:
            pdfs = [f for f in downloads.iterdir() if f.name.endswith(".pdf")]
            time.sleep(0.2)
        check(pdfs, "the PDF did not arrive")
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdfs[0]), "-"], capture_output=True, text=True).stdout
        words = text.replace("\n", " ")
        check("PC-0043" in words and w["note"].rstrip("。.") in words, "the PDF does not hold the analyst's words")

        step("a SIEM export with its own column names: the analyst confirms them once")
        sign_in(a.analyst)
        wait.until(lambda d: d.current_url.endswith("/staff"))
        driver.get(f"{a.base}/staff/drafts/new?tenant={a.tenant}")
        fill("title", w["title"] + " (3)")
        fill("attack.logs", "Timestamp,Src_IP,Dst,Note\n2026-03-10T10:01,10.1.2.3,198.51.100.7,seen\n")
        press("save")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "fieldset.columns"))
        check(Select(field("logs.column.Src_IP")).first_selected_option.get_attribute("value") == "srcIp", "Src_IP is not guessed as srcIp")
        Select(field("logs.column.Timestamp")).select_by_value("time")
        Select(field("logs.column.Dst")).select_by_value("dstIp")
        shot("draft-log-columns")
        press("save")
        wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "fieldset.columns"))
        check('"time":"2026-03-10T10:01:00' in field("attack.logs").get_attribute("value"), "the confirmed columns were not applied")
        print("all steps passed")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
