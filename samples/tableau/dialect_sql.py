#!/usr/bin/env python3
"""Prints SQL statements that use every formula of connector/onestream_jdbc/dialect.tdd.

Python 3 standard library only. Each formula is instantiated with columns of the demo cube
(cubes.GolfStream: Account VARCHAR, CellValue DOUBLE, Time_StartDate DATE), every date part of
its date-part group, and the dialect's literal, boolean, ORDER BY and LIMIT formats, so that
check.sh can run them through the driver (demo mode) and see Calcite accept each one. This
checks the SQL the dialect can produce parses and runs; it does not check that Tableau
generates exactly these statements (only Tableau, or its TDVT suite, can).

Prints one statement (one JVM start in check.sh): the scalar functions and the aggregates, each
in a subquery, joined by CROSS JOIN.
"""

import os
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DIALECT = os.path.join(HERE, "connector", "onestream_jdbc", "dialect.tdd")

ARGS = {
    "str": '"Account"',
    "real": '"CellValue"',
    "int": "2",
    "datetime": '"Time_StartDate"',
    "date": '"Time_StartDate"',
    "bool": '("CellValue" > 0)',
}
WHERE = "\"Entity\" = 'Houston' AND \"Time\" = '2024M3' AND \"Account\" = 'Sales'"


def substitute(formula, args):
    # %10 before %1: replace from the highest index down.
    for i in range(len(args), 0, -1):
        formula = formula.replace("%" + str(i), args[i - 1])
    return formula


def main():
    root = ET.parse(DIALECT).getroot()
    fmt = root.find("sql-format")
    groups = {}
    for group in fmt.find("date-parts").findall("date-part-group"):
        names = [d.get("name") for d in group.findall("date-function")] or ["DEFAULT"]
        for n in names:
            groups[n] = [p.get("value") for p in group.findall("part")]

    scalars, aggregates = [], []
    for fn in root.find("function-map"):
        name = fn.get("name")
        types = [a.get("type") for a in fn.findall("argument")]
        if fn.tag == "date-function":
            parts = groups.get(name, groups["DEFAULT"])
            for part in parts:
                args = [part] + [ARGS[t] for t in types[1:]]
                scalars.append(substitute(fn.find("formula").text, args))
            continue
        args = [ARGS[t] for t in types]
        target = aggregates if fn.get("group") == "aggregate" else scalars
        target.append(substitute(fn.find("formula").text, args))
        unagg = fn.find("unagg-formula")
        if unagg is not None:
            scalars.append(substitute(unagg.text, args))

    date_lit = fmt.find("format-date-literal").get("formula").replace("%1", "2024-03-01")
    ts_lit = fmt.find("format-datetime-literal").get("formula").replace("%1", "2024-04-01 00:00:00.000")
    true_p = fmt.find("format-true").get("predicate")
    true_l = fmt.find("format-true").get("literal")
    false_l = fmt.find("format-false").get("literal")
    quote = fmt.find("id-quotes").get("value")
    select = {p.get("name"): p.get("value") for p in fmt.find("format-select").findall("part")}
    scalars += [true_l, false_l, '("Account" IS NOT DISTINCT FROM \'Sales\')']

    cols = ", ".join("%s AS %sf%d%s" % (e, quote, i, quote) for i, e in enumerate(scalars))
    scalar_sql = " ".join([
        select["Select"].replace("%1", cols),
        select["From"].replace("%1", '%scubes%s.%sGolfStream%s' % ((quote,) * 4)),
        select["Where"].replace("%1", "%s AND %s AND \"Time_StartDate\" >= %s AND \"Time_StartDate\" < %s"
                                % (WHERE, true_p, date_lit, ts_lit)),
        select["Top"].replace("%1", "1"),
    ])
    cols = ", ".join(['"Account"'] + ["%s AS %sa%d%s" % (e, quote, i, quote)
                                      for i, e in enumerate(aggregates)])
    agg_sql = " ".join([
        select["Select"].replace("%1", cols),
        select["From"].replace("%1", '"cubes"."GolfStream"'),
        select["Where"].replace("%1", WHERE),
        select["Group"].replace("%1", "1"),
        select["OrderBy"].replace("%1", "1 ASC NULLS FIRST"),
        select["Top"].replace("%1", "1"),
    ])
    print('SELECT * FROM (%s) "s" CROSS JOIN (%s) "g"' % (scalar_sql, agg_sql))


if __name__ == "__main__":
    main()
