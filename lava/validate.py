#!/usr/bin/python3
"""Check LAVA job definitions and device configurations with lava_common's
schemas, the check lava-server runs when a job is submitted (strict mode).

usage: validate.py [job=FILE ...] [device=FILE ...]
Prints "ok" or "FAIL" per file; exits 1 if any file fails.
"""
import sys

import yaml
import voluptuous
from lava_common.schemas import validate as validate_job
from lava_common.schemas.device import validate as validate_device

CHECKS = {
    "job": lambda data: validate_job(data, strict=True),
    "device": validate_device,
}


def check(kind, path):
    try:
        with open(path) as f:
            CHECKS[kind](yaml.safe_load(f))
    except (OSError, yaml.YAMLError, voluptuous.Invalid) as e:
        print(f"FAIL {kind} {path}: {e}")
        return False
    print(f"ok   {kind} {path}")
    return True


def main(args):
    if not args:
        sys.exit(__doc__.strip())
    good = True
    for arg in args:
        kind, sep, path = arg.partition("=")
        if not sep or kind not in CHECKS:
            sys.exit(f"validate.py: bad argument {arg!r} (job=FILE or device=FILE)")
        good = check(kind, path) and good
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
