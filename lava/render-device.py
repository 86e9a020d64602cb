#!/usr/bin/python3
"""Render a LAVA device dictionary into the device configuration lava-run reads.

usage: render-device.py DEVICE_TYPES_DIR DEVICE.jinja2 [key=value ...] > device.yaml

The Jinja2 environment is set up as lava-server sets it up
(lava_scheduler_app/environment.py): a sandbox, a loader over the device
dictionary's folder and the stock device-type templates, trim_blocks, no
autoescape. key=value pairs are the job context the server would pass.
"""
import os
import sys

import jinja2.sandbox


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip())
    device_types, device = argv[1], argv[2]
    context = dict(arg.split("=", 1) for arg in argv[3:])
    env = jinja2.sandbox.SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([os.path.dirname(os.path.abspath(device)), device_types]),
        autoescape=False,
        trim_blocks=True,
    )
    sys.stdout.write(env.get_template(os.path.basename(device)).render(**context))


if __name__ == "__main__":
    main(sys.argv)
