"""Checks Kubernetes manifests: each against the API schemas (kubernetes-validate, strict), and the
batch's Indexed Job against the settings it relies on. Prints one line per problem; exit 1 if any."""
import subprocess
import sys

import yaml

files = sys.argv[1:]
problems = []
run = subprocess.run(["kubernetes-validate", "--strict", "--quiet", *files], capture_output=True, text=True)
if run.returncode != 0:
    problems += [line for line in (run.stdout + run.stderr).splitlines() if line.strip()] or ["kubernetes-validate failed"]

documents = [d for f in files for d in yaml.safe_load_all(open(f, encoding="utf-8")) if d]
by_kind = {}
for d in documents:
    by_kind.setdefault(d["kind"], []).append(d)

shards = None
for config in by_kind.get("ConfigMap", []):
    shards = config.get("data", {}).get("SOCREPORT_SHARDS", shards)
for cron in by_kind.get("CronJob", []):
    job = cron["spec"]["jobTemplate"]["spec"]
    name = cron["metadata"]["name"]
    if job.get("completionMode") != "Indexed":
        problems.append(f"{name}: the batch must be an Indexed Job (JOB_COMPLETION_INDEX names the shard)")
    if shards is None or str(job.get("completions")) != str(shards):
        problems.append(f"{name}: completions {job.get('completions')} differ from SOCREPORT_SHARDS {shards}")
    if "backoffLimitPerIndex" not in job:
        problems.append(f"{name}: no backoffLimitPerIndex: one failing shard would use up every retry")
for deployment in by_kind.get("Deployment", []):
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    if container.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/readyz":
        problems.append(f"{deployment['metadata']['name']}: readiness is not checked on /readyz")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
