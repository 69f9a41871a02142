#!/usr/bin/env python3
"""Writes a Tableau data source (.tds) for one OneStream table through the JDBC driver.

Python 3 standard library only. The .tds never holds the Personal Access Token: Tableau asks
for it when the data source is opened (the connector's "Personal Access Token" field, or the
password field of "Other Databases (JDBC)"), and keeps it in its secure store.

  make_tds.py --server onestream.example.com --application GolfStream \
              --table cubeviews.ActualVsBudget -o ActualVsBudget.tds
  make_tds.py --class genericjdbc ...    # no connector installed: Other Databases (JDBC)

--class onestream_jdbc (default) needs the connector in samples/tableau/connector/onestream_jdbc;
--class genericjdbc needs only the driver jar, and carries the connector's capabilities (read
from its manifest.xml) as a connection-customization inside the .tds.
"""

import argparse
import hashlib
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, "connector", "onestream_jdbc", "manifest.xml")

# Same rules as connector/onestream_jdbc/connectionBuilder.js.
SECRET_KEYS = re.compile(r"^(password|clientsecret|user|pat|token|secret)$", re.IGNORECASE)
HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?$")


def fail(message):
    print("make_tds.py: " + message, file=sys.stderr)
    sys.exit(2)


def extra_pairs(text):
    """'a=1&b=x=y' -> ['a=1', 'b=x%3Dy'], refusing secrets (the URL is logged)."""
    pairs = []
    for part in (text or "").split("&"):
        part = part.strip()
        if not part:
            continue
        eq = part.find("=")
        if eq <= 0:
            fail("--properties: '%s' is not key=value" % part)
        key = part[:eq].strip()
        if SECRET_KEYS.match(key):
            fail("--properties: '%s' is a secret or credential and does not belong in a .tds;"
                 " Tableau asks for the token" % key)
        pairs.append(_enc(key) + "=" + _enc(part[eq + 1:].strip()))
    return pairs


def _enc(s):
    # encodeURIComponent's set of unescaped characters, as connectionBuilder.js uses.
    return urllib.parse.quote(s, safe="-_.!~*'()")


def jdbc_url(server, port, application, ssl, properties):
    query = extra_pairs(properties)
    if server.lower() == "demo":
        return "jdbc:onestream:demo" + ("?" + "&".join(query) if query else "")
    if not HOST.match(server):
        fail("--server must be a host name or an IP address, without scheme, path or user")
    if port and not re.match(r"^[0-9]{1,5}$", port):
        fail("--port must be a number")
    if not application:
        fail("--application is required (except for --server demo)")
    return ("jdbc:onestream://" + server + (":" + port if port else "") + "/" + _enc(application)
            + "?" + "&".join(["ssl=" + ("true" if ssl else "false")] + query))


# Generic JDBC has no dialect.tdd to say "LIMIT n": these capabilities (not in the SDK's
# capability list, but in public .tdc files for other LIMIT databases) choose the LIMIT style.
GENERIC_TOP_STYLE = [("CAP_QUERY_TOPSTYLE_LIMIT", "yes"), ("CAP_QUERY_TOPSTYLE_TOP", "no"),
                     ("CAP_QUERY_TOPSTYLE_ROWNUM", "no")]


def capabilities():
    """The connector manifest's customizations, for a genericjdbc connection-customization."""
    root = ET.parse(MANIFEST).getroot()
    return [(c.get("name"), c.get("value")) for c in root.iter("customization")] + GENERIC_TOP_STYLE


def split_table(table):
    parts = table.split(".", 1)
    return ("cubeviews", parts[0]) if len(parts) == 1 else (parts[0], parts[1])


def tds(args):
    schema, name = split_table(args.table)
    if not schema or not name or "]" in schema or "]" in name:
        fail("--table must be schema.table or table (a cube view)")
    url = jdbc_url(args.server, args.port, args.application, args.ssl, args.properties)
    # Stable ids, so the same arguments give the same file (check.sh compares it).
    digest = hashlib.sha256("|".join([args.cls, url, schema, name]).encode()).hexdigest()[:28]
    leaf = "%s.%s" % (args.cls, digest)
    caption = args.caption or "%s (%s)" % (name, args.application or args.server)

    if args.cls == "onestream_jdbc":
        attrs = [
            ("class", "onestream_jdbc"),
            ("server", args.server),
            ("port", args.port),
            ("v-application", args.application),
            ("sslmode", "require" if args.ssl else ""),
            ("authentication", "auth-pass"),
            ("v-properties", args.properties or ""),
        ]
        inner = ""
    else:
        attrs = [
            ("class", "genericjdbc"),
            ("dbname", ""),
            ("dialect", "genericjdbc"),
            ("jdbcproperties", ""),
            ("jdbcurl", url),
            ("port", ""),
            ("schema", schema),
            ("server", ""),
            ("username", ""),
            ("warehouse", ""),
        ]
        custom = "".join(
            "\n                  <customization name=%s value=%s />" % (quoteattr(n), quoteattr(v))
            for n, v in capabilities())
        inner = (
            "\n              <connection-customization class='genericjdbc' enabled='true' version='18.1'>"
            "\n                <vendor name='genericjdbc' />"
            "\n                <driver name='onestream' />"
            "\n                <customizations>" + custom +
            "\n                </customizations>"
            "\n              </connection-customization>\n            ")
    attr_text = " ".join("%s=%s" % (k, quoteattr(v)) for k, v in attrs)
    connection = ("<connection %s>%s</connection>" % (attr_text, inner) if inner
                  else "<connection %s />" % attr_text)
    table_ref = "[%s].[%s]" % (schema, name)
    return """<?xml version='1.0' encoding='utf-8' ?>
<!-- Written by samples/tableau/make_tds.py. JDBC URL: %s
     No secret here: Tableau asks for the OneStream Personal Access Token when this opens. -->
<datasource formatted-name=%s inline='true' version='18.1' xmlns:user='http://www.tableausoftware.com/xml/user'>
  <connection class='federated'>
    <named-connections>
      <named-connection caption=%s name=%s>
        %s
      </named-connection>
    </named-connections>
    <relation connection=%s name=%s table=%s type='table' />
  </connection>
</datasource>
""" % (url.replace("--", "- -"), quoteattr("federated." + digest), quoteattr(caption),
       quoteattr(leaf), connection, quoteattr(leaf), quoteattr(name), quoteattr(table_ref))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--server", required=True, help="host name, or 'demo' for the driver's demo mode")
    p.add_argument("--port", default="", help="empty: 443 with SSL, 80 without")
    p.add_argument("--application", default="", help="the OneStream application")
    p.add_argument("--no-ssl", dest="ssl", action="store_false", help="plain HTTP (a test server)")
    p.add_argument("--table", required=True,
                   help="schema.table (cubeviews.ActualVsBudget, cubes.GolfStream, dimensions.Entity);"
                        " a bare name is a cube view")
    p.add_argument("--properties", default="",
                   help="more driver properties, key=value&key=value (never a secret)")
    p.add_argument("--class", dest="cls", choices=["onestream_jdbc", "genericjdbc"],
                   default="onestream_jdbc")
    p.add_argument("--caption", default="")
    p.add_argument("-o", "--output", default="-", help="file to write; - for standard output")
    args = p.parse_args(argv)
    text = tds(args)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
