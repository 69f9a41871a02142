#!/usr/bin/env python3
"""make_tds.py builds the same URLs as connectionBuilder.js (the cases in url_cases.json)."""
import contextlib
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import make_tds  # noqa: E402

n = 0
for c in json.load(open(os.path.join(HERE, "url_cases.json"))):
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            url = make_tds.jdbc_url(c["server"], c["port"], c["application"],
                                    c["sslmode"] == "require", c["properties"])
    except SystemExit:
        url = None
    if c.get("error"):
        assert url is None, "expected an error: %r gave %s" % (c, url)
    else:
        assert url == c["url"], "%r: %s != %s" % (c, url, c["url"])
    n += 1
print("make_tds.py: %d URL cases passed" % n)
