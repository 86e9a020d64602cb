#!/usr/bin/python3
"""Judge hypv7's LAVA jobs from what lava-run left behind.

usage: lava-results.py JOB_DIR...

A JOB_DIR holds job.yaml (the job lava-run ran), lava.log (lava-run's
stderr: one YAML mapping per line; the per-case results are only there) and
run/result.yaml (lava-run's --output-dir). For every job it prints each test
case as "ok"/"not ok", then any problem with the job as a whole:
  - the job did not pass (lava-run's verdict: boot failure, monitor timeout...);
  - no test case was seen;
  - a case name repeats (every TAP line must be one distinct case);
  - the number of VMs that printed a TAP plan ("[vmN] 1..M") differs from the
    job's metadata hypv7.tap_vms;
  - the number of cases differs from the sum of the plans.
Last line: "N passed, N failed" (cases, plus one failure per problem). Exits
1 if anything failed.
"""
import os
import re
import sys

import yaml

TAP_PLAN = re.compile(r"^\[vm(\d+)\] 1\.\.(\d+)\s*$")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_log(path):
    """The log's entries as dicts (lines that are not one YAML mapping are skipped)."""
    entries = []
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("- "):
                line = line[2:]
            if not line.startswith("{"):
                continue
            try:
                entry = yaml.load(line, Loader=Loader)
            except yaml.YAMLError:
                continue
            if isinstance(entry, dict):
                entries.append(entry)
    return entries


def job_verdict(job_dir, entries):
    for e in entries:
        msg = e.get("msg")
        if e.get("lvl") == "results" and isinstance(msg, dict) \
                and msg.get("definition") == "lava" and msg.get("case") == "job":
            return msg.get("result")
    try:
        with open(os.path.join(job_dir, "run", "result.yaml")) as f:
            for r in yaml.safe_load(f) or []:
                if r.get("definition") == "lava" and r.get("case") == "job":
                    return r.get("result")
    except (OSError, yaml.YAMLError):
        pass
    return None


def judge(job_dir):
    """Prints the job's cases and problems; returns (passed, failed)."""
    with open(os.path.join(job_dir, "job.yaml")) as f:
        job = yaml.safe_load(f)
    name = job["job_name"]
    tap_vms = int(job.get("metadata", {}).get("hypv7.tap_vms", 0))
    entries = read_log(os.path.join(job_dir, "lava.log"))

    cases = [e["msg"] for e in entries if e.get("lvl") == "results"
             and isinstance(e.get("msg"), dict) and e["msg"].get("definition") != "lava"]
    plans = {}
    for e in entries:
        m = TAP_PLAN.match(str(e.get("msg"))) if e.get("lvl") == "target" else None
        if m:
            plans[m.group(1)] = int(m.group(2))

    passed = failed = 0
    for c in cases:
        good = c.get("result") == "pass"
        print(f"{'ok' if good else 'not ok'} - {name}: {c.get('case')} ({c.get('result')})")
        passed += good
        failed += not good

    problems = []
    verdict = job_verdict(job_dir, entries)
    if verdict != "pass":
        problems.append(f"the LAVA job did not pass (result: {verdict})")
    if not cases:
        problems.append("no test case was seen")
    names = [c.get("case") for c in cases]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        problems.append(f"case names repeat: {', '.join(repeated)}")
    if len(plans) != tap_vms:
        problems.append(f"{len(plans)} VMs printed a TAP plan, expected {tap_vms}")
    planned = sum(plans.values())
    if len(cases) != planned:
        problems.append(f"{len(cases)} cases, but the TAP plans announce {planned}")
    for p in problems:
        print(f"not ok - {name}: {p}")
    print(f"# {name}: {passed} passed, {failed} failed"
          f"{', ' + str(len(problems)) + ' problems' if problems else ''} ({job_dir}/lava.log)")
    return passed, failed + len(problems)


def main(job_dirs):
    if not job_dirs:
        sys.exit(__doc__.strip())
    passed = failed = 0
    for job_dir in job_dirs:
        try:
            p, f = judge(job_dir)
        except (OSError, KeyError, ValueError, yaml.YAMLError) as e:
            print(f"not ok - {job_dir}: cannot read the job's files: {e}")
            p, f = 0, 1
        passed += p
        failed += f
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
