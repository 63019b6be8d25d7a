#!/usr/bin/env python3
"""Writes the project's example data: four tenants (ja and en, Tokyo, New York and Sydney), a year
of monthly metrics, incidents in Japanese and English (one with a second revision, one with 1,500
log rows, two on either side of a month boundary), analysts' notes and threat news.

Deterministic: the same script writes the same files. Run from anywhere:
    python3 examples/generate.py
"""
import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
MONTHS = [(2025, m) for m in range(4, 13)] + [(2026, m) for m in range(1, 4)]  # 2025-04 .. 2026-03
LATEST = MONTHS[-1]

TENANTS = [
    {"id": "sakura-shinkin", "name": "さくら信用金庫", "language": "ja", "timeZone": "Asia/Tokyo", "code": "SKR",
     "contacts": [{"name": "システム部 情報セキュリティ課", "email": "security@sakura-shinkin.example", "phone": "03-0000-1111"},
                  {"name": "山本 恵", "email": "m.yamamoto@sakura-shinkin.example"}]},
    {"id": "northwind", "name": "Northwind Logistics Inc.", "language": "en", "timeZone": "America/New_York", "code": "NWL",
     "contacts": [{"name": "Security Operations", "email": "secops@northwind.example"},
                  {"name": "Dana O'Neil", "email": "dana.oneil@northwind.example", "phone": "+1-212-555-0100"}]},
    {"id": "hikari-clinic", "name": "医療法人 ひかりクリニック", "language": "ja", "timeZone": "Asia/Tokyo", "code": "HKC",
     "contacts": [{"name": "事務局 情報管理担当", "email": "it@hikari-clinic.example"}]},
    {"id": "tasman-foods", "name": "Tasman Foods Pty Ltd", "language": "en", "timeZone": "Australia/Sydney", "code": "TSF",
     "contacts": [{"name": "IT Service Desk", "email": "servicedesk@tasman-foods.example"}]},
]

# Per threat type: (stage, ja title, en title, ATT&CK technique id and name).
THREATS = {
    "phishing": ("delivery", "フィッシングサイトへのアクセスと認証情報入力の疑い", "Access to a phishing site and possible credential entry",
                 ("T1566.002", "Phishing: Spearphishing Link")),
    "malware-infection": ("installation", "端末のマルウェア感染の疑い", "Suspected malware infection of an endpoint",
                          ("T1204.002", "User Execution: Malicious File")),
    "c2-communication": ("command-and-control", "C2 サーバーとの不審な通信", "Suspicious communication with a C2 server",
                         ("T1071.001", "Application Layer Protocol: Web Protocols")),
    "exploit-attempt": ("exploitation", "公開サーバーへの脆弱性攻撃", "Exploit attempts against a public server",
                        ("T1190", "Exploit Public-Facing Application")),
    "unauthorized-access": ("actions-on-objectives", "VPN への不正ログインの疑い", "Suspected unauthorized VPN login",
                            ("T1078", "Valid Accounts")),
    "reconnaissance": ("reconnaissance", "外部からの大規模なポートスキャン", "Large-scale port scan from the internet",
                       ("T1595.001", "Active Scanning: Scanning IP Blocks")),
    "policy-violation": ("actions-on-objectives", "許可されていないクラウドストレージへのアップロード", "Upload to an unapproved cloud storage service",
                         ("T1567.002", "Exfiltration Over Web Service: Exfiltration to Cloud Storage")),
}
SEVERITIES = ["critical", "serious", "medium", "information"]
SOURCES = ["url-filter", "web-av", "proxy", "ips", "ids", "firewall"]
DOMAINS = ["login-portal-verify.example", "cdn-update-check.example", "static-img-cache.example", "secure-docs-share.example"]


def stamp(dt):
    text = dt.isoformat(timespec="seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def local(tenant, year, month, day, hour, minute, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo(tenant["timeZone"]))


def tenant_doc(tenant):
    return {k: tenant[k] for k in ("id", "name", "language", "timeZone", "contacts")}


def incident(rng, tenant, number, determined, threat, severity, logs=3, revision=1, revision_note=None, title=None):
    ja = tenant["language"] == "ja"
    stage, title_ja, title_en, (technique, technique_name) = THREATS[threat]
    detected = determined - timedelta(minutes=rng.randint(20, 110))
    occurred = detected - timedelta(minutes=rng.randint(5, 60))
    host = f"PC-{rng.randint(1000, 9999)}"
    ip = f"10.{rng.randint(1, 250)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    domain = rng.choice(DOMAINS)
    remote = f"198.51.100.{rng.randint(2, 254)}"
    year, month = determined.year, determined.month
    doc = {
        "kind": "incident", "schemaVersion": 1,
        "id": f"INC-{year}{month:02d}-{tenant['code']}-{number:03d}",
        "revision": revision,
        "tenant": tenant_doc(tenant),
        "title": title or (title_ja if ja else title_en),
        "severity": severity, "threatType": threat,
        "tlp": "amber",
        "detectedAt": stamp(detected), "determinedAt": stamp(determined),
        "notifiedAt": stamp(determined + timedelta(minutes=rng.randint(5, 14))),
        "analysts": rng.sample(["Sato", "Kobayashi", "Watanabe", "Nguyen", "Miller"], 2),
        "analysis": {
            "summary": (f"{stamp(occurred)} 頃、端末 {host}（{ip}）から {domain} への不審な通信を検知しました。"
                        f"相関分析の結果、{title_ja}と判断しました。\n\n同じ時間帯に同端末から {logs} 件の関連ログが記録されています。")
            if ja else
            (f"At {stamp(occurred)} host {host} ({ip}) contacted {domain}. Correlation analysis indicates: "
             f"{title_en.lower()}.\n\n{logs} related log records were recorded from the host in the same period."),
            "victims": [{"host": host, "ip": ip, "user": rng.choice(["tanaka", "suzuki", "jlee", "mgarcia"])}],
            "occurredAt": stamp(occurred),
            # The last log record, or shortly after detection for a short burst.
            "lastSeenAt": stamp(max(detected + timedelta(minutes=5), occurred + timedelta(seconds=7 * (logs - 1)))),
            "attackKeywords": [domain, technique],
            "dataLeakage": {"found": False, "description": "外部への大量送信は確認されていません。" if ja else "No large outbound transfer was seen."},
        },
        "recommendations": {
            "actions": (["該当端末をネットワークから隔離し、フルスキャンを実施してください。", "利用者のパスワードを変更してください。"]
                        if ja else ["Isolate the host and run a full scan.", "Reset the user's password."]),
            "blockDomains": [domain],
            "blockIps": [remote],
        },
        "attack": {
            "overview": (f"{domain} を起点とする攻撃です。" if ja else f"The attack starts from {domain}."),
            "stage": stage,
            "description": ("プロキシと URL フィルタのログから、端末が攻撃者の基盤と通信したことを確認しました。"
                            if ja else "Proxy and URL-filter logs show the host talking to attacker infrastructure."),
            "techniques": [{"id": technique, "name": technique_name}],
            "timeline": [
                {"at": stamp(occurred), "event": "最初の不審な通信" if ja else "First suspicious connection"},
                {"at": stamp(detected), "event": "相関分析がイベントを発報" if ja else "Correlation raised an event"},
                {"at": stamp(determined), "event": "アナリストがインシデントと判定" if ja else "Analyst determined an incident"},
            ],
            "logs": [log_row(rng, occurred + timedelta(seconds=7 * i), host, ip, domain, remote) for i in range(logs)],
        },
    }
    if revision_note:
        doc["revisionNote"] = revision_note
    return doc


def log_row(rng, at, host, ip, domain, remote):
    source = rng.choice(SOURCES)
    return {
        "time": stamp(at), "source": source, "device": f"{source}-01",
        "srcIp": ip, "srcPort": rng.randint(49152, 65535), "dstIp": remote, "dstPort": rng.choice([80, 443, 8080]),
        "protocol": "tcp", "host": host, "url": f"https://{domain}/{rng.choice(['login', 'update', 'img', 'api'])}/{rng.randint(100, 999)}",
        "method": rng.choice(["GET", "POST"]), "status": rng.choice([200, 302, 403]),
        "action": rng.choice(["allowed", "blocked", "detected"]),
        "bytesSent": rng.randint(200, 4000), "bytesReceived": rng.randint(200, 90000),
    }


def write_json(path, value, lines=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        if lines:
            for item in value:
                f.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
        else:
            json.dump(value, f, ensure_ascii=False, indent=1)
            f.write("\n")


def main():
    rng = random.Random(20260331)
    write_json(HERE / "tenants.json", {"kind": "tenants", "schemaVersion": 1, "tenants": [tenant_doc(t) for t in TENANTS]})

    metrics = []
    for tenant in TENANTS:
        scale = rng.uniform(0.5, 3.0)
        for year, month in MONTHS:
            logs = {s: int(rng.uniform(0.5, 1.5) * scale * base) for s, base in
                    zip(SOURCES, [4_200_000, 180_000, 2_600_000, 90_000, 40_000, 7_500_000])}
            events = int(scale * rng.uniform(900, 2200))
            metrics.append({"kind": "metrics", "schemaVersion": 1, "tenantId": tenant["id"], "month": f"{year}-{month:02d}",
                            "funnel": {"logsBySource": logs, "events": events, "escalated": int(events * rng.uniform(0.02, 0.06))}})
    write_json(HERE / "metrics.ndjson", metrics, lines=True)

    # A year of incidents per tenant, one file each (newline-delimited JSON).
    for tenant in TENANTS:
        docs, number = [], {}
        for year, month in MONTHS:
            for _ in range(rng.choice([0, 1, 1, 1, 2])):
                number[(year, month)] = number.get((year, month), 0) + 1
                determined = local(tenant, year, month, rng.randint(1, 27), rng.randint(0, 23), rng.randint(0, 59))
                threat = rng.choice(list(THREATS))
                severity = rng.choices(SEVERITIES, weights=[1, 3, 6, 4])[0]
                docs.append(incident(rng, tenant, number[(year, month)], determined, threat, severity))
        write_json(HERE / "incidents" / f"{tenant['id']}.ndjson", docs, lines=True)

    # The latest month's showcase incidents, one document per file.
    sakura, northwind = TENANTS[0], TENANTS[1]
    first = incident(rng, sakura, 101, local(sakura, 2026, 3, 12, 10, 42), "c2-communication", "serious", logs=40)
    write_json(HERE / "incidents" / f"{first['id']}-r1.json", first)
    second = dict(first, revision=2, severity="critical", notifiedAt=stamp(local(sakura, 2026, 3, 13, 9, 5)),
                  revisionNote="追加調査の結果、同じ C2 サーバーと通信する端末がもう 1 台見つかったため、重要度を「緊急」に引き上げました。")
    second["analysis"] = dict(first["analysis"], victims=first["analysis"]["victims"] + [{"host": "PC-2231", "ip": "10.20.31.44", "department": "融資部"}])
    write_json(HERE / "incidents" / f"{first['id']}-r2.json", second)
    # Determined on the last evening of March in Tokyo (14:30 UTC): a March incident.
    write_json(HERE / "incidents" / "INC-202603-SKR-102.json",
               incident(rng, sakura, 102, local(sakura, 2026, 3, 31, 23, 30), "phishing", "medium"))
    # Ten minutes into April in Tokyo: not in the March report.
    write_json(HERE / "incidents" / "INC-202604-SKR-001.json",
               incident(rng, sakura, 1, local(sakura, 2026, 4, 1, 0, 10), "reconnaissance", "information"))
    write_json(HERE / "incidents" / "INC-202603-NWL-101.json",
               incident(rng, northwind, 101, local(northwind, 2026, 3, 18, 14, 5), "exploit-attempt", "serious", logs=1500))

    notes = [
        {"kind": "notes", "schemaVersion": 1, "tenantId": "sakura-shinkin", "month": "2026-03",
         "overview": "今月は C2 通信の疑いで重要度「緊急」のインシデントが 1 件ありました。対象端末は隔離済みです。\n\n年度末に伴いフィッシングメールが増加しています。",
         "advice": [{"title": "メール添付ファイルの無害化", "body": "マクロ付き文書を受信時に無害化する設定を推奨します。", "priority": "high"},
                    {"title": "多要素認証の適用範囲拡大", "body": "VPN 以外の外部公開サービスにも多要素認証を適用してください。", "priority": "medium"}]},
        {"kind": "notes", "schemaVersion": 1, "tenantId": "northwind", "month": "2026-03",
         "overview": "Exploit attempts against the public web server rose sharply this month; all were blocked by the IPS.",
         "advice": [{"title": "Patch the web server", "body": "Apply the vendor's March security update to the public web server.", "priority": "high"}]},
        # No overview: the report writes one from the month's figures.
        {"kind": "notes", "schemaVersion": 1, "tenantId": "tasman-foods", "month": "2026-03",
         "advice": [{"title": "Review remote access accounts", "body": "Remove VPN accounts of staff who have left and require multi-factor authentication for the rest.", "priority": "medium"}]},
    ]
    write_json(HERE / "notes.json", notes)

    # Each item names its language (socreport's extension of the contract): every tenant reads its own.
    ransomware = {"date": "2026-03-19", "source": "CISA", "url": "https://www.cisa.gov/", "tags": ["ransomware"]}
    news = [
        {"kind": "news", "schemaVersion": 1, "month": "2026-02", "items": [
            {"date": "2026-02-10", "title": "VPN 装置の認証回避の脆弱性が悪用されています", "summary": "複数ベンダーの VPN 装置で認証回避の脆弱性が公開され、悪用が観測されています。修正版への更新を推奨します。", "source": "JPCERT/CC", "tags": ["vpn", "cve"], "language": "ja"},
            {"date": "2026-02-10", "title": "VPN authentication bypass exploited in the wild", "summary": "An authentication bypass in VPN appliances of several vendors is being exploited. Update to the fixed releases.", "source": "JPCERT/CC", "tags": ["vpn", "cve"], "language": "en"},
        ]},
        {"kind": "news", "schemaVersion": 1, "month": "2026-03", "items": [
            {"date": "2026-03-05", "title": "年度末を狙ったフィッシングの増加", "summary": "請求書や人事異動を装ったフィッシングメールが増えています。添付ファイルとリンクに注意してください。", "source": "IPA", "tags": ["phishing"], "language": "ja"},
            dict(ransomware, title="物流企業を狙うランサムウェア攻撃", summary="ランサムウェアグループが、物流企業で外部に公開されたリモート管理ツールを悪用しています。", language="ja"),
            dict(ransomware, title="Ransomware group targets logistics firms", summary="A ransomware group is exploiting exposed remote-management tools at logistics companies.", language="en"),
        ]},
    ]
    write_json(HERE / "news.json", news)


if __name__ == "__main__":
    main()
