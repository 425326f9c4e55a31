"""Parses Terraform files with python-hcl2 (an HCL parser independent of nitroforge) and prints, as JSON,
every resource block: {"file", "type", "name", "body"} with nested blocks marked "__is_block__"."""
import json
import sys

import hcl2


def unquote(label):
    return label[1:-1] if label.startswith('"') and label.endswith('"') else label


resources = []
for path in sys.argv[1:]:
    with open(path) as handle:
        parsed = hcl2.load(handle)
    for entry in parsed.get("resource", []):
        for rtype, named in entry.items():
            for name, body in named.items():
                resources.append({"file": path, "type": unquote(rtype), "name": unquote(name), "body": body})
json.dump(resources, sys.stdout)
