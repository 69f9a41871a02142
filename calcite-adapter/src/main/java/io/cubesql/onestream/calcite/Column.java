package io.cubesql.onestream.calcite;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column of a OneStream table: its SQL name and type, where its value comes from in the answer,
 * and whether a predicate on it can be carried in the request (a POV column).
 *
 * @param source the answer column it is read from, or null when the adapter computes it
 * @param pushable whether equality predicates on it become request parameters
 * @param remarks a description for tools, or null
 */
record Column(String name, SqlTypeName type, String source, boolean pushable, String remarks) {}
