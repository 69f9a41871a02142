// Runs connectionBuilder.js and connectionProperties.js as Tableau would (a function expression
// called with the attributes), with a stub connectionHelper holding the SDK's attribute names.
// Asserts the URL of each case in url_cases.json and that the token reaches only the properties.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const assert = require("assert");

const dir = path.join(__dirname, "..", "connector", "onestream_jdbc");
const helper = {
  attributeServer: "server", attributePort: "port", attributeDatabase: "dbname",
  attributeUsername: "username", attributePassword: "password",
  attributeAuthentication: "authentication", attributeSSLMode: "sslmode",
  attributeClass: "class",
};
const sandbox = { connectionHelper: helper, logging: { log() {} } };
const load = (f) => vm.runInNewContext(fs.readFileSync(path.join(dir, f), "utf8"), sandbox, { filename: f });
const buildUrl = load("connectionBuilder.js");
const buildProps = load("connectionProperties.js");
const PAT = "PAT-do-not-log-0123456789";

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, "url_cases.json"), "utf8"));
let n = 0;
for (const c of cases) {
  const attr = {
    class: "onestream_jdbc", server: c.server, port: c.port, "v-application": c.application,
    sslmode: c.sslmode, authentication: "auth-pass", username: "someone", password: PAT,
    "v-properties": c.properties,
  };
  if (c.error) {
    assert.throws(() => buildUrl(attr), (e) => typeof e.message === "string" && !e.message.includes(PAT), "expected an error for " + JSON.stringify(c));
  } else {
    const out = buildUrl(attr);
    assert.ok(Array.isArray(out) && out.length === 1, "builder returns one URL");
    assert.strictEqual(out[0], c.url);
    assert.ok(!out[0].includes(PAT) && !/password|secret/i.test(out[0]), "no secret in the URL");
  }
  const props = buildProps(attr);
  assert.deepStrictEqual(Object.keys(props), ["password"], "only password in the properties");
  assert.strictEqual(props.password, PAT);
  n++;
}
assert.strictEqual(Object.keys(buildProps({ password: "" })).length, 0, "no empty password property");
console.log("connectionBuilder.js / connectionProperties.js: " + n + " cases passed");
